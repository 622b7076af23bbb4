"""Readers of the strategy sources on the real files in ../shared (skipped without it).

Expected figures were read by hand from the files (file, key and value in each docstring).
"""

from __future__ import annotations

import json
import shutil

import openpyxl
import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.strategy.sources import (
    energibalans,
    klimatkollen,
    population,
    powercircle,
    pv_installed,
    rus,
)
from workbench.strategy.sources.common import area_codes, kommun_codes


@pytest.fixture(scope="module")
def strategy_dir(shared):
    return shared / "strategy"


@pytest.fixture(scope="module")
def rus_co2(strategy_dir):
    return rus.read_rus_co2(strategy_dir / "rus" / "rus_co2_kommuner_1990_2022.xlsx")


@pytest.fixture(scope="module")
def energy(strategy_dir):
    return energibalans.read_folder(strategy_dir / "energibalans", area_codes())


@pytest.mark.slow
def test_klimatkollen_sectors_and_totals_of_the_14_and_the_county(strategy_dir):
    """municipality-sector-emissions.json, "Luleå", sectors "2024": Industri (energi +
    processer) 1,556,730.3; El och fjärrvärme 1,180,595.4; Transporter 183,120.58 t CO2e.
    municipality-data.json "Luleå" emissions "2024": 2,995,747.739 (the sum of the 9 sectors
    within 0.03 t). region-sector-emissions.json "Norrbottens län" = the sum of the 14."""
    folder = strategy_dir / "klimatkollen"
    sectors = klimatkollen.read_sector_emissions(
        folder / "municipality-sector-emissions.json", kommun_codes()
    )
    totals = klimatkollen.read_total_emissions(folder / "municipality-data.json", kommun_codes())
    county = klimatkollen.read_sector_emissions(folder / "region-sector-emissions.json", ["25"])
    assert sorted(sectors["area_id_scb"].unique()) == kommun_codes()
    assert sorted(sectors["year"].unique()) == [1990, 2000, 2005, 2010, 2015, *range(2020, 2025)]
    lulea = sectors.query("area_id_scb == '2580' and year == 2024").set_index("sector")["co2e_t"]
    assert lulea["industri"] == 1556730.3
    assert lulea["el_fjarrvarme"] == 1180595.4
    assert lulea["transporter"] == 183120.58
    summed = sectors.groupby(["area_id_scb", "year"])["co2e_t"].sum()
    published = totals.set_index(["area_id_scb", "year"])["co2e_t"]
    assert published[("2580", 2024)] == 2995747.739
    assert (summed - published).abs().max() < 0.03
    by_county = sectors.groupby(["year", "sector"])["co2e_t"].sum()
    assert (by_county - county.set_index(["year", "sector"])["co2e_t"]).abs().max() < 0.5


@pytest.mark.slow
def test_klimatkollen_missing_municipality_and_bad_value_are_named(strategy_dir, tmp_path):
    data = json.loads((strategy_dir / "klimatkollen" / "municipality-sector-emissions.json")
                      .read_text(encoding="utf-8"))  # fmt: skip
    data = [m for m in data if m["name"] != "Kiruna"]
    lulea = next(m for m in data if m["name"] == "Luleå")
    lulea["sectors"]["2024"]["Transporter"] = "n/a"
    lulea["sectors"]["2023"]["Vätgas"] = 1.0
    path = tmp_path / "sectors.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        klimatkollen.read_sector_emissions(path, kommun_codes())
    text = str(err.value)
    assert "a row for 2584 Kiruna" in text
    assert "column 'sectors.2024.Transporter': value 'n/a': expected a number [t CO2e]" in text
    assert "sectors.2023" in text and "Vätgas" in text


@pytest.mark.slow
def test_rus_road_transport_and_published_totals(rus_co2):
    """rus_co2_kommuner_1990_2022.xlsx, sheet 'Koldioxid (CO2)': Transporter | Personbilar |
    Norrbottens län | Luleå, 2022: 73,084.10 t CO2; Alla | Alla | Norrbottens län | Arjeplog,
    2022: 10,393.05 t (SOURCES.md: "Arjeplog 2022: 10.4 kt CO2")."""
    lulea = rus_co2.query("area_id_scb == '2580' and year == 2022 and sector == 'transporter'")
    cars = lulea.set_index("subsector")["co2_t"]["personbilar"]
    assert cars == pytest.approx(73084.1012134717, abs=1e-6)
    total = rus_co2.query("area_id_scb == '2506' and year == 2022 and sector == 'alla'")
    assert float(total["co2_t"].iloc[0]) == pytest.approx(10393.0458, abs=1e-3)
    assert sorted(rus_co2["year"].unique()) == [1990, 2000, 2005, 2010, *range(2015, 2023)]
    assert set(rus_co2["area_id_scb"]) == set(area_codes())


@pytest.mark.slow
def test_rus_unallocated_remainder_keeps_sub_sectors_adding_up(rus_co2):
    """Avfall, Norrbottens län, 2018: the sector's Alla row is positive while every published
    sub-sector is 0, so the difference sits in 'ej_fordelat' and the parts add up."""
    parts = rus_co2[(rus_co2["subsector"] != "alla") & (rus_co2["sector"] != "alla")]
    summed = parts.groupby(["area_id_scb", "year", "sector"])["co2_t"].sum()
    alla = rus_co2[(rus_co2["subsector"] == "alla") & (rus_co2["sector"] != "alla")]
    alla = alla.set_index(["area_id_scb", "year", "sector"])["co2_t"]
    assert (summed - alla.reindex(summed.index)).abs().max() <= rus.ROUNDING_T
    rest = rus_co2.query("subsector == 'ej_fordelat' and area_id_scb == '25' and year == 2018")
    assert rest.set_index("sector").loc["avfall", "co2_t"] > 1000


@pytest.mark.slow
def test_rus_changed_layout_text_cell_and_missing_municipality(strategy_dir):
    rows, src = rus.load_rows(strategy_dir / "rus" / "rus_co2_kommuner_1990_2022.xlsx")
    moved = [*rows[:5], ("Huvudsektor", "Delsektor", *rows[5][2:]), *rows[6:]]
    with pytest.raises(InputError, match="'Huvudsektor | Undersektor | Län | Kommun' header"):
        rus.parse_rus_co2(moved, src)
    i = next(i for i, r in enumerate(rows) if r[2] == "Norrbottens län" and r[3] == "Luleå")
    text = [*rows[:i], (*rows[i][:6], "uppgift saknas", *rows[i][7:]), *rows[i + 1 :]]
    with pytest.raises(InputError, match=rf"row {i + 1}, column 'G': value 'uppgift saknas'"):
        rus.parse_rus_co2(text, src)
    without = [r for r in rows if r[3] != "Pajala"]
    with pytest.raises(InputError, match="a row for 2521 Pajala"):
        rus.parse_rus_co2(without, src)


@pytest.mark.slow
def test_energy_balance_suppressed_cells_are_missing_not_zero(energy):
    """EN0203AE_slutanvandning_2016-2020.csv, "2580 Lule\\ufffd";"slutanv. industri,
    byggverks.": "fast (icke förnybara)" 2016 = 8731462 MWh; "flytande (icke förnybara)" 2016
    = ".." (suppressed). "2584 Kiruna" 2016 has no suppressed cell in the carrier totals and
    the 8 categories add up to "summa bränsletyp" exactly (SOURCES.md)."""
    ae = energy[energy["table"] == "AE"]
    lulea = ae.query("area_id_scb == '2580' and year == 2016 and category == "
                     "'industri_byggverksamhet'").set_index("carrier")  # fmt: skip
    assert lulea.loc["fast_fossil", "energy_mwh"] == 8731462
    assert lulea.loc["flytande_fossil", "status"] == "suppressed"
    assert pd.isna(lulea.loc["flytande_fossil", "energy_mwh"])
    share = (ae["status"] != "value").mean()
    assert 0.05 < share < 0.15  # SOURCES.md: about 9.5 % of all cells are ".."
    kiruna = ae.query("area_id_scb == '2584' and year == 2016 and carrier == 'total'")
    parts = kiruna[kiruna["category"] != "total"]["energy_mwh"]
    total = kiruna[kiruna["category"] == "total"]["energy_mwh"].iloc[0]
    assert parts.notna().all() and abs(parts.sum() - total) <= 0.5 * (len(parts) + 1)


def _edit_csv(src, dst, old: str, new: str):
    text = src.read_bytes().decode("utf-8")
    assert old in text
    dst.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    return dst


@pytest.mark.slow
def test_energy_balance_bad_cell_bad_total_and_missing_area(strategy_dir, tmp_path):
    src = strategy_dir / "energibalans" / "EN0203AE_slutanvandning_2016-2020.csv"
    bad = _edit_csv(src, tmp_path / "cell.csv", ";8731462;", ";8731462 MWh;")
    with pytest.raises(InputError, match=r"column '2016': value '8731462 MWh'"):
        energibalans.read_energibalans(bad, area_codes())
    # a total that does not match its complete parts: Kiruna's "summa bränsletyp" of district
    # heating, 2016 = 187140 MWh (all eight categories published), raised by 1,000 MWh
    text = src.read_bytes().decode("utf-8")
    line = next(ln for ln in text.splitlines()
                if ln.startswith('"2584 Kiruna";"summa br') and ln.split(";")[2] == '"fj\ufffdrrv\ufffdrme"')  # fmt: skip
    cells = line.split(";")
    assert cells[3] == "187140"
    cells[3] = "188140"
    broken = tmp_path / "total.csv"
    broken.write_bytes(text.replace(line, ";".join(cells)).encode("utf-8"))
    with pytest.raises(InputError, match="parts summing to the published total"):
        energibalans.read_energibalans(broken, area_codes())
    with pytest.raises(InputError, match="rows for area 2599"):
        energibalans.read_energibalans(src, [*area_codes(), "2599"])


def test_population_december_2025(strategy_dir):
    """scb_folkmangd_2025-12.xlsx: "2580 Luleå" 80,304; "2584 Kiruna" 22,402; "2506
    Arjeplog" 2,570 (column 2025M12); the county row is the sum of the 14 (248,918)."""
    pop = population.read_population(strategy_dir / "scb_folkmangd_2025-12.xlsx")
    p = pop.set_index("area_id_scb")["population"]
    assert (p["2580"], p["2584"], p["2506"]) == (80304, 22402, 2570)
    assert p["25"] == p.drop("25").sum() == 248918
    assert set(pop["month"]) == {"2025-12"}


def test_population_missing_municipality(strategy_dir, tmp_path):
    src = strategy_dir / "scb_folkmangd_2025-12.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    row = next(r for r in ws.iter_rows() if str(r[0].value or "").startswith("2506 "))
    row[0].value = None
    wb.save(tmp_path / "pop.xlsx")
    with pytest.raises(InputError, match="a row for 2506 Arjeplog"):
        population.read_population(tmp_path / "pop.xlsx")


def test_installed_pv_2025_and_the_missing_arvidsjaur(strategy_dir, tmp_path):
    """solar_installed_2025.csv: 2580 Luleå 631 installations, 11.16 MW; 2505 Arvidsjaur
    empty (missing, not zero)."""
    pv = pv_installed.read_pv_installed(strategy_dir / "solar_installed_2025.csv")
    p = pv.set_index("area_id_scb")
    assert (p.loc["2580", "n_installations"], p.loc["2580", "capacity_mw"]) == (631, 11.16)
    assert pd.isna(p.loc["2505", "capacity_mw"]) and pd.isna(p.loc["2505", "n_installations"])
    bad = _edit_csv(strategy_dir / "solar_installed_2025.csv", tmp_path / "pv.csv", "631,11.16",
                    "631,-1")  # fmt: skip
    with pytest.raises(InputError, match="column 'capacity_mw': value '-1'"):
        pv_installed.read_pv_installed(bad)


@pytest.mark.slow
def test_powercircle_upper_case_names_and_charge_point_ratio(shared, strategy_dir):
    """powercircle_municipality_data_dec_2025.csv, "LULEÅ": 2,194 plug-in hybrids, 2,321 BEV,
    4,797 chargeable vehicles, 376 charge points: 4,797 / 376 = 12.758 vehicles per point,
    Klimatkollen's electricVehiclePerChargePoints for Luleå (municipality-data.json: 12.758)."""
    pc = powercircle.read_powercircle(
        shared / "fleet" / "powercircle_municipality_data_dec_2025.csv"
    )
    lulea = pc.set_index("area_id_scb").loc["2580"]
    assert (lulea["n_phev"], lulea["n_bev"], lulea["n_chargeable_vehicles"],
            lulea["n_charge_points"]) == (2194, 2321, 4797, 376)  # fmt: skip
    ref = klimatkollen.read_derived(strategy_dir / "klimatkollen" / "municipality-data.json",
                                    kommun_codes())  # fmt: skip
    for code, row in pc.set_index("area_id_scb").iterrows():
        ratio = row["n_chargeable_vehicles"] / row["n_charge_points"]
        assert ratio == pytest.approx(ref[code]["electricVehiclePerChargePoints"], abs=0.001)


@pytest.mark.slow
def test_powercircle_missing_municipality(shared, tmp_path):
    src = shared / "fleet" / "powercircle_municipality_data_dec_2025.csv"
    dst = tmp_path / src.name
    shutil.copy(src, dst)
    text = dst.read_text(encoding="utf-8-sig")
    dst.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith('"PAJALA"')),
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError, match="a row for 2521 Pajala"):
        powercircle.read_powercircle(dst)
