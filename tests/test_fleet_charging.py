"""Depot plug-in sessions and the hourly (8760) charging profile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.fleet import charging_profile, charging_sessions, demo_register, run_scenario

LULEA = np.array([-8.9, -8.1, -3.8, 0.9, 6.3, 13.6, 16.7, 15.2, 10.5, 3.9, -1.7, -5.0])


@pytest.fixture(scope="module")
def result():
    return run_scenario(
        demo_register("Kalix"), "fast_electrification", "Kalix", temps_monthly=LULEA
    )


def _sessions(rows, year=2030):
    df = pd.DataFrame(rows, columns=["vehicle_id", "depot", "plug_in_utc", "plug_out_utc",
                                     "energy_kwh", "charger_kw"])  # fmt: skip
    for c in ("plug_in_utc", "plug_out_utc"):
        df[c] = pd.to_datetime(df[c], utc=True)
    df.attrs["year"] = year
    return df


@pytest.mark.slow
def test_sessions_carry_the_year_electricity_and_local_schedule(result):
    s = charging_sessions(result, 2030)
    assert list(s.columns) == ["vehicle_id", "depot", "plug_in_utc", "plug_out_utc",
                               "energy_kwh", "charger_kw"]  # fmt: skip
    assert str(s["plug_in_utc"].dt.tz) == "UTC"
    y = result.yearly.set_index("year")
    assert s["energy_kwh"].sum() == pytest.approx(y.loc[2030, "electricity_kwh"], rel=1e-9)
    assert (s["plug_out_utc"] > s["plug_in_utc"]).all()
    # a service vehicle plugs in at 16:30 local = 15:30 UTC in winter, 14:30 UTC in summer
    service = result.vehicle_years.query(
        "year == 2030 and duty == 'service' and electricity_kwh > 0"
    )
    vid = service["vehicle_id"].iloc[0]
    mine = s[s["vehicle_id"] == vid]
    local = mine["plug_in_utc"].dt.tz_convert("Europe/Stockholm")
    assert set(local.dt.strftime("%H:%M")) == {"16:30"}
    assert len(mine) == 261  # weekdays of 2030
    # winter sessions need more energy than summer ones (cold factor)
    jan = mine[mine["plug_in_utc"].dt.month == 1]["energy_kwh"].mean()
    jul = mine[mine["plug_in_utc"].dt.month == 7]["energy_kwh"].mean()
    assert jan > jul
    # per depot: sessions' depots are the vehicles' depots
    assert set(s["depot"]) <= set(result.register["depot"])


@pytest.mark.slow
def test_profile_has_8760_utc_hours_and_conserves_energy(result):
    s = charging_sessions(result, 2030)
    for smart in (False, True):
        p = charging_profile(s, smart=smart)
        assert len(p) == 8760 and str(p.index.tz) == "UTC"
        assert p.index[0] == pd.Timestamp("2030-01-01", tz="UTC")
        assert (p.index.to_series().diff().dropna() == pd.Timedelta(hours=1)).all()
        assert p.sum() == pytest.approx(s["energy_kwh"].sum(), rel=1e-9)
        assert p.attrs["unserved_kwh"] == pytest.approx(0, abs=1e-6)
        assert "socket" in p.attrs["energy"]
    immediate, smart = charging_profile(s), charging_profile(s, smart=True)
    assert smart.max() < immediate.max()
    assert immediate.max() <= result.chargers.query("year == 2030")["charger_kw"].sum() + 1e-6


def test_immediate_charging_hand_example():
    """22 kWh at 11 kW from 15:30 UTC: 5.5 kWh in hour 15, 11 in hour 16, 5.5 in hour 17."""
    s = _sessions([("V", "D", "2030-01-10 15:30", "2030-01-11 06:00", 22.0, 11.0)])
    p = charging_profile(s)
    t = pd.Timestamp("2030-01-10", tz="UTC")
    got = p[t + pd.Timedelta(hours=15) : t + pd.Timedelta(hours=17)].to_numpy()
    np.testing.assert_allclose(got, [5.5, 11.0, 5.5])
    assert p.sum() == pytest.approx(22.0)
    # smart: 22 kWh over the 14.5 h window at 1.517 kW
    ps = charging_profile(s, smart=True)
    assert ps.max() == pytest.approx(22.0 / 14.5)


def test_window_too_short_is_reported_and_year_end_wraps():
    s = _sessions([("V", "D", "2030-12-31 22:00", "2031-01-01 02:00", 100.0, 10.0)])
    p = charging_profile(s)
    assert p.sum() == pytest.approx(40.0)  # 4 h × 10 kW
    assert p.attrs["unserved_kwh"] == pytest.approx(60.0)
    assert p.iloc[-2:].tolist() == [10.0, 10.0] and p.iloc[:2].tolist() == [10.0, 10.0]


def test_year_outside_horizon_is_refused(result):
    with pytest.raises(ValueError, match="horizon"):
        charging_sessions(result, 2050)
