"""``workbench fetch strategy --source scb-production``: SCB table TAB3451, electricity production
by production type × fuel per municipality (issue 14 item 3), against the recorded-style answer
``tests/fixtures/strategy/scb_tab3451_2019-2020.json`` (built by ``build_fixtures.py`` from the
published EN0203AD export in ../shared). No test touches the network: a fake transport answers.

Expected figures read by hand from ``strategy/energibalans/EN0203AD_elproduktion_2009-2020.csv``
(columns 2019, 2020; MWh):

- line 12282 ``"2580 Lule?";"kraftv?rmeverk + industriellt mottryck";"elproduktion"``:
  289,364 and 512,429; line 12314 (``summa bränsletyp``, the total): the same;
- line 866 ``"25 Norrbottens l?n";"vindkraft";"elproduktion"``: 1,987,302 and 3,339,300;
  line 874 (total) 18,009,577 and 19,972,346; line 858 (``vattenkraft``) ``..`` and 15,342,546;
  line 842 (kraftvärme) ``..`` and 1,290,500. Check of 2020: 15,342,546 + 3,339,300 +
  1,290,500 + 0 (line 850, övrig värmekraft) = 19,972,346 = the total;
- line 12466 ``"2584 Kiruna";"vindkraft";"elproduktion"``: ``..`` both years (suppressed:
  missing, never zero).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from test_strategy_fetch_sources import FIXTURES, NO_WAIT, T0, Transport, _fetch

from workbench.core.download import DownloadError
from workbench.strategy import energy as en
from workbench.strategy import fetch_scb
from workbench.strategy.embedded import load_inputs
from workbench.strategy.refresh import refreshed_inputs
from workbench.strategy.run import run

PROD = FIXTURES / "scb_tab3451_2019-2020.json"


def _embedded_el(years=(2019, 2020)) -> pd.DataFrame:
    e = load_inputs().energy_production
    e = e[(e["output"] == "el") & e["year"].isin(years)]
    return e.drop(columns="source").reset_index(drop=True)


def test_tab3451_answer_is_read_by_the_embedded_parser(tmp_path):
    transport = Transport(PROD.read_bytes())
    got = fetch_scb.fetch_energy_production([2019, 2020], tmp_path, transport=transport,
                                            retry=NO_WAIT)  # fmt: skip
    req = transport.requests[0]
    assert req.method == "POST" and req.url.endswith("/tables/TAB3451/data")
    body = json.loads(req.json_body)
    selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert selection["ContentsCode"] == ["EN0203AD"] and selection["Tid"] == ["2019", "2020"]
    assert selection["Produktionssatt"] == ["*"] and "25" in selection["Region"]
    prov = got.download.provenance
    assert prov["request"]["json"] == body and len(prov["sha256"]) == 64
    assert prov["strategy_source"] == "scb-production"
    assert prov["strategy_table"] == "energy_production" and prov["data_set"] == "SCB TAB3451"
    assert prov["years"] == [2019, 2020] and prov["licence"].startswith("Källa: SCB")
    t = got.table.set_index(["area_id_scb", "year", "category", "carrier"])["energy_mwh"]
    made = "elproduktion"
    assert t[("2580", 2019, "kraftvarme_industriellt_mottryck", made)] == 289364
    assert t[("2580", 2020, "total", made)] == 512429
    assert t[("25", 2019, "vindkraft", made)] == 1987302
    assert t[("25", 2020, "total", made)] == 19972346
    assert t[("25", 2020, "vattenkraft", made)] == 15342546
    assert math.isnan(t[("25", 2019, "vattenkraft", made)])
    assert math.isnan(t[("2584", 2020, "vindkraft", made)])
    assert (got.table["output"] == "el").all()
    assert got.table["source"].str.contains(r"TAB3451 \(EN0203AD\), bearbetad \(uttag").all()
    # the same rows as the embedded EN0203AD table, row for row (1,200: 15 areas x 5 types x
    # 8 cells x 2 years)
    fetched = got.table.drop(columns="source").reset_index(drop=True)
    pd.testing.assert_frame_equal(fetched, _embedded_el(), check_dtype=False)
    assert len(fetched) == 1200


def test_production_in_the_strategy_energy_balance():
    """The county 2020 by production type sums to the published total (19,972,346 MWh)."""
    inputs = load_inputs()
    p = en.area_production(inputs.energy_production, "25")
    el = p[(p["year"] == 2020) & (p["output"] == "el")].set_index("production_type")
    assert el.loc["total", "energy_mwh"] == 19972346
    parts = el.drop(index="total")["energy_mwh"]
    assert parts.sum() == 19972346 and parts.notna().all()
    heat = p[(p["year"] == 2020) & (p["output"] == "fjarrvarme")]
    assert "total" in set(heat["production_type"])
    kiruna = en.area_production(inputs.energy_production, "2584").set_index(
        ["year", "output", "production_type"])  # fmt: skip
    assert kiruna.loc[(2020, "el", "vindkraft"), "status"] == "suppressed"
    assert math.isnan(kiruna.loc[(2020, "el", "vindkraft"), "energy_mwh"])


def _answer_with(change) -> bytes:
    answer = json.loads(PROD.read_text(encoding="utf-8"))
    change(answer)
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")


def _relabel(code: str, label: str):
    return lambda a: a["dimension"]["Produktionssatt"]["category"]["label"].update({code: label})


def test_a_label_the_reader_does_not_know_is_taken_from_its_code(tmp_path):
    """SCB's label of 4.5+4.6 as 'Kraftvärme' (as public code shows it): read by its code."""
    got = _fetch("scb-production", tmp_path, _answer_with(_relabel("4.5+4.6", "Kraftvärme")))
    fetched = got.table.drop(columns="source").reset_index(drop=True)
    pd.testing.assert_frame_equal(fetched, _embedded_el(), check_dtype=False)


def test_solar_power_from_2021_is_read(tmp_path):
    """A 2021-style answer: the production type 4.7 'Solkraft' replaces 'övrig värmekraft' in a
    CONSTRUCTED copy of the fixture (the published 2009–2020 export has no solar row); its cells
    come through under ``solkraft``."""

    got = _fetch("scb-production", tmp_path, _answer_with(_recode("4.3+4.4", "4.7", "Solkraft")))
    t = got.table.set_index(["area_id_scb", "year", "category", "carrier"])["energy_mwh"]
    assert t[("2580", 2020, "solkraft", "elproduktion")] == 0  # the cells of the replaced row
    assert "solkraft" in got.download.provenance["production_types"]
    assert "ovrig_varmekraft" not in set(got.table["category"])


def _recode(old: str, new: str, label: str):
    def change(a: dict) -> None:
        cats = a["dimension"]["Produktionssatt"]["category"]
        cats["index"][new] = cats["index"].pop(old)
        cats["label"].pop(old)
        cats["label"][new] = label

    return change


def test_a_changed_tab3451_format_is_named_and_never_cached(tmp_path):
    """A production type whose label and code are both unknown (a new one) is named."""
    new_type = _recode("4.2", "4.8", "Havsbaserad vindkraft")
    with pytest.raises(DownloadError) as exc:
        _fetch("scb-production", tmp_path, _answer_with(new_type))
    text = str(exc.value)
    assert "the service may have changed its format" in text
    assert ("value 'Havsbaserad vindkraft': expected a known consumer category or production "
            "type") in text  # fmt: skip

    def renamed(a: dict) -> None:
        a["id"][1] = "Kraftslag"
        a["dimension"]["Kraftslag"] = a["dimension"].pop("Produktionssatt")
        a["dimension"]["Kraftslag"]["label"] = "kraftslag"

    with pytest.raises(DownloadError, match="one dimension 'produktionssätt' .code or label "
                       "starting with 'produktionss'.") as exc:  # fmt: skip
        _fetch("scb-production", tmp_path, _answer_with(renamed))
    assert "Kraftslag (kraftslag)" in str(exc.value)  # what came
    assert not list(tmp_path.iterdir())  # a bad answer never reaches the cache


def test_empty_offline_and_stale(tmp_path):
    with pytest.raises(DownloadError, match=r"empty answer \(0 bytes\) \(after 2 attempts\)"):
        _fetch("scb-production", tmp_path, b"", b"")
    cut = PROD.read_bytes()[:3000]
    with pytest.raises(DownloadError, match=r"answer cut off: 3000 bytes ending in"):
        _fetch("scb-production", tmp_path, cut, cut, length=False)
    down = ConnectionError("[Errno -3] Temporary failure in name resolution")
    with pytest.raises(DownloadError, match="a network connection to statistikdatabasen.scb.se"):
        _fetch("scb-production", tmp_path, down, down)
    first = _fetch("scb-production", tmp_path, PROD.read_bytes(), now=T0)
    later = T0 + dt.timedelta(days=401)
    again = _fetch("scb-production", tmp_path, down, now=later)  # offline: from the cache
    assert again.download.from_cache and again.download.is_stale
    assert "older than 400 days: run again with --refresh" in again.download.age_note()
    pd.testing.assert_frame_equal(again.table, first.table)
    _, vintages = refreshed_inputs(tmp_path, now=lambda: later)
    assert vintages[0].is_stale and vintages[0].table == "energy_production"


def test_the_refreshed_production_keeps_the_embedded_district_heating(tmp_path):
    _fetch("scb-production", tmp_path, PROD.read_bytes(), now=T0)
    inputs, vintages = refreshed_inputs(tmp_path, now=lambda: T0)
    assert [v.source for v in vintages] == ["scb-production"]
    prod, before = inputs.energy_production, load_inputs().energy_production
    assert len(prod) == len(before)  # el 2019–2020 replaced; district heating kept
    new = prod[prod["source"].str.contains("TAB3451")]
    assert sorted(new["year"].unique()) == [2019, 2020] and (new["output"] == "el").all()
    heat = prod[(prod["output"] == "fjarrvarme") & prod["year"].isin([2019, 2020])]
    assert len(heat) == len(before[(before["output"] == "fjarrvarme")
                                   & before["year"].isin([2019, 2020])])  # fmt: skip
    result = run("Luleå", tmp_path / "out", refreshed=tmp_path)
    table = result.tables["energy_production"].set_index(["year", "output", "production_type"])
    assert table.loc[(2020, "el", "total"), "energy_mwh"] == 512429
    assert "uttag 2026-12-03" in table.loc[(2020, "el", "total"), "source"]
    assert any(n.startswith("strategy data refreshed from the cache: scb_tab3451_2019-2020.json")
               for n in result.summary["notes"])  # fmt: skip


def test_the_summary_names_the_latest_electricity_production(tmp_path):
    """Embedded: Norrbotten 2020 19,972,346 MWh; Kiruna's totals 2017–2020 are '..', so its
    latest published total is 2016 (26,273 MWh, line 12474 of the export), named with its year.
    With a CONSTRUCTED answer whose wind row (4.2) is relabelled as solar (4.7), the county's
    2020 solar figure is that row's 3,339,300 MWh."""
    county = run("25", tmp_path / "lan").summary
    assert county["electricity_production_year"] == 2020
    assert county["electricity_production_mwh"] == 19972346
    assert county["solar_production_mwh"] is None  # no solar row before 2021
    kiruna = run("2584", tmp_path / "kiruna").summary
    assert (kiruna["electricity_production_year"], kiruna["electricity_production_mwh"]) == (
        2016, 26273)  # fmt: skip
    cache = tmp_path / "cache"
    _fetch("scb-production", cache, _answer_with(_recode("4.2", "4.7", "Solkraft")), now=T0)
    solar = run("25", tmp_path / "refreshed", refreshed=cache).summary
    assert solar["solar_production_mwh"] == 3339300
