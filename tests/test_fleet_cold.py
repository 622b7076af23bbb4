"""Cold-climate energy use (domain-fleet.md §5, worked example T4) and the winter-range check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.fleet import FleetConfig
from workbench.fleet import cold, demo_register, run_scenario

CFG = FleetConfig()
# Luleå-Kallax TMYx monthly means (domain-fleet.md §5), a local fixture independent of the
# climate module
LULEA = np.array([-8.9, -8.1, -3.8, 0.9, 6.3, 13.6, 16.7, 15.2, 10.5, 3.9, -1.7, -5.0])


def test_t4_aaa_range_with_and_without_heater():
    """T4: AAA, 100 mi at 24 °C -> 59 mi at −6.7 °C with the heater (urban cycle), −12 % without."""
    with_heater = 100 / cold.bev_factor(-6.7, heat_mult=1.0, parking_mult=1.0, cfg=CFG)
    without = 100 / cold.bev_factor(-6.7, heat_mult=0.0, parking_mult=1.0, cfg=CFG)
    assert with_heater == pytest.approx(59, abs=0.5)
    assert without == pytest.approx(88, abs=0.5)
    assert cold.bev_factor(24.0, 1.0, 1.0, CFG) == 1.0


def test_longer_trips_match_naf_and_finnish_rules():
    """Service duty (h = 0.55): NAF El Prix 2026 −38 % down to −32 °C; Finnish −1/3 at −10 °C."""
    loss_20 = 1 - 1 / cold.bev_factor(-20.0, 0.55, 1.0, CFG)
    loss_10 = 1 - 1 / cold.bev_factor(-10.0, 0.55, 1.0, CFG)
    assert loss_20 == pytest.approx(0.40, abs=0.03)
    assert loss_10 == pytest.approx(1 / 3, abs=0.03)
    # garage / pre-heating lowers the loss; home care (short trips) is the worst case
    assert cold.bev_factor(-20, 0.55, 0.6, CFG) < cold.bev_factor(-20, 0.55, 1.0, CFG)
    assert cold.bev_factor(-20, 1.0, 1.0, CFG) > cold.bev_factor(-20, 0.55, 1.0, CFG)


def test_combustion_vehicles_lose_less():
    """FleetCarma/Geotab: ~−19 % fuel economy at −18 °C (short trips, outdoors)."""
    economy = 1 / cold.ice_factor(-18.0, 1.0, 1.0, CFG)
    assert economy == pytest.approx(0.81, abs=0.01)
    assert cold.ice_factor(-18, 1.0, 1.0, CFG) < cold.bev_factor(-18, 1.0, 1.0, CFG)


def test_annual_factor_is_day_weighted_mean_of_monthly_factors():
    f_bev, f_ice = cold.annual_factors(LULEA, [0.55, 1.0], [0.8, 1.0], CFG)
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    by_hand = sum(d * cold.bev_factor(t, 0.55, 0.8, CFG) for t, d in zip(LULEA, days, strict=True))
    assert f_bev[0] == pytest.approx(by_hand / 365)
    assert f_bev[1] > f_bev[0] > 1 and f_ice[1] > f_ice[0] > 1


def test_design_temperature_and_validity_note():
    t = cold.design_temperature(LULEA, CFG)
    assert t == pytest.approx(-8.9 - 12)
    assert "−20" in cold.validity_note(t) or "-20" in cold.validity_note(t)
    assert cold.validity_note(-15) is None


def test_climate_module_feeds_the_model():
    temps = cold.monthly_temperature("Luleå")
    assert temps.shape == (12,) and temps[0] == pytest.approx(-8.9, abs=0.1)
    assert cold.monthly_temperature("Pajala").min() < temps.min()  # inland is colder


@pytest.mark.slow
def test_vehicle_beyond_winter_range_is_flagged_and_not_planned_bev():
    """A home-care car driving 60,000 km/yr (164 km/day, 214 km on a heavy day) exceeds a
    60 kWh car's usable winter range: 60 × 0.85 / (0.18 × f_design) ≈ 150 km at Luleå."""
    reg = demo_register("Luleå").head(2).copy()
    reg["vehicle_class"], reg["fuel"], reg["duty"] = "car", "petrol", "home_care"
    reg["parking"], reg["ownership"] = "outdoors", "leased"
    reg["annual_km"] = [60000.0, 10000.0]
    reg["contract_end"] = pd.Timestamp("2026-06-30")
    res = run_scenario(reg, "reference", "Luleå", temps_monthly=LULEA)
    v = res.vehicles.set_index("vehicle_id")
    ids = list(reg["vehicle_id"])
    assert (
        v.loc[ids[0], "is_winter_range_exceeded"] and not v.loc[ids[1], "is_winter_range_exceeded"]
    )
    f_design = cold.bev_factor(-20.9, 1.0, 1.0, CFG)
    assert v.loc[ids[0], "winter_range_km"] == pytest.approx(60 * 0.85 / (0.18 * f_design))
    first = res.plan.groupby("vehicle_id").first()
    assert first.loc[ids[0], "year"] == 2026  # contract end 2026-06-30
    assert (res.plan.query("vehicle_id == @ids[0]")["new_powertrain"] == "petrol").all()
    assert (res.plan.query("vehicle_id == @ids[1]")["new_powertrain"] == "bev").all()
    assert list(res.plan.query("vehicle_id == @ids[0]")["year"]) == list(range(2026, 2046, 3))
    allowed = FleetConfig(allow_bev_beyond_winter_range=True)
    res2 = run_scenario(reg, allowed, "Luleå", temps_monthly=LULEA)
    assert (res2.plan["new_powertrain"] == "bev").all()
