"""The embedded strategy tables: drift against ../shared, metadata, sources, published years."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from workbench.core.paths import data_path
from workbench.strategy.derive import derive_tables
from workbench.strategy.embedded import StrategyInputs, csv_text, load_inputs, meta
from workbench.strategy.sources.common import area_codes


@pytest.mark.slow
def test_embedded_tables_equal_a_fresh_derivation_from_shared(shared):
    """Re-derives every table with the readers and compares the CSV text byte for byte."""
    derived = derive_tables(shared)
    assert list(derived) == StrategyInputs.names()
    for name, df in derived.items():
        committed = data_path("strategy", f"{name}.csv").read_text(encoding="utf-8")
        assert csv_text(df) == committed, f"data/strategy/{name}.csv drifted: rerun the script"


@pytest.mark.slow
def test_every_table_is_described_column_by_column_with_units():
    inputs = load_inputs()
    tables = meta()["tables"]
    assert list(tables) == StrategyInputs.names()
    for name in StrategyInputs.names():
        df = getattr(inputs, name)
        described = tables[name]["columns"]
        assert list(described) == list(df.columns), name
        assert all(c.get("unit") for c in described.values()), name
        assert tables[name]["source"].strip() and tables[name]["description"].strip()
        assert df["source"].notna().all() and (df["source"].str.len() > 10).all(), name


def test_areas_and_published_years_only():
    """The 14 municipalities and the county; emission years exactly as RUS publishes them,
    vehicle years 2015–2022 and 2025 (2023, 2024 absent, not interpolated)."""
    d = load_inputs()
    for name in ("emissions_sector", "emissions_rus_co2", "energy_final_use", "vehicles",
                 "population"):  # fmt: skip
        assert sorted(getattr(d, name)["area_id_scb"].unique()) == sorted(area_codes()), name
    assert sorted(d.emissions_sector["year"].unique()) == [1990, 2000, 2005, 2010, 2015,
                                                          *range(2020, 2025)]  # fmt: skip
    assert sorted(d.vehicles["year"].unique()) == [*range(2015, 2023), 2025]
    assert sorted(d.energy_final_use["year"].unique()) == list(range(2009, 2021))
    suppressed = d.energy_final_use[d.energy_final_use["status"] == "suppressed"]
    assert len(suppressed) > 0 and suppressed["energy_mwh"].isna().all()


def test_example_plan_is_marked_and_secap_factors_are_documented():
    rows = yaml.safe_load(data_path("strategy", "example_action_plan.yaml").read_text("utf-8"))
    assert rows["is_example"] is True
    assert all(a["name"].startswith("EXEMPEL") for a in rows["actions"])
    factors = pd.read_csv(data_path("strategy", "secap_factors.csv"))
    assert factors[["t_co2e_per_mwh", "year", "source"]].notna().all().all()
