"""The best roofs are ranked by energy per m² of roof (or specific yield), not by size."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.solar.ranking import MIN_CAPACITY_KWP, best_roofs, roof_areas
from workbench.solar.run import compute


@pytest.fixture(scope="module")
def result():
    return compute("Arjeplog")  # SYNTHETIC demo buildings, embedded typical year


@pytest.mark.slow
def test_roof_area_is_footprint_over_cos_pitch(result):
    """Hand calculation: a gabled roof of pitch θ over footprint A has slope area A / cos θ;
    a flat roof's area is its footprint."""
    b = roof_areas(result).set_index("building_id")
    planes = result.planes
    gabled = planes[planes["roof_model"] == "two_planes"].groupby("building_id")
    tilt = gabled["surface_tilt"].first()
    some = tilt.index[:20]
    expected = b.loc[some, "footprint_area_m2"] / np.cos(np.radians(tilt[some]))
    np.testing.assert_allclose(b.loc[some, "roof_area_m2"], expected, rtol=1e-6)
    flat = b[b["roof_model"] == "flat"]
    np.testing.assert_allclose(flat["roof_area_m2"], flat["footprint_area_m2"], rtol=1e-9)


def test_best_roofs_by_energy_per_roof_m2_not_by_size(result):
    top = best_roofs(result, 20)
    assert list(top["rank"]) == list(range(1, 21))
    assert (top["capacity_kwp"] >= MIN_CAPACITY_KWP).all()
    assert top["roof_kwh_per_m2"].is_monotonic_decreasing
    np.testing.assert_allclose(
        top["roof_kwh_per_m2"], top["annual_kwh"] / top["roof_area_m2"], rtol=1e-12
    )
    # no eligible roof outside the list does better than the 20th
    rest = roof_areas(result)
    rest = rest[
        (rest["capacity_kwp"] >= MIN_CAPACITY_KWP) & ~rest["building_id"].isin(top["building_id"])
    ]
    assert rest["roof_kwh_per_m2"].max() <= top["roof_kwh_per_m2"].iloc[-1]
    # the largest-energy list is mostly industrial; this one is not the same list
    largest = set(result.top(20)["building_id"])
    assert len(largest & set(top["building_id"])) < 10
    assert (top["building_type"] == "industrial").sum() < (
        result.top(20)["building_type"] == "industrial"
    ).sum()


def test_best_roofs_by_specific_yield_with_minimum_size(result):
    top = best_roofs(result, 10, by="kwh_per_kwp", min_capacity_kwp=20.0)
    assert (top["capacity_kwp"] >= 20.0).all() and top["kwh_per_kwp"].is_monotonic_decreasing
    eligible = result.buildings[result.buildings["capacity_kwp"] >= 20.0]
    assert top["kwh_per_kwp"].iloc[0] == pytest.approx(eligible["kwh_per_kwp"].max())
    with pytest.raises(ValueError, match="expected one of roof_kwh_per_m2, kwh_per_kwp"):
        best_roofs(result, by="annual_kwh")
