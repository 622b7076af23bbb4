"""Targets and paths: levels, trend year, gap, cut needed, Carbon Law; config validation."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.config import ConfigError, Scenario
from workbench.config.base import validate
from workbench.config.strategy import EmissionTarget, StrategyConfig, TargetsFile, load_targets
from workbench.core.errors import InputError
from workbench.strategy import scorecard
from workbench.strategy import targets as tg
from workbench.strategy.run import compute


def _target(**kw) -> EmissionTarget:
    base = {"id": "t", "name": "T", "scope": "total", "base_year": 1990, "target_year": 2045,
            "reduction_pct": 85.0, "source": "test"}  # fmt: skip
    return EmissionTarget(**(base | kw))


def test_lulea_2045_level_gap_and_cut_needed():
    """Luleå, sverige_2045 (scope total): level 0.15 × 3,169,545.57 (1990) = 475,431.84 t.
    From 2,995,747.76 t in 2024 the average cut needed is (2,995,747.76 − 475,431.84) / 21 =
    120,015.04 t/year, or 1 − (475,431.84 / 2,995,747.76)^(1/21) = 8.39 %/year. The OLS trend
    rises (the steelworks), so it never meets the target: 'not before 2050', red light."""
    r = compute("Luleå")
    t = r.tables["targets"].set_index("target_id").loc["sverige_2045"]
    assert t["target_co2e_t"] == pytest.approx(475431.84, abs=0.01)
    assert t["needed_cut_t_per_year"] == pytest.approx(120015.04, abs=0.01)
    assert t["needed_cut_pct_per_year"] == pytest.approx(
        100 * (1 - (475431.84 / 2995747.76) ** (1 / 21)), rel=1e-6
    )
    assert pd.isna(t["year_trend_meets_target"]) and not t["is_met_by_target_year"]
    assert t["gap_target_year_co2e_t"] == pytest.approx(
        t["trend_target_year_co2e_t"] - t["target_co2e_t"]
    )
    card = r.tables["scorecard"].set_index("target_id").loc["sverige_2045"]
    assert card["light"] == "red"
    assert r.summary["targets"]["sverige_2045"]["year_trend_meets_target"] is None


def test_arjeplog_trend_meets_the_2045_target_in_2043():
    """Arjeplog without industry and energy (t CO2e): 1990 = 6,200.53 + 3,030.25 + 4,043.24 +
    6,525.41 + 193.71 + 12,921.42 = 32,914.56, level 0.15 × 32,914.56 = 4,937.18. Data years
    2015 22,819.66; 2020 17,377.57; 2021 17,477.03; 2022 15,687.71; 2023 15,898.66; 2024
    17,696.01: OLS slope Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = −35,896.3 / 50.833 = −706.2 t/year. From 17,696.01
    in 2024: (17,696.01 − 4,937.18) / 706.2 = 18.07 years, so first at or below in 2043 (green,
    before 2045)."""
    r = compute("Arjeplog")
    t = r.tables["targets"].set_index("target_id").loc["sverige_2045_exkl_industri_energi"]
    assert t["base_co2e_t"] == pytest.approx(32914.56, abs=0.01)
    assert t["trend_slope_t_per_year"] == pytest.approx(-706.2, abs=0.05)
    assert t["year_trend_meets_target"] == 2043 and t["is_met_by_target_year"]
    assert scorecard.light(t.to_dict(), 5) == "green"


def test_traffic_light_rule():
    assert scorecard.light({"year_trend_meets_target": 2030, "target_year": 2030}, 5) == "green"
    assert scorecard.light({"year_trend_meets_target": 2035, "target_year": 2030}, 5) == "yellow"
    assert scorecard.light({"year_trend_meets_target": 2036, "target_year": 2030}, 5) == "red"
    assert scorecard.light({"year_trend_meets_target": None, "target_year": 2030}, 5) == "red"
    assert scorecard.light({"year_trend_meets_target": 2031, "target_year": 2030}, 0) == "red"


def test_carbon_law_reproduces_klimatkollens_budget():
    """Klimatkollen, Luleå: totalCarbonLaw 25,949,683.417 t = Σ over 2026–2050 of the 2026
    anchor 3,182,330.251 × 0.8828^(t − 2026): 3,182,330.251 × (1 − 0.8828^25) / 0.1172."""
    anchor = 3182330.251
    path = tg.carbon_law(2026, anchor, 11.72, 2050)
    assert anchor + path.sum() == pytest.approx(25949683.417, rel=1e-9)
    assert path[2027] == pytest.approx(anchor * 0.8828)


def test_cumulative_paths_start_after_the_latest_data_year():
    r = compute("Kiruna")
    cum = r.tables["cumulative"].set_index(["scope", "path"])
    paths = r.tables["paths"]
    law = paths[(paths["scope"] == "total") & (paths["path"] == "carbon_law")]
    assert law["year"].min() == 2025 and law["year"].max() == 2050
    assert cum.loc[("total", "carbon_law"), "cumulative_co2e_t"] == pytest.approx(
        law["co2e_t"].sum()
    )
    obs = paths[(paths["path"] == "observed") & (paths["scope"] == "total")]
    assert sorted(obs["year"]) == [1990, 2000, 2005, 2010, 2015, *range(2020, 2025)]


def test_required_path_is_a_line_to_the_target_then_flat():
    path = tg.required_path(2024, 1000.0, 100.0, 2034, 2040)
    assert path[2029] == pytest.approx(550.0) and path[2034] == pytest.approx(100.0)
    assert (path.loc[2035:] == 100.0).all()


def test_target_year_before_base_year_and_unknown_scope_are_config_errors(tmp_path):
    bad = tmp_path / "mal.yaml"
    bad.write_text("kommun: Luleå\ntargets:\n  - {id: a, name: A, scope: total, base_year: 2010, "
                   "target_year: 2005, reduction_pct: 50, source: beslut}\n  - {id: b, name: B, "
                   "scope: fordon, base_year: 2010, target_year: 2030, reduction_pct: 50, "
                   "source: beslut}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(ConfigError) as err:
        load_targets(bad)
    text = str(err.value)
    assert "target_year 2005 must be after base_year 2010" in text
    assert "unknown scope 'fordon'" in text and str(bad) in text
    with pytest.raises(ConfigError, match="reduction_pct"):
        validate(StrategyConfig, {"own_targets": {"Luleå": [{**_target().model_dump(),
                                                              "reduction_pct": 120}]}})  # fmt: skip


def test_base_year_that_is_not_published_is_refused_with_the_available_years():
    """1995 and 2012 are not RUS years; nothing is interpolated."""
    targets = TargetsFile(kommun="2580", targets=[_target(id="a", base_year=1995),
                                                  _target(id="b", base_year=2012)])  # fmt: skip
    with pytest.raises(InputError) as err:
        compute("Luleå", targets=targets)
    text = str(err.value)
    assert "a.base_year" in text and "value 1995" in text and "b.base_year" in text
    assert "1990, 2000, 2005, 2010, 2015, 2020" in text


def test_own_targets_from_file_and_scenario_are_evaluated(tmp_path):
    path = tmp_path / "lulea.yaml"
    path.write_text("kommun: Luleå\ntargets:\n  - id: lulea_2030\n    name: Halverade utsläpp "
                    "2030\n    scope: excl_industry_energy\n    base_year: 2010\n    target_year: "
                    "2030\n    reduction_pct: 50\n    source: Luleå kommun (test)\n",
                    encoding="utf-8")  # fmt: skip
    sc = Scenario(strategy=StrategyConfig(own_targets={"Luleå": [_target(id="egen", scope=
                                                                         "transporter",
                                                                         base_year=2010,
                                                                         target_year=2035,
                                                                         reduction_pct=80)]}))  # fmt: skip
    r = compute("2580", scenario=sc, targets=path)
    t = r.tables["targets"].set_index("target_id")
    assert t.loc["lulea_2030", "origin"] == "own" and t.loc["egen", "scope"] == "transporter"
    assert set(r.tables["action_gap"]["target_id"]) >= {"lulea_2030", "egen"}
    with pytest.raises(InputError, match="targets of area 2584"):
        compute("Kiruna", targets=path)


def test_trend_direction_tells_no_data_from_a_single_year():
    """An indicator with no published value says "no data", not "single year" (Jokkmokk's
    fossil share of final use is suppressed in every year; by hand: 0 points → no_data,
    1 point → single_year, 2 falling points of a lower-is-better indicator → improving)."""
    assert scorecard._trend(pd.Series([float("nan")] * 3, index=[2018, 2019, 2020]), "lower") == (
        None,
        "no_data",
    )
    assert scorecard._trend(pd.Series([5.0], index=[2020]), "lower") == (None, "single_year")
    slope, direction = scorecard._trend(pd.Series([5.0, 3.0], index=[2019, 2020]), "lower")
    assert (slope, direction) == (pytest.approx(-2.0), "improving")
