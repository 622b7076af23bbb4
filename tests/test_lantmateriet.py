"""Lantmäteriet's "Byggnad Nedladdning, vektor" GeoPackage on a project-made fixture.

The fixture (``tests/lantmateriet_fixture.py``) lists each row with the type or exclusion
reason the documented code list implies; the expectations come from that table, not from
the reader. The old Fastighetskartan shapefile is tested in test_buildings.py (Gothenburg).
"""

from __future__ import annotations

import lantmateriet_fixture as fx
import pandas as pd
import pyogrio
import pytest
from typer.testing import CliRunner

from workbench import buildings
from workbench.buildings import Reason
from workbench.cli import app
from workbench.core.errors import InputError

EXCLUDED = {"unknown_purpose", "sliver"}


@pytest.fixture(scope="module")
def gpkgs(tmp_path_factory):
    return fx.write(tmp_path_factory.mktemp("lm"))


@pytest.mark.slow
def test_fixture_has_several_layers_in_the_documented_schema(gpkgs):
    full, without = gpkgs
    layers = dict(pyogrio.list_layers(full))
    assert layers == {
        "byggnad": "MultiPolygon",
        "byggnadspunkt": "Point",
        "byggnadsanlaggningslinje": "LineString",
        "anlaggningsomrade": "MultiPolygon",
    }
    fields = set(pyogrio.read_info(full, layer="byggnad")["fields"])
    assert {"objektidentitet", "objekttyp", "objekttypnr", "huvudbyggnad", "husnummer"} <= fields
    assert {f"andamal{i}" for i in range(1, 6)} <= fields
    assert "byggnad" not in dict(pyogrio.list_layers(without))


@pytest.mark.slow
def test_building_layer_is_chosen_and_purposes_mapped(gpkgs):
    result = buildings.read(gpkgs[0])
    r = result.report
    assert r["layer"] == "byggnad" and r["schema"] == "lantmateriet"
    assert r["source_crs"] == "EPSG:3006"
    expected = pd.Series([row[-1] for row in fx.BUILDINGS])
    assert r["n_input"] == len(fx.BUILDINGS) == 15
    assert r["n_included"] == int((~expected.isin(EXCLUDED)).sum()) == 12
    assert (
        r["n_excluded_by_reason"]["unknown_purpose"]
        == int((expected == "unknown_purpose").sum())
        == 2
    )
    assert r["n_excluded_by_reason"]["sliver"] == 1
    assert r["n_input"] == r["n_included"] + r["n_excluded"]
    kept = result.buildings.set_index("source_row")
    for row, want in expected.items():
        if want not in EXCLUDED:
            assert kept.loc[row, "building_type"] == want, (row, fx.BUILDINGS[row])
    # ids are Lantmäteriet's objektidentitet
    ids = fx.byggnad()["objektidentitet"]
    assert (kept["source_id"] == ids[kept.index].to_numpy()).all()
    # main-building flag: "Ja" -> True, "Nej" -> False, missing -> <NA>
    flags = {"Ja": True, "Nej": False, None: pd.NA}
    for row, main in ((row, fx.BUILDINGS[row][4]) for row in kept.index):
        got = kept.loc[row, "is_main_building"]
        assert (got is pd.NA and main is None) or got == flags[main], row
    # the two-part terrace stays one building with two parts
    assert kept.loc[fx.TWO_PARTS, "n_parts"] == 2


@pytest.mark.slow
def test_unknown_purpose_codes_are_excluded_with_reason_and_value(gpkgs):
    result = buildings.read(gpkgs[0])
    unknown = result.excluded[result.excluded["reason"] == Reason.UNKNOWN_PURPOSE.value]
    assert list(unknown["source_row"]) == [9, 10]
    details = list(unknown["detail"])
    assert details[0] == (
        "undocumented purpose: andamal1='Fritidsanläggning;Bastu', "
        "objekttyp='Fritidsanläggning', objekttypnr=2099"
    )
    assert details[1] == "undocumented purpose: objekttyp='Okänd', objekttypnr=2077"
    assert unknown["source_id"].notna().all()
    # an undocumented andamal1 overruled by a documented objekttyp: kept, reported as unusable
    issues = result.attribute_issues
    assert list(issues[["source_row", "column", "value"]].itertuples(index=False, name=None)) == [
        (11, "andamal1", "Badhus")
    ]
    assert "Samhällsfunktion" in issues["expected"][0]


def test_geopackage_without_a_building_layer_is_refused_with_its_layers(gpkgs):
    with pytest.raises(InputError, match="no building layer") as err:
        buildings.read(gpkgs[1])
    message = str(err.value)
    for layer in ("byggnadspunkt (Point)", "anlaggningsomrade (MultiPolygon)"):
        assert layer in message
    assert "layer 'byggnad'" in message and "--layer" in message


def test_a_named_layer_is_read_as_asked(gpkgs):
    result = buildings.read(gpkgs[0], layer="byggnad")
    assert result.report["n_included"] == 12
    facilities = buildings.read(gpkgs[0], layer="anlaggningsomrade")
    # facility areas are not buildings: their objekttyp is not a building purpose
    assert facilities.report["n_included"] == 0
    assert facilities.report["n_excluded_by_reason"]["unknown_purpose"] == 2


@pytest.mark.slow
def test_unknown_purpose_reason_is_listed_only_for_lantmateriet_sources(gpkgs, shared):
    lm = buildings.read(gpkgs[0]).report["n_excluded_by_reason"]
    osm = buildings.read(shared / "geo/pyrosm__pyrosm/buildings_all.parquet").report
    assert "unknown_purpose" in lm and "unknown_purpose" not in osm["n_excluded_by_reason"]
    assert set(osm["n_excluded_by_reason"]) | {"unknown_purpose"} == {r.value for r in Reason}


@pytest.mark.slow
def test_cli_solar_reads_the_geopackage(gpkgs, tmp_path):
    result = CliRunner().invoke(
        app, ["solar", "-k", "lulea", "-b", str(gpkgs[0]), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        app, ["solar", "-k", "lulea", "-b", str(gpkgs[1]), "-o", str(tmp_path)]
    )
    # the CLI boundary (workbench.cli.main) turns this InputError into "error: ..." and exit 2
    assert isinstance(result.exception, InputError) and "no building layer" in str(result.exception)
