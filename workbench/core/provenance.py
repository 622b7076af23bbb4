"""Provenance manifest written beside every export: versions, hashes, scenario.

The scenario is any configuration model with a ``name`` and pydantic's ``model_dump``
(:class:`workbench.config.Scenario`); core does not import the configuration layer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from workbench import __version__
from workbench.core.outputs import sha256_file, write_json
from workbench.core.paths import REPO_ROOT
from workbench.core.staging import MANIFEST_NAME

KEY_PACKAGES = (
    "pvlib",
    "pandas",
    "numpy",
    "geopandas",
    "shapely",
    "pyogrio",
    "pyproj",
    "pydantic",
    "pandera",
    "xlsxwriter",
    "openpyxl",
    "matplotlib",
    "jinja2",
    "babel",
)


class Configuration(Protocol):
    """What the manifest needs of a scenario: its name and its values (pydantic model)."""

    name: str

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


def canonical_sha256(data: Any) -> str:
    """sha256 of the canonical JSON of ``data`` (sorted keys, no whitespace, ASCII)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def git_commit() -> str | None:
    """Commit of the workbench checkout, with ``-dirty`` when it has local changes."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{sha}-dirty" if dirty else sha


def package_versions() -> dict[str, str]:
    """Installed versions of the key scientific packages."""
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def file_hashes(folder: Path, exclude: tuple[str, ...] = (MANIFEST_NAME,)) -> dict[str, str]:
    """sha256 of every file below ``folder``, keyed by POSIX relative path, sorted."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.name not in exclude and not p.name.startswith(".")
    )
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in files}


REPO_PREFIX = "repo:"  # a file shipped in the repository's data/, named from the repository root


def relative_to(path: str | Path, folder: str | Path) -> str:
    """``path`` relative to ``folder`` when it lies inside it (POSIX); a file shipped in the
    repository's ``data/`` as ``repo:data/…``; anything else as given.

    Inputs generated inside an output folder, and the embedded defaults, are then named the same
    wherever the folder and the checkout are, so that re-runs from another clone give the same
    manifest (the git commit says which version of the repository file was read).

    >>> relative_to(REPO_ROOT / "data" / "kommuner.csv", "/nowhere")
    'repo:data/kommuner.csv'
    >>> relative_to("/tmp/out/lulea/x.csv", "/tmp/out")
    'lulea/x.csv'
    """
    path, folder = Path(path), Path(folder)
    for base, prefix in ((folder, ""), (REPO_ROOT / "data", REPO_PREFIX + "data/")):
        try:
            return prefix + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def provenance_fields(
    scenario: Configuration,
    created_utc: dt.datetime | None = None,
    inputs: dict[str, str | Path] | None = None,
    synthetic_inputs: list[str] | None = None,
    folder: str | Path | None = None,
) -> dict[str, Any]:
    """The manifest fields known before any output exists (also shown in workbooks and reports).

    Workbench version, git commit, creation time (UTC, whole seconds; now when ``None``),
    command line, scenario name and config sha256, package versions, every input by role
    with its sha256 (path relative to ``folder`` when inside it) and the synthetic roles.
    """
    created = (created_utc or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return {
        "workbench_version": __version__,
        "git_commit": git_commit(),
        "created_utc": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "scenario_name": scenario.name,
        "config_sha256": canonical_sha256(scenario.model_dump(mode="json")),
        "inputs": {
            role: {
                "path": relative_to(p, folder) if folder is not None else Path(p).as_posix(),
                "sha256": sha256_file(p),
            }
            for role, p in sorted((inputs or {}).items())
        },
        "synthetic_inputs": sorted(synthetic_inputs or []),
        "contains_synthetic_data": bool(synthetic_inputs),
        "versions": package_versions(),
    }


def write_manifest(
    out_dir: str | Path,
    scenario: Configuration,
    inputs: dict[str, str | Path] | None = None,
    synthetic_inputs: list[str] | None = None,
    extra: dict | None = None,
    created_utc: dt.datetime | None = None,
) -> Path:
    """Write ``out_dir/manifest.json`` describing everything in ``out_dir``.

    ``inputs`` maps a role (``"buildings"``) to an input file, hashed here;
    ``synthetic_inputs`` names the roles that are synthetic demo data. Beside
    :func:`provenance_fields` the manifest holds the full scenario, the sha256 of
    every file below ``out_dir`` and ``extra``.
    """
    out_dir = Path(out_dir)
    manifest = {
        **provenance_fields(scenario, created_utc, inputs, synthetic_inputs, folder=out_dir),
        "scenario": scenario.model_dump(mode="json"),
        "outputs": file_hashes(out_dir),
        **(extra or {}),
    }
    return write_json(out_dir / MANIFEST_NAME, manifest)
