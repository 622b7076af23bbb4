"""The SYNTHETIC demo buildings: reproducible, labelled, scaled to population, town-like."""

from __future__ import annotations

import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer

from workbench.buildings import read
from workbench.reference import kommuner as km
from workbench.solar import synthetic as db


def test_seeded_and_reproducible():
    a, b = db.generate("Arjeplog"), db.generate("Arjeplog")
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert (shapely.to_wkb(a.geometry.to_numpy()) == shapely.to_wkb(b.geometry.to_numpy())).all()
    c = db.generate("Arjeplog", seed=1)
    assert not shapely.equals(a.geometry.to_numpy(), c.geometry.to_numpy()).all()


@pytest.mark.slow
def test_counts_scale_with_population_and_type_mix():
    """Luleå: 76,770 inhabitants × 0.25 buildings per inhabitant = 19,192 (± rounding per type)."""
    g = db.generate("Luleå")
    assert len(g) == pytest.approx(76_770 * 0.25, abs=7)
    shares = g["building_type"].value_counts(normalize=True)
    for btype, share in db.TYPE_MIX.items():
        assert shares[btype] == pytest.approx(share, abs=0.005)
    total = sum(sum(db.counts(k).values()) for k in km.all_kommuner())
    assert 55_000 < total < 70_000  # whole county, keeps the demo within its time budget


def test_town_layout_is_plausible():
    g = db.generate("Kiruna")
    area = g.area
    villas = area[g["building_type"] == "residential_small"]
    assert 90 < villas.median() < 160  # m², typical Swedish villa footprint
    tree = shapely.STRtree(g.geometry.to_numpy())
    left, right = tree.query(g.geometry.to_numpy(), predicate="intersects")
    assert int((left != right).sum()) // 2 <= 2  # buildings do not overlap (rare farm pairs)
    rect = shapely.oriented_envelope(g.geometry.to_numpy())
    xy = shapely.get_coordinates(rect).reshape(len(g), -1, 2)
    angle = np.degrees(np.arctan2(*(xy[:, 1] - xy[:, 0]).T[::-1])) % 90
    assert np.histogram(angle, bins=18)[0].astype(bool).sum() >= 6  # several street grids
    kiruna = km.get("Kiruna")
    to_grid = Transformer.from_crs(4326, 3006, always_xy=True)
    seat = shapely.Point(*to_grid.transform(kiruna.seat_lon, kiruna.seat_lat))
    centre = g[g["building_type"].isin(["residential_multi", "commercial", "public"])]
    assert (
        centre.distance(seat).median()
        < g[g["building_type"] == "residential_small"].distance(seat).median()
    )


def test_labelled_synthetic_everywhere_and_readable(tmp_path):
    path = db.write("Pajala", tmp_path)
    assert path.name == "synthetic_demo_buildings_pajala.gpkg"
    meta = pyogrio.read_info(path)["dataset_metadata"]
    assert meta["synthetic"] == "true" and "SYNTHETIC" in meta["data_origin"]
    result = read(path)
    assert result.report["n_excluded"] == 0 and result.report["schema"] == "workbench"
    assert result.buildings["building_type"].isin(db.TYPE_MIX).all()
    assert set(result.buildings["owner"]) <= {"kommun", "kommunalt_bostadsbolag", "privat"}
    assert (
        result.buildings.loc[result.buildings["building_type"] == "public", "owner"] == "kommun"
    ).all()


def test_written_file_is_byte_identical(tmp_path):
    a = db.write("Arjeplog", tmp_path / "a")
    b = db.write("Arjeplog", tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
