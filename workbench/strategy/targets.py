"""Targets and paths: required path, trend, Carbon Law, gap and the cut still needed.

For a target "cut scope S by p % from base year B to target year T":

* target level ``L = E_S(B) · (1 − p/100)`` [t CO2e]; ``B`` must be a published year (no value
  is interpolated);
* required path: a straight line from the latest published value ``E(Y)`` to ``L`` in ``T``,
  then flat at ``L`` to the horizon;
* trend: :func:`workbench.strategy.trend.project`; the year it meets the target is the first
  projected year at or below ``L`` (None: "not before <horizon>");
* gap in the target year ``G = trend(T) − L`` [t CO2e] (positive: short of the target);
* average cut needed from ``Y`` to ``T``: ``(E(Y) − L) / (T − Y)`` [t CO2e/year] and the compound
  rate ``1 − (L / E(Y)) ** (1 / (T − Y))`` [%/year].

Carbon Law path: ``E(Y) · (1 − c) ** (t − Y)`` for ``t > Y`` with ``c`` = 11.72 %/year by
default. Cumulative emissions are the sum of a path over the years ``Y + 1 … horizon``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.strategy import EmissionTarget, StrategyConfig
from workbench.core.errors import InputError, Problem
from workbench.strategy import trend as tr

PATHS = ("observed", "required", "trend", "carbon_law")


def check_base_years(targets: list[EmissionTarget], years: list[int], source: str) -> None:
    """Every base year must be a published data year; all offenders are listed at once."""
    problems = [
        Problem(source, f"a published data year as base year ({', '.join(map(str, years))}; "
                "no year is interpolated)", column=f"{t.id}.base_year", value=t.base_year)
        for t in targets if t.base_year not in years
    ]  # fmt: skip
    problems += [
        Problem(source, f"a target year after the latest data year {max(years)}",
                column=f"{t.id}.target_year", value=t.target_year)
        for t in targets if t.target_year <= max(years)
    ]  # fmt: skip
    if problems:
        raise InputError(problems, f"{source}: targets that cannot be followed up")


def carbon_law(latest_year: int, latest_value: float, cut_pct: float, horizon: int) -> pd.Series:
    """Carbon Law path for the years after ``latest_year`` [t CO2e]."""
    years = np.arange(latest_year + 1, horizon + 1)
    values = latest_value * (1.0 - cut_pct / 100.0) ** (years - latest_year)
    return pd.Series(values, index=pd.Index(years, name="year"), name="co2e_t")


def required_path(latest_year: int, latest_value: float, level: float, target_year: int,
                  horizon: int) -> pd.Series:  # fmt: skip
    """Straight line from the latest value to the target level, then flat [t CO2e]."""
    years = np.arange(latest_year + 1, horizon + 1)
    step = (level - latest_value) / (target_year - latest_year)
    values = np.where(years <= target_year, latest_value + step * (years - latest_year), level)
    return pd.Series(values, index=pd.Index(years, name="year"), name="co2e_t")


#: why the trend does or does not reach a target (``trend_target_status``)
TREND_STATUSES = ("met", "not_before_horizon", "trend_rising", "trend_flat", "no_target")


def trend_status(met: int | None, slope_t_per_year: float) -> str:
    """Whether the trend reaches the target level before the horizon year and, if not, why:
    ``"met"`` (``year_trend_meets_target`` is set), ``"not_before_horizon"`` (falling, but
    not far enough by the horizon), ``"trend_rising"`` or ``"trend_flat"`` (never).

    >>> trend_status(2038, -12.0), trend_status(None, -3.5), trend_status(None, 41.0)
    ('met', 'not_before_horizon', 'trend_rising')
    """
    if met is not None:
        return "met"
    if slope_t_per_year < 0:
        return "not_before_horizon"
    return "trend_rising" if slope_t_per_year > 0 else "trend_flat"


def evaluate(target: EmissionTarget, series: pd.Series, cfg: StrategyConfig) -> dict:
    """One row of the ``targets`` table, plus the paths of the target (``"paths"`` key)."""
    latest_year = int(series.index.max())
    latest = float(series[latest_year])
    base = float(series[target.base_year])
    level = base * (1.0 - target.reduction_pct / 100.0)
    projected = tr.project(series, cfg.trend, cfg.horizon_year)
    met = tr.first_year_at_or_below(projected, level)
    span = target.target_year - latest_year
    trend_at_target = float(projected[target.target_year])
    compound = 1.0 - (level / latest) ** (1.0 / span) if latest > 0 and level > 0 else None
    row = {
        "target_id": target.id, "target_name": target.name, "scope": target.scope,
        "base_year": target.base_year, "target_year": target.target_year,
        "reduction_pct": target.reduction_pct, "base_co2e_t": base, "target_co2e_t": level,
        "latest_year": latest_year, "latest_co2e_t": latest,
        "change_since_base_pct": 100.0 * (latest / base - 1.0) if base else None,
        "trend_slope_t_per_year": projected.attrs["fit"]["slope_t_per_year"],
        "trend_target_year_co2e_t": trend_at_target,
        "year_trend_meets_target": met,
        "trend_target_status": trend_status(met, projected.attrs["fit"]["slope_t_per_year"]),
        "is_met_by_target_year": met is not None and met <= target.target_year,
        "gap_target_year_co2e_t": trend_at_target - level,
        "needed_cut_t_per_year": (latest - level) / span,
        "needed_cut_pct_per_year": None if compound is None else 100.0 * compound,
        "source": target.source,
    }  # fmt: skip
    row["paths"] = {
        "required": required_path(
            latest_year, latest, level, target.target_year, cfg.horizon_year
        ),  # fmt: skip
        "trend": projected,
    }
    return row


def scope_paths(series: pd.Series, cfg: StrategyConfig) -> dict[str, pd.Series]:
    """Observed, trend and Carbon Law paths of one scope (independent of targets)."""
    latest_year = int(series.index.max())
    return {
        "observed": series.astype(float),
        "trend": tr.project(series, cfg.trend, cfg.horizon_year),
        "carbon_law": carbon_law(
            latest_year, float(series[latest_year]), cfg.carbon_law_cut_pct, cfg.horizon_year
        ),  # fmt: skip
    }


def cumulative(paths: dict[str, pd.Series]) -> dict[str, float]:
    """Sum of each projected path over its years (latest data year + 1 … horizon) [t CO2e]."""
    return {name: float(p.sum()) for name, p in paths.items() if name != "observed"}
