"""What a municipality package holds on disk (issue 12, package size): the files its manifest
lists and no others, the rooftop layers in one GeoPackage, at most 30 MB for Luleå's demo, and
no GDAL side file after a reader opens its GeoPackages."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from workbench.config import load_scenario
from workbench.core.gdal import gdal_options
from workbench.demo import run_kommun
from workbench.reference import kommuner as km

MAX_PACKAGE_BYTES = 30_000_000  # issue 12: Luleå's demo package <= 30 MB (was 34.8 MB)


@pytest.fixture(scope="module")
def lulea(tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    k = km.get("lulea")
    run_kommun(k, out, load_scenario("default"))
    return out / k.slug


def _files(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _read_every_layer(path) -> None:
    """Open every layer the way a GIS user does (geopandas, GDAL's default: side files on)."""
    with gdal_options(GDAL_PAM_ENABLED="YES"):
        for name, _ in pyogrio.list_layers(path):
            gpd.read_file(path, layer=name)


@pytest.mark.slow
def test_package_holds_exactly_the_files_its_manifest_lists(lulea):
    manifest = json.loads((lulea / "manifest.json").read_text(encoding="utf-8"))
    assert sorted([*manifest["outputs"], "manifest.json"]) == _files(lulea)
    for role, info in manifest["inputs"].items():  # inputs inside the package are listed files
        if not info["path"].startswith(("repo:", "/")):
            assert info["path"] in manifest["outputs"], role


@pytest.mark.slow
def test_rooftop_layers_are_in_one_geopackage_and_the_package_fits_30_mb(lulea):
    gpkgs = [p for p in _files(lulea) if p.endswith(".gpkg")]
    with_buildings = [p for p in gpkgs if "buildings" in dict(pyogrio.list_layers(lulea / p))]
    assert with_buildings == ["lulea.gpkg"]  # was also solar/solar.gpkg, a byte copy of its layers
    assert set(gpkgs) == {"lulea.gpkg", "solar/synthetic_demo_buildings_lulea.gpkg"}  # + the input
    size = sum((lulea / p).stat().st_size for p in _files(lulea))
    print(f"\nLuleå package: {size:,} bytes in {len(_files(lulea))} files")
    assert size <= MAX_PACKAGE_BYTES


@pytest.mark.slow
def test_reading_the_package_geopackages_writes_nothing_beside_them(lulea, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(lulea, copy)
    before = _files(copy)
    for path in copy.rglob("*.gpkg"):
        _read_every_layer(path)
    assert _files(copy) == before  # no .aux.xml


def test_the_side_file_check_can_fail(tmp_path):
    """Negative control: dataset-level metadata (what the rooftop GeoPackage used to carry) makes
    GDAL write ``.aux.xml`` when the file is read; layer metadata does not."""
    frame = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(800_000, 7_300_000)], crs="EPSG:3006")
    pyogrio.write_dataframe(frame, tmp_path / "dataset.gpkg", driver="GPKG",
                            dataset_metadata={"synthetic": "true"})  # fmt: skip
    pyogrio.write_dataframe(frame, tmp_path / "layer.gpkg", driver="GPKG",
                            layer_metadata={"synthetic": "true"})  # fmt: skip
    for name in ("dataset.gpkg", "layer.gpkg"):
        _read_every_layer(tmp_path / name)
    assert sorted(p.name for p in tmp_path.glob("*.aux.xml")) == ["dataset.gpkg.aux.xml"]


@pytest.mark.slow
def test_package_written_again_keeps_its_rooftop_layers(lulea, tmp_path):
    """Without the stage's solar.gpkg, a second write_kommun_package reads the rooftop layers
    (and the map column) from the package's own GeoPackage; another language is refused."""
    from workbench.export.package import write_kommun_package
    from workbench.export.readers import read_solar

    copy = tmp_path / "lulea"
    shutil.copytree(lulea, copy)
    n = len(gpd.read_file(copy / "lulea.gpkg", layer="buildings"))
    part = read_solar(copy / "solar")
    assert part.gpkg == copy / "lulea.gpkg" and list(part.buildings.columns) == [
        "kwh_per_kwp", "geometry"]  # fmt: skip
    write_kommun_package("lulea", copy)
    assert len(gpd.read_file(copy / "lulea.gpkg", layer="buildings")) == n
    assert len(gpd.read_file(copy / "lulea.gpkg", layer="kommun_summary")) == 1
    with pytest.raises(ValueError, match="another language"):
        write_kommun_package("lulea", copy, lang="en")
