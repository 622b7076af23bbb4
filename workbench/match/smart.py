"""Charging schedules of plug-in sessions on an hourly grid: immediate and PV-following (smart).

A session is one plug-in of one vehicle: ``plug_in_utc``, ``plug_out_utc``, ``energy_kwh`` at
the socket and ``charger_kw``. In hour ``h`` a session can take at most
``charger_kw × (hours of h inside [plug_in, plug_out])`` [kWh], so it never charges outside
its window nor above the charger's power.

* **Immediate** charging starts at plug-in at full power until the energy is delivered (what
  an unmanaged depot does).
* **Smart** charging goes through sessions in order of plug-in and places each session's
  energy in the hours of its window with the most PV surplus left after the sessions already
  placed (never more than that surplus in any hour), then the rest as early as possible.

The grid is a typical year: a window that runs past its last hour continues at its first
hour (31 December evening to 1 January morning of the same typical year), so no energy is
lost at the year's edge. A session that cannot take its energy within its window
(``energy_kwh > charger_kw × window``) gets what the window allows; the shortfall is reported
as ``unserved_kwh``, identical for both strategies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.fleet.charging import SESSION_COLUMNS
from workbench.match.hourly import HOUR, check_hourly_utc


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


def _fill_in_order(limit: np.ndarray, need: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Fill each group's rows in the given row order up to ``limit`` until ``need`` is met.

    ``need`` is per row (the group's need, repeated); ``group_start`` the row where each row's
    group starts. Vectorised: energy before a row is the group's cumulative limit before it.
    """
    cum = np.cumsum(limit)
    before = cum - limit - (cum - limit)[group_start]
    return np.clip(need - before, 0.0, limit)


def _place_on_pv(avail: list[float], limit: list[float], need: float) -> list[float]:
    """Energy of one session in the PV hours of its window, PV-richest hours first [kWh].

    ``avail`` is the PV surplus left in each of those hours, ``limit`` the session's limit
    there. Hours are ranked by surplus, descending, earlier first on ties (a stable sort);
    each takes ``min(limit, surplus, energy still needed)``.
    """
    placed = [0.0] * len(avail)
    for i in sorted(range(len(avail)), key=avail.__getitem__, reverse=True):
        if need <= 0 or avail[i] <= 0:
            break
        take = min(limit[i], avail[i], need)
        placed[i] = take
        need -= take
    return placed


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
    hours["energy_kwh"] = _fill_in_order(hours["limit_kwh"].to_numpy(), energy[s], group_start)
    return hours


def smart_schedule(
    sessions: pd.DataFrame,
    pv_kwh: pd.Series,
    other_load_kwh: pd.Series | None = None,
    hours: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Place each session's energy in the PV-richest hours of its window.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Columns :data:`SESSION_COLUMNS`.
    pv_kwh : pandas.Series
        PV energy per hour on the hourly UTC grid of the year. [kWh]
    other_load_kwh : pandas.Series, optional
        Load that cannot move and comes first on the PV (same index). [kWh]
    hours : pandas.DataFrame, optional
        :func:`session_hours` of the same sessions on ``pv_kwh.index``, computed once.

    Returns
    -------
    pandas.DataFrame
        :func:`session_hours` with an ``energy_kwh`` column [kWh].

    Notes
    -----
    Sessions are taken in order of plug-in (ties by row). For each, ``surplus`` is PV minus
    the load already placed, floored at 0. Hours are ranked by surplus (descending, earlier
    first on ties) and filled up to ``min(limit, surplus)``; what is left goes into the
    window's remaining room in time order. Sessions whose window has no PV at all are
    scheduled immediately in one vectorised step: they cannot change any other session's
    surplus. The result delivers the same energy per session as :func:`immediate_schedule`.
    """
    index = check_hourly_utc(pv_kwh.index, "pv_kwh")
    hours = session_hours(sessions, index) if hours is None else hours.copy()
    if hours.empty:
        return hours.assign(energy_kwh=0.0)
    surplus = np.asarray(pv_kwh, dtype=float).copy()
    if other_load_kwh is not None:
        surplus -= np.asarray(other_load_kwh.reindex(index), dtype=float)
    surplus = np.maximum(surplus, 0.0)

    energy = pd.to_numeric(sessions["energy_kwh"]).to_numpy(dtype=float)
    s = hours["session"].to_numpy()
    h = hours["hour"].to_numpy()
    limit = hours["limit_kwh"].to_numpy()
    starts = np.r_[0, np.flatnonzero(np.diff(s)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(s)]))

    # Phase 1, session by session in plug-in order, only over window hours that have PV at
    # the start (no other hour can ever offer surplus). Plain Python lists: these are a few
    # hours per session, where per-call numpy overhead would dominate.
    pv_rows = np.flatnonzero(surplus[h] > 0)
    first = np.zeros(len(s))
    if len(pv_rows):
        owner = s[pv_rows]
        cut = np.r_[0, np.flatnonzero(np.diff(owner)) + 1, len(pv_rows)]
        bounds = zip(cut[:-1].tolist(), cut[1:].tolist(), strict=True)
        span = dict(zip(owner[cut[:-1]].tolist(), bounds, strict=True))
        plug_in = pd.to_datetime(sessions["plug_in_utc"], utc=True).to_numpy("datetime64[ns]")
        order = np.lexsort((np.arange(len(sessions)), plug_in)).tolist()
        free = surplus.tolist()
        rows = pv_rows.tolist()
        hour_of = h[pv_rows].tolist()
        limit_of = limit[pv_rows].tolist()
        placed_of = [0.0] * len(rows)
        need_of = energy.tolist()
        for k in order:
            if k not in span:
                continue
            lo, hi = span[k]
            hrs = hour_of[lo:hi]
            placed = _place_on_pv([free[x] for x in hrs], limit_of[lo:hi], need_of[k])
            placed_of[lo:hi] = placed
            for x, e in zip(hrs, placed, strict=True):  # hours of one window are distinct
                if e > 0:
                    free[x] = max(free[x] - e, 0.0)
        first[rows] = placed_of
    # Phase 2, vectorised: the rest as early as possible in the room left. Where phase 1
    # left energy unplaced, every PV hour of that window is full or out of surplus, so this
    # energy lands where the surplus is already 0 and cannot change another session's phase 1.
    placed_first = np.bincount(s, weights=first, minlength=len(sessions))
    rest = np.maximum(energy - placed_first, 0.0)
    out = first + _fill_in_order(limit - first, rest[s], group_start)
    hours["energy_kwh"] = out
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
