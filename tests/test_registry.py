"""The table registry: declarations, naming rule, labels, data dictionary, writer and reader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
import yaml

from workbench import i18n, registry
from workbench.core import tables as tb

REPO = Path(__file__).resolve().parents[1]
CROSSWALK = REPO / "tests" / "tools" / "crosswalk.yaml"


def _names():
    """(where, name, dtype, unit column) of every declared column and shown summary figure."""
    for p in registry.PARTS.values():
        for t in p.tables:
            for c in t.columns:
                yield t.qualname, c.name, c.dtype, c.unit_column
        for f in p.summary.figures:
            if f.shown:
                yield f"{p.name}/summary.json", f.key, "float64", None


def test_every_name_follows_the_naming_rule():
    """Unit as suffix (or count/year/id/pvlib by rule), yes/no as is_/has_: no exceptions."""
    problems = [f"{where}: {name}: {why}" for where, name, dtype, unit_column in _names()
                if (why := registry.name_problem(name, dtype, unit_column))]  # fmt: skip
    assert problems == []


@pytest.mark.parametrize(
    ("name", "dtype", "broken"),
    [
        ("capacity_kwp", "float64", False),
        ("n_chargers_target_year", "int64", False),
        ("kommun_id_scb", tb.TEXT, False),
        ("year_target_met", "float64", True),  # a year whose unit is not its suffix
        ("powertrain_end_year", tb.TEXT, True),  # text that reads as a year
        ("with_battery", "bool", True),  # yes/no without is_/has_
        ("is_offered", "float64", True),  # is_ on a number
        ("amount", "float64", True),  # a number without a unit
        ("tank_per_km", "float64", True),  # only the denominator of a unit
    ],
)
def test_the_naming_rule_refuses_what_the_issue_found(name, dtype, broken):
    assert (registry.name_problem(name, dtype) is not None) is broken


def test_one_meaning_per_name():
    """A name declared in several tables or summaries means the same everywhere."""
    assert {n: m for n, m in registry.vocabulary().items() if len(m) > 1} == {}


def test_every_declared_name_has_a_swedish_and_an_english_label():
    for lang in i18n.LANGS:
        labels = i18n.dictionary(lang)["columns"]
        missing = sorted({name for _, name, _, _ in _names() if name not in labels})
        assert missing == [], f"{lang}.yaml lacks labels for {missing}"


def test_every_sheet_key_has_a_name_in_both_languages():
    for t in registry.all_tables():
        if t.sheet is not None:
            for lang in i18n.LANGS:
                assert i18n.sheet_name(t.sheet, lang)


def test_workbook_columns_and_key_figures_are_declared():
    for p in registry.PARTS.values():
        shown = {f.key for f in p.summary.figures if f.shown}
        assert set(p.summary.key_figures) <= shown
        assert len({t.sheet for t in p.sheets}) == len(p.sheets), "two tables on one sheet"


def test_data_dictionary_is_generated_from_the_registry():
    """docs/data_dictionary.md equals what the registry generates (run
    ``python -m workbench.registry --write`` after changing a declaration)."""
    committed = registry.DICTIONARY.read_text(encoding="utf-8")
    assert committed == registry.data_dictionary()


def test_crosswalk_names_are_gone_and_their_replacements_declared():
    """Every old name of the crosswalk has left the registry (for its scope) and every new one
    is in it."""
    data = yaml.safe_load(CROSSWALK.read_text(encoding="utf-8"))
    declared: dict[str, set[str]] = {}
    for p in registry.PARTS.values():
        declared[p.name] = {c.name for t in p.tables for c in t.columns}
        declared[f"{p.name}.summary"] = {f.key for f in p.summary.figures}
    problems = []
    for entry in data["renames"] + data["drops"]:
        scopes = [entry["where"]] if isinstance(entry["where"], str) else entry["where"]
        for scope in scopes:
            if scope not in declared:
                continue  # a scope whose part is not registered yet
            if entry["old"] in declared[scope]:
                problems.append(f"{scope}: old name {entry['old']!r} still declared")
            new = entry.get("new", entry.get("same_as"))
            if new not in declared[scope]:
                problems.append(f"{scope}: new name {new!r} not declared")
    assert problems == []


DEMO = tb.Table(
    "demo", "things", "Things for the test",
    columns=(tb.Column("thing_id", tb.TEXT, "Thing id"),
             tb.Column("kommun_id_scb", tb.TEXT, "Municipality code"),
             tb.Column("energy_kwh", "float64", "Energy", checks=(pa.Check.ge(0),)),
             tb.Column("is_big", "bool", "Big thing")),
    key=("thing_id",),
    formats=("parquet", "csv"),
    sheet=None, no_sheet="test table",
)  # fmt: skip


def _things() -> pd.DataFrame:
    return pd.DataFrame({"thing_id": ["a", "b"], "kommun_id_scb": ["0114", "2580"],
                         "energy_kwh": [1.5, 0.0], "is_big": [True, False]})  # fmt: skip


def test_write_then_read_gives_the_same_table_in_each_format(tmp_path):
    paths = tb.write(DEMO, _things(), tmp_path)
    assert sorted(p.name for p in paths.values()) == ["things.csv", "things.parquet"]
    pd.testing.assert_frame_equal(tb.read(DEMO, tmp_path), _things())
    (tmp_path / "things.parquet").unlink()
    csv = tb.read(DEMO, tmp_path)  # falls back to the CSV; the code keeps its leading zero
    assert csv["kommun_id_scb"].tolist() == ["0114", "2580"] and csv["is_big"].tolist() == [
        True,
        False,
    ]


def test_write_refuses_a_table_that_breaks_its_declaration_and_writes_nothing(tmp_path):
    bad = _things().assign(energy_kwh=[-1.0, 2.0], thing_id=["a", "a"], extra=[1, 2])
    with pytest.raises(tb.TableError) as err:
        tb.write(DEMO, bad, tmp_path)
    text = str(err.value)
    assert "table demo.things" in text and "'extra'" in text  # undeclared column
    assert not list(tmp_path.iterdir())
    with pytest.raises(tb.TableError, match=r"'energy_kwh': greater_than_or_equal_to\(0\) failed "
                                            r"for -1.0 \(rows \[0\]\)"):  # fmt: skip
        tb.write(DEMO, bad.drop(columns="extra"), tmp_path)


def test_columns_in_another_order_are_refused(tmp_path):
    with pytest.raises(tb.TableError, match="column_ordered failed"):
        DEMO.validate(_things()[["kommun_id_scb", "thing_id", "energy_kwh", "is_big"]])


def test_a_summary_key_must_be_declared_and_a_shown_figure_a_number():
    summary = tb.Summary(figures=(tb.Figure("annual_mwh", "Energy"),
                                  tb.Figure("source", "File", shown=False)),
                         key_figures=("annual_mwh",))  # fmt: skip
    summary.check({"annual_mwh": 1.0, "source": "x.gpkg"}, "demo")
    with pytest.raises(tb.TableError, match="'mystery_kwh' is not declared"):
        summary.check({"annual_mwh": 1.0, "mystery_kwh": 2.0}, "demo")
    with pytest.raises(tb.TableError, match="'annual_mwh' is shown as a figure but holds 'a lot'"):
        summary.check({"annual_mwh": "a lot"}, "demo")
    assert summary.shown({"annual_mwh": None, "source": "x"}) == {}
    assert summary.shown({"annual_mwh": 2, "source": "x"}) == {"annual_mwh": 2}


def test_architecture_md_shows_the_crosswalk():
    """The crosswalk table in docs/architecture.md is the one generated from crosswalk.yaml
    (``python tests/tools/compare_outputs.py --markdown``)."""
    from tools.compare_outputs import MARKERS, crosswalk_markdown

    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    start, end = text.index(MARKERS[0]), text.index(MARKERS[1]) + len(MARKERS[1])
    assert text[start:end] == crosswalk_markdown(CROSSWALK)
