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
"""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
import requests
import shapely

from workbench import buildings
from workbench.cli import main
from workbench.core import boundary, download
from workbench.core.errors import InputError
from workbench.fleet.register import read_register

# --------------------------------------------------------------------------- helpers

#: Two vehicles with Swedish headers, semicolons: the base of the register cases.
REGISTER = (
    "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Ägande;Leasingslut\n"
    "ABC123;Personbil;Bensin;2018;12000;Ägd;\n"
    "ABC124;Personbil;Diesel;2019;15000;Leasad;2027-05-31\n"
)
#: A 20 m x 10 m house at Luleå (SWEREF 99 TM).
HOUSE = shapely.box(830000, 7280000, 830020, 7280010)


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
        ("fordon.xlsx", b"PK\x03\x04" + bytes(range(200)), "File is not a zip file",
         "Excel workbook"),
        ("fordon.csv", b"\x00\x01\x02\x03" * 300, "binary data (NUL bytes)", "a text file"),
    ],
    ids=["error-csv-renamed-xlsx", "error-random-xlsx", "error-broken-zip-xlsx", "error-binary-csv"],
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
    assert code == 2 and "Not a directory" in err and str(tmp_path / "taken" / "sub") in err


@pytest.mark.parametrize(
    ("code_", "needs"),
    [
        (errno.EROFS, "a folder on a writable file system (this one is read-only)"),
        (errno.EACCES, "a folder the workbench may write to (permission denied)"),
        (errno.ENOSPC, "free space on the disk (it is full)"),
    ],
    ids=["error-out-read-only", "error-out-permission", "error-out-disk-full"],
)
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
