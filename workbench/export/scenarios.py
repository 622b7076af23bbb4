"""Scenarios side by side in the exports: the fleet stage's ``scenarios`` table for readers.

One row per scenario: its plain name (the headline marked), one sentence of what it assumes,
whether and when it meets the target, the fossil emissions in the target year and the cost
difference against the reference. The same frame feeds the workbook sheet, the report table
and the county overview.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbench import i18n
from workbench.export.numformat import format_number

SHOWN = ["scenario", "scenario_description", "target_status", "target_year_tco2_fossil",
         "target_year_fossil_cut_pct", "cumulative_cost_msek", "cost_change_msek"]  # fmt: skip


def scenario_name(name: str, lang: str) -> str:
    """A scenario's plain name in ``lang`` (``values.scenario``), else its file name."""
    return str(i18n.value_label("scenario", name, lang))


def scenario_with_file(name: str, lang: str) -> str:
    """A scenario's plain name with its file, for provenance: ``"standardantaganden
    (default.yaml)"``; a scenario without a plain name by its own name."""
    label = scenario_name(name, lang)
    return label if label == name else f"{label} ({name}.yaml)"


def scenario_text(name: str, lang: str) -> str:
    """One plain sentence of what scenario ``name`` assumes."""
    key = f"scenario_text_{name}"
    texts = i18n.dictionary(lang).get("texts") or {}
    if key in texts:
        return i18n.text(key, lang)
    return i18n.text("scenario_text_custom", lang, scenario=scenario_name(name, lang))


def target_status(year: Any, end_year: int, lang: str) -> str:
    """``"Ja, år 2028"`` or ``"Nej, inte före 2045"`` (the first year the target is met)."""
    if year is None or pd.isna(year):
        return i18n.text("target_not_met", lang, end_year=int(end_year))
    return i18n.text("target_met_in", lang, year=int(year))


def order(table: pd.DataFrame) -> list[str]:
    """The scenarios in the order every export shows them: the headline first, then the others
    in the order of the comparison (:func:`workbench.fleet.compare.compare`). The one source of
    the order of the municipality report's rows and of the county's columns and cards.

    >>> order(pd.DataFrame({"scenario": ["reference", "hvo_bridge", "default"] * 20,
    ...                     "is_headline": [False, False, True] * 20}))
    ['default', 'reference', 'hvo_bridge']
    """
    names = list(dict.fromkeys(table["scenario"]))
    headline = list(dict.fromkeys(table.loc[table["is_headline"].astype(bool), "scenario"]))
    return headline + [n for n in names if n not in headline]


def same_as(table: pd.DataFrame) -> dict[str, list[str]]:
    """Scenarios left out because their fleet assumptions are those of an earlier one, by the
    scenario shown for them: ``{"default": ["reference"]}`` for the shipped files.

    From the comparison's ``same_as`` column (:func:`workbench.fleet.compare.compare` compares
    the scenario definitions the runs used). A scenario is left out only when it is a copy in
    every municipality of ``table`` (the county's long table), never the headline; a table
    written before the column existed leaves nothing out.

    >>> same_as(pd.DataFrame({"scenario": ["default", "reference", "hvo_bridge"],
    ...                       "is_headline": [True, False, False],
    ...                       "same_as": ["", "default", ""]}))
    {'default': ['reference']}
    """
    if "same_as" not in table.columns:
        return {}
    out: dict[str, list[str]] = {}
    copy = table["same_as"].fillna("").astype(str)
    for name in order(table):
        rows = table["scenario"] == name
        kept = set(copy[rows])
        if len(kept) == 1 and "" not in kept and not table.loc[rows, "is_headline"].any():
            out.setdefault(kept.pop(), []).append(name)
    return out


def shown_order(table: pd.DataFrame) -> list[str]:
    """:func:`order` without the scenarios left out as copies (:func:`same_as`)."""
    left_out = {n for names in same_as(table).values() for n in names}
    return [n for n in order(table) if n not in left_out]


def description(name: str, copies: list[str], lang: str) -> str:
    """:func:`scenario_text`, and for a scenario that stands for copies of itself, that they
    have its assumptions and are not shown on their own."""
    text = scenario_text(name, lang)
    if not copies:
        return text
    names = ", ".join(scenario_name(c, lang) for c in copies)
    return f"{text} {i18n.text('scenario_same_as', lang, scenarios=names)}"


def readable(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The comparison as an officer reads it (:data:`SHOWN` columns, rows in :func:`order`,
    texts in ``lang``); numbers stay numbers so that the workbook formats them.

    A scenario whose fleet assumptions are those of an earlier row (the shipped ``reference``
    is ``default``) has no row of its own: two rows of the same numbers made a reader look for a
    difference that is not there. The row it copies says so in its description.
    """
    copies = same_as(table)
    rank = {name: i for i, name in enumerate(shown_order(table))}
    keep = [i for i in range(len(table)) if table["scenario"].iloc[i] in rank]
    table = table.iloc[sorted(keep, key=lambda i: rank[table["scenario"].iloc[i]])]
    rows = []
    for r in table.itertuples(index=False):
        name = scenario_name(r.scenario, lang)
        if r.is_headline:
            name = f"{name} ({i18n.text('headline_marker', lang)})"
        rows.append({"scenario": name,
                     "scenario_description": description(r.scenario, copies.get(r.scenario, []),
                                                         lang),
                     "target_status": target_status(r.year_target_met, r.end_year, lang),
                     "target_year_tco2_fossil": r.target_year_tco2_fossil,
                     "target_year_fossil_cut_pct": r.target_year_fossil_cut_pct,
                     "cumulative_cost_msek": r.cumulative_cost_msek,
                     "cost_change_msek": r.cost_change_msek})  # fmt: skip
    return pd.DataFrame(rows, columns=SHOWN)


def intro(table: pd.DataFrame, lang: str) -> str:
    """The paragraph above the table: how many scenarios, the headline, target and period."""
    head = table[table["is_headline"]].iloc[0]
    return i18n.text("scenarios_intro", lang, n=len(shown_order(table)),
                     headline=scenario_name(head["scenario"], lang),
                     target_pct=f"{format_number(head['target_fossil_cut_pct'], lang)}\u00a0%",
                     target_year=int(head["target_year"]), base_year=int(head["base_year"]),
                     end_year=int(head["end_year"]))  # fmt: skip
