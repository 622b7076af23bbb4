"""Replacement limits: caps per year (total, per class), investment cap, early replacement.

Every expected number below is a hand calculation from a register built for it: identical owned
petrol cars, all past their age limit, at a mild climate (25 °C every month: no cold factor,
f = 1) and without bio blend (``no_blend``: fossil petrol 69.3 g CO2/MJ, IPCC 2006). One car,
10,000 km/year × 2.22 MJ/km (``data/fleet/vehicle_types.csv``) × 69.3 g/MJ emits
1,538,460 g = 1.53846 t fossil CO2 a year; a battery-electric car emits none.
"""

from __future__ import annotations

import numpy as np
import pytest
from fleet_fixtures import BEV_CAR_SEK, CAR_T, PETROL_CAR_SEK, cars, run

from workbench.config import Scenario, validate
from workbench.config.base import ConfigError
from workbench.config.fleet import FleetConfig
from workbench.fleet.synthetic import demo_register


@pytest.fixture(scope="module")
def capped():
    return run(cars(100), max_replacements_per_year=30)


@pytest.mark.slow
def test_a_cap_of_30_is_never_exceeded_and_the_backlog_follows(capped):
    """100 cars of model year 2015 are past the 8-year age limit: all due in 2026.

    With 30 replacements a year: 2026 replaces 30 (70 wait), 2027 30 (40 wait), 2028 30
    (10 wait), 2029 the last 10; the cars bought in 2026 fall due again in 2034 (30 of them).
    """
    back = capped.backlog.set_index("year")
    assert (back["n_replaced"] <= 30).all()
    assert (capped.yearly["n_replaced"] <= 30).all()
    assert back.loc[2026:2029, "n_replaced"].tolist() == [30, 30, 30, 10]
    assert back.loc[2026:2029, "n_due"].tolist() == [100, 70, 40, 10]
    assert back.loc[2026:2030, "n_waiting"].tolist() == [70, 40, 10, 0, 0]
    assert back.loc[2026:2029, "n_waiting_total_cap"].tolist() == [70, 40, 10, 0]
    assert back.loc[2034, "n_replaced"] == 30 and back.loc[2034, "n_waiting"] == 0
    assert back["n_replaced_unconstrained"].loc[2026] == 100
    delays = capped.replacements.groupby("year")["delay_years"].max()
    assert delays.loc[2026:2029].tolist() == [0, 1, 2, 3]


def test_the_delay_adds_the_emissions_of_the_waiting_cars(capped):
    """Without the cap every car is electric from 2026 (no fossil CO2); with it, the waiting
    petrol cars emit 70, 40 and 10 × 1.53846 t = 107.692, 61.538 and 15.385 t in 2026–2028."""
    back = capped.backlog.set_index("year")
    np.testing.assert_allclose(back.loc[2026:2029, "extra_fossil_co2_t"],
                               [70 * CAR_T, 40 * CAR_T, 10 * CAR_T, 0.0], rtol=1e-9)  # fmt: skip
    assert back["unconstrained_fossil_co2_t"].abs().max() < 1e-9
    assert back["cumulative_extra_fossil_co2_t"].iloc[-1] == pytest.approx(120 * CAR_T)
    assert capped.yearly.loc[0, "co2_t_fossil"] == pytest.approx(100 * CAR_T)  # 153.846 t


def test_the_year_the_target_is_met_moves_with_the_cap(capped):
    """A 70 % cut needs at most 30 petrol cars left: without the cap in 2026, with it in 2028
    (2026: 70 left, 2027: 40, 2028: 10); the target year moves by two years."""
    s = capped.summary
    assert s["year_target_met_unconstrained"] == 2026
    assert s["year_target_met"] == 2028 and s["target_delay_years"] == 2
    assert s["n_replaced_max"] == 30 and s["n_waiting_max"] == 70


@pytest.mark.slow
def test_class_cap_binds_before_the_total():
    """20 cars a year under a total cap of 30: 2026–2030 replace 20 each."""
    res = run(
        cars(100), max_replacements_per_year=30, max_replacements_per_year_by_class={"car": 20}
    )
    back = res.backlog.set_index("year")
    assert back.loc[2026:2030, "n_replaced"].tolist() == [20] * 5
    assert (
        back.loc[2026, "n_waiting_class_cap"] == 80 and back.loc[2026, "n_waiting_total_cap"] == 0
    )


@pytest.mark.slow
def test_investment_cap_limits_purchases_not_leases():
    """A cap of 1,000,000 SEK buys two electric cars (700,000 SEK; a third would make 1,050,000):
    10 owned cars take five years. Leased cars are not investments: 10 leases end in 2026 and
    all are renewed at once under the same cap."""
    owned = run(cars(10), investment_cap_sek_per_year=1_000_000)
    back = owned.backlog.set_index("year")
    assert back.loc[2026:2030, "n_replaced"].tolist() == [2] * 5
    assert back.loc[2026, "n_waiting_investment_cap"] == 8
    invest = owned.budget.groupby("year")["vehicle_investment_sek"].sum()
    assert invest.loc[2026:2030].tolist() == [2 * BEV_CAR_SEK] * 5
    leased = run(cars(10, ownership="leased", end="2026-03-31"), investment_cap_sek_per_year=1e6)
    assert leased.backlog.set_index("year").loc[2026, "n_replaced"] == 10


@pytest.mark.slow
def test_early_replacement_fills_room_left_under_the_cap_and_writes_off_book_value():
    """10 cars of model year 2018 (due 2026) and 10 of 2019 (due 2027), cap 15, early allowed:
    2026 replaces the 10 due and 5 of the 2027 cars a year early; 2027 the other 5. An owned
    petrol car (260,000 SEK, 8-year life) replaced one year before its age limit leaves a book
    value of 260,000 × 1/8 = 32,500 SEK: 5 × 32,500 = 162,500 SEK written off in 2026."""
    reg = cars(20, model_year=[2018] * 10 + [2019] * 10)
    res = run(reg, max_replacements_per_year=15, allow_early_replacement=True)
    back = res.backlog.set_index("year")
    assert back.loc[2026:2027, "n_replaced"].tolist() == [15, 5]
    assert back.loc[2026, "n_replaced_early"] == 5 and back.loc[2026, "n_waiting"] == 0
    early = res.replacements[res.replacements["is_early"]]
    assert (
        len(early) == 5 and (early["due_year"] == 2027).all() and (early["delay_years"] == -1).all()
    )
    assert early["residual_value_sek"].tolist() == [PETROL_CAR_SEK / 8] * 5
    budget = res.budget.set_index("year")
    assert budget.loc[2026, "residual_value_sek"] == pytest.approx(162_500.0)
    assert budget.loc[2026, "n_procured_early"] == 5
    # the reference plan of the budget replaces nobody early: the change shows the write-off
    assert budget.loc[2026, "change_budget_cost_sek"] > 0


@pytest.mark.slow
def test_early_replacement_off_by_default_and_only_where_it_cuts_fossil_co2():
    reg = cars(20, model_year=[2018] * 10 + [2019] * 10)
    res = run(reg, max_replacements_per_year=15)
    assert res.backlog.set_index("year").loc[2026, "n_replaced"] == 10
    like_for_like = {"car": ["same"], "van": ["same"], "truck": ["same"], "bus": ["same"],
                     "machine": ["same"]}  # fmt: skip
    same = run(reg, max_replacements_per_year=15, allow_early_replacement=True,
               replacement_fuels=like_for_like)  # fmt: skip
    assert not same.replacements["is_early"].any()


@pytest.mark.slow
def test_no_limits_give_the_plan_of_before():
    """Without caps the backlog is empty and the plan is the unconstrained one."""
    res = run(cars(100))
    assert res.backlog["n_waiting"].eq(0).all() and res.backlog["extra_fossil_co2_t"].eq(0).all()
    assert res.backlog.set_index("year").loc[2026, "n_replaced"] == 100
    assert res.summary["target_delay_years"] == 0


@pytest.mark.parametrize(
    ("fleet", "text"),
    [
        ({"max_replacements_per_year": 0}, "'fleet.max_replacements_per_year' = 0"),
        ({"max_replacements_per_year": -5}, ">= 1 [vehicles/year]"),
        ({"max_replacements_per_year_by_class": {"bus": 0}},
         "'fleet.max_replacements_per_year_by_class.bus' = 0"),
        ({"investment_cap_sek_per_year": 0}, ">= 100000"),
        ({"investment_cap_sek_per_year": 12.5}, "12.5 MSEK = 12500000"),
        ({"investment_cap_sek_per_year": "12 MSEK"}, "e.g. 12000000"),
        ({"investment_cap_sek_per_year": "800 tkr"}, "e.g. 800000"),
    ],
)  # fmt: skip
def test_a_cap_of_zero_or_below_or_in_the_wrong_unit_is_refused(fleet, text):
    with pytest.raises(ConfigError) as err:
        validate(Scenario, {"fleet": fleet}, source="caps.yaml")
    message = str(err.value)
    assert "caps.yaml" in message and text in message
    assert "allowed:" in message


@pytest.mark.parametrize("kommun", ["lulea", "pajala"])
def test_demo_register_owned_ages_spread_over_the_lifetime_not_a_cliff(kommun):
    """The SYNTHETIC register renews owned vehicles at a steady pace (issue 16 item 5).

    Owned ages are drawn evenly over 0 … lifetime − 1 (cars and vans 8, trucks and buses 12,
    machines 15 years), 10 % of them 0–3 years beyond. So the share of owned vehicles already
    past their age limit in the base year is about 10 % (the old uniform 0–11 years gave
    4/12 = 33 % of the owned cars and vans), and no owned age exceeds lifetime + 3.
    """
    reg = demo_register(kommun, base_year=2025)
    owned = reg[reg["ownership"] == "owned"]
    lifetime = owned["vehicle_class"].map(dict(FleetConfig().lifetime_years))
    age = 2025 - owned["model_year"]
    assert (age >= 0).all() and (age <= lifetime + 3).all()
    overdue_share = float((age >= lifetime).mean())
    assert 0.0 < overdue_share < 0.18, overdue_share  # old generator: Luleå 0.236
    cars = owned["vehicle_class"].isin(["car", "van"])
    if kommun == "lulea":  # 120 owned vehicles: large enough for the shape to show
        assert float((age >= lifetime)[cars].mean()) < 0.2  # old generator: 0.37
        # every age below the limit occurs: a spread, not a block of same-year vehicles
        assert set(range(8)) <= set(age[cars])
