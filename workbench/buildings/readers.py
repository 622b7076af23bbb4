"""Raw reading of footprint files: attributes plus undecoded WKB, one row per feature.

Geometries are kept as WKB so that a broken ring in one feature cannot fail the
whole read (a plain ``geopandas.read_file`` of the clipped OSM extracts does);
:mod:`workbench.buildings.clean` decodes them feature by feature. The number of
rows is checked against the layer's own feature count so no feature can vanish.

Formats: GeoPackage, GeoJSON, Shapefile and OSM ``.osm.pbf`` via pyogrio (GDAL);
GeoParquet via pyarrow because this GDAL build has no Parquet driver.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pyproj
import shapely

from workbench.core.boundary import reading
from workbench.core.errors import InputError, Problem
from workbench.core.gdal import no_aux_files

OSM_LAYER = "multipolygons"
#: Names of building polygon layers, lower case (Lantmäteriet: GEODOK "Tema byggnadsverk").
BUILDING_LAYERS = frozenset({"byggnad", "byggnader", "buildings", "building", OSM_LAYER})
#: Fields that only building layers carry (Lantmäteriet, OSM, the workbench schema).
BUILDING_FIELDS = frozenset(
    {
        "andamal1",
        "andamal_1",
        "andamal_1t",
        "huvudbyggnad",
        "huvudbyggn",
        "building",
        "building_type",
    }
)
FORMATS = {
    ".gpkg": "GeoPackage",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".shp": "Shapefile",
    ".parquet": "GeoParquet",
    ".geoparquet": "GeoParquet",
    ".pbf": "OSM PBF",
    ".osm": "OSM XML",
}


@dataclass
class RawFeatures:
    """What a reader returns: attributes and WKB per feature, the CRS, provenance."""

    attributes: pd.DataFrame
    wkb: np.ndarray  # object array of bytes or None, one per feature
    crs: pyproj.CRS | None
    path: Path
    format: str
    layer: str | None
    n_declared: int | None
    warnings: list[str] = field(default_factory=list)


def file_format(path: Path) -> str:
    """Format name from the file name; raises :class:`InputError` for unknown suffixes."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            [
                Problem(
                    str(path),
                    "a footprint file with suffix " + ", ".join(sorted(FORMATS)),
                    value=suffix,
                )
            ]
        )
    return FORMATS[suffix]


def read_raw(path: str | Path, layer: str | None = None) -> RawFeatures:
    """Read every feature of ``path`` (``layer`` for multi-layer files) without decoding geometry."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: buildings file not found")
    fmt = file_format(path)
    _check_not_empty(path, fmt)
    with reading(path, f"a readable {fmt} file with building footprints"):
        if fmt == "GeoParquet":
            return _read_geoparquet(path)
        with no_aux_files():
            if fmt.startswith("OSM"):
                layer = layer or OSM_LAYER
            elif layer is None:
                layer = choose_layer(path)
            else:
                check_layer(path, layer)
            return _read_ogr(path, layer, fmt)


def _check_not_empty(path: Path, fmt: str) -> None:
    if path.is_file() and path.stat().st_size == 0:
        raise InputError([Problem(str(path), f"a {fmt} file with building footprints",
                                  value="an empty file (0 bytes)")])  # fmt: skip


def check_layer(path: Path, layer: str) -> None:
    """Raise :class:`InputError` listing the file's layers unless it has ``layer``."""
    names = [str(name) for name, _ in pyogrio.list_layers(path)]
    if layer not in names:
        raise InputError([Problem(str(path), f"--layer naming one of its layers: {', '.join(names)}",
                                  value=layer)], summary=f"{path}: no layer {layer!r}")  # fmt: skip


def choose_layer(path: Path) -> str | None:
    """The building layer of a multi-layer file; ``None`` for a single-layer file.

    In order: the polygon layer named like a building layer (Lantmäteriet's ``byggnad``,
    :data:`BUILDING_LAYERS`); the polygon layer whose fields are building attributes
    (:data:`BUILDING_FIELDS`); the only polygon layer, unless it carries Lantmäteriet's
    ``objekttyp`` without building fields (e.g. ``anlaggningsomrade``, facility areas).
    Anything else is an error listing the layers: pass ``layer=`` to choose.
    """
    layers = [(str(name), str(kind)) for name, kind in pyogrio.list_layers(path)]
    if len(layers) <= 1:
        return None
    polygonal = [name for name, kind in layers if "Polygon" in kind]
    fields = {n: {f.lower() for f in pyogrio.read_info(path, layer=n)["fields"]} for n in polygonal}
    by_name = [n for n in polygonal if n.lower() in BUILDING_LAYERS]
    by_fields = [n for n in polygonal if fields[n] & BUILDING_FIELDS]
    for candidates in (by_name, by_fields):
        if len(candidates) == 1:
            return candidates[0]
    if len(polygonal) == 1 and not by_fields and "objekttyp" not in fields[polygonal[0]]:
        return polygonal[0]
    listed = ", ".join(f"{name} ({kind})" for name, kind in layers)
    if not by_name and not by_fields:
        raise InputError(
            [
                Problem(
                    str(path),
                    "a polygon layer of building footprints (Lantmäteriet's Byggnad Nedladdning, "
                    "vektor: layer 'byggnad'); name it with --layer if it has another name",
                    value=f"layers {listed}",
                )
            ],
            summary="The file has no building layer",
        )
    raise InputError(
        [Problem(str(path), f"layer=... naming one of its layers: {listed}", value="no layer")],
        summary="The file has several layers",
    )


def _read_ogr(path: Path, layer: str | None, fmt: str) -> RawFeatures:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        info = pyogrio.read_info(path, layer=layer, force_feature_count=True)
        meta, table = pyogrio.read_arrow(path, layer=layer)
    geom_name = meta["geometry_name"] or "wkb_geometry"
    if geom_name not in table.column_names:
        raise InputError([Problem(str(path), "a layer with a geometry column", value=layer)])
    wkb = np.asarray(table.column(geom_name).to_numpy(zero_copy_only=False), dtype=object)
    attrs = table.drop_columns([geom_name]).to_pandas(ignore_metadata=True)
    crs = pyproj.CRS.from_user_input(meta["crs"]) if meta.get("crs") else None
    messages = sorted({str(w.message) for w in caught if "read_all" not in str(w.message)})
    return RawFeatures(
        attributes=attrs,
        wkb=wkb,
        crs=crs,
        path=path,
        format=fmt,
        layer=layer or info.get("layer_name"),
        n_declared=int(info["features"]) if info.get("features", -1) >= 0 else None,
        warnings=messages,
    )


def _read_geoparquet(path: Path) -> RawFeatures:
    pf = pq.ParquetFile(path)
    column, crs = _geoparquet_column(path, pf)
    table = pf.read()
    wkb = np.asarray(table.column(column).to_numpy(zero_copy_only=False), dtype=object)
    attrs = table.drop_columns([column]).to_pandas(ignore_metadata=True)
    return RawFeatures(
        attributes=attrs,
        wkb=wkb,
        crs=crs,
        path=path,
        format="GeoParquet",
        layer=None,
        n_declared=pf.metadata.num_rows,
    )


def count_features(path: Path, layer: str | None = None) -> int | None:
    """The layer's declared feature count without reading it (``None`` when unknown, e.g. OSM)."""
    fmt = file_format(path)
    _check_not_empty(path, fmt)
    with reading(path, f"a readable {fmt} file with building footprints"):
        if fmt == "GeoParquet":
            return pq.ParquetFile(path).metadata.num_rows
        if fmt.startswith("OSM"):
            return None
        with no_aux_files():
            if layer is None:
                layer = choose_layer(path)
            else:
                check_layer(path, layer)
            n = pyogrio.read_info(path, layer=layer).get("features", -1)
    return int(n) if n is not None and n >= 0 else None


def iter_raw(
    path: str | Path, layer: str | None = None, batch_size: int = 100_000
) -> Iterator[RawFeatures]:
    """:func:`read_raw` in batches of at most ``batch_size`` features, in file order.

    GeoPackage, GeoJSON, Shapefile and OSM files are read as Arrow batches through GDAL
    (:func:`pyogrio.open_arrow`), GeoParquet as Arrow batches of its row groups
    (:meth:`pyarrow.parquet.ParquetFile.iter_batches`); only one batch is in memory at a
    time. Every batch carries the layer's declared feature count in ``n_declared`` (the
    total, for the check after the last batch) and the reader's warnings so far.
    A file without features yields one empty batch.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: buildings file not found")
    fmt = file_format(path)
    _check_not_empty(path, fmt)
    with reading(path, f"a readable {fmt} file with building footprints"):
        if fmt == "GeoParquet":
            yield from _iter_geoparquet(path, batch_size)
            return
        with no_aux_files():
            if fmt.startswith("OSM"):
                layer = layer or OSM_LAYER
            elif layer is None:
                layer = choose_layer(path)
            else:
                check_layer(path, layer)
            yield from _iter_ogr(path, layer, fmt, batch_size)


def _iter_ogr(path: Path, layer: str | None, fmt: str, batch_size: int) -> Iterator[RawFeatures]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        info = pyogrio.read_info(path, layer=layer, force_feature_count=True)
        with pyogrio.open_arrow(path, layer=layer, batch_size=batch_size, use_pyarrow=True) as (
            meta,
            reader,
        ):
            geom_name = meta["geometry_name"] or "wkb_geometry"
            crs = pyproj.CRS.from_user_input(meta["crs"]) if meta.get("crs") else None
            declared = int(info["features"]) if info.get("features", -1) >= 0 else None
            schema = reader.schema
            if geom_name not in schema.names:
                raise InputError(
                    [Problem(str(path), "a layer with a geometry column", value=layer)]
                )
            empty = True
            for batch in reader:
                empty = False
                yield _raw_batch(batch, geom_name, crs, path, fmt, layer or info.get("layer_name"),
                                 declared, caught)  # fmt: skip
            if empty:
                yield _raw_batch(schema.empty_table(), geom_name, crs, path, fmt,
                                 layer or info.get("layer_name"), declared, caught)  # fmt: skip


def _raw_batch(batch, geom_name, crs, path, fmt, layer, declared, caught) -> RawFeatures:
    wkb = np.asarray(batch.column(geom_name).to_numpy(zero_copy_only=False), dtype=object)
    names = [c for c in batch.schema.names if c != geom_name]
    attrs = batch.select(names).to_pandas(ignore_metadata=True)
    messages = sorted({str(w.message) for w in caught if "read_all" not in str(w.message)})
    return RawFeatures(attributes=attrs, wkb=wkb, crs=crs, path=path, format=fmt, layer=layer,
                       n_declared=declared, warnings=messages)  # fmt: skip


def _iter_geoparquet(path: Path, batch_size: int) -> Iterator[RawFeatures]:
    pf = pq.ParquetFile(path)
    column, crs = _geoparquet_column(path, pf)
    empty = True
    for batch in pf.iter_batches(batch_size=batch_size):
        empty = False
        yield _raw_batch(batch, column, crs, path, "GeoParquet", None, pf.metadata.num_rows, [])
    if empty:
        yield _raw_batch(pf.schema_arrow.empty_table(), column, crs, path, "GeoParquet", None,
                         pf.metadata.num_rows, [])  # fmt: skip


def _geoparquet_column(path: Path, pf: pq.ParquetFile) -> tuple[str, pyproj.CRS | None]:
    """The primary geometry column and CRS of a GeoParquet file (WKB only)."""
    geo = (pf.schema_arrow.metadata or {}).get(b"geo")
    if geo is None:
        raise InputError(
            [Problem(str(path), "a GeoParquet file (with 'geo' metadata)", value="plain Parquet")]
        )
    geo, column, spec = _geo_metadata(path, geo)
    if spec.get("encoding", "WKB").upper() != "WKB":
        raise InputError(
            [Problem(str(path), "WKB geometry encoding", column=column, value=spec["encoding"])]
        )
    # GeoParquet: a missing "crs" key means OGC:CRS84; an explicit null means unknown
    crs_spec = spec.get("crs", "OGC:CRS84")
    return column, None if crs_spec is None else _geo_crs(path, column, crs_spec)


GEO_EXPECTED = "GeoParquet 'geo' metadata: JSON with 'primary_column' and its 'columns' entry"


def _geo_metadata(path: Path, raw: bytes) -> tuple[dict, str, dict]:
    """The GeoParquet ``geo`` metadata, its primary column and that column's entry; a broken
    one is an :class:`InputError` naming what is missing."""
    try:
        geo = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), GEO_EXPECTED, value=f"not JSON ({exc})")]) from None
    column = geo.get("primary_column") if isinstance(geo, dict) else None
    columns = geo.get("columns") if isinstance(geo, dict) else None
    if not isinstance(column, str) or not isinstance(columns, dict) or column not in columns:
        shown = json.dumps(geo)[:200]
        raise InputError([Problem(str(path), GEO_EXPECTED, value=shown)])
    spec = columns[column]
    if not isinstance(spec, dict):
        raise InputError([Problem(str(path), GEO_EXPECTED, column=column, value=spec)])
    return geo, column, spec


def _geo_crs(path: Path, column: str, spec) -> pyproj.CRS:
    try:
        return pyproj.CRS.from_user_input(spec)
    except pyproj.exceptions.CRSError:
        shown = spec if isinstance(spec, str) else json.dumps(spec)[:200]
        raise InputError([Problem(str(path), "a CRS in the 'geo' metadata that PROJ knows "
                                  "(PROJJSON or e.g. 'EPSG:3006')", column=column,
                                  value=shown)]) from None  # fmt: skip


def from_geodataframe(gdf, name: str = "<GeoDataFrame>") -> RawFeatures:
    """Wrap an in-memory GeoDataFrame as raw features (geometry re-encoded as WKB)."""
    geoms = gdf.geometry.array
    wkb = np.asarray(shapely.to_wkb(np.asarray(geoms, dtype=object)), dtype=object)
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
    return RawFeatures(
        attributes=attrs,
        wkb=wkb,
        crs=gdf.crs,
        path=Path(name),
        format="GeoDataFrame",
        layer=None,
        n_declared=len(gdf),
    )
