"""What a municipality package is made of: the results of each analysis, read from its stage outputs.

Each analysis (solar, fleet, match) runs as a demo stage that writes its tables
under ``<out>/<slug>/<part>/``. :func:`collect` reads them back into
:class:`Part` objects (:func:`workbench.export.readers.collect`). A part that did not run is
recorded in
:attr:`KommunResults.missing` with the reason, so the report can say so;
nothing is estimated in its place.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.core.paths import data_path
from workbench.reference import kommuner as km
from workbench.strategy.embedded import read_table

log = logging.getLogger(__name__)

PART_NAMES = ("solar", "fleet", "match", "strategy")
PART_MODULES = {
    "solar": "workbench.solar.potential",
    "fleet": "workbench.fleet",
    "match": "workbench.match",
    "strategy": "workbench.strategy.run",
}


@dataclass
class Part:
    """Results of one analysis for one municipality, ready to export.

    Attributes
    ----------
    name
        ``"solar"``, ``"fleet"`` or ``"match"``.
    summary
        Key figures keyed by internal names with unit suffixes (``annual_kwh``).
    tables
        Tables keyed by sheet key (``"solar_by_type"``), columns with unit suffixes.
    key_figures
        Summary keys shown as cards in the report, in order.
    gpkg
        GeoPackage with this part's map layers (rooftop buildings), or ``None``.
    buildings
        GeoDataFrame drawn on the report map, or ``None``.
    factor_tables
        Extra assumption tables (key, value, unit, year, source) keyed by prefix.
    synthetic_inputs
        Roles of inputs that are synthetic demo data.
    notes
        Caveats the computation reported (``summary.json`` ``notes``), shown in the report.
    location_checks
        Where the input files lie against the municipality (``summary.json``
        ``location_checks``); the report names every one run with ``--allow-outside``.
    context
        Words of ``summary.json`` the key figures need to say what they cover
        (``selection_rule``, ``scenario``).
    interannual
        The solar yield band across the years of a PVGIS multi-year series (``summary.json``
        ``interannual``), or ``None`` when the run had none.
    """

    name: str
    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    key_figures: list[str] = field(default_factory=list)
    gpkg: Path | None = None
    buildings: Any = None
    factor_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    synthetic_inputs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    location_checks: list[dict] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)
    interannual: dict[str, Any] | None = None


@dataclass(frozen=True)
class Missing:
    """Why a part is absent: an ``i18n`` text key and the values it needs."""

    reason_key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class KommunResults:
    """Every available part for one municipality and the reason for each missing one."""

    kommun: km.Kommun
    parts: dict[str, Part] = field(default_factory=dict)
    missing: dict[str, Missing] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        """Whether part ``name`` is available."""
        return name in self.parts


def population(kommun: km.Kommun) -> tuple[int, int]:
    """The municipality's population [inhabitants] and its year: SCB, December (the embedded
    ``data/strategy/population.csv``, the figure the strategy part uses too)."""
    table = read_table(data_path("strategy/population.csv"))
    row = table[table["area_id_scb"] == kommun.kommun_id_scb]
    if row.empty:
        raise KeyError(f"data/strategy/population.csv has no row for {kommun.kommun_id_scb}")
    return int(row["population"].iloc[0]), int(row["year"].iloc[0])


def module_available(name: str) -> bool:
    """Whether the analysis module for part ``name`` is installed in this workbench."""
    return importlib.util.find_spec(PART_MODULES[name]) is not None


def read_summary(folder: Path) -> dict[str, Any]:
    """The ``summary.json`` a stage wrote in ``folder``."""
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def missing_reason(name: str, folder: Path) -> Missing:
    """Why part ``name`` has no results in ``folder``."""
    if not module_available(name):
        return Missing("reason_module_missing", {"module": PART_MODULES[name]})
    return Missing("reason_no_output", {"detail": f"{folder.name}/summary.json"})
