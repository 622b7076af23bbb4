import hashlib
import json

import pandas as pd
import pytest

from workbench.config import load_scenario
from workbench.core.outputs import atomic_path, write_csv, write_json, write_parquet
from workbench.core.paths import REPO_ROOT
from workbench.core.provenance import write_manifest


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "result.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half-written")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]


def test_writers_are_deterministic_and_overwrite(tmp_path):
    df = pd.DataFrame({"name": ["Luleå", "Kiruna"], "annual_kwh": [1.5, 2.25]})
    digests = []
    for _ in range(2):
        write_csv(tmp_path / "t.csv", df)
        write_parquet(tmp_path / "t.parquet", df)
        write_json(tmp_path / "t.json", {"b": 1, "a": "å"})
        digests.append(
            [
                hashlib.sha256((tmp_path / n).read_bytes()).hexdigest()
                for n in ("t.csv", "t.parquet", "t.json")
            ]
        )
    assert digests[0] == digests[1]
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == '{\n  "a": "å",\n  "b": 1\n}\n'
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), df)


def test_manifest_hashes_every_output_and_input(tmp_path):
    out = tmp_path / "out"
    write_csv(out / "a.csv", pd.DataFrame({"x": [1]}))
    write_json(out / "sub" / "b.json", {"y": 2})
    source = tmp_path / "input.csv"
    source.write_text("x\n1\n")
    write_manifest(
        out, load_scenario("default"), inputs={"register": source}, synthetic_inputs=["buildings"]
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == {"a.csv", "sub/b.json"}
    assert manifest["outputs"]["a.csv"] == hashlib.sha256((out / "a.csv").read_bytes()).hexdigest()
    assert manifest["inputs"]["register"]["sha256"] == hashlib.sha256(b"x\n1\n").hexdigest()
    assert manifest["contains_synthetic_data"] is True and manifest["synthetic_inputs"] == [
        "buildings"
    ]
    assert manifest["scenario_name"] == "default" and len(manifest["config_sha256"]) == 64
    assert (
        manifest["created_utc"].endswith("Z") and manifest["versions"]["pvlib"] != "not installed"
    )


def test_manifest_names_inputs_the_same_from_any_checkout(tmp_path):
    """An embedded default (the example action plan in data/strategy/) was recorded with the
    clone's absolute path, so two clones wrote different manifests, workbooks and reports. It is
    now ``repo:data/...``; an input inside the package is relative to it; others stay as given."""
    out = tmp_path / "out"
    inside = out / "fleet" / "register_SYNTHETIC.csv"
    write_csv(inside, pd.DataFrame({"x": [1]}))
    outside = tmp_path / "own.csv"
    outside.write_text("x\n1\n")
    plan = REPO_ROOT / "data" / "strategy" / "example_action_plan.yaml"
    inputs = {"actions": plan, "register": inside, "own": outside}
    write_manifest(out, load_scenario("default"), inputs=inputs)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = {role: v["path"] for role, v in manifest["inputs"].items()}
    assert paths == {
        "actions": "repo:data/strategy/example_action_plan.yaml",
        "register": "fleet/register_SYNTHETIC.csv",
        "own": outside.as_posix(),
    }
