import inspect

import pytest
from pydantic import BaseModel

import workbench.config as config_pkg
from workbench.config import (
    ConfigError,
    Scenario,
    assumptions_table,
    config_hash,
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
                extra.get("unit") and extra.get("source") and extra.get("year") and info.description
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
    assert snow["unit"] == "%" and snow["year"] == "2021" and "estimate" in snow["source"]


def test_assumptions_table_keeps_a_description_with_brackets():
    """The description column is the declared text, not the field description cut at ' ['."""
    from workbench.config import StrictModel, assumption, assumptions_table

    class Model(StrictModel):
        share: float = assumption(
            0.5, unit="-", source="s", year=2020, description="Share [0-1] of usable roofs"
        )

    row = assumptions_table(Model()).iloc[0]
    assert row["description"] == "Share [0-1] of usable roofs" and row["unit"] == "-"
