"""Shared fixtures: paths to reference data in ../shared/data, read in place."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not available")


@pytest.fixture(scope="session")
def shared() -> Path:
    """Root of the reference data (``../shared/data``); skips when absent."""
    if not SHARED.exists():
        pytest.skip("../shared/data not available")
    return SHARED


def pytest_collection_modifyitems(config, items):
    """Tests that start Chromium or a notebook kernel are slow wherever they are declared, so
    the fast selection (``pytest -m "not slow"``) never starts one."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("notebook"):
            item.add_marker(pytest.mark.slow)
