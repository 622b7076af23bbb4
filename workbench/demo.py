"""``workbench demo``: the README's main job, on the embedded default data.

The demo writes one package per municipality under ``<out>/<slug>/`` and the
county overview under ``<out>/lan/``:

1. :data:`COUNTY_STAGES` run once with all chosen municipalities (reference tables).
2. For each municipality, every stage in :data:`STAGES` runs with
   ``ctx.kommuner == [that municipality]`` and writes under
   ``ctx.out_dir/<slug>/<part>/`` (``summary.json`` plus Parquet tables), then
   :func:`workbench.export.package.write_kommun_package` turns those outputs into
   the workbook, GeoPackage, HTML report and manifest.
3. :func:`workbench.export.county.write_county_overview` writes ``<out>/lan/``.

A stage is a function ``stage(ctx) -> dict`` returning a small JSON-able summary;
analysis work packages append theirs to :data:`STAGES`. Each call is timed per
municipality and stage (:func:`run_demo` returns the timings; they are logged, not
written, so that repeated runs give identical files).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from workbench.config import ConfigError, Scenario, assumptions_table, resolve_scenario
from workbench.core.boundary import short
from workbench.core.outputs import write_csv, write_json
from workbench.core.provenance import write_manifest
from workbench.core.reproducible import creation_time
from workbench.core.staging import staged
from workbench.export.county import write_county_overview
from workbench.export.package import write_kommun_package
from workbench.fleet import run as fleet
from workbench.match import run as match
from workbench.reference import kommuner as km
from workbench.solar import run as solar
from workbench.strategy import run as strategy
from workbench.weather import WeatherFile, weather_file

log = logging.getLogger(__name__)


@dataclass
class DemoContext:
    """What every stage gets: where to write, which municipalities, which scenario."""

    out_dir: Path
    kommuner: list[km.Kommun]
    scenario: Scenario
    synthetic_inputs: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # stage settings, e.g. follow_up_year
    weather: WeatherFile | None = None  # a weather file instead of the typical years


def stage_reference_tables(ctx: DemoContext) -> dict:
    """Write the municipality table and the scenario's assumptions with units and sources."""
    table = km.table()
    table = table[table["kommun_id_scb"].isin([k.kommun_id_scb for k in ctx.kommuner])]
    write_csv(ctx.out_dir / "kommuner.csv", table)
    write_csv(ctx.out_dir / "assumptions.csv", assumptions_table(ctx.scenario))
    return {"n_kommuner": len(table)}


Stage = Callable[[DemoContext], dict]

COUNTY_STAGES: list[tuple[str, Stage]] = [
    ("reference_tables", stage_reference_tables),
    ("strategy_county", strategy.county_stage),
]

# Per-municipality stages, called once per municipality (ctx.kommuner has one entry).
STAGES: list[tuple[str, Stage]] = [
    ("solar", solar.stage),
    ("fleet", fleet.stage),
    ("match", match.stage),
    ("strategy", strategy.stage),  # after fleet and solar: it enters their summaries as actions
]


def run_kommun(
    kommun: km.Kommun,
    out_dir: Path,
    scenario: Scenario,
    lang: str = "sv",
    package: bool = True,
    inputs: dict[str, Path] | None = None,
    progress: bool = False,
    options: dict[str, Any] | None = None,
    *,
    stage_folder: bool = True,
) -> tuple[dict, dict[str, float], DemoContext]:
    """Run every stage for one municipality, then write its package ``out_dir/<slug>/``.

    With ``package`` and ``stage_folder`` (the defaults) the package is built in a staging
    folder beside it and swapped in at the end (:func:`workbench.core.staging.staged`): a failed
    or killed run leaves the previous package as it was, a finished one holds exactly the files
    of its manifest. :func:`run_demo` stages its whole output folder instead.

    Returns the stage summaries, the seconds per stage (incl. ``"package"``) and the
    context holding the inputs the stages registered.
    """
    if package and stage_folder:
        files = list((inputs or {}).values())  # path-like (a WeatherFile too)
        with staged(Path(out_dir) / kommun.slug, inputs=files) as folder:
            return run_kommun(kommun, folder.parent, scenario, lang, package, inputs, progress,
                              options, stage_folder=False)  # fmt: skip
    given = dict(inputs or {})
    weather = given.pop("weather", None)
    if weather is not None and not isinstance(weather, WeatherFile):
        weather = weather_file(weather)
    ctx = DemoContext(out_dir=out_dir, kommuner=[kommun], scenario=scenario, inputs=given,
                      options=dict(options or {}), weather=weather)  # fmt: skip
    summaries: dict = {}
    seconds: dict[str, float] = {}
    bar = tqdm(total=len(STAGES) + int(package), desc=kommun.name, unit="stage",
               disable=not progress)  # fmt: skip
    for name, stage in STAGES:
        log.info("%s: stage %s", kommun.name, name)
        bar.set_postfix_str(name)
        start = time.perf_counter()
        summaries[name] = stage(ctx)
        seconds[name] = time.perf_counter() - start
        bar.update()
    if package:
        bar.set_postfix_str("package")
        start = time.perf_counter()
        write_kommun_package(
            kommun,
            out_dir / kommun.slug,
            lang=lang,
            scenario=scenario,
            inputs=ctx.inputs,
            synthetic_inputs=ctx.synthetic_inputs,
        )
        seconds["package"] = time.perf_counter() - start
        bar.update()
    bar.close()
    return summaries, seconds, ctx


def default_jobs() -> int:
    """Parallel municipalities: ``WORKBENCH_JOBS`` if set, else up to 2 (this machine's cores)."""
    env = os.environ.get("WORKBENCH_JOBS")
    if not env:
        return max(1, min(2, os.cpu_count() or 1))
    if not env.strip().isdigit():
        shown = short(env, 60)
        raise ConfigError("environment variable WORKBENCH_JOBS",
                          [f"WORKBENCH_JOBS={shown!r}: expected a whole number of processes >= 1"])  # fmt: skip
    return max(1, int(env))


def run_demo(
    out_dir: str | Path = "outputs/demo",
    kommuner: list[str] | None = None,
    scenario: str | Path = "default",
    lang: str = "sv",
    progress: bool | None = None,
    inputs: dict[str, Path] | None = None,
    jobs: int | None = None,
    options: dict[str, Any] | None = None,
) -> dict:
    """Run the demo; write packages, the county overview, ``summary.json`` and ``manifest.json``.

    Parameters
    ----------
    out_dir
        Output folder, created if missing. It is built in a staging folder beside it and
        swapped in at the end (:func:`workbench.core.staging.staged`): an earlier demo there
        is replaced as a whole, a folder of other files is refused.
    kommuner
        Municipality codes or names; all 14 when ``None``.
    scenario
        Scenario name under ``data/scenarios`` or a YAML path.
    lang
        Language of the packages: ``"sv"`` (default) or ``"en"``.
    progress
        Show progress bars: ``None`` shows them only on a terminal.
    inputs
        Real input files by role replacing the embedded demo data, e.g.
        ``{"buildings": path}`` (footprints for the solar and match stages; one municipality)
        and ``{"weather": WeatherFile(path, time_offset)}`` (a weather file instead of the
        typical year; a plain path is read with ``time_offset="detect"``).
    jobs
        Municipalities processed in parallel (processes); ``None``: :func:`default_jobs`.
        The files written do not depend on it.
    options
        Settings for the stages, e.g. ``{"follow_up_year": 2026}`` with the input
        ``fleet_follow_up_register``.

    Returns
    -------
    dict
        The written summary plus ``"seconds"``: {kommun code: {stage: seconds}} and
        ``"county_seconds"``.
    """
    files = list((inputs or {}).values())  # path-like (a WeatherFile too)
    with staged(out_dir, inputs=files) as out:
        return _run_demo(out, kommuner, scenario, lang, progress, inputs, jobs, options)


def _run_demo(
    out: Path,
    kommuner: list[str] | None,
    scenario: str | Path,
    lang: str,
    progress: bool | None,
    inputs: dict[str, Path] | None,
    jobs: int | None,
    options: dict[str, Any] | None,
) -> dict:
    """:func:`run_demo` into the (staging) folder ``out``."""
    chosen = [km.get(k) for k in kommuner] if kommuner else km.all_kommuner()
    sc = resolve_scenario(scenario)
    ctx = DemoContext(out_dir=out, kommuner=chosen, scenario=sc)
    summary: dict = {
        "kommuner": [k.kommun_id_scb for k in chosen],
        "scenario": sc.name,
        "language": lang,
        "stages": {},
    }
    seconds: dict[str, dict[str, float]] = {}
    county_seconds: dict[str, float] = {}
    for name, stage in COUNTY_STAGES:
        start = time.perf_counter()
        summary["stages"][name] = stage(ctx)
        county_seconds[name] = time.perf_counter() - start
    disable = None if progress is None else not progress
    jobs = default_jobs() if jobs is None else max(1, jobs)
    done: dict[str, tuple] = {}
    bar = tqdm(total=len(chosen), desc="kommuner", unit="kommun", disable=disable)
    if jobs == 1 or len(chosen) == 1:
        for k in chosen:
            done[k.kommun_id_scb] = run_kommun(k, out, sc, lang, inputs=inputs, options=options,
                                               stage_folder=False)  # fmt: skip
            bar.update()
    else:  # municipalities are independent: each writes only under <out>/<slug>/
        with ProcessPoolExecutor(max_workers=min(jobs, len(chosen))) as pool:
            futures = {pool.submit(run_kommun, k, out, sc, lang, True, inputs, False, options,
                                   stage_folder=False): k
                       for k in chosen}  # fmt: skip
            for future in as_completed(futures):
                done[futures[future].kommun_id_scb] = future.result()
                bar.update()
    bar.close()
    for k in chosen:  # merge in municipality order, whatever order they finished in
        stage_summaries, seconds[k.kommun_id_scb], kctx = done[k.kommun_id_scb]
        for name, value in stage_summaries.items():
            summary["stages"].setdefault(name, {})[k.kommun_id_scb] = value
        ctx.inputs.update(kctx.inputs)
        ctx.synthetic_inputs = sorted(set(ctx.synthetic_inputs) | set(kctx.synthetic_inputs))
    start = time.perf_counter()
    write_county_overview(out, chosen, lang=lang, scenario=sc)
    county_seconds["county_overview"] = time.perf_counter() - start
    write_json(out / "summary.json", summary)
    write_manifest(out, sc, inputs=ctx.inputs, synthetic_inputs=ctx.synthetic_inputs,
                   created_utc=creation_time(), extra={"language": lang})  # fmt: skip
    log.info("demo written to %s", out)
    return {**summary, "seconds": seconds, "county_seconds": county_seconds}
