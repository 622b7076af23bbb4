"""Norrbotten's installed grid-connected PV in the county report (issue 14 item 3).

Real numbers: ``../shared/data/strategy/solar_installed_2025.csv`` (Kolada N45974/N45970 =
Energimyndigheten EN0123, 2025), carried into the embedded ``data/strategy/pv_installed.csv``.
Hand sum of the 13 municipalities with a value (Arvidsjaur 2505 has none):

    capacity [MW]: Arjeplog 0.43 + Jokkmokk 1.16 + Överkalix 0.25 + Kalix 2.42
                   + Övertorneå 1.38 + Pajala 1.63 + Gällivare 1.44 + Älvsbyn 0.93
                   + Luleå 11.16 + Piteå 8.60 + Boden 3.52 + Haparanda 0.49 + Kiruna 1.25
                 = 34.66 MW
    installations: 29 + 51 + 36 + 212 + 93 + 99 + 101 + 68 + 631 + 508 + 264 + 55 + 107 = 2,254

So the county has *at least* 34.66 MW in 2025 (Arvidsjaur missing, never zero), and no county
row is published in the snapshot. The county-row tests add one to the real municipal rows and
say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.export.strategy import read_strategy, strategy_section
from workbench.strategy import fetch_em
from workbench.strategy.embedded import load_inputs
from workbench.strategy.pv_county import county_total
from workbench.strategy.run import compute, run

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "strategy"
ENGLISH = ("municipalities", "missing, not zero", "county row", "at least", "published")


def test_county_pv_is_the_sum_of_the_13_published_and_a_lower_bound():
    c = county_total(load_inputs().pv_installed)
    assert c.year == 2025
    assert c.capacity_mw == pytest.approx(34.66, abs=1e-9)
    assert c.n_installations == 2254
    assert c.n_kommuner_missing == 1 and c.missing == ("2505",) and c.is_lower_bound
    assert "Arvidsjaur" in c.note and "at least" in c.note


def test_county_run_gives_the_pv_row_and_the_summary():
    county = compute("25")
    pv = county.tables["pv_installed"].iloc[0]
    assert pv["capacity_mw"] == pytest.approx(34.66) and pv["n_installations"] == 2254
    assert pv["n_kommuner_missing"] == 1
    s = county.summary
    assert (s["pv_year"], s["pv_installed_mw"], s["pv_installations"]) == (2025, 34.66, 2254)
    assert s["pv_n_kommuner_missing"] == 1 and "Arvidsjaur" in s["pv_note"]
    # a municipality keeps its own row: Luleå 11.16 MW, nothing missing
    lulea = compute("2580").tables["pv_installed"].iloc[0]
    assert lulea["capacity_mw"] == 11.16 and lulea["n_kommuner_missing"] == 0


def _with_county(mw: float, n: int, arvidsjaur: tuple[float, int] | None) -> pd.DataFrame:
    """The real 2025 rows, plus a county row and (optionally) a value for Arvidsjaur: both
    CONSTRUCTED for the check, not published figures."""
    pv = load_inputs().pv_installed.copy()
    if arvidsjaur is not None:
        at = pv["area_id_scb"] == "2505"
        pv.loc[at, "capacity_mw"], pv.loc[at, "n_installations"] = arvidsjaur
    county = {"area_id_scb": "25", "year": 2025, "n_installations": n, "capacity_mw": mw,
              "source": "Energimyndigheten EN0123_1 (constructed test row)"}  # fmt: skip
    return pd.concat([pv, pd.DataFrame([county])], ignore_index=True)


def test_a_county_row_is_used_and_checked_against_the_sum_of_the_14(caplog):
    """With Arvidsjaur at 0.50 MW / 40 (constructed) the 14 sum to 34.66 + 0.50 = 35.16 MW and
    2,254 + 40 = 2,294: a county row of 35.20 MW lies within 15 × 0.005 = 0.075 MW rounding."""
    agree = county_total(_with_county(35.20, 2294, (0.50, 40)))
    assert agree.capacity_mw == 35.20 and agree.n_installations == 2294
    assert agree.sum_capacity_mw == pytest.approx(35.16) and agree.sum_installations == 2294
    assert agree.n_kommuner_missing == 0 and "agrees" in agree.note
    off = county_total(_with_county(36.00, 2294, (0.50, 40)))  # 0.84 MW more than the sum
    assert off.capacity_mw == 36.00 and "DISAGREES" in off.note
    assert "36.00 MW" in caplog.text and "35.16 MW" in caplog.text
    # the real snapshot lacks Arvidsjaur: the county row cannot be checked, and says so
    unchecked = county_total(_with_county(35.20, 2294, None))
    assert unchecked.capacity_mw == 35.20 and unchecked.n_kommuner_missing == 0
    assert "not checked" in unchecked.note and "Arvidsjaur" in unchecked.note


def test_energimyndigheten_answer_keeps_a_county_row(tmp_path):
    """The recorded EN0123_1 answer with a region '25 Norrbottens län' added (CONSTRUCTED
    values 35.20 MW, 2,294): the shared reader keeps it as area 25 beside the 14."""
    answer = json.loads((FIXTURES / "em_en0123_1_2025.json").read_text(encoding="utf-8"))
    region = answer["dimension"]["Region"]["category"]
    n_regions, per_region = len(region["index"]), len(answer["value"]) // len(region["index"])
    region["index"]["25"] = n_regions
    region["label"]["25"] = "25 Norrbottens län"
    answer["size"][answer["id"].index("Region")] += 1
    assert answer["id"][0] == "Region" and per_region == 2  # count, capacity; one year
    answer["value"] += [2294, 35.20]
    path = tmp_path / "em_with_county.json"
    path.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    table = fetch_em.read_answer(path).set_index("area_id_scb")
    assert table.loc["25", "capacity_mw"] == 35.20 and table.loc["25", "n_installations"] == 2294
    assert table.loc["2580", "capacity_mw"] == 11.16 and len(table) == 15
    assert pd.isna(table.loc["2505", "capacity_mw"])


def test_county_report_states_the_pv_lower_bound_in_swedish(tmp_path):
    run("25", tmp_path / "lan", manifest=False)
    part = read_strategy(tmp_path / "lan", "sv")
    section = strategy_section(part, "Norrbottens län", "sv")
    text = next(p for p in section.paragraphs if p.startswith("Nätanslutna solceller i länet"))
    text = text.replace("\xa0", " ")  # the numbers' non-breaking spaces
    assert (
        "2025: minst 34,7 MW och 2 254 anläggningar" in text
    )  # 3 significant figures, as the card
    assert "Arvidsjaur" in text and "saknas, inte noll" in text
    assert not [w for w in ENGLISH if w in text]
    english = strategy_section(read_strategy(tmp_path / "lan", "en"), "Norrbotten", "en")
    assert any("at least 34.7\xa0MW" in p for p in english.paragraphs)
