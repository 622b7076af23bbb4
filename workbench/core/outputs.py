"""Atomic, deterministic writers for every file the workbench produces.

Each writer writes to a temporary file in the destination folder and renames it
into place, so a failure leaves no half-written file under a final name. Data
files are deterministic: the same table gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.core.boundary import writing
from workbench.core.staging import remove_stale_temp, temp_affixes

_SWEPT: set[Path] = set()  # folders this process has cleared of stale temporary files


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` on success.

    The temporary file is hidden, carries this process's id and keeps the suffix of ``path`` so
    writers that infer the format from the name (GDAL, xlsxwriter) behave as for the final file
    (``.<stem>.<random>.<pid>.tmp<suffix>``). The first write of a process into a folder removes
    the temporary files that killed writes left there
    (:func:`workbench.core.staging.remove_stale_temp`).
    """
    path = Path(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent not in _SWEPT:
            remove_stale_temp(path.parent)
            _SWEPT.add(path.parent)
        prefix, suffix = temp_affixes(path)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
        os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.unlink()  # let the writer create it; some refuse to overwrite
    try:
        with writing(path):
            yield tmp_path
            tmp_path.replace(path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def make_dir(path: str | Path) -> Path:
    """Create the output folder ``path`` (and its parents); an :class:`OutputError` names it
    when it cannot be (a file in the way, read-only, full disk)."""
    path = Path(path)
    with writing(path):
        path.mkdir(parents=True, exist_ok=True)
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically with ``\\n`` line endings."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json_text(data: Any) -> str:
    """Canonical JSON: sorted keys, two-space indent, UTF-8, trailing newline."""
    return (
        json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    )


def write_json(path: str | Path, data: Any) -> Path:
    """Write canonical JSON atomically."""
    return write_text(path, to_json_text(data))


#: First characters that make a spreadsheet program read a cell as a formula (OWASP, "CSV
#: Injection": ``=``, ``+``, ``-``, ``@``, tab, carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Numbers, and text that is a plain number (``-12.5``), are returned unchanged; so is
    everything that is not text.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and text index and column names) cannot run as
    formulas in a spreadsheet (:func:`neutralise_cell`); numeric columns are not touched."""
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            out[column] = values.cat.rename_categories(
                [neutralise_cell(c) for c in values.cat.categories]
            )
        elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.map(neutralise_cell, na_action="ignore").astype(values.dtype)
    out.columns = [neutralise_cell(c) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(neutralise_cell)
    return out


def write_csv(path: str | Path, df: pd.DataFrame, index: bool = False) -> Path:
    """Write a CSV (comma, point decimal, UTF-8, ``\\n``) atomically; text cells that a
    spreadsheet would run as formulas get a leading ``'`` (:func:`neutralise_formulas`)."""
    safe = neutralise_formulas(df)
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=index, lineterminator="\n", encoding="utf-8")
    return Path(path)


def write_parquet(path: str | Path, df: pd.DataFrame, index: bool = False) -> Path:
    """Write a Parquet file atomically (pyarrow, snappy, no timestamps in metadata)."""
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=index, engine="pyarrow", compression="snappy")
    return Path(path)


def sha256_file(path: str | Path) -> str:
    """sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
