"""Scenarios side by side: the same register under several fleet scenarios.

One row per scenario (reference first): whether and when it meets the fossil target, the
emissions in the target year and the cumulative cost with its difference against the
reference. The demo stage writes it as ``scenarios`` so that every export can show the
scenarios an advisor selected next to the headline scenario.
"""

from __future__ import annotations

import pandas as pd

from workbench.config import Scenario, resolve_scenario
from workbench.fleet.engine import FleetResult, run_scenario

REFERENCE = "reference"
# What the exports compare by default (data/scenarios/<name>.yaml)
COMPARE_SCENARIOS = ("reference", "fast_electrification", "hvo_bridge")
COLUMNS = ["scenario", "is_headline", "base_year", "end_year", "target_year",
           "target_fossil_cut_pct", "year_target_met", "is_target_met_in_target_year",
           "target_year_tco2_fossil", "target_year_tco2e_wtw", "target_year_fossil_cut_pct",
           "cumulative_cost_msek", "cost_change_msek", "same_as"]  # fmt: skip


def _row(result: FleetResult, headline: bool) -> dict:
    s = result.summary
    cut = 100.0 * (1.0 - s["target_year_tco2_fossil"] / s["base_tco2_fossil"]) \
        if s["base_tco2_fossil"] else 0.0  # fmt: skip
    return {"scenario": result.scenario_name, "is_headline": headline,
            "base_year": s["base_year"], "end_year": s["end_year"],
            "target_year": s["target_year"], "target_fossil_cut_pct": s["target_fossil_cut_pct"],
            "year_target_met": s["year_target_met"],
            "is_target_met_in_target_year": s["is_target_met_in_target_year"],
            "target_year_tco2_fossil": s["target_year_tco2_fossil"],
            "target_year_tco2e_wtw": s["target_year_tco2e_wtw"],
            "target_year_fossil_cut_pct": round(cut, 3),
            "cumulative_cost_msek": s["cumulative_cost_msek"]}  # fmt: skip


def compare(
    headline: FleetResult,
    scenarios: tuple[str | Scenario, ...] = COMPARE_SCENARIOS,
) -> pd.DataFrame:
    """The headline run next to ``scenarios`` run on the same register and municipality.

    The headline scenario comes first, then the others in the given order (a scenario with the
    headline's name is not run twice). ``cost_change_msek`` is ``cumulative_cost_msek`` minus
    the reference scenario's (run for the difference even when not listed) [MSEK, base year to
    end year, undiscounted, the fleet's price year]. ``same_as`` names the earlier row whose fleet
    assumptions (the whole :class:`~workbench.config.FleetConfig` the run used) are the same, so
    that its numbers are the same too (the shipped ``default`` and ``reference``: both keep
    today's reduktionsplikt and no HVO100 switch); empty when the row's assumptions are its own.
    """
    rows = [_row(headline, True)]
    runs = {headline.scenario_name: rows[0]}
    configs = {headline.scenario_name: headline.config.model_dump()}
    wanted = [resolve_scenario(s) for s in scenarios]
    if REFERENCE not in {s.name for s in wanted} | set(runs):
        wanted.append(resolve_scenario(REFERENCE))
        shown = {s.name for s in wanted[:-1]}
    else:
        shown = {s.name for s in wanted}
    for sc in wanted:
        if sc.name in runs:
            continue
        result = run_scenario(headline.register, sc, headline.kommun)
        runs[sc.name] = _row(result, False)
        configs[sc.name] = result.config.model_dump()
        rows.append(runs[sc.name])
    reference = runs[REFERENCE]["cumulative_cost_msek"]
    frame = pd.DataFrame([r for r in rows if r["is_headline"] or r["scenario"] in shown],
                         columns=COLUMNS[:-2])  # fmt: skip
    frame["cost_change_msek"] = (frame["cumulative_cost_msek"] - reference).round(3)
    names = list(frame["scenario"])
    frame["same_as"] = [next((e for e in names[:i] if configs[e] == configs[n]), "")
                        for i, n in enumerate(names)]  # fmt: skip
    frame["year_target_met"] = frame["year_target_met"].astype("Int64")
    return frame.reset_index(drop=True)
