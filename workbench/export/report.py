"""Self-contained HTML reports rendered from a jinja2 template.

Everything the page needs is inside the file: styles inline, figures as
``data:`` PNGs, no scripts, and a Content-Security-Policy that forbids any other
request. Texts come from :mod:`workbench.i18n`; numbers are formatted for the
report language (:mod:`workbench.export.numformat`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from workbench import i18n
from workbench.core.outputs import write_text
from workbench.export import assumptions as registry
from workbench.export.numformat import figure, format_figure, format_number
from workbench.export.scenarios import scenario_with_file
from workbench.reference import climate
from workbench.reference import kommuner as km

TEMPLATES = Path(__file__).resolve().parent / "templates"
TYPICAL_YEAR_ROLE = "weather_typical_year"  # workbench.solar.run.TYPICAL_YEAR_ROLE
SECTION_KEYS = ("key_figures", "unavailable_heading", "unavailable_intro", "method", "assumptions_intro",
                "assumptions", "provenance", "inputs_heading", "generated_by", "key_assumptions",
                "key_assumptions_intro", "appendix_heading")  # fmt: skip


@dataclass
class Figure:
    """A figure in a report: a ``data:image/png`` URI and its caption; a map also names the
    municipality outlines drawn on it (SCB codes, ``data-outlines`` in the page)."""

    uri: str
    caption: str
    outlines: tuple[str, ...] = ()


@dataclass
class Section:
    """A report section: heading, paragraphs of text, figures and HTML tables (from
    :func:`html_table`)."""

    id: str
    heading: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything a report shows, already translated."""

    lang: str
    title: str
    subtitle: str
    key_figures: list[dict]
    sections: list[Section]
    method: list[str]
    provenance: dict[str, Any]
    assumptions: pd.DataFrame | None = None
    unavailable: list[dict] = field(default_factory=list)
    key_assumptions: list[dict] = field(default_factory=list)
    synthetic_inputs: list[str] = field(default_factory=list)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def display_time(created_utc: str) -> str:
    """ISO 8601 UTC time stamp for reading: ``"2026-11-23T02:43:04Z"`` -> ``"2026-11-23 02:43:04"``."""
    return created_utc.replace("T", " ").removesuffix("Z")


def key_figure(key: str, value: Any, lang: str) -> dict:
    """A key-figure card: internal key, translated label, value with unit as text."""
    return {"key": key, "label": i18n.label(key, lang), "value": format_figure(value, key, lang)}


def html_table(frame: pd.DataFrame, lang: str, caption: str | None = None,
               max_rows: int | None = None, sheet: str | None = None) -> dict:  # fmt: skip
    """Translate a table for HTML: headers with units, each quantity as a key-figure card shows
    it (:func:`~workbench.export.numformat.format_figure`: a scaled unit and three significant
    figures, ``17,7 MWp`` rather than ``17 739,1 kWp``); counts, years and shares as they are.

    Every cell carries its unit. The header names the unit its cells are in: the scaled one when
    all of them are scaled alike (``Laddenergi (MWh)``), none when the column mixes units
    (``77,8 kWp`` beside ``17,7 MWp``). The data files keep every digit.
    """
    shown = frame if max_rows is None else frame.head(max_rows)
    columns = [str(c) for c in shown.columns]
    headers = i18n.headers(columns, lang, sheet=sheet)
    units: list[set[str]] = [set() for _ in columns]
    rows = []
    for record in shown.itertuples(index=False):
        row = []
        for j, (column, value) in enumerate(zip(columns, record, strict=True)):
            if isinstance(value, np.bool_):
                value = bool(value)
            if value is None or value is pd.NA or value is pd.NaT:
                row.append({"text": "–", "num": False})  # never the literal "<NA>"
                continue
            numeric = isinstance(value, int | float | np.number) and not isinstance(value, bool)
            if isinstance(value, bool):
                text = format_number(value, lang)
            elif i18n.unit(column) is None and not numeric or isinstance(value, str):
                text = str(i18n.value_label(column, value, lang))
            else:
                shown_as = figure(value, column, lang)
                if shown_as is not None:
                    units[j].add(shown_as[2])
                text = format_figure(value, column, lang)
            row.append({"text": text, "num": numeric})
        rows.append(row)
    headers = [
        _header(h, c, used, lang) for h, c, used in zip(headers, columns, units, strict=True)
    ]
    return {"caption": caption, "headers": headers, "rows": rows}


def _header(text: str, column: str, used: set[str], lang: str) -> str:
    """A column header with the unit its cells are shown in (see :func:`html_table`)."""
    u = i18n.unit(column, lang)
    if u is None or not u.display or not used or used == {u.display}:
        return text
    label = text.removesuffix(f" ({u.display})")
    return f"{label} ({next(iter(used))})" if len(used) == 1 else label


def input_label(role: str, lang: str) -> str:
    """What an input role is, in ``lang`` (``values.input_role``), without the municipality suffix.

    The generated typical weather year of a seat says whether its monthly values are Luleå's
    TMYx or an estimate (``weather_typical_year_sourced`` / ``_estimate``,
    :func:`workbench.reference.climate.is_estimate`).

    >>> input_label("fleet_register_lulea", "sv")
    'kommunens fordonsregister'
    >>> input_label("weather_typical_year_kiruna", "sv").split("(")[0]
    'typiskt väderår, genererat timme för timme ur månadsvärden för centralorten som är en uppskattning, inte mätta där '
    """
    seat = None
    for k in km.all_kommuner():
        if role.endswith(f"_{k.slug}"):
            role, seat = role.removesuffix(f"_{k.slug}"), k
    if role == TYPICAL_YEAR_ROLE and seat is not None:
        role += "_estimate" if climate.is_estimate(seat) else "_sourced"
    labels = (i18n.dictionary(lang).get("values") or {}).get("input_role") or {}
    if role not in labels:
        raise i18n.MissingLabelError("values.input_role", [role], lang)
    return labels[role]


def _base_role(role: str) -> str:
    """An input role without its municipality suffix (``weather_typical_year_lulea`` ->
    ``weather_typical_year``)."""
    for k in km.all_kommuner():
        if role.endswith(f"_{k.slug}"):
            return role.removesuffix(f"_{k.slug}")
    return role


def synthetic_labels(roles: list[str], lang: str) -> list[str]:
    """The synthetic inputs in ``lang``, once each (:func:`input_label`).

    A role whose label differs between municipalities (the typical weather year: Luleå's TMYx,
    an estimate for the other seats) is named once, by the label that covers every seat.

    >>> synthetic_labels(["solar_buildings_lulea", "match_buildings_kiruna",
    ...                   "fleet_register_lulea"], "sv")
    ['byggnader med fotavtryck och byggnadstyp', 'kommunens fordonsregister']
    >>> synthetic_labels(["weather_typical_year_lulea", "weather_typical_year_pajala"], "sv")
    ... # doctest: +ELLIPSIS
    ['typiskt väderår, genererat timme för timme ur månadsvärden (för Luleå ur ...']
    """
    by_base: dict[str, set[str]] = {}
    for role in roles:
        by_base.setdefault(_base_role(role), set()).add(input_label(role, lang))
    labels = set()
    for base, texts in by_base.items():
        labels |= {input_label(base, lang)} if len(texts) > 1 else texts
    return sorted(labels)


def synthetic_warning(roles: list[str], lang: str) -> dict | None:
    """The synthetic-data banner: a sentence, the synthetic inputs as a list (each once, so that
    no clause repeats and no label's own parentheses run into the sentence's), a closing
    sentence; ``None`` without synthetic inputs."""
    inputs = synthetic_labels(roles, lang)
    if not inputs:
        return None
    return {"intro": i18n.text("synthetic_warning", lang), "inputs": inputs,
            "outro": i18n.text("synthetic_warning_end", lang)}  # fmt: skip


def warning_text(warning: dict) -> str:
    """The banner as plain text, one input a line (what a reader of the page sees).

    >>> print(warning_text(synthetic_warning(["fleet_register_lulea", "strategy_actions"], "sv")))
    Obs! Underlaget bygger helt eller delvis på syntetiska demodata:
    – kommunens fordonsregister
    – åtgärdsplan (strategi)
    Siffrorna visar metoden, inte de verkliga förhållandena.
    """
    return "\n".join([warning["intro"], *(f"– {i}" for i in warning["inputs"]), warning["outro"]])


def _input_rows(inputs: dict[str, dict], lang: str) -> list[dict]:
    """Input files for the footer: translated role, path, sha256."""
    return [{"label": input_label(role, lang), **info} for role, info in sorted(inputs.items())]


def render(report: Report) -> str:
    """Render a :class:`Report` to one self-contained HTML document."""
    lang = i18n.check_lang(report.lang)
    prov = report.provenance
    commit = prov.get("git_commit") or "–"
    texts = {k: i18n.text(k, lang) for k in SECTION_KEYS}
    warning = synthetic_warning(report.synthetic_inputs, lang)
    context = {
        "lang": lang,
        "title": report.title,
        "subtitle": report.subtitle,
        "css": (TEMPLATES / "report.css").read_text(encoding="utf-8"),
        "texts": texts,
        "key_figures": report.key_figures,
        "sections": report.sections,
        "unavailable": report.unavailable,
        "method": report.method,
        "key_assumptions": report.key_assumptions,
        "appendix": registry.appendix_tables(report.assumptions, lang)
        if report.assumptions is not None
        else [],
        "provenance": prov,
        "inputs": _input_rows(prov.get("inputs") or {}, lang),
        "provenance_text": i18n.text(
            "provenance_text",
            lang,
            version=prov.get("workbench_version", "–"),
            commit=commit,
            scenario=scenario_with_file(str(prov.get("scenario_name", "–")), lang),
            config_hash=prov.get("config_sha256", "–"),
            created=display_time(prov.get("created_utc", "–")),
        ),
        "synthetic_warning": warning,
        "no_synthetic": i18n.text("no_synthetic", lang),
    }
    return _environment().get_template("report.html.j2").render(**context)


def write_report(path: str | Path, report: Report) -> Path:
    """Render and write a report atomically."""
    return write_text(path, render(report))
