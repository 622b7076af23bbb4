"""Figures of the "Strategi och uppföljning" report section (matplotlib, embedded as PNG).

Bars stand at the published years only (1990, 2000, 2005, 2010, 2015, then every year): the gaps
between them are drawn as gaps, never filled in. Suppressed energy cells are missing, not zero:
a bar with a suppressed part is hatched and the caption says how many cells are missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, MultipleLocator

from workbench import i18n
from workbench.export.figures import COLORS, _figure, _grouping, category_bars
from workbench.i18n import palette


def _target_of(targets: pd.DataFrame, scope: str) -> pd.Series | None:
    """The national 2045 target of ``scope`` (else its first target), or None."""
    mine = targets[targets["scope"] == scope].sort_values(["origin", "target_year"])
    if not len(mine):
        return None
    national = mine[(mine["origin"] == "national") & (mine["target_year"] == 2045)]
    return (national if len(national) else mine).iloc[0]


def emissions_figure(emissions: pd.DataFrame, paths: pd.DataFrame, targets: pd.DataFrame,
                     scope: str, lang: str):  # fmt: skip
    """Stacked bars by sector of ``scope`` (``total`` or the headline scope) over the published
    years, the required path of the scope's 2045 target and the trend. Returns the figure and the
    target's name (None when the scope has no target)."""
    rows = emissions if scope == "total" else emissions[emissions["is_in_headline_scope"]]
    wide = rows.pivot(index="year", columns="sector", values="co2e_t").sort_index()
    fig, ax = _figure(7.5, 4.0)
    bottom = np.zeros(len(wide))
    for sector in wide.columns:
        color = palette.sector_color(sector)  # the same colour as the sector in every chart
        values = wide[sector].fillna(0.0).to_numpy()
        ax.bar(wide.index, values, bottom=bottom, color=color, width=0.8,
               label=str(i18n.value_label("sector", sector, lang)))  # fmt: skip
        bottom = bottom + values
    target = _target_of(targets, scope)
    mine = paths[paths["scope"] == scope]
    if target is not None:
        req = mine[(mine["path"] == "required") & (mine["target_id"] == target["target_id"])]
        ax.plot(req["year"], req["co2e_t"], color="black", linewidth=1.6,
                label=i18n.value_label("path", "required", lang))  # fmt: skip
    trend = mine[mine["path"] == "trend"]
    ax.plot(trend["year"], trend["co2e_t"], color=COLORS[3], linestyle="--", linewidth=1.4,
            label=i18n.value_label("path", "trend", lang))  # fmt: skip
    ax.set_ylabel(i18n.header("co2e_t", lang))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MultipleLocator(10))  # 1990, 2000, ... 2050: the inventory years
    ax.yaxis.set_major_formatter(_grouping(lang))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig, (None if target is None else str(target["target_name"]))


def shares_figure(emissions: pd.DataFrame, year: int, lang: str):
    """Each sector's share of the total in ``year`` (horizontal bars, largest on top)."""
    rows = emissions[(emissions["year"] == year) & emissions["share_of_total_frac"].notna()]
    labels = [str(i18n.value_label("sector", s, lang)) for s in rows["sector"]]
    return category_bars(labels, (100.0 * rows["share_of_total_frac"]).tolist(),
                         "share_of_total_pct", lang)  # fmt: skip


def energy_figure(energy: pd.DataFrame, lang: str):
    """Final energy use of all consumers by carrier and year (stacked, GWh); years with a
    suppressed carrier are hatched. Returns the figure and the number of suppressed cells."""
    rows = energy[(energy["category"] == "total") & (energy["carrier"] != "total")]
    wide = rows.pivot(index="year", columns="carrier", values="energy_mwh").sort_index() / 1000.0
    suppressed = rows[rows["status"] == "suppressed"]
    incomplete = set(suppressed["year"])
    fig, ax = _figure(7.5, 4.0)
    bottom = np.zeros(len(wide))
    hatch = ["//" if y in incomplete else "" for y in wide.index]
    handles = []
    for carrier in wide.columns:
        color = palette.fuel_color(carrier)  # the same colour as the fuel in every chart
        values = wide[carrier].fillna(0.0).to_numpy()
        bars = ax.bar(wide.index, values, bottom=bottom, color=color, width=0.8)
        for bar, h in zip(bars, hatch, strict=True):
            bar.set_hatch(h)
        # the legend shows the carrier's plain colour, whether or not its first year is hatched
        handles.append(
            Patch(facecolor=color, label=str(i18n.value_label("carrier", carrier, lang)))
        )
        bottom = bottom + values
    if incomplete:
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="//",
                             label=i18n.text("energy_incomplete_year", lang)))  # fmt: skip
    ax.set_ylabel(i18n.header("energy_gwh", lang))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_grouping(lang))
    ax.legend(handles=handles, frameon=False, fontsize=7, loc="upper left",
              bbox_to_anchor=(1.01, 1.0))  # fmt: skip
    return fig, len(suppressed)
