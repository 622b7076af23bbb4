"""Charging schedules: windows, charger power and energy per session are respected."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.fleet.schedule import immediate_schedule, profile, session_hours, unserved
from workbench.match import annual, hourly_balance, smart_schedule

YEAR = pd.date_range("2030-01-01", periods=8760, freq="h", tz="UTC")


def _sessions(rows):
    df = pd.DataFrame(
        rows,
        columns=["vehicle_id", "depot", "plug_in_utc", "plug_out_utc", "energy_kwh", "charger_kw"],
    )
    df["plug_in_utc"] = pd.to_datetime(df["plug_in_utc"], utc=True)
    df["plug_out_utc"] = pd.to_datetime(df["plug_out_utc"], utc=True)
    return df


def _random_fleet(n_vehicles=40, seed=11):
    """Daily sessions of a small fleet: plug-in 13–18 h UTC, 8–16 h windows, feasible energy."""
    rng = np.random.default_rng(seed)
    rows = []
    for v in range(n_vehicles):
        kw = rng.choice([3.7, 11.0, 22.0])
        for day in pd.date_range("2030-01-01", "2030-12-31", freq="D", tz="UTC")[:: 1 + v % 3]:
            start = day + pd.Timedelta(minutes=int(rng.integers(13 * 60, 18 * 60)))
            window_h = rng.uniform(8, 16)
            energy = rng.uniform(0, 0.9) * kw * window_h
            rows.append(
                (f"v{v}", f"depot{v % 3}", start, start + pd.Timedelta(hours=window_h), energy, kw)
            )
    return _sessions(rows)


def _pv():
    hour = YEAR.hour.to_numpy()
    return pd.Series(np.clip(np.sin((hour - 2) / 18 * np.pi), 0, None) * 60.0, index=YEAR)


def _reference_immediate(sessions, index):
    """Independent per-session loop: full power from plug-in, energy by minute-exact overlap."""
    out = np.zeros(len(index))
    t0 = index[0]
    for row in sessions.itertuples():
        left = row.energy_kwh
        t = row.plug_in_utc
        while left > 1e-12 and t < row.plug_out_utc:
            hour_start = t.floor("h")
            hour_end = min(hour_start + pd.Timedelta(hours=1), row.plug_out_utc)
            take = min(left, row.charger_kw * (hour_end - t) / pd.Timedelta(hours=1))
            out[int((hour_start - t0) / pd.Timedelta(hours=1)) % len(index)] += take
            left -= take
            t = hour_end
    return out


def test_hand_example_partial_hours():
    """Plug-in 10:30–14:30, 5 kWh at 2 kW: hour limits 1, 2, 2, 2, 1 kWh.

    Immediate: 1, 2, 2, 0, 0. PV 3 kWh at 13 h and 1 kWh at 14 h: smart puts min(2, 3) = 2 at
    13 h and min(1, 1) = 1 at 14 h, then the remaining 2 kWh as early as possible: 1 at 10 h,
    1 at 11 h -> 1, 1, 0, 2, 1.
    """
    index = YEAR[:24]
    s = _sessions([("a", "d", "2030-01-01 10:30", "2030-01-01 14:30", 5.0, 2.0)])
    hours = session_hours(s, index)
    assert hours.hour.tolist() == [10, 11, 12, 13, 14]
    np.testing.assert_allclose(hours.limit_kwh, [1, 2, 2, 2, 1])
    np.testing.assert_allclose(immediate_schedule(s, index).energy_kwh, [1, 2, 2, 0, 0])
    pv = pd.Series(0.0, index=index)
    pv.iloc[13], pv.iloc[14] = 3.0, 1.0
    np.testing.assert_allclose(smart_schedule(s, pv).energy_kwh, [1, 1, 0, 2, 1])


def test_second_session_sees_the_surplus_left_by_the_first():
    """Two 2 kWh sessions at 10 kW over 10–12 h, PV 3 kWh at 11 h only.

    First (earlier plug-in) takes 2 at 11 h; the second finds 1 kWh left at 11 h and puts
    the other 1 kWh at 10 h, as early as possible.
    """
    index = YEAR[:24]
    s = _sessions(
        [
            ("b", "d", "2030-01-01 10:00", "2030-01-01 12:00", 2.0, 10.0),
            ("a", "d", "2030-01-01 09:59", "2030-01-01 12:00", 2.0, 10.0),
        ]
    )
    pv = pd.Series(0.0, index=index)
    pv.iloc[11] = 3.0
    sched = smart_schedule(s, pv)
    first = sched[sched.session == 1].set_index("hour").energy_kwh
    second = sched[sched.session == 0].set_index("hour").energy_kwh
    assert first.to_dict() == {9: 0.0, 10: 0.0, 11: 2.0}
    assert second.to_dict() == {10: 1.0, 11: 1.0}


def test_window_wraps_at_the_end_of_the_typical_year():
    s = _sessions([("a", "d", "2030-12-31 20:00", "2031-01-01 06:00", 30.0, 10.0)])
    prof = profile(immediate_schedule(s, YEAR), YEAR)
    assert prof.sum() == pytest.approx(30.0)
    assert prof.iloc[-4:].tolist() == [10, 10, 10, 0] and prof.iloc[0] == 0


@pytest.mark.slow
def test_immediate_matches_independent_loop():
    fleet = _random_fleet(8, seed=2)
    np.testing.assert_allclose(
        profile(immediate_schedule(fleet, YEAR), YEAR), _reference_immediate(fleet, YEAR), atol=1e-9
    )


@pytest.fixture(scope="module")
def fleet_and_schedules():
    fleet = _random_fleet()
    pv = _pv()
    return fleet, pv, immediate_schedule(fleet, YEAR), smart_schedule(fleet, pv)


@pytest.mark.slow
def test_smart_conserves_energy_stays_in_window_and_under_charger_power(fleet_and_schedules):
    fleet, pv, dumb, smart = fleet_and_schedules
    per_session = smart.groupby("session").energy_kwh.sum()
    np.testing.assert_allclose(per_session, fleet.energy_kwh.to_numpy(), rtol=1e-12, atol=1e-9)
    assert (unserved(smart, fleet) == 0).all()
    # the schedule only has window hours, and never more than charger_kw × time plugged in
    assert (smart.energy_kwh <= smart.limit_kwh + 1e-9).all()
    assert (smart.energy_kwh >= 0).all()
    assert (smart.overlap_h > 0).all() and (smart.overlap_h <= 1 + 1e-12).all()
    kw = fleet.charger_kw.to_numpy()[smart.session.to_numpy()]
    assert (smart.energy_kwh <= kw + 1e-9).all()
    # windows recomputed independently from the timestamps
    t = YEAR[smart.hour.to_numpy()]
    start = fleet.plug_in_utc.to_numpy()[smart.session.to_numpy()]
    end = fleet.plug_out_utc.to_numpy()[smart.session.to_numpy()]
    wrapped = t + pd.DateOffset(years=1)
    inside = ((t + pd.Timedelta(hours=1) > start) & (t < end)) | (
        (wrapped + pd.Timedelta(hours=1) > start) & (wrapped < end)
    )
    assert inside.all()


@pytest.mark.slow
def test_smart_charging_uses_more_pv_than_immediate(fleet_and_schedules):
    fleet, pv, dumb, smart = fleet_and_schedules
    d = annual(hourly_balance(pv, profile(dumb, YEAR)))
    s = annual(hourly_balance(pv, profile(smart, YEAR)))
    assert s["charging_kwh"] == pytest.approx(d["charging_kwh"], rel=1e-12)
    assert s["coverage_pct"] > d["coverage_pct"] + 5


def test_coverage_0_without_pv_and_100_when_pv_exceeds_charging_in_every_window_hour():
    fleet = _random_fleet(10, seed=5)
    no_pv = pd.Series(0.0, index=YEAR)
    sched = smart_schedule(fleet, no_pv)
    np.testing.assert_allclose(sched.energy_kwh, immediate_schedule(fleet, YEAR).energy_kwh)
    assert annual(hourly_balance(no_pv, profile(sched, YEAR)))["coverage_pct"] == 0
    ample = pd.Series(10 * fleet.charger_kw.sum(), index=YEAR)
    for sched in (smart_schedule(fleet, ample), immediate_schedule(fleet, YEAR)):
        assert annual(hourly_balance(ample, profile(sched, YEAR)))["coverage_pct"] == 100


def test_infeasible_session_is_reported_as_unserved_by_both_strategies():
    s = _sessions([("a", "d", "2030-06-01 10:00", "2030-06-01 12:00", 50.0, 11.0)])
    pv = pd.Series(5.0, index=YEAR)
    for sched in (immediate_schedule(s, YEAR), smart_schedule(s, pv)):
        assert sched.energy_kwh.sum() == pytest.approx(22.0)
        assert unserved(sched, s).iloc[0] == pytest.approx(28.0)


def test_per_depot_profiles_add_up(fleet_and_schedules):
    fleet, pv, dumb, smart = fleet_and_schedules
    per_depot = profile(smart, YEAR, by=fleet["depot"])
    assert list(per_depot.columns) == ["depot0", "depot1", "depot2"]
    np.testing.assert_allclose(per_depot.sum(axis=1), profile(smart, YEAR), atol=1e-9)


def test_bad_sessions_are_all_reported():
    s = _sessions(
        [
            ("a", "d", "2030-06-01 10:00", "2030-06-01 09:00", 5.0, 11.0),
            ("b", "d", "2030-06-01 10:00", "2030-06-01 12:00", -1.0, 11.0),
            ("c", "d", "2029-06-01 10:00", "2029-06-01 12:00", 1.0, 11.0),
        ]
    )
    with pytest.raises(InputError) as err:
        session_hours(s, YEAR)
    text = str(err.value)
    assert "row 1" in text and "plug_out_utc" in text and "row 2" in text and "energy_kwh" in text
    with pytest.raises(InputError, match="row 1"):
        session_hours(s.iloc[[2]].reset_index(drop=True), YEAR)


def test_more_than_fifty_bad_sessions_are_all_collected():
    """All bad rows are collected (the message lists the first ones and counts the rest)."""
    s = _sessions([("a", "d", "2030-06-01 10:00", "2030-06-01 12:00", -1.0, 11.0)] * 60)
    with pytest.raises(InputError) as err:
        session_hours(s, YEAR)
    assert len(err.value.problems) == 60
