"""Monthly climatology of the 14 municipality seats (GHI, temperature, wind, snow, albedo).

>>> from workbench.reference.climate import monthly_climatology
>>> round(monthly_climatology("Luleå")["ghi_kwh_m2"].sum())
944

The table is ``data/climate/kommun_monthly.csv``; units, sources and the derivation method
of every column are in ``data/climate/kommun_monthly.meta.yaml`` and travel in ``.attrs``.
Only the Luleå rows are measured-data based (Luleå TMYx 2009–2023); every value of the other
13 seats is an ESTIMATE (``seats`` in the metadata: basis, method and ``verified: false`` per
seat and column; ``.attrs["method"]``). :func:`climatology_assumptions` turns a seat's figures
and their basis into assumption rows for the exports (worded "uppskattning" and "ej verifierad
källa" in Swedish).

>>> seat_basis("Kiruna")["columns"]["temp_air_c"]["basis"]
'estimate'
>>> is_estimate("Luleå"), is_estimate("Pajala")
(False, True)
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import yaml

from workbench import i18n
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
        (days with ≥ 1 cm snow [days]), ``albedo`` [-] and ``basis`` (``sourced (…)`` or
        ``estimate (coast|inland)``).
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
        "seat": meta["seats"][k.kommun_id_scb],
        "source_file": "data/climate/kommun_monthly.csv",
    }
    return out


def seat_basis(kommun: str | int | km.Kommun) -> dict:
    """The basis of a seat's climatology (``seats`` in ``kommun_monthly.meta.yaml``): its region,
    and per column ``basis`` (``"sourced"`` or ``"estimate"``), ``verified`` and ``method``."""
    return _table()[1]["seats"][km.get(kommun).kommun_id_scb]


def is_estimate(kommun: str | int | km.Kommun) -> bool:
    """Whether any monthly GHI or temperature value of the seat is an estimate (not sourced)."""
    columns = seat_basis(kommun)["columns"]
    return any(columns[c]["basis"] == "estimate" for c in ("ghi_kwh_m2", "temp_air_c"))


# assumption rows of a seat's climatology: (key, column, what, unit)
CLIMATOLOGY_ROWS = (
    ("ghi_annual_kwh_m2", "ghi_kwh_m2", "annual", "kWh/m²"),
    ("temp_jan_c", "temp_air_c", 1, "°C"),
    ("temp_jul_c", "temp_air_c", 7, "°C"),
)
# the measured typical year every seat's climatology is taken or derived from (its citation)
CLIMATOLOGY_CITATION = "Climate.OneBuilding.Org TMYx 2009–2023, Luleå (WMO 021860)"


def climatology_assumptions(kommun: str | int | km.Kommun, lang: str = "sv") -> pd.DataFrame:
    """The seat's climatology as assumption rows (a factor table in key form, prefix
    ``solar.climatology``): annual GHI [kWh/m²] and the January and July mean temperature [°C]
    the typical weather year is generated from, with year, source and ``verified``.

    The source is the citation of the TMYx file (:data:`CLIMATOLOGY_CITATION`); the
    ``source_note``, in ``lang``, says how the value was taken. For the 13 seats other than
    Luleå it says that the value is an
    estimate ("uppskattning") and how it was made; ``verified`` is ``False`` so that the exports
    add "ej verifierad källa" (:func:`workbench.export.excel.word_unverified`). Luleå's values are
    the TMYx file's monthly values (sourced, verified).

    >>> rows = climatology_assumptions("Arjeplog").set_index("key")
    >>> rows.loc["ghi_annual_kwh_m2", "source_note"].startswith("Uppskattning")
    True
    >>> bool(rows.loc["temp_jan_c", "verified"]), float(rows.loc["temp_jan_c", "value"])
    (False, -12.5)
    """
    lang = i18n.check_lang(lang)
    k = km.get(kommun)
    df = monthly_climatology(k)
    seat = seat_basis(k)
    year = str(_table()[1]["year"])
    rows = []
    for key, column, what, unit in CLIMATOLOGY_ROWS:
        series = df[column]
        value = round(float(series.sum()), 0) if what == "annual" else round(float(series[what]), 1)
        info = seat["columns"][column]
        text = f"climatology_{info['basis']}_{'ghi' if column == 'ghi_kwh_m2' else 'temp'}"
        rows.append({
            "key": key,
            "value": value,
            "unit": unit,
            "year": year,
            "source": CLIMATOLOGY_CITATION,
            "source_note": i18n.text(text, lang,
                                     region=i18n.text(f"region_{seat['region']}", lang)),
            "verified": bool(info["verified"]),
            "description": i18n.text(f"climatology_{key}", lang, kommun=k.name),
        })  # fmt: skip
    return pd.DataFrame(rows)
