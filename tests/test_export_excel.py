"""Excel export: read the workbook back with openpyxl and check what a reviewer sees."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from workbench import i18n
from workbench.config import load_scenario
from workbench.export.excel import (
    Sheet,
    assumptions_frame,
    factor_rows,
    provenance_frame,
    write_workbook,
)

CREATED = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Luleå", "Kiruna", "Arjeplog"],
            "population": [77000, 23000, 2876],
            "annual_kwh": [1234567.891, 2500.5, float("nan")],
            "capacity_kwp": [1000.25, 2.5, 0.0],
            "coverage_pct": [12.34, 50.0, 99.9],
            "is_target_met_in_target_year": [True, False, True],
        }
    )


def test_workbook_has_swedish_headers_number_formats_freeze_and_filter(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("solar_by_type", _table())], created=CREATED)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Solel per byggnadstyp"]
    ws = book["Solel per byggnadstyp"]
    header = [c.value for c in ws[1]]
    assert header == [
        "Kommun",
        "Folkmängd (invånare)",
        "Årlig elproduktion (kWh)",
        "Möjlig installerad effekt (kWp)",
        "Andel av laddningen som täcks av solel (%)",
        "Utsläppsmålet nås senast målåret",
    ]
    # numbers are stored as numbers, with the unit's number format
    assert ws["C2"].value == pytest.approx(1234567.891) and ws["C2"].number_format == "#,##0"
    assert ws["D3"].value == 2.5 and ws["D3"].number_format == "#,##0.0"
    assert ws["E2"].number_format == "0.0" and ws["B4"].value == 2876
    assert ws["C4"].value is None  # NaN is an empty cell, not "nan"
    assert ws["F2"].value == "Ja" and ws["A3"].value == "Kiruna"  # a word, not TRUE
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F4"
    assert ws.column_dimensions["C"].width >= len("1,234,568")
    assert book.properties.created.replace(tzinfo=None) == CREATED.replace(tzinfo=None)


def test_english_workbook(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("solar_by_type", _table())], lang="en")
    ws = openpyxl.load_workbook(path)["Solar per building type"]
    assert ws["C1"].value == "Annual electricity production (kWh)"


def test_key_values_sheet_formats_each_row_by_its_unit(tmp_path):
    summary = pd.DataFrame(
        {
            "indicator": ["n_vehicles", "cumulative_cost_msek", "coverage_pct"],
            "value": [42, 12.3456, 33.3],
        }
    )
    path = write_workbook(tmp_path / "s.xlsx", [Sheet("summary", summary, kind="key_values")])
    ws = openpyxl.load_workbook(path)["Sammanfattning"]
    assert [c.value for c in ws[1]] == ["Nyckeltal", "Värde", "Enhet"]
    assert [c.value for c in ws["A"]][1:] == [
        "Antal fordon",
        "Ackumulerad kostnad",
        "Andel av laddningen som täcks av solel",
    ]
    # as the report's cards: a count and a share as they are, a cost to 3 significant figures
    assert [c.value for c in ws["B"]][1:] == [42, 12.3, 33.3]
    assert [c.number_format for c in ws["B"]][1:] == ["#,##0", "#,##0.0", "0.0"]
    assert [c.value for c in ws["C"]][1:] == ["st", "Mkr", "%"]


def test_key_values_sheet_shows_the_card_unit_and_the_data_sheet_every_digit(tmp_path):
    """The summary reads as the cards (158 107,5 kWp -> 158 MWp, 122 529,2 MWh -> 123 GWh);
    a data sheet beside it keeps the stage's numbers unrounded."""
    summary = pd.DataFrame({"indicator": ["capacity_kwp", "annual_mwh", "kwh_per_kwp"],
                            "value": [158107.5, 122529.2, 774.96]})  # fmt: skip
    data = pd.DataFrame({"building_type": ["public"], "capacity_kwp": [14060.7]})
    path = write_workbook(tmp_path / "s.xlsx", [Sheet("summary", summary, kind="key_values"),
                                                Sheet("solar_by_type", data)])  # fmt: skip
    book = openpyxl.load_workbook(path)
    ws = book["Sammanfattning"]
    assert [c.value for c in ws["B"]][1:] == [158.0, 123.0, 775.0]
    assert [c.value for c in ws["C"]][1:] == ["MWp", "GWh", "kWh/kWp"]
    assert [c.number_format for c in ws["B"]][1:] == ["#,##0", "#,##0", "#,##0"]
    assert book["Solel per byggnadstyp"]["B2"].value == 14060.7


def test_unlabelled_column_fails_loudly_and_writes_nothing(tmp_path):
    df = _table().assign(mystery_kwh=1.0, other_thing=2)
    with pytest.raises(i18n.MissingLabelError) as info:
        write_workbook(tmp_path / "t.xlsx", [Sheet("solar_by_type", df)])
    assert info.value.keys == ["mystery_kwh", "other_thing"]
    assert "sv.yaml" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_assumptions_and_provenance_sheets(tmp_path):
    scenario = load_scenario("default")
    factors = pd.DataFrame(
        {"key": ["ghi_annual_kwh_m2"], "value": [944.0], "unit": ["kWh/m²"], "year": [2020],
         "source": ["x"]}
    )  # fmt: skip
    assumptions = assumptions_frame(scenario, {"solar.climatology": factors})
    provenance = provenance_frame(
        {
            "workbench_version": "0.1.0",
            "git_commit": "abc",
            "created_utc": "2026-11-23T02:00:00Z",
            "scenario_name": "default",
            "config_sha256": "f" * 64,
            "contains_synthetic_data": True,
            "synthetic_inputs": ["buildings"],
            "inputs": {"buildings": {"path": "b.gpkg", "sha256": "0" * 64}},
            "versions": {"pvlib": "0.16.1"},
        }
    )
    path = write_workbook(
        tmp_path / "a.xlsx", [Sheet("assumptions", assumptions), Sheet("provenance", provenance)]
    )
    book = openpyxl.load_workbook(path)
    ws = book["Antaganden"]
    assert [c.value for c in ws[1]] == ["Område", "Antagande", "Nyckel", "Värde i scenariofilen",
                                        "Värde", "Enhet", "År", "Källa", "Anmärkning om källan",
                                        "Beskrivning"]  # fmt: skip
    names = {r[2]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    described = {r[2]: r[9] for r in ws.iter_rows(min_row=2, values_only=True)}
    raw = {r[2]: r[3] for r in ws.iter_rows(min_row=2, values_only=True)}
    rows = {r[2]: (r[2], *r[4:]) for r in ws.iter_rows(min_row=2, values_only=True)}
    # the value in Swedish words, beside it the value as the scenario file holds it (text)
    assert (raw["pv.mounting"], rows["pv.mounting"][1]) == ("close_mount", "takparallell montering")
    assert (raw["roofs.exclude_north"], rows["roofs.exclude_north"][1]) == ("true", "Ja")
    assert (
        raw["fleet.lifetime_years"] == '{"car": 8, "van": 8, "truck": 12, "bus": 12, "machine": 15}'
    )
    assert rows["fleet.lifetime_years"][1] == (
        "personbil 8, lätt lastbil 8, tung lastbil 12, buss 12, arbetsmaskin 15"
    )
    assert raw["pv.losses_pct"] == "14.08" and not raw["solar.climatology.ghi_annual_kwh_m2"]
    # a Swedish name and description for every row (sv.yaml assumption_names, descriptions)
    assert names["pv.losses_pct"] == "Systemförluster på likströmssidan"
    assert (
        names["roofs.usable_fraction.small_low"] == "Användbar andel av takytan: liten, lågt värde"
    )
    assert names["solar.climatology.ghi_annual_kwh_m2"] == (
        "Klimat vid centralorten: global instrålning per år"
    )
    assert described["pv.albedo"] == "Markens albedo (reflektans) när väderdata saknar värde"
    # the default DC loss is PVWatts' 14.08 % since issue 13 (was 14.0 credited to PVGIS)
    assert rows["pv.losses_pct"][1] == 14.08 and rows["pv.losses_pct"][2] == "%"
    assert rows["pv.losses_pct"][4]  # a source
    assert rows["roofs.min_footprint_area_m2"][2] == "m²"  # config unit "m2" shown in Swedish
    assert rows["match.prices.spot_sek_per_kwh"][2] == "kr/kWh"
    assert rows["solar.climatology.ghi_annual_kwh_m2"][1:5] == (944.0, "kWh/m²", "2020", "x")
    # the "never flat" sentinel (1e9 m²) in words, without a unit; the run's name is no assumption
    assert rows["roofs.flat_above_area_m2.residential_small"][1:3] == ("ingen gräns", "")
    assert raw["roofs.flat_above_area_m2.residential_small"] == "1000000000.0"
    assert "name" not in rows and "description" not in rows
    groups = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert groups == {"Solel på tak", "Kommunens fordon", "Solel till laddning",
                      "Strategi och uppföljning"}  # fmt: skip
    assert len(rows) == len(assumptions)
    about = dict(book["Om underlaget"].iter_rows(min_row=2, values_only=True))
    assert about["Innehåller syntetiska demodata"] == "Ja"
    assert about["Syntetiska indata"] == "byggnader med fotavtryck och byggnadstyp"  # not the role
    inputs = "Indatafiler: byggnader med fotavtryck och byggnadstyp"
    assert about[inputs] == "b.gpkg"
    assert about[f"{inputs}, sha256"] == "0" * 64 and about["pvlib"] == "0.16.1"


def test_factor_rows_take_the_unit_of_the_whole_quantity_not_its_denominator():
    """A wide factor table melted to assumption rows: each row's unit is the column's full unit.

    ``tank_mj_per_km`` is MJ/km (not km), ``maintenance_sek_per_km`` kr/km, ``g_co2e_per_kwh``
    g CO₂e/kWh (not kWh); a ``_per_unit`` column is per the row's ``unit`` (MJ/l for a row in l).
    """
    vehicles = pd.DataFrame({"vehicle_class": ["car"], "tank_mj_per_km": [2.06],
                             "maintenance_sek_per_km": [0.55], "battery_kwh_usable": [0],
                             "g_co2e_per_kwh": [47], "year": [2025], "source": ["s"]})  # fmt: skip
    fuels = pd.DataFrame({"component": ["diesel_fossil"], "unit": ["l"], "lhv_mj_per_unit": [35.9],
                          "wtw_g_per_mj": [95.1], "year": [2016], "source": ["s"]})  # fmt: skip
    rows = pd.concat([factor_rows("fleet.vehicle_types", vehicles, "sv"),
                      factor_rows("fleet.fuel_components", fuels, "sv")])  # fmt: skip
    units = dict(zip(rows["key"], rows["unit"], strict=True))
    assert units == {
        "fleet.vehicle_types.car.tank_mj_per_km": "MJ/km",
        "fleet.vehicle_types.car.maintenance_sek_per_km": "kr/km",
        "fleet.vehicle_types.car.battery_kwh_usable": "kWh",
        "fleet.vehicle_types.car.g_co2e_per_kwh": "g CO₂e/kWh",
        "fleet.fuel_components.diesel_fossil.lhv_mj_per_unit": "MJ/l",
        "fleet.fuel_components.diesel_fossil.wtw_g_per_mj": "g CO₂e/MJ",
    }
    names = dict(zip(rows["key"], rows["assumption_name"], strict=True))
    assert names["fleet.fuel_components.diesel_fossil.wtw_g_per_mj"] == (
        "Drivmedelskomponenter: fossil diesel, utsläpp från källa till hjul"
    )
    with pytest.raises(ValueError, match="only the denominator"):
        i18n.unit("fuel_use_l_per_km")
