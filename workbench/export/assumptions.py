"""Assumptions for readers: the few that drive a report's figures, and the complete list.

What to show is declared in ``assumptions.yaml`` beside this module (not in the writers):
the key assumptions with their plain names (sv/en) and groups, the columns that identify a
row of a factor table, the configuration fields that are not assumptions, and the values that
stand for "no limit". Values, units, years and sources always come from the complete list
(:func:`workbench.export.excel.assumptions_frame`), so a report cannot show a value the run
did not use.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from markupsafe import Markup, escape

from workbench import i18n
from workbench.export.numformat import format_exact

log = logging.getLogger(__name__)
REGISTRY = Path(__file__).resolve().parent / "assumptions.yaml"
KEY_COLUMNS = ["group", "name", "value", "unit", "year", "source", "source_note"]


@cache
def registry() -> dict[str, Any]:
    """The declared registry (``assumptions.yaml``)."""
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


def factor_ids(prefix: str) -> list[str] | None:
    """The columns that identify a row of factor table ``prefix`` (``None``: its text columns)."""
    return (registry().get("factor_ids") or {}).get(prefix)


def _names(lang: str) -> dict[str, str]:
    return i18n.dictionary(i18n.check_lang(lang)).get("assumption_names") or {}


def coded(section: str, value: Any, lang: str) -> str:
    """A coded value of a factor table (a fuel, a vehicle class) in ``lang``: ``values.<section>``
    of the dictionary; a number (a year) as it is. A text without a label is an error
    (:class:`workbench.i18n.MissingLabelError`), so no code value reaches an assumption's name."""
    if _is_number(value):
        return str(value)
    mapping = (i18n.dictionary(i18n.check_lang(lang)).get("values") or {}).get(section) or {}
    if value not in mapping:
        raise i18n.MissingLabelError(f"values.{section}", [str(value)], lang)
    return mapping[value]


def _lower_first(text: str) -> str:
    """``"Inköpspris"`` -> ``"inköpspris"``; an acronym stays (``"HVO100"``, ``"CO₂"``)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def config_name(key: str, lang: str) -> str:
    """The plain name of a configuration field: ``assumption_names`` of the dictionary; an entry
    of a per-type field (``roofs.pitch_deg.industrial``) is the field's name and the entry's
    coded values (``config_items`` of the registry), e.g. "Taklutning: Industri"."""
    names = _names(lang)
    if key in names:
        return names[key]
    parent, _, item = key.rpartition(".")
    sections = (registry().get("config_items") or {}).get(parent)
    if parent in names and sections:
        parts = item.rsplit("_", len(sections) - 1) if len(sections) > 1 else [item]
        if len(parts) == len(sections):
            labels = [coded(s, p, lang) for s, p in zip(sections, parts, strict=True)]
            return f"{names[parent]}: {', '.join(_lower_first(t) for t in labels)}"
    raise i18n.MissingLabelError("assumption_names", [key], lang)


def factor_name(prefix: str, record: dict, ids: list[str], column: str, lang: str) -> str:
    """The plain name of one value of a factor table, composed: the table's name, the row's
    coded values (``values`` of the dictionary, the section declared in the registry's
    ``value_sections`` or the column's own), the year, the column's label, e.g.
    "Energipriser: diesel 2026, pris exkl. moms"."""
    names = _names(lang)
    if prefix not in names:
        raise i18n.MissingLabelError("assumption_names", [prefix], lang)
    sections = (registry().get("value_sections") or {}).get(prefix) or {}
    words = [coded(sections.get(c, c), record[c], lang) for c in ids if not _is_number(record[c])]
    numbers = [str(record[c]) for c in ids if _is_number(record[c])]
    row = " ".join([", ".join(words), *numbers]).strip()
    what = _lower_first(i18n.label(column, lang))
    return f"{names[prefix]}: {row}, {what}" if row else f"{names[prefix]}: {what}"


def group_of(key: str) -> str:
    """The part an assumption belongs to, from the first part of its key (``roofs.x``: solar)."""
    groups = registry()["key_groups"]
    head = str(key).split(".", 1)[0]
    if head not in groups:
        raise KeyError(f"assumption {key!r}: no group for {head!r} in {REGISTRY.name} key_groups")
    return groups[head]


def group_label(group: str, lang: str) -> str:
    """The heading of a group in ``lang``."""
    return registry()["groups"][group][i18n.check_lang(lang)]


def tidy(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The complete list as exports show it: a ``group`` column, run names dropped, "no limit"
    values in words, one row per key (a repeated key is an error naming it)."""
    reg = registry()
    out = frame[~frame["key"].isin(reg.get("not_assumptions") or [])].copy()
    no_limit = {float(v) for v in reg.get("no_limit_values") or []}
    if no_limit:
        values = out["value"].astype(object)
        hit = values.map(lambda v: _is_number(v) and float(v) in no_limit).astype(bool)
        out["value"] = values.where(~hit, i18n.text("no_limit", lang))
        out.loc[hit, "unit"] = ""
    repeated = sorted(out.loc[out["key"].duplicated(), "key"].unique())
    if repeated:
        raise ValueError(
            f"assumption keys repeated ({len(repeated)}): {', '.join(repeated[:10])}; "
            f"declare the identifying columns of the factor table in {REGISTRY.name} factor_ids"
        )
    out.insert(0, "group", [group_label(group_of(k), lang) for k in out["key"]])
    return out.reset_index(drop=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_)


def _pick(value: Any, item: Any) -> Any:
    """Entry ``item`` of a list or mapping held as JSON text (as the complete list holds them)."""
    data = json.loads(value) if isinstance(value, str) else value
    return data[item]


def display_value(value: Any, lang: str) -> str:
    """An assumption value as text: numbers in the language's format, lists joined."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(display_value(v, lang) for v in value)
    if isinstance(value, int | float):  # incl. bool
        return format_exact(value, lang)
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def key_assumptions(complete: pd.DataFrame, parts: Iterable[str], lang: str) -> pd.DataFrame:
    """The declared key assumptions of the available ``parts``, in declared order.

    ``complete`` is the tidy complete list (:func:`tidy`). A declared key it lacks (a part run
    without its factor tables) is left out with a warning naming it; the test of the registry
    against the default run's complete list keeps a renamed key from dropping out unnoticed.
    Columns: group, name, value, unit, year, source, source_note.
    """
    lang = i18n.check_lang(lang)
    parts = set(parts)
    rows_by_key = complete.set_index("key")
    rows, missing = [], []
    for entry in registry()["key_assumptions"]:
        if entry["group"] not in parts:
            continue
        if entry["key"] not in rows_by_key.index:
            missing.append(entry["key"])
            continue
        row = rows_by_key.loc[entry["key"]]
        value = row["value"] if "item" not in entry else _pick(row["value"], entry["item"])
        rows.append({"group": group_label(entry["group"], lang), "name": entry[lang],
                     "value": value, "unit": row["unit"], "year": row["year"],
                     "source": row["source"], "source_note": row["source_note"]})  # fmt: skip
    if missing:
        log.warning("%s: key assumptions not in the complete list, left out: %s",
                    REGISTRY.name, ", ".join(missing))  # fmt: skip
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


def source_cell(source: str, note: str) -> Markup:
    """The "Källa" cell of an HTML table: the citation in ``<cite>``, as the publication names
    itself, then our own note (in the export language). The language test reads every word
    outside ``<cite>`` as the report's own text."""
    cite = Markup("<cite>{}</cite>").format(source) if source else Markup("")
    if not (source and note):
        return cite + escape(note)
    return cite + Markup(" " if note.startswith("(") else ": ") + escape(note)


def grouped_tables(key: pd.DataFrame, lang: str) -> list[dict]:
    """The key assumptions as one HTML table per group: caption, headers, text rows."""
    headers = [i18n.text(k, lang) for k in
               ("col_assumption", "col_value", "col_unit", "col_year", "col_source")]  # fmt: skip
    tables = []
    for group, rows in key.groupby("group", sort=False):
        body = [[r.name, display_value(r.value, lang), r.unit, r.year,
                 source_cell(r.source, r.source_note)] for r in rows.itertuples(index=False)]  # fmt: skip
        tables.append({"caption": group, "headers": headers, "rows": body})
    return tables


def appendix_tables(complete: pd.DataFrame, lang: str) -> list[dict]:
    """The complete list as one HTML table per group: plain name, key (as in the scenario file),
    value, unit, year, source; a source the same as the row above's reads "som ovan" ("as
    above")."""
    headers = [i18n.text(k, lang) for k in ("col_assumption", "col_key", "col_value", "col_unit",
                                            "col_year", "col_source")]  # fmt: skip
    same = i18n.text("source_as_above", lang)
    tables = []
    for group, rows in complete.groupby("group", sort=False):
        body, previous = [], None
        for r in rows.itertuples(index=False):
            cell = source_cell(r.source, r.source_note)
            shown = same if cell == previous else cell  # a long source printed once
            body.append([r.assumption_name, r.key, display_value(r.value, lang), r.unit, r.year,
                         shown])  # fmt: skip
            previous = cell
        tables.append({"caption": group, "headers": headers, "rows": body})
    return tables
