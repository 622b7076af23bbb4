"""Write a rooftop result: ``solar.gpkg``, Parquet tables and ``summary.json``.

Layout of ``out_dir``:

* ``solar.gpkg``: layers ``buildings`` (footprint polygons with potential) and
  ``excluded`` (features not modelled, with reason; geometry where one could be
  read, else empty), both EPSG:3006; dataset metadata records the source and
  whether the buildings are synthetic.
* ``buildings.parquet``, ``planes.parquet``, ``excluded.parquet``: attribute tables
  (no geometry; building centroids as ``centroid_e_m``/``centroid_n_m`` in SWEREF 99 TM).
* ``by_type.parquet``, ``by_kommun.parquet``: summaries; ``monthly.parquet``: 12 rows
  per municipality (``month``, ``energy_kwh`` with low/high bands);
  ``monthly_by_type.parquet``: per municipality, building type and month.
* ``summary.json``: counts (``n_input`` = ``n_included`` + ``n_excluded``, by reason),
  ``total_kwp``, ``annual_mwh``, ``kwh_per_kwp`` and bands.

All files are written atomically; tables are sorted so equal inputs give equal bytes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from workbench.core.gdal import gdal_current_date
from workbench.core.outputs import atomic_path, write_json, write_parquet
from workbench.core.reproducible import source_date
from workbench.solar.potential import RooftopResult
from workbench.solar.schema import SYNTHETIC_LABEL, validate

GPKG_NAME = "solar.gpkg"


def _gpkg_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """GeoPackage-friendly dtypes: nullable booleans and strings as plain objects."""
    out = gdf.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if isinstance(out[col].dtype, pd.BooleanDtype):
            out[col] = out[col].astype("float64")  # GPKG booleans cannot hold nulls
        elif pd.api.types.is_string_dtype(out[col]) and not pd.api.types.is_object_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


TABLES = (
    "buildings",
    "planes",
    "excluded",
    "by_type",
    "by_kommun",
    "monthly",
    "monthly_by_type",
)


def write(
    result: RooftopResult, out_dir: str | Path, tables: tuple[str, ...] = TABLES
) -> dict[str, Path]:
    """Write the GeoPackage, the Parquet ``tables`` and ``summary.json`` to ``out_dir``."""
    validate(result.buildings, result.planes)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = result.summary
    synthetic = bool(summary.get("synthetic"))
    origin = SYNTHETIC_LABEL if synthetic else str(summary.get("source"))
    metadata = {
        "data_origin": origin,
        "synthetic": str(synthetic).lower(),
        "crs": "EPSG:3006 (SWEREF 99 TM)",
        "n_input": str(summary["n_input"]),
        "n_included": str(summary["n_included"]),
        "n_excluded": str(summary["n_excluded"]),
    }
    paths = {"gpkg": out / GPKG_NAME}
    buildings = result.buildings
    excluded = result.excluded
    with atomic_path(paths["gpkg"]) as tmp, gdal_current_date(source_date()):
        pyogrio.write_dataframe(
            _gpkg_frame(buildings),
            tmp,
            layer="buildings",
            driver="GPKG",
            dataset_metadata=metadata,
            layer_metadata={"description": f"Rooftop PV potential per building. {origin}"},
            promote_to_multi=True,
        )
        pyogrio.write_dataframe(
            _gpkg_frame(excluded),
            tmp,
            layer="excluded",
            driver="GPKG",
            geometry_type="Unknown",
            layer_metadata={"description": "Input features not modelled, with reason code"},
        )
    for name, frame in result.tables.items():
        if name not in tables:
            continue
        paths[name] = write_parquet(out / f"{name}.parquet", frame.reset_index(drop=True))
    paths["summary"] = write_json(out / "summary.json", summary)
    return paths
