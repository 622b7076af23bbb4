"""PVGIS multi-year hourly series (``seriescalc``): fetch, cache with provenance, read, split by year.

What ``workbench weather fetch --hourly`` downloads and what the solar stage's inter-annual
band (:mod:`workbench.solar.interannual`) reads. The request is the one
``pvlib.iotools.get_pvgis_hourly`` makes (PVGIS 5.3 ``seriescalc``, ``outputformat=json``,
horizon on, no PV calculation) for a **horizontal** plane (``angle=0``) with the irradiance
components (``components=1``) and ``raddatabase=PVGIS-ERA5`` (the satellite databases do not
cover most of Norrbotten, domain-solar.md §4.1). The answer is cached as PVGIS sent it
(``data/weather/pvgis_hourly_<code>_<start>_<end>.json``, readable by
``pvlib.iotools.read_pvgis_hourly``) beside its provenance YAML (request, database and years
PVGIS used, time UTC, sha256), through :mod:`workbench.core.download`.

Reading (:func:`read_series`) goes through ``pvlib.iotools.read_pvgis_hourly`` with pvlib's
variable names. On a horizontal plane PVGIS's ``Gb(i)``/``Gd(i)`` (pvlib ``poa_direct``,
``poa_sky_diffuse``) are the horizontal beam and diffuse irradiance and ``Gr(i)`` is zero, so

* ``ghi = poa_direct + poa_sky_diffuse + poa_ground_diffuse`` [W m-2];
* ``dhi = poa_sky_diffuse + poa_ground_diffuse`` [W m-2];
* ``dni = pvlib.irradiance.dni(ghi, dhi, zenith)`` [W m-2] with the apparent zenith at the
  moment the PV engine puts the sun (label + ``solar_time_offset_min``, pvlib ``nrel_numpy`` as
  in :mod:`workbench.pv.sky`), so the engine's horizontal beam is PVGIS's ``Gb(i)``; capped near
  the horizon at 1.1 × the Ineichen clear-sky DNI (80°-88° zenith, pvlib's rule) and zero from
  88° (pvlib sets NaN there; the beam lost is reported in ``attrs["beam_dropped_kwh_m2"]``).
  PVGIS's own sun height ``H_sun`` (pvlib ``solar_elevation``) checks the time convention:
  :func:`h_sun_offset_min` (``attrs["h_sun_offset_min"]``), warned about when it differs from
  the applied offset by 15 min or more.

The series keeps its real years (UTC index, leap days included); ``albedo`` and ``snow_depth``
come from the seat's monthly climatology, as for the PVGIS typical year. Where the sun belongs
in each hour is chosen as in :func:`workbench.weather.read` (``time_offset="detect"``), with
PVGIS's time stamp as the format convention (offset 0: the time printed is the moment of the
irradiance; PVGIS writes e.g. ``20190101:0010`` for SARAH, and pvlib keeps the minutes).
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from workbench.core.download import (
    DownloadError,
    Fetched,
    Request,
    Retry,
    Source,
    Transport,
    fetch,
    provenance_path,
    read_provenance,
)
from workbench.core.errors import InputError, Problem
from workbench.reference import kommuner as km
from workbench.reference.climate import monthly_climatology
from workbench.weather import frame, timing
from workbench.weather.fetch import (
    LICENCE,
    MAX_AGE_DAYS,
    PVGIS_API,
    RADDATABASE,
    cache_dir,
    meteo_facts,
    read_answer,
    seat_extra,
)
from workbench.weather.frame import CLIMATOLOGY_SNOW_ATTR, month_of_rows

log = logging.getLogger(__name__)

# PVGIS 5.3 hourly radiation: PVGIS-ERA5 and PVGIS-SARAH3 both cover 2005-2023 (JRC, PVGIS 5.3
# release notes and "PVGIS data sources & calculation methods", 2024)
FIRST_YEAR, LAST_YEAR = 2005, 2023
PREFIX = "pvgis_hourly"
# pvlib names of the PVGIS columns the series needs (pvlib.iotools.pvgis.VARIABLE_MAP)
NEEDED = ("poa_direct", "poa_sky_diffuse", "solar_elevation", "temp_air", "wind_speed")
ZERO_DNI_ZENITH_DEG = 88.0  # pvlib.irradiance.dni zenith_threshold_for_zero_dni (pvlib 0.16)
CLEARSKY_TOLERANCE = 1.1  # pvlib.irradiance.dni clearsky_tolerance default (pvlib 0.16)


def hours_in(year: int) -> int:
    """Hours of a calendar year: 8784 in a leap year, else 8760."""
    return 8784 if pd.Timestamp(year=year, month=1, day=1).is_leap_year else 8760


def _check_years(start: int, end: int) -> None:
    if not (FIRST_YEAR <= start <= end <= LAST_YEAR):
        raise ValueError(
            f"years {start}-{end}: PVGIS 5.3 hourly series cover {FIRST_YEAR}-{LAST_YEAR}; "
            "give a first year not after the last"
        )


def cache_paths(kommun, start: int = FIRST_YEAR, end: int = LAST_YEAR,
                folder: Path | None = None) -> tuple[Path, Path]:  # fmt: skip
    """(JSON, provenance YAML) of a municipality's cached PVGIS hourly series ``start``-``end``."""
    k = km.get(kommun)
    folder = Path(folder) if folder is not None else cache_dir()
    path = folder / f"{PREFIX}_{k.kommun_id_scb}_{start}_{end}.json"
    return path, provenance_path(path)


def find_cached(kommun, folder: Path | None = None) -> Path | None:
    """The municipality's cached multi-year series (with its provenance), or ``None``.

    With several cached ranges the longest wins, then the latest; a file without its
    provenance YAML is not a finished download and is ignored.
    """
    k = km.get(kommun)
    folder = Path(folder) if folder is not None else cache_dir()
    found = []
    for path in sorted(folder.glob(f"{PREFIX}_{k.kommun_id_scb}_*_*.json")):
        parts = path.stem.split("_")
        if not provenance_path(path).exists() or not all(p.isdigit() for p in parts[-2:]):
            continue
        start, end = int(parts[-2]), int(parts[-1])
        found.append((end - start, end, path))
    return max(found)[2] if found else None


def source(kommun, start: int = FIRST_YEAR, end: int = LAST_YEAR) -> Source:
    """The PVGIS hourly series (horizontal plane, components) of the municipality seat."""
    _check_years(start, end)
    k = km.get(kommun)
    params = (
        ("lat", str(k.seat_lat)),
        ("lon", str(k.seat_lon)),
        ("outputformat", "json"),
        ("angle", "0"),
        ("aspect", "0"),
        ("pvcalculation", "0"),
        ("components", "1"),
        ("usehorizon", "1"),
        ("raddatabase", RADDATABASE),
        ("startyear", str(start)),
        ("endyear", str(end)),
    )
    request = Request(
        url=f"{PVGIS_API}seriescalc",
        description=f"PVGIS hourly series {start}-{end} for {k.name} ({k.seat_lat} N, "
        f"{k.seat_lon} E)",
        params=params,
        timeout_s=300,
    )
    return Source(
        request=request,
        check=lambda path: _check(path, start, end),
        licence=LICENCE,
        max_age_days=MAX_AGE_DAYS,
        extra={
            **seat_extra(k, f"{PREFIX}_{k.kommun_id_scb}_{start}_{end}", request),
            "years_requested": f"{start}-{end}",
        },
    )


def _check(path: Path, start: int, end: int) -> dict:
    """The answer is a complete horizontal PVGIS hourly series of every year asked for."""
    asked = f"PVGIS hourly answer {path.name}"
    todo = (
        "a PVGIS seriescalc answer in JSON; PVGIS may have changed its format: report it to "
        "the maintainers"
    )
    data, meta = read_answer(path, asked, todo, pvlib.iotools.read_pvgis_hourly,
                             pvgis_format="json", map_variables=True)  # fmt: skip
    missing = [c for c in NEEDED if c not in data.columns]
    if missing:
        raise DownloadError(asked, f"no column(s) {missing} (pvlib names)", todo)
    counts = data.index.year.value_counts()
    wrong = {y: int(counts.get(y, 0)) for y in range(start, end + 1)
             if counts.get(y, 0) != hours_in(y)}  # fmt: skip
    if wrong:
        detail = ", ".join(f"{y}: {n} h" for y, n in wrong.items())
        raise DownloadError(
            asked,
            f"incomplete years ({detail})",
            f"every hour of {start}-{end} (8760 h a year, 8784 in leap years; {todo})",
        )
    inputs = meta.get("inputs", {})
    slope = (inputs.get("mounting_system", {}).get("fixed", {}).get("slope", {}) or {}).get("value")
    if slope not in (None, 0, 0.0):
        raise DownloadError(asked, f"plane slope {slope}°", f"a horizontal plane (angle=0; {todo})")
    return {**meteo_facts(meta), "n_hours": len(data)}


def fetch_pvgis_hourly(
    kommun,
    start: int = FIRST_YEAR,
    end: int = LAST_YEAR,
    folder: Path | None = None,
    *,
    refresh: bool = False,
    transport: Transport | None = None,
    retry: Retry = Retry(),
) -> Fetched:
    """The PVGIS-ERA5 hourly series ``start``-``end`` of the seat: from the cache or downloaded.

    Raises :class:`workbench.core.download.DownloadError` when PVGIS cannot be reached or
    answers with something other than a complete series (a cut-off answer is retried).
    """
    k = km.get(kommun)
    path, _ = cache_paths(k, start, end, folder)
    fetched = fetch(source(k, start, end), path, refresh=refresh, transport=transport,
                    retry=retry)  # fmt: skip
    used_db = fetched.provenance.get("raddatabase_used")
    if used_db != RADDATABASE:
        log.warning("PVGIS used %s instead of %s for %s", used_db, RADDATABASE, k.name)
    return fetched


def read_series(path: str | Path, kommun=None, *, time_offset="detect") -> pd.DataFrame:
    """A cached PVGIS hourly series as one weather frame over all its years (UTC index).

    Columns ``ghi``, ``dni``, ``dhi`` [W m-2], ``temp_air`` [°C], ``wind_speed`` [m s-1], and,
    with ``kommun``, ``albedo`` [-] and ``snow_depth`` [cm] of its monthly climatology; see the
    module docstring for the conversion. ``attrs``: source (database), period (years), location,
    time convention, ``beam_dropped_kwh_m2`` and the provenance when the YAML is beside the file.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no PVGIS hourly series here")
    raw, meta = _read(path)
    inputs = meta.get("inputs", {})
    loc = inputs.get("location", {})
    meteo = inputs.get("meteo_data", {})
    lat, lon = float(loc["latitude"]), float(loc["longitude"])
    alt = float(loc.get("elevation", 0.0))
    ground = raw["poa_ground_diffuse"] if "poa_ground_diffuse" in raw else 0.0
    dhi = raw["poa_sky_diffuse"] + ground
    data = pd.DataFrame(
        {
            "ghi": raw["poa_direct"] + dhi,
            "dni": 0.0,  # below, at the sun the PV engine will use
            "dhi": dhi,
            "temp_air": raw["temp_air"],
            "wind_speed": raw["wind_speed"],
        },
        index=pd.DatetimeIndex(raw.index.tz_convert("UTC"), name="time_utc"),
    ).astype(float)
    db = meteo.get("radiation_db", "PVGIS")
    years = f"{data.index.year.min()}-{data.index.year.max()}"
    data.attrs = {"source": f"PVGIS hourly ({db}, meteo {meteo.get('meteo_db', '?')})",
                  "format": "pvgis_hourly_json", "path": str(path), "latitude": lat,
                  "longitude": lon, "altitude": alt, "period": years,
                  "raddatabase": db, "first_data_line": 1}  # fmt: skip
    detected = timing.estimate_offset_min(data.index, data["ghi"].to_numpy(), lon)
    offset, rule, note = timing.resolve_offset(time_offset, 0.0, detected, str(path))
    data.attrs[frame.OFFSET_ATTR] = offset
    times = frame.solar_times(data)
    site = pvlib.location.Location(lat, lon, altitude=alt, tz="UTC")
    sun = site.get_solarposition(
        times, method="nrel_numpy", temperature=data["temp_air"].to_numpy()
    )
    clear = site.get_clearsky(times, "ineichen", solar_position=sun)
    dni = pvlib.irradiance.dni(data["ghi"], data["dhi"], sun["apparent_zenith"],
                               dni_clear=clear["dni"], clearsky_tolerance=CLEARSKY_TOLERANCE,
                               zenith_threshold_for_zero_dni=ZERO_DNI_ZENITH_DEG)  # fmt: skip
    dropped = dni.isna().to_numpy() & (raw["poa_direct"].to_numpy() > 0)
    data["dni"] = dni.fillna(0.0).to_numpy()
    h_sun_offset = h_sun_offset_min(raw["solar_elevation"], lat, lon)
    if abs(h_sun_offset - offset) >= timing.DISAGREEMENT_MIN:
        warnings.warn(
            f"{path}: PVGIS's sun height H_sun matches the sun {h_sun_offset:g} min after the "
            f"time stamps, the irradiance was placed {offset:g} min after them ({note}); "
            "check the time convention (--time-offset)",
            UserWarning,
            stacklevel=2,
        )
    data.attrs.update(
        {
            "beam_dropped_kwh_m2": round(float(raw["poa_direct"][dropped].sum()) / 1000.0, 3),
            "h_sun_offset_min": h_sun_offset,
            "time_offset_format_min": 0.0,
            "time_offset_detected_min": detected,
            "time_offset_rule": rule,
            "time_convention": note,
        }
    )
    frame.check(data)
    if provenance_path(path).exists():
        data.attrs["provenance"] = read_provenance(path)
    if kommun is not None:
        add_climatology(data, km.get(kommun))
    return data


def h_sun_offset_min(h_sun: pd.Series, latitude: float, longitude: float) -> float:
    """Minutes after the time stamps at which pvlib's solar elevation best matches PVGIS's
    ``H_sun`` (least squares over the first year's hours with the sun above 5°, steps of
    5 min within ±60 min): PVGIS's own time convention, a check on the one applied."""
    first = h_sun[h_sun.index.year == h_sun.index.year[0]]
    up = first[first > 5.0]
    if up.empty:
        return 0.0
    steps = np.arange(-60.0, 61.0, 5.0)
    errors = []
    for minutes in steps:
        times = up.index + pd.Timedelta(minutes=float(minutes))
        sun = pvlib.solarposition.get_solarposition(times, latitude, longitude,
                                                    method="nrel_numpy")  # fmt: skip
        errors.append(float(np.mean((sun["elevation"].to_numpy() - up.to_numpy()) ** 2)))
    return float(steps[int(np.argmin(errors))])


def _read(path: Path) -> tuple[pd.DataFrame, dict]:
    """pvlib's reader, its failures as an :class:`InputError` naming the file."""
    try:
        raw, meta = pvlib.iotools.read_pvgis_hourly(path, pvgis_format="json", map_variables=True)
    except Exception as exc:  # json and pvlib raise many types on a damaged file
        raise InputError(
            [Problem(str(path), f"a PVGIS hourly JSON ({type(exc).__name__}: {exc})")],
            summary=f"{path}: cannot parse",
        ) from None
    missing = [c for c in NEEDED if c not in raw.columns]
    if missing:
        raise InputError(
            [Problem(str(path), f"PVGIS column {c!r} (pvlib name)", column=c) for c in missing]
        )
    return raw, meta


def add_climatology(data: pd.DataFrame, kommun: km.Kommun) -> pd.DataFrame:
    """``albedo`` [-] and ``snow_depth`` [cm] of each row's month from the seat's monthly
    climatology (``data/climate/kommun_monthly.csv``), in place; marks the snow depth as
    climatological (:data:`~workbench.weather.frame.CLIMATOLOGY_SNOW_ATTR`)."""
    clim = monthly_climatology(kommun)
    month = month_of_rows(data)
    data["albedo"] = clim["albedo"].to_numpy()[month - 1]
    data["snow_depth"] = clim["snow_depth_cm"].to_numpy()[month - 1]
    data.attrs.update(
        {
            "kommun_id_scb": kommun.kommun_id_scb,
            "kommun": kommun.name,
            "albedo_source": "monthly albedo and snow depth of data/climate/kommun_monthly.csv",
            CLIMATOLOGY_SNOW_ATTR: True,
        }
    )
    return data


def stale_note(series: pd.DataFrame, now: dt.datetime | None = None) -> str | None:
    """What to do when the series' download is older than the cache's limit
    (:data:`~workbench.weather.fetch.MAX_AGE_DAYS`), else ``None``."""
    retrieved = (series.attrs.get("provenance") or {}).get("retrieved_utc")
    if not retrieved:
        return None
    when = dt.datetime.fromisoformat(str(retrieved).replace("Z", "+00:00"))
    age = ((now or dt.datetime.now(dt.UTC)) - when).total_seconds() / 86400.0
    if age <= MAX_AGE_DAYS:
        return None
    kommun = series.attrs.get("kommun", "the municipality")
    return (
        f"{series.attrs.get('path')}: the PVGIS hourly series of {kommun} was retrieved "
        f"{retrieved}, {age:.0f} days ago (more than {MAX_AGE_DAYS}); PVGIS may have a newer "
        "release: run `workbench weather fetch --hourly --refresh` for it"
    )


def by_year(series: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The series split into calendar years (UTC), each a weather frame with the series' attrs
    and ``period`` set to its year; a year with missing hours is refused."""
    years = series.index.year
    out = {}
    for year in sorted(set(years)):
        part = series.loc[years == year].copy()
        if len(part) != hours_in(year):
            raise InputError(
                [Problem(str(series.attrs.get("path", "<series>")),
                         f"{hours_in(year)} hourly rows in {year}", value=f"{len(part)} rows")]
            )  # fmt: skip
        part.attrs = {**series.attrs, "period": str(year)}
        out[int(year)] = part
    return out
