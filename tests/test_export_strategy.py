"""The "Strategi och uppföljning" part of the packages and of the county overview (issue 11).

One demo run of Arjeplog (real published data from the embedded tables, the other stages on
their SYNTHETIC demo data) is checked as its readers see it: the Swedish workbook's sheets,
the report section and the county overview that leads with the real figures.
"""

from __future__ import annotations

import json
import re

import openpyxl
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from workbench import i18n
from workbench.demo import run_demo
from workbench.export.numformat import significant
from workbench.export.report import html_table
from workbench.export.strategy import (
    SHEETS,
    TARGET_2045,
    headline_text,
    scorecard_shown,
    translate_text,
)
from workbench.export.strategy_figures import emissions_figure, energy_figure
from workbench.i18n import palette
from workbench.strategy.run import compute

# words the strategy stage writes in English or as internal keys; none may reach a Swedish export
# (a SECAP factor's citation, "Covenant of Mayors, JRC 2018 SECAP guidebook", is kept as published;
# our note beside it, "IPCC approach: CO2 of biogas counted as 0", is translated)
ENGLISH = ("suppressed by SCB", "industry-dominated", "rooftop potential", "electricity convention",
           "applied by the workbench", "includes domestic aviation", "diesel_fossil", "counted as 0",
           "natural-gas grid", "excl_industry_energy", "el_fjarrvarme", "carbon_law",
           "worsening", "improving", "egen_uppvarmning", "fuel inputs")  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("strategy_demo")
    run_demo(out, kommuner=["Arjeplog"], progress=False, jobs=1)
    return out


def _cells(path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [str(c) for row in ws.iter_rows(values_only=True) for c in row
                       if c is not None] for ws in book.worksheets}  # fmt: skip


@pytest.mark.slow
def test_swedish_workbook_has_every_strategy_sheet_in_swedish(demo):
    cells = _cells(demo / "arjeplog" / "arjeplog.xlsx")
    wanted = [i18n.sheet_name(key, "sv") for key in SHEETS.values()]
    assert set(wanted) <= set(cells)
    text = "\n".join(c for name in wanted for c in cells[name])
    assert not [w for w in ENGLISH if w in text]
    # the headline figure on the summary sheet: the label and the stage's number as the card
    # shows it (three significant figures); kommun_summary.json keeps the stage's own number
    summary = json.loads((demo / "arjeplog" / "strategy" / "summary.json").read_text("utf-8"))
    assert i18n.label("excl_industry_energy_co2e_t", "sv") in cells["Sammanfattning"]
    values = openpyxl.load_workbook(demo / "arjeplog" / "arjeplog.xlsx")["Sammanfattning"]
    shown = significant(summary["excl_industry_energy_co2e_t"])[0]
    assert shown in [c.value for c in values["C"]]
    package = json.loads((demo / "arjeplog" / "kommun_summary.json").read_text("utf-8"))
    exact = package["parts"]["strategy"]["excl_industry_energy_co2e_t"]
    assert exact == summary["excl_industry_energy_co2e_t"]


@pytest.mark.slow
def test_report_leads_with_the_strategy_section(demo):
    html = (demo / "arjeplog" / "arjeplog.html").read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([a-z_-]+)"', html)
    assert ids[ids.index("key-figures") + 1 :][0] in ("unavailable", "strategy")
    assert ids.index("strategy") < ids.index("solar")
    section = html[html.index('<section id="strategy">') :]
    section = section[: section.index("</section>")]
    assert section.count("<figure>") == 4  # both emission views, sector shares, energy
    assert "EU ETS" in section and "EXEMPEL" in section and "SYNTETISKA" in section
    assert "Styrkort för Arjeplog" in section and "Åtgärdsgap" in section
    assert not [w for w in ENGLISH if w in section]
    # every figure caption names its years and its scope
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", section)
    assert all(re.search(r"\b(19|20)\d\d\b", c) for c in captions)
    assert "utan industri och el/fjärrvärme" in captions[0] and "totalt" in captions[1]


@pytest.mark.slow
def test_county_overview_leads_with_the_real_figures(demo):
    html = (demo / "lan" / "lan.html").read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([a-z_-]+)"', html)
    after = [i for i in ids if i not in ("key-figures", "unavailable")]
    assert after[:2] == ["strategy", "strategy_kommuner"]
    first_card = re.findall(r'data-key="([a-z_0-9]+)"', html)[1]
    assert first_card == "excl_industry_energy_co2e_t"
    table = pd.read_csv(demo / "lan" / "strategy_kommuner.csv", dtype={"kommun_id_scb": str})
    assert list(table["kommun_id_scb"]) == ["2506"]
    county = json.loads((demo / "lan" / "strategy" / "summary.json").read_text("utf-8"))
    assert county["area_id_scb"] == "25"
    # installed PV: the 13 published municipalities (Arvidsjaur missing), a lower bound
    assert (county["pv_installed_mw"], county["pv_n_kommuner_missing"]) == (34.66, 1)
    assert (
        "Nätanslutna solceller 2025, minst" in html and "minst 34,7\u00a0MW" in html
    )  # as the card
    cells = _cells(demo / "lan" / "lan.xlsx")
    assert list(cells)[0] == i18n.sheet_name("strategy_kommuner", "sv")


def test_suppressed_cells_are_named_in_swedish():
    text = ("energy total suppressed by SCB: smahus/total; carrier suppressed by SCB: "
            "smahus/el, fritidshus/el")  # fmt: skip
    assert translate_text(text, "sv") == (
        "summan sekretessbelagd av SCB: småhus/alla bärare; energibärare sekretessbelagd av "
        "SCB: småhus/el, fritidshus/el"
    )
    assert translate_text("Klimatkollen", "sv") == "Klimatkollen"  # a source's title stays


def test_both_emission_charts_give_each_sector_one_colour():
    """Jokkmokk's two emission charts (headline scope without industry and electricity/district
    heating, and the total) draw every sector in its palette colour: before, colours were dealt
    out in column order, so "transporter" was grey in one chart and crimson in the other."""
    tables = compute("Jokkmokk").tables
    colours = {}
    for scope in ("excl_industry_energy", "total"):
        fig, _ = emissions_figure(tables["emissions"], tables["paths"], tables["targets"], scope,
                                  "sv")  # fmt: skip
        ax = fig.axes[0]
        for text, handle in zip(ax.get_legend().texts, ax.get_legend().legend_handles, strict=True):
            if hasattr(handle, "get_facecolor") and text.get_text() not in ("trend",):
                colours.setdefault(text.get_text(), set()).add(to_hex(handle.get_facecolor()))
    assert colours["transporter"] == {palette.sector_color("transporter")} == {"#c2185b"}
    assert colours["industri"] == {palette.sector_color("industri")}
    assert all(len(c) == 1 for c in colours.values()), colours


def test_energy_chart_legend_shows_plain_carrier_colours_and_one_hatched_key():
    """Jokkmokk's energy balance has suppressed cells in most years (29 cells): the carriers'
    legend patches are their plain palette colours, and one hatched patch explains the hatching
    (before, each carrier's patch copied its first bar, so almost every patch was hatched)."""
    tables = compute("Jokkmokk").tables
    fig, n_suppressed = energy_figure(tables["energy_use"], "sv")
    legend = fig.axes[0].get_legend()
    patches = dict(zip((t.get_text() for t in legend.texts), legend.get_patches(), strict=True))
    assert n_suppressed > 0
    hatched = [label for label, p in patches.items() if p.get_hatch()]
    assert hatched == [i18n.text("energy_incomplete_year", "sv")]
    assert to_hex(patches["el"].get_facecolor()) == palette.fuel_color("el")


def test_emission_chart_years_are_round_decades():
    """The year axis of the emission charts (1990–2024 and the paths to 2050) is labelled
    1990, 2000, …, 2050, the inventory's own years, not 1992, 2000, 2008 … as before."""
    tables = compute("Jokkmokk").tables
    fig, _ = emissions_figure(
        tables["emissions"], tables["paths"], tables["targets"], "total", "sv"
    )
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    ticks = [int(t) for t in ax.get_xticks() if lo <= t <= hi]
    assert ticks == [1990, 2000, 2010, 2020, 2030, 2040, 2050]


@pytest.mark.parametrize(
    ("met", "status", "end"),
    [(2043, "met", "Med dagens trend nås målet för 2045 (utan industri och el/fjärrvärme) år 2043."),
     (None, "not_before_horizon",
      "Med dagens trend nås målet för 2045 (utan industri och el/fjärrvärme) inte före 2050."),
     (None, None,  # a summary written before trend_target_status
      "Med dagens trend nås målet för 2045 (utan industri och el/fjärrvärme) inte före 2050."),
     (None, "trend_rising", "Med dagens trend nås målet för 2045 (utan industri och "
                            "el/fjärrvärme) aldrig, eftersom trenden ökar.")],
)  # fmt: skip
def test_headline_says_when_the_trend_meets_2045_in_plain_swedish(met, status, end):
    """The headline's last sentence reads as Swedish in both cases (before, the case without a
    year read "... nås målet för 2045 (...) år inte före 2050")."""
    raw = {"latest_year": 2024, "excl_industry_energy_co2e_t": 258000.0,
           "excl_industry_energy_co2e_t_per_inhabitant": 3.22, "population_month": "2025-12",
           "total_co2e_t": 2995747.76, "industry_energy_share_pct": 91.4, "horizon_year": 2050,
           "targets": {TARGET_2045: {"year_trend_meets_target": met,
                                     "trend_target_status": status}}}  # fmt: skip
    assert headline_text(raw, "Luleå", "sv").endswith(end)


def test_english_scorecard_has_english_target_names_and_units():
    """The English option: the national targets' names (written in Swedish in the default
    configuration) and the indicators' units read in English, with CO₂ subscripted in both
    languages (before: "Nettonollutsläpp 2045: …" and "t CO2e/år" in the English report)."""
    tables = compute("Luleå").tables
    card = tables["scorecard"].merge(
        tables["targets"][["target_id", "target_name"]], on="target_id", how="left"
    )
    english = str(html_table(scorecard_shown(card, "en", 2050), "en"))
    swedish = str(html_table(scorecard_shown(card, "sv", 2050), "sv"))
    assert "Net-zero emissions 2045: at least 85 % below 1990" in english
    assert "Nettonoll" not in english and "t CO2e" not in english and "invånare" not in english
    assert "t CO₂e/yr" in english and "t CO₂e/inhabitant" in english
    assert "Nettonollutsläpp 2045: minst 85 % lägre än 1990" in swedish
    assert "t CO₂e/år" in swedish and "t CO2e" not in swedish
