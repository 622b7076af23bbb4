"""Static figures for reports: matplotlib PNGs embedded as ``data:`` URIs.

Reports must be self-contained (no tiles, scripts or fonts fetched), so maps are
drawn with matplotlib in EPSG:3006 rather than with folium. Figures are built with
:class:`matplotlib.figure.Figure` (no pyplot state) and saved without timestamps.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from pyproj import Transformer

from workbench import i18n
from workbench.export.numformat import format_number
from workbench.reference import kommuner as km

DPI = 110
COLORS = ["#1f5f8b", "#e0a100", "#4d9a4d", "#b03a2e", "#7d5ba6", "#5f6b73", "#2aa198", "#c2185b"]
MONTHS = {
    "sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_TO_3006 = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_data_uri(fig: Figure) -> str:
    """PNG of ``fig`` as a ``data:image/png;base64,...`` URI (no software/date metadata)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})  # layout is constrained
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float = 7.0, height: float = 3.6) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _grouping(lang: str):
    """Tick formatter with the language's thousands separator and decimal mark."""

    def fmt(value, _pos):
        return format_number(value, lang, 0 if abs(value) >= 10 or value == int(value) else 1)

    return FuncFormatter(fmt)


def monthly_bars(values: Sequence[float], column: str, lang: str) -> Figure:
    """Bar chart of 12 monthly values of ``column`` (unit from its suffix)."""
    fig, ax = _figure()
    ax.bar(MONTHS[lang], list(values), color=COLORS[1])
    ax.set_ylabel(i18n.header(column, lang))
    ax.yaxis.set_major_formatter(_grouping(lang))
    return fig


def monthly_groups(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> Figure:
    """Grouped monthly bars, one colour per column (same unit), ``month`` 1–12 in ``frame``."""
    fig, ax = _figure()
    width = 0.8 / len(columns)
    x = np.arange(12)
    for i, (color, column) in enumerate(zip(COLORS, columns, strict=False)):
        ax.bar(x + (i - (len(columns) - 1) / 2) * width, frame[column].to_numpy(), width,
               color=color, label=i18n.label(column, lang))  # fmt: skip
    ax.set_xticks(x, MONTHS[lang])
    ax.set_ylabel(i18n.unit(columns[0], lang).display)
    ax.yaxis.set_major_formatter(_grouping(lang))
    ax.legend(frameon=False, fontsize=8)
    return fig


def category_bars(
    categories: Sequence[str], values: Sequence[float], column: str, lang: str
) -> Figure:
    """Horizontal bars of ``column`` per category, largest on top."""
    order = sorted(zip(values, categories, strict=True))
    fig, ax = _figure(7.0, 0.45 * len(order) + 1.2)
    ax.barh([c for _, c in order], [v for v, _ in order], color=COLORS[0])
    ax.set_xlabel(i18n.header(column, lang))
    ax.xaxis.set_major_formatter(_grouping(lang))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    return fig


def year_lines(frame: pd.DataFrame, year_col: str, columns: Sequence[str], lang: str,
               target: tuple[int, float] | None = None) -> Figure:  # fmt: skip
    """One line per column over the years; ``target`` (year, value) drawn as a marker."""
    fig, ax = _figure()
    for color, column in zip(COLORS, columns, strict=False):
        ax.plot(frame[year_col], frame[column], marker="o", ms=3, color=color,
                label=i18n.label(column, lang))  # fmt: skip
    if target is not None:
        ax.scatter([target[0]], [target[1]], marker="*", s=120, color=COLORS[3], zorder=5)
    units = {i18n.unit(c, lang).display for c in columns if i18n.unit(c, lang) is not None}
    ax.set_ylabel(", ".join(sorted(units)))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_grouping(lang))
    ax.set_ylim(bottom=0)
    if len(columns) > 1:
        ax.legend(frameon=False)
    return fig


def kommun_lines(wide: pd.DataFrame, column: str, lang: str) -> Figure:
    """One line per municipality (columns of ``wide``, index = year), distinct colours."""
    cmap = colormaps["tab20"]
    fig, ax = _figure(7.5, 4.4)
    for i, name in enumerate(wide.columns):
        ax.plot(wide.index, wide[name], color=cmap(i % 20), marker="o", ms=2, label=name)
    ax.set_ylabel(i18n.header(column, lang))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_grouping(lang))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def stacked_years(frame: pd.DataFrame, year_col: str, group_col: str, value_col: str,
                  lang: str) -> Figure:  # fmt: skip
    """Stacked bars of ``value_col`` per year, split by ``group_col`` (e.g. powertrain)."""
    table = frame.pivot_table(index=year_col, columns=group_col, values=value_col,
                              aggfunc="sum", fill_value=0).sort_index()  # fmt: skip
    fig, ax = _figure()
    bottom = None
    for color, group in zip(COLORS * 3, table.columns, strict=False):
        ax.bar(table.index, table[group], bottom=bottom, color=color,
               label=str(i18n.value_label(group_col, group, lang)))  # fmt: skip
        bottom = table[group] if bottom is None else bottom + table[group]
    ax.set_ylabel(i18n.header(value_col, lang))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def buildings_map(buildings, column: str, kommun: km.Kommun, lang: str) -> Figure:
    """Buildings (EPSG:3006) as points at their centroids coloured by ``column``; seat in red.

    Footprints are too small to see at municipal scale, so each building is a dot
    whose area grows with its footprint.
    """
    gdf = buildings.to_crs(3006) if buildings.crs is not None else buildings
    centroids = gdf.geometry.centroid
    area = gdf.geometry.area.to_numpy()
    sizes = 2.0 + 40.0 * (area / max(area.max(), 1.0)) ** 0.5
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    ax = fig.add_subplot()
    points = ax.scatter(centroids.x, centroids.y, c=gdf[column], s=sizes, cmap="viridis",
                        linewidths=0)  # fmt: skip
    fig.colorbar(points, ax=ax, shrink=0.7, label=i18n.header(column, lang))
    x, y = _TO_3006.transform(kommun.seat_lon, kommun.seat_lat)
    xmin, ymin, xmax, ymax = gdf.total_bounds
    if xmin - 20_000 <= x <= xmax + 20_000 and ymin - 20_000 <= y <= ymax + 20_000:
        ax.scatter([x], [y], color=COLORS[3], marker="*", s=120, zorder=5)
    ax.set_aspect("equal")
    ax.set_xlabel("E (m, SWEREF 99 TM)")
    ax.set_ylabel("N (m, SWEREF 99 TM)")
    ax.ticklabel_format(style="plain")
    ax.tick_params(labelsize=7)
    return fig


def seats_map(kommun: km.Kommun | None, lang: str, sizes: dict[str, float] | None = None) -> Figure:
    """The 14 municipal seats in EPSG:3006, ``kommun`` highlighted; optional marker sizes."""
    fig = Figure(figsize=(4.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    for k in km.all_kommuner():
        x, y = _TO_3006.transform(k.seat_lon, k.seat_lat)
        chosen = kommun is not None and k.kommun_id_scb == kommun.kommun_id_scb
        size = (sizes or {}).get(k.kommun_id_scb, 25.0)
        ax.scatter([x], [y], s=size, color=COLORS[3] if chosen else COLORS[0], zorder=3)
        ax.annotate(k.name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7,
                    fontweight="bold" if chosen else "normal")  # fmt: skip
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("SWEREF 99 TM", fontsize=8, loc="left")
    return fig
