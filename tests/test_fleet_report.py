"""The notebook-03 helpers of workbench.fleet.report: a plan under replacement limits, the budget
per year, the follow-up against the SYNTHETIC later register."""

from __future__ import annotations

import pytest
from fleet_fixtures import cars

from workbench.config.base import ConfigError
from workbench.fleet import report
from workbench.fleet.synthetic import demo_register


@pytest.fixture(scope="module")
def register():
    return demo_register("lulea", base_year=2025)


@pytest.mark.slow
def test_run_with_limits_caps_every_year(register):
    """The cap of 40 binds: Luleå's fast electrification has 124 vehicles due in 2026."""
    free = report.run_with_limits(register, "lulea", "fast_electrification")
    capped = report.run_with_limits(
        register, "lulea", "fast_electrification", max_replacements_per_year=40
    )
    assert free.backlog["n_replaced"].max() > 40
    assert capped.backlog["n_replaced"].max() == 40
    b = capped.backlog.set_index("year")
    # vehicles waiting = due − replaced, every year
    assert (b["n_waiting"] == b["n_due"] - b["n_replaced"]).all()


def test_a_cap_of_zero_is_refused_naming_the_key(register):
    with pytest.raises(ConfigError, match="max_replacements_per_year"):
        report.run_with_limits(register, "lulea", "reference", max_replacements_per_year=0)


def test_budget_by_year_hand_calculation():
    """Three leased petrol cars, contract end 2026: each is replaced in 2026 by a new lease.

    The budget table has one row per office and year; budget_by_year sums the offices and
    converts SEK to MSEK: its lease payments in 2027 are the budget's 2027 rows / 1e6, and the
    ten years 2026–2035 are shown by default (base year 2025 + 1 … + 10).
    """
    reg = cars(3, model_year=2023, ownership="leased", end="2026-06-30")
    result = report.run_with_limits(reg, "lulea", "fast_electrification")
    table = report.budget_by_year(result)
    assert list(table.index) == list(range(2026, 2036))
    raw = result.budget.query("year == 2027")["lease_payment_sek"].sum()
    assert table.loc[2027, "lease_payment_msek"] == pytest.approx(raw / 1e6)
    assert table.loc[2026, "n_procured"] == 3


@pytest.mark.slow
def test_follow_up_against_the_synthetic_later_register_accounts_for_everyone(register):
    result = report.run_with_limits(register, "lulea", "fast_electrification")
    followed = report.follow_up(result, "")
    table = followed.follow_up
    plan_ids = set(register["vehicle_id"])
    assert plan_ids <= set(table["vehicle_id"].dropna())
    assert len(followed.follow_up_summary) > 0
