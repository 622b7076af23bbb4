"""Download and cache the PVGIS (ERA5) typical meteorological year of a municipality seat.

Only ``workbench weather fetch`` (also ``workbench fetch weather``) calls
:func:`fetch_pvgis_tmy`; the download itself goes through :mod:`workbench.core.download`
(cache, bounded retries, provenance, clear errors). The cache is
``data/weather/pvgis_tmy_<code>.json``, exactly the JSON PVGIS sent (readable by
``pvlib.iotools.read_pvgis_tmy``), plus ``pvgis_tmy_<code>.provenance.yaml`` with the request
URL, radiation database, years, retrieval time (UTC), pvlib version and the JSON's sha256.
A second call is answered from the cache unless ``refresh``.

PVGIS-ERA5 is requested explicitly (``raddatabase=PVGIS-ERA5``): the satellite databases do not
cover most of Norrbotten (domain-solar.md §4.1). The database PVGIS actually used is read back
from the answer and recorded. The request is the one ``pvlib.iotools.get_pvgis_tmy`` makes
(``tmy?lat=..&lon=..&outputformat=json``, horizon on by default) plus ``raddatabase``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pvlib

from workbench.core.download import (
    DownloadError,
    Fetched,
    Request,
    Retry,
    RetryableError,
    Source,
    Transport,
    fetch,
    provenance_path,
)
from workbench.core.download import read_provenance as _read_provenance
from workbench.core.paths import data_dir
from workbench.reference import kommuner as km

log = logging.getLogger(__name__)

PVGIS_API = "https://re.jrc.ec.europa.eu/api/v5_3/"
RADDATABASE = "PVGIS-ERA5"
MAX_AGE_DAYS = 365  # PVGIS publishes a new version every year or two; older copies are reported
LICENCE = "PVGIS (EU JRC): free to use, no restrictions"
HOURS = 8760


def cache_dir() -> Path:
    """Folder of cached weather downloads (``data/weather``)."""
    return data_dir() / "weather"


def cache_paths(kommun, folder: Path | None = None) -> tuple[Path, Path]:
    """(JSON, provenance YAML) paths of a municipality's cached PVGIS TMY."""
    k = km.get(kommun)
    folder = Path(folder) if folder is not None else cache_dir()
    json_path = folder / f"pvgis_tmy_{k.kommun_id_scb}.json"
    return json_path, provenance_path(json_path)


def source(kommun) -> Source:
    """The PVGIS TMY download for the municipality seat."""
    k = km.get(kommun)
    params = (
        ("lat", str(k.seat_lat)),
        ("lon", str(k.seat_lon)),
        ("outputformat", "json"),
        ("raddatabase", RADDATABASE),
    )
    request = Request(
        url=f"{PVGIS_API}tmy",
        description=f"PVGIS typical year for {k.name} ({k.seat_lat} N, {k.seat_lon} E)",
        params=params,
        timeout_s=60,
    )
    return Source(
        request=request,
        check=_check,
        licence=LICENCE,
        max_age_days=MAX_AGE_DAYS,
        extra=seat_extra(k, f"pvgis_tmy_{k.kommun_id_scb}", request),
    )


def seat_extra(k: km.Kommun, dataset: str, request: Request) -> dict:
    """Provenance fields of a PVGIS download at the seat of ``k`` (data set, seat, full URL,
    database asked for, pvlib version)."""
    return {
        "dataset": dataset,
        "kommun": k.name,
        "kommun_id_scb": k.kommun_id_scb,
        "latitude": k.seat_lat,
        "longitude": k.seat_lon,
        "url": f"{request.url}?" + "&".join(f"{key}={value}" for key, value in request.params),
        "raddatabase_requested": RADDATABASE,
        "pvlib_version": pvlib.__version__,
    }


def _check(path: Path) -> dict:
    """The answer is a complete PVGIS TMY: 8760 hours; returns the database and years used."""
    asked = f"PVGIS TMY answer {path.name}"
    todo = "a PVGIS TMY in JSON; PVGIS may have changed its format: report it to the maintainers"
    data, meta = read_answer(path, asked, todo, pvlib.iotools.read_pvgis_tmy, map_variables=False)
    if len(data) != HOURS:
        raise DownloadError(asked, f"{len(data)} hourly rows", f"{HOURS} hourly rows ({todo})")
    return {**meteo_facts(meta), "months_selected": meta.get("months_selected", [])}


def read_answer(path: Path, asked: str, todo: str, reader, **options):
    """A PVGIS JSON answer read by a pvlib ``reader``: an answer cut off is worth another try
    (:class:`RetryableError`), anything else unreadable is a :class:`DownloadError`."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{"):
            raise RetryableError(asked, f"answer cut off after {len(text)} characters") from exc
        raise DownloadError(asked, f"not JSON, it begins: {text.strip()[:80]}", todo) from exc
    try:
        return reader(path, **options)
    except (KeyError, TypeError, ValueError) as exc:
        raise DownloadError(
            asked, f"unreadable PVGIS JSON ({type(exc).__name__}: {exc})", todo
        ) from exc


def meteo_facts(meta: dict) -> dict:
    """Database and years PVGIS used, from the answer's ``inputs.meteo_data``."""
    meteo = meta["inputs"].get("meteo_data", {})
    return {
        "raddatabase_used": meteo.get("radiation_db", "unknown"),
        "meteo_db": meteo.get("meteo_db", "unknown"),
        "years": f"{meteo.get('year_min', '?')}-{meteo.get('year_max', '?')}",
    }


def fetch_pvgis_tmy(
    kommun,
    folder: Path | None = None,
    *,
    refresh: bool = False,
    transport: Transport | None = None,
    retry: Retry = Retry(),
) -> Fetched:
    """The PVGIS-ERA5 TMY of the municipality seat: from the cache, or downloaded and cached.

    Returns the cached file (``.path``) with its provenance. Raises
    :class:`workbench.core.download.DownloadError` when PVGIS cannot be reached or answers
    with something other than a TMY.
    """
    k = km.get(kommun)
    json_path, _ = cache_paths(k, folder)
    fetched = fetch(source(k), json_path, refresh=refresh, transport=transport, retry=retry)
    used_db = fetched.provenance.get("raddatabase_used")
    if used_db != RADDATABASE:
        log.warning("PVGIS used %s instead of %s for %s", used_db, RADDATABASE, k.name)
    return fetched


def read_provenance(kommun, folder: Path | None = None) -> dict:
    """The provenance record of a cached PVGIS TMY."""
    json_path, _ = cache_paths(kommun, folder)
    return _read_provenance(json_path)
