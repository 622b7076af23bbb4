"""Follow-up of a plan against a later register: every vehicle of both registers accounted for,
each outcome on a register built for it, bad follow-up registers refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fleet_fixtures import MILD, scenario

from workbench.core.errors import InputError
from workbench.fleet import demo_register, read_register, run_scenario
from workbench.fleet.followup import follow_up, id_scheme
from workbench.fleet.register import validate_register
from workbench.fleet.synthetic import follow_up_register

HEADER = (
    "Regnr;Fordonsslag;Drivmedel;Årsmodell;Körsträcka/år;Förvaltning;Ägande;Leasingslut;Ersätter\n"
)


def plan():
    """Seven petrol pool cars of one office, base year 2025 (cars: electric where they fit).

    ABC101–ABC103, ABC106: leases ending 2026 -> replaced in 2026; ABC104: owned, model year
    2019 -> age limit 2027; ABC105: owned, model year 2020 -> 2028.
    """
    rows = [("ABC101", "leased", 2023, "2026-05-31"), ("ABC102", "leased", 2023, "2026-06-30"),
            ("ABC103", "leased", 2023, "2026-07-31"), ("ABC104", "owned", 2019, None),
            ("ABC105", "owned", 2020, None), ("ABC106", "leased", 2023, "2026-08-31")]  # fmt: skip
    reg = pd.DataFrame(rows, columns=["vehicle_id", "ownership", "model_year", "contract_end"])
    reg = reg.assign(vehicle_class="car", fuel="petrol", annual_km=10_000.0, department="Omsorg",
                     duty="pool", parking="outdoors", depot="Omsorg",
                     contract_end=pd.to_datetime(reg["contract_end"]))  # fmt: skip
    return run_scenario(validate_register(reg), scenario(), "Luleå", temps_monthly=MILD)


def later_2026(tmp_path):
    """The register of 2026: ABC101 replaced as planned by NEW001 (electric); ABC102 still in
    use (late); ABC103 replaced by a petrol car (another powertrain); ABC104 replaced a year
    early by NEW004; ABC105 kept; ABC106 gone without replacement (missing); NEW007 added
    (not in the plan)."""
    path = tmp_path / "fordon_2026.csv"
    path.write_text(
        HEADER + "new 001;Personbil;El;2026;10000;Omsorg;Leasad;2029-05-31;abc 101\n"
        "ABC102;Personbil;Bensin;2023;10000;Omsorg;Leasad;2026-06-30;\n"
        "NEW003;Personbil;Bensin;2026;10000;Omsorg;Leasad;2029-07-31;ABC103\n"
        "NEW004;Personbil;El;2026;10000;Omsorg;Ägd;;ABC104\n"
        "ABC105;Personbil;Bensin;2020;10000;Omsorg;Ägd;;\n"
        "NEW007;Personbil;El;2026;8000;Omsorg;Leasad;2029-01-31;\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
def test_each_outcome_on_a_register_built_for_it(tmp_path):
    res = follow_up(plan(), later_2026(tmp_path), 2026)
    table = res.follow_up
    by_old = table.dropna(subset=["vehicle_id"]).set_index("vehicle_id")
    assert by_old["status"].to_dict() == {
        "ABC101": "as_planned", "ABC102": "late", "ABC103": "other_powertrain",
        "ABC104": "early", "ABC105": "kept", "ABC106": "missing",
    }  # fmt: skip
    assert by_old.loc["ABC101", "follow_up_vehicle_id"] == "NEW001"  # ids read as the plan's are
    assert by_old.loc["ABC104", "delay_years"] == -1 and by_old.loc["ABC102", "delay_years"] == 1
    assert by_old.loc["ABC103", ["planned_powertrain", "actual_powertrain"]].tolist() == [
        "bev",
        "petrol",
    ]
    added = table[table["vehicle_id"].isna()]
    assert added["follow_up_vehicle_id"].tolist() == ["NEW007"]
    assert added["status"].tolist() == ["not_in_plan"]
    row = res.follow_up_summary.iloc[0]
    assert (row["n_plan_vehicles"], row["n_follow_up_vehicles"]) == (6, 6)
    assert row["n_replacements_planned"] == 4  # ABC101, 102, 103, 106 in 2026
    assert row[[f"n_{s}" for s in ("as_planned", "early", "late", "other_powertrain", "kept",
                                   "missing", "not_in_plan")]].tolist() == [1, 1, 1, 1, 1, 1, 1]  # fmt: skip


@pytest.mark.slow
def test_fleet_deviations_are_the_later_register_against_the_plan(tmp_path):
    """Plan for 2026: ABC101–103 and ABC106 electric, ABC104 and ABC105 petrol: 2 petrol cars.
    The register has petrol ABC102, NEW003 and ABC105: 3 petrol cars. At 25 °C and no blend a
    petrol car emits 1.53846 t fossil CO2 a year: 3.07692 t planned, 4.61538 t actual."""
    res = follow_up(plan(), later_2026(tmp_path), 2026)
    row = res.follow_up_summary.iloc[0]
    car_t = 10_000 * 2.22 * 69.3 / 1e6
    assert row["planned_fossil_co2_t"] == pytest.approx(2 * car_t)
    assert row["actual_fossil_co2_t"] == pytest.approx(3 * car_t)
    assert row["deviation_fossil_co2_t"] == pytest.approx(car_t)
    assert row["deviation_fossil_co2_pct"] == pytest.approx(50.0)
    assert (row["n_bev_planned"], row["n_bev_actual"]) == (4, 3)


@pytest.mark.slow
def test_a_replacement_later_than_planned(tmp_path):
    """Followed up in 2027, a car planned for 2026 whose replacement has model year 2027."""
    path = tmp_path / "fordon_2027.csv"
    path.write_text(HEADER + "NEW101;Personbil;El;2027;10000;Omsorg;Leasad;2030-05-31;ABC101\n",
                    encoding="utf-8")  # fmt: skip
    table = follow_up(plan(), path, 2027).follow_up.dropna(subset=["vehicle_id"])
    row = table.set_index("vehicle_id").loc["ABC101"]
    assert (row["status"], row["actual_year"], row["delay_years"]) == ("late", 2027, 1)


@pytest.mark.slow
def test_every_vehicle_of_both_registers_is_accounted_for():
    """Luleå's demo plan against its SYNTHETIC later register: each id of either register is in
    exactly one row, and the rows add up to both registers."""
    res = run_scenario(demo_register("Luleå"), "fast_electrification", "Luleå")
    later = follow_up_register(res)
    table = follow_up(res, later).follow_up
    plan_ids, later_ids = table["vehicle_id"].dropna(), table["follow_up_vehicle_id"].dropna()
    assert plan_ids.is_unique and later_ids.is_unique
    assert set(plan_ids) == set(res.register["vehicle_id"]) and len(plan_ids) == len(res.register)
    assert set(later_ids) == set(later["vehicle_id"]) and len(later_ids) == len(later)
    counts = table["status"].value_counts()
    assert counts.sum() == len(table)
    assert set(counts.index) <= {"kept", "as_planned", "early", "late", "other_powertrain",
                                 "missing", "not_in_plan"}  # fmt: skip
    assert counts.get("missing", 0) > 0 and counts.get("not_in_plan", 0) > 0


@pytest.mark.slow
def test_without_a_replaces_column_offices_and_classes_pair_the_vehicles(tmp_path):
    path = tmp_path / "utan_ersatter.csv"
    path.write_text(
        HEADER.replace(";Ersätter", "")
        + "NEW001;Personbil;El;2026;10000;Omsorg;Leasad;2029-05-31\n"
        "ABC104;Personbil;Bensin;2019;10000;Omsorg;Ägd;\n"
        "ABC105;Personbil;Bensin;2020;10000;Omsorg;Ägd;\n",
        encoding="utf-8",
    )
    table = follow_up(plan(), path, 2026).follow_up
    paired = table[table["match_rule"] == "department_and_class"]
    assert paired[["vehicle_id", "follow_up_vehicle_id"]].values.tolist() == [["ABC101", "NEW001"]]
    assert (table["status"] == "missing").sum() == 3  # ABC102, ABC103, ABC106


@pytest.mark.slow
def test_a_follow_up_register_from_before_the_plan_is_refused(tmp_path):
    with pytest.raises(InputError) as err:
        follow_up(plan(), later_2026(tmp_path), 2024)
    text = str(err.value)
    assert "fordon_2026.csv" in text and "2024" in text and "follow_up_year" in text
    assert "from 2026 to 2035" in text


@pytest.mark.slow
def test_a_follow_up_register_with_another_id_scheme_is_refused(tmp_path):
    path = tmp_path / "interna_nummer.csv"
    path.write_text(HEADER + "".join(
        f"F-{i:04d};Personbil;El;2026;10000;Omsorg;Ägd;;\n" for i in range(6)), encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as err:
        follow_up(plan(), path, 2026)
    text = str(err.value)
    assert "vehicle_id" in text and "F-0000" in text and "regnr" in text and "ABC101" in text


def test_id_schemes():
    assert id_scheme("ABC123") == id_scheme("ABC12D") == "regnr"
    assert id_scheme("SYN2580-0001") == "AAA9999-9999"


def test_replaces_column_is_read_with_the_register_rules(tmp_path):
    reg = read_register(later_2026(tmp_path))
    assert reg.attrs["replaces"]["NEW001"] == "ABC101"
    assert "NEW007" not in reg.attrs["replaces"]
    assert np.array_equal(reg.columns, demo_register("Arjeplog").columns)
