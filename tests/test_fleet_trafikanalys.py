"""Trafikanalys "Fordon i län och kommuner" 2015–2022 and 2025: published counts reproduced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.fleet import CarStockAssumptions, FleetConfig
from workbench.core.errors import InputError
from workbench.fleet.stock import implied_exit_rate, project_car_stock, project_from_trafikanalys
from workbench.fleet.trafikanalys import (
    car_stock,
    harmonise_fuel,
    missing_years,
    read_folder,
    read_fordon_lan_kommuner,
)

TABLES_2018 = {"personbilar_i_trafik", "personbilar_nyregistrerade", "latta_lastbilar_i_trafik",
               "tunga_lastbilar_i_trafik", "bussar_i_trafik"}  # fmt: skip


@pytest.fixture(scope="module")
def fleet_dir(shared):
    return shared / "fleet"


@pytest.fixture(scope="module")
def stock(fleet_dir):
    return read_folder(fleet_dir)


@pytest.mark.slow
def test_every_year_and_table_is_found(stock):
    tables = stock.groupby("year")["table"].agg(set)
    assert sorted(tables.index) == [*range(2015, 2023), 2025]
    assert missing_years(stock) == [2023, 2024]
    for year, found in tables.items():
        expected = TABLES_2018 if year >= 2018 else {"personbilar_i_trafik",
                                                    "personbilar_nyregistrerade"}  # fmt: skip
        assert found == expected, year
    kommuner = stock[stock["level"] == "kommun"]["kommun_id_scb"].unique()
    assert len(kommuner) == 14


@pytest.mark.slow
def test_municipality_rows_equal_the_tidy_extract_exactly(stock, fleet_dir):
    """Every year × table × municipality × fuel equals the independent tidy extract."""
    ref = pd.read_csv(fleet_dir / "norrbotten_fordon_drivmedel_2015_2022.csv",
                      dtype={"kommun_kod": str})  # fmt: skip
    mine = stock[(stock["level"] != "lan") & (stock["year"] <= 2022)].copy()
    mine = mine[mine["drivmedel"] != "darav_miljobil_mb2013"]  # the extract keeps MB2007 only
    mine["drivmedel"] = mine["drivmedel"].replace({"darav_miljobil_mb2007": "darav_miljobil"})
    # 2022 heavy lorries/buses: "Elhybrider/ laddhybrid" — the extract calls it elhybrid
    fix = (mine["year"] == 2022) & mine["table"].isin(
        ["bussar_i_trafik", "tunga_lastbilar_i_trafik"]
    )
    mine.loc[fix & (mine["drivmedel"] == "elhybrid_eller_laddhybrid"), "drivmedel"] = "elhybrid"
    a = mine.set_index(["year", "table", "kommun_id_scb", "drivmedel"])["antal"].astype(int)
    b = ref.set_index(["year", "table", "kommun_kod", "drivmedel"])["antal"].astype(int)
    b.index.names = a.index.names
    assert len(a) == len(b) == 3899
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_names=False)


@pytest.mark.slow
def test_county_row_is_the_sum_of_its_rows_and_fuels_sum_to_total(stock):
    lan = stock[stock["level"] == "lan"].set_index(["year", "table", "drivmedel"])["antal"]
    rows = stock[stock["level"] != "lan"].groupby(["year", "table", "drivmedel"])["antal"].sum()
    pd.testing.assert_series_equal(lan.sort_index(), rows.sort_index(), check_names=False)
    wide = stock.pivot_table(index=["year", "table", "kommun_id_scb"], columns="drivmedel",
                             values="antal", aggfunc="sum")  # fmt: skip
    fuels = [c for c in wide.columns if c != "totalt" and not c.startswith("darav")]
    assert (wide[fuels].fillna(0).sum(axis=1) == wide["totalt"]).all()


@pytest.mark.slow
def test_published_norrbotten_figures(stock):
    """domain-fleet.md §0 and §8.1 (Trafikanalys, 31 Dec)."""

    def n(year, table, code, fuel="totalt"):
        sel = stock.query("year == @year and table == @table and kommun_id_scb == @code "
                          "and drivmedel == @fuel")  # fmt: skip
        return int(sel["antal"].iloc[0])

    assert n(2022, "personbilar_i_trafik", "25") == 143263
    assert n(2022, "personbilar_i_trafik", "2580") == 40823
    assert n(2022, "personbilar_i_trafik", "2581") == 25199
    assert n(2022, "latta_lastbilar_i_trafik", "25") == 21850
    assert n(2022, "latta_lastbilar_i_trafik", "25", "diesel") == 19854
    assert n(2022, "tunga_lastbilar_i_trafik", "25") == 3332
    assert n(2022, "bussar_i_trafik", "25") == 394
    assert n(2022, "bussar_i_trafik", "25", "gas") == 23
    assert n(2022, "personbilar_nyregistrerade", "25") == 4542
    assert n(2022, "personbilar_nyregistrerade", "25", "el") == 1541
    assert (n(2022, "personbilar_i_trafik", "2580", "el"),
            n(2022, "personbilar_i_trafik", "2580", "laddhybrid")) == (1264, 1130)  # fmt: skip
    # the domain table sums the 14 municipalities without "okänd kommun"
    cars15 = stock.query("year == 2015 and table == 'personbilar_i_trafik' and level == 'kommun' "
                         "and drivmedel == 'totalt'")["antal"].sum()  # fmt: skip
    assert cars15 == 141077


@pytest.mark.slow
def test_published_2025_figures(stock):
    """Read by hand from fordon_lan_och_kommuner_2025.xlsx (Statistik 2026:2), 31 Dec 2025.

    Tabell 4: Norrbottens län 145,956 cars (Luleå 41,902 = 17,363 bensin + 16,425 diesel +
    2,581 el + 1,714 elhybrid + 2,439 laddhybrid + 1,198 etanol + 179 gas + 3 övriga; Kiruna
    13,806; Arjeplog 1,719). Tabell 6: county light lorries 23,697, of which diesel 21,123.
    Tabell 7: Luleå heavy-lorry gas split 12 CNG + 4 LNG. Tabell 1 gives the same totals.
    """
    s25 = stock[stock["year"] == 2025]

    def n(table, code, fuel="totalt"):
        sel = s25[(s25["table"] == table) & (s25["kommun_id_scb"] == code)]
        return int(sel.loc[sel["drivmedel"] == fuel, "antal"].iloc[0])

    assert n("personbilar_i_trafik", "25") == 145956
    assert [n("personbilar_i_trafik", c) for c in ("2580", "2584", "2506")] == [41902, 13806, 1719]
    assert n("personbilar_i_trafik", "2580", "el") == 2581
    assert n("latta_lastbilar_i_trafik", "25") == 23697
    assert n("latta_lastbilar_i_trafik", "25", "diesel") == 21123
    assert (n("tunga_lastbilar_i_trafik", "2580", "gas_komprimerad"),
            n("tunga_lastbilar_i_trafik", "2580", "gas_flytande")) == (12, 4)  # fmt: skip
    assert n("personbilar_nyregistrerade", "25", "el") == 880
    assert set(s25["level"]) == {"kommun", "lan"}  # no 25AA row for the county in 2025


@pytest.mark.slow
def test_2022_el_and_laddhybrid_agree_with_the_api_extract(stock, fleet_dir):
    api = pd.read_csv(fleet_dir / "norrbotten_el_laddhybrid_2022_2023_trafa_api.csv")
    api = api[(api["year"] == 2022) & (api["kommun"] != "Totalt")]
    fuel = {"El": "el", "Laddhybrid": "laddhybrid"}
    cars = stock.query("year == 2022 and table == 'personbilar_i_trafik' and level == 'kommun'")
    for row in api.itertuples():
        mine = cars[(cars["kommun"] == row.kommun) & (cars["drivmedel"] == fuel[row.drivmedel])]
        assert int(mine["antal"].iloc[0]) == row.i_trafik_vid_arets_slut, row


def test_harmonise_fuel_labels():
    assert harmonise_fuel("Elhybrider1)") == "elhybrid"
    assert harmonise_fuel("Elhybrider/ Laddhybrider1)") == "elhybrid_eller_laddhybrid"
    assert harmonise_fuel("därav MB2013") == "darav_miljobil_mb2013"
    with pytest.raises(ValueError):
        harmonise_fuel("Kärnkraft")


@pytest.mark.slow
def test_stock_projection_invariants_and_2023_hindcast(stock, fleet_dir):
    cfg = CarStockAssumptions()
    proj = project_from_trafikanalys(stock[stock["year"] <= 2022], "25", 2030, cfg)
    s = car_stock(stock, "25")
    assert proj.loc[2022, "totalt"] == s.loc[2022, "totalt"]
    change = proj["totalt"].diff().iloc[1:]
    np.testing.assert_allclose(change, (proj["new_registrations"] - proj["scrapped"]).iloc[1:])
    assert (proj["el"].diff().iloc[1:] > 0).all()
    # exit rate implied by 2015–2022: (new − Δstock)/stock, by hand for 2022
    new = car_stock(stock, "25", "personbilar_nyregistrerade")["totalt"]
    r22 = (new[2022] - (s.loc[2022, "totalt"] - s.loc[2021, "totalt"])) / s.loc[2021, "totalt"]
    assert r22 == pytest.approx((4542 - (143263 - 142996)) / 142996)
    assert 0 < implied_exit_rate(s["totalt"], new) < 0.07
    # the 2022 -> 2025 gap gives no yearly rate: the mean is over 2016–2022 only
    short = implied_exit_rate(s.loc[:2022, "totalt"], new.loc[:2022])
    assert implied_exit_rate(s["totalt"], new) == pytest.approx(short)
    # one-year hindcast: BEVs in traffic end of 2023, Trafikanalys API: 4,344 (county)
    assert proj.loc[2023, "el"] == pytest.approx(4344, rel=0.10)
    # fixed exit rate from the configuration overrides the calibration
    fixed = project_car_stock(pd.Series({"bensin": 100.0}), pd.Series({"el": 10.0}), 2022, 2023,
                              CarStockAssumptions(scrappage_pct=10.0,
                                                  new_share_target_pct={"el": 100.0}))  # fmt: skip
    assert fixed.loc[2023, "bensin"] == pytest.approx(90.0)
    assert fixed.loc[2023, "el"] == pytest.approx(10.0)
    assert fixed.loc[2023, "totalt"] == pytest.approx(100.0)


def test_stock_share_targets_name_trafikanalys_fuels_and_sum_to_100():
    """A misspelt fuel or shares not summing to 100 % are refused, not renormalised silently."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="summing to 100"):
        CarStockAssumptions(new_share_target_pct={"el": 90.0})
    with pytest.raises(ValidationError, match="electric"):
        CarStockAssumptions(new_share_target_pct={"electric": 100.0})
    assert CarStockAssumptions(new_share_target_pct={"el": 60.0, "laddhybrid": 40.0})
    # no longer scenario keys: no stage writes the projection
    assert not any(k.startswith("stock_") for k in FleetConfig.model_fields)
    with pytest.raises(ValidationError, match="stock_target_year"):
        FleetConfig(stock_target_year=2030)


def _copy_with(tmp_path, fleet_dir, edit):
    import openpyxl

    wb = openpyxl.load_workbook(fleet_dir / "fordon_lan_och_kommuner_2025.xlsx")
    edit(wb)
    out = tmp_path / "fordon_lan_och_kommuner_2025.xlsx"
    wb.save(out)
    return out


@pytest.mark.filterwarnings("ignore:wmf image format")  # openpyxl drops the logo on load
@pytest.mark.slow
def test_bad_cells_and_layouts_name_the_sheet_row_and_column(tmp_path, fleet_dir):
    """A text in a count cell, an unknown fuel and a moved header are refused with the place."""

    def bad_cell(wb):
        wb["Tabell 4 Personbil"]["C313"] = "cirka 17000"  # Luleå, Bensin

    with pytest.raises(InputError, match=r"sheet 'Tabell 4 Personbil', row 313, column 'C'"):
        read_fordon_lan_kommuner(_copy_with(tmp_path, fleet_dir, bad_cell))

    def unknown_fuel(wb):
        wb["Tabell 6 Lätt lastbil"]["H4"] = "Kärnkraft"
        wb["Tabell 6 Lätt lastbil"]["J4"] = "Gas"  # Övriga -> a second Gas column

    with pytest.raises(InputError, match=r"Lätt lastbil', row 4, column 'H': value 'Kärnkraft'"):
        read_fordon_lan_kommuner(_copy_with(tmp_path, fleet_dir, unknown_fuel))
    with pytest.raises(InputError, match=r"row 4: value \['Gas'\]: expected one column per fuel"):
        read_fordon_lan_kommuner(_copy_with(tmp_path, fleet_dir, unknown_fuel))

    def moved_header(wb):
        ws = wb["Tabell 8 Buss"]
        ws["A4"] = "Kod"

    with pytest.raises(InputError, match="header row starting with 'Kommun' for table 'bussar"):
        read_fordon_lan_kommuner(_copy_with(tmp_path, fleet_dir, moved_header))
