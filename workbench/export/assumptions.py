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
    """The complete list as exports show it: a ``group`` column, run names dropped, values in
    words (:func:`display`; "no limit" values too), one row per key (a repeated key is an error
    naming it)."""
    reg = registry()
    out = frame[~frame["key"].isin(reg.get("not_assumptions") or [])].copy()
    out["value"] = [display(k, v, lang) for k, v in zip(out["key"], out["value"], strict=True)]
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


class UndeclaredValueError(KeyError):
    """A configuration field's text value has no declared way of being shown to readers."""

    def __str__(self) -> str:
        return str(self.args[0])


def scenario_text(value: Any) -> str:
    """A configuration value as the scenario file (YAML) writes it, for the workbook's column
    "Värde i scenariofilen": a text as it is (``close_mount``), a list or mapping as the JSON
    flow text the complete list holds (``{"car": 8, ...}``), yes/no ``true``/``false``, nothing
    ``null``, a number as written (``0.6``, ``1000000000.0``).

    >>> scenario_text("perez"), scenario_text(True), scenario_text(None), scenario_text(0.6)
    ('perez', 'true', 'null', '0.6')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _joined(parts: list[str]) -> str:
    """Items joined by ", ", or by "; " where an item has a comma of its own (0,6)."""
    if not parts:
        return "–"
    return ("; " if any("," in p for p in parts) else ", ").join(parts)


def _kommun(code: Any) -> str:
    from workbench.reference import kommuner

    return kommuner.get(code).name


def _target_names(value: Any, lang: str) -> str:
    """Targets (a list of target mappings, or such lists per municipality) by their names."""
    if isinstance(value, dict):
        return _joined([f"{_kommun(k)}: {_target_names(v, lang)}" for k, v in value.items()])
    names = [i18n.value_label("target_name", t["name"], lang) for t in value]
    return "; ".join(names) if names else "–"


def _shown(section: str, value: Any, lang: str) -> str:
    """One value (or the items of a list) in ``lang`` by its declared ``section``."""
    if isinstance(value, list):
        return _joined([_shown(section, v, lang) for v in value])
    if isinstance(value, bool) or _is_number(value):
        return format_exact(value, lang)
    if section == "kommun":
        return _kommun(value)
    if section == "-":
        raise UndeclaredValueError(f"{value!r} where numbers are declared")
    return coded(section, value, lang)


def _mapping(spec: list[str], value: dict, lang: str) -> str:
    """A per-class mapping: "personbil 8, lätt lastbil 8"; a list of choices per class
    "personbil: el (BEV) / samma drivlina; lätt lastbil: samma drivlina"."""
    keys, values = spec
    parts = []
    for k, v in value.items():
        if isinstance(v, list):
            parts.append(
                f"{coded(keys, k, lang)}: {' / '.join(_shown(values, x, lang) for x in v)}"
            )
        else:
            parts.append(f"{coded(keys, k, lang)} {_shown(values, v, lang)}")
    lists = any(isinstance(v, list) for v in value.values())
    return ("; " if lists or any("," in p for p in parts) else ", ").join(parts)


def display(key: str, value: Any, lang: str) -> Any:
    """A configuration or factor value as the exports' "Värde" column shows it, in ``lang``.

    A number stays a number (the workbook formats it, :func:`display_value` in the report);
    yes/no read "Ja"/"Nej", nothing and an empty list "–". A text value, or a list or mapping
    (held as JSON text), is shown as its field's ``config_values`` entry in ``assumptions.yaml``
    declares: coded values by their value labels (:func:`coded`), a mapping as "personbil 8,
    lätt lastbil 8, ...". A text of a field not declared there, or a code without a label, is
    an error naming the key and the value, so no code value reaches an export.

    >>> display("pv.transposition", "perez", "sv"), display("pv.albedo", 0.2, "sv")
    ('Perez-modellen', 0.2)
    >>> display("fleet.lifetime_years", '{"car": 8, "van": 10}', "sv")
    'personbil 8, lätt lastbil 10'
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return format_exact(value, lang)
    if _is_number(value):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, list | dict) and not value:
        return "–"
    spec = (registry().get("config_values") or {}).get(key)
    if spec is None:
        raise UndeclaredValueError(
            f"assumption {key!r} = {str(value)[:80]!r}: a value that is not a number and has no "
            f"declared display; add the key to {REGISTRY.name} config_values (its values section "
            "in workbench/i18n)"
        )
    try:
        if spec == "names":
            return _target_names(value, lang)
        if isinstance(spec, list):
            return _mapping(spec, value, lang)
        return _shown(spec, value, lang)
    except UndeclaredValueError as exc:
        raise UndeclaredValueError(f"assumption {key!r}: {exc}") from None


def display_item(key: str, value: Any, lang: str) -> Any:
    """One entry of a list or mapping field (a key assumption's ``item``) as :func:`display`."""
    spec = (registry().get("config_values") or {}).get(key)
    if spec is None or isinstance(value, bool) or _is_number(value) or value is None:
        return display(key, value, lang)
    return _shown(spec[1] if isinstance(spec, list) else spec, value, lang)


def display_value(value: Any, lang: str) -> str:
    """A shown value (:func:`display`) as text of a report cell: numbers in the language's
    format."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int | float):  # incl. bool
        return format_exact(value, lang)
    return "" if value is None else str(value)


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
        value = row["value"]
        if "item" in entry:
            value = display_item(entry["key"], _pick(row["scenario_value"], entry["item"]), lang)
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
