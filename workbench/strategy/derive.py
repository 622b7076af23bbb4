"""The project's own tidy strategy tables, derived from the published files in ``../shared``.

:func:`derive_tables` reads every source with its reader and returns the tables that
``data/strategy/derive_strategy_tables.py`` writes under ``data/strategy/`` and that the
drift test re-derives: long format, unit-suffixed columns, a ``source`` on every row, only
the 14 municipalities and the county (``area_id_scb`` ``"25"``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from workbench.fleet.trafikanalys import read_folder as read_trafikanalys
from workbench.strategy.sources import (
    energibalans,
    klimatkollen,
    population,
    powercircle,
    pv_installed,
    rus,
)
from workbench.strategy.sources.common import COUNTY_ID, area_codes, kommun_codes

ROAD_AND_TOTALS = "transporter"  # RUS sub-sectors kept: transport; other sectors as totals only
VEHICLE_FUELS_EXCLUDED = ("darav_miljobil", "darav_miljobil_mb2007", "darav_miljobil_mb2013")
POWERCIRCLE_FILE = "powercircle_municipality_data_dec_2025.csv"
POWERCIRCLE_MONTH = "2025-12"


def emissions_sector(shared: Path) -> pd.DataFrame:
    """Greenhouse gases by RUS main sector [t CO2e], 14 municipalities and the county."""
    folder = shared / "strategy" / "klimatkollen"
    kommun = klimatkollen.read_sector_emissions(
        folder / "municipality-sector-emissions.json", kommun_codes()
    )
    county = klimatkollen.read_sector_emissions(
        folder / "region-sector-emissions.json", [COUNTY_ID]
    )
    df = pd.concat([kommun, county], ignore_index=True)
    return df.assign(source=klimatkollen.SOURCE)


def rus_co2_table(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """The embedded layout of a RUS CO2 export as read by :func:`~.sources.rus.read_rus_co2`:
    every transport sub-sector and each main sector's total, with ``source`` on every row
    (the embedded path and ``workbench fetch strategy --source rus`` both use it)."""
    keep = (df["sector"] == ROAD_AND_TOTALS) | (df["subsector"] == "alla")
    return df[keep].drop(columns="subsector_label").assign(source=source)


def ggt_sector_table(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """The embedded ``emissions_sector`` layout of a RUS greenhouse-gas export as read by
    :func:`~.sources.rus.read_rus_ggt`: each main sector's total (sub-sector ``alla``)."""
    keep = (df["subsector"] == "alla") & (df["sector"] != "alla")
    out = df.loc[keep, ["area_id_scb", "year", "sector", "co2e_t"]].assign(source=source)
    return sort_table(out)


def emissions_rus_co2(shared: Path) -> pd.DataFrame:
    """RUS CO2 [t]: every transport sub-sector and each main sector's total."""
    df = rus.read_rus_co2(shared / "strategy" / "rus" / "rus_co2_kommuner_1990_2022.xlsx")
    return rus_co2_table(df, rus.SOURCE)


@cache
def _energy(shared: Path) -> pd.DataFrame:
    return energibalans.read_folder(shared / "strategy" / "energibalans", area_codes())


def energy_final_use(shared: Path) -> pd.DataFrame:
    """Final energy use by consumer category × carrier [MWh], missing cells with status."""
    df = _energy(shared)
    df = df[df["table"] == "AE"].drop(columns="table")
    return df.assign(source=energibalans.SOURCE.replace("EN0203", "EN0203AE"))


def sort_table(df: pd.DataFrame) -> pd.DataFrame:
    """An embedded table's row order: by every key column (the non-value columns)."""
    keys = [c for c in df.columns if c not in VALUE_COLUMNS]
    return df.sort_values(keys, kind="stable", ignore_index=True)


def energy_production(shared: Path) -> pd.DataFrame:
    """District-heating (AC) and electricity (AD) production and fuel use [MWh]."""
    df = _energy(shared)
    df = df[df["table"].isin(["AC", "AD"])]
    df = df.assign(output=df["table"].map({"AC": "fjarrvarme", "AD": "el"}),
                   source=df["table"].map(lambda t: energibalans.SOURCE.replace(
                       "EN0203", f"EN0203{t}")))  # fmt: skip
    return df[["area_id_scb", "year", "output", "category", "carrier", "energy_mwh", "status",
               "source"]]  # fmt: skip


def vehicles(shared: Path) -> pd.DataFrame:
    """Vehicles in traffic (and new cars) by fuel at 31 December [vehicles], 2015–2022, 2025."""
    df = read_trafikanalys(shared / "fleet")
    df = df[df["kommun_id_scb"].isin(area_codes()) & ~df["drivmedel"].isin(VEHICLE_FUELS_EXCLUDED)]
    out = pd.DataFrame({
        "area_id_scb": df["kommun_id_scb"], "year": df["year"], "table": df["table"],
        "fuel": df["drivmedel"], "n_vehicles": df["antal"],
        "source": df["year"].map(lambda y: f"Trafikanalys, Fordon i län och kommuner {y}"),
    })  # fmt: skip
    return out


def population_table(shared: Path) -> pd.DataFrame:
    """Population at the end of December 2025 [inhabitants]; county = sum of the 14."""
    df = population.read_population(shared / "strategy" / "scb_folkmangd_2025-12.xlsx")
    return df.assign(source=df["month"].map(lambda m: population.SOURCE.format(
        month=m.replace("-", "M"))))  # fmt: skip


def pv_installed_table(shared: Path) -> pd.DataFrame:
    """Grid-connected PV installations and capacity [MW] per municipality, 2025."""
    return pv_installed.read_pv_installed(shared / "strategy" / "solar_installed_2025.csv")


def charging(shared: Path) -> pd.DataFrame:
    """Power Circle chargeable vehicles and public charge points, December 2025 [count]."""
    df = powercircle.read_powercircle(shared / "fleet" / POWERCIRCLE_FILE)
    df.insert(1, "month", POWERCIRCLE_MONTH)
    return df.assign(source="Power Circle (ELIS), december 2025, via Klimatkollen")


DERIVERS = {
    "emissions_sector": emissions_sector,
    "emissions_rus_co2": emissions_rus_co2,
    "energy_final_use": energy_final_use,
    "energy_production": energy_production,
    "vehicles": vehicles,
    "population": population_table,
    "pv_installed": pv_installed_table,
    "charging": charging,
}


def derive_tables(shared: str | Path) -> dict[str, pd.DataFrame]:
    """Every embedded strategy table, sorted and with a clean index, from ``shared`` (data/)."""
    shared = Path(shared)
    out = {}
    _energy.cache_clear()
    for name, derive in DERIVERS.items():
        out[name] = sort_table(derive(shared))
    return out


VALUE_COLUMNS = {"co2e_t", "co2_t", "energy_mwh", "status", "n_vehicles", "population",
                 "n_installations", "capacity_mw", "source", "n_phev", "n_bev",
                 "n_chargeable_vehicles", "n_charge_points", "n_charging_stations",
                 "n_dc_stations"}  # fmt: skip
