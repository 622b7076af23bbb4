"""Output tables declared once: columns, a pandera schema, files, sheet; a validated writer and reader.

A :class:`Table` says everything about one output table of an analysis stage:

* its ``name`` and the ``part`` (stage folder ``<out>/<slug>/<part>/``) that writes it;
* its files: ``stem`` (path under the part folder, without suffix; ``{field}`` placeholders for a
  family of tables such as ``hourly/{variant}``) and ``formats`` (``"parquet"``, ``"csv"``), plus an
  optional GeoPackage layer (:class:`GpkgLayer`);
* its columns (:class:`Column`: dtype, nullable, pandera checks, a one-line meaning) in file order,
  and the row key (``key``: unique together);
* the workbook sheet it becomes (``sheet``, a key of ``i18n`` section ``sheets``) or, with
  ``sheet=None``, the reason it has none; the columns the workbook shows (``workbook_columns``).

A part's ``summary.json`` is declared the same way: :class:`Summary` lists every key
(:class:`Figure`) with its meaning, whether it is a figure shown in the exports, and the key
figures of the report.

Each analysis package declares its tables and summary in its ``schema.py`` (``TABLES``,
``SUMMARY``); :mod:`workbench.registry` collects them. :func:`write` validates a frame against its
table (every failure at once) and writes each format atomically; :func:`read` reads a table back
from a part folder, validated. The names themselves follow one rule (unit as suffix), checked
over the whole registry by ``tests/test_registry.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from numbers import Real
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors as pae
import pandera.pandas as pa

from workbench.core.errors import WorkbenchError
from workbench.core.outputs import write_csv, write_parquet

FORMATS = ("parquet", "csv")
TEXT = "str"  # any text dtype: pandas ``str`` or ``string`` (pandera accepts either)
MAX_CASES = 5


class TableError(WorkbenchError, ValueError):
    """A table or summary does not match its declaration; the message lists every failure."""


@dataclass(frozen=True)
class Column:
    """One column: name (unit as suffix), dtype as written, one-line meaning, checks.

    ``dtype`` is the pandas dtype the stage writes (``"float64"``, ``"int64"``, ``"bool"``,
    ``"boolean"`` for nullable booleans, ``"Int64"``, :data:`TEXT` for text, ...). ``required=False``
    marks a column that only some inputs give (``owner``). ``unit_column`` names the text column
    that holds this quantity's unit row by row (``amount`` in the unit of ``unit``).
    """

    name: str
    dtype: str
    meaning: str
    nullable: bool = False
    checks: tuple[pa.Check, ...] = ()
    unique: bool = False
    required: bool = True
    unit_column: str | None = None

    def with_(self, **changes: Any) -> Column:
        """A copy with ``changes`` (e.g. ``nullable=True`` where one table allows gaps)."""
        return Column(**{**self.__dict__, **changes})

    def pandera(self) -> pa.Column:
        """The pandera column of this declaration."""
        return pa.Column(self.dtype, checks=list(self.checks), nullable=self.nullable,
                         unique=self.unique, required=self.required)  # fmt: skip


@dataclass(frozen=True)
class GpkgLayer:
    """A GeoPackage layer a table is also written to: file stem (under the part folder), layer,
    layer description, and the table's columns the layer leaves out (its geometry carries them:
    centroids, ``has_geometry``)."""

    stem: str
    layer: str
    description: str
    without: tuple[str, ...] = ()

    def file(self) -> str:
        return f"{self.stem}.gpkg"


@dataclass(frozen=True)
class Table:
    """One output table, declared once (see the module docstring)."""

    part: str
    name: str
    description: str
    columns: tuple[Column, ...]
    sheet: str | None
    no_sheet: str | None = None
    formats: tuple[str, ...] = ("parquet",)
    stem: str | None = None
    key: tuple[str, ...] = ()
    checks: tuple[pa.Check, ...] = ()
    workbook_columns: tuple[str, ...] | None = None
    gpkg: GpkgLayer | None = None
    assumptions: bool = False

    def __post_init__(self) -> None:
        where = f"table {self.part}.{self.name}"
        if (self.sheet is None) == (self.no_sheet is None):
            raise ValueError(
                f"{where}: give a sheet key or, with sheet=None, the reason it has none"
            )
        unknown = set(self.formats) - set(FORMATS)
        if unknown:
            raise ValueError(f"{where}: unknown formats {sorted(unknown)}; expected {FORMATS}")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{where}: a column is declared twice: {names}")
        missing = [c for c in (*self.key, *(self.workbook_columns or ())) if c not in names]
        if missing:
            raise ValueError(f"{where}: key or workbook columns {missing} are not declared")

    @property
    def qualname(self) -> str:
        """``<part>.<name>``, unique in the registry."""
        return f"{self.part}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.qualname} has no column {name!r}")

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        """Strict, ordered pandera schema: exactly the declared columns in the declared order."""
        return pa.DataFrameSchema(
            {c.name: c.pandera() for c in self.columns},
            checks=list(self.checks),
            strict=True,
            ordered=True,
            unique=list(self.key) or None,
            name=self.qualname,
        )

    def file(self, fmt: str, **fields: str) -> str:
        """Path of the ``fmt`` file under the part folder (``{field}`` placeholders filled)."""
        stem = (self.stem or self.name).format(**fields)
        return f"{stem}.{fmt}"

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` unchanged if it matches the declaration; else :class:`TableError` listing
        every failed check with up to five failing values (geometry is not part of the table)."""
        data = frame.drop(columns=[c for c in ("geometry",) if c in frame.columns])
        try:
            self.schema.validate(pd.DataFrame(data), lazy=True)
        except pae.SchemaErrors as exc:
            raise TableError(describe_failures(self.qualname, exc.failure_cases)) from None
        return frame


def validate_all(frames: Sequence[tuple[Table, pd.DataFrame]]) -> None:
    """Validate every (table, frame) pair; one :class:`TableError` lists the failures of all."""
    messages = []
    for table, frame in frames:
        try:
            table.validate(frame)
        except TableError as exc:
            messages.append(str(exc))
    if messages:
        raise TableError("\n".join(messages))


def check_layer(table: Table, frame: pd.DataFrame) -> None:
    """Raise :class:`TableError` unless ``frame``'s attribute columns are the table's columns
    without those its GeoPackage layer leaves out, in the declared order."""
    if table.gpkg is None:
        raise ValueError(f"table {table.qualname} has no GeoPackage layer")
    expected = [c for c in table.column_names if c not in table.gpkg.without]
    expected = [c for c in expected if c in frame.columns or table.column(c).required]
    got = [str(c) for c in frame.columns if c != getattr(frame, "_geometry_column_name", None)]
    if got != expected:
        raise TableError(f"layer {table.gpkg.layer!r} of table {table.qualname}: columns {got}, "
                         f"expected {expected} (declaration in the table registry)")  # fmt: skip


def describe_failures(name: str, cases: pd.DataFrame) -> str:
    """One line per failed column check (up to :data:`MAX_CASES` failing values) and per failed
    table check (up to :data:`MAX_CASES` failing rows)."""
    lines = []
    table_level = cases["schema_context"] == "DataFrameSchema"
    for (column, check), group in cases[~table_level].groupby(["column", "check"], dropna=False,
                                                              sort=False):  # fmt: skip
        values = list(dict.fromkeys(map(repr, group["failure_case"])))
        rows = _rows(group)
        shown = ", ".join(values[:MAX_CASES]) + (" ..." if len(values) > MAX_CASES else "")
        lines.append(f"  - column {column!r}: {check} failed for {shown}{rows}")
    for check, group in cases[table_level].groupby("check", dropna=False, sort=False):
        values = list(dict.fromkeys(map(repr, group["failure_case"].dropna())))
        shown = f" for {', '.join(values[:MAX_CASES])}" if values and not _rows(group) else ""
        lines.append(f"  - {check} failed{shown}{_rows(group)}")
    return (f"table {name} does not match its declaration in the table registry "
            f"({len(lines)} failure(s)):\n" + "\n".join(lines))  # fmt: skip


def _rows(group: pd.DataFrame) -> str:
    rows = sorted({int(i) for i in group["index"].dropna()})
    if not rows:
        return ""
    return f" (rows {rows[:MAX_CASES]}{' ...' if len(rows) > MAX_CASES else ''})"


def write(
    table: Table,
    frame: pd.DataFrame,
    folder: str | Path,
    formats: Sequence[str] | None = None,
    validate: bool = True,
    **fields: str,
) -> dict[str, Path]:
    """Validate ``frame`` against ``table`` and write it to each format (default: all declared).

    Files go under ``folder`` (the part folder) at :meth:`Table.file`, each atomically; the
    frame is written as it is (no coercion), so a declaration never changes a file's bytes.
    ``validate=False`` skips the check for a frame the caller has just validated
    (:func:`validate_all`). Returns the paths by format.
    """
    if validate:
        table.validate(frame)
    chosen = table.formats if formats is None else tuple(formats)
    unknown = set(chosen) - set(table.formats)
    if unknown:
        raise ValueError(f"table {table.qualname} is not declared in {sorted(unknown)}")
    data = frame.reset_index(drop=True)
    writers = {"parquet": write_parquet, "csv": write_csv}
    return {fmt: writers[fmt](Path(folder) / table.file(fmt, **fields), data) for fmt in chosen}


def _csv_dtypes(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in table.columns:
        if c.dtype == TEXT:
            out[c.name] = str
        elif c.dtype in ("int64", "float64", "Int64"):
            out[c.name] = c.dtype
    return out


def read(
    table: Table, folder: str | Path, validate: bool = True, **fields: str
) -> pd.DataFrame | None:
    """The table as written under ``folder`` (first declared format present), or ``None``.

    CSV text columns are read as text (``kommun_id_scb`` keeps its leading digits) with only
    empty cells missing. ``validate`` checks the frame against the declaration, so a folder
    written by another version of the workbench fails with the table and column named.
    """
    folder = Path(folder)
    for fmt in table.formats:
        path = folder / table.file(fmt, **fields)
        if not path.exists():
            continue
        if fmt == "parquet":
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, dtype=_csv_dtypes(table), keep_default_na=False,
                                na_values=[""])  # fmt: skip
        if validate:
            try:
                table.validate(frame)
            except TableError as exc:
                raise TableError(f"{path}: {exc}") from None
        return frame
    return None


@dataclass(frozen=True)
class Figure:
    """One ``summary.json`` key: its meaning and whether the exports show it.

    ``shown`` figures (numbers, yes/no, or ``None`` when not defined) go to the workbook's
    summary sheet, the GeoPackage summary layer and ``kommun_summary.json``, in declaration
    order; other keys (text, lists, nested accounting) stay in ``summary.json``.
    """

    key: str
    meaning: str
    shown: bool = True


@dataclass(frozen=True)
class Summary:
    """A part's ``summary.json``: every key declared, and the report's key figures in order."""

    figures: tuple[Figure, ...]
    key_figures: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        keys = [f.key for f in self.figures]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a summary key is declared twice: {keys}")
        shown = {f.key for f in self.figures if f.shown}
        if set(self.key_figures) - shown:
            raise ValueError(f"key figures {sorted(set(self.key_figures) - shown)} are not shown")

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def check(self, summary: Mapping[str, Any], part: str) -> None:
        """Raise :class:`TableError` for an undeclared key or a shown figure that is not a number,
        yes/no or ``None``."""
        declared = {f.key: f for f in self.figures}
        problems = [f"  - {k!r} is not declared" for k in summary if k not in declared]
        for key, value in summary.items():
            if key in declared and declared[key].shown and not _is_figure(value):
                problems.append(f"  - {key!r} is shown as a figure but holds {value!r}")
        if problems:
            raise TableError(f"summary of part {part} does not match its declaration in the "
                             "table registry:\n" + "\n".join(problems))  # fmt: skip

    def shown(self, summary: Mapping[str, Any]) -> dict[str, Any]:
        """The shown figures that ``summary`` has a number or yes/no for, in declaration order."""
        return {f.key: summary[f.key] for f in self.figures
                if f.shown and f.key in summary and _is_number(summary[f.key])}  # fmt: skip


def _is_number(value: Any) -> bool:
    return isinstance(value, Real | bool) and not isinstance(value, complex)


def _is_figure(value: Any) -> bool:
    return value is None or _is_number(value)


def placeholders(stem: str) -> list[str]:
    """The ``{field}`` names of a stem (``hourly/{variant}`` -> ``["variant"]``)."""
    return re.findall(r"{(\w+)}", stem)
