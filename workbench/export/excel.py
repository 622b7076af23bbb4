"""Excel workbooks with xlsxwriter: translated headers with units, numbers stored as numbers.

Every sheet gets a bold header row with the label and unit of each column
(:mod:`workbench.i18n`), a number format chosen from the column's unit suffix,
a frozen header row, an autofilter and column widths that fit the content.
Format codes are stored in US notation; Excel shows them in the reader's locale
(space grouping and decimal comma in Swedish Excel).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import xlsxwriter

from workbench import i18n
from workbench.config import Scenario, assumptions_table
from workbench.core.outputs import atomic_path
from workbench.export import assumptions as registry
from workbench.export.numformat import EXACT_UNITS, figure, significant, yes_no
from workbench.export.report import input_label, synthetic_labels
from workbench.export.scenarios import scenario_with_file

MAX_WIDTH = 60
MIN_WIDTH = 8
WIDTH_SAMPLE_ROWS = 500
HEADER_STYLE = {
    "bold": True,
    "text_wrap": True,
    "valign": "top",
    "bg_color": "#DCE6F1",
    "bottom": 1,
}
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.00"


@dataclass
class Sheet:
    """One worksheet: a sheet key (translated via ``i18n`` section ``sheets``) and a table.

    ``kind="table"`` writes the columns as they are; ``kind="key_values"`` expects
    columns ``indicator`` (an internal key such as ``"annual_kwh"``) and ``value`` and
    writes the translated indicator, the value as the report's key-figure card shows it
    (scaled unit, three significant figures: :func:`~workbench.export.numformat.figure`) and
    its unit. ``presentation=True`` marks a table sheet that repeats a report table (the
    scenario comparison): its quantities are rounded to three significant figures in their
    column's unit, as the report shows them; data sheets keep every digit. ``note`` becomes a
    comment on the first header cell.
    """

    key: str
    frame: pd.DataFrame
    kind: Literal["table", "key_values"] = "table"
    note: str | None = None
    presentation: bool = False


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _display_len(value: Any, num_format: str | None) -> int:
    """Approximate displayed width of a cell in characters."""
    if _is_missing(value):
        return 0
    if isinstance(value, bool | np.bool_):
        return 6
    if isinstance(value, int | float | np.integer | np.floating):
        decimals = num_format.split(".")[1].count("0") if num_format and "." in num_format else 0
        text = f"{float(value):,.{decimals}f}"
        return len(text) + (1 if num_format and "%" in num_format else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


class _Formats:
    """Cache of xlsxwriter formats by number format code."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.cache: dict[str, Any] = {}
        self.header = book.add_format(HEADER_STYLE)
        self.text = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"valign": "top", "text_wrap": True})

    def number(self, code: str | None) -> Any:
        code = code or "General"
        if code not in self.cache:
            self.cache[code] = self.book.add_format({"num_format": code, "valign": "top"})
        return self.cache[code]


def _column_format(series: pd.Series, column: str) -> str | None:
    """Number format of a column: from its unit, else integer or decimal by dtype."""
    u = i18n.unit(column)
    if u is not None:
        return u.num_format
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INT_FORMAT
    if pd.api.types.is_float_dtype(series):
        return FLOAT_FORMAT
    return None


def _write_cell(ws: Any, row: int, col: int, value: Any, fmt: Any, formats: _Formats,
                lang: str = i18n.DEFAULT_LANG) -> None:  # fmt: skip
    if _is_missing(value):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool | np.bool_):  # a word, as in the report (Excel would show TRUE)
        ws.write_string(row, col, yes_no(value, lang), formats.text)
    elif isinstance(value, int | float | np.integer | np.floating):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, pd.Timestamp | dt.datetime):
        ws.write_string(row, col, pd.Timestamp(value).isoformat(), formats.text)
    elif isinstance(value, dict | list | tuple):
        ws.write_string(row, col, json.dumps(value, ensure_ascii=False, default=str), formats.text)
    else:
        ws.write_string(row, col, str(value), formats.wrap if "\n" in str(value) else formats.text)


def _is_plain_numeric(series: pd.Series) -> bool:
    """Integer or float column (not boolean): every cell is a number or missing."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _write_numbers(ws: Any, col: int, values: list, fmt: Any) -> None:
    """Write a numeric column from row 1; missing values become empty cells."""
    write_number, write_blank, isnan = ws.write_number, ws.write_blank, math.isnan
    for row, value in enumerate(values, start=1):
        if value is None or value is pd.NA or isnan(value):
            write_blank(row, col, None, fmt)
        else:
            write_number(row, col, value, fmt)


def translate_values(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Translate category values (``i18n`` section ``values``) of object columns."""
    out = df.copy()
    mapping = i18n.dictionary(lang).get("values") or {}
    for column in out.columns:
        if column in mapping and not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(lambda v, c=column: i18n.value_label(c, v, lang))
    return out


def _key_values_table(df: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str | None]]:
    """Indicator/value rows → translated indicator, value, unit; one number format per row."""
    missing = [k for k in df["indicator"] if k not in (i18n.dictionary(lang)["columns"] or {})]
    if missing:
        raise i18n.MissingLabelError("columns", missing, lang)
    labels, units, row_formats, values = [], [], [], []
    parts = [i18n.text(f"part_{p}", lang) if p else "" for p in df.get("part", [""] * len(df))]
    for key, value in zip(df["indicator"], df["value"], strict=True):
        u = i18n.unit(key, lang)
        labels.append(i18n.label(key, lang))
        shown = figure(value, key, lang)  # as the report's card: 158 MWp, not 158 107,5 kWp
        if shown is not None:
            value, decimals, display = shown
            units.append(display)
            row_formats.append(_decimals_format(decimals))
        else:
            units.append(u.display if u is not None else "")
            row_formats.append(u.num_format if u is not None else None)
        values.append(value)
    table = pd.DataFrame({"indicator": labels, "value": values, "unit": units})
    if "part" in df.columns:
        table.insert(0, "part", parts)
    return table, row_formats


def _decimals_format(decimals: int) -> str:
    """Excel number format with thousands grouping and ``decimals`` decimals."""
    return INT_FORMAT + ("." + "0" * decimals if decimals > 0 else "")


def _presented(series: pd.Series, column: str) -> tuple[list, list[str | None]] | None:
    """A presentation sheet's column: quantities rounded to three significant figures in the
    column's own unit and a number format per cell, or ``None`` for a column kept as it is."""
    u = i18n.unit(column)
    if u is None or u.key in EXACT_UNITS or not _is_plain_numeric(series):
        return None
    values, codes = [], []
    for value in series.tolist():
        if _is_missing(value) or not math.isfinite(float(value)):
            values.append(value)
            codes.append(u.num_format)
            continue
        rounded, decimals = significant(float(value))
        values.append(rounded)
        codes.append(_decimals_format(decimals))
    return values, codes


def _write_sheet(book: xlsxwriter.Workbook, formats: _Formats, sheet: Sheet, lang: str) -> None:
    name = i18n.sheet_name(sheet.key, lang)
    ws = book.add_worksheet(name)
    row_formats: list[str | None] | None = None
    if sheet.kind == "key_values":
        df, row_formats = _key_values_table(sheet.frame, lang)
    else:
        df = translate_values(sheet.frame.reset_index(drop=True), lang)
    columns = [str(c) for c in df.columns]
    heads = i18n.headers(columns, lang, sheet=sheet.key)
    col_formats = [_column_format(df[c], c) for c in columns]
    widths = []
    for j, (column, head) in enumerate(zip(columns, heads, strict=True)):
        ws.write_string(0, j, head, formats.header)
        values = df[column].tolist()
        series = df[column]
        fmt = formats.number(col_formats[j]) if col_formats[j] else formats.text
        presented = _presented(series, column) if sheet.presentation else None
        if presented is not None:
            for i, (value, code) in enumerate(zip(*presented, strict=True), start=1):
                _write_cell(ws, i, j, value, formats.number(code), formats, lang)
        elif row_formats is None and _is_plain_numeric(series):
            _write_numbers(ws, j, values, fmt)  # fast path: most cells of large tables
        else:
            for i, value in enumerate(values, start=1):
                if row_formats is not None and column == "value":
                    code = row_formats[i - 1]
                    fmt = formats.number(code) if code else formats.text
                _write_cell(ws, i, j, value, fmt, formats, lang)
        sample = values[:WIDTH_SAMPLE_ROWS]
        longest_word = max((len(w) for w in head.split()), default=0)
        content = max((_display_len(v, col_formats[j]) for v in sample), default=0)
        width = max(MIN_WIDTH, longest_word + 2, min(len(head), 24), content + 2)
        widths.append(min(MAX_WIDTH, width))
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    header_lines = max(
        (math.ceil(len(h) / w) for h, w in zip(heads, widths, strict=True)), default=1
    )
    ws.set_row(0, 15 * header_lines)
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, max(len(df), 1), len(columns) - 1)
    if sheet.note:
        ws.write_comment(0, 0, sheet.note, {"x_scale": 3, "y_scale": 2})


def write_workbook(
    path: str | Path,
    sheets: Sequence[Sheet],
    lang: str = i18n.DEFAULT_LANG,
    created: dt.datetime | None = None,
    title: str | None = None,
) -> Path:
    """Write ``sheets`` to an Excel workbook at ``path`` atomically.

    Parameters
    ----------
    path
        Destination ``.xlsx`` file; replaced only once the workbook is complete.
    sheets
        Worksheets in order. Every column and sheet key needs a label in ``lang``
        (:class:`workbench.i18n.MissingLabelError` lists the ones that lack one).
    lang
        ``"sv"`` (default) or ``"en"``.
    created
        Creation time stored in the document properties (UTC); fixed so that the
        same inputs and time give the same workbook.
    title
        Document title property.
    """
    i18n.check_lang(lang)
    # translate everything before opening the file, so a missing label leaves no file behind
    for sheet in sheets:
        i18n.sheet_name(sheet.key, lang)
        if sheet.kind == "table":
            i18n.headers([str(c) for c in sheet.frame.columns], lang)
    created = created or dt.datetime.now(dt.UTC)
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_urls": False, "strings_to_formulas": False, "nan_inf_to_errors": False},
        )
        book.set_properties(
            {
                "title": title or "",
                "author": "Energikontor Norr (Workbench)",
                "created": created.replace(tzinfo=None),
                "comments": i18n.text("generated_by", lang),
            }
        )
        formats = _Formats(book)
        for sheet in sheets:
            _write_sheet(book, formats, sheet, lang)
        book.close()
    return Path(path)


TEXT_FIELDS = ("source", "source_note", "unit", "description", "label", "year", "verified")


def _factor_unit(column: str, record: dict, lang: str) -> str:
    """Display unit of a factor column; ``<quantity>_per_unit[...]`` is per the row's ``unit``."""
    quantity, per_unit, _ = column.partition("_per_unit")
    if per_unit:
        if "unit" not in record:
            raise ValueError(f"factor column {column!r} is per unit but the table has no 'unit'")
        numerator = i18n.unit(quantity, lang)
        return f"{numerator.display if numerator else ''}/{record['unit']}".lstrip("/")
    u = i18n.unit(column, lang)
    return u.display if u is not None else ""


def factor_rows(name: str, table: pd.DataFrame, lang: str = i18n.DEFAULT_LANG,
                ids: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """A factor table as assumption rows: key, value, unit, year, source, source_note, verified,
    description.

    A table already in that form keeps its rows; its ``source_note`` is in ``lang`` already
    (the seat's climatology, :func:`workbench.reference.climate.climatology_assumptions`).
    A wide table (one row per vehicle class,
    fuel, ...) is melted: text columns identify the row, each numeric column becomes one
    assumption ``<name>.<ids>.<column>``; its unit comes from the column's unit suffix
    (:func:`workbench.i18n.unit`), and a ``<quantity>_per_unit`` column is per the row's
    ``unit`` (``lhv_mj_per_unit`` of a row in ``l``: MJ/l); ``year``, ``source`` (the citation),
    ``source_note`` (our own note, translated to ``lang``: :func:`workbench.i18n.source_note`) and
    ``verified`` (whether the source is confirmed; ``True`` when the table has no such column) are
    the row's.
    ``ids`` are the columns that identify a row (text or numbers, e.g. ``["carrier", "year"]``
    where a table has one row per year); by default its text columns.
    """
    columns = ["assumption_name", "key", "value", "unit", "year", "source", "source_note",
               "verified", "description"]  # fmt: skip
    if {"key", "value", "unit", "year", "source"} <= set(table.columns):
        rows = table.reindex(columns=columns).copy()
        rows["source_note"] = rows["source_note"].astype(object).fillna("")
        rows["assumption_name"] = [registry.factor_name(name, {}, [], str(k), lang)
                                   for k in rows["key"]]  # fmt: skip
        rows["key"] = name + "." + rows["key"].astype(str)
        flag = rows["verified"].astype(object)
        rows["verified"] = flag.where(flag.notna(), True).astype(bool)
        return rows
    texts = [c for c in table.columns if c not in TEXT_FIELDS
             and not pd.api.types.is_numeric_dtype(table[c])]  # fmt: skip
    ids = texts if ids is None else ids
    values = [c for c in table.columns if c not in TEXT_FIELDS and c not in ids and c not in texts]
    rows = []
    for record in table.to_dict("records"):
        prefix = ".".join([name, *(str(record[c]) for c in ids)])
        described = [c for c in ("label", "description", *texts) if c in record and c not in ids]
        description = "; ".join(_described(c, record[c], lang) for c in dict.fromkeys(described))
        note = record.get("source_note")
        note = i18n.source_note(note if isinstance(note, str) else "", lang)
        for column in values:
            rows.append({
                "assumption_name": registry.factor_name(name, record, ids, column, lang),
                "key": f"{prefix}.{column}",
                "value": record[column],
                "unit": _factor_unit(column, record, lang),
                "year": str(record.get("year", "")),
                "source": _text(record.get("source")),
                "source_note": note,
                "verified": bool(record.get("verified", True)),
                "description": description,
            })  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _described(column: str, value: Any, lang: str) -> str:
    """A text column of a factor row as part of its description in ``lang``: a coded value (a
    ``values`` section of the dictionary has the column) as "<label>: <value label>", free text
    through :func:`workbench.i18n.description`."""
    if column not in ("label", "description") and column in (
        i18n.dictionary(lang).get("values") or {}
    ):
        return f"{i18n.label(column, lang)}: {registry.coded(column, value, lang)}"
    return i18n.description(_text(value), lang)


def _text(value: Any) -> str:
    """A text cell of a factor table; an empty CSV cell (NaN) is empty text."""
    return (
        value if isinstance(value, str) else "" if value is None or pd.isna(value) else str(value)
    )


def assumptions_frame(
    scenario: Scenario,
    factor_tables: dict[str, pd.DataFrame] | None = None,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """Every assumption of ``scenario`` plus factor tables, once each: group, assumption_name,
    key, scenario_value (a configuration field's value as the scenario file writes it; empty for
    a factor-table row), value (shown in ``lang``: :func:`workbench.export.assumptions.display`),
    unit, year, source (the citation, as written), source_note (our own note in ``lang``;
    unconfirmed sources worded so), description (:func:`workbench.export.assumptions.tidy`).

    The scenario's units (``"m2"``, ``"SEK/kWh"``) are shown in ``lang`` (``values.config_unit``).

    ``factor_tables`` maps a prefix (``"fleet.fuel_components"``) to a factor table, added
    with :func:`factor_rows`.
    """
    table = assumptions_table(scenario)
    labels = (i18n.dictionary(lang).get("values") or {}).get("config_unit") or {}
    unknown = set(table["unit"]) - set(labels)
    if unknown:
        raise i18n.MissingLabelError("values.config_unit", unknown, lang)
    table["unit"] = table["unit"].map(labels)
    table["source_note"] = [i18n.source_note(n, lang) for n in table["source_note"]]
    table = table[~table["key"].isin(registry.registry().get("not_assumptions") or [])]
    table.insert(0, "assumption_name", [registry.config_name(k, lang) for k in table["key"]])
    table.insert(2, "scenario_value", [registry.scenario_text(v) for v in table["value"]])
    table["description"] = i18n.descriptions(table["description"], lang)
    frames = [table]
    for prefix, factors in sorted((factor_tables or {}).items()):
        frames.append(factor_rows(prefix, factors, lang, registry.factor_ids(prefix)))
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(str)
    out["value"] = out["value"].astype(object)
    out = out.fillna({"description": "", "unit": "", "source": "", "source_note": "",
                      "scenario_value": ""})  # fmt: skip
    out["description"] = [d[:1].upper() + d[1:] for d in out["description"]]  # as the notes
    out["source_note"] = [n[:1].upper() + n[1:] for n in out["source_note"]]  # a cell of its own
    return registry.tidy(word_unverified(out, lang), lang)


def word_unverified(frame: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Assumption rows with the ``verified`` flag worded into the note ("ej verifierad källa").

    The structured flag (``assumption(verified=False)``, a ``verified`` column of a factor
    table) becomes text once, here, so that no export shows a bare marker such as "(verify)".
    """
    out = frame.copy()
    unverified = ~out.pop("verified").fillna(True).astype(bool)
    marker = i18n.text("source_not_verified", lang)
    out.loc[unverified, "source_note"] = out.loc[unverified, "source_note"].map(
        lambda s: f"{s} ({marker})" if s else f"({marker})"
    )
    return out


def provenance_frame(provenance: dict[str, Any], lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Provenance as ``field``/``value`` rows for the "Om underlaget" sheet.

    ``provenance`` holds the manifest fields known before writing (version, commit, scenario,
    config hash, creation time, synthetic inputs, ``inputs`` {role: {path, sha256}},
    ``versions`` {package: version}); labels come from ``values.provenance_field``.
    """
    labels = (i18n.dictionary(lang).get("values") or {}).get("provenance_field", {})
    rows = []
    for key in (
        "kommun",
        "workbench_version",
        "git_commit",
        "created_utc",
        "scenario_name",
        "config_sha256",
        "contains_synthetic_data",
        "synthetic_inputs",
        "language",
        "command",
    ):
        if key in provenance:
            value = provenance[key]
            if key == "synthetic_inputs":  # one a line: a label may hold commas and semicolons
                value = "\n".join(synthetic_labels(value, lang)) or "–"
            elif key == "scenario_name":
                value = scenario_with_file(str(value), lang)
            elif key == "language":
                value = i18n.value_label("language", value, lang)
            if isinstance(value, list):
                value = ", ".join(map(str, value)) or "–"
            elif isinstance(value, bool):
                value = yes_no(value, lang)
            rows.append({"field": labels.get(key, key), "value": "–" if value is None else value})
    for role, info in sorted((provenance.get("inputs") or {}).items()):
        label = f"{i18n.text('inputs_heading', lang)}: {input_label(role, lang)}"
        rows.append({"field": label, "value": info["path"]})
        rows.append({"field": f"{label}, sha256", "value": info["sha256"]})
    for package, ver in sorted((provenance.get("versions") or {}).items()):
        rows.append({"field": package, "value": ver})
    rows.append({"field": "manifest.json", "value": i18n.text("manifest_note", lang)})
    return pd.DataFrame(rows, columns=["field", "value"])
