"""Figures and maps of a rooftop result (matplotlib static, folium interactive).

Used by ``notebooks/02_rooftop_potential.ipynb``; each function takes a
:class:`workbench.solar.potential.RooftopResult` and returns a figure or map.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
from branca.colormap import LinearColormap
from matplotlib import colors

from workbench.reference import arctic, boundaries, maps
from workbench.solar.potential import RooftopResult
from workbench.solar.ranking import best_roofs

YIELD_COLUMN = "annual_kwh_per_m2"  # annual energy per m² of footprint [kWh m-2]
CMAP = "viridis"


def _energy_density(result: RooftopResult) -> np.ndarray:
    b = result.buildings
    return (b["annual_kwh"] / b["footprint_area_m2"]).to_numpy()


def static_map(result: RooftopResult, ax=None):
    """Every building coloured by annual energy per m² of footprint [kWh m-2] (EPSG:3006)."""
    b = result.buildings.assign(**{YIELD_COLUMN: _energy_density(result)})
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 9))
    vmax = float(np.nanpercentile(b[YIELD_COLUMN], 99)) if len(b) else 1.0
    b.plot(column=YIELD_COLUMN, ax=ax, cmap=CMAP, norm=colors.Normalize(0, vmax), linewidth=0)
    if result.kommun is not None:  # the municipal outline and the seat, as on the HTML map
        outline = gpd.GeoSeries([boundaries.boundary(result.kommun.name)], crs=boundaries.CRS)
        outline.boundary.plot(ax=ax, color="#222222", linewidth=1.2, linestyle="--")
        seat = gpd.GeoSeries.from_xy([result.kommun.seat_lon], [result.kommun.seat_lat], crs=4326)
        seat.to_crs(boundaries.CRS).plot(
            ax=ax, color="#c0392b", edgecolor="white", markersize=60, zorder=5
        )
    sm = plt.cm.ScalarMappable(cmap=CMAP, norm=colors.Normalize(0, vmax))
    ax.figure.colorbar(sm, ax=ax, shrink=0.6, label="annual PV energy per footprint m² [kWh/m²]")
    title = f"Rooftop PV potential, {result.summary.get('kommun') or 'all buildings'}"
    if result.summary.get("is_synthetic"):
        title += " (SYNTHETIC demo buildings)"
    ax.set_title(title)
    if len(b) > 50:  # zoom to where most buildings are (scattered farms would shrink the town)
        c = b.geometry.centroid
        pad = 150.0
        ax.set_xlim(np.percentile(c.x, 2) - pad, np.percentile(c.x, 98) + pad)
        ax.set_ylim(np.percentile(c.y, 2) - pad, np.percentile(c.y, 98) + pad)
    ax.set_xlabel("E [m] (SWEREF 99 TM)")
    ax.set_ylabel("N [m]")
    ax.set_aspect("equal")
    return ax.figure


def interactive_map(result: RooftopResult, max_buildings: int = 1500, top_n: int = 20):
    """Folium map of the ``max_buildings`` highest-energy roofs, the ``top_n`` best
    (:func:`workbench.solar.ranking.best_roofs`) outlined red, with the municipal outline.

    Works offline (:class:`workbench.reference.maps.OfflineMap`: Leaflet inline, no CDN); the
    tiles need a network, the buildings and the outline do not. Limited to the best roofs so
    the HTML stays small enough to open in any browser.
    """
    shown = result.top(max_buildings).to_crs(4326)
    density = (shown["annual_kwh"] / shown["footprint_area_m2"]).to_numpy()
    vmax = float(np.nanmax(density)) if len(shown) else 1.0
    ramp = ["#440154", "#21918c", "#fde725"]
    cmap = LinearColormap(ramp, vmin=0, vmax=vmax)
    centre = shown.union_all().centroid if len(shown) else None
    fmap = maps.OfflineMap(
        location=[centre.y, centre.x] if centre is not None else [66.5, 21.0],
        zoom_start=13,
        tiles="OpenStreetMap",
        fallback="The static map above shows every building and the municipal outline.",
    )
    if result.kommun is not None:
        maps.add_outline(fmap, result.kommun)
    best = set(best_roofs(result, top_n)["building_id"])
    frame = shown[["building_id", "building_type", "capacity_kwp", "annual_kwh", "geometry"]].copy()
    frame["capacity_kwp"] = frame["capacity_kwp"].round(1)
    frame["annual_kwh"] = frame["annual_kwh"].round(0)
    frame["density"] = density
    folium.GeoJson(
        frame.to_json(),
        name="buildings",
        style_function=lambda f: {
            "fillColor": cmap(f["properties"]["density"]),
            "color": "#d62728" if f["properties"]["building_id"] in best else "#333333",
            "weight": 3 if f["properties"]["building_id"] in best else 0.5,
            "fillOpacity": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(
            ["building_id", "building_type", "capacity_kwp", "annual_kwh"],
            aliases=["building", "type", "kWp", "kWh/yr"],
        ),
    ).add_to(fmap)
    fmap.add_legend(ramp, "0", f"{vmax:.0f}", "annual PV energy per footprint m² [kWh/m²]")
    return fmap


def by_type_chart(result: RooftopResult):
    """Annual energy [MWh] by building type with the low–high band as error bars."""
    t = result.by_type.groupby("building_type")[
        ["annual_mwh", "annual_low_mwh", "annual_high_mwh"]
    ].sum()
    t = t.sort_values("annual_mwh")
    fig, ax = plt.subplots(figsize=(8, 4))
    err = np.vstack([t["annual_mwh"] - t["annual_low_mwh"], t["annual_high_mwh"] - t["annual_mwh"]])
    ax.barh(t.index, t["annual_mwh"], xerr=err, color="#21918c", capsize=3)
    ax.set_xlabel("annual PV energy [MWh/yr] (bars: low–high band)")
    ax.set_title("Rooftop potential by building type")
    fig.tight_layout()
    return fig


def monthly_chart(result: RooftopResult):
    """Monthly energy [MWh] summed over building types."""
    m = result.monthly.groupby("month")["pv_kwh"].sum() / 1000.0
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(m.index, m.to_numpy(), color="#fde725", edgecolor="#333333")
    ax.set_xticks(range(1, 13))
    ax.set_xlabel("month")
    ax.set_ylabel("PV energy [MWh]")
    ax.set_title(monthly_title(result))
    fig.tight_layout()
    return fig


def monthly_title(result: RooftopResult) -> str:
    """Title of the monthly chart; "polar night" only when the seat lies north of the
    Arctic Circle (:mod:`workbench.reference.arctic`)."""
    if result.kommun is None:
        return "Monthly rooftop PV energy"
    return f"Monthly rooftop PV energy, {result.kommun.name} ({arctic.daylight_phrase(result.kommun.seat_lat)})"


def top_table(result: RooftopResult, n: int = 20, by: str = "roof_kwh_per_m2"):
    """The ``n`` best roofs by annual energy per m² of roof (or ``by="kwh_per_kwp"``) among
    systems of at least :data:`workbench.solar.ranking.MIN_CAPACITY_KWP` (no geometry)."""
    return best_roofs(result, n, by=by).drop(columns="geometry")
