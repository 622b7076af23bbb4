"""Assumptions for readers: the declared key assumptions (workbench/export/assumptions.yaml) and
the complete list (once per key, no markers, no sentinel), checked against the data files."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from workbench import i18n
from workbench.config import load_scenario
from workbench.core.paths import data_path
from workbench.export import assumptions as registry
from workbench.export.content import CLIMATOLOGY_PREFIX
from workbench.export.excel import assumptions_frame
from workbench.export.parts import PART_NAMES
from workbench.fleet.factors import factor_tables
from workbench.reference.climate import climatology_assumptions

MARKERS = re.compile(r"\bissue\s+\d|\(verify|verify\)", re.IGNORECASE)


@pytest.fixture(scope="module")
def complete() -> dict[str, pd.DataFrame]:
    """The complete list of the default run (scenario + fleet factor tables + a seat's monthly
    climatology, as a package on the typical year has it) in sv and en."""
    factors = {f"fleet.{name}": table for name, table in factor_tables().items()}
    scenario = load_scenario("default")
    return {lang: assumptions_frame(scenario, {**factors, CLIMATOLOGY_PREFIX:
                                               climatology_assumptions("Arjeplog", lang)}, lang)
            for lang in ("sv", "en")}  # fmt: skip


def test_every_declared_key_is_in_the_complete_list_and_the_count_is_readable(complete):
    declared = registry.registry()["key_assumptions"]
    keys = [e["key"] for e in declared]
    assert len(keys) == len(set(keys))
    assert set(keys) <= set(complete["sv"]["key"]), set(keys) - set(complete["sv"]["key"])
    table = registry.key_assumptions(complete["sv"], PART_NAMES, "sv")
    assert 15 <= len(table) <= 25  # issue 12: the 15-25 assumptions that drive the figures
    assert list(table["group"].unique()) == ["Solel på tak", "Kommunens fordon",
                                             "Solel till laddning", "Strategi och uppföljning"]  # fmt: skip
    # plain names: no code keys, no snake_case
    assert not [n for n in table["name"] if re.search(r"[a-z]_[a-z]|[a-z]\.[a-z]{2}", n)]
    cited = table["source"].str.len().gt(10) | table["source_note"].str.len().gt(10)
    assert cited.all() and table["year"].str.fullmatch(r"\d{4}").all()


def test_key_values_are_the_data_files_values(complete):
    """Values come from the configuration and the CSVs, not from the registry (hand checks)."""
    table = registry.key_assumptions(complete["sv"], PART_NAMES, "sv").set_index("name")
    prices = pd.read_csv(data_path("fleet", "energy_prices.csv"))
    diesel = prices.query("carrier == 'diesel' and year == 2026").iloc[0]
    row = table.loc["Dieselpris (exkl. moms)"]
    assert row["value"] == diesel["price_sek_per_unit_excl_vat"] == 17.07
    assert row["unit"] == "kr/l" and row["year"] == "2026"
    assert row["source_note"].endswith("(ej verifierad källa)")  # verified = false in the CSV
    assert table.loc["Förlust av solel genom snö i januari", "value"] == 70.0  # Jan of the profile
    assert table.loc["Ålder då en ägd personbil byts ut", "value"] == 8
    loss = table.loc["Systemförluster på likströmssidan (smuts, skuggning, kablar m.m.)"]
    assert loss["value"] == 14.08 and "PVWatts" in loss["source"]
    en = registry.key_assumptions(complete["en"], ["fleet"], "en")
    assert set(en["group"]) == {
        "The municipality's vehicles"
    } and "Diesel price (excl. VAT)" in set(en["name"])


def test_only_the_available_parts_are_shown(complete):
    table = registry.key_assumptions(complete["sv"], ["solar"], "sv")
    assert set(table["group"]) == {"Solel på tak"} and len(table) == 8  # 7 + the seat GHI


def test_complete_list_has_one_row_per_key_no_markers_and_no_sentinel(complete):
    frame = complete["sv"]
    assert not frame["key"].duplicated().any()
    # the electricity price has a row per year: two keys, not one key twice (was a duplicate)
    electricity = frame[frame["key"].str.startswith("fleet.energy_prices.electricity.")]
    assert sorted(electricity["key"]) == [
        "fleet.energy_prices.electricity.2022.price_sek_per_unit_excl_vat",
        "fleet.energy_prices.electricity.2026.price_sek_per_unit_excl_vat",
    ]
    assert sorted(electricity["value"]) == [0.961, 1.178]
    quotas = frame[frame["key"].str.startswith("fleet.cvd_quotas.bus.")]
    assert set(quotas["key"]) == {f"fleet.cvd_quotas.bus.{start}.{c}" for start in (2021, 2026)
                                  for c in ("period_end", "clean_quota_pct",
                                            "zero_emission_quota_pct")}  # fmt: skip
    text = frame.astype(str).to_string()
    assert not MARKERS.search(text)
    numbers = pd.to_numeric(frame["value"], errors="coerce")
    assert not (numbers >= 1e9).any()  # the "never flat" sentinel is in words
    never = frame.set_index("key").loc["roofs.flat_above_area_m2.residential_small"]
    assert never["value"] == "ingen gräns" and never["unit"] == ""
    assert complete["en"].set_index("key").loc[
        "roofs.flat_above_area_m2.agricultural", "value"
    ] == ("no limit")
    assert not {"name", "description"} & set(frame["key"])  # the run's name is no assumption


def test_a_repeated_key_is_an_error_naming_it():
    frame = pd.DataFrame({"key": ["fleet.x", "fleet.x"], "value": [1, 2], "unit": ["", ""],
                          "year": ["2020", "2021"], "source": ["s", "s"],
                          "description": ["", ""]})  # fmt: skip
    with pytest.raises(ValueError, match=r"repeated \(1\): fleet\.x.*factor_ids"):
        registry.tidy(frame, "sv")


def test_appendix_prints_a_repeated_source_once(complete):
    tables = registry.appendix_tables(complete["sv"], "sv")
    assert [t["caption"] for t in tables][0] == "Solel på tak"
    rows = [row for t in tables for row in t["rows"]]
    assert len(rows) == len(complete["sv"])
    sources = [row[5] for row in rows]
    assert sources.count("som ovan") > len(rows) / 3  # vehicle types share one long source
    assert all(len(row) == 6 for row in rows)  # name, key, value, unit, year, source
    assert rows[0][:2] == ["Systemförluster på likströmssidan", "pv.losses_pct"]
    assert registry.display("match.years", "[2026, 2030, 2035]", "sv") == "2026, 2030, 2035"
    assert registry.display_value(0.961, "sv") == "0,961"


def test_values_read_in_the_export_language(complete):
    """The "Värde" column of the complete list: coded values by their labels (sv.yaml values),
    yes/no in words, mappings with their keys' labels, municipality codes by name, targets by
    name; numbers stay numbers. Before, the column held close_mount, perez, True and
    {"car": 8, ...} as the scenario file does; that text is kept in scenario_value."""
    sv = complete["sv"].set_index("key")
    shown = sv["value"]
    assert shown["pv.mounting"] == "takparallell montering"
    assert shown["pv.transposition"] == "Perez-modellen"
    assert shown["pv.snow_model"] == "säsongsprofil per månad"
    assert shown["fleet.blend_scenario"] == "gällande lag"
    assert shown["roofs.exclude_north"] == "Ja" and shown["match.prices.vat_is_cost"] == "Nej"
    assert shown["fleet.lifetime_years"] == (
        "personbil 8, lätt lastbil 8, tung lastbil 12, buss 12, arbetsmaskin 15"
    )
    assert shown["fleet.parking_heat_mult"] == "varmgarage 0,6; motorvärmare 0,8; utomhus 1"
    assert shown["fleet.replacement_fuels"].startswith("personbil: el (BEV) / samma drivlina; ")
    assert shown["fleet.biogas_kommuner"] == "Luleå, Piteå, Boden"
    assert shown["fleet.hvo_switch_year"] == "–" and shown["strategy.own_targets"] == "–"
    assert shown["strategy.national_targets"].startswith(
        "Nettonollutsläpp 2045: minst 85 % lägre än 1990; Nettonoll 2045, utan industri"
    )
    assert shown["pv.losses_pct"] == 14.08  # a number stays a number (formatted where shown)
    own = '{"Luleå": [{"id": "x", "name": "Fossilfri fordonsflotta 2030"}]}'
    assert (
        registry.display("strategy.own_targets", own, "sv") == "Luleå: Fossilfri fordonsflotta 2030"
    )
    raw = sv["scenario_value"]
    assert (raw["pv.mounting"], raw["roofs.exclude_north"], raw["pv.losses_pct"]) == (
        "close_mount", "true", "14.08")  # fmt: skip
    assert raw["fleet.energy_prices.diesel.2026.price_sek_per_unit_excl_vat"] == ""  # not a field
    en = complete["en"].set_index("key")["value"]
    assert en["pv.mounting"] == "roof-parallel mounting" and en["roofs.exclude_north"] == "Yes"
    assert en["fleet.lifetime_years"].startswith("car 8, van 8, truck 12")
    # a key assumption that picks one entry of a mapping shows it as the complete list does
    key = registry.key_assumptions(complete["sv"], ["fleet"], "sv").set_index("name")["value"]
    assert key["Ålder då en ägd personbil byts ut"] == 8


def test_a_coded_value_without_a_label_is_an_error(monkeypatch):
    """A coded value whose label is missing, or a text value of a field with no declared
    display, stops a Swedish export naming it (no code reaches the "Värde" column)."""
    monkeypatch.delitem(i18n.dictionary("sv")["values"]["transposition"], "perez")
    with pytest.raises(i18n.MissingLabelError, match="values.transposition.*perez"):
        registry.display("pv.transposition", "perez", "sv")
    with pytest.raises(registry.UndeclaredValueError, match="'pv.new_model' = 'fancy'"):
        registry.display("pv.new_model", "fancy", "sv")
    with pytest.raises(registry.UndeclaredValueError, match="fleet.lifetime_years"):
        registry.display("fleet.lifetime_years", '{"car": "eight"}', "sv")
    assert registry.display("pv.new_model", 3, "sv") == 3  # numbers need no declaration
