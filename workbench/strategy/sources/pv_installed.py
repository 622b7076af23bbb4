"""Reader for grid-connected PV per municipality (Kolada N45974 count, N45970 capacity).

Source: Energimyndigheten, "Nätanslutna solcellsanläggningar" (table EN0123), as Kolada KPIs
N45974 (number of installations) and N45970 (installed capacity, MW), 2025. One year only. An
empty cell (Arvidsjaur in 2025) is missing, never zero.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.strategy.sources.common import kommun_codes, missing_areas

REQUIRED = ["kommun_id_scb", "kommun", "year", "n_installations", "capacity_mw", "source"]
COLUMNS = ["area_id_scb", "year", "n_installations", "capacity_mw", "source"]


def _number(value, src, row, column, whole: bool) -> tuple[float | None, list[Problem]]:
    if pd.isna(value) or str(value).strip() == "":
        return None, []
    try:
        v = float(value)
    except ValueError:
        v = float("nan")
    if not v >= 0 or (whole and v != int(v)):
        kind = "a whole number >= 0" if whole else "a number >= 0"
        return None, [Problem(src, f"{kind} or an empty cell", row, column, value)]
    return v, []


def read_pv_installed(path: str | Path) -> pd.DataFrame:
    """Installed grid-connected PV per municipality: count and capacity [MW], NaN when missing."""
    src = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    lacking = [c for c in REQUIRED if c not in raw.columns]
    if lacking:
        raise InputError([Problem(src, f"columns {REQUIRED}", row=1, value=lacking)])
    problems, rows = [], []
    for i, r in enumerate(raw.itertuples(index=False), start=2):
        if r.kommun_id_scb not in kommun_codes():
            continue
        n, bad = _number(r.n_installations, src, i, "n_installations", whole=True)
        mw, bad2 = _number(r.capacity_mw, src, i, "capacity_mw", whole=False)
        if not str(r.year).isdigit():
            bad2 = [*bad2, Problem(src, "a year", i, "year", r.year)]
        problems += bad + bad2
        rows.append({"area_id_scb": r.kommun_id_scb, "year": int(r.year) if str(r.year).isdigit()
                     else None, "n_installations": n, "capacity_mw": mw, "source": r.source})  # fmt: skip
    df = pd.DataFrame(rows, columns=COLUMNS)
    problems += missing_areas(df["area_id_scb"], src, kommun_codes())
    if problems:
        raise InputError(problems, f"{path}: not a readable installed-PV table")
    return df.astype({"n_installations": "Int64"})
