"""Swedish exports speak Swedish: a real Swedish demo package is scanned for English and code.

The package is the demo's (every stage: solar, fleet with its scenarios, solar meets fleet,
strategy; the county overview) for one municipality. Scanned are the report's visible text (and
its image captions), every cell of the workbook and every field name and value of the
GeoPackage, in the municipality package and in the county overview. A finding is

* an English word: a word of the English dictionary (``workbench/i18n/en.yaml``) that the
  Swedish one never uses, or an English function word (:data:`ENGLISH_WORDS`);
* an internal key: a ``snake_case`` identifier (``allow_bev_beyond_winter_range``,
  ``building_type``), or a lower-case code value of the ``values`` tables whose Swedish word
  differs (``bev``, ``petrol``, ``public``, ``none``);
* a yes/no written as code: a boolean Excel cell (TRUE/FALSE), ``True``/``False``/``None``/``nan``
  in text.

Allowed, on principle (:func:`_allowed_token`, :data:`CITATION_COLUMNS`, :data:`TERMS`):

* citations stay in the language of the publication: in the report the text of ``<cite>``
  elements, in the workbook the citation columns (an assumption's "Källa": publisher, title,
  year, section, URL). Our own note beside a citation (an assumption's "Anmärkning om källan",
  the words after the ``<cite>`` in the report's "Källa" cells) is scanned like any text; that
  the citation fields hold no note of ours is checked on the complete list of assumptions
  (:func:`test_citations_hold_no_note_of_ours`);
* file names and paths, identifiers with digits (building and vehicle ids, hashes, versions),
  units and the command line of the provenance sheet are names, not text;
* proper names and fixed terms that Swedish texts use as they are (:data:`TERMS`);
* the complete list of assumptions (the report's appendix ``assumptions-appendix`` and the
  workbook's sheet): its scenario-file keys and, in the workbook, the value as the scenario file
  holds it ("Värde i scenariofilen") only (the intro says the keys are those of the scenario
  file); every row's plain name ("Antagande"), shown value ("Värde") and description
  ("Beskrivning") are scanned like any text.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pyogrio
import pytest

from workbench import i18n
from workbench.config import files
from workbench.core.paths import data_path
from workbench.demo import run_demo
from workbench.export.excel import assumptions_frame, factor_rows
from workbench.fleet.factors import check_sources, factor_tables
from workbench.reference import climate

KOMMUN = "Arjeplog"
# English function words that are not Swedish words ("in", "under", "per", "man" are)
ENGLISH_WORDS = frozenset(
    """
the of and or is are was were be been being not no yes with without from which this that these
those than then there their they them it its an as at by if unless only can cannot could would
should will has have had does do for to on into what when where who why how each every any
such both more most less below above between after before about against within so upper bound
true false none null nan vehicle vehicles building buildings roof roofs charging selection
matching meter depot depots winter limit model heavy day year years cost costs price prices
""".split()
)
# Swedish words spelt like English ones
SWEDISH_TOO = frozenset(
    "all in under per man fast bad form art dag hem kort real full garage".split()
)
# proper names and fixed terms used as they are in Swedish texts
TERMS = frozenset(
    """
carbon law workbench pvlib ipcc klimatkollen kolada secap ets hvo hvo100 bev phev fcev
perez driesse hay davies klucher reindl fresnel martin ruiz ashrae townsend marion
""".split()
)
# workbook columns that hold citations (publisher, title, year, URL): kept as published. The
# SECAP sheet's factor_source is a fuel factor's citation (data/strategy/secap_factors.csv) or the
# electricity convention and district-heating method in words (phrases translated by
# export.strategy); our note on a fuel factor is in factor_note ("Anmärkning om faktorns källa"),
# scanned like any text
CITATION_COLUMNS = {"source", "factor_source"}
# words that mark our own note (an assumption, estimate, choice): never in a citation field
OWN_NOTE = re.compile(
    r"\b(assum\w*|estimat\w*|judgement|workbench|choice|derived|calibrat\w*|"
    r"implied|proxy|typical|not checked|to be checked|by default)\b",
    re.I,
)
# the assumptions table: scenario-file keys (what an advisor edits in the scenario file) and, in
# the workbook, the value as the file holds it ("Värde i scenariofilen": close_mount, {"car": 8}).
# The shown value ("Värde": takparallell montering, personbil 8), the plain name and the
# description of every row are scanned
ASSUMPTION_COLUMNS = {"col_key", "key", "scenario_value"}
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)*")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
CODE_TEXT = {"True", "False", "TRUE", "FALSE", "None", "nan", "NaN", "<NA>"}


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _words(lang: str) -> set[str]:
    """Every word of the ``lang`` dictionary's texts, as written."""
    table = dict(i18n.dictionary(lang))
    table.pop("notes", None)  # its keys are the English notes; only its texts are Swedish
    for section in ("source_notes", "descriptions", "assumption_names"):
        table.pop(section, None)  # the texts under test (an English one would pass as Swedish)
    return {w for s in _strings(table) for w in WORD.findall(s)}


@cache
def vocabulary() -> tuple[frozenset, frozenset]:
    """(English words in lower case, code values) the scan looks for."""
    swedish = _words("sv")  # "BEV" is a Swedish text's word, the code "bev" is not
    lower = {w.lower() for w in swedish}
    english = ({w.lower() for w in _words("en")} | ENGLISH_WORDS) - lower - TERMS - SWEDISH_TOO
    codes = set()
    for mapping in (i18n.dictionary("sv").get("values") or {}).values():
        for key, word in (mapping or {}).items():
            key = str(key)
            if key != word and key.islower() and key.isidentifier() and key not in swedish:
                codes.add(key)
    return frozenset(english), frozenset(codes)


def _allowed_token(token: str) -> bool:
    """File names and paths, identifiers with digits, units: names, not words."""
    return (
        "/" in token
        or re.search(r"\.[a-z]{2,5}$", token) is not None  # example_action_plan.yaml
        or (re.search(r"\d", token) is not None and re.search(r"[A-Za-z]", token) is not None)
        or token.startswith(("http", "www."))
    )


def findings(text: str) -> list[str]:
    """The English words, internal keys and code values in ``text``."""
    english, codes = vocabulary()
    found = []
    if text.strip() in CODE_TEXT:
        return [text.strip()]
    for raw in text.split():
        token = raw.strip(".,;:()[]{}\"'«»–—!?*")
        if not token or _allowed_token(token):
            continue
        if SNAKE.match(token) or token == "==":
            found.append(token)
            continue
        for word in WORD.findall(token):
            if word in codes or word.lower() in english:
                found.append(word)
    return found


class _Visible(HTMLParser):
    """Visible text of a report by place: (section id, column header or tag, text)."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str, str]] = []
        self.lang = None
        self.section = ""
        self.skip = 0
        self.headers: list[str] = []
        self.column = -1
        self.in_head = False
        self.tag = ""
        self.cite = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("style", "script", "title"):
            self.skip += 1
        if tag in ("section", "footer"):
            self.section = attrs.get("id", "")
        if tag == "thead":
            self.in_head, self.headers = True, []
        if tag == "tr":
            self.column = -1
        if tag in ("td", "th"):
            self.column += 1
        if tag == "cite":
            self.cite += 1
        if tag == "img" and attrs.get("alt"):
            self.items.append((self.section, "alt", attrs["alt"]))
        self.tag = tag

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        if tag == "thead":
            self.in_head = False
        if tag == "cite":
            self.cite -= 1

    def handle_data(self, data):
        if self.skip or self.cite or not data.strip():  # a citation is as published
            return
        if self.in_head and self.tag == "th":
            self.headers.append(data.strip())
        where = self.tag
        if self.tag == "td" and 0 <= self.column < len(self.headers):
            where = self.headers[self.column]
        self.items.append((self.section, where, data.strip()))


def _labels(keys, kind: str) -> set[str]:
    table = i18n.dictionary("sv")[kind]
    return {table[k] for k in keys if k in table}


def report_findings(path: Path) -> list[tuple[str, str, str, list[str]]]:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.lang == "sv"
    assumption = _labels(ASSUMPTION_COLUMNS, "texts")
    out = []
    for section, where, text in parser.items:
        if section.startswith("assumptions") and where in assumption:
            continue
        found = findings(text)
        if found:
            out.append((section, where, text[:160], found))
    return out


def workbook_findings(path: Path) -> list[tuple[str, str, str, list[str]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    sources = _labels(CITATION_COLUMNS, "columns")
    assumption = _labels(ASSUMPTION_COLUMNS, "columns")
    assumptions_sheet = i18n.sheet_name("assumptions", "sv")
    about = i18n.sheet_name("provenance", "sv")
    command = i18n.dictionary("sv")["values"]["provenance_field"]["command"]
    out = []
    for ws in book.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = [str(h) for h in next(rows, ())]
        out += [(ws.title, "header", h, findings(h)) for h in header if findings(h)]
        for row in rows:
            for column, value in zip(header, row, strict=False):
                if isinstance(value, bool):
                    out.append((ws.title, column, str(value), ["TRUE/FALSE"]))
                    continue
                if not isinstance(value, str) or column in sources:
                    continue
                if ws.title == assumptions_sheet and column in assumption:
                    continue
                if ws.title == about and (row[0] == command or row[0] in PACKAGES):
                    continue  # the command line and package names are names
                found = findings(value)
                if found:
                    out.append((ws.title, column, value[:160], found))
    return out


PACKAGES = {"python", "numpy", "pandas", "pvlib", "geopandas", "pyogrio", "shapely", "xlsxwriter",
            "jinja2", "matplotlib", "pyproj", "babel", "pyarrow", "scipy", "dask"}  # fmt: skip


def geopackage_findings(path: Path) -> list[tuple[str, str, str, list[str]]]:
    out = []
    for layer, _ in pyogrio.list_layers(path):
        frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
        for column in frame.columns:
            out += [(layer, "field", column, findings(column))] if findings(column) else []
            values = frame[column]
            if values.dtype == bool:
                out.append((layer, column, "bool", ["TRUE/FALSE"]))
                continue
            for value in values.dropna().unique():
                found = findings(value) if isinstance(value, str) else []
                if found:
                    out.append((layer, column, value[:160], found))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("swedish")
    run_demo(out, kommuner=[KOMMUN], progress=False, jobs=1)
    return out


def test_the_scan_finds_english_codes_and_keys():
    """The detector itself: the caveat the match stage writes in English, a code value and a
    scenario key are found; Swedish text, units, ids, paths and proper names are not."""
    from workbench.match.result import AGGREGATE_NOTE

    assert {"upper", "bound", "roofs"} <= set(findings(AGGREGATE_NOTE))
    assert findings("(not planned as battery-electric unless allow_bev_beyond_winter_range)")
    assert findings("building_type == 'public'") == ["building_type", "==", "public"]
    assert findings("petrol") == ["petrol"] and findings("bev") == ["bev"]
    assert findings("TRUE") == ["TRUE"]
    assert findings("Utsläpp, livscykel (well-to-wheel)") == ["well-to-wheel"]
    swedish = ("Utsläpp från källa till hjul 1 469,2 t CO₂e; el (BEV), laddhybrid, "
               "HVO100; SYN2580-0002; fleet/register_SYNTHETIC.csv; Carbon Law; Workbench")  # fmt: skip
    assert findings(swedish) == []


@pytest.mark.slow
def test_swedish_report_has_no_english_text_or_internal_keys(demo):
    slug = KOMMUN.lower()
    found = report_findings(demo / slug / f"{slug}.html")
    found += report_findings(demo / "lan" / "lan.html")
    assert found == []


@pytest.mark.slow
def test_swedish_workbooks_have_no_english_cells_internal_keys_or_true_false(demo):
    slug = KOMMUN.lower()
    found = workbook_findings(demo / slug / f"{slug}.xlsx")
    found += workbook_findings(demo / "lan" / "lan.xlsx")
    assert found == []


@pytest.mark.slow
def test_swedish_geopackage_fields_and_values_are_swedish(demo):
    slug = KOMMUN.lower()
    assert geopackage_findings(demo / slug / f"{slug}.gpkg") == []


def test_every_price_caveat_of_the_match_stage_reads_in_swedish():
    """The match stage's price caveats (flat or hourly SE1 prices, with or without VAT, with
    hours missing a price appended as a second sentence) each have a Swedish text."""
    from workbench.export.notes import translate_note
    from workbench.match.result import HOURLY_PRICE_NOTE, MISSING_PRICE_NOTE, PRICE_NOTE

    vats = ("excl. VAT (municipalities recover VAT)", "with VAT on purchases (vat_is_cost)")
    missing = MISSING_PRICE_NOTE.format(n=24, year=2023, pv=1.234, charging=0.5)
    for vat in vats:
        hourly = HOURLY_PRICE_NOTE.format(year=2023, eur_sek="11.4796", vat=vat, mean=0.457)
        for note in (PRICE_NOTE.format(vat=vat), hourly, f"{hourly} {missing}"):
            swedish = translate_note(note, "sv")
            assert findings(swedish) == [], swedish
    both = translate_note(f"{hourly} {missing}", "sv")
    assert "11,4796 kr/EUR" in both and both.endswith("välj ett prisår utan luckor.")
    assert "24 timmar av 2023 saknar pris" in both and "solel 1,2 MWh" in both


def _complete_lists() -> dict:
    """The complete list of assumptions of the default scenario with every factor table (the
    fleet's, the seat climatology of an estimated seat) and the plausibility limits, per language."""
    plausibility = check_sources(pd.read_csv(data_path("fleet", "plausibility.csv")), "p")
    out = {}
    for lang in ("sv", "en"):
        tables = {f"fleet.{k}": v for k, v in factor_tables().items()}
        tables["fleet.plausibility"] = plausibility
        tables["solar.climatology"] = climate.climatology_assumptions("Kiruna", lang)
        out[lang] = assumptions_frame(files.default_scenario(), tables, lang)
    return out


def test_citations_hold_no_note_of_ours():
    """Every row of the complete list (config fields, factor-table rows) keeps the citation and
    our note apart: no citation says "assumption", "estimate", "workbench choice" or the like
    (those are notes, translated), and every row has one or the other."""
    complete = _complete_lists()["sv"]
    assert len(complete) > 500
    mixed = sorted({s for s in complete["source"] if OWN_NOTE.search(s)})
    assert mixed == [], mixed
    assert ((complete["source"] != "") | (complete["source_note"] != "")).all()


def test_our_source_notes_read_in_swedish_and_in_english():
    """The Swedish complete list: no note of ours has an English word or an internal key (before,
    270 vehicle-type rows read "energy: assumption: real-world energy use ..."); the English option
    keeps the English notes."""
    lists = _complete_lists()
    found = {n: findings(n) for n in set(lists["sv"]["source_note"]) if findings(n)}
    assert found == {}
    en = lists["en"].set_index("key")["source_note"]
    assert (
        en["match.battery.capacity_kwh"]
        == "Assumption: no battery by default; set a size to study one"
    )
    sv = lists["sv"].set_index("key")["source_note"]
    assert (
        sv["match.battery.capacity_kwh"]
        == "Antagande: inget batteri som standard; ange en storlek för att studera ett"
    )
    assert (
        lists["sv"]["source"].tolist() == lists["en"]["source"].tolist()
    )  # citations as published


def test_every_assumption_has_a_swedish_name_and_description():
    """The Swedish complete list (593 rows with the plausibility limits and a seat climatology):
    every row has a plain name ("Antagande": a configuration field's from ``assumption_names``,
    a factor-table row's composed from the table, its coded values, year and column label), one
    name per key, and no name or description has an English word or an internal key; before,
    only the 25 key assumptions had a Swedish name and 192 of the 195 descriptions of a Luleå
    workbook were English. The English option keeps the English descriptions."""
    lists = _complete_lists()
    sv = lists["sv"]
    assert len(sv) > 500 and (sv["assumption_name"] != "").all()
    assert not sv["assumption_name"].duplicated().any()
    found = {t: findings(t) for c in ("assumption_name", "description") for t in set(sv[c])}
    assert {t: f for t, f in found.items() if f} == {}
    names = sv.set_index("key")["assumption_name"]
    assert (
        names["fleet.energy_prices.diesel.2026.price_sek_per_unit_excl_vat"]
        == "Energipriser: diesel 2026, pris exkl. moms"
    )
    assert names["fleet.vehicle_types.car.bev.purchase_sek"] == (
        "Fordonstyper: personbil, el (BEV), inköpspris"
    )
    en = lists["en"].set_index("key")
    assert en.loc["pv.albedo", "description"] == "Ground albedo when the weather carries none"
    assert en.loc["pv.albedo", "assumption_name"] == "Ground albedo"


def test_a_description_without_swedish_text_is_an_error(monkeypatch):
    """A new or changed English description (a configuration field's, a factor-table row's
    text) cannot reach a Swedish export: the export stops and names it."""
    descriptions = i18n.dictionary("sv")["descriptions"]
    monkeypatch.delitem(descriptions, "Ground albedo when the weather carries none")
    monkeypatch.delitem(descriptions, "pool cars: short business trips with parking between")
    with pytest.raises(i18n.MissingLabelError, match="Ground albedo when the weather carries none"):
        assumptions_frame(files.default_scenario(), {}, "sv")
    duty = factor_tables()["duty_profiles"]
    with pytest.raises(i18n.MissingLabelError, match="pool cars: short business trips"):
        factor_rows("fleet.duty_profiles", duty, "sv")
    assert "pool cars" in factor_rows("fleet.duty_profiles", duty, "en")["description"].iloc[8]
    assert i18n.description("Ground albedo when the weather carries none", "en")
