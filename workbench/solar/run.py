"""One rooftop run from files to outputs: what ``workbench solar`` and the demo stage call.

* :func:`compute`: the result for a municipality's footprint file (or its SYNTHETIC demo
  buildings), in memory;
* :func:`run`: :func:`compute`, then the files (:func:`workbench.solar.outputs.write`) and the
  manifest;
* :func:`stage`: the demo stage (``<out>/<slug>/solar``).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench import buildings as bld
from workbench.buildings.readers import count_features
from workbench.buildings.stream import DEFAULT_BATCH_SIZE, BuildingStream
from workbench.config import Scenario, resolve_scenario
from workbench.core.outputs import make_dir
from workbench.core.provenance import write_manifest
from workbench.reference import kommuner as km
from workbench.reference import location
from workbench.solar import interannual, outputs, stream, synthetic
from workbench.solar.potential import RooftopResult, rooftop_potential
from workbench.weather import WeatherFile, weather_file
from workbench.weather import series as wseries

log = logging.getLogger(__name__)

# The demo package turns every stage table into a workbook sheet: leave out the plane table
# (``workbench.solar.planes.roof_planes`` recomputes it) to keep the workbook small.
DEMO_TABLES = tuple(t for t in outputs.TABLES if t != "planes")
# the synthetic-input role of the embedded typical year (generated from the seat's monthly
# climatology by workbench.weather.embedded), so that the package's banner names it
TYPICAL_YEAR_ROLE = "weather_typical_year"
#: ``run(stream=None)`` streams (:mod:`workbench.solar.stream`) a footprint file with more
#: features than this; smaller inputs are computed in memory.
STREAM_ABOVE_FEATURES = 500_000


@dataclass(frozen=True)
class Scale:
    """How :func:`run` computes: in memory, streamed, or on dask.

    ``stream``: ``True`` streams the footprints in batches of ``batch_size`` features,
    ``None`` streams files above :data:`STREAM_ABOVE_FEATURES` features, ``False`` (default)
    computes in memory. ``dask_workers > 0`` or ``scheduler_address`` (``tcp://host:8786``)
    computes on dask; ``memory_limit`` (``"1.5GB"``) bounds each local worker.
    """

    dask_workers: int = 0
    scheduler_address: str | None = None
    stream: bool | None = False
    batch_size: int = DEFAULT_BATCH_SIZE
    memory_limit: str | None = None


def compute(
    kommun,
    *,
    buildings: str | Path | None = None,
    weather: str | Path | WeatherFile | None = None,
    scenario: str | Path | Scenario = "default",
    layer: str | None = None,
    crs=None,
    synthetic_dir: str | Path | None = None,
    dask_workers: int = 0,
    scheduler_address: str | None = None,
    allow_outside: bool = False,
) -> RooftopResult:
    """Rooftop result for a municipality; ``result.inputs["buildings"]`` is the file it read.

    ``buildings`` empty or ``None`` means the municipality's SYNTHETIC demo buildings,
    written to ``synthetic_dir`` (default: a temporary folder) under a labelled name.
    ``weather`` is a file (a path, read with ``time_offset="detect"``, or a
    :class:`~workbench.weather.WeatherFile`) or ``None`` for the municipality's typical year.
    ``dask_workers > 0`` or a ``scheduler_address`` runs the computation on dask
    partitions (:func:`workbench.solar.dask.rooftop_potential_dask`), same results.
    A footprint or weather file that does not lie in the municipality is refused
    (:mod:`workbench.reference.location`) unless ``allow_outside``; ``result.location_checks``
    records where each file lies.
    """
    k = km.get(kommun)
    sc = resolve_scenario(scenario)
    is_synthetic = buildings is None or str(buildings) == ""
    if is_synthetic:
        folder = Path(synthetic_dir) if synthetic_dir else Path(tempfile.mkdtemp(prefix="wb_"))
        buildings = synthetic.write(k, folder)
    buildings = Path(buildings)
    bset = bld.read(buildings, layer=layer, crs=crs, min_area_m2=sc.roofs.min_footprint_area_m2)
    if not isinstance(weather, WeatherFile):
        weather = weather_file(weather)
    frame, checks = checked_inputs(k, None if is_synthetic else bset, buildings, weather,
                                   allow_outside)  # fmt: skip
    args = {"kommun": k, "weather": frame, "assumptions": sc.roofs, "system": sc.pv}
    if dask_workers > 0 or scheduler_address:
        # optional 'scale' extra (dask-geopandas, distributed): imported only when asked for
        from workbench.solar.dask import rooftop_potential_dask

        result = rooftop_potential_dask(
            bset,
            **args,
            synthetic=is_synthetic,
            n_workers=max(dask_workers, 1),
            scheduler_address=scheduler_address,
        )
    else:
        result = rooftop_potential(bset, **args, synthetic=is_synthetic)
    result.inputs = {"buildings": buildings, **({"weather": weather.path} if weather else {})}
    result.synthetic_inputs = ["buildings"] if is_synthetic else []
    result.location_checks = [c.as_dict() for c in checks]
    add_interannual(result, k, sc)
    return result


def add_interannual(result: RooftopResult, kommun: km.Kommun, sc: Scenario) -> None:
    """The inter-annual band (:func:`workbench.solar.interannual.band`) of ``result``, when a
    multi-year PVGIS series of the seat is cached (``workbench weather fetch --hourly``); the
    series becomes the input ``weather_series``. Without one nothing changes."""
    series = cached_series(kommun)
    if series is None:
        return
    result.interannual = interannual.band(result, series, sc.pv, sc.roofs.azimuth_resolution_deg)
    add_series_input(result)


def cached_series(kommun: km.Kommun):
    """The seat's cached multi-year PVGIS series (:func:`workbench.weather.series.read_series`),
    or ``None`` when none was fetched."""
    path = wseries.find_cached(kommun)
    if path is None:
        return None
    series = wseries.read_series(path, kommun)
    note = wseries.stale_note(series)
    if note:
        log.warning("%s", note)
    return series


def add_series_input(result: RooftopResult) -> None:
    """The series of the band as the input ``weather_series`` (hashed in the manifest)."""
    if result.interannual is not None:
        result.inputs["weather_series"] = wseries.cache_dir() / result.interannual["file"]


def checked_inputs(
    kommun: km.Kommun,
    building_set: bld.BuildingSet | None,
    source,
    weather: WeatherFile | None,
    allow_outside: bool,
) -> tuple:
    """The weather frame of ``weather`` (``None`` for the typical year) and the location checks
    (:mod:`workbench.reference.location`) of a real footprint set and a weather file: refused
    when they do not lie in ``kommun``, unless ``allow_outside``."""
    checks, frame = [], None
    if building_set is not None:
        checks.append(location.check_footprints(building_set.buildings.geometry, kommun,
                                                str(source), allow_outside=allow_outside))  # fmt: skip
    if weather is not None:
        frame = weather.read()
        checks.append(location.check_weather(frame.attrs["latitude"], frame.attrs["longitude"],
                                             kommun, str(weather.path),
                                             allow_outside=allow_outside))  # fmt: skip
    return frame, checks


def run(
    kommun,
    out_dir: str | Path,
    *,
    buildings: str | Path | None = None,
    layer: str | None = None,
    crs=None,
    weather: str | Path | WeatherFile | None = None,
    scenario: str | Path | Scenario = "default",
    manifest: bool = True,
    tables: tuple[str, ...] = outputs.TABLES,
    allow_outside: bool = False,
    scale: Scale | None = None,
) -> RooftopResult:
    """Read footprints (or generate the synthetic demo set), compute, write the files.

    With ``buildings=None`` the municipality's SYNTHETIC demo buildings are generated
    (:mod:`workbench.solar.synthetic`), written beside the outputs under a file name that
    says so, and every output is labelled synthetic. ``scale`` (:class:`Scale`) chooses how:
    in memory (default), streamed in batches (``stream=True``:
    :func:`workbench.solar.stream.run_stream`, same rows and numbers, bounded memory;
    ``stream=None`` streams files with more than :data:`STREAM_ABOVE_FEATURES` features), or on
    dask (``dask_workers``, ``scheduler_address``). A folder of GeoParquet files (a partitioned
    dataset) goes to the dask workers, which read it lazily
    (:func:`workbench.solar.dask.rooftop_partitions_dask`); the per-building tables are then
    folders of part files.
    """
    sc = resolve_scenario(scenario)
    scale = scale or Scale()
    dask_workers, scheduler_address = scale.dask_workers, scale.scheduler_address
    out = Path(out_dir)
    make_dir(out)
    if buildings and Path(buildings).is_dir():
        return _run_partitions(kommun, out, sc, folder=Path(buildings), weather=weather,
                               manifest=manifest, scale=scale)  # fmt: skip
    stream_it = scale.stream
    if stream_it is None and buildings:
        stream_it = (count_features(Path(buildings), layer) or 0) > STREAM_ABOVE_FEATURES
    if stream_it and not (dask_workers > 0 or scheduler_address):
        return _run_stream(kommun, out, sc, buildings=buildings, layer=layer, crs=crs,
                           weather=weather, manifest=manifest, tables=tables,
                           batch_size=scale.batch_size, allow_outside=allow_outside)  # fmt: skip
    result = compute(
        kommun,
        buildings=buildings,
        weather=weather,
        scenario=sc,
        layer=layer,
        crs=crs,
        synthetic_dir=out,
        dask_workers=dask_workers,
        scheduler_address=scheduler_address,
        allow_outside=allow_outside,
    )
    outputs.write(result, out, tables)
    if manifest:
        write_manifest(out, sc, inputs=result.inputs, synthetic_inputs=result.synthetic_inputs,
                       extra={"weather": result.weather_timing})  # fmt: skip
    return result


def _run_stream(kommun, out, sc, *, buildings, layer, crs, weather, manifest, tables, batch_size,
                allow_outside):  # fmt: skip
    """:func:`run` through :func:`workbench.solar.stream.run_stream`; the location check of
    real footprints looks at the first batch (refused before the whole file is read)."""
    k = km.get(kommun)
    is_synthetic = buildings is None or str(buildings) == ""
    if is_synthetic:
        buildings = synthetic.write(k, out)
    if not isinstance(weather, WeatherFile):
        weather = weather_file(weather)
    first = None
    if not is_synthetic:  # refuse early on the first batch; the summary's check sees all
        first = next(iter(BuildingStream(buildings, layer, crs, batch_size=batch_size,
                                         min_area_m2=sc.roofs.min_footprint_area_m2)))  # fmt: skip
    frame, checks = checked_inputs(k, first, buildings, weather, allow_outside)

    def footprint_check(points) -> dict:
        return location.check_points(points, k, str(buildings),
                                     allow_outside=allow_outside).as_dict()  # fmt: skip

    batches = BuildingStream(buildings, layer, crs, batch_size=batch_size,
                             min_area_m2=sc.roofs.min_footprint_area_m2)  # fmt: skip
    result = stream.run_stream(k, out, batches, weather=frame, assumptions=sc.roofs, system=sc.pv,
                               synthetic=is_synthetic, tables=tables,
                               location_checks=[c.as_dict() for c in checks[first is not None:]],
                               footprint_check=None if is_synthetic else footprint_check)  # fmt: skip
    result.inputs = {"buildings": Path(buildings), **({"weather": weather.path} if weather else {})}
    result.synthetic_inputs = ["buildings"] if is_synthetic else []
    add_interannual(result, k, sc)
    if result.interannual is not None:  # summary.json again, now with the band
        outputs.write_summary(result, out)
    if manifest:
        write_manifest(out, sc, inputs=result.inputs, synthetic_inputs=result.synthetic_inputs,
                       extra={"weather": result.weather_timing})  # fmt: skip
    return result


def _run_partitions(kommun, out, sc, *, folder, weather, manifest, scale: Scale):
    """:func:`run` on a partitioned GeoParquet folder (optional 'scale' extra)."""
    # optional 'scale' extra (dask-geopandas, distributed): imported only when asked for
    from workbench.solar.dask import rooftop_partitions_dask

    if not isinstance(weather, WeatherFile):
        weather = weather_file(weather)
    result, figures = rooftop_partitions_dask(folder, out, kommun, weather, sc.roofs, sc.pv,
                                              scheduler_address=scale.scheduler_address,
                                              n_workers=max(scale.dask_workers, 1),
                                              memory_limit=scale.memory_limit)  # fmt: skip
    result.inputs = {"weather": weather.path} if weather else {}
    add_interannual(result, km.get(kommun), sc)
    if result.interannual is not None:  # summary.json again, now with the band
        outputs.write_summary(result, out)
    if manifest:
        write_manifest(out, sc, inputs=result.inputs,
                       extra={"weather": result.weather_timing, "dask": figures})  # fmt: skip
    return result


def stage(ctx) -> dict:
    """Demo stage: rooftop potential of ``ctx.kommuner[0]`` under ``<out>/<slug>/solar``.

    Uses the municipality's SYNTHETIC demo buildings unless ``ctx.inputs["buildings"]``
    names a real footprint file (``workbench demo --buildings PATH``), and its typical year
    unless ``ctx.weather`` is a weather file (``--weather PATH --time-offset X``); the typical
    year is registered as a synthetic input (it is generated, not measured).
    """
    k = ctx.kommuner[0]
    result = run(
        k,
        ctx.out_dir / k.slug / "solar",
        buildings=ctx.inputs.get("buildings"),
        weather=ctx.weather,
        scenario=ctx.scenario,
        manifest=False,
        tables=DEMO_TABLES,
        allow_outside=bool(ctx.options.get("allow_outside")),
    )
    role = f"solar_buildings_{k.slug}"
    ctx.inputs[role] = result.inputs["buildings"]
    for key in ("weather", "weather_series"):
        if key in result.inputs:
            ctx.inputs[key] = result.inputs[key]
    if result.synthetic_inputs:
        ctx.synthetic_inputs.append(role)
    if "weather" not in result.inputs:  # the embedded typical year is generated, not measured
        ctx.synthetic_inputs.append(f"{TYPICAL_YEAR_ROLE}_{k.slug}")
    summary = result.summary
    keys = ("is_synthetic", "n_input", "n_included", "n_excluded", "capacity_kwp", "annual_mwh")
    return {key: summary[key] for key in keys}
