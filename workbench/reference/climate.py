"""Monthly climatology of the 14 municipality seats (GHI, temperature, wind, snow, albedo).

>>> from workbench.reference.climate import monthly_climatology
>>> round(monthly_climatology("Luleå")["ghi_kwh_m2"].sum())
944

The table is ``data/climate/kommun_monthly.csv``; units, sources and the derivation method
of every column are in ``data/climate/kommun_monthly.meta.yaml`` and travel in ``.attrs``.
Only the Luleå rows are measured-data based (Luleå TMYx 2009–2023); the other seats are
derived (see ``.attrs["method"]``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import yaml

from workbench.core.paths import data_path
from workbench.reference import kommuner as km

TABLE_FILE = ("climate", "kommun_monthly.csv")
META_FILE = ("climate", "kommun_monthly.meta.yaml")
VALUE_COLUMNS = [
    "ghi_kwh_m2",
    "temp_air_c",
    "wind_speed_m_s",
    "snow_depth_cm",
    "snow_cover_days",
    "albedo",
]


@cache
def _table() -> tuple[pd.DataFrame, dict]:
    df = pd.read_csv(data_path(*TABLE_FILE), dtype={"kommun_id_scb": str}, encoding="utf-8")
    with open(data_path(*META_FILE), encoding="utf-8") as f:
        meta = yaml.safe_load(f)
    return df, meta


def monthly_climatology(kommun: str | int | km.Kommun) -> pd.DataFrame:
    """Monthly climatology at the municipality seat.

    Parameters
    ----------
    kommun
        Code or name, as accepted by :func:`workbench.reference.kommuner.get`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1..12 with columns ``ghi_kwh_m2`` (monthly GHI sum [kWh m-2]),
        ``temp_air_c`` (monthly mean air temperature [°C]), ``wind_speed_m_s`` [m s-1],
        ``snow_depth_cm`` (monthly mean snow depth [cm]), ``snow_cover_days``
        (days with ≥ 1 cm snow [days]), ``albedo`` [-] and ``basis`` (measured or derived).
        ``.attrs`` holds ``kommun_id_scb``, ``kommun``, ``seat_lat``, ``seat_lon``,
        ``columns`` (unit and source per column), ``method`` and ``description``.
    """
    k = km.get(kommun)
    df, meta = _table()
    rows = df[df["kommun_id_scb"] == k.kommun_id_scb].set_index("month").sort_index()
    out = rows[[*VALUE_COLUMNS, "basis"]].copy()
    out.attrs = {
        "kommun_id_scb": k.kommun_id_scb,
        "kommun": k.name,
        "seat_lat": k.seat_lat,
        "seat_lon": k.seat_lon,
        "description": meta["description"],
        "columns": meta["columns"],
        "method": meta["method"],
        "source_file": "data/climate/kommun_monthly.csv",
    }
    return out
