import inspect
import json

import pytest
from pydantic import BaseModel

import workbench.config as config_pkg
from workbench.config import (
    ConfigError,
    Scenario,
    assumptions_table,
    config_hash,
    files,
    load_scenario,
    validate,
)
from workbench.core.paths import scenarios_dir


def _models():
    """Every StrictModel subclass reachable from workbench.config modules."""
    seen = {}
    for module in list(config_pkg.__dict__.values()):
        if inspect.ismodule(module) and module.__name__.startswith("workbench.config"):
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, config_pkg.StrictModel)
                    and obj is not config_pkg.StrictModel
                ):
                    seen[obj.__qualname__] = obj
    return list(seen.values())


def test_every_config_field_has_unit_year_and_source():
    models = _models()
    assert Scenario in models and len(models) >= 2
    missing = []
    for model in models:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
                continue  # a section; its own fields are checked
            extra = info.json_schema_extra or {}
            if not (
                extra.get("unit")
                and (extra.get("source") or extra.get("note"))
                and extra.get("year")
                and info.description
            ):
                missing.append(f"{model.__name__}.{name}")
    assert not missing, f"fields without unit/year/source/description: {missing}"


@pytest.mark.parametrize("path", sorted(scenarios_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_are_valid(path):
    scenario = load_scenario(path)
    assert scenario.name == path.stem


def test_unknown_key_names_key_value_and_allowed_keys():
    with pytest.raises(ConfigError) as err:
        validate(Scenario, {"pv": {"loses_pct": 12}}, source="my.yaml")
    text = str(err.value)
    assert "my.yaml" in text and "'pv.loses_pct' = 12" in text
    assert "unknown key" in text and "losses_pct" in text and "inverter_efficiency" in text


def test_out_of_range_names_key_value_and_bound_with_unit():
    with pytest.raises(ConfigError) as err:
        validate(Scenario, {"pv": {"losses_pct": 140}}, source="s.yaml")
    text = str(err.value)
    assert "'pv.losses_pct' = 140" in text and "<= 100" in text and "[%]" in text


def test_wrong_type_and_bad_choice_are_both_reported():
    with pytest.raises(ConfigError) as err:
        validate(Scenario, {"pv": {"inverter_efficiency": "high", "mounting": "on_pole"}})
    assert len(err.value.lines) == 2
    text = str(err.value)
    assert "'pv.inverter_efficiency' = 'high'" in text
    assert "'pv.mounting' = 'on_pole'" in text and "close_mount" in text and "open_rack" in text


def test_scenario_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pv:\n  snow_loss_pct: -3\nextra_section: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_scenario(bad)
    text = str(err.value)
    assert str(bad) in text and "'pv.snow_loss_pct' = -3" in text and "'extra_section' = 1" in text


def test_unknown_scenario_name_lists_shipped_scenarios():
    with pytest.raises(ConfigError, match="default"):
        load_scenario("no_such_scenario")


def test_assumptions_table_and_hash_are_stable():
    a, b = load_scenario("default"), load_scenario("default")
    assert config_hash(a) == config_hash(b)
    changed = validate(Scenario, {"name": "default", "pv": {"losses_pct": 10}})
    assert config_hash(changed) != config_hash(a)
    table = assumptions_table(a)
    row = table.set_index("key").loc["pv.losses_pct"]
    # PVWatts' DC budget (excludes the inverter), not PVGIS's 14 % (includes it): issue 13
    assert row["value"] == 14.08 and row["unit"] == "%" and "PVWatts" in row["source"]
    snow = table.set_index("key").loc["pv.snow_monthly_loss_pct"]
    assert snow["unit"] == "%" and snow["year"] == "2021" and "estimate" in snow["source_note"]
    assert "van Noord" in snow["source"]


def test_assumptions_table_keeps_a_description_with_brackets():
    """The description column is the declared text, not the field description cut at ' ['."""
    from workbench.config import StrictModel, assumption, assumptions_table

    class Model(StrictModel):
        share: float = assumption(
            0.5, unit="-", source="s", year=2020, description="Share [0-1] of usable roofs"
        )

    row = assumptions_table(Model()).iloc[0]
    assert row["description"] == "Share [0-1] of usable roofs" and row["unit"] == "-"


def test_generated_default_scenario_and_schema_have_not_drifted():
    """data/scenarios/default.yaml and scenario.schema.json equal what the models generate now
    (run ``python -m workbench.config.files --write`` after changing a default, unit or source)."""
    for path, text in files.generated_files().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python -m workbench.config.files --write"
        )
    assert files.stale_files() == []


def test_the_generated_default_lists_every_key_and_reads_back_to_the_defaults():
    """Every assumption of the assumptions table is a key of default.yaml with its comment
    (unit and source), and loading the file gives exactly the models' defaults."""
    loaded = load_scenario("default")
    assert loaded == files.default_scenario()
    assert config_hash(loaded) == config_hash(files.default_scenario())
    text = (scenarios_dir() / "default.yaml").read_text(encoding="utf-8")
    keys = assumptions_table(loaded)["key"]
    leaves = {k.rsplit(".", 1)[-1] for k in keys}
    for leaf in leaves:
        assert f"{leaf}:" in text, leaf
    pv = text.split("\npv:\n", 1)[1]
    assert pv.startswith("  # Total DC system losses") and "[%]; 2014; source: NREL PVWatts" in pv


def test_a_changed_default_is_caught_by_the_drift_check(tmp_path, monkeypatch):
    """The drift check fails on a file that no longer matches (here a default edited by hand)."""
    for path, text in files.generated_files(tmp_path).items():
        path.write_text(text, encoding="utf-8")
    assert files.stale_files(tmp_path) == []
    edited = tmp_path / "default.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("losses_pct: 14.08", "losses_pct: 14.0"),
        encoding="utf-8",
    )
    assert files.stale_files(tmp_path) == [edited]


def test_the_schema_is_the_models_json_schema_and_rejects_what_the_models_reject():
    schema = json.loads((scenarios_dir() / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema == Scenario.model_json_schema()
    assert schema["additionalProperties"] is False  # unknown keys are refused
    assert set(schema["properties"]) == set(Scenario.model_fields)
