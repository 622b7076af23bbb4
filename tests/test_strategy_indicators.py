"""Indicators against figures read by hand from the published files (arithmetic in docstrings).

Values quoted from the files as they are embedded under data/strategy (derived from
../shared/data; the drift test keeps them equal): Klimatkollen municipality-sector-emissions.json,
SCB scb_folkmangd_2025-12.xlsx, Trafikanalys fordon_lan_och_kommuner_2025.xlsx, Power Circle
powercircle_municipality_data_dec_2025.csv, SCB EN0203AE_slutanvandning_*.csv, Kolada PV 2025.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.config.strategy import StrategyConfig, TrendMethod
from workbench.strategy import emissions as em
from workbench.strategy import energy as en
from workbench.strategy import secap
from workbench.strategy import transport as tp
from workbench.strategy.embedded import load_inputs
from workbench.strategy.run import compute, indicator_table
from workbench.strategy.trend import fit, project


@pytest.fixture(scope="module")
def inputs():
    return load_inputs()


@pytest.fixture(scope="module")
def lulea():
    return compute("Luleå")


def test_lulea_total_and_the_view_without_industry_and_energy(lulea):
    """Luleå 2024 (t CO2e), sectors: Arbetsmaskiner 41,575.13 + Avfall 9,298.19 + Egen
    uppvärmning 1,431.19 + El och fjärrvärme 1,180,595.4 + Industri 1,556,730.3 + Jordbruk
    14,093.37 + Produktanvändning 8,491.36 + Transporter 183,120.58 + Utrikes 412.24 =
    2,995,747.76 (Klimatkollen's total: 2,995,747.739). Without industry and energy:
    2,995,747.76 − 1,556,730.3 − 1,180,595.4 = 258,422.06 t; their share 2,737,325.7 /
    2,995,747.76 = 91.4 % (SOURCES.md: "about 91 %"). Per inhabitant with SCB Dec 2025
    (80,304): 258,422.06 / 80,304 = 3.218 t and 2,995,747.76 / 80,304 = 37.31 t."""
    row = lulea.tables["emissions_by_year"].set_index("year").loc[2024]
    assert row["total_co2e_t"] == pytest.approx(2995747.76, abs=0.005)
    assert row["excl_industry_energy_co2e_t"] == pytest.approx(258422.06, abs=0.005)
    assert row["industry_energy_share_frac"] == pytest.approx(2737325.7 / 2995747.76)
    assert row["excl_industry_energy_co2e_t_per_inhabitant"] == pytest.approx(258422.06 / 80304)
    assert row["total_co2e_t_per_inhabitant"] == pytest.approx(37.305, abs=0.001)
    assert row["population_month"] == "2025-12"
    assert lulea.summary["headline_scope"] == "excl_industry_energy"


def test_changes_since_1990_and_2010_and_the_compound_rate(inputs):
    """Luleå total (sum of sectors): 1990 3,169,545.57, 2015 2,800,266.75, 2024 2,995,747.76 t
    CO2e. Since 1990: 2,995,747.76 / 3,169,545.57 − 1 = −5.48 %. CAGR 2015→2024 over 9 calendar
    years: (2,995,747.76 / 2,800,266.75)^(1/9) − 1 = +0.753 %/year, Klimatkollen's
    historicalEmissionChangePercent for Luleå (0.753). Transport (Transporter): 2010
    208,291.55, 2024 183,120.58: 183,120.58 / 208,291.55 − 1 = −12.08 %."""
    wide = em.area_sectors(inputs.emissions_sector, "2580")
    total = em.scope_series(wide, "total")
    assert em.change_pct(total, 1990, 2024) == pytest.approx(-5.483, abs=0.001)
    assert em.cagr_pct(total, 2015, 2024) == pytest.approx(0.753, abs=0.0005)
    transport = em.scope_series(wide, "transporter")
    assert em.change_pct(transport, 2010, 2024) == pytest.approx(-12.085, abs=0.001)
    # a year that is not published gives no change (never interpolated)
    assert em.change_pct(total, 2012, 2024) is None and em.cagr_pct(total, 2016, 2024) is None


def test_lad_trend_reproduces_klimatkollens_slope_and_2026_value(inputs):
    """Klimatkollen (municipality-data.json, Luleå): emissionsSlope 93,291.256 t/year,
    approximatedHistoricalEmission 2026 = 3,182,330.251 t: LAD line on 2015, 2020–2024,
    anchored at 2024 (2,995,747.76 + 2 × 93,291.257 = 3,182,330.27). Arjeplog: slope −951.760,
    2026 value 16,138.831."""
    lad = TrendMethod(method="lad")
    for code, slope, at_2026 in (("2580", 93291.256, 3182330.251),
                                 ("2506", -951.760, 16138.831)):  # fmt: skip
        total = em.scope_series(em.area_sectors(inputs.emissions_sector, code), "total")
        assert fit(total, lad)["slope_t_per_year"] == pytest.approx(slope, abs=0.01)
        assert project(total, lad, 2050)[2026] == pytest.approx(at_2026, abs=0.1)


def test_road_transport_sub_sectors_are_co2_and_add_up(inputs):
    """RUS Länsrapport, Luleå, Transporter: Alla 2010 199,724.96 and 2022 124,074.83 t CO2
    (−37.9 %); Personbilar 2022 73,084.10 = 58.9 % of the transport sector."""
    road = tp.road_transport(inputs.emissions_rus_co2, "2580").set_index(["subsector", "year"])
    assert road.loc[("transport_total", 2022), "co2_t"] == pytest.approx(124074.826, abs=0.001)
    assert road.loc[("personbilar", 2022), "share_of_transport_frac"] == pytest.approx(
        73084.101 / 124074.826, rel=1e-6
    )
    parts = road.drop(index="transport_total", level=0)["co2_t"].groupby(level=1).sum()
    np.testing.assert_allclose(parts, road.loc["transport_total", "co2_t"].sort_index())
    change = tp.road_changes(road.reset_index()).set_index("subsector")["change_pct"]
    assert change["transport_total"] == pytest.approx(124074.826 / 199724.960 * 100 - 100)


def test_cars_2025_electric_share_and_the_missing_years(lulea):
    """Trafikanalys 2025, Tabell 4, Luleå: 41,902 cars, 2,581 El, 2,439 Laddhybrider: BEV
    share 2,581 / 41,902 = 6.16 %; chargeable (2,581 + 2,439) / 41,902 = 11.98 %. Tabell 5:
    1,543 new cars, 422 El + 439 Laddhybrider = 861, 55.8 %. No municipal tables for 2023 and
    2024."""
    cars = lulea.tables["cars_by_year"].set_index("year").loc[2025]
    assert cars["n_cars"] == 41902
    assert cars["bev_share_frac"] == pytest.approx(2581 / 41902)
    assert cars["chargeable_share_frac"] == pytest.approx(5020 / 41902)
    assert cars["new_chargeable_share_frac"] == pytest.approx(861 / 1543)
    assert lulea.summary["missing_vehicle_years"] == [2023, 2024]
    assert lulea.summary["n_cars"] == 41902


def test_vehicles_per_charge_point_and_pv_per_inhabitant(inputs):
    """Power Circle Dec 2025, Luleå: 4,797 chargeable vehicles / 376 charge points = 12.758.
    Kolada 2025: Luleå 11.16 MW / 80,304 inhabitants = 139.0 W per inhabitant; Arvidsjaur has no
    capacity, so no value (not 0)."""
    values = indicator_table(inputs).set_index(["area_id_scb", "indicator"])["value"]
    assert values[("2580", "chargeable_vehicles_per_charge_point")] == pytest.approx(4797 / 376)
    assert values[("2580", "pv_w_per_inhabitant")] == pytest.approx(11.16e6 / 80304)
    assert ("2505", "pv_w_per_inhabitant") not in values.index


def test_energy_totals_fossil_share_and_suppressed_totals(inputs):
    """EN0203AE, 2584 Kiruna 2018, summa bränsletyp: flytande fossil 821,561 + fast fossil
    1,005,868 + gas fossil 0 = 1,827,429 MWh of 3,971,493 MWh in total: 46.01 %. Kiruna 2020:
    the grand total is '..', so the total is missing with the reason, never the smaller sum
    of the published parts."""
    by_year = en.by_year(en.area_energy(inputs.energy_final_use, "2584"), 22402, "2025-12")
    y = by_year.set_index("year")
    assert y.loc[2018, "fossil_mwh"] == 1827429
    assert y.loc[2018, "fossil_share_frac"] == pytest.approx(1827429 / 3971493)
    assert y.loc[2018, "total_mwh_per_inhabitant"] == pytest.approx(3971493 / 22402)
    assert pd.isna(y.loc[2020, "total_mwh"]) and pd.isna(y.loc[2020, "fossil_share_frac"])
    assert "total/total" in y.loc[2020, "missing_reason"]


def test_secap_inventory_energy_times_factor(inputs):
    """Arjeplog BEI 2010, transport (EN0203AE slutanv. transporter): flytande fossil 38,892
    MWh, flytande förnybar 1,926 MWh, total 40,818 MWh. Emissions: 38,892 MWh × 74.1 g CO2/MJ ×
    3.6 GJ/MWh = 38,892 × 0.26676 = 10,374.83 t CO2e (biofuel counted 0)."""
    cfg = StrategyConfig()
    rows = secap.inventories(inputs, "2506", cfg)
    totals = secap.totals(rows).set_index(["inventory", "secap_sector"])
    t = totals.loc[("BEI", "transport")]
    assert t["energy_mwh"] == 40818
    assert t["co2e_t"] == pytest.approx(38892 * 0.26676, rel=1e-9)
    assert not totals.loc[("BEI", "industry"), "is_counted"]


def test_secap_missing_emissions_name_the_suppressed_cells(inputs):
    """Luleå MEI 2020: electricity of offentlig verksamhet is '..', so the sector's emissions
    are missing and the reason names the cell."""
    rows = secap.inventories(inputs, "2580", StrategyConfig())
    t = secap.totals(rows).set_index(["inventory", "secap_sector"])
    row = t.loc[("MEI", "municipal_public_buildings")]
    assert pd.isna(row["co2e_t"]) and "offentlig_verksamhet/el" in row["missing_reason"]


def test_county_is_computed_and_equals_the_sum_of_the_municipalities(inputs):
    """Norrbottens län 2024 (region-sector-emissions.json) = sum of the 14 within 0.5 t;
    its cars in 2025 = 145,956 (Tabell 4, Norrbottens län)."""
    county = compute("25")
    assert county.area_name == "Norrbottens län" and county.kommun is None
    total = county.tables["emissions_by_year"].set_index("year").loc[2024, "total_co2e_t"]
    sector = inputs.emissions_sector
    kommuner = sector[(sector["area_id_scb"] != "25") & (sector["year"] == 2024)]["co2e_t"]
    assert total == pytest.approx(kommuner.sum(), abs=0.5)
    assert county.summary["n_cars"] == 145956
    assert "Arvidsjaur" in county.summary["pv_note"]
