"""SE1 value of matching and selection of the municipality's own buildings."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.config import load_scenario
from workbench.config.match import MatchPrices
from workbench.core.errors import InputError
from workbench.match import (
    annual_value,
    export_price_sek_per_kwh,
    purchase_price_sek_per_kwh,
    select_buildings,
)

COMPONENTS = MatchPrices(purchase_price_basis="components")


def test_prices_by_hand():
    """Purchase: 0.457 spot + 0.088 grid fee + (0.360 − 0.096) tax = 0.809 SEK/kWh.

    Export: 0.457 spot + 0.05 grid benefit − 0.025 trader fee = 0.482 SEK/kWh.
    With VAT as a cost (non-deducting buyer): 0.809 × 1.25 = 1.01125 SEK/kWh.
    """
    assert purchase_price_sek_per_kwh(COMPONENTS) == pytest.approx(0.809)
    assert export_price_sek_per_kwh(COMPONENTS) == pytest.approx(0.482)
    with_vat = COMPONENTS.model_copy(update={"vat_is_cost": True})
    assert purchase_price_sek_per_kwh(with_vat) == pytest.approx(1.01125)
    assert load_scenario("default").match.prices == MatchPrices()


def test_default_purchase_price_is_the_fleet_electricity_price():
    """The fleet table's 2026 electricity row (excl. VAT) is reused, not duplicated."""
    from workbench.fleet.factors import table

    prices = table("energy_prices")
    row = prices[(prices.carrier == "electricity") & (prices.year == 2026)]
    expected = float(row["price_sek_per_unit_excl_vat"].iloc[0])
    assert purchase_price_sek_per_kwh(MatchPrices(), 2026) == pytest.approx(expected)
    # the export side uses the same SE1 spot year as the fleet's electricity row (2023)
    assert "0.457" in row["source"].iloc[0] and MatchPrices().spot_sek_per_kwh == 0.457


def test_annual_value_by_hand():
    """10 MWh PV: 3 MWh direct, 1 MWh into a battery giving back 0.9 MWh, 6 MWh exported.

    Charging 8 MWh: 3 + 0.9 from PV, 4.1 from the grid. Component prices 0.809 / 0.482:
    avoided = 3900 × 0.809 = 3155.1; export = 6000 × 0.482 = 2892;
    premium = 3155.1 − (3000 + 1000) × 0.482 = 1227.1; grid = 4100 × 0.809 = 3316.9 SEK.
    """
    totals = {
        "pv_kwh": 10_000.0,
        "charging_kwh": 8_000.0,
        "pv_to_charging_kwh": 3_000.0,
        "pv_to_battery_kwh": 1_000.0,
        "pv_export_kwh": 6_000.0,
        "battery_to_charging_kwh": 900.0,
        "grid_to_charging_kwh": 4_100.0,
        "pv_used_for_charging_kwh": 3_900.0,
    }
    v = annual_value(totals, COMPONENTS)
    assert v["avoided_purchase_sek"] == pytest.approx(3155.1)
    assert v["export_revenue_sek"] == pytest.approx(2892.0)
    assert v["pv_value_sek"] == pytest.approx(6047.1)
    assert v["self_consumption_premium_sek"] == pytest.approx(1227.1)
    assert v["grid_purchase_sek"] == pytest.approx(3316.9)
    assert v["charging_cost_without_pv_sek"] == pytest.approx(6472.0)
    # the charging bill falls by exactly the avoided purchase
    assert v["charging_cost_without_pv_sek"] - v["grid_purchase_sek"] == pytest.approx(
        v["avoided_purchase_sek"]
    )


BUILDINGS = pd.DataFrame(
    {
        "building_id": ["b1", "b2", "b3", "b4", "b5"],
        "building_type": ["public", "residential", "Public", None, "industrial"],
        "owner": ["Luleå kommun", "private", "Lulebo AB", "luleå kommun", None],
    }
)


def test_select_by_type_owner_and_ids_accounts_for_every_building():
    by_type = select_buildings(BUILDINGS)
    assert by_type.building_ids == ["b1", "b3"]
    assert sorted(by_type.excluded.building_id) == ["b2", "b4", "b5"]
    assert set(by_type.excluded.reason) == {"building_type is not 'public'"}

    by_owner = select_buildings(BUILDINGS, owner="Luleå kommun")
    assert by_owner.building_ids == ["b1", "b4"]
    assert len(by_owner.buildings) + len(by_owner.excluded) == len(BUILDINGS)

    by_ids = select_buildings(BUILDINGS, ids=["b5", "b2", "x9", "b2"])
    assert by_ids.building_ids == ["b2", "b5"] and by_ids.unknown_ids == ["x9"]
    assert len(by_ids.buildings) + len(by_ids.excluded) == len(BUILDINGS)


def test_unknown_ids_raise_when_strict_and_missing_columns_are_named():
    with pytest.raises(InputError, match="x9"):
        select_buildings(BUILDINGS, ids=["b1", "x9"], strict=True)
    with pytest.raises(InputError, match="'owner'"):
        select_buildings(BUILDINGS.drop(columns="owner"), owner="Luleå kommun")
