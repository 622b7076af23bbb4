"""County overview: all municipalities side by side; missing parts stay empty."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from workbench.core.outputs import write_json, write_parquet
from workbench.export.county import write_county_overview
from workbench.reference import kommuner as km


def _kommun(out, name, solar_mwh=None, fleet=True):
    k = km.get(name)
    parts = {}
    if solar_mwh is not None:
        parts["solar"] = {"annual_mwh": solar_mwh, "capacity_kwp": solar_mwh * 1.3}
    if fleet:
        parts["fleet"] = {"n_vehicles": 20, "base_year": 2025, "base_tco2e_wtw": 100.0,
                          "target_year": 2030, "target_year_tco2e_wtw": 40.0,
                          "year_target_met": 2028, "is_target_met_in_target_year": True}  # fmt: skip
        yearly = pd.DataFrame({"year": [2025, 2026, 2030], "co2e_t_wtw": [100.0, 80.0, 40.0],
                               "co2_t_fossil": [90.0, 70.0, 30.0]})  # fmt: skip
        write_parquet(out / k.slug / "fleet" / "yearly.parquet", yearly)
    write_json(out / k.slug / "kommun_summary.json", {"parts": parts})
    return k


@pytest.mark.slow
def test_overview_per_inhabitant_and_missing_parts(tmp_path):
    a = _kommun(tmp_path, "Arjeplog", solar_mwh=5493.7)
    b = _kommun(tmp_path, "Kiruna", solar_mwh=None, fleet=False)
    folder = write_county_overview(tmp_path, [a, b])
    table = pd.read_csv(folder / "overview.csv", dtype={"kommun_id_scb": str})
    row = table.set_index("name").loc["Arjeplog"]
    # 5 493.7 MWh x 1000 / 2 570 inhabitants (SCB, December 2025) = 2 137.6 kWh per inhabitant
    assert row["solar_kwh_per_inhabitant"] == pytest.approx(2137.63, abs=0.01)
    assert row["population"] == 2570 and row["population_year"] == 2025
    assert row["year_target_met"] == 2028 and row["is_target_met_in_target_year"]
    assert row["has_solar"] and not row["has_match"]
    kiruna = table.set_index("name").loc["Kiruna"]
    assert pd.isna(kiruna["solar_annual_mwh"]) and pd.isna(kiruna["n_vehicles"])  # never estimated
    paths = pd.read_csv(folder / "fleet_trajectories.csv")
    assert list(paths["year"]) == [2025, 2026, 2030] and set(paths["name"]) == {"Arjeplog"}
    book = openpyxl.load_workbook(folder / "lan.xlsx")
    assert book.sheetnames == ["Kommuner", "Utsläppsbanor", "Antaganden", "Om underlaget"]
    html = (folder / "lan.html").read_text(encoding="utf-8")
    assert "2 av Norrbottens 14 kommuner" in html and "<script" not in html
    label = "Folkmängd 31 december 2025 (SCB), de 2 kommunerna tillsammans"
    assert f'<div class="kf-label">{label}</div>' in html
    # Arjeplog 2 570 + Kiruna 22 402 (SCB 2025M12, data/strategy/population.csv)
    assert '<div class="kf-value">24\u00a0972\u00a0invånare</div>' in html
    assert list(table["population_year"]) == [2025, 2025]
    assert html.count('src="data:image/png;base64,') == 3  # solar bars and map, fleet lines
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {"lan.xlsx", "lan.html", "overview.csv"} <= set(manifest["outputs"])


@pytest.mark.slow
def test_county_procurement_adds_up_the_municipalities(tmp_path):
    """The county list is the sum of the municipalities' lists per year, class and powertrain;
    its clean share per year and category is recomputed over all of them."""
    from workbench.fleet import run as fleet

    kommuner = [km.get("Arjeplog"), km.get("Pajala")]
    lists = []
    for k in kommuner:
        result = fleet.run(k, tmp_path / k.slug / "fleet", scenario="fast_electrification",
                           manifest=False)  # fmt: skip
        lists.append(result.procurement_list)
        write_json(tmp_path / k.slug / "kommun_summary.json", {"parts": {}})
    folder = write_county_overview(tmp_path, kommuner)
    county = pd.read_csv(folder / "procurement.csv")
    both = pd.concat(lists)
    assert county["n_vehicles"].sum() == both["n_vehicles"].sum()
    key = ["year", "vehicle_class", "powertrain"]
    summed = both.groupby(key)["n_vehicles"].sum()
    assert county.set_index(key)["n_vehicles"].sort_index().equals(summed.sort_index())
    light = county[(county["year"] == 2027) & (county["cvd_category"] == "light_duty")]
    clean = light.loc[light["is_clean"], "n_vehicles"].sum() / light["n_vehicles"].sum()
    assert light["clean_share_pct"].unique() == pytest.approx([100 * clean])
    sheets = openpyxl.load_workbook(folder / "lan.xlsx").sheetnames
    assert "Samordnad upphandling" in sheets
    html = (folder / "lan.html").read_text(encoding="utf-8")
    assert "Samordnad upphandling" in html and "Fordon att upphandla 2026" in html
