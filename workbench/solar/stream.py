"""The rooftop stage in bounded memory: footprints in batches, outputs appended batch by batch.

:func:`run_stream` writes the same files as :func:`workbench.solar.run.run` (``solar.gpkg``,
the Parquet tables, ``summary.json``) with the same rows and numbers, but never holds more
than one batch of buildings:

1. **Pass 1, per batch** (:class:`workbench.buildings.stream.BuildingStream`): read, clean
   (duplicates and renamed ids against all earlier batches), roof planes
   (:func:`~workbench.solar.planes.roof_planes`, row-wise). The distinct rounded
   orientations of the suitable planes are collected; buildings, planes and excluded
   features are spilled to Arrow IPC files in a temporary folder beside the outputs
   (``.stream.<random>.<pid>.tmp``, :func:`workbench.core.staging.temp_folder`: removed at the
   end, and by the next run into the folder when a killed run left it).
2. **Yields, once**: the PV engine for the orientations of *all* batches
   (:func:`~workbench.solar.potential.yields_for_keys`), exactly the set the in-memory path
   computes, so every plane gets the identical specific yield (the engine's method depends
   on the number of orientations, so this cannot be done batch by batch).
3. **Pass 2, per batch**: energy per plane and building, appended to ``solar.gpkg`` and the
   Parquet files (:class:`pyarrow.parquet.ParquetWriter`); totals by municipality and
   building type added up exactly (:mod:`workbench.solar.totals`), so they equal the
   in-memory totals bit for bit whatever the batch size.

Both cores: reading, cleaning and writing stay in the calling process (they depend on the
batches before: duplicates, renamed ids, the files' row order), while the roof planes of pass 1
and the energy, tables and validation of pass 2 run in ``workers`` forked processes
(:func:`default_workers`), at most ``workers + 1`` batches ahead; results are taken strictly
in batch order, so the files are the same, byte for byte, whatever the number of workers
(``workers=0`` runs everything in the calling process). The buildings' geometry stays WKB
from the spill to the GeoPackage (:func:`_gpkg_table`, written with
:func:`pyogrio.raw.write_arrow`).

Memory: one batch (default :data:`~workbench.buildings.stream.DEFAULT_BATCH_SIZE`
features) per process and up to ``workers + 1`` batches of results waiting to be written,
plus 24 bytes per feature of duplicate keys (:mod:`workbench.buildings.seen`).
The files are written atomically; the same input and batch size give the same bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pyogrio
import pyproj
import shapely
from pyogrio.raw import write_arrow

from workbench.buildings.schema import CRS
from workbench.buildings.stream import BuildingStream
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.core import tables as tb
from workbench.core.gdal import gdal_current_date, gdal_options
from workbench.core.outputs import atomic_path, make_dir, write_json
from workbench.core.reproducible import source_date
from workbench.core.staging import temp_folder
from workbench.reference import kommuner as km
from workbench.solar import interannual, outputs, schema
from workbench.solar import totals as tot
from workbench.solar.planes import roof_planes
from workbench.solar.potential import (
    RooftopResult,
    building_sums_table,
    excluded_table,
    kommun_column,
    plane_energy,
    plane_table,
    resolve_weather,
    suitable_keys,
    summary_tables,
    yields_for_keys,
)
from workbench.solar.schema import SYNTHETIC_LABEL
from workbench.weather.timing import timing_summary

GEOMETRY = "geometry_wkb"


def _spill(path: Path, frame: pd.DataFrame) -> None:
    """Write a (Geo)DataFrame to an uncompressed Arrow IPC file (geometry as WKB)."""
    data = pd.DataFrame(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        data = pd.DataFrame(frame.drop(columns=[frame.geometry.name]))
        data[GEOMETRY] = shapely.to_wkb(frame.geometry.to_numpy())
    feather.write_feather(pa.Table.from_pandas(data, preserve_index=False, nthreads=1), path,
                          compression="uncompressed")  # fmt: skip


def _unspill(path: Path) -> pd.DataFrame:
    """Read back :func:`_spill` (a GeoDataFrame in EPSG:3006 when it had geometry)."""
    return _from_spill(feather.read_table(path))


def _joined(paths: list[Path], memory_map: bool = True) -> pa.Table:
    """The Arrow IPC files of a batch's parts as one table (one chunk per column, as if the
    batch had been converted at once; parts whose types differ are converted again)."""
    tables = [feather.read_table(path, memory_map=memory_map) for path in paths]
    if len(tables) == 1:
        return tables[0]
    if all(t.schema.equals(tables[0].schema, check_metadata=True) for t in tables):
        return pa.concat_tables(tables).combine_chunks()
    frame = pd.concat([t.to_pandas() for t in tables], ignore_index=True)  # e.g. all-null text
    return pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)


def _from_spill(table: pa.Table) -> pd.DataFrame:
    """:func:`_unspill` of a table already read."""
    data = table.to_pandas()
    if GEOMETRY not in data.columns:
        return data
    geometry = shapely.from_wkb(data.pop(GEOMETRY).to_numpy())
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)


class _ParquetAppender:
    """A Parquet file written batch by batch (schema of the first batch, snappy)."""

    def __init__(self, path: Path):
        self.path, self.writer = path, None

    def write(self, frame: pd.DataFrame) -> None:
        if self.writer is None:
            self.write_table(pa.Table.from_pandas(frame, preserve_index=False, nthreads=1))
        else:
            table = pa.Table.from_pandas(
                frame, schema=self.writer.schema, preserve_index=False, nthreads=1
            )
            self.writer.write_table(table)

    def write_table(self, table: pa.Table) -> None:
        """Append ``table`` (``pa.Table.from_pandas`` of the batch's frame, as :meth:`write`)."""
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema, compression="snappy")
            self.writer.write_table(table)
            return
        if not table.schema.equals(self.writer.schema, check_metadata=False):
            table = table.cast(self.writer.schema)  # e.g. a text column with no value here
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def default_workers() -> int:
    """Worker processes of :func:`run_stream`: one per core (at most 3; the calling process
    reads, cleans and writes, and waits for them in between), none where processes cannot be
    forked (Windows) or on one core."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(3, cores)


class _InProcess:
    """The pool interface for ``workers=0``: each task runs when it is submitted."""

    def submit(self, fn, *args) -> Future:
        done: Future = Future()
        done.set_result(fn(*args))
        return done


def _worker_start(parent: int) -> None:
    """In each forked worker: end with the parent process (:func:`_end_with`) and a fresh PROJ
    context (no database handle shared with the parent)."""
    _end_with(parent)
    pyproj.datadir.set_data_dir(pyproj.datadir.get_data_dir())


#: Seconds between a worker's checks that the run's process still lives.
PARENT_CHECK_S = 0.5


def _end_with(parent: int) -> None:
    """Exit this worker when process ``parent`` has ended: a run killed by SIGKILL (no
    shutdown of its pool) otherwise left its workers waiting for work forever, orphans holding
    its output pipes open. A daemon thread checks the parent id every :data:`PARENT_CHECK_S`."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _pool(stack: contextlib.ExitStack, workers: int):
    """``workers`` forked processes (started now, before any file is open), or in-process."""
    if workers <= 0:
        return _InProcess()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start, initargs=(os.getpid(),))  # fmt: skip
    stack.callback(pool.shutdown, wait=True, cancel_futures=True)
    for started in [pool.submit(os.getpid) for _ in range(workers)]:
        started.result()
    return pool


class _InOrder:
    """Tasks in a pool whose results are taken in submission order, at most ``ahead`` waiting."""

    def __init__(self, pool, ahead: int, clock: _Clock, parts: int = 1):
        self.pool, self.ahead, self.clock, self.parts = pool, ahead, clock, parts
        self.pending: deque[Future] = deque()

    def submit(self, fn, *args) -> Iterator:
        """Submit a task; yield the results that must be taken before going on."""
        self.pending.append(self.pool.submit(fn, *args))
        while len(self.pending) > self.ahead:
            yield self._next()

    def drain(self) -> Iterator:
        while self.pending:
            yield self._next()

    def _next(self):
        self.clock.reset()
        result, timings = self.pending.popleft().result()
        self.clock.add("wait")  # the calling process idle, waiting for a worker
        self.clock.merge(timings)
        return result


def run_stream(
    kommun,
    out_dir: str | Path,
    buildings: str | Path | BuildingStream,
    *,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
    synthetic: bool = False,
    tables: tuple[str, ...] = outputs.TABLES,
    timings: dict | None = None,
    location_checks: list[dict] | None = None,
    footprint_check: Callable[[np.ndarray], dict] | None = None,
    workers: int | None = None,
) -> RooftopResult:
    """Rooftop potential of a footprint file in batches, written to ``out_dir``.

    Arguments as for :func:`workbench.solar.potential.rooftop_potential` and
    :func:`workbench.solar.outputs.write` (``tables``); ``buildings`` is a file (read in batches
    of :data:`~workbench.buildings.stream.DEFAULT_BATCH_SIZE` features) or a
    :class:`~workbench.buildings.stream.BuildingStream` (layer, CRS, batch size). Returns a result with the summaries, the totals and the reader's report;
    its ``buildings``, ``planes`` and ``excluded`` are empty (they are in the files).
    ``timings``, if given, receives seconds per step (read, clean, planes, yield, write: wall
    and ``_cpu`` seconds summed over the processes that did the step, so with workers they add
    up to more than the run's wall time; ``wait``: the calling process idle);
    ``location_checks`` go into the summary (:func:`workbench.solar.run.checked_inputs`),
    after the result of ``footprint_check`` called with one point per building
    (``shapely.point_on_surface``, collected in pass 1: 16 bytes per building).
    ``workers``: processes beside the calling one (default :func:`default_workers`; 0: none);
    the outputs are the same bytes whatever their number.
    """
    a, system = assumptions or RoofAssumptions(), system or PVSystem()
    k = km.get(kommun) if kommun is not None else None
    weather = resolve_weather(weather, k)
    out = Path(out_dir)
    make_dir(out)
    workers = default_workers() if workers is None else int(workers)
    with contextlib.ExitStack() as stack:
        spill = stack.enter_context(temp_folder(out, "stream"))
        pool = _pool(stack, workers)  # shut down before the spill folder is removed
        clock = _Clock(timings)
        stream = buildings
        if not isinstance(stream, BuildingStream):
            stream = BuildingStream(buildings, min_area_m2=a.min_footprint_area_m2)
        points: list[np.ndarray] | None = [] if footprint_check is not None else None
        # pass 1: each batch cut into one part per worker, two batches ahead; pass 2: whole
        # batches (one validation each), one per worker and one more ahead
        parts = max(1, workers)
        ahead = 2 * parts if workers else 1
        n_batches, keys, kwp = _pass_one(stream, k, a, spill, _InOrder(pool, ahead, clock, parts),
                                         points)  # fmt: skip
        checks = list(location_checks or [])
        if footprint_check is not None:
            xy = np.concatenate(points) if points else np.empty((0, 2))
            checks.insert(0, footprint_check(shapely.points(xy)))
        if timings is not None:
            for key, value in stream.timings.items():
                timings[key] = timings.get(key, 0.0) + value
        clock.reset()
        submit = pool.submit if workers > 0 else None  # one mounting here, the others there
        yields = yields_for_keys(pd.concat(keys, ignore_index=True), weather, system, submit)
        clock.add("yield")
        report = stream.report
        result = RooftopResult(
            buildings=gpd.GeoDataFrame(geometry=[], crs=CRS),
            planes=pd.DataFrame(),
            by_type=pd.DataFrame(),
            by_kommun=pd.DataFrame(),
            monthly=pd.DataFrame(),
            excluded=gpd.GeoDataFrame(geometry=[], crs=CRS),
            kommun=k,
            reader_report=dict(report),
            weather_source=weather.attrs.get("source", "weather frame"),
            weather_timing=timing_summary(weather),
            synthetic=bool(synthetic),
            location_checks=checks,
            orientation_kwp=kwp,
        )
        _pass_two(result, n_batches, yields, a, spill, out, tables,
                  _InOrder(pool, workers + 1, clock), rows=stream.batch_size)  # fmt: skip
    return result


class _Clock:
    """Wall seconds per step into ``timings[step]``, CPU seconds (this process) into
    ``timings[step + "_cpu"]`` (nothing when ``timings`` is None)."""

    def __init__(self, timings: dict | None):
        self.timings = timings
        self.reset()

    def reset(self) -> None:
        self.t, self.cpu = time.perf_counter(), time.process_time()

    def add(self, step: str) -> None:
        t, cpu = time.perf_counter(), time.process_time()
        self.merge({step: t - self.t, f"{step}_cpu": cpu - self.cpu})
        self.t, self.cpu = t, cpu

    def merge(self, seconds: dict) -> None:
        """Add ``seconds`` by step (e.g. a worker's)."""
        if self.timings is not None:
            for key, value in seconds.items():
                self.timings[key] = self.timings.get(key, 0.0) + value


def _spill_name(spill: Path, kind: str, i: int) -> Path:
    return spill / f"{kind}_{i:06d}.arrow"


def _pass_one(stream, k, a, spill: Path, tasks: _InOrder, points) -> tuple[int, list, pd.DataFrame]:
    """Clean every batch here, its roof planes in a worker; spill buildings, planes, centroids
    and excluded features; collect the orientation keys and the kWp per orientation."""
    clock = tasks.clock
    keys, kwp, n = [], [], 0
    for part in stream:
        clock.reset()  # reading and cleaning: stream.timings
        b = part.buildings
        b["kommun_id_scb"] = kommun_column(b, k)
        if points is not None:  # only for the footprint check (16 bytes per building)
            points.append(shapely.get_coordinates(shapely.point_on_surface(b.geometry.to_numpy())))
        _spill(_spill_name(spill, "buildings", n), b)
        _spill(_spill_name(spill, "excluded", n), part.excluded)
        clock.add("write")
        for part_of in _parts(len(b), tasks.parts):
            for batch_keys, batch_kwp in tasks.submit(_planes_task, spill, n, part_of, a):
                keys.append(batch_keys)
                kwp.append(batch_kwp)
        n += 1
    for batch_keys, batch_kwp in tasks.drain():
        keys.append(batch_keys)
        kwp.append(batch_kwp)
    return n, keys, interannual.add_capacities(kwp)


def _parts(n: int, parts: int) -> list[tuple[int, int, int]]:
    """``(part, start, stop)`` of the rows ``0..n`` cut into ``parts`` (the last ones larger)."""
    bounds = [n * j // parts for j in range(parts + 1)]
    return [(j, bounds[j], bounds[j + 1]) for j in range(parts)]


def _rows(path: Path, part_of: tuple[int, int, int]) -> pa.Table:
    """Rows ``start..stop`` of a spilled table (memory-mapped: only those rows are read)."""
    _, start, stop = part_of
    return feather.read_table(path, memory_map=True).slice(start, stop - start)


def _planes_task(spill: Path, i: int, part_of: tuple, a: RoofAssumptions) -> tuple[tuple, dict]:
    """Pass 1 in a worker: roof planes and centroids of part ``part_of`` (part, first and end
    row) of batch ``i``; its orientation keys and kWp per orientation
    (:func:`workbench.solar.interannual.orientation_sums`).

    Every batch is cut into one part per worker, so that no core waits for one worker's last
    batch; roof planes are computed building by building, so the parts give the batch's rows.
    """
    seconds: dict = {}
    clock = _Clock(seconds)
    b = _from_spill(_rows(_spill_name(spill, "buildings", i), part_of))
    name = f"{i:06d}_{part_of[0]:02d}"
    planes = roof_planes(b, a)
    keys = suitable_keys(planes, a.azimuth_resolution_deg)
    kwp = interannual.orientation_sums(planes, a.azimuth_resolution_deg)
    clock.add("planes")
    _spill(spill / f"planes_{name}.arrow", planes)
    centroids = shapely.centroid(b.geometry.to_numpy())  # for the buildings table
    xy = pa.table(
        {"centroid_e_m": shapely.get_x(centroids), "centroid_n_m": shapely.get_y(centroids)}
    )
    feather.write_feather(xy, spill / f"centroids_{name}.arrow", compression="uncompressed")
    clock.add("write")
    return (keys, kwp), seconds


_POLYGON_WKB = b"\x01\x03\x00\x00\x00"  # little-endian 2D Polygon
_MULTI_WKB = b"\x01\x06\x00\x00\x00"  # little-endian 2D MultiPolygon
_MULTI_OF_ONE = _MULTI_WKB + b"\x01\x00\x00\x00"  # ... of one polygon


def _multi_wkb(wkb: np.ndarray) -> tuple[np.ndarray, str]:
    """Polygons as one-part MultiPolygons (WKB) and the layer's geometry type, as
    ``pyogrio.write_dataframe(..., promote_to_multi=True)`` makes them for its Arrow writer.

    2D little-endian WKB (what shapely writes here) is rewritten by its header: a MultiPolygon
    of one polygon is its header, the count 1 and the polygon's bytes; anything else goes
    through shapely as pyogrio does.
    """
    if not len(wkb):
        return wkb, "Unknown"
    heads = {w[:5] for w in wkb}
    if heads <= {_POLYGON_WKB, _MULTI_WKB}:
        out = np.array([_MULTI_OF_ONE + w if w[:5] == _POLYGON_WKB else w for w in wkb],
                       dtype=object)  # fmt: skip
        return out, "MultiPolygon"
    geoms = shapely.from_wkb(wkb)
    kinds = set(shapely.get_type_id(geoms).tolist())
    if not kinds <= {3, 6}:
        raise ValueError(f"building footprints must be polygons, got geometry types {kinds}")
    polygons = shapely.get_type_id(geoms) == 3
    geoms[polygons] = shapely.multipolygons(np.atleast_2d(geoms[polygons]), axis=0)
    z = " Z" if shapely.has_z(geoms).any() else ""
    return np.asarray(shapely.to_wkb(geoms), dtype=object), f"MultiPolygon{z}"


def _gpkg_table(frame: pd.DataFrame, wkb: np.ndarray, at: int) -> tuple[pa.Table, str]:
    """The Arrow table ``pyogrio.write_dataframe(gpkg_frame(gdf), use_arrow=True,
    promote_to_multi=True)`` writes for the buildings with attributes ``frame`` and WKB
    geometry ``wkb`` (column ``geometry`` at position ``at``), and its geometry type.

    Numbers, booleans and text go to Arrow column by column (the same arrays, without the
    Python objects of :func:`~workbench.solar.outputs.gpkg_frame`); other dtypes the way
    pyogrio takes them.
    """
    multi, geometry_type = _multi_wkb(wkb)
    arrays = [_gpkg_array(frame[name]) for name in frame.columns]
    if all(a is not None for a in arrays):
        arrays.insert(at, pa.array(multi, type=pa.binary()))
        names = [*frame.columns[:at], "geometry", *frame.columns[at:]]
        return pa.table(arrays, names=[str(n) for n in names]), geometry_type
    df = outputs.gpkg_frame(frame)
    for name, dtype in df.dtypes.items():  # pyogrio's checks of object columns
        if dtype == "object" and pd.api.types.infer_dtype(df[name]) != "string":
            if pd.api.types.infer_dtype(df[name]) == "datetime":
                raise ValueError(f"column {name!r}: datetimes are not written by this path")
            try:
                pa.Schema.from_pandas(df[[name]])
            except pa.ArrowInvalid:
                df[name] = df[name].astype("string")
    df.insert(at, "geometry", multi)
    table = pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
    for index, field in enumerate(table.schema):  # GDAL has no Arrow null type
        if pa.types.is_null(field.type):
            table = table.set_column(index, field.with_type(pa.string()),
                                     table[index].cast(pa.string()))  # fmt: skip
    geom = table.schema.field("geometry")
    if not (pa.types.is_binary(geom.type) or pa.types.is_large_binary(geom.type)):
        index = table.schema.get_field_index("geometry")
        table = table.set_column(index, geom.with_type(pa.binary()),
                                 table["geometry"].cast(pa.binary()))  # fmt: skip
    return table, geometry_type


def _gpkg_array(column: pd.Series) -> pa.Array | None:
    """``column`` as :func:`_gpkg_table` writes it (None: not a dtype handled here)."""
    dtype = column.dtype
    if isinstance(dtype, pd.BooleanDtype):  # GeoPackage booleans cannot hold nulls
        return pa.array(column.astype("float64").to_numpy(), from_pandas=True)
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return pa.chunked_array(pa.Array.from_pandas(column)).combine_chunks().cast(pa.string())
    if dtype in (np.float64, np.int64, np.bool_):
        return pa.array(column.to_numpy(), from_pandas=True)
    return None


def _energy_task(spill: Path, i: int, yields, a, synthetic: bool, tables) -> tuple[dict, dict]:
    """Pass 2 in a worker: energy per plane and building of batch ``i`` (its pass-1 parts put
    together), its exact sums, the GeoPackage layer and the validated Parquet tables as Arrow
    tables."""
    seconds: dict = {}
    clock = _Clock(seconds)
    name = f"{i:06d}"
    data = feather.read_table(_spill_name(spill, "buildings", i), memory_map=True).to_pandas()
    wkb = data.pop(GEOMETRY).to_numpy()
    planes = _from_spill(_joined(sorted(spill.glob(f"planes_{name}_*.arrow"))))
    planes = plane_energy(planes, yields, a)
    per_building = building_sums_table(data, planes, a)
    at = len(per_building.columns)  # the geometry's place: data_origin comes after it
    if synthetic:
        per_building["data_origin"] = SYNTHETIC_LABEL
    sums = tot.building_sums(per_building)
    months = tot.monthly_sums(per_building, planes)
    clock.add("yield")
    tb.check_layer(schema.BUILDINGS, per_building)
    layer, geometry_type = _gpkg_table(per_building, wkb, at)
    frames = {}
    if "buildings" in tables:
        table = per_building.reset_index(drop=True)
        xy = _joined(sorted(spill.glob(f"centroids_{name}_*.arrow")))
        for column in ("centroid_e_m", "centroid_n_m"):
            table[column] = xy.column(column).to_numpy()
        frames["buildings"] = table
    if "planes" in tables:
        frames["planes"] = plane_table(planes)
    tb.validate_all([(outputs.BY_NAME[t], f) for t, f in frames.items()])
    arrow = {"layer": layer} | {t: pa.Table.from_pandas(f, preserve_index=False, nthreads=1)
                                for t, f in frames.items()}  # fmt: skip
    # handed over as Arrow IPC files (memory-mapped by the writer): no pickling through a pipe
    paths = {t: spill / f"out_{t}_{name}.arrow" for t in arrow}
    for t, table in arrow.items():
        feather.write_feather(table, paths[t], compression="uncompressed")
    clock.add("write")
    return {"paths": paths, "geometry_type": geometry_type, "sums": sums, "months": months}, seconds


class _Writers:
    """The GeoPackage layers and the Parquet files of one run, appended batch by batch."""

    LAYERS = {"buildings": schema.BUILDINGS, "excluded": schema.EXCLUDED}

    def __init__(self, stack: contextlib.ExitStack, out: Path, tables):
        stack.enter_context(gdal_current_date(source_date()))
        # no fsync per transaction: the file is a temporary one until it is complete (the same
        # bytes; measured 200,000 buildings: 0.5 s less wall time)
        stack.enter_context(gdal_options(OGR_SQLITE_SYNCHRONOUS="OFF"))
        self.gpkg = stack.enter_context(atomic_path(out / outputs.GPKG_NAME))
        self.files: dict[str, _ParquetAppender] = {}
        for name in ("buildings", "planes", "excluded"):
            if name in tables:
                path = stack.enter_context(atomic_path(out / outputs.BY_NAME[name].file("parquet")))
                self.files[name] = _ParquetAppender(path)
                stack.callback(self.files[name].close)
        self.created: set[str] = set()
        epsg = pyproj.CRS.from_user_input(CRS).to_epsg()
        self.crs = f"EPSG:{epsg}"  # as pyogrio.write_dataframe names it

    def layer(self, name: str, frame: gpd.GeoDataFrame, last: bool, **create) -> None:
        """Create the layer with the first non-empty batch (or the last one), then append."""
        table = self.LAYERS[name]
        tb.check_layer(table, frame)
        common = {"layer": table.gpkg.layer, "driver": "GPKG", "use_arrow": True}
        if name not in self.created and (len(frame) or last):
            pyogrio.write_dataframe(outputs.gpkg_frame(frame), self.gpkg, **common, **create)
            self.created.add(name)
        elif name in self.created and len(frame):
            pyogrio.write_dataframe(outputs.gpkg_frame(frame), self.gpkg, **common, append=True,
                                    promote_to_multi=create.get("promote_to_multi"))  # fmt: skip

    def tables(self, frames: dict[str, pd.DataFrame]) -> None:
        """Validate and append the batch's attribute tables that are written."""
        chosen = {t: f for t, f in frames.items() if t in self.files}
        tb.validate_all([(outputs.BY_NAME[t], f) for t, f in chosen.items()])
        for t, f in chosen.items():
            self.files[t].write(f)


class _BatchWriter:
    """Pass-2 results taken in order: the exact sums added, the Parquet tables appended in a
    thread (pyarrow encodes without the GIL; each file by that one thread, in batch order), and
    the batch's GeoPackage rows handed on (:meth:`add` yields them, :func:`_stream_layer`)."""

    def __init__(self, writers: _Writers, sums, months, tasks: _InOrder,
                 thread: ThreadPoolExecutor):  # fmt: skip
        self.writers, self.sums, self.months, self.tasks = writers, sums, months, tasks
        self.thread = thread
        self.waiting: list[dict] = []  # the parts of the batch being put together
        self.pending: deque[Future] = deque()  # Parquet appends not yet done

    def add(self, part: dict) -> Iterator[tuple[pa.Table, str]]:
        """Take one result; yield the batch's layer table and geometry type once complete."""
        clock = self.tasks.clock
        clock.reset()
        self.sums.update(part["sums"])  # exact: the same totals in any grouping
        self.months.update(part["months"])
        self.waiting.append(part)
        if len(self.waiting) < self.tasks.parts:
            clock.add("write")
            return
        parts, self.waiting = self.waiting, []
        layer_paths = [p["paths"]["layer"] for p in parts]
        layer = _joined(layer_paths, memory_map=False)  # a copy: the file can go now
        for path in layer_paths:
            path.unlink()
        types = {p["geometry_type"] for p in parts} - {"Unknown"}
        geometry_type = max(types, key=len) if types else "Unknown"  # " Z" if any part has Z
        tables = {t: [p["paths"][t] for p in parts] for t in parts[0]["paths"] if t != "layer"}
        self.pending.append(self.thread.submit(self._tables, tables))
        while self.pending and (self.pending[0].done() or len(self.pending) > 2):
            self.pending.popleft().result()  # an error in the thread is raised here
        clock.add("write")
        yield layer, geometry_type

    def _tables(self, tables: dict[str, list[Path]]) -> None:
        for t, paths in tables.items():
            self.writers.files[t].write_table(_joined(paths))
            for path in paths:
                path.unlink()

    def finish(self) -> None:
        """Wait for the Parquet appends (and raise their error, if any)."""
        while self.pending:
            self.pending.popleft().result()


def _stream_layer(writers: _Writers, layers: Iterator[tuple[pa.Table, str]], clock: _Clock,
                  create: dict) -> None:  # fmt: skip
    """The buildings layer in one :func:`pyogrio.raw.write_arrow` call fed batch by batch as
    ``layers`` come (appending batch by batch costs GDAL ~0.14 s per append, the spatial index
    growing row by row). The layer takes the schema and geometry type of the first batch with
    buildings (the last batch if none has); later batches are cast to that schema."""
    first, geometry_type = None, "Unknown"
    for item in layers:
        first, geometry_type = item
        if first.num_rows:
            break
    if first is None:
        raise RuntimeError("no batch of buildings to write")
    failed: list[BaseException] = []
    inside = [0.0, 0.0]  # wall, CPU spent pulling batches (counted by the steps already)

    def batches() -> Iterator[pa.RecordBatch]:
        yield from first.to_batches()
        try:
            while True:
                t, cpu = time.perf_counter(), time.process_time()
                item = next(layers, None)
                inside[0] += time.perf_counter() - t
                inside[1] += time.process_time() - cpu
                if item is None:
                    return
                table = item[0]
                if table.num_rows:
                    if not table.schema.equals(first.schema):
                        table = table.cast(first.schema)
                    yield from table.to_batches()
        except BaseException as exc:  # raised again below, not lost in GDAL's stream
            failed.append(exc)

    clock.reset()
    reader = pa.RecordBatchReader.from_batches(first.schema, batches())
    common = {"layer": writers.LAYERS["buildings"].gpkg.layer, "driver": "GPKG",
              "geometry_name": "geometry", "geometry_type": geometry_type, "crs": writers.crs}  # fmt: skip
    try:
        write_arrow(reader, writers.gpkg, **common, **create)
    finally:
        if failed:
            raise failed[0]
    writers.created.add("buildings")
    clock.t += inside[0]  # the GDAL time only
    clock.cpu += inside[1]
    clock.add("write")


def _excluded_groups(spill: Path, n: int, rows: int) -> Iterator[tuple[bool, gpd.GeoDataFrame]]:
    """The excluded features of consecutive batches, about ``rows`` at a time (one append and
    one validation per group, not per batch: most batches exclude few features), and whether
    the group holds the last batch."""
    group: list[gpd.GeoDataFrame] = []
    for i in range(n):
        group.append(_unspill(_spill_name(spill, "excluded", i)))
        if i == n - 1 or sum(len(g) for g in group) >= rows:
            yield i == n - 1, group[0] if len(group) == 1 else pd.concat(group, ignore_index=True)
            group = []


def _pass_two(result, n: int, yields, a, spill: Path, out: Path, tables, tasks: _InOrder, *,
              rows: int) -> None:  # fmt: skip
    """Energy per batch in the workers, appended to the files here in batch order; totals and
    summaries at the end."""
    clock = tasks.clock
    report = result.reader_report
    origin, metadata = outputs.gpkg_metadata(
        {
            "is_synthetic": result.synthetic,
            "source": Path(report["source"]).name,
            **{key: report[key] for key in ("n_input", "n_included", "n_excluded")},
        }
    )
    # layer metadata, as solar.outputs (dataset metadata would go to a .aux.xml on read)
    create = {"layer_metadata": {**metadata, "description": f"{schema.BUILDINGS.gpkg.description} "
                                                            f"{origin}"}}  # fmt: skip
    sums = tot.GroupSums(tot.KEYS, tot.BUILDING_SUM_COLUMNS)
    months = tot.GroupSums(tot.KEYS, tot.MONTH_KWH)
    with contextlib.ExitStack() as stack:
        writers = _Writers(stack, out, tables)
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet")
        stack.callback(thread.shutdown, wait=True)  # before the Parquet files are closed
        batches = _BatchWriter(writers, sums, months, tasks, thread)

        def layers() -> Iterator[tuple[pa.Table, str]]:
            for i in range(n):
                for part in tasks.submit(_energy_task, spill, i, yields, a, result.synthetic,
                                         tables):  # fmt: skip
                    yield from batches.add(part)
            for part in tasks.drain():
                yield from batches.add(part)

        _stream_layer(writers, layers(), clock, create)
        batches.finish()
        clock.reset()
        for last, excluded in _excluded_groups(spill, n, rows):
            writers.layer("excluded", excluded, last, geometry_type="Unknown",
                          layer_metadata={"description": schema.EXCLUDED.gpkg.description})  # fmt: skip
            writers.tables({"excluded": excluded_table(excluded)})
        result.totals = sums
        result.by_type = tot.summary_table(sums, tot.KEYS)
        result.by_kommun = tot.summary_table(sums, ["kommun_id_scb"])
        result.monthly = tot.monthly_long(months)
        summary = result.summary
        schema.SUMMARY.check(summary, schema.PART)
        rest = {t: f for t, f in summary_tables(result).items() if t in tables}
        tb.validate_all([(outputs.BY_NAME[t], f) for t, f in rest.items()])
    for t, f in rest.items():
        tb.write(outputs.BY_NAME[t], f, out, validate=False)
    write_json(out / "summary.json", summary)
    clock.add("write")
