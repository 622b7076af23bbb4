"""What a municipality package shows: workbook sheets and report sections from its results.

Pure functions from :class:`~workbench.export.parts.KommunResults` to
:class:`~workbench.export.excel.Sheet` lists and a
:class:`~workbench.export.report.Report`; writing happens in
:mod:`workbench.export.package`.
"""

from __future__ import annotations

import base64
import logging
from numbers import Real
from pathlib import Path
from typing import Any

import pandas as pd

from workbench import i18n
from workbench.export import assumptions as registry
from workbench.export import figures, scenarios, strategy
from workbench.export.cards import part_cards, population_card
from workbench.export.excel import Sheet, assumptions_frame, provenance_frame
from workbench.export.notes import translate_note
from workbench.export.numformat import format_figure, format_number
from workbench.export.parts import PART_NAMES, KommunResults, Part, population
from workbench.export.report import (
    Figure,
    Report,
    Section,
    display_time,
    html_table,
)
from workbench.reference import climate

log = logging.getLogger(__name__)
CLIMATOLOGY_PREFIX = "solar.climatology"  # assumption keys of the seat's monthly climatology

KOMMUN_FACTS = ("population",)
HTML_MAX_ROWS = 40


def _scalar(value: Any) -> bool:
    return isinstance(value, Real | bool) and not isinstance(value, complex)


def summary_frame(results: KommunResults) -> pd.DataFrame:
    """Key figures of every available part as ``indicator``/``value`` rows (numbers only)."""
    people, year = population(results.kommun)
    rows = [{"part": "", "indicator": "population", "value": people},
            {"part": "", "indicator": "population_year", "value": year}]  # fmt: skip
    seen = set()
    for name in PART_NAMES:
        part = results.parts.get(name)
        if part is None:
            continue
        for key, value in part.summary.items():
            if _scalar(value):  # one label per figure: match_capacity_kwp beside capacity_kwp
                rows.append({"part": name, "value": value,
                             "indicator": key if key not in seen else f"{name}_{key}"})  # fmt: skip
                seen.add(key)
    return pd.DataFrame(rows, columns=["part", "indicator", "value"])


def uses_seat_climatology(results: KommunResults) -> bool:
    """Whether the solar part ran on the seat's generated typical year (``weather_source``
    ``"embedded"``, or not recorded), i.e. on the monthly climatology of ``data/climate``."""
    solar = results.parts.get("solar")
    return solar is not None and solar.context.get("weather_source", "embedded") == "embedded"


def assumptions_for(results: KommunResults, scenario, lang: str) -> pd.DataFrame:
    """The scenario's assumptions plus every available part's factor tables, and the seat's
    monthly climatology (``solar.climatology``: annual GHI, January and July temperature, worded
    as an estimate for the 13 seats other than Luleå) when the solar part used it."""
    factors: dict[str, pd.DataFrame] = {}
    for part in results.parts.values():
        factors.update(part.factor_tables)
    if uses_seat_climatology(results):
        factors[CLIMATOLOGY_PREFIX] = climate.climatology_assumptions(results.kommun, lang)
    return assumptions_frame(scenario, factors, lang)


def figure_png(figure: Figure) -> bytes:
    """The PNG bytes of a report figure (for display in a notebook)."""
    return base64.b64decode(figure.uri.split(",", 1)[1])


def unavailable_frame(results: KommunResults, lang: str) -> pd.DataFrame:
    """Missing parts and why, as ``table``/``reason`` rows."""
    rows = [
        {
            "table": i18n.text(f"part_{name}", lang),
            "reason": i18n.text(m.reason_key, lang, **m.values),
        }  # fmt: skip
        for name, m in results.missing.items()
    ]
    return pd.DataFrame(rows, columns=["table", "reason"])


def workbook_sheets(results: KommunResults, assumptions: pd.DataFrame,
                    provenance: dict, lang: str) -> list[Sheet]:  # fmt: skip
    """Sheets in reading order: summary, each part's tables, missing parts, assumptions, provenance."""
    sheets = [Sheet("summary", summary_frame(results), kind="key_values",
                    note=i18n.text("summary_sheet_note", lang))]  # fmt: skip
    for name in PART_NAMES:
        part = results.parts.get(name)
        if part is not None:
            tables = strategy.sheet_tables(part.frames, lang) if name == "strategy" else part.tables
            sheets += [Sheet(key, _sheet_table(key, table, lang), presentation=key in PRESENTATION)
                       for key, table in tables.items()]  # fmt: skip
    if results.missing:
        sheets.append(Sheet("unavailable", unavailable_frame(results, lang)))
    sheets.append(Sheet("assumptions", assumptions))
    about = provenance_frame(provenance, lang)
    notes = pd.DataFrame(
        [
            {
                "field": i18n.text("note_field", lang, part=i18n.text(f"part_{name}", lang)),
                "value": translate_note(n, lang),
            }
            for name, part in results.parts.items()
            for n in part.notes
        ],  # fmt: skip
        columns=["field", "value"],
    )
    sheets.append(Sheet("provenance", pd.concat([about, notes], ignore_index=True)))
    return sheets


PRESENTATION = {"fleet_scenarios"}  # sheets that repeat a report table as the report shows it


def _sheet_table(key: str, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A stage table as the workbook shows it (the scenario comparison in readable form)."""
    return scenarios.readable(table, lang) if key == "fleet_scenarios" else table


def headline_scenario(results: KommunResults, provenance: dict) -> str:
    """The headline scenario's file name: the fleet comparison's headline, else the run's."""
    fleet = results.parts.get("fleet")
    table = None if fleet is None else fleet.tables.get("fleet_scenarios")
    if table is not None and table["is_headline"].any():
        return str(table.loc[table["is_headline"], "scenario"].iloc[0])
    return str(provenance.get("scenario_name", ""))


def _scenarios_section(part: Part, lang: str) -> Section | None:
    """The fleet scenarios side by side (``fleet_scenarios``), or ``None`` without the table."""
    table = part.tables.get("fleet_scenarios")
    if table is None or not len(table):
        return None
    section = Section("scenarios", i18n.text("scenarios", lang))
    section.paragraphs.append(scenarios.intro(table, lang))
    section.tables.append(html_table(scenarios.readable(table, lang), lang))
    return section


def _first(columns, suffixes) -> str | None:
    for suffix in suffixes:
        for column in columns:
            if str(column).endswith(suffix):
                return str(column)
    return None


def location_paragraphs(checks: list[dict], lang: str) -> list[str]:
    """The report's note on every input that was run although it lies outside the
    municipality (``--allow-outside``; :mod:`workbench.reference.location`)."""
    out = []
    for c in checks:
        if not c.get("allowed_outside"):
            continue
        lies_in = c["lies_in"]
        if lies_in == "outside Norrbotten":
            lies_in = i18n.text("outside_norrbotten", lang)
        values = {"source": Path(c["source"]).name, "kommun": c["kommun"], "lies_in": lies_in,
                  "distance": format_number(c["distance_km"], lang, decimals=0),
                  "share": format_number(c["share_inside_pct"] or 0, lang, decimals=1)}  # fmt: skip
        out.append(i18n.text(f"location_outside_{c['input']}", lang, **values))
    return out


def interannual_paragraphs(band: dict | None, summary: dict, lang: str) -> list[str]:
    """The yield band across the years of a PVGIS multi-year series (``summary.json``
    ``interannual``, :mod:`workbench.solar.interannual`) beside the typical year's
    ``kwh_per_kwp`` of ``summary``, one sentence; none without a series.

    >>> interannual_paragraphs({
    ...     "kwh_per_kwp_min": 698.3, "kwh_per_kwp_max": 771.0, "kwh_per_kwp_mean": 734.6,
    ...     "raddatabase": "PVGIS-ERA5", "first_year": 2019, "last_year": 2020,
    ...     "year_of_min": 2020, "year_of_max": 2019}, {"kwh_per_kwp": 775.0}, "sv")[0][:84]
    'Årlig produktion varierar mellan år: 698–771 kWh/kWp (min–max, PVGIS-ERA5 2019–2020;'
    """
    if not band:
        return []

    def kwh(value) -> str:
        return format_number(value, lang, decimals=0)

    return [i18n.text("solar_interannual", lang, low=kwh(band["kwh_per_kwp_min"]),
                      high=kwh(band["kwh_per_kwp_max"]), mean=kwh(band["kwh_per_kwp_mean"]),
                      database=band["raddatabase"], first=band["first_year"],
                      last=band["last_year"], year_low=band["year_of_min"],
                      year_high=band["year_of_max"],
                      typical=kwh(summary.get("kwh_per_kwp") or 0))]  # fmt: skip


SOLAR_TYPE_COLUMNS = ["building_type", "n_buildings", "n_buildings_with_pv", "usable_area_m2",
                      "capacity_kwp", "annual_mwh", "annual_low_mwh", "annual_high_mwh",
                      "kwh_per_kwp"]  # fmt: skip  # the page's width; the workbook has every column


def _solar_section(part: Part, results: KommunResults, lang: str) -> Section:
    section = Section("solar", i18n.text("solar", lang))
    section.paragraphs += location_paragraphs(part.location_checks, lang)
    section.paragraphs += interannual_paragraphs(part.interannual, part.summary, lang)
    if part.buildings is not None and len(part.buildings):
        column = _first(part.buildings.columns, ("kwh_per_kwp", "annual_kwh"))
        if column is not None:
            fig = figures.buildings_map(part.buildings, column, results.kommun, lang)
            section.figures.append(Figure(figures.to_data_uri(fig), i18n.text("fig_solar_map", lang),
                                          figures.map_outlines(fig)))  # fmt: skip
    monthly = part.tables.get("solar_monthly")
    if monthly is not None and len(monthly) == 12:
        column = _first(monthly.columns, ("_mwh", "_kwh"))
        if column is not None:
            fig = figures.monthly_bars(monthly[column], column, lang)
            section.figures.append(
                Figure(
                    figures.to_data_uri(fig),
                    i18n.text("fig_solar_monthly", lang, kommun=results.kommun.name),
                )
            )
    by_type = part.tables.get("solar_by_type")
    if by_type is not None and len(by_type):
        category = next(
            (c for c in by_type.columns if not pd.api.types.is_numeric_dtype(by_type[c])), None
        )
        column = _first(by_type.columns, ("annual_mwh", "annual_kwh"))
        if category is not None and column is not None:
            labels = [str(i18n.value_label(category, v, lang)) for v in by_type[category]]
            fig = figures.category_bars(labels, by_type[column], column, lang)
            section.figures.append(
                Figure(
                    figures.to_data_uri(fig),
                    i18n.text("fig_solar_by_type", lang, kommun=results.kommun.name),
                )
            )
        shown = by_type[[c for c in SOLAR_TYPE_COLUMNS if c in by_type.columns]]
        section.tables.append(html_table(shown, lang, i18n.sheet_name("solar_by_type", lang)))
    return section


FLEET_TABLE_COLUMNS = ["year", "n_vehicles", "n_bev", "n_chargers", "co2e_t_wtw", "co2_t_fossil",
                       "fossil_cut_pct", "cost_sek", "is_target_met"]  # fmt: skip


def _emission_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if i18n.unit_key(str(c)) in ("tco2e", "tco2")]


def _span(years: pd.Series) -> str:
    """``"2025–2045"``: the first and last year of a column of years."""
    return f"{int(years.min())}–{int(years.max())}"


def _fleet_section(part: Part, lang: str, headline: str) -> Section:
    heading = i18n.text("fleet_scenario_heading", lang,
                        scenario=scenarios.scenario_name(headline, lang))  # fmt: skip
    section = Section("fleet", heading)
    scenario = scenarios.scenario_name(headline, lang)
    yearly = part.tables.get("fleet_yearly")
    if yearly is not None and "year" in yearly.columns:
        columns = _emission_columns(yearly)
        if columns:
            fig = figures.year_lines(yearly, "year", columns[:3], lang)
            caption = i18n.text("fig_fleet_emissions", lang, years=_span(yearly["year"]),
                                scenario=scenario)  # fmt: skip
            section.figures.append(Figure(figures.to_data_uri(fig), caption))
    stock = part.tables.get("fleet_stock")
    if stock is not None and {"year", "powertrain", "n_vehicles"} <= set(stock.columns):
        fig = figures.stacked_years(stock, "year", "powertrain", "n_vehicles", lang)
        caption = i18n.text("fig_fleet_stock", lang, years=_span(stock["year"]), scenario=scenario)
        section.figures.append(Figure(figures.to_data_uri(fig), caption))
    if yearly is not None:
        shown = yearly[[c for c in FLEET_TABLE_COLUMNS if c in yearly.columns]]
        section.tables.append(
            html_table(shown, lang, i18n.sheet_name("fleet_yearly", lang), sheet="fleet_yearly")
        )
    return section


BUDGET_TABLE_COLUMNS = ["n_procured", "vehicle_investment_sek", "charger_investment_sek",
                        "lease_payment_sek", "operating_cost_sek", "payments_sek",
                        "budget_cost_sek", "change_payments_sek"]  # fmt: skip
PAYMENT_LINES = {"vehicle_investment_sek": ("vehicle_investment_sek",),
                 "charger_investment_sek": ("charger_investment_sek",),
                 "lease_payment_sek": ("lease_payment_sek", "lease_buyout_sek"),
                 "operating_cost_sek": ("operating_cost_sek",)}  # fmt: skip
PROCUREMENT_COLUMNS = ["year", "vehicle_class", "powertrain", "cvd_category", "n_vehicles",
                       "n_leased", "contract_value_sek", "clean_share_pct", "clean_quota_pct",
                       "is_quota_met"]  # fmt: skip
PROCUREMENT_YEARS = 3  # plan years shown in the report (the workbook has all)


def _budget_figure(budget: pd.DataFrame, lang: str) -> Figure:
    """Payments per year, stacked by line, in MSEK (they add up to ``payments_sek``)."""
    yearly = budget.groupby("year").sum(numeric_only=True)
    long = pd.concat(
        [
            pd.DataFrame({"year": yearly.index, "line": i18n.label(line, lang),
                          "amount_msek": yearly[list(parts)].sum(axis=1).to_numpy() / 1e6})
            for line, parts in PAYMENT_LINES.items()
        ]
    )  # fmt: skip
    fig = figures.stacked_years(long, "year", "line", "amount_msek", lang)
    price_year = int(budget["price_year"].iloc[0])
    return Figure(
        figures.to_data_uri(fig), i18n.text("fig_fleet_budget", lang, price_year=price_year)
    )


def _fleet_budget_section(part: Part, lang: str) -> Section | None:
    """Budget per year (all offices), backlog, procurement of the next years, follow-up."""
    budget = part.tables.get("fleet_budget")
    if budget is None or not len(budget):
        return None
    section = Section("fleet_budget", i18n.text("fleet_budget", lang))
    section.figures.append(_budget_figure(budget, lang))
    yearly = budget.groupby("year", as_index=False)[BUDGET_TABLE_COLUMNS].sum()
    section.tables.append(html_table(yearly, lang, i18n.text("fleet_budget_caption", lang)))
    backlog = part.tables.get("fleet_backlog")
    if backlog is not None and backlog["n_waiting"].any():
        shown = backlog[["year", "n_due", "n_replaced", "n_waiting", "extra_fossil_co2_t"]]
        section.tables.append(html_table(shown, lang, i18n.sheet_name("fleet_backlog", lang)))
    wanted = part.tables.get("fleet_procurement_list")
    if wanted is not None and len(wanted):
        years = sorted(wanted["year"].unique())[:PROCUREMENT_YEARS]
        shown = wanted[wanted["year"].isin(years)][PROCUREMENT_COLUMNS]
        caption = i18n.text("fleet_procurement_caption", lang,
                            years=f"{years[0]}–{years[-1]}")  # fmt: skip
        section.tables.append(html_table(shown, lang, caption))
    follow = part.tables.get("fleet_follow_up_summary")
    if follow is not None and len(follow):
        section.paragraphs.append(follow_up_text(follow.iloc[0], lang))
    return section


def follow_up_text(row: pd.Series, lang: str) -> str:
    """The follow-up's short summary in ``lang`` (``i18n`` text ``follow_up_text``)."""
    values = {key: format_figure(row[key], key, lang) if key.endswith(("_t", "_sek", "_pct"))
              else int(row[key]) for key in row.index if key != "year" and pd.notna(row[key])}  # fmt: skip
    return i18n.text("follow_up_text", lang, year=int(row["year"]), **values)


MATCH_TABLE_COLUMNS = ["year", "strategy", "with_battery", "charging_kwh", "pv_to_charging_kwh",
                       "coverage_pct", "self_consumption_pct", "pv_value_sek"]  # fmt: skip
MATCH_MONTHLY_COLUMNS = ["pv_kwh", "charging_kwh", "pv_to_charging_kwh"]


def _match_section(part: Part, lang: str) -> Section:
    section = Section("match", i18n.text("match", lang))
    monthly = part.tables.get("match_monthly")
    year = part.summary.get("headline_year")
    if monthly is not None and year is not None and "strategy" in monthly.columns:
        chosen = monthly[(monthly["year"] == year) & (monthly["strategy"] == "immediate")]
        if "with_battery" in chosen.columns:
            chosen = chosen[~chosen["with_battery"].astype(bool)]
        if len(chosen) == 12:
            fig = figures.monthly_groups(chosen.sort_values("month"), MATCH_MONTHLY_COLUMNS, lang)
            caption = i18n.text("fig_match_monthly", lang, year=int(year))
            section.figures.append(Figure(figures.to_data_uri(fig), caption))
    annual = part.tables.get("match_annual")
    if annual is not None:
        shown = annual[[c for c in MATCH_TABLE_COLUMNS if c in annual.columns]]
        section.tables.append(html_table(shown, lang, i18n.sheet_name("match_annual", lang)))
    return section


def report_content(results: KommunResults, assumptions: pd.DataFrame, provenance: dict,
                   lang: str) -> Report:  # fmt: skip
    """The municipality report: key figures, one section per available part, method, provenance."""
    k = results.kommun
    cards = [population_card(k, lang)]  # SCB December 2025, as the strategy part
    sections, method, notes = [], [], []
    headline = headline_scenario(results, provenance)
    for name in PART_NAMES:
        part = results.parts.get(name)
        if part is None:
            continue
        cards += part_cards(part, lang, headline)
        if name == "strategy":  # real published data: its section and cards lead the report
            sections.insert(0, strategy.strategy_section(part, k.name, lang))
            cards[1:1] = strategy.key_cards(part.raw, lang)
        elif name == "solar":
            sections.append(_solar_section(part, results, lang))
        elif name == "fleet":
            side = _scenarios_section(part, lang)
            if side is not None:
                sections.append(side)
            sections.append(_fleet_section(part, lang, headline))
            budget = _fleet_budget_section(part, lang)
            if budget is not None:
                sections.append(budget)
                method.append(i18n.text("method_fleet_budget", lang,
                                        price_year=int(part.tables["fleet_budget"]["price_year"].iloc[0])))  # fmt: skip
        else:
            sections.append(_match_section(part, lang))
        method.append(i18n.text(f"method_{name}", lang))
        notes += [f"{i18n.text(f'part_{name}', lang)}: {translate_note(note, lang)}"
                  for note in part.notes]  # fmt: skip
    seats = figures.seats_map(k, lang)
    location = Figure(figures.to_data_uri(seats), i18n.text("fig_location_map", lang, kommun=k.name),
                      figures.map_outlines(seats))  # fmt: skip
    sections.append(Section("location", i18n.text("location", lang), [location]))
    method.append(i18n.text("method_numbers", lang))
    if notes:  # the stages' caveats, in the report language (export.notes)
        method += [i18n.text("notes_intro", lang), *notes]
    unavailable = [
        {
            "part": name,
            "label": i18n.text(f"part_{name}", lang),
            "reason": i18n.text(m.reason_key, lang, **m.values),
        }  # fmt: skip
        for name, m in results.missing.items()
    ]
    return Report(
        lang=lang,
        title=i18n.text("title", lang, kommun=k.name),
        subtitle=i18n.text(
            "subtitle",
            lang,
            scenario=scenarios.scenario_name(provenance.get("scenario_name", ""), lang),
            created=display_time(provenance.get("created_utc", "")),
        ),  # fmt: skip
        key_figures=cards,
        sections=sections,
        method=method,
        provenance=provenance,
        assumptions=assumptions,
        key_assumptions=registry.grouped_tables(
            registry.key_assumptions(assumptions, results.parts, lang), lang
        ),
        unavailable=unavailable,
        synthetic_inputs=list(provenance.get("synthetic_inputs") or []),
    )
