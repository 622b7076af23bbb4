"""Tables that notebook 03 shows: register validation, scenarios side by side, the plan under
replacement limits, the budget per year and the follow-up against a later register.

Pure functions over :class:`~workbench.fleet.engine.FleetResult` objects; the charts are in
:mod:`workbench.fleet.plots`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.config import Scenario, load_scenario, validate
from workbench.fleet.budget import CHARGER_LINES, LINES
from workbench.fleet.engine import FleetResult, run_scenario
from workbench.fleet.followup import follow_up as follow_up_plan
from workbench.fleet.register import read_register
from workbench.fleet.schema import SYNTHETIC_LABEL
from workbench.fleet.synthetic import demo_register, follow_up_register
from workbench.reference import kommuner as km

SCENARIOS = ("reference", "fast_electrification", "hvo_bridge")
COMPARE_KEYS = (
    "n_vehicles",
    "base_tco2_fossil",
    "target_year_tco2_fossil",
    "base_tco2e_wtw",
    "target_year_tco2e_wtw",
    "target_fossil_cut_pct",
    "year_target_met",
    "cumulative_cost_msek",
    "cumulative_cost_pv_msek",
    "chargers",
    "charger_kw",
    "electricity_kwh_end_year",
    "n_winter_range_exceeded",
)


def load_register(register_path: str | Path | None, kommun, base_year: int = 2025):
    """Read a register, or the municipality's SYNTHETIC demo register when the path is empty."""
    if register_path in (None, ""):
        return demo_register(km.get(kommun), base_year=base_year)
    return read_register(register_path)


def register_report(register: pd.DataFrame) -> pd.DataFrame:
    """Validation report of a read register: what was read, by category, with counts.

    Returns a long table ``section``, ``category``, ``n_vehicles`` (vehicle counts by class,
    fuel, ownership, duty, parking and contract-end year) plus rows for the defaults applied
    (vehicles that took each default), one row per plausibility warning (section
    ``plausibility_warning``, the warning naming file row, column, value and range) and whether
    the register is synthetic.
    """
    rows = []
    for col in ("vehicle_class", "fuel", "ownership", "duty", "parking", "depot"):
        for cat, n in register[col].value_counts().sort_index().items():
            rows.append((col, str(cat), int(n)))
    ends = register["contract_end"].dt.year.dropna().astype(int).value_counts().sort_index()
    for year, n in ends.items():
        rows.append(("contract_end_year", str(year), int(n)))
    rows.append(("total", "vehicles", len(register)))
    for col, n in register.attrs.get("defaults_applied", {}).items():
        rows.append(("default_applied", col, int(n)))
    for warning in register.attrs.get("plausibility_warnings", []):
        rows.append(("plausibility_warning", warning, 1))
    if register.attrs.get("synthetic"):
        rows.append(("synthetic", SYNTHETIC_LABEL, len(register)))
    return pd.DataFrame(rows, columns=["section", "category", "n_vehicles"])


def run_scenarios(register: pd.DataFrame, kommun, names=SCENARIOS) -> dict[str, FleetResult]:
    """Run several scenarios on the same register; keyed by scenario name."""
    return {name: run_scenario(register, load_scenario(name), kommun) for name in names}


def compare(results: dict[str, FleetResult]) -> pd.DataFrame:
    """Headline numbers of several runs side by side (rows: indicators, columns: scenarios)."""
    return pd.DataFrame(
        {name: {k: r.summary[k] for k in COMPARE_KEYS} for name, r in results.items()}
    )


def yearly_long(results: dict[str, FleetResult], column: str) -> pd.DataFrame:
    """One yearly column of several runs: index ``year``, one column per scenario."""
    return pd.DataFrame({name: r.yearly.set_index("year")[column] for name, r in results.items()})


def run_with_limits(register: pd.DataFrame, kommun, scenario: str, **limits) -> FleetResult:
    """The scenario ``scenario`` with its fleet keys replaced by ``limits`` (for example
    ``max_replacements_per_year=40`` or ``investment_cap_sek_per_year=20e6``), validated like
    a scenario file (a cap of zero or below is refused naming key, value and range)."""
    data = load_scenario(scenario).model_dump()
    data["fleet"].update(limits)
    sc = validate(Scenario, data, source=f"scenario {scenario} with {limits}")
    return run_scenario(register, sc, kommun)


def budget_by_year(result: FleetResult, first: int | None = None, last: int | None = None):
    """Budget lines summed over the offices per year [MSEK, price year], ``first``…``last``
    (default the base year + 1 to + 10): procurements, leasingavgift, investering, avskrivning,
    restvärde, driftkostnad and the change of the cost in the result against the reference."""
    cfg = result.config
    first = cfg.base_year + 1 if first is None else first
    last = first + 9 if last is None else last
    by_year = result.budget.groupby("year").sum(numeric_only=True).loc[first:last]
    money = [*LINES[:5], *CHARGER_LINES, *LINES[5:], "operating_cost_sek", "budget_cost_sek",
             "change_budget_cost_sek"]  # fmt: skip
    out = (by_year[money] / 1e6).rename(columns=lambda c: c.replace("_sek", "_msek"))
    counts = [c for c in by_year.columns if c.startswith("n_procured")]
    return pd.concat([by_year[counts], out], axis=1)


def follow_up(result: FleetResult, register_path: str | Path | None = "", year=None):
    """The plan followed up against a later register (path), or against the SYNTHETIC later
    register made from the plan itself when the path is empty (a demonstration only)."""
    if register_path in (None, ""):
        later = follow_up_register(result, year)
        return follow_up_plan(result, later, year, source=SYNTHETIC_LABEL)
    return follow_up_plan(result, register_path, year)
