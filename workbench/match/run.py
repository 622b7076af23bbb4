"""Solar meets fleet for one municipality: PV of its own roofs against its depot charging.

:func:`compute` chains the pieces: the municipality's buildings (a file, or the SYNTHETIC demo
buildings) -> selection of its own -> hourly PV of a typical year
(:func:`workbench.match.supply.municipal_pv`); a vehicle register (a file, or the SYNTHETIC demo
register) -> fleet scenario -> plug-in sessions of each scenario year
(:func:`workbench.fleet.charging_sessions`); then :func:`workbench.match.tables.match_years`.

Matching is in aggregate: all selected roofs against all depots, as if PV and charging shared
one meter. In Sweden each connection point is metered on its own, so this is the upper bound
of what co-located PV could cover; depot by depot figures need PV sited at each depot.

:func:`run` adds the files (:func:`workbench.match.outputs.write`) and the manifest (what
``workbench match`` calls); :func:`stage` is the demo stage (``<out>/<slug>/match``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from workbench import buildings as bld
from workbench import fleet
from workbench.config import (
    ConfigError,
    Scenario,
    StationaryBattery,
    resolve_scenario,
    validate,
)
from workbench.core.provenance import write_manifest
from workbench.match import outputs
from workbench.match.depots import match_by_depot, read_depot_map
from workbench.match.result import MatchResult
from workbench.match.supply import municipal_pv
from workbench.match.tables import match_years
from workbench.reference import kommuner as km
from workbench.solar import synthetic
from workbench.solar.run import checked_inputs
from workbench.weather import WeatherFile, weather_file

STAGE_KEYS = (
    "n_buildings_selected",
    "capacity_kwp",
    "headline_year",
    "pv_mwh",
    "charging_mwh",
    "pv_to_charging_mwh",
    "coverage_pct",
    "smart_coverage_pct",
    "export_mwh",
)


def with_battery(
    scenario, capacity_kwh: float | None = None, power_kw: float | None = None
) -> Scenario:
    """A copy of ``scenario`` with the stationary battery's capacity [kWh] and/or power [kW] set.

    ``None`` keeps the scenario's value; the result is validated like a scenario file.
    """
    sc = resolve_scenario(scenario).model_copy(deep=True)
    update = {
        key: value
        for key, value in (("capacity_kwh", capacity_kwh), ("power_kw", power_kw))
        if value is not None
    }
    if update:
        battery = {**sc.match.battery.model_dump(), **update}
        sc.match.battery = validate(StationaryBattery, battery, source="match.battery")
    return sc


def check_years(years: list[int], sc: Scenario) -> None:
    """Raise :class:`ConfigError` for a year outside the fleet plan's horizon."""
    lo, hi = sc.fleet.base_year, sc.fleet.end_year
    bad = [y for y in years if not lo <= y <= hi]
    if bad:
        raise ConfigError("--year", [f"{y}: expected a year of the fleet plan's horizon "
                                     f"{lo}–{hi} (fleet.base_year–fleet.end_year)" for y in bad])  # fmt: skip


def fleet_sessions(k: km.Kommun, register, scenario: Scenario, years: list[int]):
    """Plug-in sessions per scenario year from a register file/table or the demo register."""
    if register is None:
        table = fleet.demo_register(k, base_year=scenario.fleet.base_year)
    elif isinstance(register, pd.DataFrame):
        table = register
    else:
        table = fleet.read_register(register)
    result = fleet.run_scenario(table, scenario, k)
    return {year: fleet.charging_sessions(result, year) for year in years}, result


def compute(
    kommun,
    *,
    buildings=None,
    register=None,
    scenario: str | Path | Scenario = "default",
    years: list[int] | None = None,
    smart: bool = True,
    building_type: str | None = "public",
    owner: str | None = None,
    building_ids=None,
    weather=None,
    depots=None,
    allow_outside: bool = False,
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
        Weather frame or file (a path, read with ``time_offset="detect"``, or a
        :class:`~workbench.weather.WeatherFile`) instead of the embedded typical year.
    depots
        Which selected buildings sit at which depot: a CSV path or table with columns
        ``building_id, depot`` (or a mapping). Adds depot-by-depot matching
        (``matched.depot_annual``), where each depot only sees the PV behind its own meter.
    """
    k = km.get(kommun)
    sc = resolve_scenario(scenario)
    years = sorted(set(years or sc.match.years))
    check_years(years, sc)
    synthetic_inputs, inputs = [], {}
    if buildings is None:
        synthetic_inputs.append("buildings")
        buildings = synthetic.generate(k)
    elif isinstance(buildings, str | Path):
        inputs["buildings"] = Path(buildings)
    if register is None:
        synthetic_inputs.append("register")
    elif isinstance(register, str | Path):
        inputs["register"] = Path(register)
    if isinstance(weather, str | Path) and str(weather):
        weather = weather_file(weather)
    if isinstance(weather, WeatherFile):
        inputs["weather"] = weather.path
    if isinstance(buildings, str | Path):  # read once here, so that its location is checked
        buildings = bld.read(buildings, min_area_m2=sc.roofs.min_footprint_area_m2)
    frame, checks = checked_inputs(k, buildings if "buildings" in inputs else None,
                                   inputs.get("buildings"), weather, allow_outside)  # fmt: skip
    weather = frame if frame is not None else weather
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
    matched = match_years(
        pv.hourly_kwh, sessions, sc.match, smart=smart, price_year=sc.fleet.price_year
    )
    if pv.hourly_by_depot is not None:
        matched.depot_annual = match_by_depot(pv.hourly_by_depot, sessions, smart=smart)
    return MatchResult(
        kommun=k,
        scenario=sc,
        pv=pv,
        matched=matched,
        years=years,
        smart=smart,
        synthetic_inputs=synthetic_inputs,
        inputs=inputs,
        location_checks=[c.as_dict() for c in checks],
    )


def run(
    kommun,
    out_dir: str | Path,
    *,
    battery_kwh: float | None = None,
    battery_kw: float | None = None,
    scenario: str | Path | Scenario = "default",
    manifest: bool = True,
    **inputs,
) -> MatchResult:
    """:func:`compute` (``inputs`` are its keyword arguments), then the files and the manifest.

    ``battery_kwh`` [kWh] and ``battery_kw`` [kW] override the scenario's stationary battery
    (:func:`with_battery`).
    """
    sc = with_battery(scenario, battery_kwh, battery_kw)
    result = compute(kommun, scenario=sc, **inputs)
    outputs.write(result, out_dir)
    if manifest:
        write_manifest(out_dir, sc, inputs=result.inputs, synthetic_inputs=result.synthetic_inputs,
                       extra={"weather": result.pv.weather_timing})  # fmt: skip
    return result


def stage(ctx) -> dict:
    """Match ``ctx.kommuner[0]``'s public-building PV to its depot charging.

    Uses the real footprints (``ctx.inputs["buildings"]``), register
    (``ctx.inputs["fleet_register"]``) and weather file (``ctx.weather``) when the demo was given
    them, else the municipality's SYNTHETIC demo buildings and register and its typical year:
    the same data the solar and fleet stages use.
    """
    k = ctx.kommuner[0]
    result = run(
        k,
        ctx.out_dir / k.slug / "match",
        buildings=ctx.inputs.get("buildings"),
        register=ctx.inputs.get("fleet_register"),
        weather=ctx.weather,
        scenario=ctx.scenario,
        manifest=False,
        allow_outside=bool(ctx.options.get("allow_outside")),
    )
    for role in result.synthetic_inputs:
        label = f"match_{role}_{k.slug}"
        if label not in ctx.synthetic_inputs:
            ctx.synthetic_inputs.append(label)
    summary = result.summary
    return {key: summary.get(key) for key in STAGE_KEYS}
