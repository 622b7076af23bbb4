"""Scorecard (styrkort): latest value, target, trend and a traffic light per indicator;
benchmarking against the county and the other 13 municipalities.

Traffic-light rule (configurable ``strategy.light.grace_years``, default 5):

* **green**: the trend meets the target by the target year;
* **yellow**: the trend meets it, but up to ``grace_years`` after the target year;
* **red**: later, or not before the horizon year;
* **none**: the indicator has no target (its trend direction is still shown).

The trend of an indicator without a target is the least-squares slope over its latest
published values (at their real years); "improving" or "worsening" follows the indicator's
better direction. Benchmarking ranks the 14 municipalities on the latest year in which at
least 7 of them have a value (1 = best) and gives the median of the 14 and the county's value. Totals of
industry-dominated municipalities (industry plus electricity/district heating above
``industry_dominated_share_pct`` of the latest total) measure plants in the EU ETS: these
rows carry a note and are not ranked on totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.strategy import StrategyConfig
from workbench.reference import kommuner
from workbench.strategy.indicators import BY_ID, INDICATORS
from workbench.strategy.sources.common import COUNTY_ID, kommun_codes
from workbench.strategy.trend import fit_line

SCOPE_INDICATOR = {i.scope: i.id for i in INDICATORS if i.scope}
TREND_POINTS = 6
MIN_BENCHMARK_AREAS = 7


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
    if len(s) == 0:
        return None, "no_data"
    if len(s) < 2:
        return None, "single_year"
    slope, _ = fit_line(s.index.to_numpy(), s.to_numpy(), "ols")
    if abs(slope) < 1e-12 * max(1.0, float(s.abs().max())):
        return 0.0, "flat"
    improving = slope < 0 if better == "lower" else slope > 0
    return slope, "improving" if improving else "worsening"


def _row(indicator: str, s: pd.Series) -> dict:
    spec = BY_ID[indicator]
    slope, direction = _trend(s, spec.better)
    return {
        "indicator": indicator, "unit": spec.unit, "better": spec.better,
        "latest_year": int(s.index[-1]) if len(s) else None,
        "latest_value": float(s.iloc[-1]) if len(s) else None,
        "trend_per_year": slope, "trend_direction": direction,
        "target_id": "", "target_year": None, "target_value": None,
        "year_trend_meets_target": None, "trend_target_status": "no_target", "light": "none",
    }  # fmt: skip


def scorecard(values: pd.DataFrame, targets: pd.DataFrame, area: str,
              cfg: StrategyConfig) -> pd.DataFrame:  # fmt: skip
    """Table ``scorecard``: one row per target (emission indicators) and per other indicator."""
    mine = values[values["area_id_scb"] == area]
    by_indicator = {i: g.set_index("year")["value"].sort_index() for i, g in
                    mine.groupby("indicator")}  # fmt: skip
    empty = pd.Series(dtype=float)
    rows = []
    targeted = set()
    for t in targets.to_dict("records"):
        indicator = SCOPE_INDICATOR.get(t["scope"])
        if indicator is None:
            continue  # a sector scope without an indicator: its row is in the targets table
        targeted.add(indicator)
        row = _row(indicator, by_indicator.get(indicator, empty))
        row.update(target_id=t["target_id"], target_year=t["target_year"],
                   target_value=t["target_co2e_t"],
                   trend_per_year=t["trend_slope_t_per_year"],
                   year_trend_meets_target=t["year_trend_meets_target"],
                   trend_target_status=t["trend_target_status"],
                   light=light(t, cfg.light.grace_years))  # fmt: skip
        rows.append(row)
    for spec in INDICATORS:
        if spec.id not in targeted:
            rows.append(_row(spec.id, by_indicator.get(spec.id, empty)))
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


def benchmark_all(values: pd.DataFrame, dominated: list[str]) -> pd.DataFrame:
    """Benchmark rows of every area at once (see :func:`benchmark`), keyed by ``area_id_scb``."""
    kommun = set(kommun_codes())
    year = benchmark_years(values)
    at = values[values["year"] == values["indicator"].map(year)].copy()
    spec = at["indicator"].map(BY_ID)
    at["better"] = spec.map(lambda i: i.better)
    at["unit"] = spec.map(lambda i: i.unit)
    is_total = spec.map(lambda i: i.is_total).astype(bool)
    ranked = at["area_id_scb"].isin(kommun) & ~(is_total & at["area_id_scb"].isin(dominated))
    r = at[ranked]
    lower = r.groupby("indicator")["value"].rank(ascending=True, method="min")
    higher = r.groupby("indicator")["value"].rank(ascending=False, method="min")
    at["rank"] = pd.Series(np.where(r["better"] == "lower", lower, higher), index=r.index)
    k = at[at["area_id_scb"].isin(kommun)]
    stats = pd.DataFrame({
        "n_ranked": r.groupby("indicator").size(),
        "median_kommuner": k.groupby("indicator")["value"].median(),
        "n_missing": len(kommun) - k.groupby("indicator").size(),
    })  # fmt: skip
    county = at[at["area_id_scb"] == COUNTY_ID].set_index("indicator")["value"]
    out = at.join(stats, on="indicator").assign(
        county_value=at["indicator"].map(county),
        note=np.where(is_total & bool(dominated), "industry-dominated municipalities (EU ETS "
                      "plants) not ranked on totals: " + ", ".join(
                          kommuner.get(c).name for c in dominated), ""),
    )  # fmt: skip
    out = _every_area(out, values, stats, county, year)
    out["n_ranked"] = out["n_ranked"].fillna(0).astype(int)
    out["n_missing"] = out["n_missing"].fillna(len(kommun)).astype(int)
    return out[["area_id_scb", "indicator", "unit", "better", "year", "value", "rank",
                "n_ranked", "median_kommuner", "county_value", "n_missing", "note"]]  # fmt: skip


def benchmark_years(values: pd.DataFrame) -> pd.Series:
    """Per indicator, the latest year in which at least half of the 14 have a value.

    Suppression can leave a single municipality with a 2020 fossil share; a ranking of one is
    no comparison, so the benchmark falls back to the latest year with 7 or more values.
    """
    k = values[values["area_id_scb"].isin(kommun_codes())]
    counts = k.groupby(["indicator", "year"]).size().reset_index(name="n")
    enough = counts[counts["n"] >= MIN_BENCHMARK_AREAS].groupby("indicator")["year"].max()
    return enough.combine_first(values.groupby("indicator")["year"].max()).astype(int)


def _every_area(out: pd.DataFrame, values: pd.DataFrame, stats: pd.DataFrame,
                county: pd.Series, year: pd.Series) -> pd.DataFrame:  # fmt: skip
    """One row per area and indicator, also where the area has no value in the latest year."""
    present = [i.id for i in INDICATORS if i.id in set(values["indicator"])]
    full = pd.MultiIndex.from_product([sorted(set(values["area_id_scb"])), present],
                                      names=["area_id_scb", "indicator"])  # fmt: skip
    out = out.set_index(["area_id_scb", "indicator"]).reindex(full).reset_index()
    for column, source in (("year", year), ("n_ranked", stats["n_ranked"]),
                           ("median_kommuner", stats["median_kommuner"]),
                           ("n_missing", stats["n_missing"]), ("county_value", county)):  # fmt: skip
        out[column] = out[column].fillna(out["indicator"].map(source))
    out["unit"] = out["indicator"].map(lambda i: BY_ID[i].unit)
    out["better"] = out["indicator"].map(lambda i: BY_ID[i].better)
    out["note"] = out["note"].fillna("no value in the benchmark year")
    return out


def benchmark(all_rows: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``benchmark``: per indicator the area's value, rank among the 14, median, county."""
    mine = all_rows[all_rows["area_id_scb"] == area].drop(columns="area_id_scb")
    return mine.reset_index(drop=True)
