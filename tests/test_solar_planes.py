"""Roof planes against hand calculations (written in each docstring)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from shapely import affinity
from shapely.geometry import box

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
    usable fraction 0.45 × type factor 1.0 -> 39.43 m²; × 0.20 kWp/m² = 7.886 kWp.
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
    assert south["capacity_kwp"] == pytest.approx(usable * 0.20, rel=1e-9)
    assert south["capacity_kwp"] == pytest.approx(7.886, abs=0.001)
    assert south["usable_area_low_m2"] == pytest.approx(usable / 0.45 * 0.30, rel=1e-9)
    assert south["capacity_high_kwp"] == pytest.approx(usable / 0.45 * 0.60 * 0.2, rel=1e-9)
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


def test_flat_industrial_roof_south_racks():
    """40 m × 25 m industrial hall, unknown roof: 1000 m² > 300 m² -> flat, south racks 15°.

    Setback factor (39 × 24)/(40 × 25) = 0.936; medium class (465–2323 m²) central 0.55
    -> usable 514.8 m²; modules cover GCR 0.40 -> 205.92 m² × 0.20 = 41.18 kWp.
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
    assert p["module_area_m2"] == pytest.approx(1000 * 0.936 * 0.55 * 0.40, rel=1e-6)
    assert p["capacity_kwp"] == pytest.approx(41.18, abs=0.01)


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
    # GCR 0.8 on half the roof each
    assert planes.loc["i#1", "module_area_m2"] == pytest.approx(500 * 0.936 * 0.55 * 0.8)
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
