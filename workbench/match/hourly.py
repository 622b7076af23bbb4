"""Hourly series of the matching: energy checks and a typical year moved onto a calendar year.

The time axis check itself is :func:`workbench.core.hourly.check_hourly_utc`.

Every matching function works on energy per hour [kWh] on a UTC index of whole hours.
Average power over an hour [kW] and energy in that hour [kWh] are the same number.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.hourly import check_hourly_utc


def check_energy(values: pd.Series, source: str) -> np.ndarray:
    """Energy per hour as float array; every NaN, infinite or negative hour is reported."""
    arr = np.asarray(values, dtype=float)
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        labels = values.index if isinstance(values, pd.Series) else np.arange(len(arr))
        raise InputError(
            [
                Problem(
                    source,
                    "a finite energy >= 0 [kWh]",
                    row=int(i) + 1,
                    value=f"{labels[i]}: {arr[i]}",
                )
                for i in bad
            ],
            summary=f"{source}: {bad.size} hour(s) with invalid energy",
        )
    return arr


def on_year(series: pd.Series, year: int) -> pd.Series:
    """Move an hourly typical-year series onto calendar ``year`` by (month, day, hour) in UTC.

    A typical meteorological year has 8760 hours and no calendar year of its own; the fleet
    profile of a scenario year lives on that year's hours. Leap day 29 February takes the
    values of 28 February. Every hour of ``year`` gets exactly one value.

    Parameters
    ----------
    series : pandas.Series
        Hourly values on a UTC index covering every (month, day, hour) of a non-leap year.
    year : int
        Target calendar year.
    """
    index = check_hourly_utc(series.index, "typical-year series")
    key = pd.MultiIndex.from_arrays([index.month, index.day, index.hour])
    if key.has_duplicates or len(key) < 8760:
        raise InputError(
            [
                Problem(
                    "typical-year series", "8760 distinct (month, day, hour) in UTC", value=len(key)
                )
            ]
        )
    lookup = pd.Series(np.asarray(series, dtype=float), index=key)
    target = pd.date_range(
        f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz="UTC", inclusive="left"
    )
    day = np.where((target.month == 2) & (target.day == 29), 28, target.day)
    values = lookup.reindex(pd.MultiIndex.from_arrays([target.month, day, target.hour])).to_numpy()
    return pd.Series(values, index=target, name=series.name)
