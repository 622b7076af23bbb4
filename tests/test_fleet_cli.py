"""``workbench fleet``: outputs, summary.json keys, synthetic labelling, determinism, user errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()
REQUIRED = ("n_vehicles", "base_year", "base_tco2e_wtw", "base_tco2_fossil", "target_year",
            "target_year_tco2e_wtw", "year_target_met", "cumulative_cost_msek", "chargers")  # fmt: skip


@pytest.mark.slow
def test_fleet_command_writes_plan_yearly_summary_and_manifest(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["fleet", "--kommun", "arjeplog", "--scenario", "hvo_bridge",
                              "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "SYNTHETIC" in res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert all(k in summary for k in REQUIRED)
    assert summary["is_synthetic"] is True and summary["scenario"] == "hvo_bridge"
    for name in ("plan", "yearly", "stock", "energy", "procurement", "chargers", "vehicles"):
        pq = pd.read_parquet(out / f"{name}.parquet")
        csv = pd.read_csv(out / f"{name}.csv")
        assert len(pq) == len(csv) and list(pq.columns) == list(csv.columns)
    yearly = pd.read_parquet(out / "yearly.parquet")
    assert summary["n_vehicles"] == int(yearly["n_vehicles"].iloc[0])
    assert summary["cumulative_cost_msek"] == round(yearly["cost_sek"].sum() / 1e6, 3)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["contains_synthetic_data"] and manifest["synthetic_inputs"] == [
        "fleet_register"
    ]
    assert "register_SYNTHETIC.csv" in manifest["inputs"]["fleet_register"]["path"]
    assumptions = pd.read_csv(out / "assumptions.csv")
    assert assumptions["key"].str.startswith("fleet.").all()
    # every row cites a source, carries our own note on it, or both (never neither)
    cited = assumptions["source"].fillna("").str.len() > 0
    noted = assumptions["source_note"].fillna("").str.len() > 0
    assert (cited | noted).all(), assumptions.loc[~(cited | noted), "key"].tolist()
    assert (out / "factors" / "reduktionsplikt.csv").exists()


@pytest.mark.slow
def test_same_inputs_give_identical_files(tmp_path):
    for d in ("a", "b"):
        assert runner.invoke(app, ["fleet", "-k", "Pajala", "-o", str(tmp_path / d)]).exit_code == 0
    for name in ("plan.parquet", "yearly.parquet", "yearly.csv", "summary.json",
                 "vehicle_years.parquet"):  # fmt: skip
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow
def test_own_register_is_read_and_used(tmp_path):
    reg = tmp_path / "fordon.csv"
    reg.write_text(
        "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Förvaltning;Ägande;Leasingslut\n"
        "AAA111;Personbil;Diesel;2022;15000;Omsorg;Leasad;2026-05-31\n"
        "BBB222;Lätt lastbil;Diesel;2021;20000;Teknik;Ägd;\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["fleet", "-k", "Luleå", "-r", str(reg), "-o", str(out)])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["n_vehicles"] == 2 and summary["is_synthetic"] is False
    plan = pd.read_csv(out / "plan.csv")
    assert plan.iloc[0]["vehicle_id"] == "AAA111" and plan.iloc[0]["year"] == 2026


@pytest.mark.slow
def test_bad_register_exits_2_listing_every_problem(tmp_path):
    reg = tmp_path / "bad.csv"
    reg.write_text("Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år\n"
                   "A;Personbil;Kol;2020;100\nA;Bil;Diesel;tjugo;100\n", encoding="utf-8")  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "fleet", "-k", "Luleå", "-r", str(reg), "-o",
         str(tmp_path / "o")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for needle in ("row 2", "'Kol'", "row 3", "'tjugo'", "unique vehicle id"):
        assert needle in proc.stderr, needle


@pytest.mark.slow
def test_budget_backlog_procurement_and_follow_up_tables(tmp_path):
    """``workbench fleet`` writes the budget, backlog, replacements and procurement list, and the
    follow-up tables with ``--follow-up-register`` (the SYNTHETIC later register of the plan)."""
    from workbench.fleet import compute
    from workbench.fleet.synthetic import follow_up_register

    later = tmp_path / "fordon_2026.csv"
    frame = follow_up_register(compute("Arjeplog", scenario="hvo_bridge"))
    frame.assign(replaces_vehicle_id=frame["vehicle_id"].map(frame.attrs["replaces"])).to_csv(
        later, index=False
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["fleet", "-k", "arjeplog", "-s", "hvo_bridge", "-o", str(out),
                              "--follow-up-register", str(later)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "follow-up 2026:" in res.output and "lease payments" in res.output
    for name in ("budget", "backlog", "replacements", "procurement_list", "follow_up",
                 "follow_up_summary"):  # fmt: skip
        assert len(pd.read_parquet(out / f"{name}.parquet")) == len(
            pd.read_csv(out / f"{name}.csv")
        )
    table = pd.read_parquet(out / "follow_up.parquet")
    assert table["follow_up_vehicle_id"].dropna().nunique() == len(frame)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "fleet_follow_up_register" in manifest["inputs"]


@pytest.mark.slow
def test_follow_up_register_of_an_earlier_year_exits_2(tmp_path):
    reg = tmp_path / "fordon.csv"
    reg.write_text("Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år\nAAA111;Personbil;Diesel;2022;15000\n",
                   encoding="utf-8")  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "fleet", "-k", "Luleå", "-r", str(reg), "-o",
         str(tmp_path / "o"), "--follow-up-register", str(reg), "--follow-up-year", "2024"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "2024" in proc.stderr and "from 2026 to 2045" in proc.stderr
