"""PV-following (smart) charging of plug-in sessions on an hourly grid.

Sessions, their windows and immediate charging are in :mod:`workbench.fleet.schedule`
(``session_hours``, ``immediate_schedule``, ``profile``, ``unserved``).

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

from workbench.core.hourly import check_hourly_utc
from workbench.fleet.schedule import fill_in_order, session_hours


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
    out = first + fill_in_order(limit - first, rest[s], group_start)
    hours["energy_kwh"] = out
    return hours
