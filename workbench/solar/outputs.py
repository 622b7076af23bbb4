"""Write a rooftop result: ``solar.gpkg``, Parquet tables and ``summary.json``.

Every table and the summary are declared in :mod:`workbench.solar.schema` (the table registry's
solar part): :func:`write` validates all of them first (every failure at once), then writes.

Layout of ``out_dir``:

* ``solar.gpkg``: layers ``buildings`` (footprint polygons with potential) and
  ``excluded`` (features not modelled, with reason; geometry where one could be
  read, else empty), both EPSG:3006; dataset metadata records the source and
  whether the buildings are synthetic.
* ``buildings.parquet``, ``planes.parquet``, ``excluded.parquet``: attribute tables
  (no geometry; building centroids as ``centroid_e_m``/``centroid_n_m`` in SWEREF 99 TM).
* ``by_type.parquet``, ``by_kommun.parquet``: summaries; ``monthly.parquet``: 12 rows
  per municipality (``month``, ``pv_kwh`` with low/high bands);
  ``monthly_by_type.parquet``: per municipality, building type and month.
* ``summary.json``: counts (``n_input`` = ``n_included`` + ``n_excluded``, by reason),
  ``capacity_kwp``, ``annual_mwh``, ``kwh_per_kwp`` and bands.

All files are written atomically; tables are sorted so equal inputs give equal bytes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyogrio

from workbench.core import tables as tb
from workbench.core.gdal import gdal_current_date
from workbench.core.outputs import atomic_path, write_json
from workbench.core.reproducible import source_date
from workbench.solar import schema
from workbench.solar.potential import RooftopResult

GPKG_NAME = schema.BUILDINGS.gpkg.file()
TABLES = tuple(t.name for t in schema.TABLES)
BY_NAME = {t.name: t for t in schema.TABLES}


def gpkg_frame(gdf: pd.DataFrame) -> pd.DataFrame:
    """GeoPackage-friendly dtypes: nullable booleans and strings as plain objects (a
    GeoDataFrame keeps its geometry; a plain frame is taken as attributes only)."""
    out = gdf.copy()
    geometry = getattr(gdf, "_geometry_column_name", None)
    for col in out.columns:
        if col == geometry:
            continue
        if isinstance(out[col].dtype, pd.BooleanDtype):
            out[col] = out[col].astype("float64")  # GPKG booleans cannot hold nulls
        elif pd.api.types.is_string_dtype(out[col]) and not pd.api.types.is_object_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def gpkg_metadata(summary: dict) -> tuple[str, dict[str, str]]:
    synthetic = bool(summary.get("is_synthetic"))
    origin = schema.SYNTHETIC_LABEL if synthetic else str(summary.get("source"))
    return origin, {
        "data_origin": origin,
        "synthetic": str(synthetic).lower(),
        "crs": "EPSG:3006 (SWEREF 99 TM)",
        "n_input": str(summary["n_input"]),
        "n_included": str(summary["n_included"]),
        "n_excluded": str(summary["n_excluded"]),
    }


def write_gpkg(path: Path, result: RooftopResult, summary: dict) -> Path:
    """The rooftop GeoPackage: layers ``buildings`` and ``excluded`` (declared in the registry)."""
    buildings, excluded = schema.BUILDINGS, schema.EXCLUDED
    tb.check_layer(buildings, result.buildings)
    tb.check_layer(excluded, result.excluded)
    origin, metadata = gpkg_metadata(summary)
    with atomic_path(path) as tmp, gdal_current_date(source_date()):
        pyogrio.write_dataframe(
            gpkg_frame(result.buildings),
            tmp,
            layer=buildings.gpkg.layer,
            driver="GPKG",
            # layer metadata, not dataset metadata: GDAL copies dataset metadata of a GeoPackage
            # into a .aux.xml beside it whenever the file is read (geopandas, QGIS)
            layer_metadata={**metadata, "description": f"{buildings.gpkg.description} {origin}"},
            promote_to_multi=True,
            use_arrow=True,  # GDAL's Arrow writer: 1.5-1.7x faster, the same layer
        )
        pyogrio.write_dataframe(
            gpkg_frame(result.excluded),
            tmp,
            layer=excluded.gpkg.layer,
            driver="GPKG",
            geometry_type="Unknown",
            layer_metadata={"description": excluded.gpkg.description},
            use_arrow=True,
        )
    return path


def write(
    result: RooftopResult, out_dir: str | Path, tables: tuple[str, ...] = TABLES
) -> dict[str, Path]:
    """Validate, then write the GeoPackage, the Parquet ``tables`` and ``summary.json``."""
    out = Path(out_dir)
    frames = result.tables
    summary = result.summary
    schema.SUMMARY.check(summary, schema.PART)
    tb.validate_all([(BY_NAME[name], frames[name]) for name in tables])
    out.mkdir(parents=True, exist_ok=True)
    paths = {"gpkg": write_gpkg(out / GPKG_NAME, result, summary)}
    for name in tables:
        paths[name] = tb.write(BY_NAME[name], frames[name], out, validate=False)["parquet"]
    paths["summary"] = write_json(out / "summary.json", summary)
    return paths


def write_summary(result: RooftopResult, out_dir: str | Path) -> Path:
    """``summary.json`` alone (checked against its declaration), e.g. after the streaming path
    wrote its files and the inter-annual band was added."""
    summary = result.summary
    schema.SUMMARY.check(summary, schema.PART)
    return write_json(Path(out_dir) / "summary.json", summary)
