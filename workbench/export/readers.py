"""Read each analysis stage's outputs (``<out>/<slug>/<part>/``) into a :class:`Part`.

The stages write ``summary.json`` plus Parquet tables; the file stem decides the
sheet a table goes to. A Parquet table with no sheet mapping is still exported
(sheet key = ``<part>_<stem>`` must then have a label), never dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from workbench.export.parts import Part, read_summary

log = logging.getLogger(__name__)

# file stem -> sheet key, per part
SHEETS = {
    "solar": {
        "by_type": "solar_by_type",
        "monthly": "solar_monthly",
        "buildings": "solar_buildings",
        "excluded": "solar_excluded",
    },
    "fleet": {"plan": "fleet_plan", "yearly": "fleet_yearly"},
    "match": {"monthly": "match_monthly"},
}
KEY_FIGURES = {
    "solar": ["capacity_kwp", "annual_mwh", "kwh_per_kwp"],
    "fleet": [
        "n_vehicles",
        "base_tco2e_wtw",
        "target_year_tco2e_wtw",
        "year_target_met",
        "cumulative_cost_msek",
        "chargers",
    ],  # fmt: skip
    "match": ["pv_to_charging_mwh", "coverage_pct", "export_mwh"],
}


def _tables(folder: Path, part: str) -> dict[str, pd.DataFrame]:
    tables = {}
    for path in sorted(folder.glob("*.parquet")):
        key = SHEETS[part].get(path.stem, f"{part}_{path.stem}")
        frame = pd.read_parquet(path)
        if "geometry" in frame.columns:
            frame = frame.drop(columns="geometry")
        tables[key] = frame
    # workbook order: as listed in SHEETS, then the rest by name
    order = list(SHEETS[part].values())
    return dict(
        sorted(tables.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))
    )


def read_generic(folder: Path, part: str) -> Part:
    """A part from ``summary.json`` and every Parquet table in ``folder``."""
    summary = read_summary(folder)
    keys = [k for k in KEY_FIGURES[part] if k in summary]
    return Part(name=part, summary=summary, tables=_tables(folder, part), key_figures=keys)


READERS: dict[str, Callable[[Path], Part]] = {
    name: (lambda folder, name=name: read_generic(folder, name)) for name in SHEETS
}
