"""The workbench's hourly weather table: columns, metadata and time convention.

A *weather frame* is a :class:`pandas.DataFrame` with

* a UTC :class:`~pandas.DatetimeIndex`, one row per hour, labelled with the **start** of the
  hour it describes (8760 rows for a typical year);
* pvlib column names: ``ghi``, ``dni``, ``dhi`` [W m-2] (hour means), ``temp_air`` [°C],
  ``wind_speed`` [m s-1], ``albedo`` [-], optionally ``snow_depth`` [cm],
  ``relative_humidity`` [%], ``pressure`` [Pa] and ``snowfall`` [cm h-1];
* ``.attrs``: ``source``, ``latitude`` [°N], ``longitude`` [°E], ``altitude`` [m],
  ``period``, and ``solar_time_offset_min``: minutes to add to the index label to get the
  moment the irradiance is centred on, where the sun position is computed (30 for hour means
  labelled with the hour start; 0 when a row describes the instant of its label), and
  ``snow_depth_from_climatology`` (True when ``snow_depth`` is a monthly climatology rather
  than observations: the hourly snow models cannot use it).

:func:`solar_times` is the one place in the engine that turns that convention into the times
at which sun positions are computed; the ModelChain reference (:mod:`workbench.pv.reference`)
applies the convention on its own, so that it stays independent of the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem

REQUIRED = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
OPTIONAL = ("albedo", "snow_depth", "relative_humidity", "pressure", "snowfall")
OFFSET_ATTR = "solar_time_offset_min"
CLIMATOLOGY_SNOW_ATTR = "snow_depth_from_climatology"
# Plausible physical ranges per column [unit]; values outside are input errors.
RANGES = {
    "ghi": (0.0, 1400.0),
    "dni": (0.0, 1400.0),
    "dhi": (0.0, 900.0),
    "temp_air": (-60.0, 45.0),
    "wind_speed": (0.0, 75.0),
    "albedo": (0.0, 1.0),
    "snow_depth": (0.0, 1000.0),
    "relative_humidity": (0.0, 110.0),
    "pressure": (50000.0, 110000.0),
    "snowfall": (0.0, 100.0),
}


def solar_times(weather: pd.DataFrame) -> pd.DatetimeIndex:
    """Times [UTC] at which to compute the sun position for each row of ``weather``.

    The index plus ``weather.attrs["solar_time_offset_min"]`` (0 when absent, which is
    pvlib's convention that a row describes the instant of its label).
    """
    offset = float(weather.attrs.get(OFFSET_ATTR, 0.0))
    index = weather.index
    if not isinstance(index, pd.DatetimeIndex) or index.tz is None:
        raise InputError(
            [Problem(_name(weather), "a timezone-aware DatetimeIndex (UTC)", column="index")]
        )
    return index.tz_convert("UTC") + pd.Timedelta(minutes=offset)


def month_of_rows(weather: pd.DataFrame) -> np.ndarray:
    """Calendar month (1..12) of each row's interval start in Europe/Stockholm local time."""
    start = weather.index.tz_convert("Europe/Stockholm")
    return np.asarray(start.month, dtype=np.int8)


def local_day_of_rows(index: pd.DatetimeIndex) -> np.ndarray:
    """Day number (0-based) of each row's local calendar date in Europe/Stockholm.

    Counted on the wall-clock date, so the 23- and 25-hour days of the DST switches are one
    day each (differences of tz-aware local midnights would merge two dates in spring).
    """
    wall = index.tz_convert("Europe/Stockholm").tz_localize(None).normalize()
    return np.asarray((wall - wall[0]).days, dtype=int)


def location(weather: pd.DataFrame) -> tuple[float, float, float]:
    """(latitude [°N], longitude [°E], altitude [m]) from ``weather.attrs``."""
    missing = [k for k in ("latitude", "longitude") if k not in weather.attrs]
    if missing:
        raise InputError(
            [
                Problem(_name(weather), f"weather.attrs to hold {k!r} [degrees]", column=k)
                for k in missing
            ]
        )
    return (
        float(weather.attrs["latitude"]),
        float(weather.attrs["longitude"]),
        float(weather.attrs.get("altitude", 0.0)),
    )


def _name(weather: pd.DataFrame) -> str:
    return str(weather.attrs.get("path") or weather.attrs.get("source") or "<weather>")


def check(weather: pd.DataFrame, *, rows: int | None = None) -> None:
    """Raise one :class:`InputError` listing every problem of a weather frame.

    Checks required columns, numeric types, NaN, physical ranges, an hourly regular
    UTC index, and (when ``rows`` is given) the row count. Problems name the source and the
    row position (1-based, as ``line`` in ``attrs["first_data_line"]`` based files) and column.
    """
    name = _name(weather)
    first_line = int(weather.attrs.get("first_data_line", 1))
    problems: list[Problem] = []
    for col in REQUIRED:
        if col not in weather.columns:
            problems.append(Problem(name, f"a column named {col!r}", column=col))
    if rows is not None and len(weather) != rows:
        problems.append(Problem(name, f"{rows} hourly rows, found {len(weather)}"))
    index = weather.index
    if not isinstance(index, pd.DatetimeIndex) or index.tz is None:
        problems.append(Problem(name, "a timezone-aware DatetimeIndex (UTC)", column="index"))
    elif len(index) > 1:
        unit_s = pd.Timedelta(1, unit=index.unit).total_seconds()
        steps = np.diff(index.asi8) * unit_s
        bad = np.flatnonzero(steps != 3600.0)
        for i in bad:
            problems.append(
                Problem(
                    name,
                    "hourly steps (3600 s) between consecutive rows",
                    row=first_line + int(i) + 1,
                    column="time",
                    value=f"{index[i]} -> {index[i + 1]}",
                )
            )
    for col in [c for c in (*REQUIRED, *OPTIONAL) if c in weather.columns]:
        values = pd.to_numeric(weather[col], errors="coerce").to_numpy(dtype=float)
        raw = weather[col].to_numpy()
        bad = np.flatnonzero(~np.isfinite(values))
        for i in bad:
            problems.append(
                Problem(name, "a finite number", row=first_line + int(i), column=col, value=raw[i])
            )
        low, high = RANGES[col]
        with np.errstate(invalid="ignore"):
            out = np.flatnonzero((values < low) | (values > high))
        for i in out:
            problems.append(
                Problem(
                    name,
                    f"a value within [{low:g}, {high:g}]",
                    row=first_line + int(i),
                    column=col,
                    value=values[i],
                )
            )
    if problems:
        raise InputError(problems, summary=f"{name}: weather data is not usable")
