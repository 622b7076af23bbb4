"""Action plans (åtgärdsplaner): read from Excel, CSV or YAML, validate every row.

One row per action: id, name, RUS sector, responsible office, start and end year, status
(planerad, pågående, genomförd, inställd), budget [SEK], spent so far [SEK], expected effect
[t CO2e/year] and/or [MWh/year] and an indicator. Swedish headers are accepted (``Namn``,
``Sektor``, ``Ansvarig förvaltning``, ``Startår``, ``Slutår``, ``Budget (kr)``, ``Utfall (kr)``,
``Förväntad effekt (t CO2e/år)``, ``Förväntad effekt (MWh/år)``, ``Indikator``), case and
accents ignored. Indicator values over time come from a second sheet (``Indikatorvärden``:
åtgärd, år, värde) or, in YAML, an ``indicator_values`` mapping per action.

Every row is checked and **all** problems are raised together as one :class:`InputError`
naming the file, row, column, value and what is expected: an unknown sector, a negative
budget, an end before the start, a missing effect, a duplicate id, ...
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import yaml

from workbench.config.strategy import SECTORS
from workbench.core.errors import InputError, Problem
from workbench.core.text import fold
from workbench.strategy.sources.klimatkollen import SECTORS as SECTOR_LABELS

STATUSES = ("planerad", "pagaende", "genomford", "installd")
STATUS_ALIASES = {"planerad": "planerad", "planned": "planerad", "pagaende": "pagaende",
                  "ongoing": "pagaende", "genomford": "genomford", "completed": "genomford",
                  "klar": "genomford", "installd": "installd", "cancelled": "installd",
                  "canceled": "installd"}  # fmt: skip
HEADERS = {
    "action_id": ["id", "action_id", "atgards-id", "atgardsid", "nr"],
    "name": ["name", "namn", "atgard", "benamning"],
    "sector": ["sector", "sektor", "rus-sektor", "rus sektor", "huvudsektor"],
    "responsible": ["responsible", "ansvarig", "ansvarig forvaltning", "forvaltning"],
    "start_year": ["start_year", "startar", "start"],
    "end_year": ["end_year", "slutar", "slut"],
    "status": ["status"],
    "budget_sek": ["budget_sek", "budget", "budget (kr)", "budget (sek)", "budget kr"],
    "spent_sek": ["spent_sek", "utfall", "utfall (kr)", "utfall (sek)", "forbrukat (kr)"],
    "effect_co2e_t_per_year": ["effect_co2e_t_per_year", "forvantad effekt (t co2e/ar)",
                               "effekt (t co2e/ar)", "effekt t co2e/ar"],
    "effect_mwh_per_year": ["effect_mwh_per_year", "forvantad effekt (mwh/ar)",
                            "effekt (mwh/ar)", "effekt mwh/ar"],
    "indicator": ["indicator", "indikator"],
}  # fmt: skip
REQUIRED = ("action_id", "name", "sector", "start_year", "end_year", "status")
COLUMNS = [*HEADERS, "is_example", "origin", "source_row"]
VALUE_HEADERS = {"action_id": ["action_id", "atgard", "id", "atgards-id"],
                 "year": ["year", "ar"], "value": ["value", "varde"]}  # fmt: skip
VALUE_SHEETS = ("indikatorvarden", "indicator_values", "uppfoljning")
_INDEX = {fold(a): key for key, names in HEADERS.items() for a in names}
_SECTOR = {fold(k): v for k, v in SECTOR_LABELS.items()} | {s: s for s in SECTORS}


def _number(value) -> float | None:
    """A number from a cell: ``1 200 000``, ``12,5`` and ``12.5`` are read; text is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[\s\u00a0]", "", str(value)).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _blank(value) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""
    )


def _year(raw: dict, key: str, src: str, row: int, problems: list) -> int | None:
    v = _number(raw.get(key))
    if v is None or v != int(v) or not 1990 <= v <= 2100:
        problems.append(Problem(src, "a year between 1990 and 2100", row, key, raw.get(key)))
        return None
    return int(v)


def _amount(raw: dict, key: str, src: str, row: int, problems: list) -> float | None:
    if _blank(raw.get(key)):
        return None
    v = _number(raw.get(key))
    if v is None or v < 0:
        problems.append(Problem(src, "a number >= 0 or an empty cell", row, key, raw.get(key)))
        return None
    return v


def _categorical(raw: dict, key: str, index: dict, allowed, at: tuple) -> str | None:
    """The canonical value of a categorical cell; ``at`` = (source, row, problems)."""
    value = index.get(fold(raw.get(key) or ""))
    if value is None:
        src, row, problems = at
        problems.append(Problem(src, f"one of {', '.join(allowed)}", row, key, raw.get(key)))
    return value


def validate_row(raw: dict, src: str, row: int) -> tuple[dict, list[Problem]]:
    """One action in canonical form and every problem found in it."""
    problems = [Problem(src, "a value", row, key) for key in REQUIRED if _blank(raw.get(key))]
    if problems:
        return {}, problems
    out = {"action_id": str(raw["action_id"]).strip(), "name": str(raw["name"]).strip(),
           "responsible": "" if _blank(raw.get("responsible")) else str(raw["responsible"]),
           "indicator": "" if _blank(raw.get("indicator")) else str(raw["indicator"]),
           "source_row": row}  # fmt: skip
    at = (src, row, problems)
    out["sector"] = _categorical(raw, "sector", _SECTOR, SECTORS, at)
    out["status"] = _categorical(raw, "status", STATUS_ALIASES, STATUSES, at)
    out["start_year"] = _year(raw, "start_year", src, row, problems)
    out["end_year"] = _year(raw, "end_year", src, row, problems)
    if out["start_year"] and out["end_year"] and out["end_year"] < out["start_year"]:
        problems.append(Problem(src, f"an end year not before the start year {out['start_year']}",
                                row, "end_year", out["end_year"]))  # fmt: skip
    for key in ("budget_sek", "spent_sek", "effect_co2e_t_per_year", "effect_mwh_per_year"):
        out[key] = _amount(raw, key, src, row, problems)
    effects = ("effect_co2e_t_per_year", "effect_mwh_per_year")
    if all(_blank(raw.get(k)) for k in effects):
        problems.append(Problem(src, "an expected effect in t CO2e/year and/or MWh/year", row,
                                "effect_co2e_t_per_year"))  # fmt: skip
    return out, problems


def _canonical_headers(header: list, src: str, require: bool = True) -> tuple[list, list]:
    keys = [_INDEX.get(fold(h)) if not _blank(h) else None for h in header]
    unknown = [h for h, k in zip(header, keys, strict=True) if k is None and not _blank(h)]
    problems = [Problem(src, f"a known column ({', '.join(HEADERS)})", row=1, value=h)
                for h in unknown]  # fmt: skip
    problems += [Problem(src, "a column for this field", row=1, column=k)
                 for k in REQUIRED if require and k not in keys]  # fmt: skip
    return keys, problems


def _rows_from_table(rows: list[list], src: str) -> tuple[list[tuple[int, dict]], list]:
    keys, problems = _canonical_headers(rows[0] if rows else [], src)
    out = []
    for i, values in enumerate(rows[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        out.append((i, {k: v for k, v in zip(keys, values, strict=False) if k is not None}))
    return out, problems


def _indicator_values(rows: list[list], src: str) -> tuple[list[dict], list[Problem]]:
    index = {fold(a): k for k, names in VALUE_HEADERS.items() for a in names}
    keys = [index.get(fold(h or "")) for h in (rows[0] if rows else [])]
    problems = [Problem(src, "a column for this field", 1, k) for k in VALUE_HEADERS
                if k not in keys]  # fmt: skip
    out = []
    for i, values in enumerate(rows[1:] if not problems else [], start=2):
        raw = {k: v for k, v in zip(keys, values, strict=False) if k}
        if all(_blank(v) for v in raw.values()):
            continue
        year, value = _number(raw.get("year")), _number(raw.get("value"))
        if year is None or year != int(year):
            problems.append(Problem(src, "a year", i, "year", raw.get("year")))
        if value is None:
            problems.append(Problem(src, "a number", i, "value", raw.get("value")))
        if year is not None and value is not None:
            out.append({"action_id": str(raw.get("action_id")).strip(), "year": int(year),
                        "value": value, "source_row": i, "source": src})  # fmt: skip
    return out, problems


def _read_excel(path: Path) -> tuple[list, list, list]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()
    first, *rest = sheets
    rows, problems = _rows_from_table(sheets[first], f"{path}, sheet '{first}'")
    values: list = []
    for name in rest:
        if fold(name) in VALUE_SHEETS:
            got, bad = _indicator_values(sheets[name], f"{path}, sheet '{name}'")
            values, problems = values + got, problems + bad
    return rows, values, problems


def _read_yaml(path: Path) -> tuple[list, list, list, bool]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), f"valid YAML ({exc})")]) from None
    items = data.get("actions", data.get("atgarder")) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError([Problem(str(path), "a list 'actions' (or 'atgarder') of actions")])
    rows, values, problems = [], [], []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(str(path), "a mapping of fields", row=i, value=item))
            continue
        fields = [k for k in item if k != "indicator_values"]
        keys, bad = _canonical_headers(fields, str(path), require=False)
        problems += [Problem(p.source, p.expected, i, p.column, p.value) for p in bad]
        raw = {k: item[h] for h, k in zip(fields, keys, strict=True) if k}
        rows.append((i, raw))
        for year, value in (item.get("indicator_values") or {}).items():
            values.append({"action_id": str(raw.get("action_id")), "year": int(year),
                           "value": _number(value), "source_row": i})  # fmt: skip
    is_example = bool(data.get("is_example", False)) if isinstance(data, dict) else False
    return rows, values, problems, is_example


def read_action_plan(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated actions and indicator values of an action plan (``.xlsx``, ``.csv``, ``.yaml``).

    Returns
    -------
    (actions, indicator_values)
        ``actions``: :data:`COLUMNS` (``origin = "plan"``, ``is_example`` from the YAML's
        ``is_example`` key); ``indicator_values``: ``action_id``, ``year``, ``value``,
        ``source_row``. Raises one :class:`InputError` listing every problem.
    """
    path = Path(path)
    is_example = False
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, values, problems = _read_excel(path)
    elif suffix in (".yaml", ".yml"):
        rows, values, problems, is_example = _read_yaml(path)
    elif suffix == ".csv":
        table = pd.read_csv(path, sep=None, engine="python", dtype=str, header=None,
                            keep_default_na=False, encoding="utf-8-sig").values.tolist()  # fmt: skip
        rows, problems = _rows_from_table(table, str(path))
        values = []
    else:
        raise InputError([Problem(str(path), "an .xlsx, .csv or .yaml action plan")])
    actions = []
    for i, raw in rows:
        got, bad = validate_row(raw, str(path), i)
        problems += bad
        actions.append(got)
    ids = [a.get("action_id") for a in actions if a]
    problems += [Problem(str(path), "a unique action id", column="action_id", value=i)
                 for i in sorted({i for i in ids if ids.count(i) > 1})]  # fmt: skip
    problems += [Problem(v.get("source", str(path)), "an indicator value of a listed action",
                         v["source_row"], "action_id", v["action_id"])
                 for v in values if v["action_id"] not in ids]  # fmt: skip
    if problems:
        raise InputError(problems, f"{path}: {len(problems)} problem(s) in the action plan")
    df = pd.DataFrame(actions).assign(is_example=is_example, origin="plan")
    return df.reindex(columns=COLUMNS), pd.DataFrame(
        values, columns=["action_id", "year", "value", "source_row"]
    )


TEMPLATE_HEADERS_SV = ["Id", "Namn", "Sektor", "Ansvarig förvaltning", "Startår", "Slutår",
                       "Status", "Budget (kr)", "Utfall (kr)", "Förväntad effekt (t CO2e/år)",
                       "Förväntad effekt (MWh/år)", "Indikator"]  # fmt: skip
