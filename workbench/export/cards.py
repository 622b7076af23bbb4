"""The report's key-figure cards: each says its year or period, what it covers and, for a
yes/no, the target it answers.

A card's label is the ``i18n`` text ``card_<key>`` filled from the part's own figures (base,
target and end year, the target's cut, the year matched, the headline scenario) and its scope:
every building in the municipality (the rooftop potential), the municipality's own vehicles
(the fleet), the roofs the matching selected (solar meets fleet: the public buildings by
default). Its value has a scaled unit and three significant figures
(:func:`workbench.export.numformat.format_figure`): ``223 MWp``, not ``222 834,0 kWp``.
A key figure without a card text is an error (:class:`workbench.i18n.MissingLabelError`).
"""

from __future__ import annotations

import re
from typing import Any

from workbench import i18n
from workbench.export import scenarios
from workbench.export.numformat import format_figure, yes_no
from workbench.export.parts import Part, population
from workbench.reference import kommuner as km

_RULE = re.compile(r"(?P<column>building_type|owner) == '(?P<value>[^']*)'\Z")


def card(key: str, value: Any, label: str, lang: str) -> dict:
    """One card: internal key, the label with its context, the value as text."""
    text = yes_no(value, lang) if isinstance(value, bool) else format_figure(value, key, lang)
    return {"key": key, "label": label, "value": text}


def population_card(kommun: km.Kommun, lang: str) -> dict:
    """Population from SCB with its month and year (not the 2015 figure of the kommun table)."""
    value, year = population(kommun)
    return card("population", value, i18n.text("card_population", lang, year=year), lang)


def match_scope(rule: str | None, lang: str) -> str:
    """Which roofs the matching used, in words, from its selection rule.

    >>> match_scope("building_type == 'public'", "sv")
    'offentliga byggnader (samhällsfunktion)'
    """
    if rule:
        if rule == "building_type == 'public'":
            return i18n.text("match_scope_public", lang)
        m = _RULE.match(rule)
        if m is not None:
            word = i18n.value_label(m["column"], m["value"], lang)
            return i18n.text(f"match_scope_{m['column']}", lang, value=word)
        if rule.startswith("building_id in list of "):
            return i18n.text("match_scope_ids", lang, n=rule.rsplit(" ", 1)[-1])
    return i18n.text("match_scope_selected", lang)


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else "–"


def part_values(part: Part, lang: str, headline: str) -> dict[str, Any]:
    """What a part's card labels need: years, the target's cut, scenario and scope."""
    s = part.summary
    values = {k: _int(s.get(k)) for k in ("base_year", "target_year", "end_year")}
    values["year"] = _int(s.get("headline_year"))
    cut = s.get("target_fossil_cut_pct")
    values["target_pct"] = "–" if cut is None else f"{cut:g}"
    values["scenario"] = scenarios.scenario_name(headline or part.context.get("scenario", ""), lang)
    values["scope"] = match_scope(part.context.get("selection_rule"), lang)
    return values


def part_cards(part: Part, lang: str, headline: str = "") -> list[dict]:
    """The cards of one part's key figures (``part.key_figures``), in order."""
    texts = i18n.dictionary(lang).get("texts") or {}
    missing = [f"card_{k}" for k in part.key_figures if f"card_{k}" not in texts]
    if missing:
        raise i18n.MissingLabelError("texts", missing, lang)
    values = part_values(part, lang, headline)
    return [card(k, part.summary[k], i18n.text(f"card_{k}", lang, **values), lang)
            for k in part.key_figures]  # fmt: skip
