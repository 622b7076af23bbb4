"""Tables and charts that notebook 03 shows: register validation, scenarios side by side.

Pure functions over :class:`~workbench.fleet.engine.FleetResult` objects; charts are
matplotlib figures (static, so they survive HTML export).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from workbench.config import load_scenario
from workbench.fleet.engine import FleetResult, run_scenario
from workbench.fleet.register import read_register
from workbench.fleet.synthetic import demo_register
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
    (vehicles that took each default) and whether the register is synthetic.
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
    if register.attrs.get("synthetic"):
        rows.append(("synthetic", "SYNTHETIC demo register (not real vehicles)", len(register)))
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


def plot_emissions(results: dict[str, FleetResult]):
    """Fossil tailpipe CO2 and well-to-wheel CO2e per year and scenario, with the target."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    fossil = yearly_long(results, "co2_t_fossil")
    wtw = yearly_long(results, "co2e_t_wtw")
    fossil.plot(ax=axes[0], marker=".")
    wtw.plot(ax=axes[1], marker=".")
    first = next(iter(results.values()))
    cfg = first.config
    target = first.yearly.set_index("year")["target_co2_t_fossil"].iloc[0]
    axes[0].axhline(target, color="k", ls="--", lw=1,
                    label=f"target: −{cfg.target_fossil_cut_pct:g} % by {cfg.target_year}")  # fmt: skip
    axes[0].axvline(cfg.target_year, color="grey", ls=":", lw=1)
    axes[0].set(title="Fossil CO₂ at the tailpipe", ylabel="t CO₂ per year")
    axes[1].set(title=f"Well-to-wheel ({first.electricity_label})", ylabel="t CO₂e per year")
    axes[1].title.set_fontsize(8)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_costs(results: dict[str, FleetResult]):
    """Yearly and cumulative costs per scenario [MSEK, real]."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    (yearly_long(results, "cost_sek") / 1e6).plot(ax=axes[0], marker=".")
    (yearly_long(results, "cumulative_cost_sek") / 1e6).plot(ax=axes[1])
    axes[0].set(title="Cost per year (vehicles, energy, maintenance, chargers)", ylabel="MSEK")
    axes[1].set(title="Cumulative cost", ylabel="MSEK")
    fig.tight_layout()
    return fig


def plot_stock(result: FleetResult):
    """Vehicles per powertrain and year for one run (stacked bars)."""
    table = result.stock.pivot_table(index="year", columns="powertrain", values="n_vehicles",
                                     aggfunc="sum", fill_value=0)  # fmt: skip
    ax = table.plot.bar(stacked=True, figsize=(11, 4), width=0.85)
    ax.set(title=f"Vehicles per powertrain — {result.scenario_name}", ylabel="vehicles")
    ax.legend(ncols=3, fontsize=8)
    ax.figure.tight_layout()
    return ax.figure


def plot_chargers(results: dict[str, FleetResult]):
    """Depot charging points and installed kW per year and scenario."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    yearly_long(results, "n_chargers").plot(ax=axes[0], drawstyle="steps-post")
    yearly_long(results, "charger_kw").plot(ax=axes[1], drawstyle="steps-post")
    axes[0].set(title="Depot charging points", ylabel="points")
    axes[1].set(title="Installed charging power", ylabel="kW")
    fig.tight_layout()
    return fig


def plot_charging_profile(profile: pd.Series):
    """Mean depot charging load by hour of day (local time) per month [kW]."""
    local = profile.tz_convert("Europe/Stockholm")
    table = local.groupby([local.index.hour, local.index.month]).mean().unstack()
    ax = table[[1, 4, 7, 10]].plot(figsize=(8, 4))
    ax.set(title=f"Depot charging, {profile.attrs.get('strategy', '')} ({profile.attrs['energy']})",
           xlabel="hour of day (local time)", ylabel="kW (mean)")  # fmt: skip
    ax.title.set_fontsize(9)
    ax.legend(["January", "April", "July", "October"])
    ax.figure.tight_layout()
    return ax.figure
