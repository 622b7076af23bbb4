"""Action plans: Swedish headers, every row validated with all errors collected, roll-ups."""

from __future__ import annotations

import pandas as pd
import pytest
import xlsxwriter

from workbench.core.errors import InputError
from workbench.core.paths import data_path
from workbench.strategy import followup as fu
from workbench.strategy.actions import TEMPLATE_HEADERS_SV, read_action_plan
from workbench.strategy.run import compute
from workbench.strategy.template import write_template

EXAMPLE = data_path("strategy", "example_action_plan.yaml")


def _excel(path, rows, values=None):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Åtgärder")
    ws.write_row(0, 0, TEMPLATE_HEADERS_SV)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    if values is not None:
        v = wb.add_worksheet("Indikatorvärden")
        v.write_row(0, 0, ["Åtgärd", "År", "Värde"])
        for i, row in enumerate(values, start=1):
            v.write_row(i, 0, row)
    wb.close()
    return path


def test_swedish_excel_headers_and_values_are_read(tmp_path):
    path = _excel(tmp_path / "plan.xlsx", [
        ["A1", "Ny gång- och cykelväg", "Transporter", "Stadsbyggnad", 2025, 2027, "Pågående",
         "1 200 000", 300000, "12,5", None, "Cykelflöde (passager/dygn)"],
    ], values=[["A1", 2025, 410], ["A1", 2026, 455]])  # fmt: skip
    actions, values = read_action_plan(path)
    a = actions.iloc[0]
    assert (a["action_id"], a["sector"], a["status"]) == ("A1", "transporter", "pagaende")
    assert (a["budget_sek"], a["spent_sek"], a["effect_co2e_t_per_year"]) == (1.2e6, 3e5, 12.5)
    assert list(values["value"]) == [410, 455] and not a["is_example"]


def test_every_bad_row_is_reported_at_once(tmp_path):
    """Unknown sector, negative budget, end before start, no effect, unknown status, duplicate
    id: one InputError naming the file, row, column and value of each."""
    path = _excel(tmp_path / "plan.xlsx", [
        ["A1", "Solpark", "Energi", "Teknik", 2025, 2026, "planerad", 100, None, 10, None, ""],
        ["A2", "Bussar", "Transporter", "Teknik", 2025, 2026, "planerad", -5, None, 10, None, ""],
        ["A3", "Skolor", "Transporter", "Teknik", 2027, 2025, "planerad", 5, None, 1, None, ""],
        ["A4", "Belysning", "Transporter", "Teknik", 2025, 2026, "planerad", 5, None, None,
         None, ""],
        ["A4", "Belysning 2", "Transporter", "Teknik", 2025, 2026, "kanske", 5, None, 1, None, ""],
    ], values=[["A9", 2025, 1]])  # fmt: skip
    with pytest.raises(InputError) as err:
        read_action_plan(path)
    text = str(err.value)
    assert "row 2, column 'sector': value 'Energi': expected one of transporter" in text
    assert "row 3, column 'budget_sek': value -5: expected a number >= 0" in text
    assert "row 4, column 'end_year': value 2025: expected an end year not before the start" in text
    assert "row 5, column 'effect_co2e_t_per_year': expected an expected effect" in text
    assert "row 6, column 'status': value 'kanske'" in text
    assert "column 'action_id': value 'A4': expected a unique action id" in text
    assert (
        "sheet 'Indikatorvärden', row 2, column 'action_id': value 'A9': expected an "
        "indicator value of a listed action"
    ) in text
    assert len(err.value.problems) == 7


def test_yaml_example_is_marked_and_csv_with_semicolons_is_read(tmp_path):
    actions, values = read_action_plan(EXAMPLE)
    assert actions["is_example"].all() and len(actions) == 6
    assert set(actions["status"]) == {"planerad", "pagaende", "genomford", "installd"}
    csv = tmp_path / "plan.csv"
    csv.write_text("Id;Namn;Sektor;Startår;Slutår;Status;Budget (kr);Förväntad effekt (MWh/år)\n"
                   "B1;LED-belysning;El och fjärrvärme;2025;2025;genomförd;250000;80\n",
                   encoding="utf-8")  # fmt: skip
    a, _ = read_action_plan(csv)
    assert (a.iloc[0]["sector"], a.iloc[0]["effect_mwh_per_year"]) == ("el_fjarrvarme", 80.0)


def test_templates_read_back(tmp_path):
    for name in ("mall.xlsx", "mall.yaml"):
        actions, _ = read_action_plan(write_template(tmp_path / name))
        assert len(actions) == 1 and actions.iloc[0]["sector"] == "egen_uppvarmning"


@pytest.mark.slow
def test_action_gap_counts_live_territorial_effects_in_scope():
    """Example plan for Luleå, effects counted from the end year: by 2030 EX1 (transport, 300 t,
    ends 2030), EX2 (transport, 60, 2027), EX3 (heating, 80, 2025), EX6 (waste, 40, 2030);
    EX5 is cancelled and EX4 has only MWh. Transport target 2030: 300 + 60 = 360 t. 2045
    without industry and energy: 300 + 60 + 80 + 40 = 480 t. Remaining gap = trend gap − counted.
    """
    r = compute("Luleå", actions=EXAMPLE)
    gap = r.tables["action_gap"].set_index("target_id")
    assert gap.loc["inrikes_transporter_2030", "planned_effect_co2e_t"] == 360
    assert gap.loc["sverige_2045_exkl_industri_energi", "planned_effect_co2e_t"] == 480
    g = gap.loc["inrikes_transporter_2030"]
    assert g["remaining_gap_co2e_t"] == g["gap_target_year_co2e_t"] - 360
    status = r.tables["action_status"].set_index("status")
    assert status.loc["genomford", "spent_of_budget_frac"] == pytest.approx(2.3e6 / 2.5e6)
    assert r.summary["actions"]["is_example"] and "EXAMPLE" in r.summary["notes"][0]
    ind = r.tables["action_indicators"]
    assert list(ind[ind["action_id"] == "EX3"]["value"]) == [31, 12, 0]


@pytest.mark.slow
def test_workbench_fleet_and_solar_actions():
    """Fleet: 120 t fossil CO2 in 2025 → 30 t in 2030 is a 90 t/year territorial cut in
    transport. Solar: 1,000 MWh/year × 90 g/kWh (Nordic mix) = 90 t CO2e/year, not territorial,
    so it is shown but not subtracted from the RUS gap."""
    fleet = {
        "base_year": 2025,
        "target_year": 2030,
        "base_tco2_fossil": 120.0,
        "target_year_tco2_fossil": 30.0,
        "scenario": "default",
        "is_synthetic": True,
    }
    solar = {"annual_mwh": 1000.0, "capacity_kwp": 1100.0, "is_synthetic": True}
    r = compute("Piteå", related={"fleet": fleet, "solar": solar})
    a = r.tables["actions"].set_index("action_id")
    assert a.loc["WB-FLEET", "effect_co2e_t_per_year"] == 90 and a.loc["WB-FLEET", "is_synthetic"]
    assert a.loc["WB-SOLAR", "effect_co2e_t_per_year"] == pytest.approx(90.0)
    assert not a.loc["WB-SOLAR", "is_territorial"]
    assert "90 g CO2e/kWh" in a.loc["WB-SOLAR", "electricity_convention"]
    gap = r.tables["action_gap"].set_index("target_id")
    assert gap.loc["inrikes_transporter_2030", "planned_effect_co2e_t"] == 90
    assert gap.loc["sverige_2045", "planned_effect_co2e_t"] == 90  # solar not counted
    pv = r.tables["pv_installed"].iloc[0]
    assert pv["realised_share_frac"] == pytest.approx(8.6 * 1000 / 1100)  # Piteå 8.6 MW
    assert "SYNTHETIC" in pv["note"]


def test_effects_from_start_year_option():
    actions = fu.plan_actions(pd.DataFrame([{
        "action_id": "X", "sector": "transporter", "status": "planerad", "start_year": 2025,
        "end_year": 2032, "effect_co2e_t_per_year": 10.0, "origin": "plan"}]))  # fmt: skip
    by_end = fu.effects_by_year(actions, [2030, 2035], "end_year")
    by_start = fu.effects_by_year(actions, [2030, 2035], "start_year")
    assert list(by_end["year"]) == [2035] and list(by_start["year"]) == [2030, 2035]
