"""``typical_year(kommun, source)``: one typical year of hourly weather for a municipality."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from workbench.reference import kommuner as km
from workbench.weather import embedded, fetch, readers, series

SOURCES = ("embedded", "pvgis")


@cache
def _embedded(code: str) -> pd.DataFrame:
    return embedded.generate(code)


def typical_year(
    kommun, source: str = "embedded", *, folder: Path | None = None, time_offset="detect"
) -> pd.DataFrame:
    """One typical year of hourly weather at the municipality seat (8760 rows, UTC index).

    Parameters
    ----------
    kommun
        Code or name (:func:`workbench.reference.kommuner.get`).
    source
        ``"embedded"`` (offline, generated from ``data/climate``; see
        :mod:`workbench.weather.embedded`) or ``"pvgis"`` (the PVGIS-ERA5 TMY cached by
        ``workbench weather fetch --kommun X``).
    folder
        Cache folder for ``"pvgis"`` (default ``data/weather``).
    time_offset
        Passed to :func:`workbench.weather.read` for ``"pvgis"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``ghi``, ``dni``, ``dhi`` [W m-2], ``temp_air`` [°C], ``wind_speed`` [m s-1],
        ``albedo`` [-], ``snow_depth`` [cm]; ``.attrs`` with source, latitude, longitude,
        altitude, period and the time convention. PVGIS has no albedo or snow: those come
        from the monthly climatology (``attrs["albedo_source"]``).
    """
    k = km.get(kommun)
    if source == "embedded":
        data = _embedded(k.kommun_id_scb)
        out = data.copy()
        out.attrs = {**data.attrs}
        return out
    if source != "pvgis":
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    json_path, provenance_path = fetch.cache_paths(k, folder)
    if not json_path.exists():
        raise FileNotFoundError(
            f"{json_path}: no cached PVGIS TMY for {k.name}. Run "
            f"`workbench weather fetch --kommun {k.name_ascii}` (needs the network) or use "
            "source='embedded'."
        )
    data = series.add_climatology(readers.read(json_path, time_offset=time_offset), k)
    provenance = fetch.read_provenance(k, folder) if provenance_path.exists() else {}
    data.attrs.update(
        {
            "source": f"PVGIS TMY ({provenance.get('raddatabase_used', 'database unknown')})",
            "period": provenance.get("years", data.attrs.get("period")),
            "provenance": provenance,
        }
    )
    return data
