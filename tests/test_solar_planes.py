"""Roof planes against hand calculations (written in each docstring)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from shapely import affinity
from shapely.geometry import Polygon, box

from workbench.config.roofs import RoofAssumptions
from workbench.solar.planes import roof_planes, true_north_grid_bearing

# a point in Luleå, SWEREF 99 TM
X0, Y0 = Transformer.from_crs(4326, 3006, always_xy=True).transform(22.154, 65.584)


def _buildings(rows: list[dict]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows)
    frame["footprint_area_m2"] = [g.area for g in frame["geometry"]]
    if "roof_shape" not in frame:
        frame["roof_shape"] = "unknown"
    frame["roof_shape"] = frame["roof_shape"].fillna("unknown")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:3006")


def _rect(length: float, width: float, grid_bearing_deg: float = 90.0, dx: float = 0.0):
    """A length × width rectangle whose long side has the given grid bearing."""
    geom = box(X0 + dx, Y0, X0 + dx + length, Y0 + width)  # long side along grid east (90°)
    return affinity.rotate(geom, 90.0 - grid_bearing_deg, origin="centroid")


def test_meridian_convergence_matches_formula():
    """Grid bearing of true north at 22.154° E, 65.584° N: −(λ − 15°)·sin φ ≈ −6.51°."""
    expected = -(22.154 - 15.0) * np.sin(np.radians(65.584))
    assert true_north_grid_bearing(np.array([X0]), np.array([Y0]))[0] == pytest.approx(
        expected, abs=0.05
    )


def test_gabled_villa_hand_calculation():
    """20 m × 10 m house, ridge along grid east, pitch 27°, setback 0.5 m.

    Planes face true 90 + 90 + 6.52 = 186.52° and 6.52° (north: excluded).
    Slope area per plane = 100 / cos 27° = 112.23 m². Slope width 5 / cos 27° = 5.6116 m;
    after setbacks (19 m) × (4.6116 m) = 87.62 m² (factor 0.7807). Small class central
    usable fraction 0.45 × type factor 1.0 -> 39.43 m²; modules on 0.80 of it (packing) =
    31.54 m² × 0.21 kWp/m² of module = 6.624 kWp (0.168 kWp per m² usable). Before the
    packing factor (0.20 kWp/m² on the whole usable area) it was 7.886 kWp.
    """
    b = _buildings(
        [{"building_id": "v", "building_type": "residential_small", "geometry": _rect(20, 10)}]
    )
    planes = roof_planes(b).set_index("plane_id")
    assert list(planes["roof_model"]) == ["two_planes", "two_planes"]
    south, north = planes.loc["v#1"], planes.loc["v#2"]
    if south["surface_azimuth"] < 90:
        south, north = north, south
    assert south["surface_azimuth"] == pytest.approx(186.52, abs=0.05)
    assert north["surface_azimuth"] == pytest.approx(6.52, abs=0.05)
    assert south["surface_tilt"] == 27.0
    assert south["plane_area_m2"] == pytest.approx(100 / np.cos(np.radians(27)), rel=1e-9)
    slope = 5 / np.cos(np.radians(27))
    usable = 19 * (slope - 1) * 0.45
    assert south["usable_area_m2"] == pytest.approx(usable, rel=1e-9)
    assert south["module_area_m2"] == pytest.approx(usable * 0.80, rel=1e-9)
    assert south["capacity_kwp"] == pytest.approx(usable * 0.80 * 0.21, rel=1e-9)
    assert south["capacity_kwp"] == pytest.approx(6.624, abs=0.001)
    assert south["usable_area_low_m2"] == pytest.approx(usable / 0.45 * 0.30, rel=1e-9)
    assert south["capacity_high_kwp"] == pytest.approx(usable / 0.45 * 0.60 * 0.168, rel=1e-9)
    assert not north["is_suitable"] and north["unsuitable_reason"] == "north_facing"
    assert north["capacity_kwp"] == 0.0


def test_hipped_square_gives_four_equal_planes():
    """12 m square, hipped: each plane covers W/(4L) = 1/4 of the footprint (36 m²)."""
    b = _buildings(
        [
            {
                "building_id": "h",
                "building_type": "residential_small",
                "roof_shape": "hipped",
                "geometry": _rect(12, 12, 45.0),
            }
        ]
    )
    planes = roof_planes(b)
    assert len(planes) == 4
    np.testing.assert_allclose(planes["plane_area_m2"], 36 / np.cos(np.radians(27)), rtol=1e-9)
    az = np.sort(planes["surface_azimuth"].to_numpy())
    np.testing.assert_allclose(np.diff(az), 90.0, atol=1e-6)


def test_hipped_12_by_30_roof_inset_by_hand():
    """12 m × 30 m hipped multi-dwelling roof, ridge along grid east, pitch 18°, inset 0.5 m.

    Plan: sides are trapezoids (eave 30 m, ridge 30 − 12 = 18 m, depth 6 m), ends triangles
    (eave 12 m, depth 6 m); hips at 45° in plan. On the slope the depth is
    d = 6 / cos 18° = 6.30877 m and the hip edge sqrt(6² + d²) = 8.70635 m.

    Side trapezoid: A = (30 + 18)/2 · d = 151.410 m², perimeter P = 48 + 2 · 8.70635 =
    65.4127 m, eave angle α with tan α = d/6, sin α = 0.724618. The inset of a convex
    polygon by r is A − r·P + r²·Σ cot(θ/2) over its corners; the trapezoid's corners are
    α, α, 180° − α, 180° − α, so Σ = 4/sin α = 5.52014 and the inset area is
    151.410 − 32.7064 + 1.38004 = 120.084 m² (factor 0.79311).
    End triangle: A = 12 · d/2 = 37.8526 m², semi-perimeter 14.7064 m, inradius
    ρ = A/s = 2.57389 m; the inset triangle is similar, scale (ρ − r)/ρ = 0.805742, area
    24.575 m² (factor 0.64922).
    Usable = inset × 0.45 (small class, 360 m² < 465 m²) × 0.9 (residential_multi):
    south side 48.634 m² -> × 0.20 kWp/m² (the density used before the packing factor, on
    the whole usable area) = 9.727 kWp, with today's 0.80 packing × 0.21 kWp/m² = 8.171 kWp;
    each end 9.953 m² < 10 m² minimum -> no modules; north side excluded.
    The rectangle's setback (29 × 11)/(30 × 12) = 0.88611 gave 10.867 + 2 × 2.717 =
    16.30 kWp at 0.20 kWp/m² (usable area overstated by 11.7 % on the sides and 36.5 % on
    the ends).
    """
    b = _buildings(
        [
            {
                "building_id": "h",
                "building_type": "residential_multi",
                "roof_shape": "hipped",
                "geometry": _rect(30, 12),
            }
        ]
    )
    planes = roof_planes(b).set_index("plane_id")
    d = 6 / np.cos(np.radians(18))
    hip = np.hypot(6, d)
    side_area = 24 * d
    side_inset = side_area - 0.5 * (48 + 2 * hip) + 0.25 * 4 / (d / hip)
    tri_area = 6 * d
    rho = tri_area / ((12 + 2 * hip) / 2)
    tri_inset = tri_area * ((rho - 0.5) / rho) ** 2
    assert side_inset == pytest.approx(120.084, abs=0.001)
    assert tri_inset == pytest.approx(24.575, abs=0.001)
    south = planes.loc["h#1"]
    assert south["surface_azimuth"] == pytest.approx(186.52, abs=0.05)
    assert south["plane_area_m2"] == pytest.approx(side_area, rel=1e-9)
    assert south["usable_area_m2"] == pytest.approx(side_inset * 0.405, rel=1e-6)
    assert south["capacity_kwp"] == pytest.approx(8.171, abs=0.001)
    old_density = RoofAssumptions(module_power_density_kwp_per_m2=0.20, packing_factor=1.0)
    assert roof_planes(b, old_density)["capacity_kwp"].sum() == pytest.approx(9.727, abs=0.001)
    ends = planes.loc[["h#3", "h#4"]]
    np.testing.assert_allclose(ends["plane_area_m2"], tri_area, rtol=1e-9)
    assert (ends["unsuitable_reason"] == "below_min_area").all()
    assert planes.loc["h#2", "unsuitable_reason"] == "north_facing"
    assert planes["capacity_kwp"].sum() == pytest.approx(8.17, abs=0.005)
    # the old rectangle setback would have given 16.30 kWp
    old = (side_area + 2 * tri_area) * 29 * 11 / 360 * 0.405 * 0.20
    assert old == pytest.approx(16.30, abs=0.005)


def test_flat_roof_insets_the_footprint_with_its_courtyard():
    """40 m square with a 20 m courtyard, flat, inset 0.5 m from every edge.

    Outer ring: 39 × 39 = 1521 m². The courtyard grows by 0.5 m on each side with rounded
    corners: 20² + 4 · 20 · 0.5 + π · 0.5² = 440.785 m² (shapely's 8 segments per quarter
    circle: 0.780 instead of 0.785 m²). Usable before the fraction 1080.22 m² of 1200 m²
    (the rectangle's setback gave 39²/40² · 1200 = 1140.75 m²).
    """
    outer = [(X0, Y0), (X0 + 40, Y0), (X0 + 40, Y0 + 40), (X0, Y0 + 40)]
    hole = [(X0 + 10, Y0 + 10), (X0 + 30, Y0 + 10), (X0 + 30, Y0 + 30), (X0 + 10, Y0 + 30)]
    b = _buildings(
        [
            {
                "building_id": "c",
                "building_type": "industrial",
                "roof_shape": "flat",
                "geometry": Polygon(outer, [hole]),
            }
        ]
    )
    p = roof_planes(b).iloc[0]
    fraction = 0.55  # medium class (1200 m²) × industrial 1.0
    expected = 1521 - (400 + 40 + np.pi * 0.25)
    assert p["usable_area_m2"] == pytest.approx(expected * fraction, rel=1e-5)


def test_flat_industrial_roof_south_racks():
    """40 m × 25 m industrial hall, unknown roof: 1000 m² > 300 m² -> flat, south racks 15°.

    Setback factor (39 × 24)/(40 × 25) = 0.936; medium class (465–2323 m²) central 0.55
    -> usable 514.8 m²; packing 0.80 -> 411.84 m² of rack area; modules cover GCR 0.40 of
    it -> 164.74 m² × 0.21 kWp/m² = 34.59 kWp (41.18 kWp at 0.20 kWp/m² without packing).
    """
    b = _buildings(
        [{"building_id": "i", "building_type": "industrial", "geometry": _rect(40, 25, 30)}]
    )
    p = roof_planes(b).iloc[0]
    assert (p["roof_model"], p["mounting"], p["surface_tilt"], p["surface_azimuth"]) == (
        "flat",
        "open_rack",
        15.0,
        180.0,
    )
    # rel 1e-6: the rotated rectangle's coordinates carry rounding at the 1e-8 level
    assert p["usable_area_m2"] == pytest.approx(1000 * 0.936 * 0.55, rel=1e-6)
    assert p["module_area_m2"] == pytest.approx(1000 * 0.936 * 0.55 * 0.80 * 0.40, rel=1e-6)
    assert p["capacity_kwp"] == pytest.approx(34.59, abs=0.01)


def test_east_west_layout_and_turning_off_north_exclusion():
    a = RoofAssumptions(flat_layout="east_west", exclude_north=False)
    b = _buildings(
        [
            {"building_id": "i", "building_type": "industrial", "geometry": _rect(40, 25)},
            {"building_id": "v", "building_type": "residential_small", "geometry": _rect(20, 10)},
        ]
    )
    planes = roof_planes(b, a).set_index("plane_id")
    assert sorted(planes.loc[["i#1", "i#2"], "surface_azimuth"]) == [90.0, 270.0]
    assert (planes.loc[["i#1", "i#2"], "surface_tilt"] == 10.0).all()
    # packing 0.80, then GCR 0.8 on half the roof each
    assert planes.loc["i#1", "module_area_m2"] == pytest.approx(500 * 0.936 * 0.55 * 0.8 * 0.8)
    assert planes.loc[["v#1", "v#2"], "is_suitable"].all()


def test_roof_rule_by_type_and_size_and_special_shapes():
    rows = [
        {
            "building_id": "big_house",
            "building_type": "residential_small",
            "geometry": _rect(40, 25),
        },
        {"building_id": "shop_big", "building_type": "commercial", "geometry": _rect(30, 20)},
        {"building_id": "shop_small", "building_type": "commercial", "geometry": _rect(20, 15)},
        {
            "building_id": "church",
            "building_type": "public",
            "roof_shape": "dome",
            "geometry": _rect(20, 20),
        },
        {
            "building_id": "shed",
            "building_type": "other",
            "roof_shape": "skillion",
            "geometry": _rect(8, 6),
        },
        {"building_id": "garage", "building_type": "other", "geometry": _rect(5, 4, dx=50)},
    ]
    planes = roof_planes(_buildings(rows))
    model = planes.groupby("building_id")["roof_model"].first()
    assert model["big_house"] == "two_planes"  # small houses are never assumed flat
    assert model["shop_big"] == "flat"  # 600 m² > 500 m²
    assert model["shop_small"] == "two_planes"  # 300 m² < 500 m²
    assert model["church"] == "unsuitable"
    church = planes[planes["building_id"] == "church"].iloc[0]
    assert church["capacity_kwp"] == 0 and church["unsuitable_reason"] == "curved_roof"
    shed = planes[planes["building_id"] == "shed"]
    assert len(shed) == 1 and 90 <= shed["surface_azimuth"].item() <= 270  # faces the south side
    garage = planes[planes["building_id"] == "garage"]
    assert (garage["unsuitable_reason"].isin(["below_min_area", "north_facing"])).all()
    assert garage["capacity_kwp"].sum() == 0.0


def test_capacity_per_usable_area_against_published_densities():
    """kWp per m² of usable pitched roof = packing × module density = 0.80 × 0.21 = 0.168.

    Published: Swedish estimates 0.13–0.17 (Yang & Yan, Västerås: 727/848/956 MWp on
    5.74 km² usable roof = 0.127/0.148/0.167; Sweden 65/75/84 GWp on 504 km² =
    0.129/0.149/0.167), NREL (Gagnon et al. 2016) 1,118 GW on 8.13 billion m² = 0.1375
    with 16 % modules; the same packing (0.86) with 21 % modules would be 0.180.
    """
    a = RoofAssumptions()
    b = _buildings(
        [{"building_id": "v", "building_type": "residential_small", "geometry": _rect(20, 10)}]
    )
    south = roof_planes(b, a).iloc[0]
    per_usable = south["capacity_kwp"] / south["usable_area_m2"]
    assert per_usable == pytest.approx(0.168, rel=1e-9)
    assert 0.127 <= per_usable <= 0.167 * 1.01  # the Swedish range (low to high scenario)
    nrel = 1118e6 / 8.13e9
    assert nrel == pytest.approx(0.1375, abs=1e-4)
    assert per_usable / nrel == pytest.approx(1.22, abs=0.01)  # 21 % vs 16 % modules, 0.80 vs 0.86
