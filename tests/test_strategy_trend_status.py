"""Why the trend does not meet a target (issue 12 item 4): the "–" cells of "År då trenden når
målet" said neither "not before the horizon", "the trend rises" nor "no target". Luleå's
published RUS emissions (embedded tables, horizon 2050)."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.export.strategy import kommun_page_table, scorecard_shown
from workbench.strategy.run import compute


@pytest.fixture(scope="module")
def lulea():
    return compute("lulea")


def test_status_follows_the_trend_slope(lulea):
    """Total emissions rise by the fitted trend (+46 244 t/yr, the steel works): never met;
    without industry and transport fall (−2 993 and −2 240 t/yr) but stay above the target
    level until 2050."""
    targets = lulea.tables["targets"].set_index("target_id")
    assert targets.loc["sverige_2045", "trend_slope_t_per_year"] == pytest.approx(46243.6, abs=1)
    assert targets["trend_target_status"].to_dict() == {
        "sverige_2045": "trend_rising",
        "sverige_2045_exkl_industri_energi": "not_before_horizon",
        "inrikes_transporter_2030": "not_before_horizon",
    }
    assert targets["year_trend_meets_target"].isna().all()
    card = lulea.tables["scorecard"]
    assert set(card.loc[card["target_id"] == "", "trend_target_status"]) == {"no_target"}
    assert lulea.summary["targets"]["sverige_2045"]["trend_target_status"] == "trend_rising"


def test_the_reason_in_words_in_the_scorecard_and_the_county_table(lulea):
    frames = lulea.tables
    card = frames["scorecard"].merge(frames["targets"][["target_id", "target_name"]],
                                     on="target_id", how="left").fillna({"target_name": ""})  # fmt: skip
    shown = scorecard_shown(card, "sv", horizon=2050).set_index("indicator")
    assert shown["year_trend_meets_target"].to_dict() == {
        "total_co2e_t": "nås inte, trenden ökar",
        "excl_industry_energy_co2e_t": "nås inte före 2050",
        "transport_co2e_t": "nås inte före 2050",
        **{i: "inget mål" for i in shown.index[3:]},
    }
    english = scorecard_shown(card, "en", horizon=2050)
    assert english["year_trend_meets_target"].tolist()[:4] == [
        "not met, the trend rises",
        "not met before 2050",
        "not met before 2050",
        "no target",
    ]
    table = pd.DataFrame({"kommun_id_scb": ["2580", "2521", "2505"], "name": ["Luleå", "Pajala", "X"],
                          "latest_year": 2024, "cars_year": 2025, "pv_year": 2025,
                          "year_trend_meets_target": pd.array([None, None, 2039], "Int64"),
                          "trend_target_status": ["not_before_horizon", "trend_rising", "met"]})  # fmt: skip
    page = kommun_page_table(table, 2050, "sv")
    assert page["year_trend_meets_target"].tolist() == ["nås inte före 2050",
                                                        "nås inte, trenden ökar", "2039"]  # fmt: skip
    assert "trend_target_status" not in page.columns and "kommun_id_scb" not in page.columns
