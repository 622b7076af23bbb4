"""The table registry: every output table and ``summary.json`` of every analysis part, declared once.

Each analysis package declares its tables in its ``schema.py`` (``TABLES``: a tuple of
:class:`~workbench.core.tables.Table`) and its summary (``SUMMARY``:
:class:`~workbench.core.tables.Summary`); this module collects them in :data:`PARTS`, in the
order the exports show them. The stage writers validate against these declarations, the exports
read stage outputs only through them (:func:`read_tables`), and ``docs/data_dictionary.md`` is
generated from them (``python -m workbench.registry --write``; a test fails when it drifts).

Adding a column means declaring it in the package's ``schema.py`` and giving it a label in
``workbench/i18n/sv.yaml`` and ``en.yaml``; nothing else. See ``docs/architecture.md``,
"Add a table / add a stage".
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench import i18n
from workbench.core import tables as tb
from workbench.core.paths import REPO_ROOT
from workbench.solar import schema as solar_schema

DICTIONARY = REPO_ROOT / "docs" / "data_dictionary.md"


@dataclass(frozen=True)
class Part:
    """One analysis part: its stage folder name, tables, summary, and the role its synthetic
    demo input has in a package's provenance (``"buildings"``)."""

    name: str
    tables: tuple[tb.Table, ...]
    summary: tb.Summary
    synthetic_role: str
    description: str

    def table(self, name: str) -> tb.Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(f"part {self.name} declares no table {name!r}")

    @property
    def sheets(self) -> list[tb.Table]:
        """Tables that become workbook sheets, in sheet order."""
        return [t for t in self.tables if t.sheet is not None]


PARTS: dict[str, Part] = {
    "solar": Part("solar", solar_schema.TABLES, solar_schema.SUMMARY, "buildings",
                  "Rooftop solar: PV potential per building and per municipality"),
}  # fmt: skip


def part(name: str) -> Part:
    """The declared part ``name``; ``KeyError`` naming the known parts otherwise."""
    if name not in PARTS:
        raise KeyError(f"no part {name!r} in the table registry; known: {', '.join(PARTS)}")
    return PARTS[name]


def all_tables() -> list[tb.Table]:
    """Every declared table, part by part."""
    return [t for p in PARTS.values() for t in p.tables]


def table(qualname: str) -> tb.Table:
    """A table by ``<part>.<name>`` (``"solar.buildings"``)."""
    name, _, rest = qualname.partition(".")
    return part(name).table(rest)


def read_tables(name: str, folder: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of part ``name`` present in ``folder`` (the part's stage folder), by table
    name, validated against its declaration; table families (``hourly/{variant}``) are left out."""
    out = {}
    for t in part(name).tables:
        if tb.placeholders(t.stem or t.name):
            continue
        frame = tb.read(t, folder)
        if frame is not None:
            out[t.name] = frame
    return out


# --- the naming rule ------------------------------------------------------------------------------
TIME_KEYS = ("year", "month", "time_utc")
ID = re.compile(r"(^|_)id(_[a-z0-9]+)?$")  # building_id, kommun_id_scb
YES_NO_DTYPES = ("bool", "boolean", "int64")  # int64: a 0/1 flag in a project data table
TEXT_DTYPES = (tb.TEXT, "string", "object")
PVLIB_NAMES = ("surface_tilt", "surface_azimuth")  # pvlib's names; units in units.yaml columns


def name_problem(name: str, dtype: str, unit_column: str | None = None) -> str | None:
    """Why ``name`` breaks the column naming rule, or ``None`` (rule: ``docs/architecture.md``).

    A number's unit is its suffix (``units.yaml``), or it is a count (``n_`` prefix), a year
    (``year``, ``*_year``), a time key (``month``, ``time_utc``), an id (``*_id[_source]``), a row
    of an input file (``*_row``), one of pvlib's variable names (``units.yaml`` ``columns``), or a
    quantity whose unit another column names row by row (``unit_column``). A yes/no column starts
    with ``is_``/``has_`` and nothing else does. Text (categories, ids, names) has no unit suffix.
    """
    if name.startswith(("is_", "has_")):
        return None if dtype in YES_NO_DTYPES else f"is_/has_ marks yes/no columns, not {dtype}"
    if dtype in ("bool", "boolean"):
        return "a yes/no column starts with is_ or has_"
    if name in i18n.units_table()["columns"] and name not in PVLIB_NAMES:
        return "its unit is listed by hand in units.yaml columns (only pvlib's names may be)"
    try:
        unit = i18n.unit_key(name)
    except ValueError as exc:
        return str(exc)
    if dtype in TEXT_DTYPES:
        return f"text column with the unit suffix of {unit!r}" if unit else None
    if name in TIME_KEYS or name.endswith("_year") or ID.search(name) or name.endswith("_row"):
        return None
    if unit is None and unit_column is None:
        return "a number without a unit suffix (units.yaml), n_ prefix, year or id form"
    return None


def vocabulary() -> dict[str, set[str]]:
    """Every declared column and summary key, with the meanings it is declared with."""
    out: dict[str, set[str]] = {}
    for p in PARTS.values():
        for t in p.tables:
            for c in t.columns:
                out.setdefault(c.name, set()).add(c.meaning)
        for f in p.summary.figures:
            out.setdefault(f.key, set()).add(f.meaning)
    return out


# --- data dictionary ---------------------------------------------------------------------------
def _unit(name: str) -> str:
    unit = i18n.unit(name, "en")
    if unit is None:
        return "–"
    return unit.display or unit.key  # counts and years have no display unit in English


def _labels(name: str) -> tuple[str, str]:
    return i18n.label(name, "sv"), i18n.label(name, "en")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table_section(t: tb.Table) -> list[str]:
    files = [t.file(fmt, **{f: f"<{f}>" for f in tb.placeholders(t.stem or t.name)})
             for fmt in t.formats]  # fmt: skip
    if t.gpkg is not None:
        files.append(f"{t.gpkg.file()} (layer `{t.gpkg.layer}`)")
    sheet = (f"`{t.sheet}` ({i18n.sheet_name(t.sheet, 'sv')})" if t.sheet
             else f"none: {t.no_sheet}")  # fmt: skip
    lines = [
        f"### `{t.qualname}`",
        "",
        t.description + ".",
        "",
        f"- Files: {', '.join(f'`{t.part}/{f}`' for f in files)}",
        f"- Workbook sheet: {sheet}",
    ]
    if t.key:
        lines.append(f"- One row per: {', '.join(f'`{k}`' for k in t.key)}")
    if t.workbook_columns is not None:
        lines.append(f"- Workbook columns: {', '.join(f'`{c}`' for c in t.workbook_columns)}")
    lines += [
        "",
        "| Column | Unit | Type | Meaning | Swedish | English |",
        "|---|---|---|---|---|---|",
    ]
    for c in t.columns:
        sv, en = _labels(c.name)
        flags = [c.dtype] + (["may be empty"] if c.nullable else []) + (
            ["optional"] if not c.required else [])  # fmt: skip
        unit = f"per row: `{c.unit_column}`" if c.unit_column else _unit(c.name)
        lines.append(f"| `{c.name}` | {unit} | {', '.join(flags)} | {_cell(c.meaning)} | "
                     f"{_cell(sv)} | {_cell(en)} |")  # fmt: skip
    return lines + [""]


def _summary_section(p: Part) -> list[str]:
    lines = [
        f"### `{p.name}/summary.json`",
        "",
        "Figures marked *shown* go to the workbook's summary sheet, the package GeoPackage's "
        "`kommun_summary` layer and `kommun_summary.json`; key figures are the report's cards"
        f" ({', '.join(f'`{k}`' for k in p.summary.key_figures)}).",
        "",
        "| Key | Unit | Shown | Meaning | Swedish | English |",
        "|---|---|---|---|---|---|",
    ]
    for f in p.summary.figures:
        sv, en = _labels(f.key) if f.shown else ("–", "–")
        unit = _unit(f.key) if f.shown else "–"
        lines.append(f"| `{f.key}` | {unit} | {'yes' if f.shown else 'no'} | {_cell(f.meaning)} "
                     f"| {_cell(sv)} | {_cell(en)} |")  # fmt: skip
    return lines + [""]


def data_dictionary() -> str:
    """``docs/data_dictionary.md``: every table, column and summary key with unit, meaning, labels."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the table registry (`workbench/registry.py`, the parts' `schema.py`) by "
        "`python -m workbench.registry --write`; do not edit by hand (`tests/test_registry.py` "
        "fails when this file differs from the registry). Units come from the column name's "
        "suffix (`workbench/i18n/units.yaml`), labels from `workbench/i18n/sv.yaml` and `en.yaml`."
        " Files are under `<out>/<slug>/<part>/`.",
        "",
    ]
    for p in PARTS.values():
        lines += [f"## {p.name}", "", p.description + ".", ""]
        for t in p.tables:
            lines += _table_section(t)
        lines += _summary_section(p)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m workbench.registry [--write | --check]``: print, write or check the dictionary."""
    parser = argparse.ArgumentParser(description="the data dictionary of the table registry")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"write {DICTIONARY}")
    group.add_argument("--check", action="store_true", help=f"fail if {DICTIONARY} is stale")
    args = parser.parse_args(argv)
    text = data_dictionary()
    if args.write:
        DICTIONARY.write_text(text, encoding="utf-8", newline="\n")
    elif args.check:
        current = DICTIONARY.read_text(encoding="utf-8") if DICTIONARY.exists() else ""
        if current != text:
            print(f"{DICTIONARY} is stale: run python -m workbench.registry --write")
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
