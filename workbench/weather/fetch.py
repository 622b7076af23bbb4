"""Download and cache the PVGIS (ERA5) typical meteorological year of a municipality seat.

Only ``workbench weather fetch`` calls :func:`fetch_pvgis_tmy`; nothing else touches the
network. The cache is ``data/weather/pvgis_tmy_<code>.json`` (PVGIS JSON layout, readable by
``pvlib.iotools.read_pvgis_tmy``) plus ``pvgis_tmy_<code>.provenance.yaml`` with the request
URL, radiation database, years, retrieval time (UTC), pvlib version and the JSON's sha256.

PVGIS-ERA5 is requested explicitly (``raddatabase=PVGIS-ERA5``): the satellite databases do not
cover most of Norrbotten (domain-solar.md §4.1). ``pvlib.iotools.get_pvgis_tmy`` has no
``raddatabase`` argument, so the parameter is carried in the versioned base URL's query string
(``requests`` merges it with pvlib's own parameters); the database PVGIS actually used is read
back from the response and recorded.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pvlib
import yaml

from workbench.core.outputs import sha256_file, write_json, write_text
from workbench.core.paths import data_dir
from workbench.reference import kommuner as km

log = logging.getLogger(__name__)

PVGIS_API = "https://re.jrc.ec.europa.eu/api/v5_3/"
RADDATABASE = "PVGIS-ERA5"


def cache_dir() -> Path:
    """Folder of cached weather downloads (``data/weather``)."""
    return data_dir() / "weather"


def cache_paths(kommun, folder: Path | None = None) -> tuple[Path, Path]:
    """(JSON, provenance YAML) paths of a municipality's cached PVGIS TMY."""
    k = km.get(kommun)
    folder = Path(folder) if folder is not None else cache_dir()
    stem = f"pvgis_tmy_{k.kommun_id_scb}"
    return folder / f"{stem}.json", folder / f"{stem}.provenance.yaml"


def _to_pvgis_json(data: pd.DataFrame, meta: dict) -> dict:
    """The PVGIS JSON layout from ``get_pvgis_tmy(..., map_variables=False)`` output."""
    inputs = {k: v for k, v in meta["inputs"].items() if k != "descriptions"}
    records = data.reset_index(drop=True).to_dict(orient="records")
    times = data.index.tz_convert("UTC").strftime("%Y%m%d:%H%M")
    for rec, time in zip(records, times, strict=True):
        rec["time(UTC)"] = time
    extra = {k: v for k, v in meta.items() if k not in ("inputs", "months_selected")}
    return {
        "inputs": inputs,
        "outputs": {"months_selected": meta.get("months_selected", []), "tmy_hourly": records},
        "meta": {"inputs": meta["inputs"].get("descriptions", {}), **extra},
    }


def fetch_pvgis_tmy(kommun, folder: Path | None = None, timeout: float = 60) -> Path:
    """Download the PVGIS-ERA5 TMY for the municipality seat and cache it with provenance.

    Returns the cached JSON path. Raises ``requests`` errors when PVGIS is unreachable.
    """
    k = km.get(kommun)
    # pvlib requests url + "tmy": this gives .../v5_3/tmy?raddatabase=PVGIS-ERA5&_=tmy&lat=...
    url = f"{PVGIS_API}tmy?raddatabase={RADDATABASE}&_="
    data, meta = pvlib.iotools.get_pvgis_tmy(
        k.seat_lat,
        k.seat_lon,
        outputformat="json",
        usehorizon=True,
        map_variables=False,
        url=url,
        timeout=timeout,
        coerce_year=None,
    )
    json_path, prov_path = cache_paths(k, folder)
    write_json(json_path, _to_pvgis_json(data, meta))
    meteo = meta["inputs"].get("meteo_data", {})
    used_db = meteo.get("radiation_db", "unknown")
    provenance = {
        "dataset": f"pvgis_tmy_{k.kommun_id_scb}",
        "kommun": k.name,
        "kommun_id_scb": k.kommun_id_scb,
        "latitude": k.seat_lat,
        "longitude": k.seat_lon,
        "url": f"{PVGIS_API}tmy?lat={k.seat_lat}&lon={k.seat_lon}&outputformat=json"
        f"&raddatabase={RADDATABASE}",
        "raddatabase_requested": RADDATABASE,
        "raddatabase_used": used_db,
        "meteo_db": meteo.get("meteo_db", "unknown"),
        "years": f"{meteo.get('year_min', '?')}-{meteo.get('year_max', '?')}",
        "months_selected": meta.get("months_selected", []),
        "retrieved_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "pvlib_version": pvlib.__version__,
        "licence": "PVGIS (EU JRC): free to use, no restrictions",
        "file": json_path.name,
        "sha256": sha256_file(json_path),
    }
    write_text(prov_path, yaml.safe_dump(provenance, sort_keys=True, allow_unicode=True))
    if used_db != RADDATABASE:
        log.warning("PVGIS used %s instead of %s for %s", used_db, RADDATABASE, k.name)
    return json_path


def read_provenance(kommun, folder: Path | None = None) -> dict:
    """The provenance record of a cached PVGIS TMY."""
    _, prov_path = cache_paths(kommun, folder)
    with open(prov_path, encoding="utf-8") as f:
        return yaml.safe_load(f)
