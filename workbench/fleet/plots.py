"""Charts of fleet results (matplotlib, static so they survive HTML export); notebook 03."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from workbench.core.charts import integer_year_axis
from workbench.fleet.engine import FleetResult
from workbench.fleet.report import yearly_long
from workbench.i18n import palette


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
    _years(axes)
    fig.tight_layout()
    return fig


def _years(axes) -> None:
    for ax in axes:
        integer_year_axis(ax)
        ax.set_xlabel("year")


def plot_costs(results: dict[str, FleetResult]):
    """Yearly and cumulative costs per scenario [MSEK, real]."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    (yearly_long(results, "cost_sek") / 1e6).plot(ax=axes[0], marker=".")
    (yearly_long(results, "cumulative_cost_sek") / 1e6).plot(ax=axes[1])
    axes[0].set(title="Cost per year (vehicles, energy, maintenance, chargers)", ylabel="MSEK")
    axes[1].set(title="Cumulative cost", ylabel="MSEK")
    _years(axes)
    fig.tight_layout()
    return fig


def plot_stock(result: FleetResult):
    """Vehicles per powertrain and year for one run (stacked bars)."""
    table = result.stock.pivot_table(index="year", columns="powertrain", values="n_vehicles",
                                     aggfunc="sum", fill_value=0)  # fmt: skip
    # one colour per fuel, the same as in the reports (diesel grey, never green)
    colors = [palette.fuel_color(p) for p in table.columns]
    ax = table.plot.bar(stacked=True, figsize=(11, 4), width=0.85, color=colors)
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
    _years(axes)
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


PAYMENT_LINES = {
    "vehicle investment": ("vehicle_investment_sek",),
    "charger investment": ("charger_investment_sek",),
    "lease payments": ("lease_payment_sek", "lease_buyout_sek"),
    "operating cost": ("operating_cost_sek",),
}


def plot_budget(result: FleetResult):
    """Payments per year by line (left) and the cost in the result against the reference
    (right) [MSEK, real, price year]; all offices together."""
    by_year = result.budget.groupby("year").sum(numeric_only=True)
    lines = pd.DataFrame({name: by_year[list(cols)].sum(axis=1) / 1e6
                          for name, cols in PAYMENT_LINES.items()})  # fmt: skip
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    lines.plot.bar(stacked=True, ax=axes[0], width=0.85)
    axes[0].set(title=f"Payments per year ({result.config.price_year} prices)", ylabel="MSEK",
                xlabel="")  # fmt: skip
    axes[0].legend(fontsize=8)
    (by_year[["budget_cost_sek", "change_budget_cost_sek"]] / 1e6).plot(ax=axes[1], marker=".")
    axes[1].axhline(0, color="k", lw=0.5)
    axes[1].set(title="Cost in the result and change against the reference", ylabel="MSEK")
    axes[1].legend(["cost in the result", "change against the reference"], fontsize=8)
    fig.tight_layout()
    return fig


def plot_backlog(results: dict[str, FleetResult]):
    """Replacements and vehicles waiting per year (left), fossil CO2 with and without the
    limits (right), per scenario."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    for name, r in results.items():
        b = r.backlog.set_index("year")
        line = axes[0].plot(b.index, b["n_replaced"], marker=".", label=f"{name}: replaced")
        axes[0].plot(b.index, b["n_waiting"], ls="--", color=line[0].get_color(),
                     label=f"{name}: waiting")  # fmt: skip
        axes[1].plot(b.index, b["fossil_co2_t"], color=line[0].get_color(), label=name)
        axes[1].plot(b.index, b["unconstrained_fossil_co2_t"], ls=":", color=line[0].get_color(),
                     label=f"{name} without limits")  # fmt: skip
    axes[0].set(title="Replacements and vehicles waiting", ylabel="vehicles")
    axes[1].set(title="Fossil CO₂ at the tailpipe", ylabel="t CO₂ per year")
    for ax in axes:
        ax.legend(fontsize=7)
    _years(axes)
    fig.tight_layout()
    return fig
