"""``workbench demo``: the README's main job, on the embedded default data.

The demo runs a list of stages for the chosen municipalities. Each stage is a
function ``stage(ctx) -> dict`` that writes under ``ctx.out_dir`` and returns a
small JSON-able summary; later work packages append their stages to
:data:`STAGES`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench import kommuner as km
from workbench.config import Scenario, assumptions_table, load_scenario
from workbench.manifest import write_manifest
from workbench.outputs import write_csv, write_json

log = logging.getLogger(__name__)


@dataclass
class DemoContext:
    """What every stage gets: where to write, which municipalities, which scenario."""

    out_dir: Path
    kommuner: list[km.Kommun]
    scenario: Scenario
    synthetic_inputs: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)


def stage_reference_tables(ctx: DemoContext) -> dict:
    """Write the municipality table and the scenario's assumptions with units and sources."""
    table = km.table()
    table = table[table["kommun_id_scb"].isin([k.kommun_id_scb for k in ctx.kommuner])]
    write_csv(ctx.out_dir / "kommuner.csv", table)
    write_csv(ctx.out_dir / "assumptions.csv", assumptions_table(ctx.scenario))
    return {"n_kommuner": len(table)}


STAGES: list[tuple[str, Callable[[DemoContext], dict]]] = [
    ("reference_tables", stage_reference_tables),
]


def run_demo(
    out_dir: str | Path = "outputs/demo",
    kommuner: list[str] | None = None,
    scenario: str | Path = "default",
) -> dict:
    """Run every demo stage; write ``summary.json`` and ``manifest.json`` in ``out_dir``.

    Parameters
    ----------
    out_dir
        Output folder, created if missing; files in it are overwritten.
    kommuner
        Municipality codes or names; all 14 when ``None``.
    scenario
        Scenario name under ``data/scenarios`` or a YAML path.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chosen = [km.get(k) for k in kommuner] if kommuner else km.all_kommuner()
    ctx = DemoContext(out_dir=out, kommuner=chosen, scenario=load_scenario(scenario))
    summary: dict = {
        "kommuner": [k.kommun_id_scb for k in chosen],
        "scenario": ctx.scenario.name,
        "stages": {},
    }
    timings = {}
    for name, stage in STAGES:
        log.info("demo stage %s for %d municipalities", name, len(chosen))
        start = time.perf_counter()
        summary["stages"][name] = stage(ctx)
        timings[name] = round(time.perf_counter() - start, 3)
    write_json(out / "summary.json", summary)
    write_manifest(
        out,
        ctx.scenario,
        inputs=ctx.inputs,
        synthetic_inputs=ctx.synthetic_inputs,
        extra={"stage_seconds": timings},
    )
    log.info("demo written to %s", out)
    return summary
