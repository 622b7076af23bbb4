"""Maps and charts of the exports: outlines, seat, one colour scale, fuel colours, energy units,
no clipped labels, the municipal polygon in the GeoPackage.

The figures are checked as matplotlib objects (the artists they hold), not as pixels; the
clipping test draws them with the Agg renderer and compares each axes' extent, labels
included, with the figure's.
"""

from __future__ import annotations

import colorsys

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from export_fixtures import buildings, results
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_rgb
from pyproj import Transformer
from shapely.geometry import box

from workbench import i18n
from workbench.export import figures
from workbench.export.gpkg import SUMMARY_LAYER, summary_layer, write_kommun_gpkg
from workbench.export.numformat import format_number
from workbench.export.package import write_kommun_package
from workbench.fleet.register import FUELS
from workbench.i18n import palette
from workbench.reference import boundaries
from workbench.reference import kommuner as km

TO_3006 = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def _town(kommun: str, n: int, low: float, high: float, seed: int) -> gpd.GeoDataFrame:
    """``n`` 10 x 12 m houses around the seat (half within 1 km, the rest within 10 km),
    specific yield uniform in [low, high] kWh/kWp."""
    k = km.get(kommun)
    x0, y0 = TO_3006.transform(k.seat_lon, k.seat_lat)
    rng = np.random.default_rng(seed)
    radius = np.where(np.arange(n) < n // 2, 1_000.0, 10_000.0) * np.sqrt(rng.random(n))
    angle = 2 * np.pi * rng.random(n)
    xs, ys = x0 + radius * np.cos(angle), y0 + radius * np.sin(angle)
    return gpd.GeoDataFrame(
        {"kwh_per_kwp": rng.uniform(low, high, n), "annual_kwh": rng.uniform(1e3, 1e5, n)},
        geometry=[box(x, y, x + 10, y + 12) for x, y in zip(xs, ys, strict=True)],
        crs=3006,
    )


def _outline_patch(ax, code: str):
    return next(p for p in ax.patches if p.get_gid() == f"kommun_outline:{code}")


@pytest.mark.parametrize("kommun", ["Luleå", "Kiruna"])
def test_buildings_map_has_outline_seat_and_density(kommun):
    k = km.get(kommun)
    fig = figures.buildings_map(_town(kommun, 2_000, 640, 900, 1), "kwh_per_kwp", k, "sv")
    near, whole = fig.axes[:2]
    for ax in (near, whole):
        assert figures.outlines(ax) == [k.kommun_id_scb]
        # the outline is the boundary table's polygon: same extent to the metre
        extent = _outline_patch(ax, k.kommun_id_scb).get_path().get_extents()
        assert np.allclose(extent.bounds, _bounds_xywh(boundaries.boundary(k)), atol=1.0)
        # the seat: a star of at least 150 pt^2 at the seat's SWEREF 99 TM coordinates
        x, y = TO_3006.transform(k.seat_lon, k.seat_lat)
        stars = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert any(
            np.allclose(c.get_offsets(), [[x, y]]) and c.get_sizes()[0] >= 150 for c in stars
        )
    # density: hexagons, and the overview's counts add up to the 2 000 buildings
    counts = next(c for c in whole.collections if isinstance(c, PolyCollection))
    assert counts.get_array().sum() == 2_000 and counts.norm.__class__.__name__ == "LogNorm"
    hexes = next(c for c in near.collections if isinstance(c, PolyCollection))
    assert len(hexes.get_array()) < 2_000  # the dense centre is pooled, not 1 000 dots


def _bounds_xywh(geometry) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = geometry.bounds
    return x0, y0, x1 - x0, y1 - y0


@pytest.mark.slow
def test_one_colour_scale_across_municipalities():
    """Luleå's buildings (670-900 kWh/kWp) and Pajala's (620-810) use the same 600-950 scale."""
    norms = []
    for kommun, low, high in (("Luleå", 670, 900), ("Pajala", 620, 810)):
        fig = figures.buildings_map(_town(kommun, 500, low, high, 2), "kwh_per_kwp",
                                    km.get(kommun), "sv")  # fmt: skip
        hexes = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
        norms.append((hexes.norm.vmin, hexes.norm.vmax))
    assert norms == [figures.YIELD_RANGE_KWH_PER_KWP] * 2 == [(600.0, 950.0)] * 2
    assert "600–950 kWh/kWp" in i18n.text("fig_solar_map", "sv")  # the caption states it


def test_three_buildings_make_a_map():
    """The export tests' three Luleå buildings (one per hexagon, counts all 1)."""
    fig = figures.buildings_map(buildings(), "kwh_per_kwp", km.get("Luleå"), "en")
    assert _inside(fig) and figures.outlines(fig.axes[1]) == ["2580"]


def test_location_map_outlines_all_fourteen_municipalities():
    fig = figures.seats_map(km.get("Pajala"), "sv")
    assert sorted(figures.outlines(fig.axes[0])) == sorted(
        k.kommun_id_scb for k in km.all_kommuner()
    )


def _inside(fig) -> bool:
    """Every axes, with its tick labels, axis labels and colour bars, inside the figure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    for ax in fig.axes:
        box_ = ax.get_tightbbox(renderer)
        if box_.x0 < page.x0 - 0.5 or box_.y0 < page.y0 - 0.5:
            return False
        if box_.x1 > page.x1 + 0.5 or box_.y1 > page.y1 + 0.5:
            return False
    return True


@pytest.mark.parametrize("kommun", ["Kiruna", "Luleå", "Haparanda"])
@pytest.mark.slow
def test_no_clipped_labels_on_the_maps(kommun):
    k = km.get(kommun)
    assert _inside(figures.buildings_map(_town(kommun, 300, 640, 900, 3), "kwh_per_kwp", k, "sv"))
    assert _inside(figures.seats_map(k, "sv"))


def test_a_clipped_label_is_detected():
    """The check above can fail: a y label pushed off the page is found."""
    fig = figures.seats_map(km.get("Kiruna"), "sv")
    fig.axes[0].set_ylabel("N (m, SWEREF 99 TM)", labelpad=400)
    fig.set_layout_engine("none")
    assert not _inside(fig)


def test_monthly_axis_is_scaled_to_mwh_or_gwh():
    """The peak month between 10 and 10 000 of the unit: Luleå's demo, 30 714 018.6 kWh in June
    -> 30.7 GWh; Pajala's 1 653 697 kWh -> 1 654 MWh; 198 MWh a year (peak 38 MWh) stays MWh;
    a 9 000 kWh peak stays kWh, 12 000 kWh is 12 MWh."""
    assert figures.energy_scale([30_714_018.6], "pv_kwh") == (1e6, "gwh")
    assert figures.energy_scale([1_653_697.0], "pv_kwh") == (1e3, "mwh")
    assert figures.energy_scale([38.0], "annual_mwh") == (1.0, "mwh")
    assert figures.energy_scale([9_000.0], "pv_kwh") == (1.0, "kwh")
    assert figures.energy_scale([12_000.0], "pv_kwh") == (1e3, "mwh")
    june = 30_714_018.6
    values = [june * f for f in (0.01, 0.07, 0.4, 0.66, 0.95, 1.0, 0.9, 0.72, 0.41, 0.2, 0.02, 0.0)]
    fig = figures.monthly_bars(values, "pv_kwh", "sv")
    ax = fig.axes[0]
    assert ax.get_ylabel() == f"{i18n.label('pv_kwh', 'sv')} (GWh)"
    heights = [bar.get_height() for bar in ax.patches]
    assert heights[5] == pytest.approx(30.7140186)
    assert ax.get_ylim()[1] < 40  # not 30 000 000
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[:4] == ["0", "5", "10", "15"] and "30" in ticks
    small = figures.monthly_bars([v / 5 for v in values], "pv_kwh", "sv").axes[0]  # 6.1 GWh
    FigureCanvasAgg(small.figure).draw()
    assert small.get_ylabel().endswith("(MWh)")
    ticks = {t.get_text() for t in small.get_yticklabels()}  # Swedish grouping: "6 000"
    assert {format_number(v, "sv", 0) for v in (0, 1_000, 6_000)} <= ticks
    assert format_number(6_000, "sv", 0) == "6\u00a0000"


def _hls(color: str) -> tuple[float, float, float]:
    """Hue [degrees], lightness, saturation of a colour."""
    h, lightness, s = colorsys.rgb_to_hls(*to_rgb(color))
    return 360.0 * h, lightness, s


def test_fossil_fuels_are_never_green():
    """Green hues lie between 60 deg (yellow-green) and 180 deg (cyan); a fossil fuel is either
    grey (saturation < 0.15) or outside that range. Diesel #4d4d4d is grey, petrol #d95f02 is
    orange (hue 26 deg), fossil gas #b03a2e is red (hue 5 deg)."""
    for key in ("diesel", "petrol", "gas_fossil", "flytande_fossil", "fast_fossil"):
        assert key in palette.FOSSIL
    for key, color in palette.FOSSIL.items():
        hue, _, saturation = _hls(color)
        assert saturation < 0.15 or not 60.0 <= hue <= 180.0, (key, color, hue)
    assert _hls(palette.fuel_color("petrol"))[0] == pytest.approx(26.0, abs=1.0)
    for key, color in palette.RENEWABLE.items():  # and the renewables are green
        assert 60.0 <= _hls(color)[0] <= 180.0, (key, color)


def test_every_fuel_in_the_data_has_one_colour():
    """Every register fuel and every energy carrier the strategy data and labels know."""
    carriers = set(i18n.dictionary("sv")["values"]["carrier"]) - {"total"}
    assert {*FUELS, *carriers} <= set(palette.FUEL_COLORS)
    assert (
        palette.fuel_color("el") == palette.fuel_color("bev") == palette.fuel_color("electricity")
    )
    with pytest.raises(KeyError, match="palette.py"):
        palette.fuel_color("kerosene")


def test_stock_chart_uses_the_fuel_colours():
    """The fleet-stock chart of the report: diesel bars are the palette's grey, not green."""
    stock = pd.DataFrame({"year": [2025, 2025, 2025, 2026, 2026],
                          "powertrain": ["diesel", "bev", "petrol", "diesel", "bev"],
                          "n_vehicles": [100, 20, 5, 60, 65]})  # fmt: skip
    ax = figures.stacked_years(stock, "year", "powertrain", "n_vehicles", "sv").axes[0]
    legend = {t.get_text(): h for t, h in zip(ax.get_legend().texts, ax.get_legend().legend_handles,
                                             strict=True)}  # fmt: skip
    assert legend["diesel"].get_facecolor()[:3] == pytest.approx(to_rgb("#4d4d4d"))
    assert legend["bensin"].get_facecolor()[:3] == pytest.approx(
        to_rgb(palette.fuel_color("petrol"))
    )


def test_kommun_summary_layer_is_the_municipal_polygon(tmp_path):
    """The kommun_summary layer holds the municipality's polygon: Luleå 2 028.7 km^2 in the
    boundary table (SCB land and inland water, sea excluded, simplified), the seat within it."""
    data = results(tmp_path)
    layer = summary_layer(data)
    assert layer.geom_type.iloc[0] in ("Polygon", "MultiPolygon")
    path = write_kommun_gpkg(tmp_path / "lulea.gpkg", data, {"scenario": "default"})
    assert dict(pyogrio.list_layers(path))[SUMMARY_LAYER] == "MultiPolygon"
    read = gpd.read_file(path, layer=SUMMARY_LAYER)
    table = boundaries.boundaries().set_index("kommun_id_scb")
    assert read.crs.to_epsg() == 3006
    assert read.geometry.iloc[0].area / 1e6 == pytest.approx(
        table.loc["2580", "area_km2"], rel=0.01
    )
    x, y = TO_3006.transform(km.get("Luleå").seat_lon, km.get("Luleå").seat_lat)
    assert read.geometry.iloc[0].distance(gpd.points_from_xy([x], [y])[0]) < 1_000.0


def test_county_map_is_one_scale_with_outlines_and_a_hatched_gap():
    """kWh per inhabitant on one scale from the lowest to the highest value (1 624 .. 2 228, the
    demo's range);
    Pajala without a solar result is hatched grey, not coloured as zero."""
    values = {k.kommun_id_scb: 1_624.0 + 604.0 * i / 12 for i, k in enumerate(km.all_kommuner())}
    values["2521"] = float("nan")  # Pajala
    fig = figures.county_map(values, "solar_kwh_per_inhabitant", "sv")
    ax = fig.axes[0]
    assert sorted(figures.outlines(ax)) == sorted(k.kommun_id_scb for k in km.all_kommuner())
    pajala = _outline_patch(ax, "2521")
    assert pajala.get_hatch() == "///" and pajala.get_facecolor()[:3] == pytest.approx(
        to_rgb("#eeeeee")
    )
    known = [v for v in values.values() if v == v]
    for code in ("2584", "2580", "2505"):  # Kiruna (highest here), Luleå, Arvidsjaur (lowest)
        share = (values[code] - min(known)) / (max(known) - min(known))
        expected = figures.colormaps["viridis"](share)
        assert _outline_patch(ax, code).get_facecolor() == pytest.approx(expected)
    assert _inside(fig)


@pytest.mark.slow
def test_report_names_the_outlines_of_its_maps(tmp_path):
    """The HTML report's two maps carry their outline layers (``data-outlines``), the charts
    none."""
    pkg = write_kommun_package("Luleå", tmp_path / "lulea", results=results(tmp_path))
    html = pkg.report.read_text(encoding="utf-8")
    codes = " ".join(sorted(k.kommun_id_scb for k in km.all_kommuner()))
    assert html.count('<figure class="map" data-outlines="2580">') == 1  # the building map
    assert html.count(f'<figure class="map" data-outlines="{codes}">') == 1  # the location map
    assert html.count("<figure") == html.count('<figure class="map"') + html.count("<figure>")
    assert html.count("<figure>") >= 2  # monthly and per-type charts have no outline


def test_per_type_and_match_charts_are_scaled_too():
    """Luleå demo per building type: 69 155 MWh for the largest -> 69.2 GWh; a match month
    table in kWh (peak 420 000 kWh) -> MWh; a share in % stays as it is."""
    ax = figures.category_bars(["Småhus", "Industri"], [12_000.0, 69_155.0], "annual_mwh",
                               "sv").axes[0]  # fmt: skip
    assert ax.get_xlabel() == f"{i18n.label('annual_mwh', 'sv')} (GWh)"
    assert max(bar.get_width() for bar in ax.patches) == pytest.approx(69.155)
    frame = pd.DataFrame({"month": range(1, 13), "pv_kwh": np.linspace(0, 420_000, 12),
                          "charging_kwh": np.full(12, 90_000.0)})  # fmt: skip
    ax = figures.monthly_groups(frame, ["pv_kwh", "charging_kwh"], "sv").axes[0]
    assert ax.get_ylabel() == "MWh" and max(b.get_height() for b in ax.patches) == 420.0
    ax = figures.category_bars(["a", "b"], [40.0, 60.0], "share_of_total_pct", "sv").axes[0]
    assert ax.get_xlabel() == i18n.header("share_of_total_pct", "sv")
