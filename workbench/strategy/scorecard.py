"""Scorecard (styrkort): latest value, target, trend and a traffic light per indicator;
benchmarking against the county and the other 13 municipalities.

Traffic-light rule (configurable ``strategy.light.grace_years``, default 5):

* **green**: the trend meets the target by the target year;
* **yellow**: the trend meets it, but up to ``grace_years`` after the target year;
* **red**: later, or not before the horizon year;
* **none**: the indicator has no target (its trend direction is still shown).

The trend of an indicator without a target is the least-squares slope over its latest
published values (at their real years); "improving" or "worsening" follows the indicator's
better direction. Benchmarking ranks the 14 municipalities on the latest year of an indicator
(1 = best) and gives the median of the 14 and the county's value. Totals of
industry-dominated municipalities (industry plus electricity/district heating above
``industry_dominated_share_pct`` of the latest total) measure plants in the EU ETS: these
rows carry a note and are not ranked on totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.strategy import StrategyConfig
from workbench.strategy.indicators import BY_ID, INDICATORS
from workbench.strategy.sources.common import COUNTY_ID, kommun_codes
from workbench.strategy.trend import fit_line

SCOPE_INDICATOR = {i.scope: i.id for i in INDICATORS if i.scope}
TREND_POINTS = 6


def light(row: dict, grace_years: int) -> str:
    """Traffic light of one target row (``year_trend_meets_target``, ``target_year``)."""
    met = row.get("year_trend_meets_target")
    if met is None or pd.isna(met):
        return "red"
    if met <= row["target_year"]:
        return "green"
    return "yellow" if met <= row["target_year"] + grace_years else "red"


def _trend(series: pd.Series, better: str) -> tuple[float | None, str]:
    s = series.dropna().sort_index().iloc[-TREND_POINTS:]
    if len(s) < 2:
        return None, "single_year"
    slope, _ = fit_line(s.index.to_numpy(), s.to_numpy(), "ols")
    if abs(slope) < 1e-12 * max(1.0, float(s.abs().max())):
        return 0.0, "flat"
    improving = slope < 0 if better == "lower" else slope > 0
    return slope, "improving" if improving else "worsening"


def _series(values: pd.DataFrame, area: str, indicator: str) -> pd.Series:
    sub = values[(values["area_id_scb"] == area) & (values["indicator"] == indicator)]
    return sub.set_index("year")["value"].sort_index()


def _row(indicator: str, s: pd.Series) -> dict:
    spec = BY_ID[indicator]
    slope, direction = _trend(s, spec.better)
    return {
        "indicator": indicator, "unit": spec.unit, "better": spec.better,
        "latest_year": int(s.index[-1]) if len(s) else None,
        "latest_value": float(s.iloc[-1]) if len(s) else None,
        "trend_per_year": slope, "trend_direction": direction,
        "target_id": "", "target_year": None, "target_value": None,
        "year_trend_meets_target": None, "light": "none",
    }  # fmt: skip


def scorecard(values: pd.DataFrame, targets: pd.DataFrame, area: str,
              cfg: StrategyConfig) -> pd.DataFrame:  # fmt: skip
    """Table ``scorecard``: one row per target (emission indicators) and per other indicator."""
    rows = []
    targeted = set()
    for t in targets.to_dict("records"):
        indicator = SCOPE_INDICATOR.get(t["scope"])
        if indicator is None:
            continue  # a sector scope without an indicator: its row is in the targets table
        targeted.add(indicator)
        row = _row(indicator, _series(values, area, indicator))
        row.update(target_id=t["target_id"], target_year=t["target_year"],
                   target_value=t["target_co2e_t"],
                   trend_per_year=t["trend_slope_t_per_year"],
                   year_trend_meets_target=t["year_trend_meets_target"],
                   light=light(t, cfg.light.grace_years))  # fmt: skip
        rows.append(row)
    for spec in INDICATORS:
        if spec.id not in targeted:
            rows.append(_row(spec.id, _series(values, area, spec.id)))
    return pd.DataFrame(rows)


def industry_dominated(values: pd.DataFrame, cfg: StrategyConfig) -> list[str]:
    """Municipalities whose industry plus electricity/district heating exceeds the threshold."""
    total = values[values["indicator"] == "total_co2e_t"]
    headline = values[values["indicator"] == "excl_industry_energy_co2e_t"]
    out = []
    for code in kommun_codes():
        t = total[total["area_id_scb"] == code].sort_values("year")
        h = headline[headline["area_id_scb"] == code].sort_values("year")
        if len(t) and len(h):
            share = 1.0 - float(h["value"].iloc[-1]) / float(t["value"].iloc[-1])
            if 100.0 * share > cfg.industry_dominated_share_pct:
                out.append(code)
    return out


def _ranks(latest: pd.Series, better: str) -> pd.Series:
    return latest.rank(ascending=(better == "lower"), method="min")


def benchmark(values: pd.DataFrame, area: str, dominated: list[str]) -> pd.DataFrame:
    """Table ``benchmark``: per indicator the area's value, rank among the 14, median, county."""
    rows = []
    for spec in INDICATORS:
        sub = values[values["indicator"] == spec.id]
        if sub.empty:
            continue
        year = int(sub["year"].max())
        at = sub[sub["year"] == year].set_index("area_id_scb")["value"]
        kommun = at.reindex(kommun_codes())
        comparable = kommun.drop(index=dominated, errors="ignore") if spec.is_total else kommun
        ranks = _ranks(comparable.dropna(), spec.better)
        note = ""
        if spec.is_total and dominated:
            note = ("industry-dominated municipalities not ranked on totals: "
                    + ", ".join(dominated))  # fmt: skip
        rows.append({
            "indicator": spec.id, "unit": spec.unit, "better": spec.better, "year": year,
            "value": float(at[area]) if area in at.index else None,
            "rank": int(ranks[area]) if area in ranks.index else None,
            "n_ranked": int(len(ranks)),
            "median_kommuner": float(np.median(kommun.dropna())) if kommun.notna().any() else None,
            "county_value": float(at[COUNTY_ID]) if COUNTY_ID in at.index else None,
            "n_missing": int(kommun.isna().sum()), "note": note,
        })  # fmt: skip
    return pd.DataFrame(rows)
