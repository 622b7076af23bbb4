"""The budget view: lease payments over the contract, investment and depreciation, and how it
reconciles with the lifetime-cost view (``yearly``, ``vehicle_years``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fleet_fixtures import cars, run, scenario

from workbench.core.paths import data_dir
from workbench.fleet import run_scenario
from workbench.fleet.budget import reference_config
from workbench.fleet.synthetic import demo_register

LULEA = np.array([-8.9, -8.1, -3.8, 0.9, 6.3, 13.6, 16.7, 15.2, 10.5, 3.9, -1.7, -5.0])


@pytest.mark.slow
def test_lease_payments_sum_to_the_contract_cost():
    """One leased petrol car, contract end 2026-03-31, 16,000 km/year, replaced by a leased
    electric car (350,000 SEK) on a 3-year lease.

    Economic life 200,000 km / 16,000 km = 12.5 years; at 3.5 %: 1.035^12.5 = 1.537285,
    annuity factor 0.035 / (1 − 1/1.537285) = 0.035 / 0.349503 = 0.100142, payment
    350,000 × 0.100142 = 35,049.82 SEK/year; the contract (2026–2028) costs
    3 × 35,049.82 = 105,149.46 SEK. The next lease starts in 2029.
    """
    reg = cars(1, model_year=2023, ownership="leased", end="2026-03-31")
    reg["annual_km"] = 16_000.0
    res = run(reg)
    first = res.replacements.iloc[0]
    assert (first["year"], first["new_powertrain"], first["contract_years"]) == (2026, "bev", 3)
    assert first["annual_lease_payment_sek"] == pytest.approx(35_049.82, abs=0.01)
    assert first["contract_value_sek"] == pytest.approx(105_149.46, abs=0.01)
    paid = res.budget.set_index("year")["lease_payment_sek"]
    assert paid.loc[2026:2028].sum() == pytest.approx(first["contract_value_sek"], rel=1e-12)
    assert res.replacements["year"].tolist()[:2] == [2026, 2029]
    assert res.budget["vehicle_investment_sek"].eq(0).all()


@pytest.mark.slow
def test_purchase_is_an_investment_in_its_year_depreciated_over_the_age_limit():
    """One owned petrol car of model year 2017 is due in 2025 + 1 = 2026 (8-year limit): the
    electric car bought then costs 350,000 SEK in 2026 and is depreciated 350,000 / 8 =
    43,750 SEK a year in 2026–2033; in 2034 it is replaced again."""
    res = run(cars(1, model_year=2017))
    budget = res.budget.set_index("year")
    assert budget.loc[2026, "vehicle_investment_sek"] == 350_000
    assert budget.loc[2027:2033, "vehicle_investment_sek"].eq(0).all()
    dep = budget["vehicle_depreciation_sek"]
    assert dep.loc[2026:2033].tolist() == [43_750.0] * 8
    assert budget.loc[2034, "vehicle_investment_sek"] == 350_000
    assert budget["residual_value_sek"].eq(0).all()  # replaced at the age limit: fully written off


@pytest.fixture(scope="module")
def lulea():
    reg = demo_register("Luleå")
    fast = run_scenario(reg, "fast_electrification", "Luleå", temps_monthly=LULEA)
    sc = scenario(max_replacements_per_year=120, allow_early_replacement=True,
                  replacement_fuels=fast.config.replacement_fuels)  # fmt: skip
    capped = run_scenario(reg, sc, "Luleå", temps_monthly=LULEA)
    return {"fast": fast, "capped": capped}


@pytest.mark.parametrize("name", ["fast", "capped"])
@pytest.mark.slow
def test_budget_reconciles_with_the_lifetime_cost_view(lulea, name):
    """Lease payments are the lifetime view's capital cost of the leased vehicle-years; fuel plus
    charging electricity is its energy cost; maintenance is the same; charger investments are
    those of the chargers table after the base year; the totals are the sums of their lines."""
    res = lulea[name]
    vy = res.vehicle_years.merge(res.register[["vehicle_id", "ownership"]], on="vehicle_id")
    vy = vy[vy["year"] > res.config.base_year]
    by_year = res.budget.groupby("year").sum(numeric_only=True)
    leased = vy[vy["ownership"] == "leased"].groupby("year")["capital_cost_sek"].sum()
    np.testing.assert_allclose(by_year["lease_payment_sek"], leased, rtol=1e-9)
    lcc = vy.groupby("year")[["energy_cost_sek", "maintenance_cost_sek"]].sum()
    np.testing.assert_allclose(by_year["fuel_cost_sek"] + by_year["electricity_cost_sek"],
                               lcc["energy_cost_sek"], rtol=1e-9)  # fmt: skip
    np.testing.assert_allclose(
        by_year["maintenance_cost_sek"], lcc["maintenance_cost_sek"], rtol=1e-9
    )
    chargers = res.chargers[res.chargers["year"] > res.config.base_year]
    np.testing.assert_allclose(by_year["charger_investment_sek"],
                               chargers.groupby("year")["charger_investment_sek"].sum(), rtol=1e-9)  # fmt: skip
    b = res.budget
    np.testing.assert_allclose(
        b["payments_sek"],
        b[["lease_payment_sek", "lease_buyout_sek", "vehicle_investment_sek",
           "charger_investment_sek", "operating_cost_sek"]].sum(axis=1), rtol=1e-12)  # fmt: skip
    np.testing.assert_allclose(
        b["budget_cost_sek"],
        b[["lease_payment_sek", "lease_buyout_sek", "vehicle_depreciation_sek",
           "residual_value_sek", "charger_depreciation_sek", "operating_cost_sek"]].sum(axis=1),
        rtol=1e-12)  # fmt: skip
    assert by_year["n_procured"].tolist() == res.backlog["n_replaced"].tolist()
    assert (b.groupby("year")["n_vehicles"].sum() == len(res.register)).all()


def _book_value(res, powertrain, model_year, start_year):
    """Book value at the start of ``start_year`` of owned vehicles with these powertrains and
    model years: price × max(0, L − (start − model year)) / L (price from the CSV itself)."""
    prices = pd.read_csv(data_dir() / "fleet" / "vehicle_types.csv").set_index(
        ["vehicle_class", "powertrain"])["purchase_sek"]  # fmt: skip
    reg = res.register
    owned = (reg["ownership"] == "owned").to_numpy()
    life = reg["vehicle_class"].map(res.config.lifetime_years).to_numpy(dtype=float)
    price = prices.reindex(pd.MultiIndex.from_arrays([reg["vehicle_class"], powertrain])).to_numpy()
    left = np.clip(life - (start_year - np.asarray(model_year)), 0, life)
    return float((price * left / life)[owned].sum())


@pytest.mark.parametrize("name", ["fast", "capped"])
@pytest.mark.slow
def test_investments_equal_depreciation_write_offs_and_book_value_left(lulea, name):
    """Owned vehicles: book value at the start of the first plan year + investments −
    depreciation − residual values written off = book value after the last year."""
    res = lulea[name]
    cfg, vy = res.config, res.vehicle_years
    first = vy[vy["year"] == cfg.base_year]
    last = vy[vy["year"] == cfg.end_year]
    opening = _book_value(
        res, first["powertrain"].to_numpy(), first["model_year"], cfg.base_year + 1
    )
    closing = _book_value(res, last["powertrain"].to_numpy(), last["model_year"], cfg.end_year + 1)
    b = res.budget
    moved = b["vehicle_investment_sek"].sum() - b["vehicle_depreciation_sek"].sum()
    assert opening + moved - b["residual_value_sek"].sum() == pytest.approx(closing, rel=1e-9)
    if name == "capped":
        assert b["residual_value_sek"].sum() > 0  # early replacements happened


@pytest.mark.slow
def test_charger_depreciation_spreads_each_investment_over_the_charger_life(lulea):
    res = lulea["fast"]
    life = res.config.charger_life_years
    inv = res.budget.groupby("year")["charger_investment_sek"].sum()
    dep = res.budget.groupby("year")["charger_depreciation_sek"].sum()
    expected = sum(inv.shift(k, fill_value=0.0) for k in range(life)) / life
    np.testing.assert_allclose(dep, expected, rtol=1e-9)


@pytest.mark.slow
def test_change_against_the_reference(lulea):
    """The reference plan of the same register has no change; fast electrification's change is
    its budget minus the reference run's budget, line by line."""
    reg = demo_register("Luleå")
    ref = run_scenario(reg, "reference", "Luleå", temps_monthly=LULEA)
    change = [c for c in ref.budget.columns if c.startswith("change_")]
    assert ref.budget[change].abs().to_numpy().max() == 0
    fast = lulea["fast"]
    assert reference_config(fast.config).replacement_fuels == ref.config.replacement_fuels
    a = fast.budget.set_index(["year", "department"])
    b = ref.budget.set_index(["year", "department"])
    np.testing.assert_allclose(a["change_payments_sek"], a["payments_sek"] - b["payments_sek"],
                               rtol=1e-9, atol=1e-6)  # fmt: skip
    np.testing.assert_allclose(
        a["change_investment_sek"],
        (a["vehicle_investment_sek"] + a["charger_investment_sek"])
        - (b["vehicle_investment_sek"] + b["charger_investment_sek"]), rtol=1e-9, atol=1e-6)  # fmt: skip


def test_budget_rows_cover_every_plan_year_and_office(lulea):
    res = lulea["fast"]
    cfg = res.config
    offices = sorted(res.register["department"].unique())
    b = res.budget
    assert sorted(b["year"].unique()) == list(range(cfg.base_year + 1, cfg.end_year + 1))
    assert (b.groupby("year")["department"].apply(sorted) == pd.Series([offices] * 20).values).all()
    assert (b["price_year"] == cfg.price_year).all()


def test_procurement_list_counts_every_replacement(lulea):
    res = lulea["capped"]
    wanted = res.procurement_list
    assert wanted["n_vehicles"].sum() == len(res.replacements)
    assert wanted["contract_value_sek"].sum() == pytest.approx(
        res.replacements["contract_value_sek"].sum()
    )
    light = wanted[(wanted["year"] == 2027) & (wanted["cvd_category"] == "light_duty")]
    share = 100.0 * light.loc[light["is_clean"], "n_vehicles"].sum() / light["n_vehicles"].sum()
    assert light["clean_share_pct"].unique() == pytest.approx([share])
    assert light["clean_quota_pct"].unique().tolist() == [38.5]
    machines = wanted[wanted["vehicle_class"] == "machine"]
    assert machines["clean_quota_pct"].isna().all() and (~machines["is_clean"]).all()
