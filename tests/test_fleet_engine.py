"""Scenario engine: replacement rules, invariants (count, energy × factor, costs), targets, CVD."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config import load_scenario
from workbench.config.fleet import FleetConfig
from workbench.fleet import demo_register, run_scenario
from workbench.fleet.costs import capital_recovery_factor, discount_factor
from workbench.fleet.engine import year_target_met
from workbench.fleet.factors import electricity_factor, energy_prices, fuel_factors

LULEA = np.array([-8.9, -8.1, -3.8, 0.9, 6.3, 13.6, 16.7, 15.2, 10.5, 3.9, -1.7, -5.0])


@pytest.fixture(scope="module")
def lulea():
    reg = demo_register("Luleå")
    return {s: run_scenario(reg, s, "Luleå", temps_monthly=LULEA)
            for s in ("reference", "fast_electrification", "hvo_bridge")}  # fmt: skip


def _one(cls="truck", fuel="diesel", model_year=2015, km=20000.0, owned=True, end=None, **kw):
    reg = demo_register("Arjeplog").head(1).copy()
    reg["vehicle_class"], reg["fuel"], reg["model_year"], reg["annual_km"] = (
        cls,
        fuel,
        model_year,
        km,
    )
    reg["ownership"] = "owned" if owned else "leased"
    reg["contract_end"] = pd.Timestamp(end) if end else pd.NaT
    reg["duty"], reg["parking"] = kw.get("duty", "heavy"), kw.get("parking", "outdoors")
    return reg


@pytest.mark.slow
def test_vehicle_count_conserved_every_year(lulea):
    for res in lulea.values():
        n = res.yearly.set_index("year")["n_vehicles"]
        assert (n == len(res.register)).all()
        assert (res.stock.groupby("year")["n_vehicles"].sum() == len(res.register)).all()
        assert res.vehicle_years.groupby("year")["vehicle_id"].nunique().eq(len(res.register)).all()


@pytest.mark.slow
def test_energy_times_factor_equals_emissions(lulea):
    """Recompute every vehicle-year's emissions from its energy and the published factors."""
    res = lulea["hvo_bridge"]
    cfg = res.config
    vy = res.vehicle_years
    ff = fuel_factors(vy["year"].unique(), cfg.blend_scenario, cfg.electricity_factor)
    el_g, _ = electricity_factor(cfg.electricity_factor)
    fuel = vy[vy["fuel_carrier"] != "none"]
    key = pd.MultiIndex.from_arrays([fuel["year"], fuel["fuel_carrier"]])
    mj = fuel["fuel_amount"].to_numpy() * ff["lhv_mj_per_unit"].reindex(key).to_numpy()
    np.testing.assert_allclose(mj / 3.6, fuel["fuel_kwh"], rtol=1e-9)
    wtw = mj * ff["wtw_g_per_mj"].reindex(key).to_numpy() + fuel["electricity_kwh"] * el_g
    ttw = mj * ff["ttw_fossil_g_per_mj"].reindex(key).to_numpy()
    np.testing.assert_allclose(wtw / 1e6, fuel["co2e_t_wtw"], rtol=1e-9)
    np.testing.assert_allclose(ttw / 1e6, fuel["co2_t_fossil"], rtol=1e-9)
    bev = vy[vy["fuel_carrier"] == "none"]
    np.testing.assert_allclose(bev["co2e_t_wtw"], bev["electricity_kwh"] * el_g / 1e6)
    assert (bev["co2_t_fossil"] == 0).all()
    # yearly tables are sums of the vehicle-years; energy table likewise
    y = res.yearly.set_index("year")
    np.testing.assert_allclose(vy.groupby("year")["co2e_t_wtw"].sum(), y["co2e_t_wtw"])
    np.testing.assert_allclose(res.energy.groupby("year")["energy_kwh"].sum(), y["energy_kwh"])


@pytest.mark.slow
def test_costs_sum_to_cumulative_and_discount(lulea):
    res = lulea["fast_electrification"]
    y = res.yearly
    parts = y[["capital_cost_sek", "energy_cost_sek", "maintenance_cost_sek", "charger_cost_sek"]]
    np.testing.assert_allclose(parts.sum(axis=1), y["cost_sek"])
    np.testing.assert_allclose(y["cost_sek"].cumsum(), y["cumulative_cost_sek"])
    np.testing.assert_allclose(y["cumulative_cost_sek"].iloc[-1], y["cost_sek"].sum())
    t = y["year"] - res.config.base_year
    np.testing.assert_allclose(y["cost_pv_sek"], y["cost_sek"] * 1.035 ** (-t))
    assert res.summary["cumulative_cost_msek"] == pytest.approx(y["cost_sek"].sum() / 1e6, abs=1e-3)
    # energy cost = amounts × prices
    prices = energy_prices(res.config.price_year)
    vy = res.vehicle_years
    fuel_cost = (vy["fuel_amount"] * vy["fuel_carrier"].map(prices).fillna(0)).to_numpy()
    np.testing.assert_allclose(fuel_cost + vy["electricity_kwh"] * prices["electricity"],
                               vy["energy_cost_sek"])  # fmt: skip


@pytest.mark.slow
def test_owned_truck_replaced_at_age_limit_like_for_like_then_every_lifetime():
    """Owned truck of model year 2015, age limit 12 → replaced 2027, 2039 (reference: same)."""
    res = run_scenario(_one(), "reference", "Arjeplog", temps_monthly=LULEA)
    assert list(res.plan["year"]) == [2027, 2039]
    assert set(res.plan["new_powertrain"]) == {"diesel"}
    assert set(res.plan["reason"]) == {"age_limit"}


@pytest.mark.slow
def test_overdue_vehicle_replaced_in_first_plan_year_and_leases_renew():
    res = run_scenario(_one("car", "petrol", 2015, 12000, owned=False, end="2024-05-31",
                            duty="service"), "reference", "Arjeplog", temps_monthly=LULEA)  # fmt: skip
    assert list(res.plan["year"]) == [2026, 2029, 2032, 2035, 2038, 2041, 2044]
    assert set(res.plan["new_powertrain"]) == {"bev"}  # reference: cars BEV where range fits
    assert set(res.plan["reason"]) == {"contract_end"}


@pytest.mark.slow
def test_hvo_switch_makes_diesel_fossil_free_from_switch_year():
    """One diesel truck; HVO100 from 2026: fossil CO2 zero from 2026, target met in 2026."""
    cfg = FleetConfig(hvo_switch_year=2026, target_fossil_cut_pct=100)
    res = run_scenario(_one(), cfg, "Arjeplog", temps_monthly=LULEA)
    y = res.yearly.set_index("year")
    assert y.loc[2025, "co2_t_fossil"] > 0 and (y.loc[2026:, "co2_t_fossil"] == 0).all()
    assert res.summary["year_target_met"] == 2026
    # same energy (MJ) in HVO100 as in diesel: litres scale with 35.x/34.0 MJ/l
    vy = res.vehicle_years.set_index("year")
    assert vy.loc[2026, "fuel_carrier"] == "hvo100"
    assert vy.loc[2025, "fuel_kwh"] == pytest.approx(vy.loc[2026, "fuel_kwh"])
    # HVO is dearer: energy cost rises (HVO100 23.91 vs diesel 17.07 kr/l excl. VAT)
    assert vy.loc[2026, "energy_cost_sek"] > vy.loc[2025, "energy_cost_sek"]
    # a diesel older than hvo_min_model_year is not HVO-approved; its 2027 successor is
    cfg2 = FleetConfig(hvo_switch_year=2026, hvo_min_model_year=2016)
    old = run_scenario(_one(model_year=2015), cfg2, "Arjeplog", temps_monthly=LULEA)
    carriers = old.vehicle_years.set_index("year").loc[2025:2027, "fuel_carrier"].tolist()
    assert carriers == ["diesel", "diesel", "hvo100"]


@pytest.mark.slow
def test_biogas_only_where_stations_exist(lulea):
    reg = demo_register("Pajala")
    res = run_scenario(reg, "fast_electrification", "Pajala", temps_monthly=LULEA)
    assert "biogas" not in set(res.plan["new_powertrain"])
    assert "biogas" in set(lulea["fast_electrification"].plan["new_powertrain"])


def test_target_met_year_is_first_year_it_holds_to_the_end():
    cfg = FleetConfig()
    yearly = pd.DataFrame({"year": [2025, 2026, 2027, 2028, 2029],
                           "is_target_met": [False, True, False, True, True]})  # fmt: skip
    assert year_target_met(yearly, cfg) == 2028
    yearly["is_target_met"] = [False, True, True, True, False]
    assert year_target_met(yearly, cfg) is None


def test_scenarios_order_of_fossil_emissions(lulea):
    fossil = {s: r.summary["target_year_tco2_fossil"] for s, r in lulea.items()}
    assert fossil["hvo_bridge"] < fossil["reference"]
    assert fossil["fast_electrification"] < fossil["reference"]
    base = {r.summary["base_tco2_fossil"] for r in lulea.values()}
    assert len(base) == 1  # same base year in every scenario
    assert (
        lulea["fast_electrification"].summary["chargers"] > lulea["reference"].summary["chargers"]
    )


def test_default_scenario_equals_reference_fleet_assumptions():
    assert load_scenario("default").fleet == load_scenario("reference").fleet


@pytest.mark.slow
def test_cvd_light_duty_counts_only_zero_emission_from_2026():
    reg = pd.concat([_one("car", "petrol", 2020, 10000, owned=False, end=e, duty="service")
                     for e in ("2025-12-31", "2026-06-30")], ignore_index=True)  # fmt: skip
    reg["vehicle_id"] = ["A1", "A2"]
    cfg = FleetConfig(replacement_fuels={"car": ["phev"], "van": ["same"], "truck": ["same"],
                                         "bus": ["same"], "machine": ["same"]})  # fmt: skip
    res = run_scenario(reg, cfg, "Arjeplog", temps_monthly=LULEA)
    p = res.procurement.set_index(["year", "cvd_category"])
    assert p.loc[(2026, "light_duty"), "n_procured"] == 2
    assert p.loc[(2026, "light_duty"), "n_clean"] == 0  # PHEVs do not count from 2026
    assert not p.loc[(2026, "light_duty"), "is_quota_met"]
    assert p.loc[(2026, "light_duty"), "clean_quota_pct"] == 38.5
    assert np.isnan(p.loc[(2031, "light_duty"), "clean_quota_pct"])  # directive ends 2030


def test_chargers_follow_plugin_vehicles_and_never_decrease(lulea):
    res = lulea["fast_electrification"]
    ch = res.chargers
    per = ch.groupby(["depot", "vehicle_class"])["n_chargers"]
    assert (per.diff().fillna(0) >= 0).all()
    assert (ch["n_chargers"] >= ch["n_plugin_vehicles"]).all()  # one point per vehicle
    y = res.yearly.set_index("year")
    assert y.loc[2025, "n_chargers"] == y.loc[2025, "n_plugin_vehicles"]
    # yearly charger cost = EAC of installed points' net investment (AC: 30,000 − 15,000 kr)
    car = ch[(ch["vehicle_class"] == "car")]
    crf = capital_recovery_factor(3.5, 10)
    np.testing.assert_allclose(car["charger_cost_sek"], car["n_chargers"] * 15000 * crf)
    assert discount_factor(3.5, 0) == 1.0


def test_summary_is_the_sum_of_the_vehicle_rows(lulea):
    """Every headline of the summary recomputed from the per-vehicle-year rows (and the charger
    rows), not from the yearly table the summary reads: emissions of the base and target year
    are sums over vehicles; the target (70 % fossil cut by 2030) holds when fossil CO2 <=
    0.3 x the base year; the cost is vehicles' plus chargers' cost over all years."""
    for name, res in lulea.items():
        s, cfg = res.summary, res.config
        vy, ch = res.vehicle_years, res.chargers
        by_year = vy.groupby("year")[["co2e_t_wtw", "co2_t_fossil"]].sum()
        assert s["n_vehicles"] == vy.loc[vy["year"] == cfg.base_year, "vehicle_id"].nunique()
        assert s["n_vehicles"] == len(res.register)
        for key, year, col in (
            ("base_tco2e_wtw", cfg.base_year, "co2e_t_wtw"),
            ("base_tco2_fossil", cfg.base_year, "co2_t_fossil"),
            ("target_year_tco2e_wtw", cfg.target_year, "co2e_t_wtw"),
            ("target_year_tco2_fossil", cfg.target_year, "co2_t_fossil"),
        ):
            assert s[key] == pytest.approx(by_year.loc[year, col], abs=5e-4), (name, key)
        limit = by_year.loc[cfg.base_year, "co2_t_fossil"] * (1 - cfg.target_fossil_cut_pct / 100)
        ok = by_year.loc[by_year.index > cfg.base_year, "co2_t_fossil"] <= limit + 1e-9
        assert s["is_target_met_in_target_year"] == bool(ok.loc[cfg.target_year]), name
        met = (
            None
            if not ok.iloc[-1]
            else int(ok[~ok].index.max() + 1 if (~ok).any() else ok.index[0])
        )
        assert s["year_target_met"] == met, name
        cost = vy["cost_sek"].sum() + ch["charger_cost_sek"].sum()
        assert s["cumulative_cost_msek"] == pytest.approx(cost / 1e6, abs=5e-4), name
        assert s["chargers"] == ch.groupby("year")["n_chargers"].sum().max(), name
        assert "g CO2e/kWh" in s["electricity_factor"]
    # the three scenarios differ where they should: fast electrification meets the target,
    # the reference does not
    assert lulea["reference"].summary["year_target_met"] is None
    assert lulea["fast_electrification"].summary["year_target_met"] is not None


@pytest.mark.slow
def test_like_for_like_of_an_e85_car_that_is_no_longer_offered_is_petrol():
    """E85 cars are scarce on the market (§11.7): 'same' falls back to petrol when BEV does not fit."""
    reg = _one("car", "e85", 2020, 70000, owned=False, end="2026-06-30", duty="home_care")
    res = run_scenario(reg, "reference", "Arjeplog", temps_monthly=LULEA)
    assert res.vehicles["is_winter_range_exceeded"].all()
    assert set(res.plan["new_powertrain"]) == {"petrol"}
