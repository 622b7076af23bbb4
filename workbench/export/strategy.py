"""The "Strategi och uppföljning" part of a package and of the county overview.

Reads the strategy stage's outputs (``<out>/<slug>/strategy/``, ``<out>/lan/strategy/``: real
published data, issue 11) into a :class:`~workbench.export.parts.Part` and builds its workbook
sheets and its report section: emissions by sector over time with the target path and the trend,
sector shares, final energy by carrier, the scorecard and the action gap. Every figure says its
year and scope; the industry/EU ETS caveat and the labels of example or synthetic inputs are in
the section's text. Words the strategy stage writes in English (notes, reasons, sources) are put
into the report language here (:func:`translate_text`); the Parquet files keep them as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench import i18n
from workbench.export.figures import category_bars, to_data_uri
from workbench.export.numformat import format_figure, format_number, significant
from workbench.export.parts import Part
from workbench.export.report import Figure, Section, html_table, key_figure
from workbench.export.strategy_figures import emissions_figure, energy_figure, shares_figure
from workbench.strategy.emissions import HEADLINE_SCOPE
from workbench.strategy.schema import BY_NAME
from workbench.strategy.sources.common import COUNTY_ID

PART = "strategy"
ROLE = "strategy_actions"  # the action plan's input role (strategy.run.ACTIONS_ROLE)
# stage table -> workbook sheet key, in sheet order
SHEETS = {
    "emissions_by_year": "strategy_emissions_by_year",
    "emissions": "strategy_emissions",
    "emission_changes": "strategy_changes",
    "targets": "strategy_targets",
    "paths": "strategy_paths",
    "cumulative": "strategy_cumulative",
    "scorecard": "strategy_scorecard",
    "benchmark": "strategy_benchmark",
    "action_gap": "strategy_action_gap",
    "actions": "strategy_actions",
    "action_effects": "strategy_action_effects",
    "action_status": "strategy_action_status",
    "action_indicators": "strategy_action_indicators",
    "road_transport": "strategy_road_transport",
    "cars_by_year": "strategy_cars",
    "vehicle_stock": "strategy_vehicle_stock",
    "energy_by_year": "strategy_energy_by_year",
    "energy_use": "strategy_energy_use",
    "energy_production": "strategy_energy_production",
    "pv_installed": "strategy_pv",
    "secap_totals": "strategy_secap_totals",
    "secap_inventory": "strategy_secap_inventory",
    "indicator_values": "strategy_indicators",
}
# columns the workbook leaves out (all stay in the Parquet files): internal keys that another
# column says in words (target_id -> target_name) and row numbers of the input file
DROP = {
    "targets": ["target_id"],
    "scorecard": ["target_id"],
    "action_gap": ["target_id"],
    "paths": ["target_id"],
    "actions": ["source_row"],
}
# summary.json figures shown on the summary sheet and in the GeoPackage summary layer
FIGURES = ("latest_year", "total_co2e_t", "excl_industry_energy_co2e_t",
           "industry_energy_share_pct", "excl_industry_energy_co2e_t_per_inhabitant",
           "total_co2e_t_per_inhabitant", "transport_co2e_t", "transport_change_since_2010_pct",
           "cars_year", "n_cars", "bev_share_pct", "chargeable_share_pct",
           "chargeable_vehicles_per_charge_point", "pv_year", "pv_installed_mw",
           "pv_installations", "pv_n_kommuner_missing", "pv_potential_kwp", "pv_realised_share_pct", "energy_year",
           "final_energy_mwh", "fossil_share_year", "fossil_share_pct",
           "electricity_production_year", "electricity_production_mwh",
           "solar_production_mwh")  # fmt: skip
TARGET_2045 = "sverige_2045_exkl_industri_energi"  # the headline target (config.strategy)


# --- texts the stage writes in English --------------------------------------------------------
_CODE_PAIR = re.compile(r"\b([a-z_]+)/([a-z_]+)\b")


def _codes(text: str, lang: str) -> str:
    """``category/carrier`` codes (``smahus/el``) as words (``småhus/el``)."""
    return _CODE_PAIR.sub(lambda m: f"{i18n.value_label('category', m[1], lang)}/"
                                    f"{i18n.value_label('carrier', m[2], lang)}", text)  # fmt: skip


def translate_text(text, lang: str):
    """A note, reason or source the strategy stage wrote in English, in ``lang``.

    The phrases are in ``i18n`` section ``values.strategy_phrase`` (English -> ``lang``), tried
    longest first; ``category/carrier`` codes become their labels. Text without a known phrase
    is returned as it is (a source's title, for example).
    """
    if not isinstance(text, str) or not text:
        return text
    phrases = (i18n.dictionary(lang).get("values") or {}).get("strategy_phrase") or {}
    out = text
    for english in sorted(phrases, key=len, reverse=True):
        out = out.replace(english, phrases[english])
    return _codes(out, lang) if out != text else out


TEXT_COLUMNS = ("note", "missing_reason", "factor_source", "electricity_convention", "source")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]  # a cell of its own, as the assumptions' notes


def _translated(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    for column in TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: translate_text(v, lang))
    if "factor_note" in out.columns:  # our note on a factor's source (secap_factors.csv)
        out["factor_note"] = out["factor_note"].map(
            lambda v: _capitalized(i18n.source_note(v, lang)) if isinstance(v, str) else v
        )
    return out


@dataclass
class StrategyPart(Part):
    """A :class:`Part` that also keeps the whole ``summary.json`` (nested: targets, actions) and
    the stage's tables as written, for the report section."""

    raw: dict = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)


# --- reading ----------------------------------------------------------------------------------
def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """Every strategy table in ``folder`` by table name (as the stage wrote it)."""
    return {name: pd.read_parquet(folder / table.file) for name, table in BY_NAME.items()
            if (folder / table.file).exists()}  # fmt: skip


def _with_target_names(frame: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    if "target_id" not in frame.columns or "target_name" in frame.columns:
        return frame
    names = dict(zip(targets["target_id"], targets["target_name"], strict=True))
    at = list(frame.columns).index("target_id")
    out = frame.copy()
    out.insert(at, "target_name", frame["target_id"].map(names).fillna(""))
    return out


def _fleet_scenario_named(actions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The workbench's fleet action names its scenario by its plain name, not its file name
    ("scenario default" -> "scenario standardantaganden")."""
    names = (i18n.dictionary(lang).get("values") or {}).get("scenario") or {}
    fleet = actions["origin"] == "workbench_fleet"
    if not fleet.any():
        return actions
    out = actions.copy()
    for key, label in names.items():
        out.loc[fleet, "name"] = out.loc[fleet, "name"].str.replace(
            f"scenario {key}", f"scenario {label}", regex=False
        )
    return out


def sheet_tables(frames: dict[str, pd.DataFrame], lang: str) -> dict[str, pd.DataFrame]:
    """The workbook's strategy tables by sheet key: target names instead of ids, texts in
    ``lang``, the municipality code (constant) left out."""
    out = {}
    for name, key in SHEETS.items():
        if name not in frames:
            continue
        frame = _with_target_names(frames[name], frames["targets"])
        frame = frame.drop(columns=[c for c in DROP.get(name, []) if c in frame.columns])
        if name == "actions":
            frame = _fleet_scenario_named(frame, lang)
        out[key] = _translated(frame, lang)
    return out


def read_strategy(folder: str | Path, lang: str = i18n.DEFAULT_LANG) -> StrategyPart:
    """The strategy part of a package from the stage folder (``summary.json`` and Parquet)."""
    folder = Path(folder)
    raw = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    frames = read_frames(folder)
    summary = {key: raw[key] for key in FIGURES if raw.get(key) is not None}
    synthetic = [ROLE] if raw.get("actions", {}).get("is_example") else []
    return StrategyPart(name=PART, summary=summary, tables=sheet_tables(frames, lang),
                        synthetic_inputs=synthetic,
                        notes=[str(n) for n in raw.get("notes") or []], raw=raw,
                        frames=frames)  # fmt: skip


# --- the report section -----------------------------------------------------------------------
def _q(value, key: str, lang: str) -> str:
    """A quantity in the section's prose as the cards and tables show it (three significant
    figures, :func:`~workbench.export.numformat.format_figure`)."""
    return format_figure(value, key, lang)


def key_cards(raw: dict, lang: str) -> list[dict]:
    """Report cards of the headline figures, each label with its year and scope."""
    year = raw["latest_year"]
    cards = [
        ("excl_industry_energy_co2e_t", raw.get("excl_industry_energy_co2e_t"), {"year": year}),
        ("total_co2e_t", raw.get("total_co2e_t"), {"year": year}),
        ("transport_change_since_2010_pct", raw.get("transport_change_since_2010_pct"),
         {"year": year}),
        ("n_cars", raw.get("n_cars"), {"year": raw.get("cars_year")}),
        ("pv_installed_mw", raw.get("pv_installed_mw"), {"year": raw.get("pv_year")}),
    ]  # fmt: skip
    out = []
    for key, value, values in cards:
        if value is None or values.get("year") is None:
            continue
        card = key_figure(key, value, lang)  # three significant figures
        lower = key == "pv_installed_mw" and raw.get("pv_n_kommuner_missing")
        card["label"] = i18n.text(f"strategy_card_{key}" + ("_lower_bound" if lower else ""),
                                  lang, **values)  # fmt: skip
        out.append(card)
    return out


def _met_text(year, horizon: int, lang: str, status: str | None = None) -> str:
    """ "nås målet … år 2043", "nås målet … inte före 2050" or, when the trend rises or is flat
    (``trend_target_status``), "nås målet … aldrig, eftersom trenden ökar" (the headline's last
    clause; the scorecard's cell for the same target gives the same reason)."""
    if year is not None:
        return i18n.text("strategy_met_in", lang, year=int(year))
    if status in ("trend_rising", "trend_flat"):
        return i18n.text(f"strategy_never_{status.removeprefix('trend_')}", lang)
    return i18n.text("strategy_not_before", lang, year=horizon)


def headline_text(raw: dict, name: str, lang: str) -> str:
    """The headline paragraph: both views, per inhabitant, the year the trend meets 2045."""
    target = (raw.get("targets") or {}).get(TARGET_2045) or {}
    return i18n.text(
        "strategy_headline", lang, area=name, year=raw["latest_year"],
        excl=_q(raw["excl_industry_energy_co2e_t"], "co2e_t", lang),
        per_inhabitant=_q(raw["excl_industry_energy_co2e_t_per_inhabitant"],
                          "co2e_t_per_inhabitant", lang),
        population_month=raw["population_month"],
        total=_q(raw["total_co2e_t"], "co2e_t", lang),
        share=_q(raw["industry_energy_share_pct"], "share_pct", lang),
        met=_met_text(target.get("year_trend_meets_target"), raw["horizon_year"], lang,
                      target.get("trend_target_status")),
    )  # fmt: skip


SCORECARD_COLUMNS = ["indicator", "latest_year", "latest_value", "unit", "target_name",
                     "target_year", "target_value", "trend_direction",
                     "year_trend_meets_target", "light"]  # fmt: skip


def _value_text(value, unit: str, lang: str) -> str:
    """An indicator value in its own unit (shares as per cent) with three significant figures,
    as the cards show the same figure (``2 995 748`` t CO2e/år reads ``3 000 000``).

    >>> _value_text(2995747.8, "t CO2e/år", "sv"), _value_text(0.06163, "andel", "sv")
    ('3\xa0000\xa0000', '6,16')
    """
    if value is None or pd.isna(value):
        return "–"
    if unit == "andel":
        value = 100.0 * value
    rounded, decimals = significant(float(value))
    return format_number(rounded, lang, decimals)


TREND_TEXTS = {"not_before_horizon": "strategy_trend_not_before", "trend_rising": "strategy_trend_rising",
               "trend_flat": "strategy_trend_flat", "no_target": "strategy_trend_no_target"}  # fmt: skip


def trend_year_text(year, status, horizon: int, lang: str) -> str:
    """The cell "År då trenden når målet" in words: the year; else why there is none
    (``trend_target_status``): "nås inte före 2050" (falling, not far enough by the horizon),
    "nås inte, trenden ökar", "nås inte, trenden är oförändrad", "inget mål"; a table written
    before the status existed: "–".

    >>> [trend_year_text(y, s, 2050, "sv") for y, s in [(2038.0, "met"),
    ...  (None, "not_before_horizon"), (None, "trend_rising"), (None, "no_target"), (None, None)]]
    ['2038', 'nås inte före 2050', 'nås inte, trenden ökar', 'inget mål', '–']
    """
    if year is not None and not pd.isna(year):
        return str(int(year))
    if not isinstance(status, str) or status not in TREND_TEXTS:
        return "–"
    return i18n.text(TREND_TEXTS[status], lang, year=horizon)


def scorecard_shown(card: pd.DataFrame, lang: str, horizon: int | None = None) -> pd.DataFrame:
    """The scorecard for reading: values as text in their unit, shares as per cent, the year the
    trend meets the target or why it does not (:func:`trend_year_text`; ``horizon``: the stage's
    horizon year)."""
    out = card[SCORECARD_COLUMNS].copy()
    status = card["trend_target_status"] if "trend_target_status" in card else [None] * len(card)
    out["year_trend_meets_target"] = [
        trend_year_text(y, s, horizon, lang)
        for y, s in zip(card["year_trend_meets_target"], status, strict=True)
    ]
    for column in ("latest_value", "target_value"):
        out[column] = [_value_text(v, u, lang) for v, u in zip(out[column], out["unit"],
                                                                  strict=True)]  # fmt: skip
    out["unit"] = out["unit"].replace({"andel": "%"})
    return out


def scorecard_table(part: StrategyPart, lang: str) -> pd.DataFrame:
    """The report's scorecard: target names, values as text in their unit, labels in ``lang``."""
    return scorecard_shown(_with_target_names(part.frames["scorecard"], part.frames["targets"]),
                           lang, part.raw.get("horizon_year"))  # fmt: skip


GAP_COLUMNS = ["target_name", "scope", "target_year", "gap_target_year_co2e_t",
               "planned_effect_co2e_t", "n_actions", "remaining_gap_co2e_t",
               "is_plan_sufficient"]  # fmt: skip


def _figure(fig, caption: str) -> Figure:
    return Figure(to_data_uri(fig), caption)


def strategy_section(
    part: StrategyPart, name: str, lang: str, section_id: str = "strategy"
) -> Section:
    """The "Strategi och uppföljning" section of a municipality (or the county, ``name``)."""
    raw, frames = part.raw, part.frames
    section = Section(section_id, i18n.text("strategy", lang))
    section.paragraphs += [headline_text(raw, name, lang), i18n.text("strategy_ets_caveat", lang)]
    targets = frames["targets"]
    trend = raw.get("trend_rule") or i18n.text("strategy_trend_rule", lang)
    for scope in (HEADLINE_SCOPE, "total"):
        fig, target = emissions_figure(frames["emissions"], frames["paths"], targets, scope, lang)
        years = f"{int(frames['emissions']['year'].min())}–{int(frames['emissions']['year'].max())}"
        section.figures.append(_figure(fig, i18n.text(
            f"fig_strategy_emissions_{scope}", lang, area=name, years=years,
            target=i18n.value_label("target_name", target, lang) if target else "–",
            trend=trend)))  # fmt: skip
    latest = int(raw["latest_year"])
    section.figures.append(_figure(shares_figure(frames["emissions"], latest, lang),
                                   i18n.text("fig_strategy_shares", lang, area=name,
                                             year=latest)))  # fmt: skip
    energy = frames["energy_use"]
    fig, n_suppressed = energy_figure(energy, lang)
    e_years = energy.loc[energy["energy_mwh"].notna(), "year"]
    section.figures.append(_figure(fig, i18n.text(
        "fig_strategy_energy", lang, area=name, years=f"{int(e_years.min())}–{int(e_years.max())}",
        n_suppressed=n_suppressed)))  # fmt: skip
    card = scorecard_table(part, lang)
    section.tables.append(html_table(card, lang, i18n.text("strategy_scorecard_caption", lang,
                                                           area=name)))  # fmt: skip
    gap = _with_target_names(frames["action_gap"], targets)[GAP_COLUMNS]
    section.tables.append(html_table(gap, lang, i18n.text("strategy_gap_caption", lang)))
    actions = raw.get("actions") or {}
    if actions.get("is_example"):
        section.paragraphs.append(i18n.text("strategy_example_plan", lang))
    elif not actions.get("n_actions"):
        section.paragraphs.append(i18n.text("strategy_no_plan", lang))
    if raw.get("pv_potential_kwp") is not None:
        pv = frames["pv_installed"].iloc[0]
        key = "strategy_pv_synthetic" if bool(pv["is_potential_synthetic"]) else "strategy_pv"
        section.paragraphs.append(i18n.text(
            key, lang, year=raw["pv_year"], mw=_q(raw["pv_installed_mw"], "capacity_mw", lang),
            potential=format_figure(raw["pv_potential_kwp"], "pv_potential_kwp", lang),  # as the card
            share=_q(raw.get("pv_realised_share_pct"), "share_pct", lang)))  # fmt: skip
    if raw.get("area_id_scb") == COUNTY_ID and raw.get("pv_installed_mw") is not None:
        section.paragraphs.append(i18n.text(
            "strategy_pv_county", lang, year=raw["pv_year"],
            at_least=i18n.text("strategy_pv_at_least", lang) if raw.get("pv_n_kommuner_missing")
            else "", mw=_q(raw["pv_installed_mw"], "capacity_mw", lang),
            n=format_figure(raw["pv_installations"], "pv_installations", lang),
            basis=translate_text(raw.get("pv_note") or "", lang)))  # fmt: skip
    return section


# --- the county overview ----------------------------------------------------------------------
COUNTY_COLUMNS = ("latest_year", "total_co2e_t", "excl_industry_energy_co2e_t",
                  "industry_energy_share_pct", "excl_industry_energy_co2e_t_per_inhabitant",
                  "transport_change_since_2010_pct", "cars_year", "n_cars", "bev_share_pct",
                  "pv_year", "pv_installed_mw", "pv_realised_share_pct")  # fmt: skip


def kommun_table(out_dir: Path, kommuner) -> pd.DataFrame:
    """One row per municipality with a strategy part: both emission views, the year the trend
    meets the 2045 target, transport, cars and PV (from ``<out>/<slug>/strategy/summary.json``)."""
    rows = []
    for k in kommuner:
        path = Path(out_dir) / k.slug / PART / "summary.json"
        if not path.exists():
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        target = (raw.get("targets") or {}).get(TARGET_2045) or {}
        rows.append({"kommun_id_scb": k.kommun_id_scb, "name": k.name,
                     **{c: raw.get(c) for c in COUNTY_COLUMNS},
                     "year_trend_meets_target": target.get("year_trend_meets_target"),
                     "trend_target_status": target.get("trend_target_status")})  # fmt: skip
    table = pd.DataFrame(rows, columns=["kommun_id_scb", "name", *COUNTY_COLUMNS,
                                        "year_trend_meets_target", "trend_target_status"])  # fmt: skip
    for column in ("latest_year", "cars_year", "pv_year", "year_trend_meets_target", "n_cars"):
        table[column] = table[column].astype("Int64")
    return table


def county_part(out_dir: Path, lang: str) -> StrategyPart | None:
    """The county's strategy part (``<out>/lan/strategy``), or None when the stage did not run."""
    folder = Path(out_dir) / "lan" / PART
    return read_strategy(folder, lang) if (folder / "summary.json").exists() else None


def county_sheets(part: StrategyPart | None, table: pd.DataFrame, lang: str) -> list:
    """The county workbook's strategy sheets: the municipalities side by side, then the county's
    own tables (``(sheet key, frame)`` pairs)."""
    if part is None or not len(table):
        return []
    return [("strategy_kommuner", table), *sheet_tables(part.frames, lang).items()]


# columns of the municipalities table left off the county page so that it fits 1280 px (the
# code and the data years; the caption names the emission year, the workbook has every column)
KOMMUN_PAGE_HIDDEN = ("kommun_id_scb", "latest_year", "cars_year", "pv_year",
                      "trend_target_status")  # fmt: skip  # in words in the year's cell


def kommun_page_table(table: pd.DataFrame, horizon: int | None, lang: str) -> pd.DataFrame:
    """The municipalities table as the county page shows it: the year the trend meets the 2045
    target, or why it does not, in words (:func:`trend_year_text`)."""
    shown = table.copy()
    status = table.get("trend_target_status", pd.Series([None] * len(table), index=table.index))
    shown["year_trend_meets_target"] = [
        trend_year_text(y, s, horizon, lang)
        for y, s in zip(table["year_trend_meets_target"], status, strict=True)
    ]
    return shown.drop(columns=[c for c in KOMMUN_PAGE_HIDDEN if c in shown.columns])


def lead_county_report(report, part: StrategyPart | None, table: pd.DataFrame, lang: str) -> None:
    """Put the county's real strategy figures first in the county report: cards, the county's
    section and the municipalities side by side (bars per inhabitant, table)."""
    if part is None or not len(table):
        return
    county = strategy_section(part, i18n.text("county_name", lang), lang)
    year = int(part.raw["latest_year"])
    fig = category_bars(list(table["name"]), table["excl_industry_energy_co2e_t_per_inhabitant"],
                        "excl_industry_energy_co2e_t_per_inhabitant", lang)  # fmt: skip
    side = Section("strategy_kommuner", i18n.text("county_strategy", lang),
                   figures=[_figure(fig, i18n.text("fig_county_strategy", lang, year=year))],
                   tables=[html_table(kommun_page_table(table, part.raw.get("horizon_year"), lang),
                                      lang,
                                      i18n.text("county_strategy_caption", lang, year=year))])  # fmt: skip
    report.sections[0:0] = [county, side]
    report.key_figures[1:1] = key_cards(part.raw, lang)
    report.method.insert(0, i18n.text("method_strategy", lang))
