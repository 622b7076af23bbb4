"""A catalogue of bad, odd and hostile inputs: each case asserts its exact outcome.

Every case id starts with the outcome it asserts, so the catalogue can be counted by outcome
(``pytest --collect-only -q tests/test_bad_inputs.py``):

* ``error-``: refused with a workbench error (exit code 2 on the command line) naming the file,
  row, column or value and what is expected;
* ``excl-``: run, with the feature in the excluded table under a named reason and the counts
  adding up (``n_input = n_included + n_excluded``);
* ``edge-``: an odd but valid input, read correctly (the values asserted);
* ``safe-``: a hostile value made harmless (formula cells neutralised, alias bombs refused fast);
* ``fault-``: a run interrupted or broken inside, leaving a complete old or new package.

Small files made here; no case runs a whole municipality except the package fault tests.

Catalogue: 163 tests, of which 93 ``error-``, 30 ``edge-``, 4 ``excl-``, 14 ``safe-`` and
17 ``fault-`` cases; the other 5 are the 4 hypothesis property tests (register, scenario twice,
weather) and the ``--debug`` traceback check. Counted from ``pytest --collect-only -q`` by the
case id's prefix, or the test name's (``test_error_...``) where a test has no parameters; update
these numbers with the cases.
"""

from __future__ import annotations

import csv
import errno
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import requests
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import buildings
from workbench.buildings.stream import BuildingStream
from workbench.cli import main
from workbench.config import ConfigError, Scenario, load_scenario
from workbench.core import boundary, download, outputs
from workbench.core.errors import InputError
from workbench.fleet.register import read_register
from workbench.fleet.report import register_report

# --------------------------------------------------------------------------- helpers

#: Two vehicles with Swedish headers, semicolons: the base of the register cases.
REGISTER = (
    "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Ägande;Leasingslut\n"
    "ABC123;Personbil;Bensin;2018;12000;Ägd;\n"
    "ABC124;Personbil;Diesel;2019;15000;Leasad;2027-05-31\n"
)
#: A 20 m x 10 m house at Luleå (SWEREF 99 TM).
HOUSE = shapely.box(830000, 7292000, 830020, 7292010)


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    """Exit code and stderr of ``workbench ARGS`` run in this process (the real entry point)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def footprints(tmp_path: Path, ext: str, frame: gpd.GeoDataFrame | None = None) -> Path:
    """``frame`` (default: one house) written as ``footprints.<ext>``."""
    frame = frame if frame is not None else houses([HOUSE])
    path = tmp_path / f"footprints.{ext}"
    if ext == "parquet":
        frame.to_parquet(path)
    else:
        frame.to_file(path)
    return path


def houses(geoms, **columns) -> gpd.GeoDataFrame:
    data = {"objektidentitet": [f"b{i}" for i in range(len(geoms))],
            "andamal_1": ["Bostad; Småhus friliggande"] * len(geoms), **columns}  # fmt: skip
    return gpd.GeoDataFrame(data, geometry=list(geoms), crs=3006)


# --------------------------------------------------------------------------- footprint files

FOOTPRINT_FORMATS = ("gpkg", "geojson", "shp", "parquet")
FORMAT_NAMES = {"gpkg": "GeoPackage", "geojson": "GeoJSON", "shp": "Shapefile",
                "parquet": "GeoParquet"}  # fmt: skip


def _empty(tmp_path, ext):
    path = tmp_path / f"empty.{ext}"
    path.write_bytes(b"")
    return path, "an empty file (0 bytes)"


def _random(tmp_path, ext):
    path = tmp_path / f"random.{ext}"
    path.write_bytes(bytes(range(256)) * 12)
    messages = {"parquet": "Parquet magic bytes not found", "shp": "not recognized as"}
    return path, messages.get(ext, "not recognized as being in a supported file format")


def _truncated(tmp_path, ext):
    good = footprints(tmp_path, ext)
    path = tmp_path / f"cut.{ext}"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    messages = {"gpkg": "malformed", "geojson": "Unterminated", "shp": "Unable to open",
                "parquet": "Parquet magic bytes not found"}  # fmt: skip
    return path, messages[ext]


@pytest.mark.parametrize("ext", FOOTPRINT_FORMATS)
@pytest.mark.parametrize(
    "make", [_empty, _random, _truncated], ids=["error-empty", "error-random", "error-cut"]
)
def test_error_footprint_file_unreadable(tmp_path, make, ext):
    """Empty, random and truncated files of every format: an InputError naming the file, the
    format expected and what the library said (no pyogrio/pyarrow traceback)."""
    path, said = make(tmp_path, ext)
    with pytest.raises(InputError) as caught:
        buildings.read(path)
    problem = caught.value.problems[0]
    assert problem.source == str(path)
    assert FORMAT_NAMES[ext] in problem.expected and said in str(problem.value)


def _geo_metadata(tmp_path: Path, geo: bytes | str) -> Path:
    table = pq.read_table(footprints(tmp_path, "parquet"))
    meta = {**table.schema.metadata, b"geo": geo if isinstance(geo, bytes) else geo.encode()}
    path = tmp_path / "broken_geo.parquet"
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path


GEO_CRS_NONSENSE = json.dumps({"primary_column": "geometry", "version": "1.0.0",
                               "columns": {"geometry": {"encoding": "WKB", "crs": "nonsense"}}})  # fmt: skip


@pytest.mark.parametrize(
    ("geo", "column", "value"),
    [
        (b"{not json", None, "not JSON"),
        ('{"columns": {}}', None, '{"columns": {}}'),
        ('{"primary_column": "geom", "columns": {"geometry": {}}}', None, "geom"),
        ('["a list"]', None, '["a list"]'),
        (GEO_CRS_NONSENSE, "geometry", "nonsense"),
    ],
    ids=["error-geo-not-json", "error-geo-no-primary", "error-geo-wrong-primary",
         "error-geo-list", "error-geo-crs"],
)  # fmt: skip
def test_geoparquet_with_broken_geo_metadata(tmp_path, geo, column, value):
    path = _geo_metadata(tmp_path, geo)
    with pytest.raises(InputError) as caught:
        buildings.read(path)
    problem = caught.value.problems[0]
    assert problem.source == str(path) and problem.column == column
    assert value in str(problem.value) and "'geo' metadata" in problem.expected


def test_error_unknown_crs_names_value(tmp_path):
    with pytest.raises(InputError) as caught:
        buildings.read(footprints(tmp_path, "gpkg"), crs="EPSG:99999")
    problem = caught.value.problems[0]
    assert (problem.source, problem.value) == ("--crs", "EPSG:99999")
    assert "EPSG:3006" in problem.expected


def test_error_unknown_layer_lists_layers(tmp_path):
    path = footprints(tmp_path, "gpkg")
    with pytest.raises(InputError) as caught:
        buildings.read(path, layer="byggnader")
    problem = caught.value.problems[0]
    assert problem.value == "byggnader" and "one of its layers: footprints" in problem.expected


# --------------------------------------------------------------------------- register files


def _register(tmp_path: Path, text: str | bytes, name: str = "fordon.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "value", "expected"),
    [
        ("fordon.xlsx", REGISTER, "a text file (CSV?) renamed to .xlsx", "Excel workbook"),
        ("fordon.xlsx", bytes(range(256)) * 8, "not a workbook", "Excel workbook"),
        ("fordon.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
         "an Excel 97-2003 workbook (.xls)", "save it as .xlsx"),
        ("fordon.xlsx", b"PK\x03\x04" + bytes(range(200)), "File is not a zip file",
         "Excel workbook"),
        ("fordon.csv", b"\x00\x01\x02\x03" * 300, "binary data (NUL bytes)", "a text file"),
    ],
    ids=["error-csv-renamed-xlsx", "error-random-xlsx", "error-old-xls", "error-broken-zip-xlsx",
         "error-binary-csv"],
)  # fmt: skip
def test_register_file_that_is_not_a_register(tmp_path, name, content, value, expected):
    path = _register(tmp_path, content, name)
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = caught.value.problems[0]
    assert problem.source == str(path) and value in str(problem.value)
    assert expected in problem.expected


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),  # Excel's "Unicode text": UTF-16 LE with BOM, tabs
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("cp1252"),
        lambda t: t.encode("utf-8-sig"),
    ],
    ids=["edge-utf16-bom", "edge-utf16le", "edge-utf16be", "edge-cp1252", "edge-utf8-bom"],
)
def test_register_encodings_read_the_same(tmp_path, encode):
    path = _register(tmp_path, encode(REGISTER.replace(";", "\t")), "fordon.txt")
    register = read_register(path)
    assert list(register["vehicle_id"]) == ["ABC123", "ABC124"]
    assert list(register["annual_km"]) == [12000.0, 15000.0]
    assert list(register["ownership"]) == ["owned", "leased"]


@pytest.mark.parametrize(
    "end", ["9999-12-31", "2500-01-01", "1066-10-14"],
    ids=["error-lease-end-9999", "error-lease-end-2500", "error-lease-end-1066"],
)  # fmt: skip
def test_lease_end_outside_the_date_range(tmp_path, end):
    path = _register(tmp_path, REGISTER.replace("2027-05-31", end))
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "contract_end", end)
    assert "1970–2200" in problem.expected


# --------------------------------------------------------------------------- command line


def test_error_out_is_an_existing_file(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    code, err = run_cli(["fleet", "-k", "Pajala", "-o", str(tmp_path / "taken")], capsys)
    assert code == 2
    assert err == (f"error: {tmp_path / 'taken'}: cannot write (File exists); expected a folder "
                   "(a file of that name is in the way)\n")  # fmt: skip


def test_error_out_below_a_file(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    code, err = run_cli(["fleet", "-k", "Pajala", "-o", str(tmp_path / "taken" / "sub")], capsys)
    assert (code, err) == (2, f"error: {tmp_path / 'taken'}: cannot write (File exists); expected "
                           "a folder (a file of that name is in the way)\n")  # fmt: skip


@pytest.mark.parametrize(
    ("code_", "needs"),
    [
        (errno.EROFS, "a folder on a writable file system (this one is read-only)"),
        (errno.EACCES, "a folder the workbench may write to (permission denied)"),
        (errno.ENOSPC, "free space on the disk (it is full)"),
    ],
    ids=["error-out-read-only", "error-out-permission", "error-out-disk-full"],
)
@pytest.mark.slow
def test_out_read_only_or_full(tmp_path, capsys, monkeypatch, code_, needs):
    """The machine refuses the write (simulated at the rename of the finished file: this suite
    runs as root, which a read-only mode does not stop): one line naming the file."""

    def refuse(self, target):
        raise OSError(code_, os.strerror(code_), str(target))

    monkeypatch.setattr(Path, "replace", refuse)
    code, err = run_cli(["fleet", "-k", "Pajala", "-o", str(tmp_path / "o")], capsys)
    assert code == 2 and err.count("\n") == 1
    assert re.fullmatch(rf"error: {re.escape(str(tmp_path / 'o'))}/\S+: cannot write "
                        rf"\({re.escape(os.strerror(code_))}\); expected {re.escape(needs)}\n",
                        err)  # fmt: skip


@pytest.mark.parametrize("value", ["abc", "-1", "2.5", "x" * 500],
                         ids=["error-jobs-abc", "error-jobs-negative", "error-jobs-float",
                              "error-jobs-long"])  # fmt: skip
@pytest.mark.slow
def test_workbench_jobs_not_a_number(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("WORKBENCH_JOBS", value)
    code, err = run_cli(["demo", "-k", "Pajala", "-o", str(tmp_path)], capsys)
    assert code == 2 and "WORKBENCH_JOBS=" in err and "expected a whole number" in err
    assert len(err) < 300  # a 500-character value is cut


@pytest.mark.parametrize("year", ["1800", "2200"], ids=["error-match-year-1800",
                                                        "error-match-year-2200"])  # fmt: skip
def test_match_year_outside_horizon(tmp_path, capsys, year):
    code, err = run_cli(["match", "-k", "Pajala", "-o", str(tmp_path), "--year", year], capsys)
    assert code == 2
    assert f"{year}: expected a year of the fleet plan's horizon 2025–2045" in err


def test_error_weather_fetch_offline(tmp_path, capsys, monkeypatch):
    """No network: the named host and what to do, exit 2 (retries without waiting)."""

    def offline(request):
        raise requests.ConnectionError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(download, "http_transport", offline)
    monkeypatch.setattr(download.Retry, "waits", lambda self: [0.0] * (self.attempts - 1))
    code, err = run_cli(["weather", "fetch", "-k", "Pajala", "--folder", str(tmp_path)], capsys)
    assert code == 2 and "re.jrc.ec.europa.eu" in err and "(after 4 attempts)" in err
    assert "Traceback" not in err and not list(tmp_path.glob("*.json"))


def test_error_cli_bad_footprints_exit_2(tmp_path, capsys):
    bad = tmp_path / "hus.gpkg"
    bad.write_bytes(b"SQLite format 3\x00" + bytes(500))
    code, err = run_cli(["solar", "-k", "Luleå", "-b", str(bad), "-o", str(tmp_path / "o")],
                        capsys)  # fmt: skip
    assert code == 2 and err.startswith(f"error: {bad}: cannot be read") and "Traceback" not in err


def test_error_cli_unknown_crs_exit_2(tmp_path, capsys):
    path = footprints(tmp_path, "gpkg")
    code, err = run_cli(["solar", "-k", "Luleå", "-b", str(path), "--crs", "EPSG:99999", "-o",
                         str(tmp_path / "o")], capsys)  # fmt: skip
    assert code == 2 and "--crs: value 'EPSG:99999'" in err


def test_fault_unexpected_error_logs_traceback(tmp_path, capsys, monkeypatch):
    """A bug (here a KeyError inside the fleet stage): one line naming the log file, exit 3; the
    log holds the traceback; --debug prints it."""
    monkeypatch.setenv(boundary.LOG_ENV, str(tmp_path / "logs"))

    def bug(*args, **kwargs):
        raise KeyError("vehicle_class")

    monkeypatch.setattr("workbench.fleet.run.run", bug)
    code, err = run_cli(["fleet", "-k", "Pajala", "-o", str(tmp_path / "o")], capsys)
    logs = list((tmp_path / "logs").glob("workbench-*.log"))
    assert code == 3 and len(logs) == 1 and err.count("\n") == 1
    assert err.startswith("internal error: KeyError: 'vehicle_class'") and str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "fleet -k Pajala" in text
    code, err = run_cli(["--debug", "fleet", "-k", "Pajala", "-o", str(tmp_path / "o")], capsys)
    assert code == 3 and "Traceback (most recent call last)" in err


def test_debug_shows_traceback_of_user_error(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    code, err = run_cli(["--debug", "fleet", "-k", "Pajala", "-o", str(tmp_path / "taken")],
                        capsys)  # fmt: skip
    assert code == 2 and "Traceback" in err and err.rstrip().endswith("is in the way)")


# --------------------------------------------------------------------------- formula injection

HOSTILE_REGISTER = (
    "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Förvaltning;Depå\n"
    '"=HYPERLINK(""http://x"";""y"")";Personbil;Bensin;2018;12000;'
    "=cmd|' /C calc'!A0;@depot\n"
    "ABC124;Lätt lastbil;Diesel;2015;15000;+Teknik;-Gata\n"
)


def formula_cells(folder: Path) -> list[tuple[str, str]]:
    """Every (file, cell) of the CSV files below ``folder`` that a spreadsheet would run as a
    formula: starts with = + - @ tab or CR and is not a plain number."""
    found = []
    for path in sorted(folder.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                found += [(path.name, c) for c in row
                          if c.startswith(outputs.FORMULA_STARTS) and not NUMBER.fullmatch(c)]  # fmt: skip
    return found


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"), ("+kommun", "'+kommun"), ("-Gata", "'-Gata"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\r=x", "'\r=x"), ("-2+3", "'-2+3"),
        ("-12.5", "-12.5"), ("+3", "+3"), ("-1e5", "-1e5"), ("Kiruna", "Kiruna"), ("", ""),
        (-3.5, -3.5), (7, 7), (None, None),
    ],
    ids=[f"safe-{i}" for i in range(7)] + [f"edge-{i}" for i in range(8)],
)  # fmt: skip
def test_neutralise_cell(cell, written):
    assert outputs.neutralise_cell(cell) == written


@pytest.mark.slow
def test_safe_hostile_register_through_fleet_stage(tmp_path, capsys):
    """A register with formula cells in id, department and depot: every CSV of the stage holds
    them with a leading quote, the Parquet tables keep the values as given, numbers stay
    numbers (a negative number is written as one)."""
    path = _register(tmp_path, HOSTILE_REGISTER)
    out = tmp_path / "fleet"
    code, err = run_cli(["fleet", "-k", "Luleå", "-r", str(path), "-o", str(out)], capsys)
    assert code == 0, err
    assert formula_cells(out) == []
    vehicles = pd.read_csv(out / "vehicles.csv", keep_default_na=False)
    assert list(vehicles["vehicle_id"]) == ['\'=HYPERLINK("HTTP://X";"Y")', "ABC124"]
    assert list(vehicles["depot"]) == ["'@depot", "'-Gata"]
    kept = pd.read_parquet(out / "vehicles.parquet")
    assert list(kept["depot"]) == ["@depot", "-Gata"]


def test_edge_negative_numbers_stay_numbers(tmp_path):
    """Numeric columns are written as numbers; only text cells are quoted."""
    frame = pd.DataFrame({"depot": ["-Gata", "=1+1"], "change_sek": [-1250.5, 3.0],
                          "n": [-2, 4], "label": pd.Series(["-5", "@x"], dtype="string")})  # fmt: skip
    outputs.write_csv(tmp_path / "t.csv", frame)
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == (
        "depot,change_sek,n,label\n'-Gata,-1250.5,-2,-5\n'=1+1,3.0,4,'@x\n"
    )


@pytest.mark.slow
def test_safe_hostile_footprint_attributes_through_match_stage(tmp_path, capsys):
    """Hostile building ids (a residential building not selected, a feature without purpose
    excluded) reach the match stage's CSVs neutralised."""
    frame = houses([HOUSE, shapely.box(830100, 7292000, 830130, 7292020),
                    shapely.box(830200, 7292000, 830230, 7292020)],
                   andamal1=["Samhällsfunktion;Skola", "Bostad;Småhus friliggande", "?"])  # fmt: skip
    frame["objektidentitet"] = ["skola", "=cmd|' /C calc'!A0", "@SUM(1+1)"]
    path = footprints(tmp_path, "gpkg", frame.drop(columns="andamal_1"))
    reg = _register(tmp_path, REGISTER)
    out = tmp_path / "match"
    code, err = run_cli(["match", "-k", "Luleå", "-b", str(path), "-r", str(reg), "-o", str(out),
                         "--year", "2030", "--no-smart"], capsys)  # fmt: skip
    assert code == 0, err
    assert formula_cells(out) == []
    not_selected = pd.read_csv(out / "not_selected.csv")
    assert "'=cmd|' /C calc'!A0" in set(not_selected["building_id"])


# --------------------------------------------------------------------------- scenario files

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _scenario(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "scenario.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "its aliases (*name) expand to 490,329,064 values; expected at most 20,000"),
        ("base: &b {}\n" + "".join(f"k{i}: *b\n" for i in range(101)),
         "line 102: more than 100 YAML aliases"),
        ("fleet: {base_year: 2025}\npv: {losses_pct: 10}\nfleet: {end_year: 2040}\n",
         "key 'fleet' is given twice (lines 1 and 3)"),
        ("fleet:\n  base_year: 2025\n  base_year: 2026\n",
         "key 'base_year' is given twice (lines 2 and 3)"),
        ("description: " + "x" * 1_000_001 + "\n", "bytes; expected a scenario file of at most"),
        ("fleet: {target_fossil_cut_pct: true}\n",
         "'fleet.target_fossil_cut_pct' = True: Input should be a valid number"),
        ("fleet: {target_fossil_cut_pct: '80'}\n",
         "'fleet.target_fossil_cut_pct' = '80': Input should be a valid number"),
        ("fleet: {allow_early_replacement: 'yes'}\n",
         "'fleet.allow_early_replacement' = 'yes': Input should be a valid boolean"),
        ("fleet: {base_year: 2025.5}\n", "'fleet.base_year' = 2025.5: Input should be a valid integer"),
        ("pv: {losses_pct: [1, 2]}\n", "'pv.losses_pct' = [1, 2]: Input should be a valid number"),
        ("pv: {nonsense: " + "y" * 5000 + "}\n", "… (4802 more characters): unknown key"),
        ("fleet: !!python/object/apply:os.system [echo hi]\n", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping of keys to values, got list"),
        (b"name: \xff\xfe\n", "not UTF-8 text"),
        ("pv: {losses_pct: [1\n", "not valid YAML"),
        ("match: {battery: {capacity_kwh: .inf, power_kw: 50}}\n",
         "'match.battery.capacity_kwh' = inf: Input should be a finite number"),
        ("match: {battery: {capacity_kwh: .nan, power_kw: 50}}\n",
         "'match.battery.capacity_kwh' = nan: Input should be a finite number"),
        ("match: {battery: {capacity_kwh: 1.0e+12, power_kw: 50}}\n",
         "'match.battery.capacity_kwh' = 1000000000000.0: Input should be less than or equal"),
    ],
    ids=["safe-alias-bomb", "safe-too-many-aliases", "error-duplicate-section",
         "error-duplicate-key", "safe-file-too-large", "error-bool-as-number",
         "error-string-as-number", "error-string-as-bool", "error-float-as-int", "error-list-as-number",
         "error-long-value-cut", "safe-python-tag", "error-not-a-mapping", "error-not-utf8",
         "error-broken-yaml", "error-infinite-battery", "error-nan-battery", "error-absurd-battery"],
)  # fmt: skip
def test_scenario_file_refused(tmp_path, text, message):
    """Each refused in well under a second, with the file named and a short message."""
    path = _scenario(tmp_path, text)
    start = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert time.perf_counter() - start < 1.0
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    assert len(str(caught.value)) < 1500


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("", lambda sc: sc.fleet.target_fossil_cut_pct == Scenario().fleet.target_fossil_cut_pct),
        ("pv: {losses_pct: 12}\n", lambda sc: sc.pv.losses_pct == 12.0),
        ("fleet: {allow_early_replacement: yes}\n", lambda sc: sc.fleet.allow_early_replacement),
        ("x: &m {losses_pct: 11}\n", None),
    ],
    ids=["edge-empty-file", "edge-int-as-float", "edge-yaml-yes", "error-anchor-unknown-key"],
)
def test_scenario_edges(tmp_path, text, check):
    path = _scenario(tmp_path, text)
    if check is None:
        with pytest.raises(ConfigError, match="'x' = .*unknown key"):
            load_scenario(path)
        return
    assert check(load_scenario(path))


def test_safe_cli_alias_bomb_exit_2_fast(tmp_path, capsys):
    path = _scenario(tmp_path, BOMB)
    start = time.perf_counter()
    code, err = run_cli(["config", "--scenario", str(path)], capsys)
    assert code == 2 and time.perf_counter() - start < 2.0
    assert err.startswith(f"error: {path}: invalid configuration") and len(err) < 400


# --------------------------------------------------------------------------- property-based

DEFAULT_YAML = (Path(__file__).parents[1] / "data" / "scenarios" / "default.yaml").read_text(
    encoding="utf-8"
)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["80", "yes", "1e309", "-0", "2025-01-01", "&a", "*a", "!!str", "{", "- x"]),
)  # fmt: skip


@FUZZ
@given(data=st.data())
@pytest.mark.slow
def test_scenario_loader_mutated_default_never_crashes(tmp_path, data):
    """A line of the shipped default scenario with its value replaced by anything YAML can
    say: the loader gives a scenario whose declared ranges hold, or a ConfigError."""
    lines = DEFAULT_YAML.splitlines()
    valued = [i for i, ln in enumerate(lines) if re.match(r"\s*\w+:\s*\S", ln) and
              not ln.lstrip().startswith("#")]  # fmt: skip
    i = data.draw(st.sampled_from(valued))
    key = lines[i].split(":")[0]
    value = data.draw(SCALARS)
    lines[i] = f"{key}: {json.dumps(value) if not isinstance(value, str) else value}"
    path = _scenario(tmp_path, "\n".join(lines) + "\n")
    try:
        sc = load_scenario(path)
    except ConfigError:
        return
    assert 0 <= sc.pv.losses_pct <= 100
    assert 0 <= sc.fleet.target_fossil_cut_pct <= 100
    assert sc.fleet.base_year < sc.fleet.end_year
    assert all(math.isfinite(v) for v in _numbers(sc.model_dump()))


def _numbers(tree) -> list[float]:
    if isinstance(tree, dict):
        return [x for v in tree.values() for x in _numbers(v)]
    if isinstance(tree, list | tuple):
        return [x for v in tree for x in _numbers(v)]
    return [float(tree)] if isinstance(tree, int | float) and not isinstance(tree, bool) else []


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("ab:-&*[]{}!, \n'\"1.#?|>")), max_size=200))
def test_scenario_loader_random_yaml_never_crashes(tmp_path, text):
    path = _scenario(tmp_path, text)
    try:
        load_scenario(path)
    except ConfigError:
        pass


REGISTER_CELLS = st.one_of(
    st.text(max_size=12), st.integers(-(10**7), 10**7).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["12,500", "2019,7", "1.000.000", "-5", "=1+1", "", " ", "Personbil",
                     "Buss", "El", "HVO", "2100-01-01", "0", "1e9", "Leasad", "Ägd", "ABC123"]),
)  # fmt: skip


@FUZZ
@given(data=st.data())
@pytest.mark.slow
def test_register_reader_mutated_cells_never_crash(tmp_path, data):
    """Any cell of the base register replaced by anything: InputError, or a register whose
    every value is inside its declared range."""
    rows = [line.split(";") for line in REGISTER.splitlines()]
    for _ in range(data.draw(st.integers(1, 4))):
        r = data.draw(st.integers(0, len(rows) - 1))
        c = data.draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = data.draw(REGISTER_CELLS).replace(";", ",").replace("\n", " ")
    sep = data.draw(st.sampled_from([";", ",", "\t"]))
    text = "\n".join(sep.join(f'"{c}"' if sep in c else c for c in row) for row in rows) + "\n"
    path = _register(tmp_path, text.encode(data.draw(st.sampled_from(["utf-8", "utf-16"]))))
    try:
        register = read_register(path)
    except InputError:
        return
    assert register["vehicle_id"].is_unique and len(register) <= 2
    assert register["annual_km"].between(0, 400_000).all()
    assert register["model_year"].between(1970, 2100).all()
    assert set(register["vehicle_class"]) <= {"car", "van", "truck", "bus", "machine"}
    assert register["contract_end"].dropna().dt.year.between(1970, 2200).all()


# --------------------------------------------------------------------------- register content


def _workbook(tmp_path: Path, sheets: dict[str, list[list]]) -> Path:
    path = tmp_path / "fordon.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


ROWS = [line.split(";") for line in REGISTER.splitlines()]


def test_edge_register_on_second_sheet(tmp_path):
    """A cover sheet first, the vehicles on the second: the sheet with the header is read."""
    path = _workbook(tmp_path, {"Info": [["Fordonsregister 2025"], ["Kommun: Luleå"]],
                                "Fordon": ROWS})  # fmt: skip
    register = read_register(path)
    assert list(register["vehicle_id"]) == ["ABC123", "ABC124"]
    assert register.attrs["source_rows"] == [2, 3]


def test_error_register_split_across_sheets(tmp_path):
    path = _workbook(tmp_path, {"2024": ROWS[:2], "2025": [ROWS[0], ROWS[2]]})
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = caught.value.problems[0]
    assert problem.value == "vehicle rows on sheets '2024', '2025'"
    assert "every vehicle on one sheet" in problem.expected


def test_error_register_rows_without_header_on_another_sheet(tmp_path):
    path = _workbook(tmp_path, {"Fordon": ROWS[:2], "Blad2": [ROWS[2]]})
    with pytest.raises(InputError, match="vehicle rows on sheets 'Fordon', 'Blad2'"):
        read_register(path)


def test_edge_register_sheet_named(tmp_path):
    path = _workbook(tmp_path, {"2024": ROWS[:2], "2025": [ROWS[0], ROWS[2]]})
    assert list(read_register(path, sheet="2025")["vehicle_id"]) == ["ABC124"]


def test_error_register_errors_name_the_sheet(tmp_path):
    rows = [ROWS[0], ROWS[1], ["ABC125", "Rymdskepp", "Bensin", "2018", "1000", "Ägd", ""]]
    path = _workbook(tmp_path, {"Omslag": [["Fordon"]], "Fordon": rows})
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = caught.value.problems[0]
    assert problem.source == f"{path}, sheet 'Fordon'"
    assert (problem.row, problem.column, problem.value) == (3, "vehicle_class", "Rymdskepp")


def _typed_workbook(tmp_path: Path, rows: list[list]) -> Path:
    """A workbook written cell by cell with openpyxl, so that each cell keeps its Python type
    (int, float, bool, date; a text such as ``#DIV/0!`` becomes an Excel error cell)."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "fordon.xlsx"
    book.save(path)
    return path


TYPED_HEADER = ["Regnr", "Fordonsslag", "Drivmedel", "Årsmodell", "Körsträcka/år", "Ägande",
                "Leasingslut", "Förvaltning"]  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "column", "value", "expected"),
    [
        ({4: "#DIV/0!"}, "annual_km", "#DIV/0!", "a number"),
        ({6: "#N/A"}, "contract_end", "#N/A", "a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        ({3: True}, "model_year", True, "a number"),
        ({6: "NA"}, "contract_end", "NA", "a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    ],
    ids=["error-xlsx-error-cell-km", "error-xlsx-error-cell-optional-date",
         "error-xlsx-boolean-year-beside-1", "error-xlsx-na-text-date"],
)  # fmt: skip
def test_xlsx_cell_refused_by_its_value(tmp_path, cells, column, value, expected):
    """Excel error cells and ``NA`` text are reported with their value (pandas' reader made
    them empty: an owned car's ``#N/A`` lease end vanished), and a boolean is not read as the
    number 1 of the row above (one parse per distinct cell, keyed by type and value)."""
    rows = [TYPED_HEADER, ["ABC123", "Personbil", "Bensin", 1, 12000, "Ägd", None, "Teknik"],
            ["ABC124", "Personbil", "Bensin", 2019, 12000, "Ägd", None, "Teknik"]]  # fmt: skip
    for col, cell in cells.items():
        rows[2][col] = cell
    with pytest.raises(InputError) as caught:
        read_register(_typed_workbook(tmp_path, rows))
    problems = [p for p in caught.value.problems if p.row == 3]
    assert [(p.column, p.value) for p in problems] == [(column, value)]
    assert problems[0].expected.startswith(expected)
    assert problems[0].source.endswith("fordon.xlsx, sheet 'Sheet'")


def test_edge_xlsx_cell_types_read_as_csv(tmp_path):
    """Numbers, dates and text of a workbook as Excel stores them give the register the same
    text gives in a CSV: 2019 and 2019.0, a date cell and its ISO text, ``NA`` as a department
    (kept, as in a CSV, not made the default)."""
    day = pd.Timestamp("2027-05-31").to_pydatetime()
    rows = [TYPED_HEADER,
            ["ABC123", "Personbil", "Bensin", 2019, 12000, "Leasad", day, "NA"],
            ["ABC124", "Personbil", "Bensin", 2019.0, 12000.0, "Leasad", day.date(), "Teknik"],
            ["ABC125", "Personbil", "Bensin", "2019", "12000", "Leasad", "2027-05-31", None]]  # fmt: skip
    register = read_register(_typed_workbook(tmp_path, rows))
    cell = {type(None): lambda v: "", type(day): lambda v: v.date().isoformat()}
    text = "".join(";".join(cell.get(type(v), str)(v) for v in r) + "\n" for r in rows)
    expected = read_register(_register(tmp_path, text))
    pd.testing.assert_frame_equal(register, expected, check_exact=True)
    assert list(register["department"]) == ["NA", "Teknik", "unspecified"]
    assert list(register["model_year"]) == [2019] * 3
    assert register["contract_end"].eq(pd.Timestamp("2027-05-31")).all()


@pytest.mark.parametrize(
    ("header", "name", "columns"),
    [
        (
            "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Drivmedel;Leasingslut",
            "Drivmedel",
            "in columns 3, 6",
        ),
        (
            "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Ägande;ÅRSMODELL",
            "Årsmodell",
            "in columns 4, 7",
        ),
    ],
    ids=["error-duplicate-header", "error-duplicate-header-case"],
)
def test_duplicated_header_refused(tmp_path, header, name, columns):
    path = _register(tmp_path, REGISTER.replace(REGISTER.splitlines()[0], header))
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (1, name, columns)


@pytest.mark.parametrize(
    ("replace", "sep", "row", "column", "value", "expected"),
    [
        ("15000", ";", 3, "annual_km", '"12,500"', "an unambiguous number"),
        ("15000", ",", 3, "annual_km", '"12,500"', "an unambiguous number"),
        ("15000", ",", 3, "annual_km", "12.500", "an unambiguous number"),
        ("15000", ";", 3, "annual_km", "1,250,000", "an unambiguous number"),
        (";2019;", ";", 3, "model_year", ";2019,7;", "a whole model year"),
        (";2019;", ";", 3, "model_year", ";2019.5;", "a whole model year"),
        (";2019;", ";", 3, "model_year", ";1800;", "a model year between 1970 and 2100"),
        ("15000", ";", 3, "annual_km", "-5", "an annual distance between 0 and 400,000 km"),
        ("15000", ";", 3, "annual_km", "1e9", "an annual distance between 0 and 400,000 km"),
        ("15000", ";", 3, "annual_km", "inf", "an annual distance between 0 and 400,000 km"),
        ("15000", ";", 3, "annual_km", "nan", "a number"),
        ("Diesel", ";", 3, "fuel", "Kol", "one of petrol"),
    ],
    ids=["error-12,500-semicolon", "error-12,500-comma", "error-12.500-point",
         "error-1,250,000", "error-year-2019,7", "error-year-2019.5", "error-year-1800",
         "error-negative-km", "error-km-1e9", "error-km-inf", "error-km-nan", "error-fuel-coal"],
)  # fmt: skip
def test_register_value_refused_with_row(tmp_path, replace, sep, row, column, value, expected):
    text = REGISTER.replace(replace, value)
    path = _register(tmp_path, text if sep == ";" else text.replace(";", ","))
    with pytest.raises(InputError) as caught:
        read_register(path)
    problem = next(p for p in caught.value.problems if p.column == column)
    shown = value.strip(";").strip('"')
    assert (problem.row, problem.column) == (row, column)
    given = str(problem.value).strip('"')  # a range check shows the number as read
    assert (given == shown or float(given) == float(shown)) and expected in problem.expected


@pytest.mark.parametrize(
    ("replace", "value", "warning"),
    [
        ("15000", "150", "row 3, column 'annual_km': value 150.0: expected 500–60,000 km a year"),
        ("15000", "90000", "row 3, column 'annual_km': value 90000.0: expected 500–60,000 km"),
        (";2018;", ";1980;", "row 2, column 'model_year': value 1980: expected a model year from "
         "1995 on for a car"),
        ("2027-05-31", "2045-05-31", "row 3, column 'contract_end': value '2045-05-31': expected "
         "a contract end in 2018–2029"),
    ],
    ids=["edge-warn-km-low", "edge-warn-km-high", "edge-warn-old", "edge-warn-long-lease"],
)  # fmt: skip
def test_register_implausible_value_warned(tmp_path, replace, value, warning):
    """Read (the value may be real), with a warning in the validation report."""
    path = _register(tmp_path, REGISTER.replace(replace, value))
    register = read_register(path, base_year=2025)
    warnings = register.attrs["plausibility_warnings"]
    assert len(warnings) == 1 and warning in warnings[0] and str(path) in warnings[0]
    report = register_report(register)
    assert report[report["section"] == "plausibility_warning"]["category"].tolist() == warnings


def test_edge_plausible_register_has_no_warnings(tmp_path):
    register = read_register(_register(tmp_path, REGISTER), base_year=2025)
    assert register.attrs["plausibility_warnings"] == []


# --------------------------------------------------------------------------- magnitudes


def magnitude_frame() -> gpd.GeoDataFrame:
    """Four OSM-style houses: a 100 km x 100 km square, a NaN vertex, and two kept houses with
    absurd storeys and heights (-3 storeys and 2,000 m; 400 storeys and -1 m)."""
    big = shapely.box(780000, 7250000, 880000, 7350000)
    nan_vertex = shapely.Polygon(
        [(830100, 7292000), (830120, 7292000), (math.nan, 7292010), (830100, 7292010)]
    )
    kept = shapely.box(830200, 7292000, 830220, 7292010)
    return gpd.GeoDataFrame(
        {"osm_id": ["w1", "w2", "w3", "w4"], "building": ["house"] * 4,
         "building:levels": ["-3", "2", "2", "400"], "height": ["2000", "7", "7", "-1"]},
        geometry=[HOUSE, big, nan_vertex, kept], crs=3006,
    )  # fmt: skip


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_excl_implausible_size_and_nan_vertex(tmp_path):
    """excl-implausible-size, excl-nan-vertex: the 100 km x 100 km square (10^10 m2, which gave
    416 GW before) is excluded as implausible_size (> 1 km2); the polygon with a NaN vertex as
    invalid_coordinates naming vertex 3 (it was kept as a half-size triangle). 4 in = 2 + 2."""
    result = buildings.read(footprints(tmp_path, "gpkg", magnitude_frame()))
    report = result.report
    assert (report["n_input"], report["n_included"], report["n_excluded"]) == (4, 2, 2)
    by_reason = {k: v for k, v in report["n_excluded_by_reason"].items() if v}
    assert by_reason == {"implausible_size": 1, "invalid_coordinates": 1}
    details = dict(zip(result.excluded["reason"], result.excluded["detail"], strict=True))
    assert details["implausible_size"] == "footprint 10,000,000,000 m2 > 1,000,000 m2 (1 km2)"
    assert details["invalid_coordinates"].startswith("vertex 3 (nan, 7292010)")
    assert sorted(result.buildings["footprint_area_m2"].round(1)) == [200.0, 200.0]


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_excl_absurd_storeys_and_heights_become_unknown_with_issue_rows(tmp_path):
    """excl-absurd-levels-height: storeys outside 0..163 and heights outside (0, 828] m are set to
    unknown (NaN) and each is an attribute issue naming row, column, value and the range; the
    buildings themselves stay (their footprints are fine)."""
    result = buildings.read(footprints(tmp_path, "gpkg", magnitude_frame()))
    issues = result.attribute_issues
    assert list(zip(issues["source_row"], issues["column"], issues["value"], strict=True)) == [
        (0, "building:levels", "-3"), (0, "height", "2000"),
        (3, "building:levels", "400"), (3, "height", "-1"),
    ]  # fmt: skip
    assert (
        issues["expected"].iloc[0] == "a number of storeys from 0 to 163 (the Burj Khalifa has 163)"
    )
    assert result.buildings["n_levels"].isna().all() and result.buildings["height_m"].isna().all()


@pytest.mark.parametrize(
    ("text", "where"),
    [("match:\n  battery:\n    capacity_kwh: 1.0e12\n", "capacity_kwh"),
     ("match:\n  prices:\n    grid_fee_sek_per_kwh: 36\n", "grid_fee_sek_per_kwh")],
    ids=["error-infinite-battery", "error-price-in-ore"],
)  # fmt: skip
def test_error_absurd_config_magnitudes(tmp_path, text, where):
    """An absurd battery (gave 100 % coverage) or a price in öre (36 for 0.36 SEK/kWh) is refused
    in config, naming the key."""
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=where):
        load_scenario(path)


# --------------------------------------------------------------------------- package faults

#: Put in a subprocess by a ``sitecustomize`` module (on ``PYTHONPATH`` before the workbench):
#: ``WB_TEST_KILL=event|regex|n`` kills the process with SIGKILL at the n-th audit event ``event``
#: whose path (the destination of ``os.rename``/``os.replace``, the folder of ``shutil.rmtree``)
#: matches ``regex``. The audit hook runs before the operation, so a kill at the rename of a file
#: leaves its temporary file unrenamed. ``WB_TEST_NO_EXCHANGE=1`` makes the swap take the
#: two-rename way of macOS and Windows.
KILL_HOOK = """
import os, re, signal, sys

spec = os.environ.get("WB_TEST_KILL")
if spec:
    event, pattern, nth = spec.split("|")
    seen = [0]

    def _kill_hook(name, args):
        if name != event:
            return
        path = os.fsdecode(args[1] if name == "os.rename" else args[0])
        if re.search(pattern, path.replace(os.sep, "/")):
            seen[0] += 1
            if seen[0] == int(nth):
                os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(_kill_hook)
if os.environ.get("WB_TEST_NO_EXCHANGE"):
    import workbench.core.staging as _staging

    _staging._exchange = lambda a, b: False
"""
ROOT = Path(__file__).resolve().parents[1]
PACKAGE_KOMMUN = "arjeplog"  # a small municipality (720 synthetic buildings): ~7 s a package


def report_subprocess(out: Path, hook_dir: Path, *args: str, **env: str):
    """``python -m workbench report -k Arjeplog -o OUT ARGS`` in a new process (its result)."""
    return workbench_subprocess("report", out, hook_dir, *args, **env)


def workbench_subprocess(command: str, out: Path, hook_dir: Path, *args: str, **env: str):
    """``python -m workbench COMMAND -k Arjeplog -o OUT ARGS`` in a new process (its result)."""
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith("WB_TEST_")}, "PYTHONPATH": os.pathsep.join([str(hook_dir), str(ROOT)]),
               "SOURCE_DATE_EPOCH": "1790000000", **env}  # fmt: skip
    argv = [sys.executable, "-m", "workbench", command, "-k", PACKAGE_KOMMUN, "-o", str(out),
            *args]  # fmt: skip
    return subprocess.run(argv, env=environ, capture_output=True, text=True, timeout=300)


def all_files(folder: Path) -> set[str]:
    """Every file below ``folder``, hidden ones too (POSIX relative paths)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def complete_package(folder: Path) -> dict:
    """The manifest of ``folder`` after checking that the folder holds exactly the files it
    lists (plus itself), each with the listed sha256; nothing hidden, nothing missing."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert all_files(folder) == {*manifest["outputs"], "manifest.json"}
    for name, digest in manifest["outputs"].items():
        assert outputs.sha256_file(folder / name) == digest, name
    return manifest


@pytest.fixture(scope="module")
def kill_hook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hook")
    (folder / "sitecustomize.py").write_text(KILL_HOOK, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def old_package(tmp_path_factory, kill_hook) -> Path:
    """A finished package of the default scenario with the SYNTHETIC register (the old one)."""
    out = tmp_path_factory.mktemp("old")
    run = report_subprocess(out, kill_hook)
    assert run.returncode == 0, run.stderr
    assert (out / PACKAGE_KOMMUN / "fleet" / "register_SYNTHETIC.csv").exists()
    return out


def new_run_args(tmp_path: Path) -> list[str]:
    """Another scenario and a real register: the new package differs in files, not only bytes
    (no ``register_SYNTHETIC.csv``)."""
    return ["--scenario", "fast_electrification", "--register", str(_register(tmp_path, REGISTER))]


def fleet_register_synthetic(manifest: dict) -> bool:
    """Whether the manifest says the fleet register was SYNTHETIC."""
    return any(role.startswith("fleet_register") for role in manifest["synthetic_inputs"])


STAGED = rf"/\.{PACKAGE_KOMMUN}\.staging-\d+/{PACKAGE_KOMMUN}/"


@pytest.mark.parametrize(
    ("kill", "no_exchange", "survivor"),
    [
        (f"os.rename|{STAGED}solar/|1", False, "old"),
        (rf"os.rename|{STAGED}{PACKAGE_KOMMUN}\.xlsx$|1", False, "old"),
        (rf"os.rename|{STAGED}manifest\.json$|1", False, "old"),
        (rf"shutil.rmtree|/\.{PACKAGE_KOMMUN}\.staging-\d+$|2", False, "new"),
        (rf"os.rename|/{PACKAGE_KOMMUN}$|1", True, "old"),
    ],
    ids=["fault-kill-first-stage-file", "fault-kill-in-workbook-write",
         "fault-kill-before-manifest", "fault-kill-after-swap", "fault-kill-inside-two-rename-swap"],
)  # fmt: skip
@pytest.mark.slow
def test_killed_report_leaves_old_or_new_package(tmp_path, kill_hook, old_package, kill,
                                                 no_exchange, survivor):  # fmt: skip
    """A re-run with another scenario killed (SIGKILL, no clean-up of its own) at a point of
    its run leaves the folder holding the complete old package or, once swapped, the complete
    new one: exactly the files its manifest lists, with their sha256. The kill inside the
    two-rename swap (macOS, Windows) leaves no folder at the target for an instant; the next
    run's recovery (:func:`staging.recover`) puts the old package back."""
    from workbench.core import staging

    out = tmp_path / "out"
    shutil.copytree(old_package, out, symlinks=True)
    before = complete_package(out / PACKAGE_KOMMUN)
    env = {"WB_TEST_KILL": kill, **({"WB_TEST_NO_EXCHANGE": "1"} if no_exchange else {})}
    run = report_subprocess(out, kill_hook, *new_run_args(tmp_path), **env)
    assert run.returncode == -9, run.stderr  # killed by SIGKILL, not finished
    leftovers = [p.name for p in out.iterdir() if p.name != PACKAGE_KOMMUN]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{PACKAGE_KOMMUN}.staging-")
    staging.recover(out)  # what the next run does first
    assert sorted(p.name for p in out.iterdir()) == [PACKAGE_KOMMUN]
    after = complete_package(out / PACKAGE_KOMMUN)
    if survivor == "old":
        assert after == before
    else:
        assert after["scenario_name"] == "fast_electrification" != before["scenario_name"]
        assert not fleet_register_synthetic(after) and fleet_register_synthetic(before)
        assert "fleet/register_SYNTHETIC.csv" not in after["outputs"]


@pytest.mark.slow
def test_fault_rerun_after_a_kill_holds_exactly_the_new_manifest(tmp_path, kill_hook, old_package):
    """A run killed in its workbook write (a hidden temporary .xlsx left in its staging folder),
    then a finished run with another scenario and a real register: the staging folder and its
    temporary file are gone, and the package holds exactly the files of the new manifest (no
    ``register_SYNTHETIC.csv`` or other file of the old run beside a manifest that says no
    synthetic register)."""
    out = tmp_path / "out"
    shutil.copytree(old_package, out, symlinks=True)
    old = complete_package(out / PACKAGE_KOMMUN)
    killed = report_subprocess(out, kill_hook, *new_run_args(tmp_path),
                               WB_TEST_KILL=rf"os.rename|{STAGED}{PACKAGE_KOMMUN}\.xlsx$|1")  # fmt: skip
    assert killed.returncode == -9
    (stage,) = [p for p in out.iterdir() if p.name.startswith(".")]
    temp = [p.name for p in (stage / PACKAGE_KOMMUN).iterdir() if ".tmp" in p.name]
    assert len(temp) == 1 and temp[0].endswith(f".{killed_pid(stage)}.tmp.xlsx")
    run = report_subprocess(out, kill_hook, *new_run_args(tmp_path))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == [PACKAGE_KOMMUN]
    new = complete_package(out / PACKAGE_KOMMUN)
    assert new["scenario_name"] == "fast_electrification" and not fleet_register_synthetic(new)
    gone = set(old["outputs"]) - set(new["outputs"])
    assert "fleet/register_SYNTHETIC.csv" in gone
    assert not (out / PACKAGE_KOMMUN / "fleet" / "register_SYNTHETIC.csv").exists()


def killed_pid(stage: Path) -> int:
    return int(stage.name.rsplit("-", 1)[1])


def dead_pid() -> int:
    """The id of a process that has ended (a short child, waited for)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_fault_stale_temp_files_removed_others_kept(tmp_path):
    """Only temporary files of the writers' own naming go: of a process that has ended, or of
    the older naming (no process id) when older than an hour. A live process's temporary file,
    a fresh one of the older naming and a user's hidden file stay."""
    from workbench.core import staging

    dead, alive = dead_pid(), os.getppid()
    names = {f".lulea.k2j4_9ab.{dead}.tmp.xlsx": False, f".summary.abcdefgh.{dead}.tmp.json": False,
             f".lulea.abcdefgh.{dead}.tmp.gpkg-journal": False, ".old.abcdefgh.tmp.csv": False,
             ".fresh.abcdefgh.tmp.csv": True, f".lulea.abcdefgh.{alive}.tmp.xlsx": True,
             ".x.tmp.xlsx": True, ".notes.txt": True, "data.csv": True}  # fmt: skip
    for name in names:
        (tmp_path / name).write_text("x")
    hour_ago = time.time() - 2 * 3600
    os.utime(tmp_path / ".old.abcdefgh.tmp.csv", (hour_ago, hour_ago))
    removed = staging.remove_stale_temp(tmp_path)
    assert sorted(p.name for p in removed) == sorted(n for n, kept in names.items() if not kept)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, k in names.items() if k)


def test_fault_writer_removes_temp_file_of_a_killed_write(tmp_path):
    """The first write of a process into a folder clears the temporary file a killed write of
    an earlier process left there (the workbook case of the issue)."""
    left = tmp_path / f".lulea.abcdefgh.{dead_pid()}.tmp.xlsx"
    left.write_bytes(b"PK half a workbook")
    outputs.write_json(tmp_path / "summary.json", {"a": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]


def test_fault_stale_temp_folders_removed_others_kept(tmp_path):
    """The spill folder of a killed streaming run (``.stream.<random>.<pid>.tmp``, with its
    files) goes when its process has ended, one of the older naming (``.stream_<random>``) when
    older than an hour; a live run's folder, a fresh old-style one, a symbolic link of our
    naming and a user's folders stay (their files too)."""
    from workbench.core import staging

    dead, alive = dead_pid(), os.getppid()
    names = {f".stream.k2j4_9ab.{dead}.tmp": False, ".stream_ab12cd34": False,
             f".stream.abcdefgh.{alive}.tmp": True, ".stream_fresh123": True,
             ".stream_notes": True, "stream_ab12cd34": True, "results": True}  # fmt: skip
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "buildings_000000.arrow").write_text("x")
    (tmp_path / f".stream.linkedto.{dead}.tmp").symlink_to(tmp_path / "results")
    hour_ago = time.time() - 2 * 3600
    for name in (".stream_ab12cd34", ".stream_notes", "stream_ab12cd34"):
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    with staging.temp_folder(tmp_path, "stream") as spill:
        assert re.fullmatch(rf"\.stream\.[a-z0-9_]{{8}}\.{os.getpid()}\.tmp", spill.name)
        kept = sorted(p.name for p in tmp_path.iterdir() if p != spill)
        (spill / "planes_000000.arrow").write_text("x")
    assert kept == sorted([*(n for n, k in names.items() if k), f".stream.linkedto.{dead}.tmp"])
    assert sorted(p.name for p in tmp_path.iterdir()) == kept  # its own folder removed at the end
    assert all((tmp_path / n / "buildings_000000.arrow").exists() for n, k in names.items() if k)


STREAM_RUN = """
import sys
from workbench.solar import run, stream
stream.default_workers = lambda: 2  # two forked workers, whatever the machine's cores
run.run("arjeplog", sys.argv[1], scale=run.Scale(stream=True, batch_size=200))
"""


def processes_naming(text: str) -> list[int]:
    """Ids of the running processes whose command line holds ``text`` (Linux ``/proc``)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_fault_killed_stream_leaves_spill_folder_next_run_removes_it(tmp_path, kill_hook):
    """The streaming rooftop stage killed (SIGKILL) in its second pass, called from Python (the
    CLI stages the whole folder): its spill folder stays in the output folder, its two forked
    workers end within a second (they used to wait forever, holding the pipes of this test's
    subprocess.run open); the next run removes the folder and leaves nothing hidden."""
    out = tmp_path / "out"
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith("WB_TEST_")},
               "PYTHONPATH": os.pathsep.join([str(kill_hook), str(ROOT)])}  # fmt: skip
    argv = [sys.executable, "-c", STREAM_RUN, str(out)]
    killed = subprocess.run(argv, env={**environ, "WB_TEST_KILL": r"os.rename|/out/solar\.gpkg$|1"},
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    if sys.platform.startswith("linux"):
        time.sleep(2 * 0.5 + 1)  # stream.PARENT_CHECK_S twice, and a second to exit
        assert processes_naming(str(out)) == []
    (spill,) = [p for p in out.iterdir() if p.name.startswith(".stream")]
    assert re.fullmatch(r"\.stream\.[a-z0-9_]{8}\.\d+\.tmp", spill.name)
    assert {p.name for p in spill.iterdir()} >= {"buildings_000000.arrow", "excluded_000000.arrow"}
    run = subprocess.run(argv, env=environ, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert (out / "solar.gpkg").exists() and (out / "summary.json").exists()


def _package(folder: Path, text: str) -> Path:
    """A minimal package: ``data.csv`` holding ``text`` and a manifest listing it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text(text)
    manifest = {
        "workbench_version": "0",
        "outputs": {"data.csv": outputs.sha256_file(folder / "data.csv")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_fault_swap_replaces_whole_package(tmp_path, monkeypatch):
    """A finished staging replaces the old package as a whole (a file of the old run that the
    new one does not write is gone), by the exchange and by the two renames alike; a failure
    inside leaves the old package and no staging folder."""
    from workbench.core import staging

    for exchange in (True, False):
        if not exchange:
            monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
        target = _package(tmp_path / f"pkg{exchange}", "old")
        (target / "stale.csv").write_text("from an earlier run")
        with staging.staged(target) as new:
            assert (
                new.parent.name == f".{target.name}.staging-{os.getpid()}"
                and new.name == target.name
            )
            assert list(new.iterdir()) == []
            _package(new, "new")
        assert sorted(p.name for p in target.iterdir()) == ["data.csv", "manifest.json"]
        assert (target / "data.csv").read_text() == "new"
        with pytest.raises(RuntimeError), staging.staged(target) as new:
            _package(new, "newer")
            raise RuntimeError("a stage failed")
        assert (target / "data.csv").read_text() == "new"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_fault_swap_refused_by_an_open_file_keeps_old(tmp_path, monkeypatch):
    """Windows cannot rename a folder while a program holds one of its files (a workbook open
    in Excel): simulated, the run stops with an error asking to close it; the old package stays
    and the staging folder is removed."""
    from workbench.core import staging

    target = _package(tmp_path / "pkg", "old")
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    real_rename = staging._rename

    def held_open(src, dst):
        if Path(src) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(staging, "_rename", held_open)
    with pytest.raises(boundary.OutputError, match=r"pkg: cannot be replaced \(Permission denied\); "
                       "expected no program to hold one of its files open"), staging.staged(target) as new:  # fmt: skip
        (new / "data.csv").write_text("new")
    assert (target / "data.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_fault_recover_restores_old_package_and_keeps_live_runs(tmp_path):
    """A run killed between the two renames of its swap left the old package in its staging
    folder (``old``) and no target: the recovery puts it back. A staging folder of a process
    that still runs is left alone."""
    from workbench.core import staging

    stage = tmp_path / staging.staging_name("pkg", dead_pid())
    _package(stage / "old", "old")
    _package(stage / "pkg", "new")
    live = tmp_path / staging.staging_name("other", os.getppid())
    _package(live / "other", "being written")
    assert staging.recover(tmp_path) == [stage]
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "pkg"]
    assert (tmp_path / "pkg" / "data.csv").read_text() == "old"


def test_error_out_holds_user_files_refused(tmp_path, capsys):
    """An output folder of other files (no manifest of the workbench) is refused, not replaced:
    the files stay, nothing is computed."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "budget.xlsx").write_text("the user's")
    code, err = run_cli(["demo", "-k", "Pajala", "-o", str(folder)], capsys)
    assert code == 2
    assert err == (f"error: {folder}: holds files that are not a workbench package (no "
                   "manifest.json: budget.xlsx); expected an empty folder, a new one or an "
                   "earlier package (which is replaced as a whole): move the files or choose "
                   "another output folder\n")  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["budget.xlsx"]
    (tmp_path / "out" / "pajala").mkdir(parents=True)
    (tmp_path / "out" / "pajala" / "notes.txt").write_text("the user's")
    code, err = run_cli(["report", "-k", "Pajala", "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and f"error: {tmp_path / 'out' / 'pajala'}: holds files that are not" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pajala"]


def test_error_out_holds_an_input_refused(tmp_path, capsys):
    """A register inside the folder that the run would replace is refused (it would be deleted)."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = _register(folder, REGISTER)
    code, err = run_cli(
        ["demo", "-k", "Pajala", "-o", str(folder), "--register", str(path)], capsys
    )
    assert code == 2
    assert err == (f"error: {folder}: holds the input {path}, which replacing the package would "
                   "delete; expected an output folder apart from the inputs\n")  # fmt: skip
    assert path.read_text(encoding="utf-8") == REGISTER


def test_error_out_is_the_working_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = run_cli(["demo", "-k", "Pajala", "-o", "."], capsys)
    assert code == 2 and "is the working directory or holds it" in err


# --------------------------------------------------------------------------- single-stage outputs

SINGLE_STAGE = ("solar", "fleet", "match", "strategy")


@pytest.mark.parametrize("command", SINGLE_STAGE,
                         ids=[f"error-{c}-out-holds-user-files" for c in SINGLE_STAGE])  # fmt: skip
def test_single_stage_out_of_user_files_refused(tmp_path, capsys, command):
    """``workbench solar|fleet|match|strategy --out`` replace their folder as a whole, as a
    package: a folder of other files is refused before anything is computed, the files stay."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "budget.xlsx").write_text("the user's")
    code, err = run_cli([command, "-k", "Pajala", "-o", str(folder)], capsys)
    assert (code, err) == (2, f"error: {folder}: holds files that are not a workbench package "
                           "(no manifest.json: budget.xlsx); expected an empty folder, a new one "
                           "or an earlier package (which is replaced as a whole): move the files "
                           "or choose another output folder\n")  # fmt: skip
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["budget.xlsx", "mine"]


def test_error_fleet_out_holds_its_register_refused(tmp_path, capsys):
    """A register inside the output folder of an earlier run would go with the swap: refused."""
    out = _package(tmp_path / "out", "an earlier run")
    path = _register(out, REGISTER)
    code, err = run_cli(["fleet", "-k", "Pajala", "-o", str(out), "--register", str(path)], capsys)
    assert (code, err) == (2, f"error: {out}: holds the input {path}, which replacing the "
                           "package would delete; expected an output folder apart from the "
                           "inputs\n")  # fmt: skip
    assert path.read_text(encoding="utf-8") == REGISTER


@pytest.fixture(scope="module")
def old_outputs(tmp_path_factory, kill_hook) -> dict[str, Path]:
    """Finished ``workbench fleet`` and ``workbench solar`` folders of Arjeplog on the SYNTHETIC
    demo inputs (the old ones); beside each, a copy of its synthetic input as a "real" file."""
    found = {}
    for command, synthetic in (("fleet", "register_SYNTHETIC.csv"),
                               ("solar", f"synthetic_demo_buildings_{PACKAGE_KOMMUN}.gpkg")):  # fmt: skip
        out = tmp_path_factory.mktemp(command) / "out"
        run = workbench_subprocess(command, out, kill_hook)
        assert run.returncode == 0, run.stderr
        shutil.copy(out / synthetic, out.parent / f"real{Path(synthetic).suffix}")
        found[command] = out
    return found


def single_stage_rerun_args(command: str, old: Path) -> list[str]:
    """A re-run whose folder differs in files from the old one: a real input (no SYNTHETIC
    file), for the fleet also another scenario."""
    if command == "fleet":
        return ["--register", str(_register(old.parent, REGISTER)),
                "--scenario", "fast_electrification"]  # fmt: skip
    return ["--buildings", str(old.parent / "real.gpkg"), "--allow-outside"]


@pytest.mark.parametrize(
    ("command", "kill", "survivor"),
    [
        ("fleet", r"os.rename|/\.out\.staging-\d+/out/|3", "old"),
        ("fleet", r"shutil.rmtree|/\.out\.staging-\d+$|2", "new"),
        ("solar", r"os.rename|/\.out\.staging-\d+/out/|2", "old"),
    ],
    ids=["fault-kill-fleet-mid-write", "fault-kill-fleet-after-swap", "fault-kill-solar-mid-write"],
)  # fmt: skip
@pytest.mark.slow
def test_killed_single_stage_leaves_old_or_new_folder(tmp_path, kill_hook, old_outputs, command,
                                                      kill, survivor):  # fmt: skip
    """A single-stage re-run killed (SIGKILL) while writing leaves the complete old folder (it
    mixed two runs before: new tables beside the old manifest and register_SYNTHETIC.csv), once
    swapped the complete new one; then a finished re-run holds exactly its manifest's files."""
    from workbench.core import staging

    out = tmp_path / "out"
    shutil.copytree(old_outputs[command], out, symlinks=True)
    before = complete_package(out)
    args = single_stage_rerun_args(command, old_outputs[command])
    run = workbench_subprocess(command, out, kill_hook, *args, WB_TEST_KILL=kill)
    assert run.returncode == -9, run.stderr
    (left,) = [p.name for p in tmp_path.iterdir() if p.name != "out"]
    assert left.startswith(".out.staging-")
    staging.recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    after = complete_package(out)
    assert (after == before) == (survivor == "old")
    if survivor == "new":
        assert after["synthetic_inputs"] == [] != before["synthetic_inputs"]
    run = workbench_subprocess(command, out, kill_hook, *args)
    assert run.returncode == 0, run.stderr
    new = complete_package(out)
    assert new["synthetic_inputs"] == [] and not any("SYNTHETIC" in n or "synthetic" in n
                                                     for n in all_files(out))  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --------------------------------------------------------------------------- weather irradiance

EPW_GHI, EPW_DNI, EPW_DHI = 13, 14, 15  # 0-based fields of an EPW data line


def mutated_epw(shared: Path, tmp_path: Path, change) -> Path:
    """The Luleå TMYx with ``change(values)`` applied to its (8760, 3) GHI/DNI/DHI array."""
    lines = (shared / "weather" / "SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw").read_text(
        encoding="utf-8").splitlines()  # fmt: skip
    head, rows = lines[:8], [line.split(",") for line in lines[8:]]
    values = change(np.array([[float(r[i]) for i in (EPW_GHI, EPW_DNI, EPW_DHI)] for r in rows]))
    for row, new in zip(rows, values, strict=True):
        row[EPW_GHI], row[EPW_DNI], row[EPW_DHI] = (f"{v:g}" for v in new)
    path = tmp_path / "lulea.epw"
    path.write_text("\n".join([*head, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [(lambda v: v * 0, "ghi", "it is 0 or missing in every hour"),
     (lambda v: np.roll(v, 3, axis=0), "time", "shifted by hours"),
     (lambda v: v * [1.6, 1, 1], "ghi", "above it in")],
    ids=["error-weather-all-zero", "error-weather-shifted-3-h", "error-weather-above-extraterrestrial"],
)  # fmt: skip
def test_error_weather_irradiance_implausible(shared, tmp_path, change, column, expected):
    """Luleå TMYx with its irradiance zeroed, rolled 3 hours later (time stamps in another time
    zone), or GHI ×1.6 (a unit error; still below the 1,400 W m-2 range check): refused naming file and column."""
    from workbench.weather import read

    path = mutated_epw(shared, tmp_path, change)
    with pytest.raises(InputError, match=expected) as info:
        read(path)
    problem = info.value.problems[0]
    assert (problem.source, problem.column) == (str(path), column)


def test_edge_weather_shifted_runs_with_explicit_offset(shared, tmp_path):
    """The file rolled 3 hours runs when the user gives the offset; the rule says 'user'."""
    from workbench.weather import read

    path = mutated_epw(shared, tmp_path, lambda v: np.roll(v, 3, axis=0))
    data = read(path, time_offset=-150)
    assert data.attrs["time_offset_rule"] == "user"
    assert data.attrs["time_offset_detected_min"] == -175.0  # 5 min - 3 h


def _osm_houses(geoms, levels, heights) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"building": ["yes"] * len(geoms), "building:levels": levels,
                             "height": heights}, geometry=list(geoms), crs=3006)  # fmt: skip


NAN_HOUSE = shapely.Polygon([(830100, 7292000), (830120, 7292000), (math.nan, 7292010),
                             (830100, 7292010)])  # fmt: skip
HUGE = shapely.box(800000, 7250000, 900000, 7350000)  # 100 km x 100 km


@pytest.mark.parametrize(
    ("geom", "reason", "detail"),
    [(HUGE, "implausible_size", "footprint 10,000,000,000 m2 > 1,000,000 m2"),
     (NAN_HOUSE, "invalid_coordinates", "vertex 3 (nan, 7292010) is not a finite number")],
    ids=["excl-footprint-100km", "excl-nan-vertex"],
)  # fmt: skip
def test_implausible_footprint_excluded(tmp_path, geom, reason, detail):
    """Was kept (416 GW from one square; a half-size triangle); now excluded, counts add up,
    and the streamed read gives the same tables."""
    path = footprints(tmp_path, "parquet", _osm_houses([HOUSE, geom], ["2", "2"], ["6", "6"]))
    result = buildings.read(path)
    r = result.report
    assert (r["n_input"], r["n_included"], r["n_excluded"]) == (2, 1, 1)
    assert r["n_excluded_by_reason"][reason] == 1
    row = result.excluded.iloc[0]
    assert row["source_row"] == 1 and row["reason"] == reason and detail in row["detail"]
    stream = BuildingStream(path, batch_size=1)
    parts = list(stream)
    assert stream.report == r
    assert list(pd.concat([p.excluded for p in parts])["reason"]) == [reason]


@pytest.mark.parametrize(
    ("levels", "height", "column", "value"),
    [("-2", "6", "building:levels", "-2"), ("500", "6", "building:levels", "500"),
     ("2", "0", "height", "0"), ("2", "5000 m", "height", "5000 m")],
    ids=["edge-levels-negative", "edge-levels-500", "edge-height-0", "edge-height-5000"],
)  # fmt: skip
def test_absurd_levels_and_heights_become_unknown(tmp_path, levels, height, column, value):
    """The building stays (its footprint is sound); the value becomes unknown and is listed."""
    result = buildings.from_frame(_osm_houses([HOUSE], [levels], [height]))
    issues = result.attribute_issues
    assert list(issues[["source_row", "column", "value"]].itertuples(index=False, name=None)) == [
        (0, column, value)
    ]
    assert result.report["unparsed_attribute_values_by_column"] == {column: 1}
    name = "n_levels" if column == "building:levels" else "height_m"
    assert result.buildings[name].isna().all()


@pytest.mark.parametrize(
    ("text", "message"),
    [("fleet: {charger_kw: {car: 1.0e+9}}\n", "'fleet.charger_kw.car' = 1000000000.0"),
     ("match: {prices: {energy_tax_sek_per_kwh: 36}}\n",
      "'match.prices.energy_tax_sek_per_kwh' = 36"),
     ("roofs: {min_footprint_area_m2: 1.0e+6}\n", "'roofs.min_footprint_area_m2' = 1000000.0")],
    ids=["error-charger-1e9-kw", "error-tax-in-ore", "error-sliver-1e6"],
)  # fmt: skip
def test_absurd_config_refused(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        load_scenario(_scenario(tmp_path, text))
    assert message in str(caught.value) and "less than or equal" in str(caught.value)


WEATHER_CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(lambda v: f"{v:g}"),
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["", " ", "abc", "9999", "99", "-9999", "1e9", "0,5", "NaN", "=1+1"]),
)


@FUZZ
@given(data=st.data())
@pytest.mark.slow
def test_weather_reader_mutated_fields_never_crash(shared, tmp_path, data):
    """Fields of the real Luleå TMYx data lines (irradiance, temperature, wind, albedo, snow,
    humidity, pressure; EPW fields 6-9, 13-15, 21, 30, 32) replaced by anything: InputError, or a
    weather frame whose every value lies inside its declared range (weather.frame.RANGES)."""
    from workbench.weather import read
    from workbench.weather.frame import RANGES

    source = shared / "weather" / "SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
    lines = source.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 5))):
        r = data.draw(st.integers(8, len(lines) - 1))
        fields = lines[r].split(",")
        c = data.draw(st.sampled_from([6, 7, 8, 9, 13, 14, 15, 21, 30, 32]))
        fields[c] = data.draw(WEATHER_CELLS).replace(",", ".")
        lines[r] = ",".join(fields)
    path = tmp_path / "lulea.epw"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        weather = read(path)
    except InputError:
        return
    assert len(weather) == 8760
    for column, (low, high) in RANGES.items():
        if column in weather:
            values = weather[column].dropna()
            assert values.between(low, high).all(), column
