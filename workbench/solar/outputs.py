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
import numpy as np
import pandas as pd
import pyogrio
import shapely

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


def _attributes(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Attribute table without geometry; centroids [m] for buildings."""
    table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    return table.reset_index(drop=True)


def _monthly_totals(result: RooftopResult) -> pd.DataFrame:
    """12 rows per municipality (zeros when nothing could be modelled)."""
    monthly = result.monthly.astype({"energy_kwh": float, "month": int})
    m = monthly.groupby(["kommun_id_scb", "month"], sort=True)["energy_kwh"].sum()
    codes = sorted(set(result.by_kommun["kommun_id_scb"])) or [
        result.summary.get("kommun_id_scb") or ""
    ]
    grid = pd.MultiIndex.from_product([codes, range(1, 13)], names=["kommun_id_scb", "month"])
    out = m.reindex(grid, fill_value=0.0).reset_index()
    annual = result.by_kommun.set_index("kommun_id_scb")
    central = annual["annual_mwh"] * 1000.0
    ratio_low = (annual["annual_low_mwh"] * 1000.0 / central).replace([np.inf], np.nan)
    ratio_high = (annual["annual_high_mwh"] * 1000.0 / central).replace([np.inf], np.nan)
    out["energy_low_kwh"] = out["energy_kwh"] * out["kommun_id_scb"].map(ratio_low).fillna(0.0)
    out["energy_high_kwh"] = out["energy_kwh"] * out["kommun_id_scb"].map(ratio_high).fillna(0.0)
    return out[["month", "energy_kwh", "energy_low_kwh", "energy_high_kwh", "kommun_id_scb"]]


TABLES = (
    "buildings",
    "planes",
    "excluded",
    "by_type",
    "by_kommun",
    "monthly",
    "monthly_by_type",
)


def write_outputs(
    result: RooftopResult, out_dir: str | Path, tables: tuple[str, ...] = TABLES
) -> dict[str, Path]:
    """Write the GeoPackage, the Parquet ``tables`` and ``summary.json`` to ``out_dir``."""
    validate(result.buildings, result.planes)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    synthetic = bool(result.summary.get("synthetic"))
    origin = SYNTHETIC_LABEL if synthetic else str(result.summary.get("source"))
    metadata = {
        "data_origin": origin,
        "synthetic": str(synthetic).lower(),
        "crs": "EPSG:3006 (SWEREF 99 TM)",
        "n_input": str(result.summary["n_input"]),
        "n_included": str(result.summary["n_included"]),
        "n_excluded": str(result.summary["n_excluded"]),
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
    table = _attributes(buildings)
    centroids = shapely.centroid(buildings.geometry.to_numpy())
    table["centroid_e_m"] = shapely.get_x(centroids)
    table["centroid_n_m"] = shapely.get_y(centroids)
    planes = result.planes.drop(columns=[c for c in result.planes if c.startswith("kwh_per_kwp_m")])
    excluded_table = _attributes(excluded)
    excluded_table["has_geometry"] = excluded.geometry.notna().to_numpy()
    by_type = result.by_type[
        ["building_type", *[c for c in result.by_type.columns if c != "building_type"]]
    ]
    frames = {
        "buildings": table,
        "planes": planes,
        "excluded": excluded_table,
        "by_type": by_type,
        "by_kommun": result.by_kommun,
        "monthly": _monthly_totals(result),
        "monthly_by_type": result.monthly,
    }
    for name, frame in frames.items():
        if name not in tables:
            continue
        paths[name] = write_parquet(out / f"{name}.parquet", frame.reset_index(drop=True))
    summary = {**result.summary, "capacity_kwp": result.summary["total_kwp"]}
    paths["summary"] = write_json(out / "summary.json", summary)
    return paths
