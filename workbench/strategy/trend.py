"""Trend projection of a published emission series: a straight line, never gap-filling.

The line is fitted to the latest ``data_years`` published years at their real positions in
time (2015 and then 2020–2024: the gap is just a longer step on the x axis, no values are
made up), by ordinary least squares or by least absolute deviations (median regression, the
method of Klimatkollen). With ``anchor = "latest"`` the projection keeps the fitted slope but
starts at the latest published value. Projected emissions are floored at zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from workbench.config.strategy import TrendMethod


def fit_line(years: np.ndarray, values: np.ndarray, method: str) -> tuple[float, float]:
    """``(slope, intercept)`` of the line through ``(years, values)``; x centred at the last year.

    ``lad`` solves ``min Σ|e_i|`` as a linear programme (``e_i = u_i − v_i``, ``u, v ≥ 0``).
    The returned intercept is the fitted value at ``years[-1]``.
    """
    x = np.asarray(years, dtype=float) - float(years[-1])
    y = np.asarray(values, dtype=float)
    if method == "ols":
        slope, intercept = np.polyfit(x, y, 1)
        return float(slope), float(intercept)
    if method != "lad":
        raise ValueError(f"unknown trend method {method!r}")
    n = len(x)
    # variables: intercept, slope (free), u (n), v (n) >= 0; a + b x_i + u_i − v_i = y_i
    cost = np.r_[0.0, 0.0, np.ones(2 * n)]
    a_eq = np.c_[np.ones(n), x, np.eye(n), -np.eye(n)]
    bounds = [(None, None), (None, None)] + [(0, None)] * (2 * n)
    res = linprog(cost, A_eq=a_eq, b_eq=y, bounds=bounds, method="highs")
    if not res.success:
        raise ValueError(f"least-absolute-deviation fit failed: {res.message}")
    return float(res.x[1]), float(res.x[0])


def fit(series: pd.Series, cfg: TrendMethod) -> dict:
    """Slope [t CO2e/year], start value and the years used, of a published series."""
    s = series.dropna().sort_index()
    used = s.iloc[-cfg.data_years :]
    if len(used) < 2:
        raise ValueError("a trend needs at least two published years")
    slope, at_last = fit_line(used.index.to_numpy(), used.to_numpy(), cfg.method)
    start = float(used.iloc[-1]) if cfg.anchor == "latest" else at_last
    return {"slope_t_per_year": slope, "start_co2e_t": start, "start_year": int(used.index[-1]),
            "years": [int(y) for y in used.index]}  # fmt: skip


def project(series: pd.Series, cfg: TrendMethod, horizon: int) -> pd.Series:
    """Trend values for the years after the latest published year up to ``horizon`` [t CO2e]."""
    f = fit(series, cfg)
    years = np.arange(f["start_year"] + 1, horizon + 1)
    values = np.maximum(f["start_co2e_t"] + f["slope_t_per_year"] * (years - f["start_year"]), 0)
    out = pd.Series(values, index=pd.Index(years, name="year"), name="co2e_t")
    out.attrs["fit"] = f
    return out


def first_year_at_or_below(path: pd.Series, level: float) -> int | None:
    """First year of ``path`` whose value is at or below ``level``; None if none is."""
    hit = path[path <= level + 1e-9]
    return int(hit.index[0]) if len(hit) else None
