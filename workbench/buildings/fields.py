"""Helpers shared by the attribute mappers: column lookup and unusable-value records."""

from __future__ import annotations

import numpy as np
import pandas as pd

OWNER_CANDIDATES = ("owner", "agare", "ägare", "fastighetsagare")
ISSUE_COLUMNS = ["source_row", "column", "value", "expected"]


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
