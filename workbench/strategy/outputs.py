"""Write a strategy result: ``summary.json`` and every table (Parquet and CSV), validated.

Each table is checked against its declaration in :mod:`workbench.strategy.schema` before
anything is written (all failures of all tables at once), then written atomically.
"""

from __future__ import annotations

from pathlib import Path

import pandera.errors as pae

from workbench.core.outputs import write_csv, write_json, write_parquet
from workbench.strategy.schema import BY_NAME


def validated(tables: dict) -> dict:
    """Every table checked against its schema; raises listing every failure of every table."""
    unknown = sorted(set(tables) - set(BY_NAME))
    if unknown:
        raise ValueError(f"tables not declared in workbench.strategy.schema: {unknown}")
    out, failures = {}, []
    for name, df in tables.items():
        try:
            out[name] = BY_NAME[name].validate(df.reset_index(drop=True))
        except pae.SchemaErrors as exc:
            failures += _describe(name, exc.failure_cases)
    if failures:
        raise ValueError("strategy tables failed their schema:\n" + "\n".join(failures))
    return out


def _describe(table: str, cases) -> list[str]:
    """One line per failed column and check: the check and up to five failing values."""
    lines = []
    for (column, check), g in cases.groupby(["column", "check"], dropna=False, sort=False):
        values = ", ".join(repr(v) for v in list(dict.fromkeys(g["failure_case"]))[:5])
        lines.append(f"  - table {table}, column {column!r}: {check} failed for {values}")
    return lines


def write(result, out_dir: str | Path, csv: bool = True) -> dict[str, Path]:
    """Write ``summary.json`` and each table as ``<name>.parquet`` (and ``<name>.csv``)."""
    out = Path(out_dir)
    tables = validated(result.tables)
    paths: dict[str, Path] = {}
    for name, df in tables.items():
        paths[name] = write_parquet(out / BY_NAME[name].file, df)
        if csv:
            paths[f"{name}_csv"] = write_csv(out / f"{name}.csv", df)
    paths["summary"] = write_json(out / "summary.json", result.summary)
    return paths
