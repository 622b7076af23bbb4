"""One municipality's package: Excel workbook, GeoPackage, HTML report and manifest.

Layout of ``<out>/<slug>/``::

    <slug>.xlsx            workbook (Swedish by default)
    <slug>.gpkg            rooftop layers + kommun_summary (EPSG:3006); the only GeoPackage
                           with the rooftop layers (the solar stage's solar.gpkg is moved here)
    <slug>.html            self-contained report
    kommun_summary.json    key figures of every available part, missing parts and why
    solar/ fleet/ match/   the analysis stages' own tables (Parquet, JSON)
    manifest.json          versions, scenario and config hash, sha256 of every file

Every file is written atomically. The creation time comes from ``SOURCE_DATE_EPOCH``
when that is set (reproducible-builds convention), else from the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import i18n
from workbench.config import Scenario, resolve_scenario
from workbench.core.outputs import make_dir, write_json
from workbench.core.provenance import provenance_fields, write_manifest
from workbench.core.reproducible import creation_time
from workbench.export.content import (
    assumptions_for,
    report_content,
    uses_seat_climatology,
    workbook_sheets,
)
from workbench.export.excel import write_workbook
from workbench.export.gpkg import write_kommun_gpkg
from workbench.export.parts import KommunResults, population, read_summary
from workbench.export.readers import collect
from workbench.export.report import input_label, write_report
from workbench.reference import climate
from workbench.reference import kommuner as km

log = logging.getLogger(__name__)


@dataclass
class Package:
    """Paths of a written municipality package and the results it was made from."""

    kommun: km.Kommun
    folder: Path
    workbook: Path
    geopackage: Path
    report: Path
    manifest: Path
    results: KommunResults = field(repr=False)


def provenance(
    scenario: Scenario,
    created: dt.datetime,
    lang: str,
    inputs: dict[str, Path],
    synthetic_inputs: list[str],
    kommun: km.Kommun | None = None,
    folder: Path | None = None,
) -> dict[str, Any]:
    """The manifest fields known before the outputs exist (for workbook and report).

    :func:`workbench.core.provenance.provenance_fields` plus the language and the municipality;
    input paths inside ``folder`` (the package folder) are given relative to it.
    """
    prov = {
        **provenance_fields(scenario, created, inputs, synthetic_inputs, folder),
        "language": lang,
    }
    if kommun is not None:
        prov["kommun"] = f"{kommun.kommun_id_scb} {kommun.name}"
    return prov


def kommun_summary(results: KommunResults) -> dict[str, Any]:
    """JSON-able key figures per part plus the missing parts and their reasons."""
    return {
        "kommun_id_scb": results.kommun.kommun_id_scb,
        "name": results.kommun.name,
        "population": population(results.kommun)[0],
        "population_year": population(results.kommun)[1],
        "parts": {name: part.summary for name, part in sorted(results.parts.items())},
        "missing": {
            name: {"reason": m.reason_key, **m.values}
            for name, m in sorted(results.missing.items())
        },
    }


WEATHER_KEYS = ("weather_source", "weather_time_offset_min", "weather_time_offset_rule",
                "weather_time_offset_detected_min", "weather_time_convention")  # fmt: skip


def stage_weather(folder: Path) -> dict[str, Any]:
    """The weather and how its sun was timed, from the solar stage's ``summary.json`` ({} when
    the stage did not run)."""
    if not (folder / "solar" / "summary.json").exists():
        return {}
    raw = read_summary(folder / "solar")
    return {key: raw[key] for key in WEATHER_KEYS if key in raw}


def _drop_stage_gpkg(results: KommunResults, folder: Path, geopackage: Path) -> None:
    """Remove the solar stage's ``solar.gpkg`` once its layers are in the package's GeoPackage,
    so that a package holds the rooftop layers once (a stage file outside ``folder``, given with
    ``results``, is left alone)."""
    solar = results.parts.get("solar")
    stage = solar.gpkg if solar is not None else None
    if stage is None or not stage.exists() or stage.resolve() == geopackage.resolve():
        return
    if stage.resolve().is_relative_to(folder.resolve()):
        log.info("%s: rooftop layers now in %s", stage, geopackage.name)
        stage.unlink()
        solar.gpkg = geopackage


def seat_climatology(results: KommunResults) -> dict[str, Any]:
    """The manifest's ``climatology`` block when the solar part ran on the seat's generated
    typical year: the table, the values used (annual GHI, January and July temperature) and per
    column the basis (``sourced`` / ``estimate``), ``verified`` and method ({} otherwise)."""
    if not uses_seat_climatology(results):
        return {}
    rows = climate.climatology_assumptions(results.kommun, "en")
    seat = climate.seat_basis(results.kommun)
    return {
        "table": "data/climate/kommun_monthly.csv",
        "metadata": "data/climate/kommun_monthly.meta.yaml",
        "is_estimate": climate.is_estimate(results.kommun),
        "values": {r.key: {"value": r.value, "unit": r.unit} for r in rows.itertuples()},
        "columns": seat["columns"],
    }


def write_kommun_package(
    kommun: str | km.Kommun,
    out_dir: str | Path,
    lang: str = i18n.DEFAULT_LANG,
    scenario: str | Path | Scenario = "default",
    results: KommunResults | None = None,
    inputs: dict[str, Path] | None = None,
    synthetic_inputs: list[str] | None = None,
    created: dt.datetime | None = None,
) -> Package:
    """Write the package of one municipality into ``out_dir`` (its folder, ``<out>/<slug>``).

    Parameters
    ----------
    kommun
        Code, name or :class:`~workbench.reference.kommuner.Kommun`.
    out_dir
        The municipality's folder; stage outputs are read from its ``solar/``,
        ``fleet/`` and ``match/`` subfolders unless ``results`` is given.
    lang
        ``"sv"`` (default) or ``"en"``.
    scenario
        Scenario name, YAML path or a loaded :class:`~workbench.config.Scenario`.
    results
        Results to export; read with :func:`~workbench.export.readers.collect` when ``None``.
    inputs, synthetic_inputs
        Input files by role (hashed in the manifest) and the roles that are synthetic.
    created
        Creation time (UTC); :func:`creation_time` when ``None``.
    """
    k = km.get(kommun)
    lang = i18n.check_lang(lang)
    folder = Path(out_dir)
    make_dir(folder)
    sc = resolve_scenario(scenario)
    results = results if results is not None else collect(k, folder)
    created = created or creation_time()
    inputs = inputs or {}
    # roles registered by the stages when given, else what the parts' summaries say
    from_parts = {role for part in results.parts.values() for role in part.synthetic_inputs}
    synthetic = sorted(set(synthetic_inputs or []) or from_parts)
    prov = provenance(sc, created, lang, inputs, synthetic, kommun=k, folder=folder)
    assumptions = assumptions_for(results, sc, lang)

    log.info("%s: writing package to %s", k.name, folder)
    # the workbook first: it checks every label before it opens its file, so an
    # unlabelled column or key figure stops the package before any file is written
    workbook = write_workbook(
        folder / f"{k.slug}.xlsx",
        workbook_sheets(results, assumptions, prov, lang),
        lang=lang,
        created=created,
        title=i18n.text("title", lang, kommun=k.name),
    )
    metadata = {key: prov[key] for key in
                ("workbench_version", "git_commit", "created_utc", "scenario_name", "config_sha256",
                 "contains_synthetic_data") if prov.get(key) is not None}  # fmt: skip
    climatology = seat_climatology(results)
    if climatology:  # what the typical year's monthly values are (an estimate but for Luleå)
        metadata["weather_climatology"] = input_label(f"weather_typical_year_{k.slug}", lang)
    write_json(folder / "kommun_summary.json", kommun_summary(results))
    geopackage = write_kommun_gpkg(folder / f"{k.slug}.gpkg", results, metadata, lang)
    _drop_stage_gpkg(results, folder, geopackage)
    report = write_report(
        folder / f"{k.slug}.html", report_content(results, assumptions, prov, lang)
    )
    manifest = write_manifest(
        folder,
        sc,
        inputs=inputs,
        synthetic_inputs=synthetic,
        created_utc=created,
        extra={
            "kommun_id_scb": k.kommun_id_scb,
            "language": lang,
            "parts_available": sorted(results.parts),
            "parts_missing": sorted(results.missing),
            **({"climatology": climatology} if climatology else {}),
        },
    )
    return Package(k, folder, workbook, geopackage, report, manifest, results)
