"""One rule for displayed quantities (issue 12): report tables, cards and the workbook's
presentation sheets show a quantity alike (scaled unit, three significant figures); the data
files keep every digit. The numbers are the Luleå demo's (``workbench demo -k lulea``)."""

from __future__ import annotations

import pandas as pd

from workbench.export.cards import card
from workbench.export.report import html_table

NBSP = "\u00a0"


def _cells(table: dict, column: int) -> list[str]:
    return [row[column]["text"] for row in table["rows"]]


def test_scenario_costs_read_as_the_card():
    """542,671 Mkr was '542,67 Mkr' in the table beside '543 Mkr' on the card; the reference's
    own difference '0,00 Mkr'."""
    frame = pd.DataFrame({"cumulative_cost_msek": [542.671, 557.191, 567.953],
                          "cost_change_msek": [0.0, 14.52, 25.282],
                          "target_year_tco2_fossil": [807.857, 12.624, 12.624],
                          "target_year_fossil_cut_pct": [24.665, 98.823, 98.823]})  # fmt: skip
    table = html_table(frame, "sv")
    assert table["headers"] == ["Ackumulerad kostnad (Mkr)", "Kostnadsskillnad mot referens (Mkr)",
                                "Fossila CO₂-utsläpp målår (t CO₂)",
                                "Minskning fossila utsläpp målåret (%)"]  # fmt: skip
    assert _cells(table, 0) == [f"543{NBSP}Mkr", f"557{NBSP}Mkr", f"568{NBSP}Mkr"]
    assert _cells(table, 1) == [f"0{NBSP}Mkr", f"14,5{NBSP}Mkr", f"25,3{NBSP}Mkr"]
    assert _cells(table, 2) == [f"808{NBSP}t CO₂", f"12,6{NBSP}t CO₂", f"12,6{NBSP}t CO₂"]
    assert _cells(table, 3) == [
        f"24,7{NBSP}%",
        f"98,8{NBSP}%",
        f"98,8{NBSP}%",
    ]  # shares as they are
    assert card("cumulative_cost_msek", 542.671, "", "sv")["value"] == _cells(table, 0)[0]


def test_action_gap_to_three_significant_figures():
    """'3 491 431,8 t CO₂e' -> '3 490 000 t CO₂e'; 744,5 rounds half up to 745."""
    frame = pd.DataFrame({"gap_target_year_co2e_t": [3491431.8, 107191.0],
                          "planned_effect_co2e_t": [744.5, 624.5], "n_actions": [5, 3]})  # fmt: skip
    table = html_table(frame, "sv")
    assert _cells(table, 0) == [f"3{NBSP}490{NBSP}000{NBSP}t CO₂e", f"107{NBSP}000{NBSP}t CO₂e"]
    assert _cells(table, 1) == [f"745{NBSP}t CO₂e", f"625{NBSP}t CO₂e"]
    assert _cells(table, 2) == [f"5{NBSP}st", f"3{NBSP}st"]  # counts exact


def test_energy_in_mwh_and_the_header_names_the_cells_unit():
    """'329 081 kWh' reads '329 MWh' under 'Laddenergi (MWh)'; the card of the same figure
    (solar to charging 2035, 160 574 kWh) reads as its cell."""
    frame = pd.DataFrame({"charging_kwh": [329081.0, 699510.0],
                          "pv_to_charging_kwh": [91197.0, 160574.0]})  # fmt: skip
    table = html_table(frame, "sv")
    assert table["headers"] == ["Laddenergi (MWh)", "Solel direkt till laddning (MWh)"]
    assert _cells(table, 0) == [f"329{NBSP}MWh", f"700{NBSP}MWh"]
    assert _cells(table, 1) == [f"91,2{NBSP}MWh", f"161{NBSP}MWh"]
    assert card("pv_to_charging_kwh", 160574.0, "", "sv")["value"] == f"161{NBSP}MWh"


def test_a_column_of_mixed_magnitudes_keeps_each_cells_unit():
    """Solar per building type: '17 739,1 kWp' -> '17,7 MWp'; 'Övrig byggnad' (77,8 kWp) stays in
    kWp, so the header names no unit (each cell carries its own)."""
    frame = pd.DataFrame({"capacity_kwp": [17739.1, 77.8, 63440.4],
                          "annual_mwh": [13163.5, 64.3, 47490.4],
                          "kwh_per_kwp": [742.0, 826.0, 749.0]})  # fmt: skip
    table = html_table(frame, "sv")
    assert table["headers"] == ["Möjlig installerad effekt", "Årlig elproduktion",
                                "Specifik produktion (kWh/kWp)"]  # fmt: skip
    assert _cells(table, 0) == [f"17,7{NBSP}MWp", f"77,8{NBSP}kWp", f"63,4{NBSP}MWp"]
    assert _cells(table, 1) == [f"13,2{NBSP}GWh", f"64,3{NBSP}MWh", f"47,5{NBSP}GWh"]
    uniform = html_table(frame.iloc[[0, 2]], "sv")
    assert uniform["headers"][0] == "Möjlig installerad effekt (MWp)"
    # the county table's Luleå row reads as Luleå's cards (158 MWp, 123 GWh)
    county = html_table(pd.DataFrame({"solar_capacity_kwp": [158107.5, 12517.4],
                                      "solar_annual_mwh": [122529.2, 8809.1]}), "sv")  # fmt: skip
    assert _cells(county, 0) == [f"158{NBSP}MWp", f"12,5{NBSP}MWp"]
    assert _cells(county, 1) == [f"123{NBSP}GWh", f"8,81{NBSP}GWh"]
    assert card("capacity_kwp", 158107.5, "", "sv")["value"] == f"158{NBSP}MWp"
    assert card("annual_mwh", 8809.1, "", "sv")["value"] == f"8,81{NBSP}GWh"


def test_presentation_sheet_rounds_and_data_sheet_keeps_every_digit(tmp_path):
    """The workbook's scenario sheet repeats the report's table (543, 0, 14,5 Mkr); the fleet
    year table is data and keeps 1 469,2 t CO2e as the stage wrote it."""
    import openpyxl

    from workbench.export.excel import Sheet, write_workbook

    shown = pd.DataFrame({"scenario": ["referens", "HVO-brygga"],
                          "cumulative_cost_msek": [542.671, 567.953],
                          "cost_change_msek": [0.0, 25.282],
                          "target_year_fossil_cut_pct": [24.665, 98.823]})  # fmt: skip
    yearly = pd.DataFrame({"year": [2025], "co2e_t_wtw": [1469.234]})
    path = write_workbook(tmp_path / "w.xlsx", [Sheet("fleet_scenarios", shown, presentation=True),
                                                Sheet("fleet_yearly", yearly)])  # fmt: skip
    book = openpyxl.load_workbook(path)
    rows = list(book.worksheets[0].iter_rows(min_row=2))
    assert [[c.value for c in r[1:3]] for r in rows] == [[543.0, 0.0], [568.0, 25.3]]
    assert [[c.number_format for c in r[1:3]] for r in rows] == [["#,##0", "#,##0"],
                                                                 ["#,##0", "#,##0.0"]]  # fmt: skip
    assert rows[0][3].value == 24.665  # a share as it is (format 0.0 shows 24,7)
    assert book.worksheets[1]["B2"].value == 1469.234
