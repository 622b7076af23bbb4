"""Shipped sources name real sources: no "issue N" or "(verify)" markers in any source string.

A source that is not yet confirmed says so in a structured field (``assumption(verified=False)``,
a ``verified`` column of a factor table), which the exports word as "ej verifierad källa".
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import workbench.config as config_pkg
from workbench.config import StrictModel, assumption, assumptions_table, load_scenario
from workbench.core.paths import data_path
from workbench.export.excel import assumptions_frame, factor_rows
from workbench.fleet.factors import factor_tables

DATA = Path(data_path("kommuner.csv")).parent
# a ticket reference or a to-do marker where a source belongs
MARKERS = re.compile(r"\bissue\s+\d|\(verify|verify\)|\bto verify\b", re.IGNORECASE)


def markers(text: str) -> list[str]:
    """The forbidden markers in ``text`` (an empty list when it is clean)."""
    return [m.group(0) for m in MARKERS.finditer(text)]


def _config_sources() -> dict[str, str]:
    """The source of every field of every configuration model, by ``Model.field``."""
    sources = {}
    for module in vars(config_pkg).values():
        if not (inspect.ismodule(module) and module.__name__.startswith("workbench.config")):
            continue
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, StrictModel) and obj is not StrictModel:
                for name, info in obj.model_fields.items():
                    extra = info.json_schema_extra or {}
                    if "source" in extra:
                        sources[f"{obj.__qualname__}.{name}"] = str(extra["source"])
    return sources


def test_the_marker_check_finds_what_it_must():
    """Negative control: the pattern catches the markers that used to ship."""
    assert markers("issue 5 item 4: vehicles whose winter driving ...") == ["issue 5"]
    assert markers("ASEK 7.0 3.5 % (verify); LCC") == ["(verify"]
    assert markers("lag 1994:1776 11 kap. 3 §, verify)") == ["verify)"]
    assert markers("Directive (EU) 2019/1161 Annex, Sweden 38.5 % (domain-fleet.md §3)") == []


def test_no_config_source_carries_a_ticket_or_verify_marker():
    sources = _config_sources()
    assert len(sources) > 140  # pv, roofs, fleet, match, strategy (149 fields in 2026)
    bad = {key: markers(text) for key, text in sources.items() if markers(text)}
    assert not bad, f"config sources with markers instead of a source: {bad}"


@pytest.mark.parametrize(
    "path",
    sorted([*DATA.rglob("*.csv"), *DATA.rglob("*.yaml")]),
    ids=lambda p: str(p.relative_to(DATA)),
)
def test_no_shipped_data_file_carries_a_ticket_or_verify_marker(path):
    found = markers(path.read_text(encoding="utf-8"))
    assert not found, f"data/{path.relative_to(DATA)}: {found}"


def test_unverified_factor_rows_are_flagged_in_a_column():
    tables = factor_tables()
    flagged = {name: t for name, t in tables.items() if "verified" in t.columns}
    assert {"vehicle_types", "energy_prices", "charger_costs", "lifetimes"} <= set(flagged)
    for name, table in flagged.items():
        assert table["verified"].dtype == bool, (
            f"data/fleet/{name}.csv: verified must be true/false"
        )
    # the HVO100 2024 factor is sourced with its URL (domain-fleet.md §1.1); charger costs are not
    hvo = tables["fuel_components"].query("component == 'hvo' and year == 2024").iloc[0]
    assert hvo["verified"] and "fossilfrittsverige.se/faq-hvo-100" in hvo["source"]
    assert not tables["charger_costs"]["verified"].any()


def test_unverified_sources_are_worded_in_the_export_language():
    """The flag becomes the words "ej verifierad källa" / "source not verified"; verified rows
    keep their source untouched."""
    scenario = load_scenario("default")
    factors = {f"fleet.{name}": table for name, table in factor_tables().items()}
    sv = assumptions_frame(scenario, factors, "sv").set_index("key")
    en = assumptions_frame(scenario, factors, "en").set_index("key")
    assert "verified" not in sv.columns
    hydrogen = sv.loc["fleet.hydrogen_kommuner", "source_note"]  # our note, in Swedish
    assert hydrogen == (
        "Antagande: ingen publik tankstation för vätgas i Norrbotten (ej verifierad källa)"
    )
    assert en.loc["fleet.hydrogen_kommuner", "source_note"] == (
        "Assumption: no public hydrogen filling station in Norrbotten (source not verified)"
    )
    assert sv.loc["pv.losses_pct", "source"] == en.loc["pv.losses_pct", "source"]  # a citation
    assert "verifierad" not in sv.loc["pv.losses_pct", "source_note"]
    dc = sv.loc["fleet.charger_costs.DC 50 kW depot charger.cost_sek_per_point", "source_note"]
    assert dc == "Antagande: installerad laddare för likström, exkl. moms (ej verifierad källa)"
    table = assumptions_table(scenario).set_index("key")
    assert table["verified"].dtype == bool
    assert not table.loc["fleet.hydrogen_kommuner", "verified"]
    assert table.loc["pv.losses_pct", "verified"]


def test_a_field_declared_unverified_says_so_in_its_description():
    class Model(StrictModel):
        share: float = assumption(0.5, unit="-", source="s", year=2020, description="d",
                                  verified=False)  # fmt: skip

    info = Model.model_fields["share"]
    assert info.json_schema_extra["verified"] is False
    assert info.description == "d [-]. Source: s (2020; source not verified)."
    table = pd.DataFrame({"charger_type": ["AC depot point"], "cost_sek_per_point": [1.0],
                          "year": [2020], "source": ["s"], "verified": [False]})  # fmt: skip
    rows = factor_rows("fleet.charger_costs", table)
    assert rows["verified"].tolist() == [False]
    assert rows["key"].tolist() == ["fleet.charger_costs.AC depot point.cost_sek_per_point"]


def test_sources_yaml_documents_the_flag():
    entries = {e["id"]: e for e in yaml.safe_load(data_path("sources.yaml").read_text("utf-8"))}
    assert "verified = false" in entries["fleet_factors"]["notes"]
