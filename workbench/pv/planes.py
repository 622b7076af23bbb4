"""Validation of roof-plane orientations: tilt 0–90°, azimuth 0–360° (180 = south)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem


def as_planes(surface_tilt, surface_azimuth) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Broadcast tilt and azimuth to 1-D float arrays of N planes; raise on bad values.

    Returns ``(tilt [°], azimuth [°], index)``; the index is the input Series' index when a
    Series is given, else ``RangeIndex(N, name="plane")``. Errors name every bad plane index.
    """
    index = None
    for value in (surface_tilt, surface_azimuth):
        if isinstance(value, pd.Series) and index is None:
            index = value.index
    tilt = np.atleast_1d(np.asarray(surface_tilt, dtype=float))
    azim = np.atleast_1d(np.asarray(surface_azimuth, dtype=float))
    if tilt.ndim != 1 or azim.ndim != 1:
        raise InputError([Problem("planes", "scalars or 1-D arrays of tilt and azimuth")])
    try:
        tilt, azim = np.broadcast_arrays(tilt, azim)
    except ValueError:
        raise InputError(
            [
                Problem(
                    "planes",
                    f"surface_tilt and surface_azimuth of equal length, got {tilt.size} "
                    f"and {azim.size}",
                )
            ]
        ) from None
    problems = []
    for name, values, low, high in (
        ("surface_tilt", tilt, 0.0, 90.0),
        ("surface_azimuth", azim, 0.0, 360.0),
    ):
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(~np.isfinite(values) | (values < low) | (values > high))
        for i in bad:
            label = index[i] if index is not None else i
            problems.append(
                Problem(
                    f"plane index {label}",
                    f"a number within [{low:g}, {high:g}] degrees",
                    column=name,
                    value=float(values[i]),
                )
            )
    if problems:
        raise InputError(problems, summary=f"{len(problems)} invalid roof-plane orientation(s)")
    if index is None or len(index) != tilt.size:
        index = pd.RangeIndex(tilt.size, name="plane")
    return tilt.astype(float).copy(), azim.astype(float).copy(), index
