"""Read each analysis stage's outputs (``<out>/<slug>/<part>/``) into a :class:`Part`;
:func:`collect` reads every part of one municipality.

The stages write ``summary.json`` plus Parquet tables; the file stem decides the
sheet a table goes to. A Parquet table with no sheet mapping is still exported
(sheet key = ``<part>_<stem>`` must then have a label), never dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from numbers import Real
from pathlib import Path

import pandas as pd
import pyogrio

from workbench import i18n
from workbench.core.gdal import no_aux_files
from workbench.export.parts import PART_NAMES, KommunResults, Part, missing_reason, read_summary
from workbench.export.strategy import read_strategy
from workbench.reference import kommuner as km

log = logging.getLogger(__name__)

# file stem -> sheet key, per part
SHEETS = {
    "solar": {
        "by_type": "solar_by_type",
        "monthly": "solar_monthly",
        "monthly_by_type": "solar_monthly_by_type",
        "buildings": "solar_buildings",
        "planes": "solar_planes",
        "excluded": "solar_excluded",
        "by_kommun": None,  # the municipality's totals: already the summary sheet
    },
    "fleet": {
        "scenarios": "fleet_scenarios",  # issue 12: the scenarios side by side come first
        "yearly": "fleet_yearly",
        "plan": "fleet_plan",
        "stock": "fleet_stock",
        "energy": "fleet_energy",
        "chargers": "fleet_chargers",
        "procurement": "fleet_procurement",
        "vehicles": "fleet_vehicles",
        # issue 16: after the sheets above, so that they keep their places
        "budget": "fleet_budget",
        "procurement_list": "fleet_procurement_list",
        "backlog": "fleet_backlog",
        "replacements": "fleet_replacements",
        "follow_up_summary": "fleet_follow_up_summary",
        "follow_up": "fleet_follow_up",
        "vehicle_years": None,  # vehicle x year detail: fleet/vehicle_years.csv (too large to review)
        "assumptions": None,  # the scenario's assumptions: the workbook's assumptions sheet
    },
    "match": {
        "annual": "match_annual",
        "monthly": "match_monthly",
        "depot_monthly": "match_depot_monthly",
        "sessions": "match_sessions",
        "buildings": "match_buildings",
        "not_selected": None,  # every other building, one reason: count on the summary sheet
    },
}
KEY_FIGURES = {
    "solar": ["capacity_kwp", "annual_mwh", "kwh_per_kwp", "n_buildings_with_pv"],
    "fleet": [
        "n_vehicles",
        "base_tco2e_wtw",
        "target_year_tco2e_wtw",
        "year_target_met",
        "is_target_met_in_target_year",
        "cumulative_cost_msek",
        "chargers",
    ],  # fmt: skip
    "match": ["pv_to_charging_mwh", "coverage_pct", "smart_coverage_pct", "export_mwh"],
}


# summary.json keys shown on the summary sheet, per part (None: every number and yes/no)
SUMMARY_KEYS: dict[str, list[str] | None] = {
    "solar": ["n_input", "n_included", "n_excluded", "n_buildings_with_pv", "footprint_area_m2",
              "usable_area_m2", "capacity_kwp", "capacity_low_kwp", "capacity_high_kwp", "annual_mwh",
              "annual_low_mwh", "annual_high_mwh", "kwh_per_kwp"],
    "fleet": None,
    "match": None,
}  # fmt: skip
# Columns of large tables shown in the workbook (all columns stay in the Parquet/GeoPackage files)
WORKBOOK_COLUMNS = {
    "solar_buildings": ["building_id", "source_id", "building_type", "owner", "n_levels",
                        "footprint_area_m2", "roof_shape", "roof_model", "n_planes_suitable",
                        "usable_area_m2", "capacity_kwp", "annual_kwh", "annual_low_kwh",
                        "annual_high_kwh", "kwh_per_kwp"],
}  # fmt: skip
# words the key figures and the assumptions need (Part.context): weather_source says whether
# the solar stage ran on the seat's generated typical year (its climatology an assumption)
CONTEXT = ("selection_rule", "scenario", "weather_source")
NOT_FIGURES = {"is_synthetic"}  # flags in summary.json that are provenance, not key figures
MAP_COLUMNS = ["kwh_per_kwp", "annual_kwh"]


def _table_files(folder: Path) -> list[Path]:
    """Parquet tables, plus CSV tables without a Parquet twin; input copies (``register*``) left out."""
    parquet = sorted(folder.glob("*.parquet"))
    stems = {p.stem for p in parquet}
    csv = [p for p in sorted(folder.glob("*.csv")) if p.stem not in stems]
    return [p for p in parquet + csv if not p.stem.startswith("register")]


def _tables(folder: Path, part: str) -> dict[str, pd.DataFrame]:
    """Every table in ``folder`` by sheet key; ``kommun_id_scb`` (constant) dropped."""
    tables = {}
    for path in _table_files(folder):
        key = SHEETS[part].get(path.stem, f"{part}_{path.stem}")
        if key is None:
            log.debug("%s: %s is covered by another sheet", folder, path.name)
            continue
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype={"kommun_id_scb": str}, keep_default_na=False,
                                na_values=[""])  # fmt: skip
        else:
            frame = pd.read_parquet(path)
        frame = frame.drop(columns=[c for c in ("geometry", "kommun_id_scb") if c in frame.columns])
        if key in WORKBOOK_COLUMNS:
            frame = frame[[c for c in WORKBOOK_COLUMNS[key] if c in frame.columns]]
        tables[key] = frame
    order = [v for v in SHEETS[part].values() if v]
    return dict(
        sorted(tables.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))
    )


def _figures(summary: dict, part: str) -> dict:
    keys = SUMMARY_KEYS[part]
    if keys is None:
        keys = [
            k for k, v in summary.items() if isinstance(v, Real | bool) and k not in NOT_FIGURES
        ]
    return {k: summary[k] for k in keys if k in summary}


def _notes(raw: dict) -> list[str]:
    """Caveats from ``summary.json``: its ``notes`` and how buildings were selected."""
    notes = [str(n) for n in raw.get("notes") or []]
    if raw.get("selection_rule"):
        notes.append(f"selection of buildings: {raw['selection_rule']}")
    origin = raw.get("data_origin")
    if origin:  # the SYNTHETIC label, or the footprint file's name
        notes.append(str(origin) if raw.get("is_synthetic") else f"buildings: {origin}")
    return notes


def read_generic(folder: Path, part: str) -> Part:
    """A part from ``summary.json`` and every Parquet table in ``folder``."""
    raw = read_summary(folder)
    summary = _figures(raw, part)
    keys = [k for k in KEY_FIGURES[part] if isinstance(summary.get(k), Real | bool)]
    role = {"solar": "buildings", "fleet": "vehicle_register"}.get(part, f"{part}_inputs")
    synthetic = [role] if raw.get("is_synthetic") else []
    synthetic += [f"{part}_{name}" for name in raw.get("synthetic_inputs") or []]
    factors = {
        f"{part}.{p.stem}": pd.read_csv(p) for p in sorted((folder / "factors").glob("*.csv"))
    }
    return Part(name=part, summary=summary, tables=_tables(folder, part), key_figures=keys,
                synthetic_inputs=synthetic, factor_tables=factors, notes=_notes(raw),
                location_checks=list(raw.get("location_checks") or []),
                context={k: raw[k] for k in CONTEXT if isinstance(raw.get(k), str)},
                interannual=raw.get("interannual"))  # fmt: skip


def rooftop_gpkg(folder: Path) -> Path:
    """The rooftop GeoPackage of a solar stage folder (``<out>/<slug>/solar``): the stage's
    ``solar.gpkg``, or, once a package was written from it, the package's ``<slug>.gpkg`` that
    holds its layers instead (:func:`workbench.export.package.write_kommun_package`)."""
    stage = folder / "solar.gpkg"
    package = folder.parent / f"{folder.parent.name}.gpkg"
    return stage if stage.exists() or not package.exists() else package


def read_solar(folder: Path) -> Part:
    """The rooftop part: tables, the rooftop GeoPackage (its layers go into the package's
    GeoPackage) and the map layer."""
    part = read_generic(folder, "solar")
    gpkg = rooftop_gpkg(folder)
    if gpkg.exists():
        part.gpkg = gpkg
        with no_aux_files():  # no solar.gpkg.aux.xml in the package
            fields = list(pyogrio.read_info(gpkg, layer="buildings")["fields"])
            # the package's GeoPackage names its fields in the export language
            names = {name: c for c in MAP_COLUMNS
                     for name in (c, *(i18n.header(c, lang) for lang in i18n.LANGS))}  # fmt: skip
            columns = sorted((f for f in fields if f in names),
                             key=lambda f: MAP_COLUMNS.index(names[f]))  # fmt: skip
            part.buildings = pyogrio.read_dataframe(gpkg, layer="buildings", columns=columns[:1])
            part.buildings = part.buildings.rename(columns=names)
    return part


READERS: dict[str, Callable[[Path], Part]] = {
    "solar": read_solar,
    "fleet": lambda folder: read_generic(folder, "fleet"),
    "match": lambda folder: read_generic(folder, "match"),
    "strategy": read_strategy,
}


def collect(kommun: str | km.Kommun, kommun_dir: str | Path) -> KommunResults:
    """Read every part's stage outputs under ``kommun_dir`` (``<out>/<slug>``)."""
    k = km.get(kommun)
    kommun_dir = Path(kommun_dir)
    results = KommunResults(kommun=k)
    for name in PART_NAMES:
        folder = kommun_dir / name
        if not (folder / "summary.json").exists():
            results.missing[name] = missing_reason(name, folder)
            log.info("%s: no %s results (%s)", k.name, name, results.missing[name].reason_key)
            continue
        results.parts[name] = READERS[name](folder)
    return results
