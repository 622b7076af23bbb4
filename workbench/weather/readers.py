"""Read EPW (TMYx, IWEC) and PVGIS TMY (JSON, CSV) files into a weather frame.

All readers go through :mod:`pvlib.iotools`, then

1. map missing-value codes to NaN (EPW: 9999 for irradiance, 99.9 °C, 999 for wind, albedo and
   snow depth);
2. check columns, numbers, ranges, 8760 hourly rows and NaN, naming the file, the line (EPW,
   CSV) or record (JSON) and the column (:func:`workbench.weather.frame.check`);
3. fill NaN runs of at most :data:`MAX_FILL_HOURS` consecutive hours by linear interpolation in
   time, and report every filled cell in ``attrs["filled"]`` and a warning; longer runs are
   errors;
4. put the year on 1990 (a typical year, non-leap), convert to UTC and wrap the hour(s) that
   fall outside 1990 to the other end, so the index runs 1990-01-01 00:00 … 12-31 23:00 UTC;
5. set ``attrs["solar_time_offset_min"]`` from the data where they disagree with the format's
   convention by 15 min or more, else from the convention (:mod:`workbench.weather.timing`).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from workbench.core.errors import InputError, Problem
from workbench.weather import frame, sanity, timing

YEAR = 1990
ROWS = 8760
MAX_FILL_HOURS = 2
CLEAR_SKY_TOLERANCE = (0.10, 10.0)  # relative [-], absolute [W m-2]
EPW_HEADER_LINES = 8
EPW_MISSING = {
    "ghi": 9999.0,
    "dni": 9999.0,
    "dhi": 9999.0,
    "temp_air": 99.9,
    "wind_speed": 999.0,
    "albedo": 999.0,
    "snow_depth": 999.0,
    "relative_humidity": 999.0,
}
KEEP = (
    "ghi",
    "dni",
    "dhi",
    "temp_air",
    "wind_speed",
    "albedo",
    "snow_depth",
    "relative_humidity",
    "pressure",
)


def read(path: str | Path, *, time_offset: str | float = "detect") -> pd.DataFrame:
    """Read a weather file (EPW, PVGIS TMY JSON or CSV) into a weather frame.

    Parameters
    ----------
    path
        ``.epw``, PVGIS ``.json`` or PVGIS ``.csv`` file.
    time_offset
        Where the sun position belongs relative to the row label: ``"detect"`` (default: the
        timing estimated from the data where it differs from the format's convention by 15 min
        or more, else the convention), ``"convention"`` (the format's documented convention:
        EPW +30 min, PVGIS its ``irradiance_time_offset``, else 0; a disagreement of 15 min or
        more is warned about) or minutes. The detected value is always in
        ``attrs["time_offset_detected_min"]``, the rule applied in ``attrs["time_offset_rule"]``
        (``detected``, ``convention`` or ``user``).

    Returns
    -------
    pandas.DataFrame
        8760 hourly rows, UTC index 1990, columns ``ghi``, ``dni``, ``dhi`` [W m-2],
        ``temp_air`` [°C], ``wind_speed`` [m s-1] and where the file has them ``albedo`` [-],
        ``snow_depth`` [cm], ``relative_humidity`` [%], ``pressure`` [Pa]; metadata in
        ``.attrs`` (source, path, latitude, longitude, altitude, period, time convention).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: weather file not found")
    kind = _kind(path)
    if kind == "epw":
        data, attrs, format_offset = _read_epw(path)
    else:
        data, attrs, format_offset = _read_pvgis(path, kind)
    attrs["path"] = str(path)
    data.attrs = attrs
    data = _coerce_year(data)
    data = _fill_small_gaps(data, attrs)
    frame.check(data, rows=ROWS)
    data = _to_typical_utc_year(data)
    detected = timing.estimate_offset_min(data.index, data["ghi"].to_numpy(), attrs["longitude"])
    offset, rule, note = timing.resolve_offset(time_offset, format_offset, detected, str(path))
    solpos = sanity.solar_position(data, attrs, offset)
    sanity.check_irradiance(data, attrs, offset_min=offset, rule=rule, solpos=solpos,
                            format_offset_min=format_offset, detected_min=detected)  # fmt: skip
    data.attrs = {
        **attrs,
        "hours_above_clear_sky": hours_above_clear_sky(data, attrs, offset, solpos),
        frame.OFFSET_ATTR: offset,
        "time_offset_format_min": format_offset,
        "time_offset_detected_min": detected,
        "time_offset_rule": rule,
        "time_convention": note,
    }
    return data


@dataclass(frozen=True)
class WeatherFile(os.PathLike):
    """A weather file and where its sun belongs (``time_offset``, as :func:`read` takes it).

    What the commands pass down when a user gives ``--weather FILE --time-offset X``; it is a
    path-like object, so manifests hash it like any input file.
    """

    path: Path
    time_offset: str | float = "detect"

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def read(self) -> pd.DataFrame:
        """The weather frame (:func:`read`)."""
        return read(self.path, time_offset=self.time_offset)


def weather_file(
    path: str | Path | None, time_offset: str | float = "detect"
) -> WeatherFile | None:
    """``WeatherFile(path, time_offset)``, or ``None`` when ``path`` is empty (typical year)."""
    if path is None or str(path) == "":
        return None
    return WeatherFile(Path(path), timing.parse_time_offset(time_offset))


def hours_above_clear_sky(
    data: pd.DataFrame, attrs: dict, offset_min: float, solpos: pd.DataFrame | None = None
) -> int:
    """Hours whose GHI exceeds the clear-sky GHI by more than the tolerance (data quality note).

    Clear sky: pvlib Ineichen with the Linke turbidity climatology at the applied solar time;
    tolerance ``CLEAR_SKY_TOLERANCE`` (10 % + 10 W m-2, for cloud enhancement and the
    climatological turbidity). Reported in ``attrs``, not an error: real hourly data exceed a
    climatological clear sky now and then. ``solpos``: :func:`sanity.solar_position` for
    ``offset_min`` (computed by pvlib when not given).
    """
    loc = pvlib.location.Location(attrs["latitude"], attrs["longitude"], altitude=attrs["altitude"])
    times = data.index + pd.Timedelta(minutes=offset_min)
    clear = loc.get_clearsky(times, model="ineichen", solar_position=solpos)
    ratio, add = CLEAR_SKY_TOLERANCE
    limit = clear["ghi"].to_numpy() * (1 + ratio) + add
    return int(np.sum(data["ghi"].to_numpy() > limit))


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".epw":
        return "epw"
    if suffix == ".json":
        return "pvgis_json"
    if suffix == ".csv":
        return "pvgis_csv"
    raise InputError([Problem(str(path), "a .epw, PVGIS .json or PVGIS .csv weather file")])


def _parse_error(path: Path, exc: Exception) -> InputError:
    return InputError(
        [Problem(str(path), f"a readable weather file ({type(exc).__name__}: {exc})")],
        summary=f"{path}: cannot parse",
    )


def _read_epw(path: Path) -> tuple[pd.DataFrame, dict, float]:
    try:
        raw, meta = pvlib.iotools.read_epw(path, coerce_year=YEAR)
    except Exception as exc:  # pvlib raises many types on malformed files
        raise _parse_error(path, exc) from None
    data = raw[[c for c in KEEP if c in raw.columns]].copy()
    for col, code in EPW_MISSING.items():
        if col in data.columns:
            values = pd.to_numeric(data[col], errors="coerce")
            data[col] = data[col].where(~(values >= code), np.nan)
    if "albedo" in data.columns and data["albedo"].isna().all():
        data = data.drop(columns="albedo")  # no albedo in the file: the system's default applies
    if "snow_depth" in data.columns and data["snow_depth"].isna().all():
        data = data.drop(columns="snow_depth")
    comments = _epw_period(path)
    attrs = {
        "source": f"EPW {meta.get('data_type', '')} {meta.get('city', '')} "
        f"WMO {meta.get('WMO_code', '')}".strip(),
        "format": "epw",
        "latitude": float(meta["latitude"]),
        "longitude": float(meta["longitude"]),
        "altitude": float(meta["altitude"]),
        "period": comments,
        "first_data_line": EPW_HEADER_LINES + 1,
        "utc_offset_h": float(meta["TZ"]),
    }
    return data, attrs, 30.0


def _epw_period(path: Path) -> str:
    with open(path, encoding="latin-1") as f:
        header = [next(f, "") for _ in range(EPW_HEADER_LINES)]
    for line in header:
        if "Period of Record" in line:
            return line.split("Period of Record=")[1].split(";")[0].strip()
    return "typical year (period not stated)"


def _read_pvgis(path: Path, kind: str) -> tuple[pd.DataFrame, dict, float]:
    try:
        raw, meta = pvlib.iotools.read_pvgis_tmy(path, map_variables=True)
    except Exception as exc:
        raise _parse_error(path, exc) from None
    inputs = meta.get("inputs", meta)
    loc = inputs.get("location", inputs)
    lat = float(loc.get("latitude"))
    lon = float(loc.get("longitude"))
    alt = float(loc.get("elevation", 0.0))
    offset_h = loc.get("irradiance_time_offset", loc.get("irradiance time offset"))
    offset_h = float(offset_h or 0.0)
    meteo = inputs.get("meteo_data", {}) if isinstance(inputs, dict) else {}
    db = meteo.get("radiation_db", "PVGIS")
    years = f"{meteo.get('year_min', '?')}-{meteo.get('year_max', '?')}"
    data = raw[[c for c in KEEP if c in raw.columns]].copy()
    first_line = _pvgis_csv_first_line(path) if kind == "pvgis_csv" else 1
    attrs = {
        "source": f"PVGIS TMY ({db}, meteo {meteo.get('meteo_db', '?')})",
        "format": kind,
        "latitude": lat,
        "longitude": lon,
        "altitude": alt,
        "period": years,
        "first_data_line": first_line,
        "irradiance_time_offset_h": offset_h,
    }
    return data, attrs, round(offset_h * 60.0, 1)


def _pvgis_csv_first_line(path: Path) -> int:
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if line.startswith("time(UTC)"):
                return number + 1
    return 1


def _fill_small_gaps(data: pd.DataFrame, attrs: dict) -> pd.DataFrame:
    """Interpolate NaN runs ≤ MAX_FILL_HOURS in numeric columns; record what was filled."""
    filled = []
    out = data.copy()
    for col in out.columns:
        values = pd.to_numeric(out[col], errors="coerce")
        if values.isna().sum() != out[col].isna().sum():
            continue  # garbled text in the column: left for frame.check to report
        isna = values.isna().to_numpy()
        if not isna.any():
            continue
        run_id = np.cumsum(~isna)
        run_len = pd.Series(isna).groupby(run_id).transform("sum").to_numpy()
        # runs touching the first or last row are not interpolated
        fillable = isna & (run_len <= MAX_FILL_HOURS) & _run_inside(isna)
        if not fillable.any():
            continue
        interpolated = values.interpolate(method="linear", limit_area="inside")
        values = values.where(~fillable, interpolated)
        out[col] = values
        lines = (np.flatnonzero(fillable) + attrs["first_data_line"]).tolist()
        filled.append({"column": col, "lines": lines})
    if filled:
        attrs["filled"] = filled
        attrs["fill_rule"] = (
            f"NaN runs of at most {MAX_FILL_HOURS} h filled by linear interpolation in time"
        )
        cells = sum(len(f["lines"]) for f in filled)
        detail = "; ".join(f"{f['column']}: lines {f['lines'][:10]}" for f in filled)
        warnings.warn(
            f"{attrs.get('path', '<weather>')}: filled {cells} missing value(s) by linear "
            f"interpolation ({detail})",
            UserWarning,
            stacklevel=3,
        )
    out.attrs = attrs
    return out


def _run_inside(isna: np.ndarray) -> np.ndarray:
    """True for NaN cells whose run has a valid value on both sides."""
    valid = ~isna
    before = np.maximum.accumulate(np.where(valid, np.arange(len(isna)), -1))
    after = np.minimum.accumulate(np.where(valid, np.arange(len(isna)), len(isna))[::-1])[::-1]
    return (before >= 0) & (after < len(isna))


def _coerce_year(data: pd.DataFrame) -> pd.DataFrame:
    """Put every label on the typical year 1990, keeping the file's time zone."""
    attrs = dict(data.attrs)
    index = data.index
    try:
        labels = pd.DatetimeIndex([t.replace(year=YEAR) for t in index])
    except ValueError as exc:
        raise InputError(
            [Problem(attrs.get("path", "<weather>"), f"no 29 February ({exc})", column="time")]
        ) from None
    out = data.copy()
    out.index = labels
    out.attrs = attrs
    return out


def _to_typical_utc_year(data: pd.DataFrame) -> pd.DataFrame:
    """UTC index; rows that fall outside 1990 in UTC are wrapped to the other end."""
    attrs = dict(data.attrs)
    utc = data.index.tz_convert("UTC")
    shift = np.where(utc.year < YEAR, 1, np.where(utc.year > YEAR, -1, 0))
    utc = pd.DatetimeIndex(
        [t.replace(year=t.year + int(k)) if k else t for t, k in zip(utc, shift, strict=True)]
    )
    out = data.copy()
    out.index = utc
    out = out.sort_index()
    out.index.name = "time_utc"
    if out.index.has_duplicates:
        raise InputError(
            [Problem(attrs.get("path", "<weather>"), "one row per hour (duplicate times)")]
        )
    out = out.astype(float)
    out.attrs = attrs
    return out
