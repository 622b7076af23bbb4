"""Vehicle register reader: formats, Swedish/English headers, collected errors, demo registers."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.fleet import demo_register, read_register
from workbench.reference import kommuner as km

SV_HEADER = "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Förvaltning;Ägande;Leasingslut;Användning;Parkering"


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolon_cp1252_decimal_comma_swedish_headers(tmp_path):
    text = (
        SV_HEADER + "\n"
        "abc 123;Personbil;Bensin;2019;12 500,5;Socialförvaltningen;Leasad;2026-03-31;Hemtjänst;Motorvärmare\n"
        "DEF456;Lätt lastbil;Diesel;2018;15000;Tekniska förvaltningen;Ägd;;Service;Varmgarage\n"
        "GHI789;Tung lastbil;HVO;2016;30000;Tekniska förvaltningen;Ägd;;Renhållning;Ute\n"
    )
    reg = read_register(_write(tmp_path / "reg.csv", text, "cp1252"))
    assert list(reg["vehicle_id"]) == ["ABC123", "DEF456", "GHI789"]
    assert list(reg["vehicle_class"]) == ["car", "van", "truck"]
    assert list(reg["fuel"]) == ["petrol", "diesel", "hvo100"]
    assert reg.loc[0, "annual_km"] == 12500.5
    assert reg.loc[0, "ownership"] == "leased" and reg.loc[1, "ownership"] == "owned"
    assert reg.loc[0, "contract_end"] == pd.Timestamp("2026-03-31")
    assert pd.isna(reg.loc[1, "contract_end"])
    assert list(reg["duty"]) == ["home_care", "service", "heavy"]
    assert list(reg["parking"]) == ["engine_heater", "heated_garage", "outdoors"]
    assert reg.loc[0, "depot"] == "Socialförvaltningen"  # depot defaults to the department
    assert reg.attrs["source_rows"] == [2, 3, 4]


def test_english_comma_csv_and_mileage_in_mil(tmp_path):
    text = (
        "Registration,Vehicle class,Fuel,Model year,Körsträcka (mil/år),Department,Depot\n"
        "XYZ1,M1,BEV,2023,1500,Omsorg,Depå Norr\n"
        "XYZ2,N1,Laddhybrid,2022,900.5,Teknik,Depå Syd\n"
    )
    reg = read_register(_write(tmp_path / "reg.csv", text))
    assert list(reg["annual_km"]) == [15000.0, 9005.0]  # 1 mil = 10 km
    assert list(reg["fuel"]) == ["bev", "phev"]
    assert list(reg["depot"]) == ["Depå Norr", "Depå Syd"]
    # optional columns missing -> documented defaults, listed
    assert set(reg.attrs["defaults_applied"]) >= {"ownership", "parking", "duty"}
    assert reg.attrs["defaults_applied"]["parking"] == 2  # both rows lacked the column
    from workbench.fleet.report import register_report

    rep = register_report(reg).set_index(["section", "category"])["n_vehicles"]
    assert rep[("default_applied", "parking")] == 2
    assert list(reg["duty"]) == ["other", "service"]


@pytest.mark.slow
def test_excel_with_title_rows(tmp_path):
    rows = [
        ["Fordonslista Testkommun 2025", None, None, None, None],
        [None, None, None, None, None],
        ["Regnr", "Fordonsslag", "Drivmedel", "Årsmodell", "Körsträcka/år"],
        ["AAA111", "Personbil", "Diesel", 2020, 14000],
        ["BBB222", "Buss", "Diesel", 2015, 40000],
    ]
    path = tmp_path / "reg.xlsx"
    pd.DataFrame(rows).to_excel(path, header=False, index=False)
    reg = read_register(path)
    assert list(reg["vehicle_class"]) == ["car", "bus"]
    assert reg.attrs["source_rows"] == [4, 5]
    assert list(reg["model_year"]) == [2020, 2015]


def test_all_row_errors_are_collected_with_row_column_value(tmp_path):
    text = (
        SV_HEADER + "\n"
        "ABC123;Personbil;Bensinx;2019;12500;Soc;Leasad;;Hemtjänst;Ute\n"  # bad fuel, no end
        "ABC123;Personbil;Bensin;20x9;-5;Soc;Ägd;;Hemtjänst;Ute\n"  # dup, bad year, bad km
        "X1;Rymdskepp;Diesel;2019;100;Soc;Ägd;2020-13-01;Hemtjänst;Taket\n"
    )
    with pytest.raises(InputError) as err:
        read_register(_write(tmp_path / "bad.csv", text))
    found = {(p.row, p.column) for p in err.value.problems}
    assert {
        (2, "fuel"),
        (2, "contract_end"),
        (2, "vehicle_id"),
        (3, "vehicle_id"),
        (3, "model_year"),
        (3, "annual_km"),
        (4, "vehicle_class"),
        (4, "contract_end"),
        (4, "parking"),
    } <= found
    text_all = str(err.value)
    assert "bad.csv" in text_all and "'Bensinx'" in text_all and "also in rows 2, 3" in text_all
    assert all(p.expected for p in err.value.problems)


def test_missing_required_column_is_named(tmp_path):
    with pytest.raises(InputError, match="fuel"):
        read_register(
            _write(
                tmp_path / "r.csv", "Regnr;Fordonsslag;Årsmodell;Körsträcka\nA;Personbil;2020;1\n"
            )
        )


@pytest.mark.parametrize("kommun", [k.kommun_id_scb for k in km.all_kommuner()])
def test_demo_registers_are_valid_synthetic_and_scaled(kommun):
    reg = demo_register(kommun)
    k = km.get(kommun)
    assert reg.attrs["synthetic"] is True and "SYNTHETIC" in reg.attrs["description"]
    assert reg["vehicle_id"].str.startswith("SYN").all() and reg["vehicle_id"].is_unique
    assert len(reg) == max(20, round(k.population * 4.2 / 1000))
    # biogas only where stations exist (Luleå, Piteå, Boden)
    assert (reg["fuel"] == "biogas").any() == (kommun in ("2580", "2581", "2582"))
    assert (reg["fuel"].isin(["diesel"]).mean()) > 0.3
    pd.testing.assert_frame_equal(reg, demo_register(kommun))  # seeded


def test_decimal_comma_file_reads_points_as_thousands_only_in_groups_of_three(tmp_path):
    """In a semicolon (decimal comma) file, 15.000 is fifteen thousand, but 12345.6 and 1.5
    keep their point as a decimal point (it used to be deleted: 12345.6 -> 123456 km)."""
    text = (
        SV_HEADER + "\n"
        "A1;Personbil;Bensin;2019;15.000;Omsorg;Ägd;;Service;Ute\n"
        "A2;Personbil;Bensin;2019;12345.6;Omsorg;Ägd;;Service;Ute\n"
        "A3;Personbil;Bensin;2019;123.456,5;Omsorg;Ägd;;Service;Ute\n"
        "A4;Personbil;Bensin;2019;1.5;Omsorg;Ägd;;Service;Ute\n"
    )
    reg = read_register(_write(tmp_path / "reg.csv", text))
    assert list(reg["annual_km"]) == [15000.0, 12345.6, 123456.5, 1.5]


def test_cells_beyond_the_header_are_reported_not_dropped(tmp_path):
    """An unquoted separator inside the last value shifts a cell past the header's width;
    it used to be dropped without a word (department 'Teknik' instead of 'Teknik; gata')."""
    text = SV_HEADER + "\nA1;Personbil;Bensin;2019;15000;Omsorg;Ägd;;Service;Ute;gata\n"
    with pytest.raises(InputError) as err:
        read_register(_write(tmp_path / "reg.csv", text))
    (problem,) = err.value.problems
    assert problem.row == 2 and problem.value == ["gata"]
    assert "at most 10 fields" in problem.expected


def test_defaults_are_counted_per_vehicle(tmp_path):
    """One of three vehicles lacks parking: the report says 1 vehicle took the default, not 3."""
    from workbench.fleet.report import register_report

    text = (
        SV_HEADER + "\n"
        "A1;Personbil;Bensin;2019;15000;Omsorg;Ägd;;Service;Ute\n"
        "A2;Personbil;Bensin;2019;15000;Omsorg;Ägd;;Service;\n"
        "A3;Personbil;Bensin;2019;15000;Omsorg;Ägd;;Service;Varmgarage\n"
    )
    reg = read_register(_write(tmp_path / "reg.csv", text))
    assert reg.attrs["defaults_applied"] == {"parking": 1}
    assert reg.loc[1, "parking"] == "engine_heater"
    rep = register_report(reg).set_index(["section", "category"])["n_vehicles"]
    assert rep[("default_applied", "parking")] == 1


def test_semicolon_csv_with_title_lines_above_the_header(tmp_path):
    """Title lines without separators (as exported from a spreadsheet) do not hide the ';'."""
    text = (
        "Fordonslista Testkommun 2025\n\n"
        + SV_HEADER
        + "\nA1;Personbil;Bensin;2019;12 500,5;Omsorg;Ägd;;Service;Ute\n"
        "A2;Lätt lastbil;Diesel;2018;15000;Teknik;Ägd;;Service;Ute\n"
    )
    reg = read_register(_write(tmp_path / "reg.csv", text))
    assert list(reg["annual_km"]) == [12500.5, 15000.0]
    assert reg.attrs["source_rows"] == [4, 5]


def test_map_cells_parses_each_distinct_cell_once_keyed_by_type_and_value():
    """Equal values of other types (1, 1.0, True; 0.0 and -0.0; a date and its datetime) keep
    their own result, the same as parsing cell by cell; each distinct cell is parsed once."""
    import datetime as dt

    import numpy as np

    from workbench.fleet.register import _map_cells

    day = dt.date(2027, 5, 31)
    cells = pd.Series([1, 1.0, True, 0.0, -0.0, np.nan, "1", day, dt.datetime(2027, 5, 31),
                       1, 1.0, True, -0.0, day, np.nan], dtype=object)  # fmt: skip
    calls = []

    def parse(value):
        calls.append(value)
        return repr(value)

    expected = [repr(v) for v in cells]
    assert list(_map_cells(cells, parse)) == expected
    assert len(calls) == 9  # the 9 distinct cells (NaN by its bits)
