"""Locations of the project's own data and of default outputs.

The workbench runs from a checkout (``pip install -e .``): tables under the
repository's ``data/`` folder travel with the code. ``WORKBENCH_DATA`` points
elsewhere if an installation keeps its data apart.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]  # workbench/core/paths.py -> checkout


def data_dir() -> Path:
    """Folder of the project's own tables (``data/`` in the checkout)."""
    return Path(os.environ.get("WORKBENCH_DATA", REPO_ROOT / "data"))


def data_path(*parts: str) -> Path:
    """Path of a file under :func:`data_dir`; raises if it does not exist."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: workbench data file not found. Run from a checkout of the repository "
            "or set WORKBENCH_DATA to the folder that holds the workbench tables."
        )
    return path


def scenarios_dir() -> Path:
    """Folder of the shipped scenario files (``data/scenarios``)."""
    return data_dir() / "scenarios"
