"""One fleet run from register to files: what ``workbench fleet`` and the demo stage call.

* :func:`compute`: the scenario on a municipality's register file (or its SYNTHETIC demo
  register), in memory;
* :func:`run`: :func:`compute`, then the files (:func:`workbench.fleet.outputs.write`) and the
  manifest;
* :func:`stage`: the demo stage (``<out>/<slug>/fleet``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.config import Scenario, resolve_scenario
from workbench.core.outputs import make_dir, write_csv, write_parquet
from workbench.core.provenance import write_manifest
from workbench.fleet import compare, followup, outputs
from workbench.fleet.engine import FleetResult, run_scenario
from workbench.fleet.register import read_register
from workbench.fleet.synthetic import demo_register
from workbench.reference import kommuner as km

REGISTER_ROLE = "fleet_register"
FOLLOW_UP_ROLE = "fleet_follow_up_register"
SYNTHETIC_REGISTER_FILE = "register_SYNTHETIC.csv"
STAGE_KEYS = ("is_synthetic", "n_vehicles", "base_tco2e_wtw", "base_tco2_fossil", "target_year",
              "target_year_tco2e_wtw", "year_target_met", "cumulative_cost_msek", "chargers")  # fmt: skip


def compute(
    kommun,
    *,
    register: str | Path | None = None,
    scenario: str | Path | Scenario = "default",
    follow_up: FollowUp | None = None,
) -> FleetResult:
    """The scenario's fleet plan for a register file, or the SYNTHETIC demo register (``None``),
    followed up against a later register when ``follow_up`` names one.

    ``result.inputs["fleet_register"]`` is the file read (none for the demo register, which
    lives in memory: ``result.register``); ``result.inputs["fleet_follow_up_register"]`` the
    later register.
    """
    k = km.get(kommun)
    sc = resolve_scenario(scenario)
    if register is None:
        reg = demo_register(k, base_year=sc.fleet.base_year)
    else:
        reg = read_register(
            register, max_model_year=sc.fleet.end_year, base_year=sc.fleet.base_year
        )
    result = run_scenario(reg, sc, k)
    result.inputs = {} if register is None else {REGISTER_ROLE: Path(register)}
    result.synthetic_inputs = [REGISTER_ROLE] if register is None else []
    if follow_up is not None:
        followup.follow_up(result, follow_up.register, follow_up.year)
        result.inputs[FOLLOW_UP_ROLE] = Path(follow_up.register)
    return result


@dataclass(frozen=True)
class FollowUp:
    """A later register to follow the plan up against, and the plan year it shows (default:
    the year after the plan's base year; :mod:`workbench.fleet.followup`)."""

    register: str | Path
    year: int | None = None


def run(
    kommun,
    out_dir: str | Path,
    *,
    register: str | Path | None = None,
    scenario: str | Path | Scenario = "default",
    follow_up: FollowUp | None = None,
    manifest: bool = True,
    detail_parquet: bool = True,
) -> FleetResult:
    """Read a register (or build the SYNTHETIC demo register), run the scenario, write the files.

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
        Scenario name, YAML path or :class:`~workbench.config.Scenario` (its ``fleet`` section).
    follow_up
        A later register to follow the plan up against (writes ``follow_up`` and
        ``follow_up_summary``).
    manifest
        Write ``manifest.json`` (the demo writes one per package instead).
    detail_parquet
        Also write the detail tables as Parquet (always as CSV).
    """
    out = Path(out_dir)
    make_dir(out)
    sc = resolve_scenario(scenario)
    result = compute(kommun, register=register, scenario=sc, follow_up=follow_up)
    if register is None:
        result.inputs[REGISTER_ROLE] = write_csv(out / SYNTHETIC_REGISTER_FILE, result.register)
    outputs.write(result, out, detail_parquet=detail_parquet)
    if manifest:
        write_manifest(out, sc, inputs=result.inputs, synthetic_inputs=result.synthetic_inputs)
    return result


def stage(ctx) -> dict:
    """Demo stage: fleet plan of ``ctx.kommuner[0]`` under ``<out>/<slug>/fleet``.

    Uses the municipality's SYNTHETIC demo register unless ``ctx.inputs["fleet_register"]``
    names a real register; ``ctx.inputs["fleet_follow_up_register"]`` (and
    ``ctx.options["follow_up_year"]``) adds the follow-up. ``scenarios`` (parquet and CSV) holds
    the scenario comparison: the headline scenario and ``ctx.options["compare_scenarios"]``
    (default :data:`workbench.fleet.compare.COMPARE_SCENARIOS`) on the same register.
    """
    k = ctx.kommuner[0]
    later = ctx.inputs.get(FOLLOW_UP_ROLE)
    follow = None if later is None else FollowUp(later, ctx.options.get("follow_up_year"))
    result = run(k, ctx.out_dir / k.slug / "fleet", register=ctx.inputs.get(REGISTER_ROLE),
                 scenario=ctx.scenario, follow_up=follow, manifest=False)  # fmt: skip
    side = compare.compare(result, tuple(ctx.options.get("compare_scenarios")
                                         or compare.COMPARE_SCENARIOS))  # fmt: skip
    folder = ctx.out_dir / k.slug / "fleet"
    write_parquet(folder / "scenarios.parquet", side)
    write_csv(folder / "scenarios.csv", side)
    role = f"{REGISTER_ROLE}_{k.slug}"
    ctx.inputs[role] = result.inputs[REGISTER_ROLE]
    if result.synthetic_inputs:
        ctx.synthetic_inputs.append(role)
    summary = result.summary
    return {key: summary[key] for key in STAGE_KEYS}
