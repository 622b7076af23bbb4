"""The import contracts of docs/architecture.md hold, and they catch a break.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``): the layers (a lower layer
never imports a higher one), no import cycle between sibling modules, and no model module
importing a synthetic demo data generator. The second and third tests copy the package, put one
forbidden import into the copy and check that import-linter reports exactly that break, so the
first test cannot pass merely because the contracts check nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.paths import REPO_ROOT

LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))"
)


def _lint(root: Path) -> subprocess.CompletedProcess:
    """import-linter on the ``workbench`` package under ``root`` with ``root/pyproject.toml``."""
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy, not the installed checkout
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its pyproject.toml with ``line`` appended to ``module``."""
    copy = tmp_path / "checkout"
    shutil.copytree(
        REPO_ROOT / "workbench", copy / "workbench", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", copy / "pyproject.toml")
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # injected\n", encoding="utf-8")
    return copy


def test_import_contracts_hold():
    result = _lint(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "chain"),
    [
        (
            "workbench/core/paths.py",
            "import workbench.export.figures",
            "layers:",
            "workbench.core.paths -> workbench.export.figures",
        ),
        (
            "workbench/reference/kommuner.py",
            "import workbench.solar.potential",
            "layers:",
            "workbench.reference.kommuner -> workbench.solar.potential",
        ),
        (
            "workbench/pv/grid.py",
            "import workbench.pv.yields",
            "no import cycles",
            "No cycles are allowed in workbench.pv.",
        ),
        (
            "workbench/solar/potential.py",
            "import workbench.solar.synthetic",
            "synthetic demo data generators",
            "workbench.solar.potential -> workbench.solar.synthetic",
        ),
    ],
    ids=["core-imports-export", "reference-imports-solar", "pv-cycle", "model-imports-demo-data"],
)
@pytest.mark.slow
def test_a_forbidden_import_breaks_the_contract(tmp_path, module, line, contract, chain):
    """A layer break also closes a cycle (the higher layer imports the lower one), so the cycle
    contract may break beside it; the named contract must break, naming the import."""
    result = _lint(_copy_with(tmp_path, module, line))
    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken and chain in broken, broken
