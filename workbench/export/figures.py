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
from matplotlib import colormaps, patheffects
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, MaxNLocator
from pyproj import Transformer

from workbench import i18n
from workbench.export.numformat import format_number
from workbench.i18n import palette
from workbench.reference import boundaries
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


ENERGY_UNITS = {"kwh": 1.0, "mwh": 1e3, "gwh": 1e6}  # [kWh] per unit


def energy_scale(values: Sequence[float], column: str) -> tuple[float, str]:
    """The divisor and unit key (``kwh``, ``mwh``, ``gwh``) that put the largest of ``values``
    (in ``column``'s unit) between 10 and 10 000: kWh below 10 000 kWh, MWh below 10 000 MWh,
    else GWh (whole numbers on the axis, never 30 000 000).

    >>> energy_scale([30_714_018.6], "pv_kwh"), energy_scale([1_653_697.0], "pv_kwh")
    ((1000000.0, 'gwh'), (1000.0, 'mwh'))
    """
    key = i18n.unit_key(column)
    if key not in ENERGY_UNITS:
        return 1.0, key
    peak = max((abs(float(v)) for v in values), default=0.0) * ENERGY_UNITS[key]  # [kWh]
    chosen = "kwh" if peak < 1e4 else "mwh" if peak < 1e7 else "gwh"
    return ENERGY_UNITS[chosen] / ENERGY_UNITS[key], chosen


def _scaled_axis(values: Sequence[float], column: str, lang: str):
    """Divisor, unit text and tick formatter for ``values`` of ``column``: energy scaled by
    :func:`energy_scale` with the same decimals on every tick; other units as they are."""
    divisor, key = energy_scale(values, column)
    if key not in ENERGY_UNITS:
        unit = i18n.unit(column, lang)
        return 1.0, unit.display if unit is not None else "", _grouping(lang)
    peak = max((abs(float(v)) / divisor for v in values), default=0.0)
    decimals = 0 if peak >= 10 else 1
    formatter = FuncFormatter(lambda v, _p: format_number(v, lang, decimals))
    return divisor, i18n.dictionary(lang)["units"][key], formatter


def _with_unit(text: str, unit: str) -> str:
    return f"{text} ({unit})" if unit else text


def monthly_bars(values: Sequence[float], column: str, lang: str) -> Figure:
    """Bar chart of 12 monthly values of ``column``, energy in kWh, MWh or GWh by magnitude
    (:func:`energy_scale`), the unit in the axis label, every tick with the same decimals."""
    fig, ax = _figure()
    values = [float(v) for v in values]
    divisor, unit, formatter = _scaled_axis(values, column, lang)
    ax.bar(MONTHS[lang], [v / divisor for v in values], color=COLORS[1])
    ax.set_ylabel(_with_unit(i18n.label(column, lang), unit))
    ax.yaxis.set_major_formatter(formatter)
    return fig


def monthly_groups(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> Figure:
    """Grouped monthly bars, one colour per column (same unit, scaled together as in
    :func:`monthly_bars`), ``month`` 1–12 in ``frame``."""
    fig, ax = _figure()
    width = 0.8 / len(columns)
    x = np.arange(12)
    every = [float(v) for c in columns for v in frame[c].to_numpy()]
    divisor, unit, formatter = _scaled_axis(every, columns[0], lang)
    for i, (color, column) in enumerate(zip(COLORS, columns, strict=False)):
        ax.bar(x + (i - (len(columns) - 1) / 2) * width, frame[column].to_numpy() / divisor, width,
               color=color, label=i18n.label(column, lang))  # fmt: skip
    ax.set_xticks(x, MONTHS[lang])
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(formatter)
    ax.legend(frameon=False, fontsize=8)
    return fig


def category_bars(
    categories: Sequence[str], values: Sequence[float], column: str, lang: str
) -> Figure:
    """Horizontal bars of ``column`` per category, largest on top; energy scaled as in
    :func:`monthly_bars`."""
    values = [float(v) for v in values]
    divisor, unit, formatter = _scaled_axis(values, column, lang)
    order = sorted(zip(values, categories, strict=True))
    fig, ax = _figure(7.0, 0.45 * len(order) + 1.2)
    ax.barh([c for _, c in order], [v / divisor for v, _ in order], color=COLORS[0])
    ax.set_xlabel(_with_unit(i18n.label(column, lang), unit))
    ax.xaxis.set_major_formatter(formatter)
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
    """Stacked bars of ``value_col`` per year, split by ``group_col`` (e.g. powertrain: one
    colour per fuel, :mod:`workbench.i18n.palette`)."""
    table = frame.pivot_table(index=year_col, columns=group_col, values=value_col,
                              aggfunc="sum", fill_value=0).sort_index()  # fmt: skip
    fig, ax = _figure()
    bottom = None
    colors = ([palette.fuel_color(g) for g in table.columns] if palette.is_fuel_column(group_col)
              else COLORS * 3)  # fmt: skip
    for color, group in zip(colors, table.columns, strict=False):
        ax.bar(table.index, table[group], bottom=bottom, color=color,
               label=str(i18n.value_label(group_col, group, lang)))  # fmt: skip
        bottom = table[group] if bottom is None else bottom + table[group]
    ax.set_ylabel(i18n.header(value_col, lang))
    ax.set_xlabel(i18n.text("year_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


YIELD_RANGE_KWH_PER_KWP = (600.0, 950.0)
"""Fixed colour range of every municipality's building map [kWh/kWp per year]: the SYNTHETIC
demo buildings of all 14 municipalities lie between 620 (Pajala) and 902 (Boden) kWh/kWp
(``workbench solar -k <slug>`` for each, embedded typical years, December 2026), rounded out to
600 and 950; values outside are drawn at the ends of the colour bar."""
HEX_M = 500.0  # hexagon width of the built-up map [m]
OVERVIEW_HEXES = 60  # hexagons across the municipality overview
OUTLINE = {"facecolor": "none", "edgecolor": "#333333", "linewidth": 0.9}


def outline_path(geometry) -> Path:
    """A matplotlib path of a (Multi)Polygon's rings (EPSG:3006 metres), holes kept."""
    polygons = getattr(geometry, "geoms", [geometry])
    rings = [r for poly in polygons for r in (poly.exterior, *poly.interiors)]
    return Path.make_compound_path(*[Path(np.asarray(r.coords)[:, :2], closed=True) for r in rings])


def add_outline(ax, kommun: km.Kommun, **style) -> PathPatch:
    """Draw the municipality's boundary (:mod:`workbench.reference.boundaries`) on ``ax``;
    the patch has ``gid`` ``kommun_outline:<code>``."""
    patch = PathPatch(outline_path(boundaries.boundary(kommun)), **{**OUTLINE, **style})
    patch.set_gid(f"kommun_outline:{kommun.kommun_id_scb}")
    ax.add_patch(patch)
    return patch


def outlines(ax) -> list[str]:
    """The codes of the municipalities whose outline is drawn on ``ax``."""
    return [str(p.get_gid()).split(":")[1] for p in ax.patches
            if str(p.get_gid()).startswith("kommun_outline:")]  # fmt: skip


def map_outlines(fig: Figure) -> tuple[str, ...]:
    """The municipality outlines drawn on any axes of ``fig``, sorted and without repeats: what
    a report :class:`workbench.export.report.Figure` records of a map."""
    return tuple(sorted({code for ax in fig.axes for code in outlines(ax)}))


def _km_axes(ax, lang: str) -> None:
    """Axes in km (SWEREF 99 TM), Swedish/English number format, equal aspect."""
    km_fmt = FuncFormatter(lambda v, _pos: format_number(v / 1000.0, lang, 0))
    ax.xaxis.set_major_formatter(km_fmt)
    ax.yaxis.set_major_formatter(km_fmt)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_aspect("equal")
    ax.tick_params(labelsize=7)


def _seat(ax, kommun: km.Kommun, label: bool = True, size: float = 220.0) -> None:
    """The seat as a red star with a white rim (and its name), above everything else."""
    x, y = _TO_3006.transform(kommun.seat_lon, kommun.seat_lat)
    ax.scatter([x], [y], marker="*", s=size, color=COLORS[3], edgecolors="white", linewidths=1.0,
               zorder=6)  # fmt: skip
    if label:
        text = ax.annotate(kommun.seat, (x, y), xytext=(7, 5), textcoords="offset points",
                           fontsize=8, fontweight="bold", zorder=7)  # fmt: skip
        text.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])


def _padded(bounds, pad: float) -> tuple[float, float, float, float]:
    xmin, ymin, xmax, ymax = bounds
    return xmin - pad, xmax + pad, ymin - pad, ymax + pad


def buildings_map(buildings, column: str, kommun: km.Kommun, lang: str) -> Figure:
    """The buildings of one municipality in two maps (EPSG:3006, km), both with the
    municipality's outline and the seat as a red star.

    Left, the built-up area: hexagons of :data:`HEX_M` coloured by the mean of ``column`` of
    the buildings in them (so a dense centre is not one blob of overlapping dots); a
    ``kwh_per_kwp`` map uses the fixed :data:`YIELD_RANGE_KWH_PER_KWP` in every
    municipality. Right, the whole municipality: the number of buildings per hexagon (log
    scale) and the frame of the left map.
    """
    gdf = buildings.to_crs(3006) if buildings.crs is not None else buildings
    centroids = gdf.geometry.centroid
    x, y = centroids.x.to_numpy(), centroids.y.to_numpy()
    values = gdf[column].to_numpy(dtype=float)
    shape = boundaries.boundary(kommun)
    fig = Figure(figsize=(7.6, 4.6), layout="constrained")
    near, whole = fig.subplots(1, 2, width_ratios=[1.45, 1.0])
    # the built-up area: the buildings' extent, padded, seat included
    sx, sy = _TO_3006.transform(kommun.seat_lon, kommun.seat_lat)
    xmin, xmax, ymin, ymax = _padded(
        (min(x.min(), sx), min(y.min(), sy), max(x.max(), sx), max(y.max(), sy)), 2 * HEX_M
    )
    nx = max(1, round((xmax - xmin) / HEX_M))
    ny = max(1, round((ymax - ymin) / (HEX_M * 3**0.5)))
    vmin, vmax = YIELD_RANGE_KWH_PER_KWP if column == "kwh_per_kwp" else (None, None)
    hexes = near.hexbin(x, y, C=values, reduce_C_function=np.mean, gridsize=(nx, ny),
                        extent=(xmin, xmax, ymin, ymax), cmap="viridis", vmin=vmin, vmax=vmax,
                        mincnt=1, linewidths=0.2, edgecolors="face", zorder=2)  # fmt: skip
    add_outline(near, kommun, zorder=4)
    _seat(near, kommun)
    near.set_xlim(xmin, xmax)
    near.set_ylim(ymin, ymax)
    _km_axes(near, lang)
    near.set_xlabel(i18n.text("map_east_km", lang), fontsize=8)
    near.set_ylabel(i18n.text("map_north_km", lang), fontsize=8)
    bar = fig.colorbar(hexes, ax=near, orientation="horizontal", shrink=0.8, aspect=30,
                       extend="both" if vmin is not None else "neither")  # fmt: skip
    bar.set_label(i18n.header(column, lang) + " – " + i18n.text("map_hex_mean", lang), fontsize=8)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_grouping(lang))
    # the whole municipality: how many buildings where
    bx0, by0, bx1, by1 = shape.bounds  # widened to buildings outside it (--allow-outside)
    bx0, by0, bx1, by1 = min(bx0, xmin), min(by0, ymin), max(bx1, xmax), max(by1, ymax)
    wx0, wx1, wy0, wy1 = _padded((bx0, by0, bx1, by1), 0.03 * max(bx1 - bx0, by1 - by0))
    whole.add_patch(PathPatch(outline_path(shape), facecolor="#f2f2f2", edgecolor="none",
                              zorder=1))  # fmt: skip
    size = max(bx1 - bx0, by1 - by0) / OVERVIEW_HEXES
    counts = whole.hexbin(x, y, gridsize=(max(1, round((wx1 - wx0) / size)),
                                          max(1, round((wy1 - wy0) / (size * 3**0.5)))),
                          extent=(wx0, wx1, wy0, wy1), norm=LogNorm(vmin=1.0), mincnt=1,
                          cmap="magma_r", linewidths=0.2, edgecolors="face", zorder=2)  # fmt: skip
    n = counts.get_array()
    counts.set_clim(1.0, max(10.0, float(n.max()) if n.size else 1.0))  # lone buildings too
    add_outline(whole, kommun, zorder=4)
    whole.add_patch(Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, facecolor="none",
                              edgecolor=COLORS[0], linewidth=1.0, linestyle="--", zorder=5))  # fmt: skip
    _seat(whole, kommun, label=False, size=160.0)
    whole.set_xlim(wx0, wx1)
    whole.set_ylim(wy0, wy1)
    _km_axes(whole, lang)
    whole.set_xlabel(i18n.text("map_east_km", lang), fontsize=8)
    bar = fig.colorbar(counts, ax=whole, orientation="horizontal", shrink=0.9, aspect=25)
    bar.set_label(i18n.text("map_hex_count", lang), fontsize=8)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_grouping(lang))
    return fig


def seats_map(kommun: km.Kommun | None, lang: str, sizes: dict[str, float] | None = None) -> Figure:
    """The 14 municipalities (outlines) and their seats in EPSG:3006, ``kommun`` highlighted;
    optional marker sizes."""
    fig = Figure(figsize=(4.4, 4.6), layout="constrained")
    ax = fig.add_subplot()
    for k in km.all_kommuner():
        chosen = kommun is not None and k.kommun_id_scb == kommun.kommun_id_scb
        add_outline(ax, k, linewidth=1.2 if chosen else 0.5, zorder=3 if chosen else 2,
                    facecolor="#f6d5cf" if chosen else "#f4f4f4",
                    edgecolor="#333333" if chosen else "#999999")  # fmt: skip
    for k in km.all_kommuner():
        x, y = _TO_3006.transform(k.seat_lon, k.seat_lat)
        chosen = kommun is not None and k.kommun_id_scb == kommun.kommun_id_scb
        size = (sizes or {}).get(k.kommun_id_scb, 25.0)
        ax.scatter([x], [y], s=size, color=COLORS[3] if chosen else COLORS[0], zorder=4)
        text = ax.annotate(k.name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7,
                           fontweight="bold" if chosen else "normal", zorder=5)  # fmt: skip
        text.set_path_effects([patheffects.withStroke(linewidth=2.0, foreground="white")])
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("SWEREF 99 TM", fontsize=8, loc="left")
    return fig


def county_map(values: dict[str, float], column: str, lang: str) -> Figure:
    """The 14 municipalities coloured by ``column`` (``values`` by SCB code; one scale for all,
    from the smallest to the largest value), outlines and seats; a municipality without a
    value is hatched grey."""
    fig = Figure(figsize=(5.2, 4.9), layout="constrained")
    ax = fig.add_subplot()
    known = [float(v) for v in values.values() if v is not None and np.isfinite(v)]
    norm = Normalize(min(known, default=0.0), max(known, default=1.0))
    cmap = colormaps["viridis"]
    for k in km.all_kommuner():
        value = values.get(k.kommun_id_scb)
        if value is not None and np.isfinite(value):
            add_outline(ax, k, facecolor=cmap(norm(float(value))), edgecolor="white", zorder=2)
        else:
            add_outline(ax, k, facecolor="#eeeeee", edgecolor="white", hatch="///", zorder=2)
        x, y = _TO_3006.transform(k.seat_lon, k.seat_lat)
        ax.scatter([x], [y], s=12, color="black", zorder=4)
        text = ax.annotate(k.name, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7,
                           zorder=5)  # fmt: skip
        text.set_path_effects([patheffects.withStroke(linewidth=2.0, foreground="white")])
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    bar = fig.colorbar(ScalarMappable(norm, cmap), ax=ax, shrink=0.6)
    bar.set_label(i18n.header(column, lang), fontsize=8)
    bar.ax.yaxis.set_major_formatter(_grouping(lang))
    bar.ax.tick_params(labelsize=7)
    ax.set_title("SWEREF 99 TM", fontsize=8, loc="left")
    return fig
