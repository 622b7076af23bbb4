"""One fleet run from register to files: used by ``workbench fleet`` and the demo stage.

Files written to the output folder (English snake_case columns with unit suffixes):

- ``summary.json`` — headline numbers (:func:`workbench.fleet.engine.summarise`);
- ``plan`` — replacement events per vehicle (year, old and new powertrain, reason);
- ``yearly`` — per year: stock, energy, emissions, costs and cumulative costs,
  chargers, target check;
- ``vehicles`` — per vehicle: cold factors, winter-range check, first replacement;
- ``stock``, ``energy``, ``procurement`` (CVD quotas), ``chargers`` — yearly detail;
- ``vehicle_years`` — one row per vehicle and year;
- ``assumptions.csv`` and ``factors/<table>.csv`` — every assumption and factor
  with unit, year and source.

Tables go to Parquet and CSV; ``detail_parquet=False`` writes the detail tables as
CSV only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.config import Scenario, assumptions_table, load_scenario
from workbench.core.outputs import write_csv, write_json, write_parquet
from workbench.core.provenance import write_manifest
from workbench.fleet.engine import FleetResult, run_scenario
from workbench.fleet.factors import factor_tables
from workbench.fleet.register import read_register
from workbench.fleet.synthetic import demo_register
from workbench.reference import kommuner as km

MAIN_TABLES = ("plan", "yearly")
DETAIL_TABLES = ("vehicles", "stock", "energy", "procurement", "chargers", "vehicle_years")


def _scenario(scenario) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(scenario)


def write_result(result: FleetResult, out_dir: str | Path, detail_parquet: bool = True,
                 synthetic: bool = False) -> Path:  # fmt: skip
    """Write a run's tables, assumptions, factors and ``summary.json`` to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in MAIN_TABLES + DETAIL_TABLES:
        df = getattr(result, name)
        if isinstance(df, pd.DataFrame):
            df = df.reset_index(drop=True)
        if name in MAIN_TABLES or detail_parquet:
            write_parquet(out / f"{name}.parquet", df)
        write_csv(out / f"{name}.csv", df)
    cfg_table = assumptions_table(result.config, prefix="fleet.")
    write_csv(out / "assumptions.csv", cfg_table)
    for name, table in factor_tables().items():
        write_csv(out / "factors" / f"{name}.csv", table)
    summary = {**result.summary, "synthetic": bool(synthetic)}
    if synthetic:
        summary["register"] = "SYNTHETIC demo register (not real vehicles)"
    write_json(out / "summary.json", summary)
    return out


def run_fleet(kommun, out_dir: str | Path, register: str | Path | None = None,
              scenario="default", manifest: bool = True, detail_parquet: bool = True) -> dict:  # fmt: skip
    """Read a register (or build the SYNTHETIC demo register), run the scenario, write outputs.

    Parameters
    ----------
    kommun
        Municipality code or name.
    out_dir
        Output folder (created).
    register
        Vehicle register (CSV or Excel); ``None`` uses the municipality's SYNTHETIC demo
        register, written beside the outputs as ``register_SYNTHETIC.csv``.
    scenario
        Scenario name or YAML path (its ``fleet`` section is used).

    Returns
    -------
    dict
        The summary plus ``register_path``.
    """
    k = km.get(kommun)
    sc = _scenario(scenario)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    synthetic = register is None
    if synthetic:
        reg = demo_register(k, base_year=sc.fleet.base_year)
        register = write_csv(out / "register_SYNTHETIC.csv", reg)
    else:
        reg = read_register(register, max_model_year=sc.fleet.end_year)
    result = run_scenario(reg, sc, k)
    write_result(result, out, detail_parquet=detail_parquet, synthetic=synthetic)
    if manifest:
        write_manifest(
            out,
            sc,
            inputs={"fleet_register": Path(register)},
            synthetic_inputs=["fleet_register"] if synthetic else [],
        )
    return {**result.summary, "synthetic": synthetic, "register_path": Path(register).as_posix()}


def stage_fleet(ctx) -> dict:
    """Demo stage: fleet plan of ``ctx.kommuner[0]`` under ``<out>/<slug>/fleet``.

    Uses the municipality's SYNTHETIC demo register unless ``ctx.inputs["fleet_register"]``
    names a real register.
    """
    k = ctx.kommuner[0]
    real = ctx.inputs.get("fleet_register")
    summary = run_fleet(k, ctx.out_dir / k.slug / "fleet", register=real, scenario=ctx.scenario,
                        manifest=False)  # fmt: skip
    role = f"fleet_register_{k.slug}"
    ctx.inputs[role] = Path(summary["register_path"])
    if summary["synthetic"]:
        ctx.synthetic_inputs.append(role)
    keys = ("synthetic", "n_vehicles", "base_tco2e_wtw", "base_tco2_fossil", "target_year",
            "target_year_tco2e_wtw", "year_target_met", "cumulative_cost_msek", "chargers")  # fmt: skip
    return {key: summary[key] for key in keys}
