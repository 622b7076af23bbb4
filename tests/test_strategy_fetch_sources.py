"""``workbench fetch strategy`` for RUS, SCB TAB3654 and Energimyndigheten EN0123_1 (issue 14
item 3), against the recorded-style answers in ``tests/fixtures/strategy`` (built by
``tests/fixtures/strategy/build_fixtures.py`` from the published files in ../shared, in each
service's answer format). No test touches the network: a fake transport answers.

Expected figures were read by hand from the ../shared files:

- ``strategy/rus/rus_co2_kommuner_1990_2022.xlsx``, sheet 'Koldioxid (CO2)': row 104
  ``Alla | Alla | Norrbottens län | Luleå``: 1990 3,083,908.799 t, 2022 3,408,944.579 t CO2;
  row 728 ``Transporter | Personbilar | … | Luleå``: 2022 73,084.101 t CO2;
- ``strategy/klimatkollen/municipality-sector-emissions.json``, "Luleå", sectors "2024":
  Industri (energi + processer) 1,556,730.3; El och fjärrvärme 1,180,595.4; Transporter
  183,120.58 t CO2e (RUS GGT via Klimatkollen, the source of the GGT fixture);
- ``strategy/energibalans/EN0203AE_slutanvandning_2016-2020.csv``, line 24920
  ``"2580 Lule?";"slutanv. sm?hus";"fj?rrv?rme"``: 2019 219,051 MWh, 2020 193,505 MWh;
  line 24918 (``fast (förnybara)``) 2020 32,724 MWh; line 24921 (``el``): ``..`` every year
  (suppressed: missing, never zero);
- ``strategy/solar_installed_2025.csv``: Luleå 631 installations, 11.16 MW; Arvidsjaur empty.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_strategy_fetch import kolada_answer
from typer.testing import CliRunner

from workbench.cli import app
from workbench.core import download
from workbench.core.download import DownloadError, Response, Retry
from workbench.core.errors import InputError
from workbench.strategy import fetch_em, fetch_rus, fetch_scb
from workbench.strategy.embedded import load_inputs
from workbench.strategy.fetch import fetch_pv_installed, fetch_strategy, kolada_request
from workbench.strategy.refresh import refreshed_inputs
from workbench.strategy.run import run

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "strategy"
RUS = FIXTURES / "rus_co2_lan25.xlsx"
GGT = FIXTURES / "rus_ggt_lan25.xlsx"
SCB = FIXTURES / "scb_tab3654_2019-2020.json"
PROD = FIXTURES / "scb_tab3451_2019-2020.json"
EM = FIXTURES / "em_en0123_1_2025.json"
NO_WAIT = Retry(attempts=2, backoff_s=0.0, sleep=lambda s: None)
T0 = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)


class Transport:
    """Answers from a list (bytes, or an exception to raise); records the requests."""

    def __init__(self, *answers, length: bool = True):
        self.answers, self.requests, self.length = list(answers), [], length

    def __call__(self, request):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        headers = {"Content-Length": str(len(answer))} if self.length else {}
        return Response(200, headers, [answer])


def _fetch(source, folder, *answers, length=True, now=None):
    """``source``'s answer (``rus``: the CO2 one; it asks for GGT first, then CO2)."""
    kw = {"energy_years": [2019, 2020]}
    return fetch_strategy(source, folder, transport=Transport(*answers, length=length),
                          retry=NO_WAIT, now=(lambda: now) if now else None, **kw)[source]  # fmt: skip


def _without_source(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns="source").reset_index(drop=True)


# --- each fetcher against its fixture -------------------------------------------------------
def test_rus_export_is_read_by_the_embedded_reader(tmp_path):
    """Luleå CO2 (row 104 of the published export): 1990 3,083,908.799 t, 2022 3,408,944.579 t;
    cars 2022 (row 728) 73,084.101 t. The fetched table equals the embedded one row for row."""
    transport = Transport(RUS.read_bytes())
    got = fetch_rus.fetch_rus_co2(tmp_path, transport=transport, retry=NO_WAIT)
    req = transport.requests[0]
    assert req.url == fetch_rus.URL and dict(req.params) == {"county": "25", "municipality": "0",
                                                              "sub": "CO2"}  # fmt: skip
    prov = got.download.provenance
    assert prov["licence"].startswith("Källa: Nationella emissionsdatabasen")
    assert prov["years"][0] == 1990 and prov["years"][-1] == 2022 and len(prov["sha256"]) == 64
    t = got.table.set_index(["area_id_scb", "sector", "subsector", "year"])["co2_t"]
    assert t[("2580", "alla", "alla", 1990)] == pytest.approx(3083908.799, abs=1e-3)
    assert t[("2580", "alla", "alla", 2022)] == pytest.approx(3408944.579, abs=1e-3)
    assert t[("2580", "transporter", "personbilar", 2022)] == pytest.approx(73084.101, abs=1e-3)
    assert got.table["source"].str.contains(r"Länsrapport \(uttag \d{4}-\d\d-\d\d\)").all()
    pd.testing.assert_frame_equal(_without_source(got.table), check_dtype=False,
                                  right=_without_source(load_inputs().emissions_rus_co2))  # fmt: skip


def test_rus_greenhouse_gas_export_refreshes_the_sector_table(tmp_path):
    """Luleå 2024 (Klimatkollen's RUS GGT): industri 1,556,730.3, el_fjarrvarme 1,180,595.4,
    transporter 183,120.58 t CO2e; the fetched table equals the embedded ``emissions_sector``."""
    transport = Transport(GGT.read_bytes(), RUS.read_bytes())
    got = fetch_strategy("rus", tmp_path, transport=transport, retry=NO_WAIT)
    assert [dict(r.params)["sub"] for r in transport.requests] == ["GGT", "CO2"]
    ggt = got["rus-ggt"]
    assert ggt.download.provenance["strategy_table"] == "emissions_sector"
    t = ggt.table.set_index(["area_id_scb", "year", "sector"])["co2e_t"]
    assert t[("2580", 2024, "industri")] == 1556730.3
    assert t[("2580", 2024, "el_fjarrvarme")] == 1180595.4
    assert t[("2580", 2024, "transporter")] == 183120.58
    pd.testing.assert_frame_equal(_without_source(ggt.table), check_dtype=False,
                                  right=_without_source(load_inputs().emissions_sector))  # fmt: skip
    # the CO2 workbook answered for GGT is a format change, named
    with pytest.raises(DownloadError, match="'Emissioner av Växthusgaser' and 'Enhet: ton'"):
        fetch_strategy("rus", tmp_path / "other", transport=Transport(RUS.read_bytes()),
                       retry=NO_WAIT)  # fmt: skip


def test_scb_tab3654_answer_is_read_by_the_embedded_parser(tmp_path):
    """Luleå småhus district heating 2019 219,051 and 2020 193,505 MWh, solid renewables 2020
    32,724 MWh, electricity '..' (missing with status 'suppressed', never zero)."""
    transport = Transport(SCB.read_bytes())
    got = fetch_scb.fetch_energy_final_use([2019, 2020], tmp_path, transport=transport,
                                           retry=NO_WAIT)  # fmt: skip
    req = transport.requests[0]
    assert req.method == "POST" and req.url.endswith("/tables/TAB3654/data")
    body = json.loads(req.json_body)
    assert {s["variableCode"]: s["valueCodes"] for s in body["selection"]}["Tid"] == [
        "2019",
        "2020",
    ]
    assert got.download.provenance["request"]["json"] == body  # the query is in the provenance
    t = got.table.set_index(["area_id_scb", "year", "category", "carrier"])
    assert t.loc[("2580", 2019, "smahus", "fjarrvarme"), "energy_mwh"] == 219051.0
    assert t.loc[("2580", 2020, "smahus", "fjarrvarme"), "energy_mwh"] == 193505.0
    assert t.loc[("2580", 2020, "smahus", "fast_fornybar"), "energy_mwh"] == 32724.0
    el = t.loc[("2580", 2020, "smahus", "el")]
    assert math.isnan(el["energy_mwh"]) and el["status"] == "suppressed"
    embedded = load_inputs().energy_final_use
    embedded = embedded[embedded["year"].isin([2019, 2020])]
    pd.testing.assert_frame_equal(_without_source(got.table), _without_source(embedded),
                                  check_dtype=False)  # fmt: skip


def test_energimyndigheten_pv_is_read_by_the_embedded_reader(tmp_path):
    """Luleå 2025: 631 installations, 11.16 MW; Arvidsjaur missing (null, '..'), never zero;
    the years come from the labels (PxWeb v1 codes them by position)."""
    transport = Transport(EM.read_bytes())
    got = fetch_em.fetch_pv_by_year(5, tmp_path, transport=transport, retry=NO_WAIT)
    body = json.loads(transport.requests[0].json_body)
    assert body["query"][0]["selection"] == {"filter": "top", "values": ["5"]}
    assert body["response"] == {"format": "json-stat2"}
    t = got.table.set_index("area_id_scb")
    assert t.loc["2580", "n_installations"] == 631 and t.loc["2580", "capacity_mw"] == 11.16
    assert pd.isna(t.loc["2505", "capacity_mw"]) and pd.isna(t.loc["2505", "n_installations"])
    assert (got.table["year"] == 2025).all() and got.path.name == "pv_installed_em.csv"
    pd.testing.assert_frame_equal(_without_source(got.table), check_dtype=False,
                                  right=_without_source(load_inputs().pv_installed))  # fmt: skip


# --- bad input ------------------------------------------------------------------------------
def test_offline_names_the_host_and_what_to_do(tmp_path):
    for source, host in (("rus", "nationellaemissionsdatabasen.smhi.se"),
                         ("scb-energy", "statistikdatabasen.scb.se"),
                         ("em-pv", "pxexternal.energimyndigheten.se")):  # fmt: skip
        down = ConnectionError("[Errno -3] Temporary failure in name resolution")
        with pytest.raises(DownloadError) as exc:
            _fetch(source, tmp_path, down, down)
        text = str(exc.value)
        assert f"a network connection to {host}" in text and "after 2 attempts" in text
        assert "only fetch commands need the network" in text


def test_an_empty_or_truncated_answer_is_retried_then_named_and_never_cached(tmp_path):
    with pytest.raises(DownloadError, match=r"empty answer \(0 bytes\) \(after 2 attempts\)"):
        _fetch("scb-energy", tmp_path, b"", b"")
    cut = SCB.read_bytes()[:5000]  # no Content-Length: only the JSON's end shows the cut
    with pytest.raises(DownloadError, match=r"answer cut off: 5000 bytes ending in"):
        _fetch("scb-energy", tmp_path, cut, cut, length=False)
    xlsx = RUS.read_bytes()[:20000]
    with pytest.raises(DownloadError, match="Excel .ZIP. file without its directory"):
        _fetch("rus", tmp_path, xlsx, xlsx, length=False)
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("*.xlsx"))
    # a retry that then gets the whole answer succeeds
    got = _fetch("em-pv", tmp_path, b"", EM.read_bytes())
    assert got.download.provenance["attempts"] == 2


def _scb_with(change) -> bytes:
    answer = json.loads(SCB.read_text(encoding="utf-8"))
    change(answer)
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")


def _rename_fuel_dimension(a: dict) -> None:
    a["id"][2] = "Energislag"
    a["dimension"]["Energislag"] = a["dimension"].pop("Bransle")
    a["dimension"]["Energislag"]["label"] = "energislag"


def test_a_changed_scb_format_names_what_was_expected_and_what_came(tmp_path):
    with pytest.raises(DownloadError) as exc:
        _fetch("scb-energy", tmp_path, _scb_with(_rename_fuel_dimension))
    text = str(exc.value)
    assert "the service may have changed its format" in text
    assert "one dimension 'bränsletyp' (code or label starting with 'bransle')" in text
    assert "Energislag (energislag)" in text  # what came
    relabel = _scb_with(lambda a: a["dimension"]["Bransle"]["category"]["label"].update(
        {"8": "elenergi"}))  # fmt: skip
    with pytest.raises(DownloadError, match="column 'bränsletyp': value 'elenergi': expected a "
                       "known fuel type"):  # fmt: skip
        _fetch("scb-energy", tmp_path, relabel)
    with pytest.raises(DownloadError, match=r"the answer: value \['error'\]: expected a JSON-stat "
                       r"2.0 dataset with keys \['id', 'size', 'dimension', 'value'\]"):  # fmt: skip
        _fetch("scb-energy", tmp_path, b'{"error": "Table not found"}')
    assert not list(tmp_path.iterdir())  # a bad answer never reaches the cache


def test_a_changed_energimyndigheten_or_rus_format_is_named(tmp_path):
    em = json.loads(EM.read_text(encoding="utf-8"))
    em["dimension"]["ContentsCode"]["category"]["label"]["EN0123A2"] = "Installerad effekt, kW"
    with pytest.raises(
        DownloadError, match=r"value 'Installerad effekt, kW': expected the capacity in MW"
    ):
        _fetch("em-pv", tmp_path, json.dumps(em).encode())
    del em["dimension"]["ContentsCode"]["category"]["label"]["EN0123A1"]
    em["dimension"]["ContentsCode"]["category"]["index"] = {"EN0123A2": 0, "X": 1}
    with pytest.raises(DownloadError, match="one category of 'ContentsCode' whose label contains "
                       "'antal'"):  # fmt: skip
        _fetch("em-pv", tmp_path, json.dumps(em).encode())
    wb = openpyxl.load_workbook(RUS)
    wb.active["A6"] = "Sektor"  # the header row renamed
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    with pytest.raises(DownloadError, match="expected a 'Huvudsektor | Undersektor | Län | Kommun' "
                       "header row"):  # fmt: skip
        _fetch("rus", tmp_path / "cache", GGT.read_bytes(), changed.read_bytes())
    with pytest.raises(DownloadError, match="not an Excel workbook: it starts with '<html>"):
        _fetch("rus", tmp_path / "cache", b"<html><body>Service unavailable</body></html>")


def test_a_stale_cache_shows_its_age_and_how_to_refresh(tmp_path):
    _fetch("em-pv", tmp_path, EM.read_bytes(), now=T0)
    later = T0 + dt.timedelta(days=500)
    again = _fetch("em-pv", tmp_path, now=later)  # no answer left: from the cache
    assert again.download.from_cache and again.download.is_stale
    note = again.download.age_note()
    assert "(500.0 days ago)" in note and "older than 400 days: run again with --refresh" in note
    _, vintages = refreshed_inputs(tmp_path, now=lambda: later)
    assert vintages[0].is_stale
    assert vintages[0].note() == (
        "strategy data refreshed from the cache: em_en0123_1.json, 2025, 2026-12-03T08:00:00Z; "
        "the cache is 500 days old, older than 400 days: fetch it again with --refresh"
    )


# --- offline from the cache, and the strategy run on it -------------------------------------
def test_offline_every_source_is_answered_from_its_cache(tmp_path):
    down = OSError("[Errno -3] Temporary failure in name resolution")
    for source, fixtures in (("rus", (GGT, RUS)), ("scb-energy", (SCB,)), ("em-pv", (EM,))):
        first = _fetch(source, tmp_path, *(f.read_bytes() for f in fixtures))
        offline = _fetch(source, tmp_path, down)  # the transport would fail if asked
        assert offline.download.from_cache and not first.download.from_cache
        pd.testing.assert_frame_equal(offline.table, first.table)


def test_the_strategy_run_uses_the_refreshed_cache_and_says_so(tmp_path):
    cache = tmp_path / "cache"
    for source, fixtures in (("rus", (GGT, RUS)), ("scb-energy", (SCB,)), ("em-pv", (EM,))):
        _fetch(source, cache, *(f.read_bytes() for f in fixtures), now=T0)
    inputs, vintages = refreshed_inputs(cache, now=lambda: T0)
    assert [v.table for v in vintages] == ["pv_installed", "emissions_rus_co2", "emissions_sector",
                                           "energy_final_use"]  # fmt: skip
    sector = inputs.emissions_sector
    assert sector["source"].str.contains(r"växthusgaser \(uttag 2026-12-03\)").all()
    energy = inputs.energy_final_use
    new = energy[energy["source"].str.startswith("SCB/Energimyndigheten TAB3654")]
    assert sorted(new["year"].unique()) == [2019, 2020]  # only the years the answer has
    assert len(energy) == len(load_inputs().energy_final_use)  # replaced, not added twice
    result = run("Luleå", tmp_path / "out", refreshed=cache)
    notes = [n for n in result.summary["notes"] if n.startswith("strategy data refreshed")]
    assert notes[1] == ("strategy data refreshed from the cache: rus_co2_lan25.xlsx, 1990–2022, "
                        "2026-12-03T08:00:00Z")  # fmt: skip
    pv = result.tables["pv_installed"].iloc[0]
    assert pv["capacity_mw"] == 11.16 and "uttag 2026-12-03" in pv["source"]
    plain = run("Luleå", tmp_path / "plain")
    assert not [n for n in plain.summary["notes"] if n.startswith("strategy data refreshed")]
    out = CliRunner().invoke(
        app, ["strategy", "-k", "Luleå", "-o", str(tmp_path / "cli"), "--cache", str(cache)]
    )
    assert out.exit_code == 0, out.output
    assert "strategy data refreshed from the cache: scb_tab3654_2019-2020.json" in out.output


def test_no_or_a_tampered_cache_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="answers of 'workbench fetch strategy' .run it first"):
        refreshed_inputs(tmp_path)
    _fetch("em-pv", tmp_path, EM.read_bytes())
    (tmp_path / "em_en0123_1.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="the sha256 recorded in its provenance file"):
        refreshed_inputs(tmp_path)


def test_the_cli_fetches_every_source_into_one_cache(tmp_path, monkeypatch):
    answers = Transport(GGT.read_bytes(), RUS.read_bytes(), SCB.read_bytes(), PROD.read_bytes(),
                        EM.read_bytes(), kolada_answer())  # fmt: skip
    monkeypatch.setattr(download, "http_transport", answers)
    result = CliRunner().invoke(app, ["fetch", "strategy", "--folder", str(tmp_path),
                                      "--energy-years", "2019-2020"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rus: 3802 rows, years 1990–2022" in result.output
    assert "rus-ggt: 1350 rows, years 1990–2024" in result.output
    assert (
        "em-pv: 14 rows, years 2025–2025, 13 of 14 municipalities with a capacity" in result.output
    )
    assert "scb-production: 1200 rows, years 2019–2020" in result.output
    assert len(list(tmp_path.glob("*.provenance.yaml"))) == 6
    assert kolada_request(2025).record().keys() == {"method", "url", "params", "form"}  # no body
    bad = CliRunner().invoke(app, ["fetch", "strategy", "--source", "smhi"])
    text = " ".join(bad.output.replace("│", " ").split())
    assert (
        bad.exit_code == 2
        and "one of rus, scb-energy, scb-production, em-pv, kolada or all" in text
    )


def test_kolada_still_refreshes_pv_installed(tmp_path):
    fetch_pv_installed(2025, tmp_path, transport=Transport(kolada_answer()), retry=NO_WAIT)
    inputs, vintages = refreshed_inputs(tmp_path)
    assert vintages[0].source == "kolada" and vintages[0].years == (2025,)
    assert inputs.pv_installed["source"].str.contains("uttag").all()


# --- the fixtures are what the script makes from ../shared ----------------------------------
@pytest.mark.slow
def test_fixtures_are_rebuilt_from_shared(shared, tmp_path):
    spec = importlib.util.spec_from_file_location("build_fixtures", FIXTURES / "build_fixtures.py")
    build_fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_fixtures)
    built = build_fixtures.build(shared, tmp_path)
    for name in (
        "scb_tab3654_2019-2020.json",
        "scb_tab3451_2019-2020.json",
        "em_en0123_1_2025.json",
    ):
        assert built[name].read_bytes() == (FIXTURES / name).read_bytes(), name
    for name in ("rus_co2_lan25.xlsx", "rus_ggt_lan25.xlsx"):
        fresh = openpyxl.load_workbook(built[name]).active
        kept = openpyxl.load_workbook(FIXTURES / name).active
        assert list(fresh.values) == list(kept.values), name
