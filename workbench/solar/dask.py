"""The rooftop computation on dask-geopandas partitions with dask.distributed.

Same functions, same numbers as :func:`workbench.solar.potential.rooftop_potential`:

1. **Client:** read and clean the footprints (:func:`workbench.buildings.read`). This
   step stays global because duplicate detection must see every feature, and the
   OSM driver cannot read a ``.osm.pbf`` in parallel slices.
2. **Workers:** roof planes per partition (:func:`workbench.solar.planes.roof_planes`, a
   row-wise function, so partitioning does not change a single plane).
3. **Client:** the PV engine once for the distinct plane orientations of *all*
   partitions (:func:`workbench.solar.potential.orientation_yields`), exactly the orientation
   set the in-memory path uses, so every plane gets the identical specific yield.
4. **Workers:** energy per plane for each partition (:func:`workbench.solar.potential.plane_energy`).
5. **Client:** per-building sums and summaries (:func:`workbench.solar.potential.finish`).

Without ``scheduler_address`` a :class:`distributed.LocalCluster` with ``n_workers``
processes is started and closed; with an address (``"tcp://host:8786"``) the work
goes to that cluster, whose workers need the workbench installed.

dask-geopandas and distributed are the optional ``scale`` extra: this module imports them at
the top, and :mod:`workbench.solar.run` imports this module only when dask is asked for.
"""

from __future__ import annotations

import contextlib
import logging
import resource
from pathlib import Path

import dask
import dask_geopandas
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
from distributed import Client, LocalCluster

from workbench.buildings import Counts, clean_batch
from workbench.buildings.attributes import detect_schema
from workbench.buildings.readers import RawFeatures, from_geodataframe
from workbench.buildings.schema import CRS
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.core import tables as tb
from workbench.core.outputs import make_dir, write_json, write_parquet
from workbench.reference import kommuner as km
from workbench.solar import interannual, outputs
from workbench.solar import totals as tot
from workbench.solar.planes import roof_planes
from workbench.solar.potential import (
    RooftopResult,
    building_potential,
    building_table,
    excluded_table,
    finish,
    kommun_column,
    orientation_yields,
    plane_energy,
    plane_table,
    prepare,
    resolve_weather,
    suitable_keys,
    summary_tables,
    yields_for_keys,
)
from workbench.solar.schema import SYNTHETIC_LABEL
from workbench.weather.timing import timing_summary

log = logging.getLogger(__name__)


@contextlib.contextmanager
def client_for(scheduler_address: str | None, n_workers: int, memory_limit: str | None = None):
    """A dask.distributed client: on ``scheduler_address`` or on a fresh local cluster
    (``memory_limit`` per worker, e.g. ``"1.5GB"``; dask's default otherwise)."""
    if scheduler_address:
        with Client(scheduler_address) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            **({"memory_limit": memory_limit} if memory_limit else {}),
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def rooftop_potential_dask(
    buildings,
    kommun=None,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
    *,
    npartitions: int = 8,
    scheduler_address: str | None = None,
    n_workers: int = 2,
    synthetic: bool = False,
) -> RooftopResult:
    """:func:`workbench.solar.potential.rooftop_potential` on dask partitions (see module docstring).

    Parameters
    ----------
    buildings, kommun, weather, assumptions, system, synthetic
        As for :func:`workbench.solar.potential.rooftop_potential`.
    npartitions
        Number of dask-geopandas partitions of the building table.
    scheduler_address
        Address of a running dask scheduler; ``None`` starts a LocalCluster.
    n_workers
        Worker processes of the LocalCluster.
    """
    prep = prepare(buildings, kommun, weather, assumptions, system)
    a, b = prep.assumptions, prep.buildings
    if b.empty:
        return finish(prep, roof_planes(b, a), synthetic)
    parts = dask_geopandas.from_geopandas(b, npartitions=max(1, min(npartitions, len(b))))
    plane_meta = roof_planes(b.iloc[:1], a).iloc[:0]
    with client_for(scheduler_address, n_workers) as client:
        planes_dd = parts.map_partitions(roof_planes, a, meta=plane_meta).persist()
        columns = ["mounting", "surface_tilt", "surface_azimuth", "is_suitable"]
        yields = orientation_yields(
            planes_dd[columns].compute(), prep.weather, prep.system, a.azimuth_resolution_deg
        )
        energy_meta = plane_energy(plane_meta, yields, a)
        planes = planes_dd.map_partitions(plane_energy, yields, a, meta=energy_meta).compute()
        log.info("dask: %d partitions on %s", parts.npartitions, client.scheduler.address)
    return finish(prep, planes.reset_index(drop=True), synthetic)


# --- lazily read partitions (a partitioned GeoParquet dataset, national scale) ---------------


def _clean_partition(part: gpd.GeoDataFrame, a: RoofAssumptions, kommun, offset: int):
    """Clean one partition (duplicates within it) and compute its roof planes."""
    raw = from_geodataframe(part.reset_index(drop=True), name="partition")
    crs = pyproj.CRS.from_user_input(part.crs) if part.crs is not None else None
    if crs is None:
        raise ValueError("partitioned GeoParquet without a CRS")
    schema = detect_schema(raw.attributes)
    buildings, excluded, issues = clean_batch(raw, crs, schema, a.min_footprint_area_m2, offset)
    counts = Counts(schema)
    counts.add(buildings, excluded, issues)
    buildings["kommun_id_scb"] = kommun_column(buildings, kommun)
    return buildings, excluded, roof_planes(buildings, a), counts


def _keys_of_partition(part, a, kommun) -> tuple[pd.DataFrame, int, tot.GroupSums]:
    """Pass 1 on a worker: the distinct suitable orientations, the feature count and the kWp
    per orientation (:func:`workbench.solar.interannual.orientation_sums`)."""
    _, _, planes, _ = _clean_partition(part, a, kommun, 0)
    kwp = interannual.orientation_sums(planes, a.azimuth_resolution_deg)
    return suitable_keys(planes, a.azimuth_resolution_deg), len(part), kwp


def _energy_of_partition(part, a, kommun, offset, yields, out_dir: str, number: int,
                         synthetic: bool):  # fmt: skip
    """Pass 2 on a worker: energy, the partition's files, its exact sums and counts."""
    buildings, excluded, planes, counts = _clean_partition(part, a, kommun, offset)
    planes = plane_energy(planes, yields, a)
    per_building = building_potential(buildings, planes, a)
    if synthetic:
        per_building["data_origin"] = SYNTHETIC_LABEL
    sums = tot.building_sums(per_building)
    months = tot.monthly_sums(per_building, planes)
    frames = {
        "buildings": building_table(per_building),
        "planes": plane_table(planes),
        "excluded": excluded_table(excluded),
    }
    tb.validate_all([(outputs.BY_NAME[t], f) for t, f in frames.items()])
    for name, frame in frames.items():
        write_parquet(Path(out_dir) / name / f"part.{number:05d}.parquet", frame)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return sums, months, counts, peak_mb


def rooftop_partitions_dask(
    path: str | Path,
    out_dir: str | Path,
    kommun=None,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
    *,
    scheduler_address: str | None = None,
    n_workers: int = 2,
    memory_limit: str | None = None,
    synthetic: bool = False,
) -> tuple[RooftopResult, dict]:
    """Rooftop potential of a partitioned GeoParquet dataset, read lazily on the workers.

    ``dask_geopandas.read_parquet(path)`` gives one partition per file (or row group); no
    footprint passes through the client. Pass 1 (workers): clean and plane each partition,
    return its distinct orientations. Client: the PV engine once for all of them (the same
    yields as the in-memory path). Pass 2 (workers): clean and plane again, energy, write
    ``out_dir/{buildings,planes,excluded}/part.NNNNN.parquet``, return exact sums
    (:class:`~workbench.core.exactsum.GroupSums`) and counts. Client: the summary tables and
    ``summary.json`` in ``out_dir``.

    Duplicates are found *within* a partition only: partition the footprints by area
    (a municipality or a tile per file), so that equal geometries share a partition.
    ``memory_limit`` (e.g. ``"1.5GB"``) bounds each LocalCluster worker. Returns the result
    (summaries; per-building tables are in the files) and run figures (partitions, peak
    resident memory per worker [MB]).
    """
    a, system = assumptions or RoofAssumptions(), system or PVSystem()
    k = km.get(kommun) if kommun is not None else None
    wx = resolve_weather(weather, k)
    out = Path(out_dir)
    make_dir(out)
    parts = dask_geopandas.read_parquet(str(path))
    delayed = parts.to_delayed()
    with client_for(scheduler_address, n_workers, memory_limit) as client:
        first = client.compute([dask.delayed(_keys_of_partition)(d, a, k) for d in delayed])
        pass_one = client.gather(first)
        offsets = np.concatenate([[0], np.cumsum([n for _, n, _ in pass_one])[:-1]])
        yields = yields_for_keys(pd.concat([keys for keys, _, _ in pass_one]), wx, system)
        # in the graph, not scattered: a restarted worker (memory limit) can recompute it
        yields_task = dask.delayed(yields)
        second = client.compute(
            [
                dask.delayed(_energy_of_partition)(
                    d, a, k, int(offsets[i]), yields_task, str(out), i, synthetic
                )
                for i, d in enumerate(delayed)
            ]
        )
        pass_two = client.gather(second)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
    sums = tot.GroupSums(tot.KEYS, tot.BUILDING_SUM_COLUMNS)
    months = tot.GroupSums(tot.KEYS, tot.MONTH_KWH)
    counts = None
    for s, m, c, _ in pass_two:
        sums.update(s)
        months.update(m)
        counts = c if counts is None else counts.merge(c)
    n_input = int(sum(n for _, n, _ in pass_one))
    report = counts.report(RawFeatures(pd.DataFrame(), np.empty(0), parts.crs, Path(path),
                                       "GeoParquet (partitioned)", None, n_input),
                           pyproj.CRS.from_user_input(parts.crs), a.min_footprint_area_m2, [])  # fmt: skip
    if report["n_input"] != n_input:
        raise RuntimeError(f"{path}: {report['n_input']} features accounted, {n_input} read")
    result = RooftopResult(
        buildings=gpd.GeoDataFrame(geometry=[], crs=CRS),
        planes=pd.DataFrame(),
        by_type=tot.summary_table(sums, tot.KEYS),
        by_kommun=tot.summary_table(sums, ["kommun_id_scb"]),
        monthly=tot.monthly_long(months),
        excluded=gpd.GeoDataFrame(geometry=[], crs=CRS),
        kommun=k,
        reader_report=report,
        weather_source=wx.attrs.get("source", "weather frame"),
        weather_timing=timing_summary(wx),
        synthetic=synthetic,
        totals=sums,
        orientation_kwp=interannual.add_capacities([kwp for _, _, kwp in pass_one]),
    )
    summary = result.summary
    for name, frame in summary_tables(result).items():
        tb.write(outputs.BY_NAME[name], frame, out)
    write_json(out / "summary.json", summary)
    figures = {
        "partitions": parts.npartitions,
        "peak_rss_mb_per_worker": {str(w): round(v, 1) for w, v in sorted(peaks.items())},
        "worker_peak_mb_in_tasks": round(max(p for *_, p in pass_two), 1),
    }
    return result, figures
