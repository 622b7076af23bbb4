"""Solar meets fleet end to end on the embedded demo data, checked against the solar and fleet
engines run directly (independent code paths for the same quantities)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench import fleet
from workbench.cli import app
from workbench.config import load_scenario
from workbench.match import compute
from workbench.match.hourly import on_year
from workbench.match.outputs import write
from workbench.solar import synthetic
from workbench.solar.potential import rooftop_potential

KOMMUN = "Arjeplog"
YEAR = 2030


@pytest.fixture(scope="module")
def result():
    return compute(KOMMUN, years=[YEAR])


@pytest.mark.slow
def test_pv_equals_the_rooftop_engine_on_the_same_public_buildings(result):
    sc = load_scenario("default")
    roof = rooftop_potential(
        synthetic.generate(KOMMUN), kommun=KOMMUN, assumptions=sc.roofs, system=sc.pv
    )
    public = roof.buildings[roof.buildings["building_type"] == "public"]
    assert len(result.pv.buildings) == len(public) > 0
    assert result.pv.hourly_kwh.sum() == pytest.approx(public["annual_kwh"].sum(), rel=1e-9)
    assert result.pv.capacity_kwp == pytest.approx(public["capacity_kwp"].sum(), rel=1e-12)
    per_building = result.pv.buildings.set_index("building_id")["annual_kwh"]
    np.testing.assert_allclose(
        per_building.to_numpy(),
        public.set_index("building_id")["annual_kwh"].loc[per_building.index],
    )
    # every input feature is selected, not selected with a reason, or excluded by the reader
    acc = result.summary["building_accounting"]
    assert acc["n_selected"] + acc["n_not_selected"] == acc["n_buildings"] == len(roof.buildings)
    assert acc["n_buildings"] + acc["n_excluded_by_reader"] == acc["n_input_features"]
    assert len(result.pv.reader_excluded) == acc["n_excluded_by_reader"]


@pytest.mark.slow
def test_charging_equals_the_fleet_engine(result):
    sc = load_scenario("default")
    fr = fleet.run_scenario(fleet.demo_register(KOMMUN), sc, KOMMUN)
    sessions = fleet.charging_sessions(fr, YEAR)
    expected = fleet.charging_profile(sessions)
    hourly = result.matched.hourly[(YEAR, "immediate", False)]
    np.testing.assert_allclose(hourly["charging_kwh"].to_numpy(), expected.to_numpy(), atol=1e-9)
    year_kwh = fr.vehicle_years.loc[fr.vehicle_years["year"] == YEAR, "electricity_kwh"].sum()
    assert hourly["charging_kwh"].sum() == pytest.approx(year_kwh, rel=1e-9)
    np.testing.assert_allclose(hourly["pv_kwh"].to_numpy(), on_year(result.pv.hourly_kwh, YEAR))


@pytest.mark.slow
def test_summary_and_variants(result):
    s = result.summary
    for key in ("pv_mwh", "charging_mwh", "pv_to_charging_mwh", "coverage_pct", "export_mwh"):
        assert isinstance(s[key], float)
    assert s["headline_year"] == YEAR and s["synthetic_inputs"] == ["buildings", "register"]
    assert 0 < s["coverage_pct"] < s["smart_coverage_pct"] <= 100
    assert s["pv_mwh"] == pytest.approx(s["pv_to_charging_mwh"] + s["export_mwh"])
    assert s["charging_mwh"] == pytest.approx(s["pv_to_charging_mwh"] + s["grid_to_charging_mwh"])
    assert s["smart_avoided_purchase_sek"] > s["avoided_purchase_sek"] > 0
    # hourly SE1 prices of the scenario's price year, and the annual mean beside them
    assert s["se1_price_year"] == 2023 and s["price_missing_hours"] == 0
    assert s["pv_value_sek"] != s["pv_value_annual_mean_sek"]
    assert "smart_charging_value_sek" in s and "smart_charging_value_annual_mean_sek" in s
    assert any("Hourly SE1 day-ahead prices of 2023" in note for note in s["notes"])
    # the price note follows the VAT choice of the scenario
    assert any("excl. VAT" in note for note in s["notes"])
    vat = result.scenario.model_copy(deep=True)
    vat.match.prices.vat_is_cost = True
    notes = dataclasses.replace(result, scenario=vat).summary["notes"]
    assert any("with VAT" in note for note in notes)
    assert not any("excl. VAT" in note for note in notes)
    # no PV in Norrbotten's December: the smart schedule cannot help there
    m = result.tables["monthly"].set_index(["strategy", "month"])
    assert m.loc[("immediate", 12), "pv_kwh"] < 1e-3 * m["pv_kwh"].max()
    assert m.loc[("smart", 12), "coverage_pct"] == pytest.approx(
        m.loc[("immediate", 12), "coverage_pct"], abs=0.5
    )


@pytest.mark.slow
def test_outputs_are_written_and_reproducible(result, tmp_path):
    a = write(result, tmp_path / "a")
    b = write(result, tmp_path / "b")
    for name, path in a.items():
        assert path.read_bytes() == b[name].read_bytes(), name
    summary = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))
    assert summary["coverage_pct"] == pytest.approx(result.summary["coverage_pct"])
    annual = pd.read_parquet(tmp_path / "a" / "annual.parquet")
    assert annual[["year", "strategy", "with_battery"]].values.tolist() == [
        [YEAR, "immediate", False],
        [YEAR, "smart", False],
    ]
    hourly = pd.read_parquet(tmp_path / "a" / "hourly" / f"{YEAR}_smart.parquet")
    assert len(hourly) == 8760 and str(hourly["time_utc"].dt.tz) == "UTC"


@pytest.mark.slow
def test_cli_with_owner_ids_battery_and_unknown_ids(tmp_path):
    ids = synthetic.generate(KOMMUN)
    public = ids.loc[ids["building_type"] == "public", "building_id"].tolist()[:3]
    id_file = tmp_path / "ids.txt"
    id_file.write_text(
        "# my buildings\n" + "\n".join([*public, "NO-SUCH-ID"]) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app,
        ["match", "--kommun", KOMMUN, "--year", str(YEAR), "--building-ids", str(id_file),
         "--battery-kwh", "100", "--battery-kw", "25", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["n_buildings_selected"] == 3 and s["unknown_building_ids"] == ["NO-SUCH-ID"]
    assert "NO-SUCH-ID" in res.output
    assert s["with_battery_coverage_pct"] > s["coverage_pct"]
    assert (out / "manifest.json").exists() and (out / "not_selected.csv").exists()
    by_owner = compute(KOMMUN, years=[YEAR], owner="kommun", smart=False)
    assert by_owner.pv.capacity_kwp == pytest.approx(
        compute(KOMMUN, years=[YEAR], smart=False).pv.capacity_kwp
    )
