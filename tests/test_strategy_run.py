"""``workbench strategy`` and the strategy rooms: outputs, schemas, determinism, stage, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import load_scenario
from workbench.core.paths import data_path
from workbench.reference import kommuner
from workbench.strategy.outputs import validated
from workbench.strategy.run import compute, run, stage
from workbench.strategy.schema import BY_NAME, TABLES

runner = CliRunner()
EXAMPLE = data_path("strategy", "example_action_plan.yaml")


@pytest.mark.slow
def test_cli_writes_summary_tables_and_manifest(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["strategy", "--kommun", "kiruna", "--out", str(out),
                              "--actions", str(EXAMPLE), "--template", str(tmp_path / "m.xlsx")])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Kiruna 2024" in res.output and "not before 2050" in res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["area_id_scb"] == "2584" and summary["n_cars"] == 13806
    assert summary["industry_energy_share_pct"] == pytest.approx(79.0, abs=0.1)  # SOURCES.md
    for t in TABLES:
        pq = pd.read_parquet(out / t.file)
        csv = pd.read_csv(out / f"{t.name}.csv")
        assert list(pq.columns) == list(t.schema.columns) == list(csv.columns), t.name
        assert len(pq) == len(csv)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["strategy_actions"]["path"].endswith("example_action_plan.yaml")
    assert manifest["synthetic_inputs"] == ["strategy_actions"]
    assert (tmp_path / "m.xlsx").exists()


@pytest.mark.slow
def test_cli_user_errors_exit_2(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("actions:\n  - {id: A, name: X, sector: rymden, start_year: 2025, "
                   "end_year: 2026, status: planerad, effect_co2e_t_per_year: 1}\n",
                   encoding="utf-8")  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "strategy", "-k", "Luleå", "-o", str(tmp_path / "o"),
         "--actions", str(bad)], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "row 1, column 'sector': value 'rymden'" in proc.stderr
    with pytest.raises(kommuner.UnknownKommunError):
        compute("Stockholm")


@pytest.mark.slow
def test_outputs_are_byte_identical_on_a_rerun(tmp_path):
    run("Boden", tmp_path / "a", actions=EXAMPLE, manifest=False)
    run("Boden", tmp_path / "b", actions=EXAMPLE, manifest=False)
    a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert a == sorted(p.name for p in (tmp_path / "b").iterdir()) and len(a) == len(TABLES) + 1
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow
def test_every_table_is_declared_and_a_broken_table_is_refused():
    r = compute("Pajala")
    assert set(r.tables) == set(BY_NAME)
    broken = dict(r.tables)
    broken["emissions_by_year"] = broken["emissions_by_year"].assign(industry_energy_share_frac=2)
    broken["emissions"] = broken["emissions"].assign(sector="rymden")
    with pytest.raises(ValueError) as err:
        validated(broken)
    assert "emissions_by_year" in str(err.value) and "rymden" in str(err.value)
    json.dumps(r.summary)  # JSON-able


@pytest.mark.slow
def test_stage_uses_the_earlier_stages_summaries_and_labels_the_example(tmp_path):
    k = kommuner.get("Älvsbyn")
    base = tmp_path / k.slug
    (base / "solar").mkdir(parents=True)
    (base / "fleet").mkdir()
    (base / "solar" / "summary.json").write_text(json.dumps(
        {"annual_mwh": 5000.0, "capacity_kwp": 6000.0, "is_synthetic": True}), encoding="utf-8")  # fmt: skip
    (base / "fleet" / "summary.json").write_text(json.dumps(
        {"base_year": 2025, "target_year": 2030, "base_tco2_fossil": 50.0,
         "target_year_tco2_fossil": 10.0, "scenario": "default", "is_synthetic": True}),
        encoding="utf-8")  # fmt: skip
    ctx = SimpleNamespace(out_dir=tmp_path, kommuner=[k], scenario=load_scenario("default"),
                          inputs={}, synthetic_inputs=[])  # fmt: skip
    s = stage(ctx)
    assert s["action_plan_is_example"] is True and s["n_cars"] == 5048  # Tabell 4, Älvsbyn
    assert ctx.synthetic_inputs == ["strategy_actions_alvsbyn"]
    summary = json.loads((base / "strategy" / "summary.json").read_text(encoding="utf-8"))
    assert summary["actions"]["workbench_actions"] == ["WB-FLEET", "WB-SOLAR"]
    assert summary["pv_potential_kwp"] == 6000.0 and "SYNTHETIC" in summary["pv_note"]


@pytest.mark.slow
def test_all_fourteen_and_the_county_compute():
    for area in [*(k.kommun_id_scb for k in kommuner.all_kommuner()), "25"]:
        r = compute(area)
        validated(r.tables)
        assert r.summary["latest_year"] == 2024
        assert Path(EXAMPLE).exists()
