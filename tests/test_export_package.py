"""A municipality package: files, languages, GeoPackage layer, self-contained HTML, manifest."""

from __future__ import annotations

import hashlib
import json
import re

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
from export_fixtures import results

from workbench.export import excel as excel_module
from workbench.export.package import write_kommun_package


@pytest.mark.slow
def test_package_files_workbook_and_manifest(tmp_path):
    pkg = write_kommun_package("Luleå", tmp_path / "lulea", results=results(tmp_path))
    names = sorted(p.name for p in pkg.folder.iterdir())
    assert names == [
        "kommun_summary.json",
        "lulea.gpkg",
        "lulea.html",
        "lulea.xlsx",
        "manifest.json",
    ]
    book = openpyxl.load_workbook(pkg.workbook)
    assert book.sheetnames == ["Sammanfattning", "Solel per byggnadstyp", "Solel per månad",
                               "Solel per byggnad", "Årstabell fordon", "Saknade delar",
                               "Antaganden", "Om underlaget"]  # fmt: skip
    sheet = book["Sammanfattning"]
    assert [c.value for c in sheet[1]] == ["Del", "Nyckeltal", "Värde", "Enhet"]
    summary = {r[1]: r[2:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert ("Solel (takpotential)", "Årlig elproduktion", 198.0, "MWh") in set(
        sheet.iter_rows(min_row=2, values_only=True)
    )
    # SCB, Folkmängden per månad (000007SF), 2025M12: Luleå 80 304 (not the 2015 figure 76 770)
    assert summary["Folkmängd"] == (80304, "invånare") and summary["Folkmängd, år"][0] == 2025
    assert summary["Årlig elproduktion"] == (198.0, "MWh")
    assert summary["År då utsläppsmålet nås"][0] == 2028
    assert summary["Utsläppsmålet nås senast målåret"][0] == "Ja"  # a word, never TRUE
    missing = list(book["Saknade delar"].iter_rows(min_row=2, values_only=True))
    assert missing == [("Sol möter fordon",
                        "beräkningsmodulen (workbench.match) finns inte i denna version av Workbench")]  # fmt: skip
    manifest = json.loads(pkg.manifest.read_text(encoding="utf-8"))
    assert manifest["contains_synthetic_data"] is True and manifest["synthetic_inputs"] == [
        "buildings"
    ]
    assert manifest["parts_available"] == ["fleet", "solar"] and manifest["parts_missing"] == [
        "match"
    ]
    for name in ("lulea.xlsx", "lulea.gpkg", "lulea.html", "kommun_summary.json"):
        digest = hashlib.sha256((pkg.folder / name).read_bytes()).hexdigest()
        assert manifest["outputs"][name] == digest
    for key in ("workbench_version", "git_commit", "config_sha256", "created_utc", "versions"):
        assert key in manifest
    assert manifest["versions"]["python"] and manifest["versions"]["xlsxwriter"] != "not installed"


@pytest.mark.slow
def test_geopackage_has_rooftop_layers_and_summary_layer_in_sweref(tmp_path):
    pkg = write_kommun_package("Luleå", tmp_path / "lulea", results=results(tmp_path))
    layers = dict(pyogrio.list_layers(pkg.geopackage))
    assert layers == {"buildings": "Polygon", "kommun_summary": "MultiPolygon"}
    layer = gpd.read_file(pkg.geopackage, layer="kommun_summary")
    assert layer.crs.to_epsg() == 3006 and len(layer) == 1
    row = layer.iloc[0]  # field names and values in the export language, as in the workbook
    assert row["Kommunkod (SCB)"] == "2580" and row["Årlig elproduktion (MWh)"] == 198.0
    assert row["Solelberäkning finns"] == "Ja" and row["Matchning sol–laddning finns"] == "Nej"
    assert row["Geometri"] == "kommungräns"
    buildings = gpd.read_file(pkg.geopackage, layer="buildings")
    assert buildings["Byggnadstyp"].iloc[2] == "Industri"  # industrial
    assert list(buildings["Möjlig installerad effekt (kWp)"]) == [10.0, 50.0, 200.0]
    # the municipality's polygon around the Luleå seat (65.584 N 22.154 E: about 830 km east,
    # 7 292 km north in SWEREF 99 TM), 2 028.7 km2 simplified
    x0, y0, x1, y1 = row.geometry.bounds
    assert x0 < 830_000 < x1 and y0 < 7_292_000 < y1
    assert row.geometry.area / 1e6 == pytest.approx(2028.7, abs=0.1)
    info = pyogrio.read_info(pkg.geopackage, layer="kommun_summary")
    assert (
        info["layer_metadata"]["config_sha256"] and "Luleå" in info["layer_metadata"]["DESCRIPTION"]
    )


@pytest.mark.slow
def test_html_is_self_contained_swedish_and_states_missing_parts(tmp_path):
    pkg = write_kommun_package(
        "Luleå", tmp_path / "lulea", results=results(tmp_path, with_fleet=False)
    )
    html = pkg.report.read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "Luleå kommun" in html
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:|#)""", html), "external reference"
    assert not re.search(r"url\((?!data:)", html)
    assert html.count('src="data:image/png;base64,') >= 3  # map, monthly, by type
    assert "Fordonsflotta" in html and "fleet/summary.json" in html  # missing part named
    assert '<div class="kf-value">198\u00a0MWh</div>' in html  # three significant figures
    assert '<td class="num">150\u00a0MWh</td>' in html  # 3 significant figures in tables
    assert re.search(r"Skapat \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.", html)  # not ISO T...Z
    # the figure's month, year, source and scope (SCB December 2025, not the 2015 figure)
    assert '<div class="kf-label">Folkmängd 31 december 2025 (SCB), hela kommunen</div>' in html
    assert '<div class="kf-value">80\u00a0304\u00a0invånare</div>' in html
    # assumption values in Swedish format (the default DC loss is 14.08 % since issue 13)
    assert "<td>pv.losses_pct</td><td>14,08</td>" in html
    assert "<td>pv.inverter_efficiency</td><td>0,96</td>" in html
    warning = re.search(r'<div class="warning" id="synthetic-warning">(.*?)</div>', html).group(1)
    assert warning == (
        "<p>Obs! Underlaget bygger helt eller delvis på syntetiska demodata:</p>"
        "<ul><li>byggnader med fotavtryck och byggnadstyp</li></ul>"
        "<p>Siffrorna visar metoden, inte de verkliga förhållandena.</p>"
    )


@pytest.mark.slow
def test_english_package(tmp_path):
    pkg = write_kommun_package("Kiruna", tmp_path / "kiruna", lang="en",
                               results=results(tmp_path, kommun="Kiruna"))  # fmt: skip
    assert openpyxl.load_workbook(pkg.workbook).sheetnames[0] == "Summary"
    html = pkg.report.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Kiruna municipality" in html and ">198\u00a0MWh<" in html
    layer = gpd.read_file(pkg.geopackage, layer="buildings")  # fields in English with --lang en
    assert layer["Building type"].iloc[2] == "Industrial"
    assert list(layer["Possible installed capacity (kWp)"]) == [10.0, 50.0, 200.0]


@pytest.mark.slow
def test_failure_mid_write_leaves_no_file_under_a_final_name(tmp_path, monkeypatch):
    folder = tmp_path / "lulea"
    calls = {"n": 0}
    original = excel_module._write_sheet

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full (injected)")
        return original(*args, **kwargs)

    monkeypatch.setattr(excel_module, "_write_sheet", failing)
    with pytest.raises(RuntimeError, match="injected"):
        write_kommun_package("Luleå", folder, results=results(tmp_path))
    assert not (folder / "lulea.xlsx").exists() and not (folder / "manifest.json").exists()
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]
    # a later good run writes everything; a failing re-run leaves the previous files intact
    monkeypatch.setattr(excel_module, "_write_sheet", original)
    pkg = write_kommun_package("Luleå", folder, results=results(tmp_path))
    before = pkg.workbook.read_bytes()
    calls["n"] = 0
    monkeypatch.setattr(excel_module, "_write_sheet", failing)
    with pytest.raises(RuntimeError):
        write_kommun_package("Luleå", folder, results=results(tmp_path))
    assert pkg.workbook.read_bytes() == before
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]


@pytest.mark.slow
def test_report_command_writes_an_english_package(tmp_path):
    from typer.testing import CliRunner

    from workbench.cli import app

    runner = CliRunner()
    bad = runner.invoke(
        app, ["report", "--kommun", "Arjeplog", "--lang", "de", "--out", str(tmp_path)]
    )
    assert bad.exit_code == 2 and "sv or en" in bad.output
    result = runner.invoke(
        app,
        ["report", "--kommun", "arjeplog", "--lang", "en", "--out", str(tmp_path), "--no-progress"],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "arjeplog"
    assert {"arjeplog.xlsx", "arjeplog.gpkg", "arjeplog.html", "manifest.json"} <= {
        p.name for p in folder.iterdir()
    }
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "en" and manifest["kommun_id_scb"] == "2506"
    # every part that ran is in the package; none is reported missing while its stage ran
    assert set(manifest["parts_available"]) | set(manifest["parts_missing"]) == {
        "solar",
        "fleet",
        "match",
        "strategy",
    }
    assert "strategy" in manifest["parts_available"]
    html = (folder / "arjeplog.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html


@pytest.mark.slow
def test_fixed_source_date_gives_identical_geopackage_and_no_gdal_side_files(tmp_path, monkeypatch):
    """write_kommun_package pins GDAL's GeoPackage time stamp itself (not only inside the demo),
    and reading the rooftop GeoPackage back (read_solar) leaves no ``.aux.xml`` beside it."""
    from workbench.export.readers import read_solar

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.setattr("workbench.core.provenance.git_commit", lambda: "0" * 40)  # shared tree
    data = results(tmp_path)
    first = write_kommun_package("Luleå", tmp_path / "a", results=data).geopackage.read_bytes()
    second = write_kommun_package("Luleå", tmp_path / "b", results=data).geopackage.read_bytes()
    assert first == second
    solar = tmp_path / "solar"
    solar.mkdir()
    (solar / "summary.json").write_text('{"annual_mwh": 1.0}', encoding="utf-8")
    (solar / "solar.gpkg").write_bytes(data.parts["solar"].gpkg.read_bytes())
    assert len(read_solar(solar).buildings) == len(data.parts["solar"].buildings)
    assert sorted(p.name for p in solar.iterdir()) == ["solar.gpkg", "summary.json"]
    assert not list(tmp_path.rglob("*.aux.xml"))


@pytest.mark.slow
def test_computation_notes_are_in_swedish_in_the_swedish_report(tmp_path):
    """Stage caveats are written in English by the stages; the Swedish report and the
    workbook's provenance sheet show them in Swedish (the match stage's upper-bound caveat and
    its selection rule, with the code value 'public' as its word), the English package as
    written."""
    from workbench.match.result import AGGREGATE_NOTE

    data = results(tmp_path)
    data.parts["solar"].notes = [
        AGGREGATE_NOTE,
        "selection of buildings: building_type == 'public'",
    ]
    pkg = write_kommun_package("Luleå", tmp_path / "lulea", results=data)
    html = pkg.report.read_text(encoding="utf-8")
    intro = html.index("<p>Anmärkningar från beräkningarna:</p>")
    upper = "så resultatet är en övre gräns för vad tak vid depåerna själva kan täcka."
    assert html.index(upper) > intro and "upper bound" not in html
    assert "<p>Solel (takpotential): Urval av byggnader: byggnadstyp Samhällsfunktion.</p>" in html
    assert "building_type" not in html and "på engelska" not in html
    about = openpyxl.load_workbook(pkg.workbook)["Om underlaget"].iter_rows(values_only=True)
    field = "Solel (takpotential) – anmärkning från beräkningen"
    assert [v[-len(upper) :] for f, v in about if f == field][0] == upper
    english = write_kommun_package("Luleå", tmp_path / "en", results=data, lang="en")
    assert AGGREGATE_NOTE in english.report.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_note_without_a_swedish_text_stops_the_swedish_package(tmp_path):
    """A new English caveat cannot slip into a Swedish report: it needs its template in
    workbench/i18n/sv.yaml (section notes) first."""
    from workbench import i18n

    data = results(tmp_path)
    data.parts["solar"].notes = ["weather: embedded typical year"]
    with pytest.raises(i18n.MissingLabelError, match="weather: embedded typical year"):
        write_kommun_package("Luleå", tmp_path / "lulea", results=data)


def test_unlabelled_key_figure_stops_the_package_before_any_file(tmp_path):
    """A key figure without a Swedish label raises and leaves the package folder empty."""
    from workbench import i18n

    data = results(tmp_path)
    data.parts["solar"].summary["mystery_kwh"] = 1.0
    folder = tmp_path / "lulea"
    with pytest.raises(i18n.MissingLabelError, match="mystery_kwh"):
        write_kommun_package("Luleå", folder, results=data)
    assert list(folder.iterdir()) == []


def test_every_figure_caption_says_where_when_and_which_scenario(tmp_path):
    """An officer can place every chart of the report from its caption alone: the solar charts
    name the municipality and the typical weather year, the fleet charts the years and the
    headline scenario (before: "Beräknad solelproduktion per månad", "Fordon per drivlina och
    år", with neither)."""
    pkg = write_kommun_package("Luleå", tmp_path / "lulea", results=results(tmp_path))
    html = pkg.report.read_text(encoding="utf-8")
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S)
    by_start = {c.split(" ")[0]: c for c in captions}
    assert "Luleå" in by_start["Beräknad"] and "typiskt väderår" in by_start["Beräknad"]
    fleet = [c for c in captions if "egna fordon" in c]
    assert fleet, captions  # the fixture has the yearly table (emissions), not the stock
    for caption in fleet:
        assert re.search(r"\b20\d\d–20\d\d\b", caption), caption
        assert "scenario standardantaganden" in caption, caption
