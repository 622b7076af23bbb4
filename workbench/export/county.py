"""The county overview (``<out>/lan/``): all municipalities side by side, as Excel and HTML.

Built from each municipality's package (``<out>/<slug>/kommun_summary.json``, its fleet year
table and procurement list). Figures a municipality lacks stay empty, never estimated.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from workbench import i18n
from workbench.config import Scenario, resolve_scenario
from workbench.core.outputs import write_csv
from workbench.core.provenance import write_manifest
from workbench.core.reproducible import creation_time
from workbench.export import assumptions as registry
from workbench.export import figures, scenarios, strategy
from workbench.export.excel import Sheet, assumptions_frame, provenance_frame, write_workbook
from workbench.export.numformat import format_figure, format_quantity
from workbench.export.package import provenance
from workbench.export.parts import population
from workbench.export.report import (
    Figure,
    Report,
    Section,
    display_time,
    html_table,
    write_report,
)
from workbench.reference import kommuner as km

log = logging.getLogger(__name__)

COUNTY_DIR = "lan"
FLEET_KEYS = ("n_vehicles", "base_year", "base_tco2e_wtw", "target_year", "target_year_tco2e_wtw",
              "end_year", "year_target_met", "is_target_met_in_target_year")  # fmt: skip
MATCH_KEYS = ("coverage_pct",)


def _solar_mwh(solar: dict) -> float:
    if "annual_mwh" in solar:
        return float(solar["annual_mwh"])
    if "annual_kwh" in solar:
        return float(solar["annual_kwh"]) / 1000.0
    return np.nan


def overview_table(out_dir: Path, kommuner: list[km.Kommun]) -> pd.DataFrame:
    """One row per municipality: population, solar potential, fleet key figures, availability."""
    rows = []
    for k in kommuner:
        path = out_dir / k.slug / "kommun_summary.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"parts": {}}
        parts = data["parts"]
        solar, fleet, match = parts.get("solar", {}), parts.get("fleet", {}), parts.get("match", {})
        mwh = _solar_mwh(solar)
        people, year = population(k)  # SCB December 2025
        row = {
            "kommun_id_scb": k.kommun_id_scb,
            "name": k.name,
            "population": people,
            "population_year": year,
            "solar_capacity_kwp": solar.get("capacity_kwp", np.nan),
            "solar_annual_mwh": mwh,
            "solar_kwh_per_inhabitant": mwh * 1000.0 / people,
        }
        # a fleet part whose target is never met has year_target_met None: kept empty, not NaN-filled
        row.update({key: fleet.get(key, np.nan) for key in FLEET_KEYS})
        row.update({key: match.get(key, np.nan) for key in MATCH_KEYS})
        row.update({f"has_{name}": name in parts for name in ("solar", "fleet", "match")})
        rows.append(row)
    table = pd.DataFrame(rows)
    table["year_target_met"] = table["year_target_met"].astype("Int64")
    table["is_target_met_in_target_year"] = table["is_target_met_in_target_year"].astype("boolean")
    return table


def trajectories(out_dir: Path, kommuner: list[km.Kommun]) -> pd.DataFrame:
    """Fleet emissions per municipality and year (long table) from each fleet year table."""
    frames = []
    for k in kommuner:
        path = out_dir / k.slug / "fleet" / "yearly.parquet"
        if not path.exists():
            continue
        yearly = pd.read_parquet(path)
        columns = [c for c in ("year", "co2e_t_wtw", "co2_t_fossil") if c in yearly.columns]
        if "year" not in columns or len(columns) < 2:
            continue
        frame = yearly.groupby("year", as_index=False)[columns[1:]].sum()
        frame.insert(0, "name", k.name)
        frame.insert(0, "kommun_id_scb", k.kommun_id_scb)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["kommun_id_scb", "name", "year", "co2e_t_wtw", "co2_t_fossil"])
    return pd.concat(frames, ignore_index=True)


def scenario_overview(out_dir: Path, kommuner: list[km.Kommun]) -> pd.DataFrame:
    """Every municipality's fleet scenarios side by side (long table, one row per municipality
    and scenario) from each ``fleet/scenarios.parquet``."""
    frames = []
    for k in kommuner:
        path = out_dir / k.slug / "fleet" / "scenarios.parquet"
        if path.exists():
            frame = pd.read_parquet(path)
            frame.insert(0, "name", k.name)
            frame.insert(0, "kommun_id_scb", k.kommun_id_scb)
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["kommun_id_scb", "name", "scenario"])
    return pd.concat(frames, ignore_index=True)


def scenario_matrix(side: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Municipality x scenario: "Ja, år 2028" / "Nej, inte före 2045"; the columns in the order of
    the municipality report's rows (:func:`workbench.export.scenarios.order`)."""
    order = scenarios.shown_order(side)
    status = side.assign(status=[scenarios.target_status(y, e, lang) for y, e in
                                 zip(side["year_target_met"], side["end_year"], strict=True)])  # fmt: skip
    wide = status.pivot(index="name", columns="scenario", values="status")
    names = list(dict.fromkeys(side["name"]))
    wide = wide.reindex(index=names, columns=order).reset_index()
    wide.columns = [i18n.label("name", lang)] + [scenarios.scenario_name(c, lang) for c in order]
    return wide


def _scenario_section(side: pd.DataFrame, lang: str) -> tuple[Section, list[dict]]:
    """The county's scenarios: how many municipalities meet the target, per scenario."""
    head = side[side["is_headline"]].iloc[0]
    copies = scenarios.same_as(side)
    cards = []
    for name in scenarios.shown_order(side):
        met = side.loc[side["scenario"] == name, "is_target_met_in_target_year"].astype(bool)
        cards.append({"key": f"target_met_{name}",
                      "label": i18n.text("county_target_card", lang,
                                         scenario=scenarios.scenario_name(name, lang),
                                         target_year=int(head["target_year"]),
                                         target_pct=int(head["target_fossil_cut_pct"])),
                      "value": f"{int(met.sum())} / {len(met)}"})  # fmt: skip
    matrix = scenario_matrix(side, lang)
    table = {"caption": i18n.text("county_scenarios_caption", lang, target_year=int(head["target_year"])),
             "headers": list(matrix.columns),
             "rows": [[{"text": str(v), "num": False} for v in r]
                      for r in matrix.itertuples(index=False)]}  # fmt: skip
    section = Section("scenarios", i18n.text("scenarios", lang), tables=[table],
                      paragraphs=[scenarios.description(n, copies.get(n, []), lang)
                                  for n in scenarios.shown_order(side)])  # fmt: skip
    return section, cards


def scenario_sheet(side: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The workbook's long table: municipality, then the readable comparison rows."""
    frames = [scenarios.readable(rows, lang).assign(name=name)
              for name, rows in side.groupby("name", sort=False)]  # fmt: skip
    frame = pd.concat(frames, ignore_index=True)
    return frame[["name", *[c for c in frame.columns if c != "name"]]]


PROCUREMENT_KEY = ["year", "vehicle_class", "powertrain", "cvd_category"]
PROCUREMENT_COLUMNS = [*PROCUREMENT_KEY, "n_kommuner", "n_vehicles", "n_leased",
                       "contract_value_sek", "is_clean", "clean_share_pct", "clean_quota_pct"]  # fmt: skip
PROCUREMENT_YEARS = 3  # plan years the report shows (the workbook and CSV have all)


def procurement(out_dir: Path, kommuner: list[km.Kommun]) -> pd.DataFrame:
    """The municipalities' procurement lists added up per year, class and powertrain: the basis of
    a coordinated procurement (samordnad upphandling), with the county's clean share per year and
    Clean Vehicles Directive category against the quota."""
    frames = []
    for k in kommuner:
        path = out_dir / k.slug / "fleet" / "procurement_list.parquet"
        if path.exists():
            frames.append(pd.read_parquet(path).assign(kommun_id_scb=k.kommun_id_scb))
    if not frames:
        return pd.DataFrame(columns=PROCUREMENT_COLUMNS)
    lists = pd.concat(frames, ignore_index=True)
    g = lists.groupby(PROCUREMENT_KEY, dropna=False)
    out = g.agg(n_kommuner=("kommun_id_scb", "nunique"), n_vehicles=("n_vehicles", "sum"),
                n_leased=("n_leased", "sum"), contract_value_sek=("contract_value_sek", "sum"),
                is_clean=("is_clean", "first"),
                clean_quota_pct=("clean_quota_pct", "first")).reset_index()  # fmt: skip
    clean = out.assign(n_clean=out["n_vehicles"] * out["is_clean"])
    share = clean.groupby(["year", "cvd_category"])[["n_clean", "n_vehicles"]].transform("sum")
    out["clean_share_pct"] = 100.0 * share["n_clean"] / share["n_vehicles"]
    out.loc[out["clean_quota_pct"].isna(), "clean_share_pct"] = np.nan
    return out[PROCUREMENT_COLUMNS].sort_values(PROCUREMENT_KEY[:3], ignore_index=True)


def _procurement_section(wanted: pd.DataFrame, lang: str) -> Section:
    years = sorted(wanted["year"].unique())[:PROCUREMENT_YEARS]
    tables = [
        html_table(wanted[wanted["year"] == year], lang,
                   i18n.text("county_procurement_caption", lang, year=int(year)))
        for year in years
    ]  # fmt: skip
    return Section("procurement", i18n.text("county_procurement", lang), tables=tables)


def _title(n: int, lang: str) -> str:
    return i18n.text("county_title" if n == 14 else "county_title_subset", lang, n=n)


OVERVIEW_SHOWN = ["name", "population", "solar_capacity_kwp", "solar_annual_mwh",
                  "solar_kwh_per_inhabitant", "n_vehicles", "base_tco2e_wtw",
                  "target_year_tco2e_wtw", "year_target_met", "coverage_pct"]  # fmt: skip


def _overview_html(table: pd.DataFrame, lang: str) -> dict:
    """The municipalities table for the page: the columns that fit its width (all in the
    workbook), the year the target is met as text."""
    shown = table[[c for c in OVERVIEW_SHOWN if c in table.columns]].copy()
    if "year_target_met" in shown:  # "Ja, år 2028" / "Nej, inte före 2045"; "–" without a fleet
        shown["year_target_met"] = [
            "–" if pd.isna(e) else scenarios.target_status(y, e, lang)
            for y, e in zip(table["year_target_met"], table["end_year"], strict=True)
        ]  # fmt: skip
    return html_table(shown, lang)


def _report(table: pd.DataFrame, paths: pd.DataFrame, assumptions: pd.DataFrame, prov: dict,
            lang: str, wanted: pd.DataFrame | None = None,
            side: pd.DataFrame | None = None) -> Report:  # fmt: skip
    sections = []
    solar = table.dropna(subset=["solar_kwh_per_inhabitant"])
    years = "/".join(str(y) for y in sorted(set(table["population_year"])))
    n = len(table)
    cards = [{"key": "population", "label": i18n.text("county_card_population", lang, year=years, n=n),
              "value": format_quantity(int(table["population"].sum()), "population", lang)}]  # fmt: skip
    unavailable = []
    if len(solar):
        total = solar["solar_annual_mwh"].sum()
        per_inh = total * 1000.0 / solar["population"].sum()
        cards += [
            {"key": "solar_annual_mwh", "value": format_figure(total, "solar_annual_mwh", lang),
             "label": i18n.text("county_card_solar_annual_mwh", lang, n=len(solar))},
            {"key": "solar_kwh_per_inhabitant",
             "value": format_figure(per_inh, "solar_kwh_per_inhabitant", lang),
             "label": i18n.text("county_card_solar_kwh_per_inhabitant", lang, n=len(solar),
                                year=years)},
        ]  # fmt: skip
        fig = figures.category_bars(list(solar["name"]), solar["solar_kwh_per_inhabitant"],
                                    "solar_kwh_per_inhabitant", lang)  # fmt: skip
        caption = i18n.text("fig_county_solar", lang, year=years)
        sections.append(Section("solar", i18n.text("county_solar", lang),
                                [Figure(figures.to_data_uri(fig), caption)]))  # fmt: skip
        per_kommun = dict(
            zip(solar["kommun_id_scb"], solar["solar_kwh_per_inhabitant"], strict=True)
        )
        fig = figures.county_map(per_kommun, "solar_kwh_per_inhabitant", lang)
        sections[-1].figures.append(Figure(figures.to_data_uri(fig), i18n.text("fig_county_solar_map", lang),
                                           figures.map_outlines(fig)))  # fmt: skip
    else:
        unavailable.append({"part": "solar", "label": i18n.text("part_solar", lang),
                            "reason": i18n.text("reason_no_output", lang, detail="solar")})  # fmt: skip
    if len(paths):
        wide = paths.pivot_table(index="year", columns="name", values="co2e_t_wtw", aggfunc="sum")
        fig = figures.kommun_lines(wide, "co2e_t_wtw", lang)
        caption = i18n.text("fig_county_fleet", lang,
                            scenario=scenarios.scenario_name(prov["scenario_name"], lang))  # fmt: skip
        sections.append(Section("fleet", i18n.text("county_fleet", lang),
                                [Figure(figures.to_data_uri(fig), caption)]))  # fmt: skip
        if side is not None and len(side):
            scenario_section, scenario_cards = _scenario_section(side, lang)
            sections.insert(0, scenario_section)
            cards += scenario_cards
    else:
        unavailable.append({"part": "fleet", "label": i18n.text("part_fleet", lang),
                            "reason": i18n.text("reason_no_output", lang, detail="fleet")})  # fmt: skip
    if wanted is not None and len(wanted):
        sections.append(_procurement_section(wanted, lang))
    sections.append(Section("kommuner", i18n.sheet_name("kommuner", lang),
                            tables=[_overview_html(table, lang)]))  # fmt: skip
    return Report(
        lang=lang,
        title=_title(len(table), lang),
        subtitle=i18n.text(
            "subtitle",
            lang,
            scenario=scenarios.scenario_name(prov["scenario_name"], lang),
            created=display_time(prov["created_utc"]),
        ),
        key_figures=cards,
        sections=sections,
        method=[i18n.text("county_intro", lang), i18n.text("method_numbers", lang)],
        provenance=prov,
        assumptions=assumptions,
        unavailable=unavailable,
        synthetic_inputs=list(prov.get("synthetic_inputs") or []),
    )


def stage_factor_tables(out_dir: Path, kommuner: list[km.Kommun]) -> dict[str, pd.DataFrame]:
    """The fleet stage's factor tables (``<slug>/fleet/factors/*.csv``, the same for every
    municipality) of the first municipality that has them, keyed ``fleet.<table>``."""
    for k in kommuner:
        folder = Path(out_dir) / k.slug / "fleet" / "factors"
        if folder.is_dir():
            return {f"fleet.{p.stem}": pd.read_csv(p) for p in sorted(folder.glob("*.csv"))}
    return {}


def write_county_overview(
    out_dir: str | Path,
    kommuner: list[km.Kommun] | None = None,
    lang: str = i18n.DEFAULT_LANG,
    scenario: str | Path | Scenario = "default",
) -> Path:
    """Write ``<out>/lan/`` (overview table, trajectories and the county procurement list as Excel,
    CSV and HTML); return the folder."""
    out_dir = Path(out_dir)
    folder = out_dir / COUNTY_DIR
    kommuner = kommuner or km.all_kommuner()
    sc = resolve_scenario(scenario)
    created = creation_time()
    synthetic: set[str] = set()
    for k in kommuner:
        manifest = out_dir / k.slug / "manifest.json"
        if manifest.exists():
            synthetic.update(json.loads(manifest.read_text(encoding="utf-8"))["synthetic_inputs"])
    prov = provenance(sc, created, lang, {}, sorted(synthetic))
    table = overview_table(out_dir, kommuner)
    paths = trajectories(out_dir, kommuner)
    wanted = procurement(out_dir, kommuner)
    side = scenario_overview(out_dir, kommuner)
    assumptions = assumptions_frame(sc, stage_factor_tables(out_dir, kommuner), lang)

    write_csv(folder / "overview.csv", table)
    write_csv(folder / "fleet_trajectories.csv", paths)
    write_csv(folder / "procurement.csv", wanted)
    write_csv(folder / "scenarios.csv", side)
    county_strategy = strategy.county_part(out_dir, lang)  # real data: leads sheets and report
    strategy_table = strategy.kommun_table(out_dir, kommuner)
    write_csv(folder / "strategy_kommuner.csv", strategy_table)
    sheets = [Sheet(key, frame) for key, frame in
              strategy.county_sheets(county_strategy, strategy_table, lang)]  # fmt: skip
    sheets.append(Sheet("kommuner", table))
    if len(side):
        sheets.append(Sheet("county_scenarios", scenario_sheet(side, lang), presentation=True))
    sheets.append(Sheet("fleet_trajectories", paths))
    if len(wanted):  # no fleet part ran: nothing to procure is shown, not an empty list
        sheets.append(Sheet("county_procurement", wanted))
    sheets += [Sheet("assumptions", assumptions), Sheet("provenance", provenance_frame(prov, lang))]
    write_workbook(folder / "lan.xlsx", sheets, lang=lang, created=created,
                   title=_title(len(table), lang))  # fmt: skip
    report = _report(table, paths, assumptions, prov, lang, wanted, side)
    strategy.lead_county_report(report, county_strategy, strategy_table, lang)
    shown = [name for name, ran in (("solar", table["solar_kwh_per_inhabitant"].notna().any()),
                                    ("fleet", len(paths) > 0),
                                    ("strategy", county_strategy is not None)) if ran]  # fmt: skip
    report.key_assumptions = registry.grouped_tables(
        registry.key_assumptions(assumptions, shown, lang), lang
    )
    write_report(folder / "lan.html", report)
    write_manifest(folder, sc, synthetic_inputs=sorted(synthetic), created_utc=created,
                   extra={"language": lang, "kommuner": [k.kommun_id_scb for k in kommuner]})  # fmt: skip
    return folder
