"""Helpers shared by the attribute mappers: column lookup and unusable-value records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.buildings.schema import HEIGHT_RANGE_M, LEVELS_RANGE

OWNER_CANDIDATES = ("owner", "agare", "ägare", "fastighetsagare")
ISSUE_COLUMNS = ["source_row", "column", "value", "expected"]
#: What an issue row says was expected of a storey count or height outside its range.
LEVELS_EXPECTED = (
    f"a number of storeys from {LEVELS_RANGE[0]:g} to {LEVELS_RANGE[1]:g} "
    "(the Burj Khalifa has 163)"
)
HEIGHT_EXPECTED = (
    f"a height above {HEIGHT_RANGE_M[0]:g} m and at most {HEIGHT_RANGE_M[1]:g} m (the Burj Khalifa)"
)


def plausible_levels(levels: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Storey counts [-] outside :data:`~workbench.buildings.schema.LEVELS_RANGE` (negative,
    absurd or infinite) set to NaN (unknown); returns (values, mask of the values dropped)."""
    low, high = LEVELS_RANGE
    bad = levels.notna() & ~levels.between(low, high)
    return levels.mask(bad), bad.fillna(False).astype(bool)


def plausible_height_m(height_m: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Heights [m] outside (0, 828] (:data:`~workbench.buildings.schema.HEIGHT_RANGE_M`) set
    to NaN (unknown); returns (values, mask of the values dropped)."""
    low, high = HEIGHT_RANGE_M
    bad = height_m.notna() & ~((height_m > low) & (height_m <= high))
    return height_m.mask(bad), bad.fillna(False).astype(bool)


def column(df: pd.DataFrame, *names: str) -> pd.Series | None:
    """The first of ``names`` that is a column of ``df`` (case-insensitive), else ``None``."""
    lower = {c.lower(): c for c in df.columns}
    for name in names:
        if name.lower() in lower:
            return df[lower[name.lower()]]
    return None


def issue_rows(items: list[tuple[str, pd.Series, pd.Series, str]]) -> pd.DataFrame:
    """Attribute values that could not be used: (column, bad mask, raw values, expected)."""
    frames = [
        pd.DataFrame(
            {
                "source_row": np.flatnonzero(mask.to_numpy(dtype=bool)),
                "column": name,
                "value": values[mask.to_numpy(dtype=bool)].astype(str).to_numpy(),
                "expected": expected,
            }
        )
        for name, mask, values, expected in items
        if mask.any()
    ]
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=int if c == "source_row" else object) for c in ISSUE_COLUMNS}
        )
    return pd.concat(frames, ignore_index=True).sort_values(
        ["source_row", "column"], ignore_index=True
    )
