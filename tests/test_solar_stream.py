"""The streaming rooftop path gives exactly the in-memory results, batch by batch."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from typer.testing import CliRunner

from workbench import buildings as bld
from workbench import weather
from workbench.buildings.stream import BuildingStream
from workbench.cli import app
from workbench.core.exactsum import GroupSums, exact_sum
from workbench.solar import outputs, synthetic
from workbench.solar.potential import rooftop_potential
from workbench.solar.stream import run_stream

N_TOWN = 1500
BATCH = 400  # four batches: every defect below crosses a batch boundary


def _town_with_defects() -> gpd.GeoDataFrame:
    """1,500 SYNTHETIC Luleå buildings, then features that only a whole-file view can judge.

    Appended after the town (rows 1500..1507), so each is in a later batch than its twin:
    rows 1500, 1501 repeat rows 5 and 6 (same id and geometry: ``duplicate``); row 1502 has
    row 7's geometry under a new id (``duplicate_geometry``); row 1503 reuses row 8's id with
    another geometry (kept, renamed ``~2``); row 1504 a point, row 1505 a 2 m² sliver; rows
    1506, 1507 have no id (kept as ``row-1506``, ``row-1507``).
    """
    town = synthetic.generate("Luleå", n_buildings=N_TOWN)
    extra = town.iloc[[5, 6, 7, 8, 9, 10, 11, 12]].copy()
    extra.loc[extra.index[2], "building_id"] = "OTHER-ID-1"
    geoms = extra.geometry.to_numpy().copy()
    geoms[3] = shapely.affinity.translate(geoms[3], 500.0, 0.0)
    geoms[4] = shapely.Point(shapely.get_coordinates(geoms[4])[0])
    geoms[5] = shapely.box(0, 0, 1, 2).buffer(0)
    geoms[5] = shapely.affinity.translate(geoms[5], *shapely.get_coordinates(geoms[6])[0])
    geoms[6] = shapely.affinity.translate(geoms[6], 0.0, 700.0)
    geoms[7] = shapely.affinity.translate(geoms[7], 0.0, 700.0)
    extra = extra.set_geometry(geoms)
    extra.loc[extra.index[6:], "building_id"] = None
    return pd.concat([town, extra], ignore_index=True)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream_inputs")
    town = _town_with_defects()
    gpkg = folder / "town.gpkg"
    pyogrio.write_dataframe(town, gpkg, layer="buildings", driver="GPKG")
    parquet = folder / "town.parquet"
    town.to_parquet(parquet)
    return {"gpkg": gpkg, "parquet": parquet}


@pytest.fixture(scope="module")
def wx():
    return weather.typical_year("2580")


def _tables(folder) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in outputs.TABLES}


def _assert_same_outputs(a, b) -> None:
    for name, frame in _tables(a).items():
        pd.testing.assert_frame_equal(frame, _tables(b)[name], check_exact=True, obj=name)
    for layer in ("buildings", "excluded"):
        la = pyogrio.read_dataframe(a / "solar.gpkg", layer=layer)
        lb = pyogrio.read_dataframe(b / "solar.gpkg", layer=layer)
        pd.testing.assert_frame_equal(pd.DataFrame(la), pd.DataFrame(lb), check_exact=True)
    meta = [pyogrio.read_info(f / "solar.gpkg", layer="buildings") for f in (a, b)]
    assert meta[0]["layer_metadata"] == meta[1]["layer_metadata"]
    assert meta[0]["geometry_type"] == meta[1]["geometry_type"] == "MultiPolygon"
    sa = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    assert sa == json.loads((b / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
@pytest.mark.slow
def test_stream_equals_in_memory(inputs, wx, tmp_path, fmt):
    """Same buildings, both paths: identical tables, layers and summary; counts add up."""
    path = inputs[fmt]
    memory = rooftop_potential(path, "2580", wx)
    outputs.write(memory, tmp_path / "memory")
    streamed = run_stream(
        "2580", tmp_path / "stream", BuildingStream(path, batch_size=BATCH), weather=wx
    )
    _assert_same_outputs(tmp_path / "memory", tmp_path / "stream")
    s = streamed.summary
    # hand count of _town_with_defects: 1508 features, 5 excluded
    assert s["n_input"] == N_TOWN + 8 == s["n_included"] + s["n_excluded"]
    assert s["n_excluded"] == 5
    reasons = {k: v for k, v in s["n_excluded_by_reason"].items() if v}
    assert reasons == {"duplicate": 2, "duplicate_geometry": 1, "point_geometry": 1, "sliver": 1}
    assert s["n_repaired_by_kind"]["duplicate_id_renamed"] == 1
    assert s["n_repaired_by_kind"]["id_missing"] == 2
    excluded = pd.read_parquet(tmp_path / "stream" / "excluded.parquet").set_index("source_row")
    assert excluded.loc[1500, "detail"] == "same id and geometry as source_row 5"
    assert excluded.loc[1502, "detail"] == "same geometry as source_row 7"
    b = pd.read_parquet(tmp_path / "stream" / "buildings.parquet").set_index("source_row")
    assert b.loc[1503, "building_id"] == b.loc[8, "building_id"] + "~2"
    assert b.loc[1506, "building_id"] == "row-1506"
    assert s["capacity_kwp"] == memory.summary["capacity_kwp"] > 0


@pytest.mark.slow
def test_stream_rerun_is_byte_identical(inputs, wx, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")  # GeoPackage timestamps fixed
    for name in ("a", "b"):
        run_stream("2580", tmp_path / name, BuildingStream(inputs["gpkg"], batch_size=BATCH), weather=wx,
                   synthetic=True)  # fmt: skip
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "solar.gpkg" in files and "buildings.parquet" in files
    assert not [p for p in files if p.startswith(".")]  # no spill or temporary file left
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_building_stream_report_equals_read(inputs):
    stream = BuildingStream(inputs["gpkg"], batch_size=BATCH)
    parts = list(stream)
    whole = bld.read(inputs["gpkg"])
    assert len(parts) == math.ceil((N_TOWN + 8) / BATCH)
    got = pd.concat([pd.DataFrame(p.buildings) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(got, pd.DataFrame(whole.buildings), check_exact=True)
    assert stream.report == whole.report


@pytest.mark.slow
def test_cli_stream_and_default_give_the_same_tables(inputs, tmp_path):
    args = ["solar", "-k", "Luleå", "-b", str(inputs["parquet"])]
    res = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "s"), "--stream",
                                   "--batch-size", "500"])  # fmt: skip
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    _assert_same_outputs(tmp_path / "m", tmp_path / "s")
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    assert "buildings.parquet" in manifest["outputs"]


def test_group_sums_are_correctly_rounded_whatever_the_batches():
    """Reference: math.fsum (correctly rounded) per group; numpy's sum differs in the last bits."""
    rng = np.random.default_rng(7)
    values = rng.lognormal(3.0, 2.0, 20_000) * rng.choice([1.0, -1.0, 1e-9], 20_000)
    frame = pd.DataFrame({"k": rng.choice(["a", "b", "c"], 20_000), "v": values})
    sums = GroupSums(["k"], ["v"])
    for start in range(0, len(frame), 3_001):
        sums.add(frame.iloc[start : start + 3_001])
    got = sums.frame().set_index("k")
    for key, group in frame.groupby("k"):
        assert got.loc[key, "v"] == math.fsum(group["v"])
        assert got.loc[key, "n_rows"] == len(group)
    assert sums.total("v") == math.fsum(values) == exact_sum(values[::-1])
    assert any(float(np.sum(g["v"].to_numpy())) != math.fsum(g["v"]) for _, g in frame.groupby("k"))


@pytest.mark.slow
def test_stream_workers_give_the_same_bytes(inputs, wx, tmp_path, monkeypatch):
    """Pass 1 planes and pass 2 energy in two forked workers (four batches, up to three ahead)
    write the same files, byte for byte, as everything in the calling process."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    timings: dict = {}
    for workers in (0, 2):
        run_stream("2580", tmp_path / f"w{workers}", BuildingStream(inputs["gpkg"], batch_size=BATCH),
                   weather=wx, synthetic=True, workers=workers, timings=timings)  # fmt: skip
    files = sorted(p.name for p in (tmp_path / "w0").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "w2").iterdir())
    assert "solar.gpkg" in files and "planes.parquet" in files
    for name in files:
        assert (tmp_path / "w0" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes(), name
    assert timings["planes"] > 0 and timings["planes_cpu"] > 0  # the workers' seconds came back


def test_gpkg_table_is_what_pyogrio_writes(tmp_path, monkeypatch):
    """The buildings layer from WKB (header rewrite for 2D polygons, shapely for the rest) is
    the file pyogrio.write_dataframe(promote_to_multi=True, use_arrow=True) writes."""
    from pyogrio.raw import write_arrow

    from workbench.core.gdal import gdal_current_date
    from workbench.solar.stream import _gpkg_table

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775001600")
    square = shapely.box(0, 0, 10, 10)
    two = shapely.MultiPolygon([shapely.box(20, 0, 30, 10), shapely.box(40, 0, 50, 10)])
    lifted = shapely.force_3d(square, 4.0)
    attrs = pd.DataFrame({"name": pd.Series(["a", None, "c"], dtype="string"),
                          "empty": pd.Series([None] * 3, dtype="string"),
                          "flag": pd.Series([True, None, False], dtype="boolean"),
                          "x": [1.0, np.nan, 3.0]})  # fmt: skip
    for case, geoms in {"2d": [square, two, square], "z": [lifted, square, two]}.items():
        gdf = gpd.GeoDataFrame(attrs, geometry=geoms, crs=3006)
        wkb = np.asarray(shapely.to_wkb(gdf.geometry.to_numpy()), dtype=object)
        with gdal_current_date("2026-04-01T00:00:00Z"):
            pyogrio.write_dataframe(outputs.gpkg_frame(gdf), tmp_path / f"{case}_a.gpkg",
                                    layer="b", driver="GPKG", promote_to_multi=True,
                                    use_arrow=True)  # fmt: skip
            table, geometry_type = _gpkg_table(attrs, wkb, at=len(attrs.columns))
            write_arrow(
                table,
                tmp_path / f"{case}_b.gpkg",
                layer="b",
                driver="GPKG",
                geometry_name="geometry",
                geometry_type=geometry_type,
                crs="EPSG:3006",
            )
        assert geometry_type == ("MultiPolygon Z" if case == "z" else "MultiPolygon")
        a, b = (tmp_path / f"{case}_{s}.gpkg" for s in "ab")
        assert a.read_bytes() == b.read_bytes(), case


def test_seen_keys_are_a_dict():
    """SeenKeys (sorted 64-bit halves, batches merged in) against a Python dict of the keys,
    with many keys sharing their first half and keys ending in zero bytes."""
    from workbench.buildings.seen import SeenKeys

    rng = np.random.default_rng(3)
    halves = rng.integers(0, 2**63, size=(5000, 2), dtype=np.int64)
    halves[:1500, 0] = rng.integers(0, 10, 1500)  # runs of equal first halves
    halves[1500:1600] = 0
    halves[1500:1600, 1] = np.arange(100)
    pool = np.unique(np.ascontiguousarray(halves).view("S16").ravel())
    seen, reference = SeenKeys(), {}
    for _ in range(30):
        keys = rng.permutation(np.unique(rng.choice(pool, rng.integers(0, 800))))
        values = rng.integers(0, 10**9, len(keys))
        seen.set(keys, values)
        reference.update(zip(keys.tolist(), values.tolist(), strict=True))
        probe = rng.choice(pool, 400)
        expected = [reference.get(k, -1) for k in probe.tolist()]
        assert seen.get(probe).tolist() == expected
        assert len(seen) == len(reference)


@pytest.mark.parametrize("workers", [0, 2])
def test_stream_error_in_pass_two_is_raised(inputs, wx, tmp_path, monkeypatch, workers):
    """An error while the buildings layer is streamed to GDAL (here: in a worker's pass-2 task)
    comes out as itself, and no output file is left."""
    import workbench.solar.stream as stream_module

    def broken(planes):
        raise ValueError("plane table broken on purpose")

    monkeypatch.setattr(stream_module, "plane_table", broken)
    with pytest.raises(ValueError, match="broken on purpose"):
        run_stream("2580", tmp_path / "out", BuildingStream(inputs["gpkg"], batch_size=BATCH),
                   weather=wx, workers=workers)  # fmt: skip
    assert not [p.name for p in (tmp_path / "out").iterdir()]
