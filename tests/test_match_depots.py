"""Depot-by-depot matching: each depot sees only the PV behind its own meter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench import fleet
from workbench.config import load_scenario
from workbench.core.errors import InputError
from workbench.match import compute
from workbench.match.depots import match_by_depot, read_depot_map, totals
from workbench.solar import synthetic

TYPICAL = pd.date_range("2019-01-01", periods=8760, freq="h", tz="UTC")


def _sessions(year):
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D", tz="UTC")
    rows = [
        (f"{d}{v}", d, day + pd.Timedelta(hours=8), day + pd.Timedelta(hours=16), 30.0, 11.0)
        for d in ("north", "south")
        for v in range(2)
        for day in days
    ]
    return pd.DataFrame(
        rows,
        columns=["vehicle_id", "depot", "plug_in_utc", "plug_out_utc", "energy_kwh", "charger_kw"],
    )


def test_depot_map_reports_every_bad_row(tmp_path):
    path = tmp_path / "depots.csv"
    path.write_text(
        "building_id,depot\nb1,north\nb2,\n,south\nb1,south\nb3,south\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        read_depot_map(path)
    text = str(err.value)
    assert "row 3" in text and "row 4" in text and "row 5" in text and "'north'" in text
    assert read_depot_map(pd.DataFrame({"building_id": ["b1"], "depot": ["n"]})) == {"b1": "n"}
    with pytest.raises(InputError, match="depot"):
        read_depot_map(pd.DataFrame({"building_id": ["b1"]}))


def test_depot_without_pv_is_not_covered_and_netting_is_an_upper_bound():
    """PV 20 kWh/h from 08 to 16 UTC at 'north' only; each depot has two vehicles taking
    30 kWh a day at 11 kW, plugged in 08–16 h.

    North, immediate: 22, 22, 16 kWh in 08, 09, 10 h against 20 kWh/h of PV -> 20 + 20 + 16 =
    56 of 60 kWh. North, smart: the first vehicle takes 11, 11, 8 kWh at 08–10 h (ties: earliest),
    the second the then richer 11–13 h -> 100 %. South has no PV: 0 %.
    """
    hour = TYPICAL.hour.to_numpy()
    pv = pd.DataFrame(
        {"north": np.where((hour >= 8) & (hour < 16), 20.0, 0.0), "": 0.0}, index=TYPICAL
    )
    sessions = {2030: _sessions(2030)}
    per = match_by_depot(pv, sessions)
    row = per.set_index(["strategy", "depot"])
    assert row.loc[("immediate", "south"), "coverage_pct"] == 0
    assert row.loc[("immediate", "south"), "pv_kwh"] == 0
    # north, immediate: 22 kWh/h asked for 2 h, 16 kWh in the third hour -> PV gives
    # 20 + 20 + 16 = 56 of 60 kWh a day; smart cannot beat the 20 kWh/h PV ceiling either
    assert row.loc[("immediate", "north"), "coverage_pct"] == pytest.approx(100 * 56 / 60)
    assert row.loc[("smart", "north"), "coverage_pct"] == pytest.approx(100.0)
    assert row.loc[("immediate", ""), "pv_kwh"] == 0
    tot = totals(per).set_index(["year", "strategy"])
    assert tot.loc[(2030, "immediate"), "charging_kwh"] == pytest.approx(4 * 365 * 30.0)
    assert tot.loc[(2030, "immediate"), "coverage_pct"] == pytest.approx(100 * 56 / 120)


@pytest.mark.slow
def test_run_with_depot_map_on_demo_data():
    kommun, year = "Arjeplog", 2035
    sc = load_scenario("default")
    depots = sorted(
        fleet.charging_sessions(fleet.run_scenario(fleet.demo_register(kommun), sc, kommun), year)[
            "depot"
        ].unique()
    )
    b = synthetic.generate(kommun)
    public = b.loc[b["building_type"] == "public", "building_id"].tolist()
    mapping = {bid: depots[i % len(depots)] for i, bid in enumerate(public[:4])}
    mapping["NOT-A-BUILDING"] = depots[0]
    r = compute(kommun, years=[year], depots=mapping)
    s = r.summary
    assert s["depot_map_unknown_building_ids"] == ["NOT-A-BUILDING"]
    np.testing.assert_allclose(
        r.pv.hourly_by_depot.sum(axis=1), r.pv.hourly_kwh, rtol=1e-12, atol=1e-9
    )
    assert 0 <= s["per_depot_coverage_pct"] <= s["coverage_pct"]
    assert s["smart_per_depot_coverage_pct"] <= s["smart_coverage_pct"] + 1e-9
    per = r.tables["depot_annual"]
    assert set(per.depot) == set(depots) | set(mapping.values()) | {""}
    assert per.groupby("strategy").charging_kwh.sum().to_numpy() == pytest.approx(
        [s["charging_mwh"] * 1000] * 2
    )
