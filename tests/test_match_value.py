"""SE1 value of matching and selection of the municipality's own buildings."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.config import load_scenario
from workbench.config.match import MatchPrices
from workbench.core.errors import InputError
from workbench.core.paths import data_path
from workbench.match import (
    annual_value,
    export_price_sek_per_kwh,
    hourly_value,
    purchase_price_sek_per_kwh,
    select_buildings,
    spot_on_year,
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
    assert "0.457" in row["source_note"].iloc[0] and MatchPrices().spot_sek_per_kwh == 0.457


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


def test_spot_on_year_takes_the_price_of_the_same_utc_hour_of_the_price_year():
    """The 2023 SE1 price of 21 June 10:00 UTC, read from the embedded table's EUR/MWh column
    and converted by hand at the ECB 2023 mean 11.4788 SEK/EUR, sits on 21 June 2030 10:00
    UTC; 29 February 2028 takes 28 February 2023 (as the weather does); nothing is missing."""
    raw = pd.read_csv(data_path("prices", "se1_day_ahead_hourly.csv.gz"))
    raw = raw.set_index("time_utc")
    spot = spot_on_year(MatchPrices(se1_price_year=2023), 2030)
    eur = raw.loc["2023-06-21T10:00Z", "price_eur_per_mwh"]
    assert spot[pd.Timestamp("2030-06-21 10:00", tz="UTC")] == pytest.approx(
        eur * 11.4788 / 1000, abs=1e-6
    )
    leap = spot_on_year(MatchPrices(se1_price_year=2023), 2028)
    assert len(leap) == 8784
    feb28 = raw.loc["2023-02-28T05:00Z", "price_eur_per_mwh"] * 11.4788 / 1000
    assert leap[pd.Timestamp("2028-02-29 05:00", tz="UTC")] == pytest.approx(feb28, abs=1e-6)
    assert spot.isna().sum() == 0 and spot.attrs["eur_sek"] == 11.4788


def test_missing_price_hours_are_reported_not_filled():
    """2024 has 2,113 hours without an SE1 price (5 October – 31 December local time)."""
    spot = spot_on_year(MatchPrices(se1_price_year=2024), 2030)
    assert spot.isna().sum() == spot.attrs["n_missing_on_year"] == 2113
    assert (
        spot[pd.Timestamp("2030-12-24 12:00", tz="UTC")]
        != spot[pd.Timestamp("2030-12-24 12:00", tz="UTC")]
    )  # NaN, not a filled value


def test_hourly_value_by_hand():
    """Four hours, component prices: P = 0.809 SEK/kWh, export adder 0.05 − 0.025 = 0.025.

    | hour | spot | PV | PV to charging | export | grid to charging |
    | 1 | 0.2 | 10 | 0 | 10 | 0 |
    | 2 | 0.6 | 10 | 4 | 6 | 0 |
    | 3 | 1.0 | 0 | 0 | 0 | 5 |
    | 4 | missing | 2 | 0 | 2 | 1 |

    Hour 4 is not valued (reported: 1 hour, 2 kWh PV, 1 kWh charging). Mean spot over the
    priced hours 0.6. Hourly: export 10 × 0.225 + 6 × 0.625 = 6.0; avoided 4 × (0.809 +
    0.6 − 0.6) = 3.236; PV value 9.236; grid 5 × (0.809 + 0.4) = 6.045; net 0.045; premium
    3.236 − 4 × 0.625 = 0.736. Annual mean: export 16 × 0.625 = 10.0; avoided 3.236; PV value
    13.236; grid 5 × 0.809 = 4.045; net −5.955.
    """
    index = pd.date_range("2030-06-01", periods=4, freq="h", tz="UTC")
    hourly = pd.DataFrame(
        {
            "pv_kwh": [10.0, 10.0, 0.0, 2.0],
            "charging_kwh": [0.0, 4.0, 5.0, 1.0],
            "pv_to_charging_kwh": [0.0, 4.0, 0.0, 0.0],
            "pv_to_battery_kwh": 0.0,
            "pv_export_kwh": [10.0, 6.0, 0.0, 2.0],
            "battery_to_charging_kwh": 0.0,
            "grid_to_charging_kwh": [0.0, 0.0, 5.0, 1.0],
        },
        index=index,
    )
    spot = pd.Series([0.2, 0.6, 1.0, float("nan")], index=index)
    v = hourly_value(hourly, spot, COMPONENTS)
    assert v["spot_mean_sek_per_kwh"] == pytest.approx(0.6)
    assert v["export_revenue_sek"] == pytest.approx(6.0)
    assert v["avoided_purchase_sek"] == pytest.approx(3.236)
    assert v["pv_value_sek"] == pytest.approx(9.236)
    assert v["grid_purchase_sek"] == pytest.approx(6.045)
    assert v["net_charging_cost_sek"] == pytest.approx(0.045)
    assert v["self_consumption_premium_sek"] == pytest.approx(0.736)
    assert v["export_revenue_annual_mean_sek"] == pytest.approx(10.0)
    assert v["pv_value_annual_mean_sek"] == pytest.approx(13.236)
    assert v["grid_purchase_annual_mean_sek"] == pytest.approx(4.045)
    assert v["net_charging_cost_annual_mean_sek"] == pytest.approx(-5.955)
    assert (v["price_missing_hours"], v["pv_kwh_without_price"]) == (1.0, 2.0)
    assert v["charging_kwh_without_price"] == 1.0
    assert v["purchase_price_sek_per_kwh"] == pytest.approx(0.809)
    assert v["export_price_sek_per_kwh"] == pytest.approx(0.625)
