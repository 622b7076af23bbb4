"""The municipality GeoPackage: the rooftop layers plus a one-row ``kommun_summary`` layer.

All layers are in EPSG:3006 (SWEREF 99 TM), the CRS of Swedish municipal GIS.
The workbench ships no municipality boundaries of its own (the SCB polygons in
``../shared`` are reference data that may not be copied), so the summary layer's
geometry is the municipal seat as a point, unless a boundary polygon is given.
Field names stay the internal English names with unit suffixes: data files are
never localized; the layer description is in the report language.
"""

from __future__ import annotations

import shutil
from numbers import Real
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from workbench import i18n
from workbench.core.gdal import gdal_current_date, no_aux_files
from workbench.core.outputs import atomic_path
from workbench.core.reproducible import source_date
from workbench.export.parts import PART_NAMES, KommunResults

SUMMARY_LAYER = "kommun_summary"
CRS = "EPSG:3006"


def summary_layer(results: KommunResults, boundary: BaseGeometry | None = None) -> gpd.GeoDataFrame:
    """One row for the municipality: identity, population and every part's scalar key figures.

    ``boundary`` is a polygon in EPSG:3006; without one the seat point is used and
    ``geometry_kind`` says so.
    """
    k = results.kommun
    row: dict[str, Any] = {
        "kommun_id_scb": k.kommun_id_scb,
        "name": k.name,
        "seat": k.seat,
        "population": k.population,
        "population_year": k.population_year,
        "geometry_kind": "boundary" if boundary is not None else "seat_point",
    }
    for name in PART_NAMES:
        row[f"has_{name}"] = name in results.parts
        part = results.parts.get(name)
        for key, value in part.summary.items() if part else []:
            if isinstance(value, Real | bool):
                row[key if key not in row else f"{name}_{key}"] = value  # match_capacity_kwp
    if boundary is None:
        geometry = gpd.GeoSeries([Point(k.seat_lon, k.seat_lat)], crs="EPSG:4326").to_crs(CRS)
    else:
        geometry = gpd.GeoSeries([boundary], crs=CRS)
    return gpd.GeoDataFrame([row], geometry=geometry.values, crs=CRS)


def write_kommun_gpkg(
    path: str | Path,
    results: KommunResults,
    metadata: dict[str, str],
    lang: str = i18n.DEFAULT_LANG,
    boundary: BaseGeometry | None = None,
) -> Path:
    """Write the municipality GeoPackage atomically.

    Copies the rooftop GeoPackage of the solar part (when there is one) and adds
    the :data:`SUMMARY_LAYER`; ``metadata`` (version, commit, scenario, config hash,
    creation time) is stored as GeoPackage metadata on the summary layer. With
    ``SOURCE_DATE_EPOCH`` set, GDAL stamps the file with that time (same inputs, same bytes).
    """
    layer = summary_layer(results, boundary)
    solar = results.parts.get("solar")
    source = solar.gpkg if solar is not None else None
    description = i18n.text("title", lang, kommun=results.kommun.name)
    with no_aux_files(), gdal_current_date(source_date()):
        _write(path, layer, source, metadata, description)
    return Path(path)


def _write(path, layer, source, metadata, description) -> None:
    with atomic_path(path) as tmp:
        if source is not None and Path(source).exists():
            shutil.copyfile(source, tmp)
            if SUMMARY_LAYER in {name for name, _ in pyogrio.list_layers(tmp)}:
                raise ValueError(f"{source} already has a layer {SUMMARY_LAYER!r}")
        layer.to_file(
            tmp,
            layer=SUMMARY_LAYER,
            driver="GPKG",
            engine="pyogrio",
            metadata={k: str(v) for k, v in metadata.items()},
            layer_options={"DESCRIPTION": description},
        )
