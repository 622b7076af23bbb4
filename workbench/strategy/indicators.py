"""Key indicators of every area (14 municipalities and the county), as series over years.

One long table ``area, indicator, year, value``, computed the same way for every area so a
municipality can be benchmarked against the others. Each indicator declares its unit, the
better direction and whether totals of industry-dominated municipalities make it
incomparable. Only published years appear.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.strategy import emissions as em
from workbench.strategy import energy as en
from workbench.strategy import transport as tp
from workbench.strategy.embedded import StrategyInputs
from workbench.strategy.sources.common import COUNTY_ID, area_codes


@dataclass(frozen=True)
class Indicator:
    """What an indicator measures, in which unit, and which direction is better."""

    id: str
    unit: str
    better: str  # "lower" or "higher"
    scope: str | None = None  # the emission scope, for indicators that targets apply to
    is_total: bool = False  # measures industry plants in industry-dominated municipalities


INDICATORS = (
    Indicator("excl_industry_energy_co2e_t", "t CO2e/år", "lower", "excl_industry_energy"),
    Indicator("excl_industry_energy_co2e_t_per_inhabitant", "t CO2e/invånare", "lower"),
    Indicator("total_co2e_t", "t CO2e/år", "lower", "total", is_total=True),
    Indicator("total_co2e_t_per_inhabitant", "t CO2e/invånare", "lower", is_total=True),
    Indicator("transport_co2e_t", "t CO2e/år", "lower", "transporter"),
    Indicator("transport_co2e_t_per_inhabitant", "t CO2e/invånare", "lower"),
    Indicator("bev_share_frac", "andel", "higher"),
    Indicator("new_chargeable_share_frac", "andel", "higher"),
    Indicator("chargeable_vehicles_per_charge_point", "fordon/laddpunkt", "lower"),
    Indicator("fossil_share_frac", "andel", "lower"),
    Indicator("final_energy_mwh_per_inhabitant", "MWh/invånare", "lower"),
    Indicator("pv_w_per_inhabitant", "W/invånare", "higher"),
)
BY_ID = {i.id: i for i in INDICATORS}


def _series(area: str, indicator: str, s: pd.Series) -> list[dict]:
    return [{"area_id_scb": area, "indicator": indicator, "year": int(y), "value": float(v)}
            for y, v in s.dropna().items()]  # fmt: skip


def _emission_rows(inputs: StrategyInputs, area: str, population: int) -> list[dict]:
    wide = em.area_sectors(inputs.emissions_sector, area)
    rows = []
    for scope, name in (("excl_industry_energy", "excl_industry_energy"), ("total", "total"),
                        ("transporter", "transport")):  # fmt: skip
        s = em.scope_series(wide, scope)
        rows += _series(area, f"{name}_co2e_t", s)
        rows += _series(area, f"{name}_co2e_t_per_inhabitant", s / population)
    return rows


def _vehicle_rows(inputs: StrategyInputs, area: str) -> list[dict]:
    cars = tp.car_summary(tp.vehicle_stock(inputs.vehicles, area)).set_index("year")
    rows = _series(area, "bev_share_frac", cars["bev_share_frac"].astype(float))
    rows += _series(area, "new_chargeable_share_frac", cars["new_chargeable_share_frac"]
                    .astype(float))  # fmt: skip
    charge = tp.charging(inputs.charging, area)
    if charge.get("chargeable_vehicles_per_charge_point") is not None:
        year = int(str(charge["month"])[:4])
        rows.append({"area_id_scb": area, "indicator": "chargeable_vehicles_per_charge_point",
                     "year": year, "value": charge["chargeable_vehicles_per_charge_point"]})  # fmt: skip
    return rows


def _energy_rows(inputs: StrategyInputs, area: str, population: int) -> list[dict]:
    by_year = en.by_year(en.area_energy(inputs.energy_final_use, area), population, "")
    s = by_year.set_index("year")
    return (_series(area, "fossil_share_frac", s["fossil_share_frac"])
            + _series(area, "final_energy_mwh_per_inhabitant", s["total_mwh_per_inhabitant"]))  # fmt: skip


def _pv_rows(inputs: StrategyInputs, area: str, population: int) -> list[dict]:
    pv = inputs.pv_installed
    if area == COUNTY_ID:
        # the county has no row; a sum over the 14 would be too small (Arvidsjaur is missing)
        return []
    row = pv[pv["area_id_scb"] == area].sort_values("year").tail(1)  # the latest year
    if row.empty or pd.isna(row["capacity_mw"].iloc[0]):
        return []
    w = float(row["capacity_mw"].iloc[0]) * 1e6 / population
    return [{"area_id_scb": area, "indicator": "pv_w_per_inhabitant",
             "year": int(row["year"].iloc[0]), "value": w}]  # fmt: skip


def population_of(inputs: StrategyInputs, area: str) -> tuple[int, str]:
    """Population [inhabitants] and its month (``"2025-12"``) of an area."""
    row = inputs.population[inputs.population["area_id_scb"] == area]
    if row.empty:
        raise KeyError(f"no population for area {area!r}")
    return int(row["population"].iloc[0]), str(row["month"].iloc[0])


def all_areas(areas: dict[str, StrategyInputs]) -> pd.DataFrame:
    """Table ``indicator_values``: every indicator of every area over its published years.

    ``areas`` maps each area code to its inputs (:meth:`StrategyInputs.by_area`).
    """
    rows: list[dict] = []
    for area in area_codes():
        inputs = areas[area]
        population, _ = population_of(inputs, area)
        rows += _emission_rows(inputs, area, population)
        rows += _vehicle_rows(inputs, area)
        rows += _energy_rows(inputs, area, population)
        rows += _pv_rows(inputs, area, population)
    return pd.DataFrame(rows, columns=["area_id_scb", "indicator", "year", "value"])
