"""Every numbered notebook runs headless in a fresh kernel with small parameters.

Real assertions live in unit tests; this checks that notebooks execute and are
committed clean (no outputs, no execution counts) with a ``parameters`` cell.
"""

from __future__ import annotations

import json

import pytest

from workbench.core.paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9]*.ipynb"))

# Small parameters per notebook so CI stays fast; keys must exist in the parameters cell.
SMALL_PARAMETERS: dict[str, dict] = {
    "00_start_here": {"kommun": "Arjeplog"},
    "01_solar_resource": {"kommun": "Kiruna", "tilt_step": 10.0, "azimuth_step": 30.0},
    "02_rooftop_potential": {"kommun": "Arjeplog", "buildings_path": "", "top_n": 10},
    "03_fleet_transition": {"kommun": "Arjeplog", "register_path": ""},
    "04_solar_meets_fleet": {"kommun": "Arjeplog", "battery_kwh": 100.0, "battery_kw": 25.0},
    "05_strategy_follow_up": {"kommun": "Arjeplog", "base_year": 2012, "actions_path": ""},
    "90_kommun_report": {"kommun": "Arjeplog", "lang": "sv"},
}


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _parameters_source(path) -> str:
    tagged = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    return "".join(tagged[0]["source"]) if tagged else ""


def test_there_are_notebooks():
    assert any(p.name.startswith("00_") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_committed_without_outputs_and_has_parameters_cell(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
        f"{path.name} has outputs"
    )
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    for key in SMALL_PARAMETERS.get(path.stem, {}):
        assert f"{key} =" in _parameters_source(path), (
            f"{path.name}: parameter {key} not in parameters cell"
        )


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.slow
def test_notebook_executes_headless(path, tmp_path, monkeypatch):
    import papermill

    monkeypatch.chdir(tmp_path)
    params = dict(SMALL_PARAMETERS.get(path.stem, {}))
    if "out_dir =" in _parameters_source(path):
        params.setdefault("out_dir", str(tmp_path / "outputs"))
    papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters=params,
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
        request_save_on_cell_execute=False,
        execution_timeout=900,
    )
