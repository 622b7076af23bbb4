"""Re-running the demo overwrites cleanly and gives byte-identical data files."""

from __future__ import annotations

import hashlib
import json

import pytest

from workbench.demo import run_demo

DATA_SUFFIXES = (".csv", ".parquet", ".json")


def _digests(folder, suffixes=DATA_SUFFIXES) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in suffixes and p.name != "manifest.json"
    }


def _manifests(folder) -> dict[str, dict]:
    """Every manifest without its timestamp and without hashes of time-stamped binary files.

    GeoPackages, workbooks and reports carry their creation time, so their hashes differ
    between runs unless SOURCE_DATE_EPOCH fixes it (second test).
    """
    out = {}
    for path in sorted(folder.rglob("manifest.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("created_utc")
        data["outputs"] = {k: v for k, v in data["outputs"].items() if k.endswith(DATA_SUFFIXES)}
        for info in data["inputs"].values():
            if not info["path"].endswith(DATA_SUFFIXES):
                info.pop("sha256")
        out[path.relative_to(folder).as_posix()] = data
    return out


@pytest.fixture(autouse=True)
def _fixed_commit(monkeypatch):
    """The shared working tree may get a commit between two runs: pin the commit stamp."""
    monkeypatch.setattr("workbench.core.provenance.git_commit", lambda: "0" * 40)


@pytest.mark.slow
def test_two_runs_give_identical_data_files(tmp_path):
    first = tmp_path / "a"
    run_demo(first, kommuner=["Arjeplog"], progress=False)
    digests, manifests = _digests(first), _manifests(first)
    assert any(name.endswith(".csv") for name in digests)
    assert "arjeplog/kommun_summary.json" in digests and "lan/overview.csv" in digests
    run_demo(first, kommuner=["Arjeplog"], progress=False)  # same folder: overwrite
    assert _digests(first) == digests
    assert _manifests(first) == manifests
    assert not [p for p in first.rglob("*") if ".tmp" in p.name]


@pytest.mark.slow
def test_fixed_source_date_makes_workbook_and_report_identical_too(tmp_path, monkeypatch):
    """With SOURCE_DATE_EPOCH (reproducible-builds convention) every file matches, in two
    folders, whether the municipalities run one after the other or in parallel processes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    run_demo(tmp_path / "a", kommuner=["Arjeplog", "Jokkmokk"], progress=False, jobs=1)
    run_demo(tmp_path / "b", kommuner=["Arjeplog", "Jokkmokk"], progress=False, jobs=2)
    suffixes = (*DATA_SUFFIXES, ".xlsx", ".html", ".gpkg")
    a, b = _digests(tmp_path / "a", suffixes), _digests(tmp_path / "b", suffixes)
    assert "arjeplog/arjeplog.gpkg" in a and a == b
    for name in ("manifest.json", "arjeplog/manifest.json", "lan/manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifest = json.loads((tmp_path / "a" / "arjeplog" / "manifest.json").read_text("utf-8"))
    assert manifest["created_utc"] == "2026-09-21T14:13:20Z"
