"""Scenarios side by side (issue 12): the fleet comparison table and how the exports show it."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.export import scenarios
from workbench.fleet import compare
from workbench.fleet import run as fleet_run


@pytest.fixture(scope="module")
def side() -> pd.DataFrame:
    return compare.compare(fleet_run.compute("pajala", scenario="default"))


@pytest.mark.slow
def test_each_row_is_the_scenario_run_on_its_own(side):
    """Every row equals a separate run of that scenario on the same (demo) register; the cost
    difference is the row's cumulative cost minus the reference run's, by hand."""
    assert list(side["scenario"]) == ["default", "reference", "fast_electrification", "hvo_bridge"]
    assert side["is_headline"].tolist() == [True, False, False, False]
    # data/scenarios/reference.yaml sets two fleet keys to the defaults: the same definition
    assert side["same_as"].tolist() == ["", "default", "", ""]
    ref = fleet_run.compute("pajala", scenario="reference").summary
    for name in ("fast_electrification", "hvo_bridge"):
        own = fleet_run.compute("pajala", scenario=name).summary
        row = side.set_index("scenario").loc[name]
        assert row["year_target_met"] == own["year_target_met"]
        assert row["target_year_tco2_fossil"] == own["target_year_tco2_fossil"]
        cut = 100 * (1 - own["target_year_tco2_fossil"] / own["base_tco2_fossil"])
        assert row["target_year_fossil_cut_pct"] == pytest.approx(cut, abs=1e-3)
        change = own["cumulative_cost_msek"] - ref["cumulative_cost_msek"]
        assert row["cost_change_msek"] == pytest.approx(change, abs=1e-3)
    assert side.set_index("scenario").loc["reference", "cost_change_msek"] == 0


@pytest.mark.slow
def test_reference_is_run_for_the_difference_even_when_not_listed():
    result = fleet_run.compute("pajala", scenario="hvo_bridge")
    side = compare.compare(result, ("fast_electrification",))
    assert list(side["scenario"]) == ["hvo_bridge", "fast_electrification"]
    ref = fleet_run.compute("pajala", scenario="reference").summary["cumulative_cost_msek"]
    expected = result.summary["cumulative_cost_msek"] - ref
    assert side.loc[0, "cost_change_msek"] == pytest.approx(expected, abs=1e-3)


@pytest.mark.slow
def test_the_readable_table_is_swedish_and_names_the_headline(side):
    shown = scenarios.readable(side, "sv")
    assert shown.loc[0, "scenario"] == "standardantaganden (huvudscenario)"
    # the reference is the default (same definitions): no row of its own, said in words
    assert shown["scenario"].tolist()[1:] == ["snabb elektrifiering", "HVO-brygga"]
    assert shown.loc[0, "scenario_description"].endswith(
        "Samma antaganden för fordonsflottan som referens och därför samma siffror; "
        "referens visas inte separat."
    )
    side = side[side["scenario"] != "reference"]
    shown = scenarios.readable(side, "sv")
    status = dict(zip(side["scenario"], shown["target_status"], strict=True))
    met = side.set_index("scenario")["year_target_met"]
    for name, text in status.items():
        year = met[name]
        assert text == ("Nej, inte före 2045" if pd.isna(year) else f"Ja, år {year}")
    assert all(s.endswith(".") and "_" not in s for s in shown["scenario_description"])


def _side(kommuner: list[str], copies: bool = False) -> pd.DataFrame:
    """The county's long table as county.scenario_overview reads it, in compare()'s row order;
    met years as in the Luleå demo (fast electrification 2028, HVO bridge 2026)."""
    met = {"default": None, "reference": None, "fast_electrification": 2028, "hvo_bridge": 2026}
    rows = [{"name": k, "scenario": s, "is_headline": s == "default", "base_year": 2025,
             "end_year": 2045, "target_year": 2030, "target_fossil_cut_pct": 70.0,
             "year_target_met": y, "is_target_met_in_target_year": y is not None,
             "target_year_tco2_fossil": 1.0, "target_year_fossil_cut_pct": 1.0,
             "cumulative_cost_msek": 1.0, "cost_change_msek": 0.0}
            for k in kommuner for s, y in met.items()]  # fmt: skip
    side = pd.DataFrame(rows).astype({"year_target_met": "Int64"})
    if copies:  # the shipped reference is default (compare.compare's same_as)
        side["same_as"] = ["default" if s == "reference" else "" for s in side["scenario"]]
    return side


def test_county_columns_in_the_order_of_the_municipality_rows():
    """14 municipalities (56 rows): the county matrix had the columns standardantaganden,
    HVO-brygga, referens, snabb elektrifiering (an unstable sort on is_headline), the
    municipality report the rows standardantaganden, referens, snabb elektrifiering,
    HVO-brygga. Both now come from scenarios.order."""
    from workbench.export import county
    from workbench.reference import kommuner as km

    side = _side([k.name for k in km.all_kommuner()])  # no same_as: a table of an older run
    assert len(side) == 56
    rows = scenarios.readable(side[side["name"] == "Luleå"], "sv")["scenario"].tolist()
    assert rows == ["standardantaganden (huvudscenario)", "referens", "snabb elektrifiering",
                    "HVO-brygga"]  # fmt: skip
    matrix = county.scenario_matrix(side, "sv")
    assert list(matrix.columns) == ["Kommun", "standardantaganden", "referens",
                                    "snabb elektrifiering", "HVO-brygga"]  # fmt: skip
    assert matrix.iloc[0].tolist()[1:] == ["Nej, inte före 2045", "Nej, inte före 2045",
                                           "Ja, år 2028", "Ja, år 2026"]  # fmt: skip
    section, cards = county._scenario_section(side, "sv")
    assert [c["key"] for c in cards] == ["target_met_default", "target_met_reference",
                                         "target_met_fast_electrification",
                                         "target_met_hvo_bridge"]  # fmt: skip
    assert [c["value"] for c in cards] == ["0 / 14", "0 / 14", "14 / 14", "14 / 14"]
    sheet = county.scenario_sheet(side, "sv")
    assert sheet["scenario"].tolist()[:4] == rows


def test_a_scenario_with_the_headlines_assumptions_is_said_not_repeated():
    """Luleå's demo: default and reference both electrify cars only under today's
    reduktionsplikt and gave two rows of the same numbers (808 t CO2, 543 Mkr). One row now,
    whose description says why; the county leaves the copy out of its matrix and cards."""
    from workbench.export import county

    side = _side(["Luleå", "Pajala"], copies=True)
    shown = scenarios.readable(side[side["name"] == "Luleå"], "sv")
    assert shown["scenario"].tolist() == ["standardantaganden (huvudscenario)",
                                          "snabb elektrifiering", "HVO-brygga"]  # fmt: skip
    assert shown.loc[0, "scenario_description"] == (
        "Standardantaganden: dagens lag för reduktionsplikt, bilar byts till elbilar där "
        "vinterräckvidden räcker, övriga fordon byts mot samma drivlina, ingen övergång till "
        "HVO100. Samma antaganden för fordonsflottan som referens och därför samma siffror; "
        "referens visas inte separat."
    )
    assert scenarios.intro(side, "sv").startswith("Samma fordonsregister räknat med 3 scenarier.")
    matrix = county.scenario_matrix(side, "sv")
    assert list(matrix.columns) == ["Kommun", "standardantaganden", "snabb elektrifiering",
                                    "HVO-brygga"]  # fmt: skip
    section, cards = county._scenario_section(side, "sv")
    assert [c["value"] for c in cards] == ["0 / 2", "2 / 2", "2 / 2"]
    assert section.paragraphs[0] == shown.loc[0, "scenario_description"]
    # a copy in only one municipality (a scenario file of its own there) stays a column
    side.loc[(side["name"] == "Pajala") & (side["scenario"] == "reference"), "same_as"] = ""
    assert "referens" in county.scenario_matrix(side, "sv").columns
