"""Solar meets fleet for one municipality: PV of its own roofs against its depot charging.

:func:`run` chains the pieces: the municipality's buildings (a file, or the SYNTHETIC demo
buildings) -> selection of its own -> hourly PV of a typical year
(:func:`workbench.match.supply.municipal_pv`); a vehicle register (a file, or the SYNTHETIC demo
register) -> fleet scenario -> plug-in sessions of each scenario year
(:func:`workbench.fleet.charging_sessions`); then :func:`workbench.match.tables.match_years`.

Matching is in aggregate: all selected roofs against all depots, as if PV and charging shared
one meter. In Sweden each connection point is metered on its own, so this is the upper bound
of what co-located PV could cover; depot by depot figures need PV sited at each depot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench import kommuner as km
from workbench.config import Scenario, load_scenario
from workbench.match.depots import match_by_depot, read_depot_map
from workbench.match.depots import totals as depot_totals
from workbench.match.supply import PVSupply, municipal_pv
from workbench.match.tables import MatchTables, match_years

AGGREGATE_NOTE = (
    "Aggregate matching: PV on all selected roofs against charging at all depots, as if behind "
    "one meter. Each Swedish connection point is metered separately, so this is an upper bound "
    "for what roofs at the depots themselves can cover."
)
PRICE_NOTE = "Flat annual SE1 prices {vat}; hourly price shape and grid power charges not modelled."


@dataclass
class MatchResult:
    """Everything one matching run produced, plus what went in."""

    kommun: km.Kommun
    scenario: Scenario
    pv: PVSupply
    tables: MatchTables
    years: list[int]
    smart: bool
    synthetic_inputs: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)

    def summary(self) -> dict:
        """Headline figures (last scenario year, immediate and smart charging) and every variant."""
        return summarise(self)


def _scenario(scenario) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def with_battery(
    scenario, capacity_kwh: float | None = None, power_kw: float | None = None
) -> Scenario:
    """A copy of ``scenario`` with the stationary battery's capacity [kWh] and/or power [kW] set.

    ``None`` keeps the scenario's value; the result is validated like a scenario file.
    """
    from workbench.config.base import validate
    from workbench.config.match import StationaryBattery

    sc = _scenario(scenario).model_copy(deep=True)
    update = {
        key: value
        for key, value in (("capacity_kwh", capacity_kwh), ("power_kw", power_kw))
        if value is not None
    }
    if update:
        battery = {**sc.match.battery.model_dump(), **update}
        sc.match.battery = validate(StationaryBattery, battery, source="match.battery")
    return sc


def _demo_buildings(k: km.Kommun):
    """The municipality's SYNTHETIC demo buildings (:func:`workbench.demo_buildings.generate`)."""
    from workbench import demo_buildings

    return demo_buildings.generate(k)


def fleet_sessions(k: km.Kommun, register, scenario: Scenario, years: list[int]):
    """Plug-in sessions per scenario year from a register file/table or the demo register."""
    from workbench import fleet

    if register is None:
        table = fleet.demo_register(k, base_year=scenario.fleet.base_year)
    elif isinstance(register, pd.DataFrame):
        table = register
    else:
        table = fleet.read_register(register)
    result = fleet.run_scenario(table, scenario, k)
    return {year: fleet.charging_sessions(result, year) for year in years}, result


def run(
    kommun,
    buildings=None,
    register=None,
    scenario="default",
    years: list[int] | None = None,
    smart: bool = True,
    *,
    building_type: str | None = "public",
    owner: str | None = None,
    building_ids=None,
    weather=None,
    depots=None,
) -> MatchResult:
    """Match the municipality's rooftop PV to its depot charging, year by year.

    Parameters
    ----------
    kommun
        Municipality code or name.
    buildings
        Footprint file (GeoPackage, GeoJSON, Shapefile, GeoParquet, OSM pbf), a BuildingSet or a
        GeoDataFrame; ``None`` for the municipality's SYNTHETIC demo buildings.
    register
        Vehicle register (CSV/Excel path or validated table); ``None`` for the SYNTHETIC demo
        register.
    scenario
        Scenario name, YAML path or :class:`~workbench.config.Scenario`.
    years
        Scenario years; default ``scenario.match.years``.
    smart
        Also compute PV-following smart charging (immediate charging is always computed).
    building_type, owner, building_ids
        How to pick the municipality's own buildings (ids, then owner, then type).
    weather
        Weather frame or file instead of the embedded typical year.
    depots
        Which selected buildings sit at which depot: a CSV path or table with columns
        ``building_id, depot`` (or a mapping). Adds depot-by-depot matching
        (``tables.depot_annual``), where each depot only sees the PV behind its own meter.
    """
    k = km.get(kommun)
    sc = _scenario(scenario)
    years = sorted(set(years or sc.match.years))
    synthetic, inputs = [], {}
    if buildings is None:
        synthetic.append("buildings")
        buildings = _demo_buildings(k)
    elif isinstance(buildings, str | Path):
        inputs["buildings"] = Path(buildings)
    if register is None:
        synthetic.append("register")
    elif isinstance(register, str | Path):
        inputs["register"] = Path(register)
    depot_of = None
    if depots is not None:
        depot_of = dict(depots) if isinstance(depots, Mapping) else read_depot_map(depots)
        if isinstance(depots, str | Path):
            inputs["depots"] = Path(depots)
    pv = municipal_pv(
        k,
        buildings,
        sc,
        building_type=building_type,
        owner=owner,
        ids=building_ids,
        weather=weather,
        depot_of=depot_of,
    )
    sessions, _ = fleet_sessions(k, register, sc, years)
    tables = match_years(
        pv.hourly_kwh, sessions, sc.match, smart=smart, price_year=sc.fleet.price_year
    )
    if pv.hourly_by_depot is not None:
        tables.depot_annual = match_by_depot(pv.hourly_by_depot, sessions, smart=smart)
    return MatchResult(
        kommun=k,
        scenario=sc,
        pv=pv,
        tables=tables,
        years=years,
        smart=smart,
        synthetic_inputs=synthetic,
        inputs=inputs,
    )


def _row(annual: pd.DataFrame, year: int, strategy: str, battery: bool) -> pd.Series | None:
    hit = annual[
        (annual.year == year) & (annual.strategy == strategy) & (annual.with_battery == battery)
    ]
    return hit.iloc[0] if len(hit) else None


def _figures(row: pd.Series) -> dict:
    return {
        "pv_mwh": row.pv_kwh / 1000,
        "charging_mwh": row.charging_kwh / 1000,
        "pv_to_charging_mwh": row.pv_used_for_charging_kwh / 1000,
        "pv_direct_to_charging_mwh": row.pv_to_charging_kwh / 1000,
        "battery_to_charging_mwh": row.battery_to_charging_kwh / 1000,
        "grid_to_charging_mwh": row.grid_to_charging_kwh / 1000,
        "export_mwh": row.pv_export_kwh / 1000,
        "coverage_pct": None if pd.isna(row.coverage_pct) else float(row.coverage_pct),
        "self_consumption_pct": None
        if pd.isna(row.self_consumption_pct)
        else float(row.self_consumption_pct),
        "avoided_purchase_sek": row.avoided_purchase_sek,
        "export_revenue_sek": row.export_revenue_sek,
        "pv_value_sek": row.pv_value_sek,
        "self_consumption_premium_sek": row.self_consumption_premium_sek,
    }


def summarise(result: MatchResult) -> dict:
    """``summary.json`` content.

    Top level: the last scenario year with immediate charging and no battery (``pv_mwh``,
    ``charging_mwh``, ``pv_to_charging_mwh`` = PV that ends in vehicles, directly or via the
    battery, ``coverage_pct``, ``export_mwh``, value in SEK), the same with ``smart_`` prefix for
    smart charging and ``with_battery_``/``smart_with_battery_`` when a battery is configured. ``years``
    holds every variant of every year.
    """
    a = result.tables.annual
    head = result.years[-1]
    out: dict = {
        "kommun_id_scb": result.kommun.kommun_id_scb,
        "kommun": result.kommun.name,
        "scenario": result.scenario.name,
        "headline_year": head,
        "years_matched": list(result.years),
        "n_buildings_selected": len(result.pv.buildings),
        "n_buildings_not_selected": len(result.pv.selection.excluded),
        "selection_rule": result.pv.selection.rule,
        "unknown_building_ids": list(result.pv.selection.unknown_ids),
        "capacity_kwp": result.pv.capacity_kwp,
        "building_accounting": {
            "n_input_features": result.pv.building_report.get("n_input"),
            "n_excluded_by_reader": result.pv.building_report.get("n_excluded"),
            "n_buildings": result.pv.building_report.get("n_included"),
            "n_selected": len(result.pv.buildings),
            "n_not_selected": len(result.pv.selection.excluded),
        },
        "synthetic_inputs": list(result.synthetic_inputs),
        "weather_source": result.pv.weather_source,
        "notes": [
            AGGREGATE_NOTE,
            PRICE_NOTE.format(
                vat="with VAT on purchases (vat_is_cost)"
                if result.scenario.match.prices.vat_is_cost
                else "excl. VAT (municipalities recover VAT)"
            ),
        ],
    }
    variants = {
        "": ("immediate", False),
        "smart_": ("smart", False),
        "with_battery_": ("immediate", True),
        "smart_with_battery_": ("smart", True),
    }
    for prefix, (strategy, battery) in variants.items():
        row = _row(a, head, strategy, battery)
        if row is None:
            continue
        for key, value in _figures(row).items():
            if key in {"pv_direct_to_charging_mwh", "battery_to_charging_mwh"}:
                continue  # in ``years``; at the top they would read like variant prefixes
            if prefix == "" or key in {"pv_to_charging_mwh", "coverage_pct", "export_mwh",
                                       "avoided_purchase_sek", "grid_to_charging_mwh"}:  # fmt: skip
                out[prefix + key] = value
    out["purchase_price_sek_per_kwh"] = (
        float(a.purchase_price_sek_per_kwh.iloc[0]) if len(a) else None
    )
    out["export_price_sek_per_kwh"] = float(a.export_price_sek_per_kwh.iloc[0]) if len(a) else None
    out["years"] = {
        str(year): {
            f"{strategy}{'_battery' if battery else ''}": _figures(row)
            for (y, strategy, battery), row in a.set_index(
                ["year", "strategy", "with_battery"]
            ).iterrows()
            if y == year
        }
        for year in result.years
    }
    if len(result.tables.depot_annual):
        per = depot_totals(result.tables.depot_annual).set_index(["year", "strategy"])
        for strategy, prefix in (("immediate", ""), ("smart", "smart_")):
            if (head, strategy) in per.index:
                row = per.loc[(head, strategy)]
                out[f"{prefix}per_depot_pv_to_charging_mwh"] = float(row.pv_to_charging_kwh / 1000)
                out[f"{prefix}per_depot_coverage_pct"] = (
                    None if pd.isna(row.coverage_pct) else float(row.coverage_pct)
                )
        out["depot_map_unknown_building_ids"] = list(result.pv.depot_map_unknown_ids)
    sessions = result.tables.sessions.set_index("year")
    out["unserved_mwh"] = float(sessions["unserved_kwh"].sum() / 1000) if len(sessions) else 0.0
    return out
