"""The simplified municipality boundaries: drift against ../shared, geometry checks."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from workbench.core.paths import data_path
from workbench.reference import boundaries
from workbench.reference import kommuner as km

_TO_3006 = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def test_committed_table_equals_a_fresh_derivation_from_shared(shared):
    """Re-derives from ../shared/data/geo and compares the CSV text byte for byte."""
    committed = data_path(*boundaries.TABLE_FILE).read_text(encoding="utf-8")
    assert boundaries.csv_text(boundaries.derive(shared)) == committed, (
        "data/geo/kommun_boundaries.csv drifted: rerun data/geo/derive_kommun_boundaries.py"
    )


def test_simplified_areas_match_the_source_polygons(shared):
    """Areas of the committed polygons against the unsimplified source, both in EPSG:3006.

    SOURCES.md of ../shared/data/geo: Kiruna's SCB polygon is 20,501 km² (official total with
    inland water 20,551 km²). Simplification may not change any area by more than 0.1 %.
    """
    import geopandas as gpd

    source = gpd.read_parquet(shared.joinpath(*boundaries.SOURCE_FILE)).to_crs(3006)
    source_area = source.set_index("kommun_kod").area
    table = boundaries.boundaries()
    for code, area in zip(table["kommun_id_scb"], table.area, strict=True):
        assert area == pytest.approx(source_area[code], rel=1e-3), code
    assert boundaries.boundary("Kiruna").area / 1e6 == pytest.approx(20_501, abs=1)


def test_fourteen_valid_polygons_that_tile_the_county_without_overlap():
    table = boundaries.boundaries()
    assert list(table["kommun_id_scb"]) == [k.kommun_id_scb for k in km.all_kommuner()]
    assert str(table.crs) == "EPSG:3006" and table.is_valid.all()
    assert table.attrs["source"] and table.attrs["licence"] and table.attrs["year"] == 2024
    total = table.area.sum()
    assert shapely.union_all(table.geometry.to_numpy()).area == pytest.approx(total, rel=1e-6)
    # land 97,238.8 + inland water 7,969.9 = 105,208.8 km² summed over the 14 rows of
    # ../shared/data/geo/peterdalle__svensktext/kommuner.csv (about 2015); polygons: 104,227
    assert total / 1e6 == pytest.approx(97_238.8 + 7_969.9, rel=0.02)


def test_seats_lie_in_or_within_2_km_of_their_own_polygon():
    """A seat inside another municipality's polygon would mean a wrong code; the generalised
    source leaves Arjeplog (2.0 km) and Haparanda (0.4 km) just outside their own."""
    for k in km.all_kommuner():
        seat = Point(*_TO_3006.transform(k.seat_lon, k.seat_lat))
        assert boundaries.boundary(k).distance(seat) < 2_100, k.name
        others = [
            o.name for o in km.all_kommuner() if o != k and boundaries.boundary(o).contains(seat)
        ]
        assert others == [], k.name
