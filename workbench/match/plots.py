"""Charts of a matching run for notebooks (matplotlib :class:`~matplotlib.figure.Figure`, no pyplot).

Energies are shown in MWh, times in Europe/Stockholm (display only; the data are UTC).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench.match.tables import MatchTables

MONTH_LABELS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COLORS = {"pv": "#e0a100", "charging": "#1f5f8b", "used": "#4d9a4d", "grid": "#9aa5ad"}
VARIANT_STYLE = {
    ("immediate", False): ("immediate charging", "#1f5f8b", "-"),
    ("smart", False): ("smart charging", "#4d9a4d", "-"),
    ("immediate", True): ("immediate + battery", "#1f5f8b", "--"),
    ("smart", True): ("smart + battery", "#4d9a4d", "--"),
}


def monthly_energy(
    tables: MatchTables, year: int, strategy: str = "immediate", with_battery: bool = False
) -> Figure:
    """PV production, charging need and PV used for charging per month [MWh]."""
    m = tables.monthly
    m = m[(m.year == year) & (m.strategy == strategy) & (m.with_battery == with_battery)]
    fig = Figure(figsize=(8, 3.8), layout="constrained")
    ax = fig.add_subplot()
    x = np.arange(12)
    ax.bar(x - 0.27, m.pv_kwh / 1000, 0.27, label="PV production", color=COLORS["pv"])
    ax.bar(x, m.charging_kwh / 1000, 0.27, label="charging need", color=COLORS["charging"])
    ax.bar(x + 0.27, m.pv_used_for_charging_kwh / 1000, 0.27, label="PV used for charging",
           color=COLORS["used"])  # fmt: skip
    ax.set_xticks(x, MONTH_LABELS)
    ax.set_ylabel("MWh per month")
    battery = " with battery" if with_battery else ""
    ax.set_title(f"{year}: {strategy} charging{battery}")
    ax.legend(frameon=False)
    return fig


def monthly_coverage(tables: MatchTables, year: int) -> Figure:
    """Share of charging covered by PV per month [%], one line per variant."""
    m = tables.monthly[tables.monthly.year == year]
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    for (strategy, battery), part in m.groupby(["strategy", "with_battery"], sort=True):
        label, color, style = VARIANT_STYLE[(strategy, bool(battery))]
        ax.plot(np.arange(12), part.coverage_pct, style, color=color, marker="o", label=label)
    ax.set_xticks(np.arange(12), MONTH_LABELS)
    ax.set_ylim(0, 100)
    ax.set_ylabel("charging covered by PV [%]")
    ax.set_title(f"{year}: coverage by month")
    ax.legend(frameon=False)
    return fig


def coverage_by_year(tables: MatchTables) -> Figure:
    """Annual share of charging covered by PV [%] per scenario year and variant."""
    a = tables.annual
    years = sorted(a.year.unique())
    variants = [v for v in VARIANT_STYLE if ((a.strategy == v[0]) & (a.with_battery == v[1])).any()]
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.add_subplot()
    width = 0.8 / max(len(variants), 1)
    for i, (strategy, battery) in enumerate(variants):
        label, color, style = VARIANT_STYLE[(strategy, battery)]
        rows = a[(a.strategy == strategy) & (a.with_battery == battery)].set_index("year")
        ax.bar(np.arange(len(years)) + (i - (len(variants) - 1) / 2) * width,
               rows.coverage_pct.reindex(years), width, label=label, color=color,
               hatch="//" if battery else None, alpha=0.9)  # fmt: skip
    ax.set_xticks(np.arange(len(years)), [str(y) for y in years])
    ax.set_ylabel("charging covered by PV [%]")
    ax.set_ylim(0, 100)
    ax.legend(frameon=False, ncols=2)
    ax.set_title("Coverage as the fleet electrifies")
    return fig


def week(tables: MatchTables, year: int, start: str, with_battery: bool = False) -> Figure:
    """Seven days of hourly PV and charging [kWh per hour], immediate against smart charging.

    ``start`` is a local date (Europe/Stockholm), e.g. ``"2030-06-10"``.
    """
    t0 = pd.Timestamp(start, tz="Europe/Stockholm")
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.add_subplot()
    first = True
    for strategy in ("immediate", "smart"):
        key = (year, strategy, with_battery)
        if key not in tables.hourly:
            continue
        h = tables.hourly[key]
        local = h.index.tz_convert("Europe/Stockholm")
        sel = (local >= t0) & (local < t0 + pd.Timedelta(days=7))
        if first:
            ax.fill_between(local[sel], h.pv_kwh[sel], step="post", color=COLORS["pv"],
                            alpha=0.4, label="PV production")  # fmt: skip
            first = False
        label, color, _ = VARIANT_STYLE[(strategy, False)]
        ax.step(local[sel], h.charging_kwh[sel], where="post", color=color, label=label)
    ax.set_ylabel("kWh per hour")
    ax.set_title(f"Week from {start} (local time)")
    ax.legend(frameon=False)
    fig.autofmt_xdate()
    return fig
