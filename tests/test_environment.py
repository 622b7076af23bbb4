"""pyproject.toml and environment.yml must name the same packages with the same ranges."""

import re
import subprocess
import tomllib

import yaml

from workbench.core.paths import REPO_ROOT

# names that differ between PyPI and conda-forge
CONDA_NAMES = {}
# packages that conda-forge does not carry: environment.yml installs them in its pip section
PIP_ONLY = {"xstatic-leaflet"}


def _split(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in ("test", "scale"):
        reqs += project["optional-dependencies"][extra]
    return dict(_split(r) for r in reqs)


def _environment() -> tuple[dict[str, str], list, dict]:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
            for req in dep.get("pip", []):
                name, spec = _split(req)
                if name in PIP_ONLY:
                    conda[name] = spec
            continue
        name, spec = _split(dep)
        if name not in {"python", "pip"}:
            conda[CONDA_NAMES.get(name, name)] = spec
    return conda, pip, env


def test_environment_yml_matches_pyproject():
    conda, pip, env = _environment()
    pyproject = _pyproject()
    assert conda == pyproject, {
        "only in pyproject": sorted(set(pyproject) - set(conda)),
        "only in environment.yml": sorted(set(conda) - set(pyproject)),
        "different ranges": sorted(
            k for k in set(conda) & set(pyproject) if conda[k] != pyproject[k]
        ),
    }
    assert env["channels"][0] == "conda-forge"
    assert "-e ." in pip


def test_python_floor_is_311_everywhere():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python>=3.11" in env["dependencies"]


def test_required_packages_are_declared():
    names = set(_pyproject())
    for needed in ("pvlib", "pandas", "geopandas", "pyogrio", "shapely", "matplotlib", "jupyterlab",
                   "ipykernel", "pydantic", "pyyaml", "tqdm", "pytest", "ruff", "dask-geopandas", "distributed"):  # fmt: skip
        assert needed in names
    assert _pyproject()["pvlib"].startswith(">=0.15.3")


def test_readme_quick_start_has_two_commands_and_ci_runs_the_test_one():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"^#+\s*quick ?start.*?```[^\n]*\n(.*?)```", readme, re.I | re.S | re.M
    ).group(1)
    commands = [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert len(commands) == 2
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_commands[-1] == commands[1]


def test_every_package_data_file_is_declared_for_installation():
    """A non-editable install (``pip install .``) ships only files package-data names:
    the report template (``report.html.j2``) and label dictionaries must match a pattern."""
    from fnmatch import fnmatch

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["workbench"]
    package = REPO_ROOT / "workbench"
    files = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert "export/templates/report.html.j2" in files
    undeclared = [f for f in files if not any(fnmatch(f, pat) for pat in patterns)]
    assert not undeclared, f"add to [tool.setuptools.package-data] in pyproject.toml: {undeclared}"


def test_repository_tracks_no_symlinks():
    """A committed symlink (for example a `.venv` pointing into another checkout) breaks
    `make install` on a clean clone: `python -m venv .venv` fails with "File exists"."""
    listing = subprocess.run(
        ["git", "ls-files", "-s"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000")]
    assert links == []
