"""The basis of the seats' monthly climatology: sourced (Luleå TMYx) or an estimate with its
method, per seat and column, and the estimate label in every export that uses it.

No citable per-seat table (SMHI normals 1991–2020, PVGIS, STRÅNG) was found for the 13 seats
other than Luleå (docs/weather.md, "Climatology of the seats: sources and estimates"), so their
GHI and temperatures are estimates: the exports must say so ("Uppskattning", "ej verifierad
källa") with the method, in Swedish by default and in English on request.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pyogrio
import pytest
from export_fixtures import results

from workbench.config import load_scenario
from workbench.export.content import assumptions_for, report_content, workbook_sheets
from workbench.export.package import provenance, write_kommun_package
from workbench.export.report import render
from workbench.reference import climate
from workbench.reference import kommuner as km

DERIVED = [k for k in km.all_kommuner() if k.kommun_id_scb != "2580"]
CREATED = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
KEY = "solar.climatology.ghi_annual_kwh_m2"
# the method, as the Swedish exports word it (workbench/i18n/sv.yaml climatology_estimate_*)
METHOD_SV = ("klar himmel (pvlib) gånger klarheten i Luleås uppmätta typår",
             "ur minnet av SMHI:s normalvärden 1991–2020")  # fmt: skip


def test_every_seat_and_column_has_a_basis_and_only_lulea_is_sourced():
    for k in km.all_kommuner():
        seat = climate.seat_basis(k)
        assert seat["kommun"] == k.name and seat["region"] in ("coast", "inland")
        assert set(seat["columns"]) == set(climate.VALUE_COLUMNS)
        for column, info in seat["columns"].items():
            assert info["method"], (k.name, column)
            if k.name == "Luleå":
                assert info == {**info, "basis": "sourced", "verified": True}
            else:
                assert info["basis"] == "estimate" and info["verified"] is False, (k.name, column)
        basis = set(climate.monthly_climatology(k)["basis"])
        assert basis == ({"sourced (Luleå TMYx 2009–2023)"} if k.name == "Luleå"
                         else {f"estimate ({seat['region']})"})  # fmt: skip


def test_the_assumption_rows_are_the_table_values():
    """Annual GHI = sum of the 12 monthly values of data/climate/kommun_monthly.csv; January and
    July are the table's rows (Kiruna: 0.79 + 11.56 + 57.06 + 103.94 + 157.4 + 174.45 + 154.27
    + 113.9 + 57.16 + 21.8 + 1.65 + 0.0 = 853.98 -> 854 kWh/m², January −12.5, July 13.0 °C)."""
    for k in km.all_kommuner():
        df = climate.monthly_climatology(k)
        rows = climate.climatology_assumptions(k).set_index("key")["value"]
        assert rows["ghi_annual_kwh_m2"] == round(df["ghi_kwh_m2"].sum())
        assert rows["temp_jan_c"] == round(df.loc[1, "temp_air_c"], 1)
        assert rows["temp_jul_c"] == round(df.loc[7, "temp_air_c"], 1)
    assert climate.climatology_assumptions("Kiruna").set_index("key")["value"].to_dict() == {
        "ghi_annual_kwh_m2": 854.0, "temp_jan_c": -12.5, "temp_jul_c": 13.0}  # fmt: skip


def test_january_estimates_against_smhis_coldest_station_normal():
    """Published bound: SMHI, "Nya normaltemperaturer - Lite kuriosa" (blog Väderleken,
    https://www.smhi.se/bloggar/vaderleken-2-3336/nya-normaltemperaturer-lite-kuriosa-1.175537),
    "Lägst normal månadsmedeltemperatur": Randijaur has the lowest normal monthly mean of all
    SMHI stations for 1991–2020, −15.1 °C in January. No seat's 1991–2020 January normal can be
    colder. Pajala's estimate (−15.5 °C, recalled from memory) is, so it is not an SMHI normal:
    the metadata records the check and its result; the value stays labelled an estimate."""
    bound = -15.1
    jan = {k.name: climate.monthly_climatology(k).loc[1, "temp_air_c"] for k in km.all_kommuner()}
    assert {name for name, t in jan.items() if t < bound} == {"Pajala"}
    check = climate.seat_basis("Pajala")["checks"][0]
    assert check["value"].startswith("-15.1") and "1.175537" in check["source"]
    assert check["used"] is False and "cannot be Pajala's normal" in check["result"]


def _fixture(tmp_path, k: km.Kommun):
    res = results(tmp_path, kommun=k.slug)
    return res, load_scenario("default")


@pytest.mark.parametrize("kommun", DERIVED, ids=[k.slug for k in DERIVED])
def test_every_derived_seat_is_an_estimate_in_the_workbook_and_the_report(tmp_path, kommun):
    """Workbook assumptions sheet and report HTML (fast export fixtures, Swedish): the seat's
    annual GHI row says "Uppskattning", the method and "ej verifierad källa"; the report's key
    assumptions show it and its banner says the typical year's monthly values are an estimate."""
    res, sc = _fixture(tmp_path, kommun)
    assumptions = assumptions_for(res, sc, "sv")
    sheet = {s.key: s.frame for s in workbook_sheets(res, assumptions, {}, "sv")}["assumptions"]
    row = sheet.set_index("key").loc[KEY]
    expected = round(climate.monthly_climatology(kommun)["ghi_kwh_m2"].sum())
    assert row["value"] == expected and row["unit"] == "kWh/m²" and row["group"] == "Solel på tak"
    assert row["source"] == "Climate.OneBuilding.Org TMYx 2009–2023, Luleå (WMO 021860)"
    assert row["source_note"].startswith("Uppskattning, inte mätt vid centralorten")
    assert (
        row["source_note"].endswith("(ej verifierad källa)") and METHOD_SV[0] in row["source_note"]
    )
    temp = sheet.set_index("key").loc["solar.climatology.temp_jan_c", "source_note"]
    assert temp.startswith("Uppskattning") and METHOD_SV[1] in temp
    assert kommun.name in sheet.set_index("key").loc[KEY, "description"]
    synthetic = ["buildings", f"weather_typical_year_{kommun.slug}"]
    prov = provenance(sc, CREATED, "sv", {}, synthetic, kommun=kommun)
    report = report_content(res, assumptions, prov, "sv")
    report.synthetic_inputs = synthetic
    html = render(report)
    body = html.split('id="assumptions-appendix"')[0]
    assert "Global instrålning per år vid centralorten" in body  # key assumptions, report body
    assert "Uppskattning, inte mätt vid centralorten" in body and METHOD_SV[0] in body
    assert "ej verifierad källa" in body
    banner = html.split('id="synthetic-warning">')[1].split("</div>")[0]
    assert "månadsvärden för centralorten som är en uppskattning" in banner
    assert "ur minnet av SMHI:s normalvärden" in banner and "TMYx" in banner


def test_lulea_is_sourced_and_the_english_option_says_estimate(tmp_path):
    res, sc = _fixture(tmp_path, km.get("Luleå"))
    row = assumptions_for(res, sc, "sv").set_index("key").loc[KEY]
    assert row["value"] == 944 and row["source"].startswith("Climate.OneBuilding.Org TMYx")
    assert (
        row["source_note"]
        == "Filens månadsvärden för Luleå flygplats (instrålningen kommer från ERA5)"
    )
    res, sc = _fixture(tmp_path, km.get("Kiruna"))
    en = assumptions_for(res, sc, "en").set_index("key").loc[KEY]
    assert en["source_note"].startswith("Estimate, not measured at the seat")
    assert en["source_note"].endswith("(source not verified)")


def test_no_climatology_row_when_the_solar_part_ran_on_a_weather_file(tmp_path):
    res, sc = _fixture(tmp_path, km.get("Kiruna"))
    res.parts["solar"].context["weather_source"] = "EPW SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
    assert not assumptions_for(res, sc, "sv")["key"].str.startswith("solar.climatology").any()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Kiruna", "Luleå"])
def test_package_files_carry_the_climatology_basis(tmp_path, name):
    """The written package: workbook sheet "Antaganden", report HTML, GeoPackage layer metadata
    and manifest.json say what the seat's climatology is."""
    k = km.get(name)
    synthetic = ["buildings", f"weather_typical_year_{k.slug}"]
    pkg = write_kommun_package(k, tmp_path / k.slug, results=results(tmp_path, kommun=k.slug),
                               synthetic_inputs=synthetic, created=CREATED)  # fmt: skip
    book = openpyxl.load_workbook(pkg.workbook, read_only=True)
    rows = pd.DataFrame(book["Antaganden"].iter_rows(values_only=True))
    text = " ".join(str(v) for v in rows.to_numpy().ravel() if v is not None)
    html = pkg.report.read_text(encoding="utf-8")
    meta = pyogrio.read_info(pkg.geopackage, layer="kommun_summary")["layer_metadata"]
    manifest = json.loads(pkg.manifest.read_text(encoding="utf-8"))["climatology"]
    estimate = name != "Luleå"
    assert manifest["is_estimate"] is estimate
    assert manifest["columns"]["temp_air_c"]["basis"] == ("estimate" if estimate else "sourced")
    assert manifest["values"]["ghi_annual_kwh_m2"]["value"] == (854.0 if estimate else 944.0)
    assert ("uppskattning" in meta["weather_climatology"].lower()) is estimate
    for found in (text, html):  # (the snow loss profile is an estimate for every seat)
        assert ("Uppskattning, inte mätt vid centralorten" in found) is estimate, found[:200]
    assert "Luleås uppmätta typår TMYx" in meta["weather_climatology"]
