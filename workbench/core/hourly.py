"""Hourly UTC time axes: the one check every hourly series goes through.

Every hourly function works on energy per hour [kWh] on a UTC index of whole hours; average
power over an hour [kW] and energy in that hour [kWh] are then the same number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem

HOUR = pd.Timedelta(hours=1)


def check_hourly_utc(index: pd.Index, source: str) -> pd.DatetimeIndex:
    """Return ``index`` if it is a gap-free, strictly increasing, hourly UTC DatetimeIndex.

    Raises
    ------
    workbench.core.errors.InputError
        Naming ``source`` and what is wrong with the index.
    """
    problems = []
    if not isinstance(index, pd.DatetimeIndex):
        raise InputError([Problem(source, "a pandas DatetimeIndex in UTC", value=type(index))])
    if index.tz is None or str(index.tz) != "UTC":
        problems.append(Problem(source, "a time zone-aware UTC index", value=str(index.tz)))
    if len(index) == 0:
        problems.append(Problem(source, "at least one hour"))
    elif len(index) > 1:
        steps = np.diff(index.as_unit("ns").asi8)
        bad = np.flatnonzero(steps != HOUR.value)
        for i in bad:
            problems.append(
                Problem(
                    source,
                    "consecutive whole hours (1 h steps)",
                    row=int(i) + 2,
                    value=f"{index[i]} -> {index[i + 1]}",
                )
            )
    if len(index) and (index.as_unit("ns").asi8 % HOUR.value != 0).any():
        problems.append(Problem(source, "timestamps on whole hours", value=str(index[0])))
    if problems:
        raise InputError(problems, summary=f"{source}: not an hourly UTC time axis")
    return index
