"""Derive the embedded strategy tables under ``data/strategy/`` from ``../shared/data``.

Run from the repository root with the reference data beside the checkout::

    .venv/bin/python data/strategy/derive_strategy_tables.py

Each table is read by its reader in :mod:`workbench.strategy.sources` (which fail on any
change of layout), reduced to the 14 Norrbotten municipalities and the county, and written
as a tidy CSV with a ``source`` on every row (:func:`workbench.strategy.derive.derive_tables`).
Units and sources per column: ``data/strategy/strategy.meta.yaml``. The drift test
(``tests/test_strategy_embedded.py``) re-derives every table and fails on any difference.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from workbench.strategy.derive import derive_tables  # noqa: E402
from workbench.strategy.embedded import write_table  # noqa: E402

SHARED = REPO.parent / "shared" / "data"


def main() -> None:
    for name, df in derive_tables(SHARED).items():
        path = write_table(name, df, REPO / "data" / "strategy")
        print(f"{path.relative_to(REPO)}: {len(df)} rows")


if __name__ == "__main__":
    main()
