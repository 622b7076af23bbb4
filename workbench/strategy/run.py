"""Run the strategy package: ``compute`` (tables in memory), ``run`` (compute + write +
manifest, what the CLI calls) and ``stage`` (the demo stage).

Inputs default to the embedded tables under ``data/strategy`` (real published data for all
14 municipalities and the county; no ``../shared`` and no network needed). The county is
addressed as ``"25"`` or ``"Norrbottens län"``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from workbench.config.scenario import resolve_scenario
from workbench.config.strategy import EmissionTarget, StrategyConfig, TargetsFile, load_targets
from workbench.core.errors import InputError, Problem
from workbench.core.paths import data_path
from workbench.core.provenance import write_manifest
from workbench.fleet.factors import electricity_factor
from workbench.reference import kommuner
from workbench.strategy import assemble
from workbench.strategy import followup as fu
from workbench.strategy import indicators as ind
from workbench.strategy import scorecard as sc
from workbench.strategy import transport as tp
from workbench.strategy.actions import COLUMNS as ACTION_COLUMNS
from workbench.strategy.actions import read_action_plan
from workbench.strategy.embedded import StrategyInputs, load_inputs
from workbench.strategy.outputs import write
from workbench.strategy.refresh import refreshed_inputs
from workbench.strategy.result import StrategyResult
from workbench.strategy.sources.common import COUNTY_ID, COUNTY_NAME, code_of_name

EXAMPLE_ACTION_PLAN = "example_action_plan.yaml"
TARGETS_ROLE = "strategy_targets"
ACTIONS_ROLE = "strategy_actions"
_CACHE: dict[int, tuple[StrategyInputs, dict]] = {}


def area_of(kommun) -> tuple[str, str, kommuner.Kommun | None]:
    """``(area_id_scb, name, Kommun or None)`` of a municipality or the county."""
    if isinstance(kommun, str) and code_of_name(kommun) == COUNTY_ID or kommun == COUNTY_ID:
        return COUNTY_ID, COUNTY_NAME, None
    k = kommuner.get(kommun)
    return k.kommun_id_scb, k.name, k


def _own_targets(cfg: StrategyConfig, area: str, targets) -> list[tuple[str, EmissionTarget]]:
    own = [t for key, ts in cfg.own_targets.items() if area_of(key)[0] == area for t in ts]
    if targets is not None:
        spec = targets if isinstance(targets, TargetsFile) else load_targets(targets)
        if area_of(spec.kommun)[0] != area:
            raise InputError([Problem(str(targets), f"targets of area {area}", column="kommun",
                                      value=spec.kommun)])  # fmt: skip
        own += spec.targets
    ids = [t.id for t in cfg.national_targets] + [t.id for t in own]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InputError([Problem("own targets", "ids not used by another target",
                                  column="id", value=twice)])  # fmt: skip
    return [("national", t) for t in cfg.national_targets] + [("own", t) for t in own]


def _cached(inputs: StrategyInputs) -> dict:
    """Per inputs object: the tables split by area and the indicators of every area."""
    key = id(inputs)
    if key not in _CACHE or _CACHE[key][0] is not inputs:
        areas = inputs.by_area()
        _CACHE.clear()  # one inputs object at a time (the embedded tables, or a user's)
        _CACHE[key] = (inputs, {"areas": areas, "indicators": ind.all_areas(areas)})
    return _CACHE[key][1]


def _benchmark(cached: dict, cfg: StrategyConfig) -> pd.DataFrame:
    """Benchmark of every area for the configured industry threshold (cached per threshold)."""
    key = ("benchmark", cfg.industry_dominated_share_pct)
    if key not in cached:
        dominated = sc.industry_dominated(cached["indicators"], cfg)
        cached[key] = sc.benchmark_all(cached["indicators"], dominated)
    return cached[key]


def indicator_table(inputs: StrategyInputs) -> pd.DataFrame:
    """Indicators of all areas, computed once per inputs object (the benchmark needs them)."""
    return _cached(inputs)["indicators"]


def _workbench_actions(fleet: dict | None, solar: dict | None, cfg: StrategyConfig,
                       latest_year: int) -> list[dict]:  # fmt: skip
    out = []
    if fleet:
        out.append(fu.fleet_action(fleet))
    if solar and solar.get("annual_mwh") is not None:
        g, label = electricity_factor(cfg.electricity_factor)
        first = min(t.target_year for t in cfg.national_targets)
        out.append(fu.solar_action(solar, g, label, latest_year + 1, first))
    return out


@cache
def _read_plan(path: Path, mtime_ns: int, size: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_action_plan(path)  # cached per file version: the demo reads one plan 14 times


def _actions(actions) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    if actions is None:
        empty = pd.DataFrame(columns=ACTION_COLUMNS)
        return empty, pd.DataFrame(columns=["action_id", "year", "value", "source_row"]), ""
    path = Path(actions)
    stat = path.stat() if path.exists() else None
    if stat is None:
        raise InputError([Problem(str(path), "an existing action-plan file")])
    plan, values = _read_plan(path.resolve(), stat.st_mtime_ns, stat.st_size)
    return plan.copy(), values.copy(), path.name


def compute(kommun, *, inputs: StrategyInputs | None = None, scenario="default",
            targets=None, actions=None, related: dict | None = None) -> StrategyResult:  # fmt: skip
    """Every strategy table of one municipality (or the county, ``"25"``).

    Parameters
    ----------
    kommun
        Municipality code or name, or ``"25"`` / ``"Norrbottens län"`` for the county.
    inputs
        The published data (default: the embedded tables, :func:`load_inputs`).
    scenario
        Scenario name, path or :class:`Scenario`; its ``strategy`` section is used.
    targets
        Own-targets YAML file (:func:`~workbench.config.strategy.load_targets`) or a
        :class:`TargetsFile`, added to the scenario's ``strategy.own_targets``.
    actions
        Action plan (``.xlsx``, ``.csv``, ``.yaml``); None for none.
    related
        Summaries of the workbench's other runs of the same municipality, ``{"fleet": ...,
        "solar": ...}`` (either may be missing), entered as actions (fleet: tailpipe CO2 cut;
        solar: MWh/year under the electricity convention, not territorial) and, for solar, as
        the rooftop potential.
    """
    fleet, solar = (related or {}).get("fleet"), (related or {}).get("solar")
    area, name, k = area_of(kommun)
    sc = resolve_scenario(scenario)
    cfg = sc.strategy
    everything = inputs if inputs is not None else load_inputs()
    cached = _cached(everything)
    if area not in cached["areas"]:
        raise InputError([Problem("strategy inputs", f"rows for area {area} {name}")])
    data = cached["areas"][area]
    chosen = _own_targets(cfg, area, targets)
    plan, values, plan_name = _actions(actions)
    tables = assemble.emission_tables(data, area, cfg, chosen, "targets")
    latest = int(tables["emissions_by_year"]["year"].max())
    tables |= assemble.transport_tables(data, area)
    tables |= assemble.energy_tables(data, area)
    tables["pv_installed"] = assemble.pv_table(data, area, solar, everything.pv_installed)
    tables |= assemble.action_tables(plan, values, tables["targets"], cfg,
                                     _workbench_actions(fleet, solar, cfg, latest))  # fmt: skip
    tables |= assemble.scorecard_tables(cached["indicators"], _benchmark(cached, cfg),
                                        tables["targets"], area, cfg)  # fmt: skip
    tables |= assemble.secap_tables(data, area, cfg)
    notes, synthetic = [], []
    if plan_name and bool(plan["is_example"].any()):
        notes.append(f"action plan {plan_name} is an EXAMPLE, not the municipality's plan")
        synthetic.append(ACTIONS_ROLE)
    given = {TARGETS_ROLE: targets, ACTIONS_ROLE: actions}
    return StrategyResult(
        kommun=k, area_id_scb=area, area_name=name, scenario_name=sc.name, config=cfg,
        tables=tables, action_plan=plan_name,
        missing_vehicle_years=tp.missing_years(tables["vehicle_stock"]), notes=notes,
        inputs={r: Path(p) for r, p in given.items() if isinstance(p, str | Path)},
        synthetic_inputs=synthetic,
    )  # fmt: skip


def run(kommun, out_dir: str | Path, *, scenario="default", targets=None, actions=None,
        related: dict | None = None, manifest: bool = True,
        refreshed: bool | str | Path = False) -> StrategyResult:  # fmt: skip
    """:func:`compute` on the embedded tables, then write ``summary.json`` and every table.

    Parameters as :func:`compute`; ``manifest`` writes ``manifest.json`` and the tables also
    as CSV (the demo writes Parquet only and one manifest per package instead).
    ``refreshed``: ``True`` (``data/strategy/cache``) or a cache folder lays what
    ``workbench fetch strategy`` cached over the embedded tables
    (:func:`~workbench.strategy.refresh.refreshed_inputs`); each answer used is named, with
    its years and retrieval time, in the summary's ``notes`` and so in the report.
    """
    sc = resolve_scenario(scenario)
    inputs, vintages = None, []
    if refreshed is not False and refreshed is not None:
        inputs, vintages = refreshed_inputs(None if refreshed is True else refreshed)
    result = compute(kommun, inputs=inputs, scenario=sc, targets=targets, actions=actions,
                     related=related)  # fmt: skip
    result.notes.extend(v.note() for v in vintages)
    write(result, out_dir, csv=manifest)
    if manifest:
        write_manifest(out_dir, sc, inputs=result.inputs, synthetic_inputs=result.synthetic_inputs)
    return result


def _summary_of(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def stage(ctx) -> dict:
    """Demo stage: strategy of ``ctx.kommuner[0]`` under ``<out>/<slug>/strategy``.

    Uses the embedded tables, ``ctx.inputs["strategy_targets"]`` and
    ``ctx.inputs["strategy_actions"]`` when given (else the EXAMPLE action plan, labelled as
    such and registered as a synthetic input), and the fleet and solar summaries the earlier
    stages wrote under ``<out>/<slug>/``.
    """
    k = ctx.kommuner[0]
    base = ctx.out_dir / k.slug
    actions = ctx.inputs.get(ACTIONS_ROLE) or data_path("strategy", EXAMPLE_ACTION_PLAN)
    result = run(k, base / "strategy", scenario=ctx.scenario,
                 targets=ctx.inputs.get(TARGETS_ROLE), actions=actions,
                 related={part: _summary_of(base / part / "summary.json")
                          for part in ("fleet", "solar")}, manifest=False)  # fmt: skip
    for role, path in result.inputs.items():
        ctx.inputs[f"{role}_{k.slug}"] = path
        if role in result.synthetic_inputs:
            ctx.synthetic_inputs.append(f"{role}_{k.slug}")
    s = result.summary
    keys = (
        "latest_year",
        "total_co2e_t",
        "excl_industry_energy_co2e_t",
        "n_cars",
        "pv_installed_mw",
    )
    return {key: s[key] for key in keys} | {"action_plan_is_example": s["actions"]["is_example"]}


COUNTY_FOLDER = "lan"  # the county overview's folder (workbench.export.county.COUNTY_DIR)


def county_stage(ctx) -> dict:
    """Demo stage for the county: strategy of Norrbotten (``"25"``) under ``<out>/lan/strategy``
    from the embedded tables (no own targets, no action plan: the county has no plan of its own)."""
    result = run(COUNTY_ID, ctx.out_dir / COUNTY_FOLDER / "strategy", scenario=ctx.scenario,
                 manifest=False)  # fmt: skip
    s = result.summary
    return {key: s[key] for key in ("latest_year", "total_co2e_t", "excl_industry_energy_co2e_t")}


def with_base_year(scenario, base_year: int):
    """The scenario with ``strategy.secap_base_year`` (the baseline inventory's year) set to
    ``base_year``, validated like the scenario file (2009–2020, not after the monitoring year)."""
    sc = resolve_scenario(scenario)
    cfg = StrategyConfig.model_validate({**sc.strategy.model_dump(), "secap_base_year": base_year})
    return sc.model_copy(update={"strategy": cfg})
