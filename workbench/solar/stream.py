"""The rooftop stage in bounded memory: footprints in batches, outputs appended batch by batch.

:func:`run_stream` writes the same files as :func:`workbench.solar.run.run` (``solar.gpkg``,
the Parquet tables, ``summary.json``) with the same rows and numbers, but never holds more
than one batch of buildings:

1. **Pass 1, per batch** (:class:`workbench.buildings.stream.BuildingStream`): read, clean
   (duplicates and renamed ids against all earlier batches), roof planes
   (:func:`~workbench.solar.planes.roof_planes`, row-wise). The distinct rounded
   orientations of the suitable planes are collected; buildings, planes and excluded
   features are spilled to Arrow IPC files in a temporary folder beside the outputs.
2. **Yields, once**: the PV engine for the orientations of *all* batches
   (:func:`~workbench.solar.potential.yields_for_keys`), exactly the set the in-memory path
   computes, so every plane gets the identical specific yield (the engine's method depends
   on the number of orientations, so this cannot be done batch by batch).
3. **Pass 2, per batch**: energy per plane and building, appended to ``solar.gpkg`` and the
   Parquet files (:class:`pyarrow.parquet.ParquetWriter`); totals by municipality and
   building type added up exactly (:mod:`workbench.solar.totals`), so they equal the
   in-memory totals bit for bit whatever the batch size.

Memory: one batch (default :data:`~workbench.buildings.stream.DEFAULT_BATCH_SIZE`
features) plus 24 bytes per feature of duplicate keys (:mod:`workbench.buildings.seen`).
The files are written atomically; the same input and batch size give the same bytes.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pyogrio
import shapely

from workbench.buildings.schema import CRS
from workbench.buildings.stream import BuildingStream
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.core import tables as tb
from workbench.core.gdal import gdal_current_date
from workbench.core.outputs import atomic_path, make_dir, write_json
from workbench.core.reproducible import source_date
from workbench.reference import kommuner as km
from workbench.solar import outputs, schema
from workbench.solar import totals as tot
from workbench.solar.planes import roof_planes
from workbench.solar.potential import (
    RooftopResult,
    building_potential,
    building_table,
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
    feather.write_feather(pa.Table.from_pandas(data, preserve_index=False), path,
                          compression="uncompressed")  # fmt: skip


def _unspill(path: Path) -> pd.DataFrame:
    """Read back :func:`_spill` (a GeoDataFrame in EPSG:3006 when it had geometry)."""
    data = feather.read_table(path).to_pandas()
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
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self.writer = pq.ParquetWriter(self.path, table.schema, compression="snappy")
        else:
            table = pa.Table.from_pandas(frame, schema=self.writer.schema, preserve_index=False)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


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
) -> RooftopResult:
    """Rooftop potential of a footprint file in batches, written to ``out_dir``.

    Arguments as for :func:`workbench.solar.potential.rooftop_potential` and
    :func:`workbench.solar.outputs.write` (``tables``); ``buildings`` is a file (read in batches
    of :data:`~workbench.buildings.stream.DEFAULT_BATCH_SIZE` features) or a
    :class:`~workbench.buildings.stream.BuildingStream` (layer, CRS, batch size). Returns a result with the summaries, the totals and the reader's report;
    its ``buildings``, ``planes`` and ``excluded`` are empty (they are in the files).
    ``timings``, if given, receives seconds per step (read, clean, planes, yield, write);
    ``location_checks`` go into the summary (:func:`workbench.solar.run.checked_inputs`),
    after the result of ``footprint_check`` called with one point per building
    (``shapely.point_on_surface``, collected in pass 1: 16 bytes per building).
    """
    a, system = assumptions or RoofAssumptions(), system or PVSystem()
    k = km.get(kommun) if kommun is not None else None
    weather = resolve_weather(weather, k)
    out = Path(out_dir)
    make_dir(out)
    with tempfile.TemporaryDirectory(prefix=".stream_", dir=out) as tmp:
        spill = Path(tmp)
        stream = buildings
        if not isinstance(stream, BuildingStream):
            stream = BuildingStream(buildings, min_area_m2=a.min_footprint_area_m2)
        points: list[np.ndarray] | None = [] if footprint_check is not None else None
        n_batches, keys = _pass_one(stream, k, a, spill, timings, points)
        checks = list(location_checks or [])
        if footprint_check is not None:
            xy = np.concatenate(points) if points else np.empty((0, 2))
            checks.insert(0, footprint_check(shapely.points(xy)))
        if timings is not None:
            timings.update(stream.timings)
        clock = _Clock(timings)
        yields = yields_for_keys(pd.concat(keys, ignore_index=True), weather, system)
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
        )
        _pass_two(result, n_batches, yields, a, spill, out, tables, clock)
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
        if self.timings is not None:
            self.timings[step] = self.timings.get(step, 0.0) + t - self.t
            key = f"{step}_cpu"
            self.timings[key] = self.timings.get(key, 0.0) + cpu - self.cpu
        self.t, self.cpu = t, cpu


def _pass_one(stream, k, a, spill: Path, timings, points) -> tuple[int, list[pd.DataFrame]]:
    """Clean and plane every batch; spill buildings, planes and excluded; collect the keys."""
    clock = _Clock(timings)
    keys, n = [], 0
    for part in stream:
        clock.reset()  # reading and cleaning: stream.timings
        b = part.buildings
        b["kommun_id_scb"] = kommun_column(b, k)
        if points is not None:  # only for the footprint check (16 bytes per building)
            points.append(shapely.get_coordinates(shapely.point_on_surface(b.geometry.to_numpy())))
        planes = roof_planes(b, a)
        keys.append(suitable_keys(planes, a.azimuth_resolution_deg))
        clock.add("planes")
        _spill(spill / f"buildings_{n:06d}.arrow", b)
        _spill(spill / f"planes_{n:06d}.arrow", planes)
        _spill(spill / f"excluded_{n:06d}.arrow", part.excluded)
        clock.add("write")
        n += 1
    return n, keys


class _Writers:
    """The GeoPackage layers and the Parquet files of one run, appended batch by batch."""

    LAYERS = {"buildings": schema.BUILDINGS, "excluded": schema.EXCLUDED}

    def __init__(self, stack: contextlib.ExitStack, out: Path, tables):
        stack.enter_context(gdal_current_date(source_date()))
        self.gpkg = stack.enter_context(atomic_path(out / outputs.GPKG_NAME))
        self.files: dict[str, _ParquetAppender] = {}
        for name in ("buildings", "planes", "excluded"):
            if name in tables:
                path = stack.enter_context(atomic_path(out / outputs.BY_NAME[name].file("parquet")))
                self.files[name] = _ParquetAppender(path)
                stack.callback(self.files[name].close)
        self.created: set[str] = set()

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


def _pass_two(result, n: int, yields, a, spill: Path, out: Path, tables, clock) -> None:
    """Energy per batch, appended to the files; totals and summaries at the end."""
    report = result.reader_report
    origin, metadata = outputs.gpkg_metadata(
        {
            "is_synthetic": result.synthetic,
            "source": Path(report["source"]).name,
            **{key: report[key] for key in ("n_input", "n_included", "n_excluded")},
        }
    )
    sums = tot.GroupSums(tot.KEYS, tot.BUILDING_SUM_COLUMNS)
    months = tot.GroupSums(tot.KEYS, tot.MONTH_KWH)
    with contextlib.ExitStack() as stack:
        writers = _Writers(stack, out, tables)
        for i in range(n):
            b = _unspill(spill / f"buildings_{i:06d}.arrow")
            planes = plane_energy(_unspill(spill / f"planes_{i:06d}.arrow"), yields, a)
            per_building = building_potential(b, planes, a)
            if result.synthetic:
                per_building["data_origin"] = SYNTHETIC_LABEL
            tot.building_sums(per_building, sums)
            tot.monthly_sums(per_building, planes, months)
            clock.add("yield")
            # layer metadata, as solar.outputs (dataset metadata would go to a .aux.xml on read)
            writers.layer("buildings", per_building, i == n - 1,
                          layer_metadata={**metadata,
                                          "description": f"{schema.BUILDINGS.gpkg.description} "
                                                         f"{origin}"},
                          promote_to_multi=True)  # fmt: skip
            writers.tables(
                {"buildings": building_table(per_building), "planes": plane_table(planes)}
            )
            clock.add("write")
        for i in range(n):
            excluded = _unspill(spill / f"excluded_{i:06d}.arrow")
            writers.layer("excluded", excluded, i == n - 1, geometry_type="Unknown",
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
