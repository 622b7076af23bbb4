"""Assemble the output tables of one area from the inputs (each step a pure function)."""

from __future__ import annotations

import pandas as pd

from workbench.config.strategy import EmissionTarget, StrategyConfig
from workbench.strategy import emissions as em
from workbench.strategy import energy as en
from workbench.strategy import followup as fu
from workbench.strategy import indicators as ind
from workbench.strategy import scorecard as sc
from workbench.strategy import secap
from workbench.strategy import targets as tg
from workbench.strategy import transport as tp
from workbench.strategy.actions import COLUMNS as ACTION_COLUMNS
from workbench.strategy.embedded import StrategyInputs
from workbench.strategy.pv_county import county_total
from workbench.strategy.sources.common import COUNTY_ID


def _path_rows(scope: str, target_id: str, paths: dict[str, pd.Series]) -> list[dict]:
    return [{"scope": scope, "target_id": target_id, "path": name, "year": int(y),
             "co2e_t": float(v)} for name, s in paths.items() for y, v in s.items()]  # fmt: skip


def emission_tables(inputs: StrategyInputs, area: str, cfg: StrategyConfig,
                    targets: list[tuple[str, EmissionTarget]], source: str) -> dict:  # fmt: skip
    """Tables ``emissions``, ``emissions_by_year``, ``emission_changes``, ``targets``, ``paths``,
    ``cumulative``. ``targets`` pairs each target with its origin (national, own)."""
    wide = em.area_sectors(inputs.emissions_sector, area)
    population, month = ind.population_of(inputs, area)
    tg.check_base_years([t for _, t in targets], [int(y) for y in wide.index], source)
    rows, paths = [], []
    scopes = list(dict.fromkeys([*em.SCOPES, *(t.scope for _, t in targets)]))
    cumulative = []
    for scope in scopes:
        series = em.scope_series(wide, scope)
        scope_paths = tg.scope_paths(series, cfg)
        paths += _path_rows(scope, "", scope_paths)
        latest = int(series.index.max())
        cumulative += [{"scope": scope, "path": name, "from_year": latest + 1,
                        "to_year": cfg.horizon_year, "cumulative_co2e_t": value}
                       for name, value in tg.cumulative(scope_paths).items()]  # fmt: skip
    for origin, target in targets:
        row = tg.evaluate(target, em.scope_series(wide, target.scope), cfg)
        target_paths = row.pop("paths")
        paths += _path_rows(target.scope, target.id, {"required": target_paths["required"]})
        rows.append({**row, "origin": origin})
    return {
        "emissions": em.by_sector(inputs.emissions_sector, area),
        "emissions_by_year": em.overview(wide, population, month),
        "emission_changes": em.changes(wide, em.SCOPES),
        "targets": pd.DataFrame(rows),
        "paths": pd.DataFrame(paths),
        "cumulative": pd.DataFrame(cumulative),
    }


def transport_tables(inputs: StrategyInputs, area: str) -> dict:
    """Tables ``road_transport``, ``vehicle_stock``, ``cars_by_year``."""
    stock = tp.vehicle_stock(inputs.vehicles, area)
    return {
        "road_transport": tp.road_transport(inputs.emissions_rus_co2, area),
        "vehicle_stock": stock,
        "cars_by_year": tp.car_summary(stock),
    }


def energy_tables(inputs: StrategyInputs, area: str) -> dict:
    """Tables ``energy_use``, ``energy_by_year`` and ``energy_production``."""
    population, month = ind.population_of(inputs, area)
    use = en.area_energy(inputs.energy_final_use, area)
    return {"energy_use": use, "energy_by_year": en.by_year(use, population, month),
            "energy_production": en.area_production(inputs.energy_production, area)}  # fmt: skip


def _county_pv(pv_installed: pd.DataFrame) -> pd.DataFrame:
    """Table ``pv_installed`` of the county: its published row or the sum of the 14
    (:func:`~.pv_county.county_total`), with ``n_kommuner_missing`` when that sum lacks some."""
    c = county_total(pv_installed)
    return pd.DataFrame([{"year": c.year, "n_installations": c.n_installations,
                          "capacity_mw": c.capacity_mw, "n_kommuner_missing": c.n_kommuner_missing,
                          "potential_kwp": None, "realised_share_frac": None,
                          "is_potential_synthetic": None, "source": c.source,
                          "note": c.note}])  # fmt: skip


def pv_table(inputs: StrategyInputs, area: str, solar: dict | None,
             every_area: pd.DataFrame | None = None) -> pd.DataFrame:  # fmt: skip
    """Table ``pv_installed``: installed PV of the latest year (2025 in the embedded table)
    against the rooftop potential (when given). For the county, ``every_area`` is the
    ``pv_installed`` table of all areas (its own row or the sum of the 14)."""
    if area == COUNTY_ID:
        return _county_pv(every_area if every_area is not None else inputs.pv_installed)
    pv = inputs.pv_installed[inputs.pv_installed["area_id_scb"] == area]
    if pv.empty:
        return pd.DataFrame([{"year": 2025, "n_installations": None, "capacity_mw": None,
                              "n_kommuner_missing": 1, "potential_kwp": None,
                              "realised_share_frac": None, "is_potential_synthetic": None,
                              "source": "", "note": "municipality not in the installed-PV "
                              "table"}])  # fmt: skip
    r = pv.sort_values("year", kind="stable").iloc[-1]  # a refreshed cache may hold several years
    mw = None if pd.isna(r["capacity_mw"]) else float(r["capacity_mw"])
    kwp = None if not solar else float(solar.get("capacity_kwp") or solar.get("total_kwp"))
    notes = []
    if mw is None:
        notes.append("no published capacity for this municipality (missing, not zero)")
    if kwp is None:
        notes.append("rooftop potential not computed in this run")
    elif solar.get("is_synthetic"):
        notes.append("potential from SYNTHETIC demo buildings, not real roofs")
    return pd.DataFrame([{
        "year": int(r["year"]),
        "n_installations": None if pd.isna(r["n_installations"]) else float(r["n_installations"]),
        "capacity_mw": mw, "n_kommuner_missing": int(mw is None), "potential_kwp": kwp,
        "realised_share_frac": mw * 1000.0 / kwp if mw is not None and kwp else None,
        "is_potential_synthetic": None if kwp is None else bool(solar.get("is_synthetic")),
        "source": r["source"], "note": "; ".join(notes),
    }])  # fmt: skip


def action_tables(actions: pd.DataFrame, values: pd.DataFrame, targets: pd.DataFrame,
                  cfg: StrategyConfig, workbench: list[dict]) -> dict:  # fmt: skip
    """Tables ``actions``, ``action_effects``, ``action_gap``, ``action_status``,
    ``action_indicators``. ``workbench`` holds the fleet and solar actions (may be empty)."""
    plan = fu.plan_actions(actions.reindex(columns=ACTION_COLUMNS))
    extra = pd.DataFrame(workbench, columns=plan.columns)
    frames = [f for f in (plan, extra) if not f.empty]
    every = pd.concat(frames, ignore_index=True) if frames else plan
    years = sorted({int(y) for y in targets["target_year"]} | {cfg.horizon_year})
    return {
        "actions": every,
        "action_effects": fu.effects_by_year(every, years, cfg.action_effect_from),
        "action_gap": fu.action_gap(targets, every, cfg.action_effect_from),
        "action_status": fu.status_summary(every),
        "action_indicators": fu.indicator_values(values, every),
    }


def scorecard_tables(values: pd.DataFrame, benchmark: pd.DataFrame, targets: pd.DataFrame,
                     area: str, cfg: StrategyConfig) -> dict:  # fmt: skip
    """Tables ``scorecard``, ``benchmark``, ``indicator_values`` (the area and the county).

    ``benchmark`` holds the rows of every area (:func:`~.scorecard.benchmark_all`).
    """
    mine = values[values["area_id_scb"].isin([area, COUNTY_ID])].reset_index(drop=True)
    return {
        "scorecard": sc.scorecard(values, targets, area, cfg),
        "benchmark": sc.benchmark(benchmark, area),
        "indicator_values": mine,
    }


def secap_tables(inputs: StrategyInputs, area: str, cfg: StrategyConfig) -> dict:
    """Tables ``secap_inventory`` and ``secap_totals``."""
    rows = secap.inventories(inputs, area, cfg)
    return {"secap_inventory": rows, "secap_totals": secap.totals(rows)}
