"""Label dictionaries and Swedish number formatting."""

from __future__ import annotations

import pytest

from workbench import i18n
from workbench.export.numformat import format_exact, format_number, format_quantity


def test_sv_and_en_have_the_same_keys():
    sv, en = i18n.dictionary("sv"), i18n.dictionary("en")
    for section in ("units", "columns", "sheets", "texts"):
        assert set(sv[section]) == set(en[section]), section
    assert set(sv["values"]["provenance_field"]) == set(en["values"]["provenance_field"])


def test_every_unit_key_has_a_format_and_display():
    units = i18n.units_table()
    used = set(units["suffixes"].values()) | set(units["prefixes"].values())
    used |= {v for v in units["columns"].values() if v}
    assert used <= set(units["units"])
    for lang in i18n.LANGS:
        assert set(units["units"]) <= set(i18n.dictionary(lang)["units"])


def test_sheet_names_fit_excel():
    for lang in i18n.LANGS:
        for key in i18n.dictionary(lang)["sheets"]:
            name = i18n.sheet_name(key, lang)
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_unit_from_suffix_longest_match_wins():
    assert i18n.unit_key("annual_kwh") == "kwh"
    assert i18n.unit_key("specific_kwh_per_kwp") == "kwh_per_kwp"
    assert i18n.unit_key("n_vehicles") == "count"
    assert i18n.unit_key("base_tco2e_wtw") == "tco2e"  # explicit, not from the suffix
    assert i18n.unit_key("kommun_id_scb") is None and i18n.unit_key("name") is None
    assert i18n.header("capacity_kwp", "sv") == "Möjlig installerad effekt (kWp)"


def test_missing_label_lists_every_missing_column():
    with pytest.raises(i18n.MissingLabelError) as info:
        i18n.headers(["annual_kwh", "zz_new_kwh", "aa_other"], "sv")
    assert info.value.keys == ["aa_other", "zz_new_kwh"]
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.headers(["annual_kwh"], "de")


def test_swedish_number_text():
    """CLDR sv: U+00A0 groups thousands, comma decimals, U+2212 minus (hand-checked)."""
    assert format_number(1234567.891, "sv", 1) == "1\u00a0234\u00a0567,9"
    assert format_number(-1234.5, "sv", 0) == "\u22121\u00a0234"  # 1234.5 rounds half to even
    assert format_number(-0.04, "sv", 1) == "0,0"
    assert format_number(1234567.891, "en", 1) == "1,234,567.9"
    assert format_number(float("nan"), "sv") == "–"
    assert format_quantity(8123.4, "annual_kwh", "sv") == "8\u00a0123\u00a0kWh"
    assert format_quantity(12.5, "cumulative_cost_msek", "sv") == "12,50\u00a0Mkr"
    assert format_quantity(0.4567, "share_frac", "sv") == "45,7\u00a0%"
    assert format_quantity(2030, "target_year", "sv") == "2030"
    assert format_quantity(True, "year_target_met", "en") == "Yes"
    # a year is never grouped: "2028", not "2 028" (the fleet summary gives the year or None)
    assert format_quantity(2028, "year_target_met", "sv") == "2028"


def test_assumption_values_keep_every_decimal_in_the_report_language():
    """Assumption values are shown exactly (no rounding), decimal comma in Swedish, years ungrouped."""
    assert format_exact(-0.0037, "sv") == "\u22120,0037"
    assert format_exact(0.96, "sv") == "0,96" and format_exact(0.96, "en") == "0.96"
    assert format_exact(14.0, "sv") == "14" and format_exact(2030, "sv") == "2030"
    assert format_exact(1e9, "sv") == "1\u00a0000\u00a0000\u00a0000"
    assert format_exact(1_300_000.5, "en") == "1,300,000.5"
    assert format_exact(True, "sv") == "Ja"


@pytest.mark.slow
def test_dictionaries_have_no_duplicate_keys():
    """PyYAML silently keeps the last of two equal keys; several people edit these files."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, f"duplicate keys {sorted(duplicates)} at line {node.start_mark.line}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for name in ("sv", "en", "units"):
        path = i18n._HERE / f"{name}.yaml"
        yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)


def test_sheet_specific_label_for_a_column_whose_meaning_depends_on_the_table():
    assert i18n.header("energy_kwh", "sv", sheet="fleet_yearly") == "Energianvändning (kWh)"
    assert i18n.header("energy_kwh", "en", sheet="fleet_yearly") == "Energy use (kWh)"
    assert i18n.header("energy_kwh", "sv", sheet="fleet_yearly") != i18n.header("energy_kwh", "sv")
    sv, en = i18n.dictionary("sv")["sheet_columns"], i18n.dictionary("en")["sheet_columns"]
    assert {k: set(v) for k, v in sv.items()} == {k: set(v) for k, v in en.items()}


def test_every_excluded_building_reason_has_a_label():
    """The "Ej beräknade byggnader" sheet shows the reason of every excluded footprint: each
    reason code of workbench.buildings must read as Swedish (and English), not as the code."""
    from workbench import buildings

    codes = set(buildings.reasons_table()["reason"])
    for lang in i18n.LANGS:
        labels = i18n.dictionary(lang)["values"]["reason"]
        assert codes <= set(labels), (lang, sorted(codes - set(labels)))
    assert i18n.value_label("reason", "sliver", "sv") == "för litet fotavtryck"


def test_every_scenario_unit_has_a_label():
    """The assumptions sheet and report show each config field's unit in the export language;
    a field declared with a new unit needs a line in values.config_unit of sv.yaml and en.yaml."""
    from workbench.config import Scenario, assumptions_table

    units = set(assumptions_table(Scenario())["unit"])
    for lang in i18n.LANGS:
        labels = i18n.dictionary(lang)["values"]["config_unit"]
        assert units <= set(labels), (lang, sorted(units - set(labels)))
    assert i18n.dictionary("sv")["values"]["config_unit"]["year"] == "år"
