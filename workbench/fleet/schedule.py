"""Charging schedules of plug-in sessions on an hourly UTC grid: the windows and immediate charging.

A session is one plug-in of one vehicle: ``plug_in_utc``, ``plug_out_utc``, ``energy_kwh`` at
the socket and ``charger_kw``. In hour ``h`` a session can take at most
``charger_kw × (hours of h inside [plug_in, plug_out])`` [kWh], so it never charges outside
its window nor above the charger's power (:func:`session_hours`).

**Immediate** charging starts at plug-in at full power until the energy is delivered (what an
unmanaged depot does; :func:`immediate_schedule`). The fleet's hourly depot load
(:func:`workbench.fleet.charging.charging_profile`) and the solar-meets-fleet matching
(:mod:`workbench.match.smart`, which adds PV-following smart charging) both schedule through
here.

The grid is one year: a window that runs past its last hour continues at its first hour
(31 December evening to 1 January morning of the same year), so no energy is lost at the year's
edge. A session that cannot take its energy within its window
(``energy_kwh > charger_kw × window``) gets what the window allows; the shortfall is reported
by :func:`unserved`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.hourly import HOUR, check_hourly_utc

SESSION_COLUMNS = ["vehicle_id", "depot", "plug_in_utc", "plug_out_utc", "energy_kwh", "charger_kw"]


def _check_sessions(sessions: pd.DataFrame, source: str) -> None:
    missing = [c for c in SESSION_COLUMNS if c not in sessions.columns]
    if missing:
        raise InputError([Problem(source, f"columns {SESSION_COLUMNS}", column=c) for c in missing])
    problems = []
    for col in ("energy_kwh", "charger_kw"):
        values = pd.to_numeric(sessions[col], errors="coerce").to_numpy(dtype=float)
        for i in np.flatnonzero(~np.isfinite(values) | (values < 0)):
            problems.append(
                Problem(
                    source, "a number >= 0", row=int(i) + 1, column=col, value=sessions[col].iloc[i]
                )
            )
    start = pd.to_datetime(sessions["plug_in_utc"], utc=True)
    end = pd.to_datetime(sessions["plug_out_utc"], utc=True)
    for i in np.flatnonzero(
        (end <= start).to_numpy() | start.isna().to_numpy() | end.isna().to_numpy()
    ):
        problems.append(
            Problem(
                source,
                "plug_out_utc after plug_in_utc",
                row=int(i) + 1,
                column="plug_out_utc",
                value=str(end.iloc[i]),
            )
        )
    if problems:
        raise InputError(problems, summary=f"{source}: invalid charging sessions")


def session_hours(sessions: pd.DataFrame, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Every (session, hour) pair of every plug-in window with its energy limit.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Columns :data:`SESSION_COLUMNS`; times timezone-aware or UTC.
    index : pandas.DatetimeIndex
        Hourly UTC grid of one year (typical year on a calendar year).

    Returns
    -------
    pandas.DataFrame
        Columns ``session`` (row position in ``sessions``), ``hour`` (position in ``index``,
        wrapped at the year's end), ``overlap_h`` (hours of the window in that hour [h]) and
        ``limit_kwh`` = ``charger_kw × overlap_h`` [kWh], ordered by session then time.
    """
    check_hourly_utc(index, "hourly grid")
    _check_sessions(sessions, "charging sessions")
    n = len(index)
    t0 = index[0].value
    hour_ns = HOUR.value
    start = (
        pd.to_datetime(sessions["plug_in_utc"], utc=True)
        .to_numpy("datetime64[ns]")
        .astype(np.int64)
        - t0
    )
    end = (
        pd.to_datetime(sessions["plug_out_utc"], utc=True)
        .to_numpy("datetime64[ns]")
        .astype(np.int64)
        - t0
    )
    first = np.floor_divide(start, hour_ns)
    last = -np.floor_divide(-end, hour_ns)  # ceil
    outside = np.flatnonzero((first < 0) | (first >= n) | (last - first > n))
    if outside.size:
        raise InputError(
            [
                Problem(
                    "charging sessions",
                    f"a plug-in between {index[0]} and {index[-1]} and a window shorter than a year",
                    row=int(i) + 1,
                    column="plug_in_utc",
                    value=str(sessions["plug_in_utc"].iloc[i]),
                )
                for i in outside
            ]
        )
    counts = (last - first).astype(np.int64)
    session = np.repeat(np.arange(len(sessions)), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    hour_abs = np.repeat(first, counts) + offset
    lo = np.maximum(np.repeat(start, counts), hour_abs * hour_ns)
    hi = np.minimum(np.repeat(end, counts), (hour_abs + 1) * hour_ns)
    overlap = (hi - lo) / hour_ns
    power = pd.to_numeric(sessions["charger_kw"]).to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "session": session,
            "hour": (hour_abs % n).astype(np.int64),
            "overlap_h": overlap,
            "limit_kwh": power[session] * overlap,
        }
    )


def fill_in_order(limit: np.ndarray, need: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Fill each group's rows in the given row order up to ``limit`` until ``need`` is met.

    ``need`` is per row (the group's need, repeated); ``group_start`` the row where each row's
    group starts. Vectorised: energy before a row is the group's cumulative limit before it.
    """
    cum = np.cumsum(limit)
    before = cum - limit - (cum - limit)[group_start]
    return np.clip(need - before, 0.0, limit)


def immediate_schedule(
    sessions: pd.DataFrame, index: pd.DatetimeIndex, hours: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Charge from plug-in at full charger power until each session's energy is delivered.

    ``hours`` may pass :func:`session_hours` of the same sessions and index, computed once.

    Returns
    -------
    pandas.DataFrame
        :func:`session_hours` with an ``energy_kwh`` column [kWh].
    """
    hours = session_hours(sessions, index) if hours is None else hours.copy()
    if hours.empty:
        return hours.assign(energy_kwh=0.0)
    energy = pd.to_numeric(sessions["energy_kwh"]).to_numpy(dtype=float)
    s = hours["session"].to_numpy()
    starts = np.r_[0, np.flatnonzero(np.diff(s)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(s)]))
    hours["energy_kwh"] = fill_in_order(hours["limit_kwh"].to_numpy(), energy[s], group_start)
    return hours


def profile(schedule: pd.DataFrame, index: pd.DatetimeIndex, by: pd.Series | None = None):
    """Hourly charging energy [kWh] from a schedule: a Series, or a DataFrame per group.

    Parameters
    ----------
    schedule : pandas.DataFrame
        Output of :func:`immediate_schedule` or :func:`smart_schedule`.
    index : pandas.DatetimeIndex
        The hourly grid the schedule was made on.
    by : pandas.Series, optional
        A label per session (e.g. ``sessions["depot"]``); gives one column per label.
    """
    n = len(index)
    h = schedule["hour"].to_numpy()
    e = schedule["energy_kwh"].to_numpy()
    if by is None:
        return pd.Series(np.bincount(h, weights=e, minlength=n), index=index, name="charging_kwh")
    codes, labels = pd.factorize(pd.Series(np.asarray(by)), sort=True)
    per = np.bincount(
        codes[schedule["session"].to_numpy()] * n + h, weights=e, minlength=n * len(labels)
    ).reshape(len(labels), n)
    cols = {label: per[i] for i, label in enumerate(labels)}
    return pd.DataFrame(cols, index=index)


def unserved(schedule: pd.DataFrame, sessions: pd.DataFrame) -> pd.Series:
    """Energy per session that did not fit in its window [kWh] (0 for feasible sessions)."""
    delivered = (
        schedule.groupby("session")["energy_kwh"]
        .sum()
        .reindex(range(len(sessions)), fill_value=0.0)
    )
    need = pd.to_numeric(sessions["energy_kwh"]).to_numpy(dtype=float)
    short = need - delivered.to_numpy()
    short[short <= 1e-9 * np.maximum(need, 1.0)] = 0.0  # floating-point rounding, not a shortfall
    return pd.Series(short, index=sessions.index, name="unserved_kwh")
