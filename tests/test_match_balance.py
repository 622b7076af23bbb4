"""Hourly PV–charging balance: identities every hour, battery bounds, hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.match import StationaryBattery
from workbench.core.errors import InputError
from workbench.match import annual, hourly_balance, monthly, on_year

YEAR = pd.date_range("2030-01-01", periods=8760, freq="h", tz="UTC")


def _series(values, index=None):
    values = np.asarray(values, dtype=float)
    index = index if index is not None else YEAR[: len(values)]
    return pd.Series(values, index=index)


def _random_year(seed=7):
    """PV with a daily bell shape and clouds, charging mostly in evenings, both random."""
    rng = np.random.default_rng(seed)
    hour = YEAR.hour.to_numpy()
    pv = np.clip(np.sin((hour - 4) / 16 * np.pi), 0, None) * rng.uniform(0, 40, len(YEAR))
    charging = np.where((hour >= 15) | (hour <= 6), rng.uniform(0, 30, len(YEAR)), 0.0)
    charging += rng.uniform(0, 8, len(YEAR)) * (rng.random(len(YEAR)) < 0.3)
    return _series(pv), _series(charging)


def _check_identities(b, battery=None):
    tol = 1e-9
    flows = [c for c in b.columns if c != "battery_soc_kwh"]
    assert (b[flows] >= -tol).all().all()
    np.testing.assert_allclose(
        b.pv_kwh, b.pv_to_charging_kwh + b.pv_to_battery_kwh + b.pv_export_kwh, atol=tol
    )
    np.testing.assert_allclose(
        b.charging_kwh,
        b.pv_to_charging_kwh + b.battery_to_charging_kwh + b.grid_to_charging_kwh,
        atol=tol,
    )
    soc_before = np.r_[0.0, b.battery_soc_kwh.to_numpy()[:-1]]
    if battery is not None:
        soc_before[0] = battery.capacity_kwh * battery.soc_min_pct / 100
        lo = battery.capacity_kwh * battery.soc_min_pct / 100 - tol
        hi = battery.capacity_kwh * battery.soc_max_pct / 100 + tol
        assert b.battery_soc_kwh.between(lo, hi).all()
        assert (b.pv_to_battery_kwh <= battery.power_kw + tol).all()
        assert (b.battery_to_charging_kwh <= battery.power_kw + tol).all()
    np.testing.assert_allclose(
        b.battery_soc_kwh - soc_before,
        b.pv_to_battery_kwh - b.battery_to_charging_kwh - b.battery_loss_kwh,
        atol=tol,
    )
    # never charge and discharge the battery, nor export and import, in the same hour
    assert not ((b.pv_to_battery_kwh > tol) & (b.battery_to_charging_kwh > tol)).any()
    assert not ((b.pv_export_kwh > tol) & (b.grid_to_charging_kwh > tol)).any()


def test_hand_example_without_battery():
    """PV 3, 0, 5 and charging 1, 2, 5 kWh: direct 1, 0, 5; export 2, 0, 0; grid 0, 2, 0.

    Coverage = 6 / 8 = 75 %; self-consumption = 6 / 8 = 75 %.
    """
    b = hourly_balance(_series([3, 0, 5]), _series([1, 2, 5]))
    assert b.pv_to_charging_kwh.tolist() == [1, 0, 5]
    assert b.pv_export_kwh.tolist() == [2, 0, 0]
    assert b.grid_to_charging_kwh.tolist() == [0, 2, 0]
    assert (b.battery_soc_kwh == 0).all()


def test_hand_example_with_battery():
    """10 kWh / 4 kW battery, round trip 0.81 (0.9 each way), SOC 0–100 %, starts empty.

    Hour 1: PV 6, charging 0 -> battery takes min(6, 4) = 4 kWh, stores 3.6; export 2.
    Hour 2: charging 5 -> battery gives min(5, 4, 3.6 × 0.9 = 3.24) = 3.24; grid 1.76; SOC 0.
    Hour 3: charging 5 -> grid 5. Losses 4 × 0.1 + 3.24 × (1/0.9 − 1) = 0.76 kWh.
    Coverage = 3.24 / 10 = 32.4 %.
    """
    battery = StationaryBattery(
        capacity_kwh=10, power_kw=4, round_trip_efficiency=0.81, soc_min_pct=0, soc_max_pct=100
    )
    b = hourly_balance(_series([6, 0, 0]), _series([0, 5, 5]), battery)
    np.testing.assert_allclose(b.pv_to_battery_kwh, [4, 0, 0])
    np.testing.assert_allclose(b.pv_export_kwh, [2, 0, 0])
    np.testing.assert_allclose(b.battery_soc_kwh, [3.6, 0, 0], atol=1e-12)
    np.testing.assert_allclose(b.battery_to_charging_kwh, [0, 3.24, 0])
    np.testing.assert_allclose(b.grid_to_charging_kwh, [0, 1.76, 5])
    np.testing.assert_allclose(b.battery_loss_kwh.sum(), 0.76)
    totals = annual(b)
    assert totals["coverage_pct"] == pytest.approx(32.4)
    _check_identities(b, battery)


@pytest.mark.parametrize(
    "battery",
    [
        None,
        StationaryBattery(capacity_kwh=50, power_kw=20, round_trip_efficiency=0.9),
        StationaryBattery(
            capacity_kwh=200, power_kw=5, round_trip_efficiency=0.8, soc_min_pct=20, soc_max_pct=90
        ),
    ],
    ids=["none", "50kWh", "200kWh_soc_window"],
)
def test_identities_hold_every_hour_of_a_random_year(battery):
    pv, charging = _random_year()
    b = hourly_balance(pv, charging, battery)
    _check_identities(b, battery)
    if battery is not None:
        # the battery moves PV from surplus to deficit hours: coverage can only go up
        assert annual(b)["coverage_pct"] > annual(hourly_balance(pv, charging))["coverage_pct"]


def test_coverage_is_zero_without_pv_and_100_when_pv_exceeds_charging():
    _, charging = _random_year()
    none = annual(hourly_balance(charging * 0, charging))
    assert none["coverage_pct"] == 0 and none["grid_to_charging_kwh"] == charging.sum()
    full = annual(hourly_balance(charging + 0.1, charging))
    assert full["coverage_pct"] == 100
    assert full["pv_export_kwh"] == pytest.approx(0.1 * len(charging))


def test_monthly_sums_add_up_and_months_follow_stockholm_calendar():
    pv, charging = _random_year(3)
    b = hourly_balance(pv, charging)
    m = monthly(b)
    assert m.month.tolist() == list(range(1, 13))
    totals = annual(b)
    for col in ("pv_kwh", "charging_kwh", "pv_to_charging_kwh", "pv_export_kwh"):
        assert m[col].sum() == pytest.approx(totals[col], rel=1e-12)
    # 31 Jan 23:00 UTC is 1 Feb 00:00 in Stockholm (UTC+1): it counts in February
    only = pd.Series(0.0, index=YEAR)
    only[pd.Timestamp("2030-01-31 23:00", tz="UTC")] = 7.0
    m1 = monthly(hourly_balance(only, only))
    assert m1.set_index("month").loc[2, "charging_kwh"] == 7.0
    assert m1.set_index("month").loc[1, "charging_kwh"] == 0.0
    assert np.isnan(m1.set_index("month").loc[3, "coverage_pct"])  # 0/0 is not 0 %


def test_peaks_and_docstring_examples():
    """Peaks are the largest hourly values [kWh per hour = kW]; module examples hold."""
    import doctest

    from workbench.match import balance, value

    b = hourly_balance(_series([3, 0, 5]), _series([1, 2, 5]))
    totals = annual(b)
    assert totals["charging_peak_kw"] == 5 and totals["grid_peak_kw"] == 2
    m = monthly(b).set_index("month")
    assert m.loc[1, "grid_peak_kw"] == 2 and m.loc[6, "grid_peak_kw"] == 0  # hours in January
    for module in (balance, value):
        assert doctest.testmod(module).failed == 0


def test_bad_hours_are_all_reported():
    pv = _series([1, np.nan, 2, -1])
    with pytest.raises(InputError) as err:
        hourly_balance(pv, _series([0, 0, 0, 0]))
    assert len(err.value.problems) == 2 and "row 2" in str(err.value) and "row 4" in str(err.value)
    gap = YEAR[[0, 1, 3]]
    with pytest.raises(InputError, match="1 h steps"):
        hourly_balance(_series([1, 1, 1], gap), _series([1, 1, 1], gap))
    naive = pd.date_range("2030-01-01", periods=3, freq="h")
    with pytest.raises(InputError, match="UTC"):
        hourly_balance(_series([1, 1, 1], naive), _series([1, 1, 1], naive))


def test_on_year_maps_typical_year_to_calendar_year_and_fills_leap_day():
    typical = pd.Series(
        np.arange(8760.0), index=pd.date_range("2019-01-01", periods=8760, freq="h", tz="UTC")
    )
    moved = on_year(typical, 2028)
    assert len(moved) == 8784 and moved.index[0] == pd.Timestamp("2028-01-01", tz="UTC")
    feb28 = moved["2028-02-28"].to_numpy()
    np.testing.assert_array_equal(moved["2028-02-29"].to_numpy(), feb28)
    np.testing.assert_array_equal(moved["2028-12-31"].to_numpy(), typical["2019-12-31"].to_numpy())
    same = on_year(typical, 2030)
    np.testing.assert_array_equal(same.to_numpy(), typical.to_numpy())


def test_battery_soc_range_is_checked_by_the_configuration():
    """soc_min above soc_max is refused where the battery is defined, also on assignment."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="soc_min_pct 50 % must not exceed"):
        StationaryBattery(capacity_kwh=10, power_kw=5, soc_min_pct=50, soc_max_pct=40)
    battery = StationaryBattery(capacity_kwh=10, power_kw=5)
    with pytest.raises(ValidationError, match="must not exceed"):
        battery.soc_max_pct = 5.0  # below the default soc_min_pct of 10 %
