"""Trafikanalys "Fordon i län och kommuner" 2015–2022: published counts reproduced exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.fleet import FleetConfig
from workbench.fleet.stock import implied_exit_rate, project_car_stock, project_from_trafikanalys
from workbench.fleet.trafikanalys import car_stock, harmonise_fuel, read_folder

TABLES_2018 = {"personbilar_i_trafik", "personbilar_nyregistrerade", "latta_lastbilar_i_trafik",
               "tunga_lastbilar_i_trafik", "bussar_i_trafik"}  # fmt: skip


@pytest.fixture(scope="module")
def fleet_dir(shared):
    return shared / "fleet"


@pytest.fixture(scope="module")
def stock(fleet_dir):
    return read_folder(fleet_dir)


def test_every_year_and_table_is_found(stock):
    tables = stock.groupby("year")["table"].agg(set)
    assert sorted(tables.index) == list(range(2015, 2023))
    for year, found in tables.items():
        expected = TABLES_2018 if year >= 2018 else {"personbilar_i_trafik",
                                                    "personbilar_nyregistrerade"}  # fmt: skip
        assert found == expected, year
    kommuner = stock[stock["level"] == "kommun"]["kommun_id_scb"].unique()
    assert len(kommuner) == 14


def test_municipality_rows_equal_the_tidy_extract_exactly(stock, fleet_dir):
    """Every year × table × municipality × fuel equals the independent tidy extract."""
    ref = pd.read_csv(fleet_dir / "norrbotten_fordon_drivmedel_2015_2022.csv",
                      dtype={"kommun_kod": str})  # fmt: skip
    mine = stock[stock["level"] != "lan"].copy()
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


def test_county_row_is_the_sum_of_its_rows_and_fuels_sum_to_total(stock):
    lan = stock[stock["level"] == "lan"].set_index(["year", "table", "drivmedel"])["antal"]
    rows = stock[stock["level"] != "lan"].groupby(["year", "table", "drivmedel"])["antal"].sum()
    pd.testing.assert_series_equal(lan.sort_index(), rows.sort_index(), check_names=False)
    wide = stock.pivot_table(index=["year", "table", "kommun_id_scb"], columns="drivmedel",
                             values="antal", aggfunc="sum")  # fmt: skip
    fuels = [c for c in wide.columns if c != "totalt" and not c.startswith("darav")]
    assert (wide[fuels].fillna(0).sum(axis=1) == wide["totalt"]).all()


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


def test_stock_projection_invariants_and_2023_hindcast(stock, fleet_dir):
    cfg = FleetConfig()
    proj = project_from_trafikanalys(stock, "25", 2030, cfg)
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
    # one-year hindcast: BEVs in traffic end of 2023, Trafikanalys API: 4,344 (county)
    assert proj.loc[2023, "el"] == pytest.approx(4344, rel=0.10)
    # fixed exit rate from the configuration overrides the calibration
    fixed = project_car_stock(pd.Series({"bensin": 100.0}), pd.Series({"el": 10.0}), 2022, 2023,
                              FleetConfig(stock_scrappage_pct=10.0,
                                          stock_new_share_target_pct={"el": 100.0}))  # fmt: skip
    assert fixed.loc[2023, "bensin"] == pytest.approx(90.0)
    assert fixed.loc[2023, "el"] == pytest.approx(10.0)
    assert fixed.loc[2023, "totalt"] == pytest.approx(100.0)


def test_stock_share_targets_name_trafikanalys_fuels_and_sum_to_100():
    """A misspelt fuel or shares not summing to 100 % are refused, not renormalised silently."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="summing to 100"):
        FleetConfig(stock_new_share_target_pct={"el": 90.0})
    with pytest.raises(ValidationError, match="electric"):
        FleetConfig(stock_new_share_target_pct={"electric": 100.0})
    assert FleetConfig(stock_new_share_target_pct={"el": 60.0, "laddhybrid": 40.0})
