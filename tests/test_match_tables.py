"""Matching over scenario years: variants, tidy tables and their consistency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.match import MatchConfig, StationaryBattery
from workbench.match.tables import match_years

TYPICAL = pd.date_range("2019-01-01", periods=8760, freq="h", tz="UTC")


def _pv():
    hour = TYPICAL.hour.to_numpy()
    season = np.sin(np.pi * (TYPICAL.day_of_year.to_numpy() - 30) / 300).clip(0)
    return pd.Series(np.clip(np.sin((hour - 2) / 18 * np.pi), 0, None) * 50 * season, index=TYPICAL)


def _sessions(year, n_vehicles):
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D", tz="UTC")
    rows = [
        (f"v{v}", f"d{v % 2}", d + pd.Timedelta(hours=15), d + pd.Timedelta(hours=29), 20.0, 11.0)
        for v in range(n_vehicles)
        for d in days
    ]
    return pd.DataFrame(
        rows,
        columns=["vehicle_id", "depot", "plug_in_utc", "plug_out_utc", "energy_kwh", "charger_kw"],
    )


@pytest.fixture(scope="module")
def tables():
    config = MatchConfig(battery=StationaryBattery(capacity_kwh=100, power_kw=25))
    return match_years(_pv(), {2030: _sessions(2030, 4), 2028: _sessions(2028, 2)}, config)


@pytest.mark.slow
def test_variants_and_tables_are_consistent(tables):
    a = tables.annual
    assert a[["year", "strategy", "with_battery"]].values.tolist() == [
        [2028, "immediate", False],
        [2028, "immediate", True],
        [2028, "smart", False],
        [2028, "smart", True],
        [2030, "immediate", False],
        [2030, "immediate", True],
        [2030, "smart", False],
        [2030, "smart", True],
    ]
    # 2028 is a leap year: one more day of PV and of sessions
    pv28, pv30 = a.loc[a.year == 2028, "pv_kwh"].iloc[0], a.loc[a.year == 2030, "pv_kwh"].iloc[0]
    assert pv30 == pytest.approx(_pv().sum()) and pv28 > pv30
    assert a.loc[a.year == 2030, "charging_kwh"].tolist() == pytest.approx([4 * 365 * 20.0] * 4)
    # monthly tables sum to the annual rows, and the depot split sums to charging
    m = tables.monthly.groupby(["year", "strategy", "with_battery"])[
        ["charging_kwh", "pv_export_kwh"]
    ].sum()
    np.testing.assert_allclose(
        m.to_numpy(), a.set_index(["year", "strategy", "with_battery"])[m.columns].to_numpy()
    )
    d = tables.depot_monthly.groupby(["year", "strategy"]).charging_kwh.sum()
    nb = a[~a.with_battery].set_index(["year", "strategy"]).charging_kwh
    np.testing.assert_allclose(d.sort_index().to_numpy(), nb.sort_index().to_numpy())
    assert tables.sessions.set_index("year").loc[2030, "n_sessions"] == 4 * 365
    assert (tables.sessions.unserved_kwh == 0).all()


def test_smart_and_battery_raise_coverage_and_value(tables):
    a = tables.annual.set_index(["year", "strategy", "with_battery"])
    base, smart = a.loc[(2030, "immediate", False)], a.loc[(2030, "smart", False)]
    batt = a.loc[(2030, "immediate", True)]
    # plug-in 15:00–05:00 UTC: evening and morning PV hours are reachable in summer
    assert smart.coverage_pct > base.coverage_pct
    assert batt.coverage_pct > base.coverage_pct
    assert smart.avoided_purchase_sek > base.avoided_purchase_sek
    for row in (base, smart, batt):
        assert row.pv_kwh == pytest.approx(
            row.pv_to_charging_kwh + row.pv_to_battery_kwh + row.pv_export_kwh
        )
