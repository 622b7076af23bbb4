"""Labels for exports: Swedish (default) and English, keyed by internal column names.

Internal names stay English ``snake_case`` with a unit suffix (``annual_kwh``);
they are translated only at the export boundary. The dictionaries live in
``sv.yaml`` and ``en.yaml`` beside this file; units and their number formats,
which do not depend on the language, live in ``units.yaml``.

A column without a label is an error (:class:`MissingLabelError`), so a new
column cannot slip into a municipality's workbook untranslated.

>>> header("annual_kwh", "sv")
'Årlig elproduktion (kWh)'
>>> header("annual_kwh", "en")
'Annual electricity production (kWh)'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
_HERE = Path(__file__).resolve().parent


class MissingLabelError(KeyError):
    """One or more keys have no label in a language dictionary."""

    def __init__(self, kind: str, keys: Iterable[str], lang: str):
        self.keys = sorted(set(keys))
        self.lang = lang
        super().__init__(
            f"{len(self.keys)} {kind} without a label in workbench/i18n/{lang}.yaml "
            f"(section '{kind}'): {', '.join(self.keys)}. Add a label for each before exporting."
        )

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Unit:
    """A unit: key, display text in one language, Excel number format, decimals in text."""

    key: str
    display: str
    num_format: str
    decimals: int


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported export language; raise ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


@cache
def _load(name: str) -> dict[str, Any]:
    with open(_HERE / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def dictionary(lang: str) -> dict[str, Any]:
    """The full label dictionary of one language (``columns``, ``units``, ``sheets``, ``texts``...)."""
    return _load(check_lang(lang))


def units_table() -> dict[str, Any]:
    """Language-independent unit definitions: formats, suffix rules and per-column units."""
    return _load("units")


def unit_key(column: str) -> str | None:
    """Unit key of a column, by the naming rule (``docs/architecture.md``, "Column names").

    In this order: yes/no columns (``is_``/``has_``) have no unit; a column listed in
    ``units.yaml`` ``columns`` (pvlib's variable names) has the unit given there; a count
    (prefix ``n_``) is in ``count``; else the longest matching suffix decides. A suffix that is only
    the denominator of the column's unit (``_km`` in ``tank_mj_per_km``) raises ``ValueError``:
    the column needs its own ``_<unit>_per_km`` suffix in ``units.yaml``.

    >>> unit_key("yield_kwh_per_kwp"), unit_key("capacity_kwp"), unit_key("name")
    ('kwh_per_kwp', 'kwp', None)
    >>> unit_key("n_chargers_target_year"), unit_key("is_target_met_in_target_year")
    ('count', None)
    """
    if column.startswith(("is_", "has_")):
        return None
    table = units_table()
    explicit = table["columns"].get(column)
    if explicit is not None:
        return explicit or None
    for prefix, key in (table.get("prefixes") or {}).items():
        if column.startswith(prefix):
            return key
    for suffix in sorted(table["suffixes"], key=len, reverse=True):
        if column.endswith(suffix) or column == suffix.lstrip("_"):
            if column.removesuffix(suffix).endswith("_per"):
                raise ValueError(
                    f"column {column!r}: {suffix!r} is only the denominator of its unit; add "
                    f"the column or its '_<unit>_per{suffix}' suffix to workbench/i18n/units.yaml"
                )
            return table["suffixes"][suffix]
    return None


def unit(column: str, lang: str = DEFAULT_LANG) -> Unit | None:
    """The :class:`Unit` of a column in ``lang``, or ``None`` for unitless columns."""
    key = unit_key(column)
    if key is None:
        return None
    spec = units_table()["units"][key]
    display = dictionary(lang)["units"].get(key)
    if display is None:
        raise MissingLabelError("units", [key], lang)
    return Unit(key=key, display=display, num_format=spec["format"], decimals=spec["decimals"])


def _lookup(section: str, keys: Iterable[str], lang: str) -> list[str]:
    table = dictionary(lang).get(section) or {}
    keys = list(keys)
    missing = [k for k in keys if k not in table]
    if missing:
        raise MissingLabelError(section, missing, lang)
    return [table[k] for k in keys]


def label(column: str, lang: str = DEFAULT_LANG) -> str:
    """Label of a column without its unit; raises :class:`MissingLabelError` when absent."""
    return _lookup("columns", [column], lang)[0]


def header(column: str, lang: str = DEFAULT_LANG, sheet: str | None = None) -> str:
    """Label with the unit in parentheses, e.g. ``"Installerad effekt (kWp)"``.

    ``sheet`` selects a sheet-specific label (section ``sheet_columns``) for a column
    whose meaning depends on the table, e.g. ``energy_kwh`` (production or use).
    """
    specific = ((dictionary(lang).get("sheet_columns") or {}).get(sheet) or {}).get(column)
    text = specific if specific is not None else label(column, lang)
    u = unit(column, lang)
    return f"{text} ({u.display})" if u is not None and u.display else text


def headers(
    columns: Iterable[str], lang: str = DEFAULT_LANG, sheet: str | None = None
) -> list[str]:
    """Headers of many columns; one error listing every column that lacks a label."""
    columns = [str(c) for c in columns]
    table = dictionary(lang).get("columns") or {}
    missing = [c for c in columns if c not in table]
    if missing:
        raise MissingLabelError("columns", missing, lang)
    return [header(c, lang, sheet) for c in columns]


def sheet_name(key: str, lang: str = DEFAULT_LANG) -> str:
    """Worksheet name of a sheet key (at most 31 characters, as Excel requires)."""
    name = _lookup("sheets", [key], lang)[0]
    if len(name) > 31:
        raise ValueError(f"sheet name {name!r} ({lang}) is longer than Excel's 31 characters")
    return name


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """A report text, with ``{placeholders}`` filled from ``values``."""
    template = _lookup("texts", [key], lang)[0]
    return template.format(**values) if values else template


def source_note(note: str, lang: str = DEFAULT_LANG) -> str:
    """Our own note about an assumption's source in ``lang``.

    Notes are written in English beside the citation (``assumption(note=...)``, the
    ``source_note`` column of a factor table); ``sv.yaml`` section ``source_notes`` maps each
    to its Swedish text. A note without one is an error (:class:`MissingLabelError`), so an
    English note cannot reach a Swedish export. The citation itself is never translated.

    >>> source_note("assumption: no battery by default", "sv")
    'Antagande: inget batteri som standard'
    """
    if not note or check_lang(lang) == "en":
        return note
    return _lookup("source_notes", [note], lang)[0]


def description(text: str, lang: str = DEFAULT_LANG) -> str:
    """What an assumption means, in ``lang``.

    Descriptions are written in English where the value is declared (a configuration field's
    ``assumption(description=...)``, a factor table's ``label``/``description`` text columns);
    ``sv.yaml`` section ``descriptions`` maps each to its Swedish text. A description without one
    is an error (:class:`MissingLabelError`), so an English description cannot reach a Swedish
    export.

    >>> description("Ground albedo when the weather carries none", "sv")
    'Markens albedo (reflektans) när väderdata saknar värde'
    """
    if not text or check_lang(lang) == "en":
        return text
    return _lookup("descriptions", [text], lang)[0]


def descriptions(texts: Iterable[str], lang: str = DEFAULT_LANG) -> list[str]:
    """:func:`description` of many texts; one error listing every text without Swedish text."""
    texts = list(texts)
    if check_lang(lang) == "en":
        return texts
    found = iter(_lookup("descriptions", [t for t in texts if t], lang))
    return [next(found) if t else t for t in texts]


def value_label(column: str, value: Any, lang: str = DEFAULT_LANG) -> Any:
    """Translated category value (e.g. a powertrain) if the dictionary has one, else ``value``."""
    mapping = (dictionary(lang).get("values") or {}).get(column) or {}
    return mapping.get(value, value) if isinstance(value, str) else value
