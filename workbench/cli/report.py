"""``workbench report``: one municipality's package (workbook, GeoPackage, HTML report, manifest)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from workbench.cli.options import (
    Buildings,
    Kommun,
    Lang,
    Out,
    Progress,
    ScenarioName,
    TimeOffset,
    Weather,
)
from workbench.config import load_scenario
from workbench.demo import run_kommun
from workbench.reference import kommuner as km
from workbench.weather import weather_file

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        kommun: Kommun,
        out: Out = Path("outputs/report"),
        lang: Lang = "sv",
        scenario: ScenarioName = "default",
        progress: Progress = None,
        buildings: Buildings = None,
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
    ) -> None:
        """Compute and write one municipality's package to OUT/<slug>/ (Swedish by default)."""
        k = km.get(kommun)
        sc = load_scenario(scenario)
        show = sys.stderr.isatty() if progress is None else progress
        given = {"buildings": buildings, "weather": weather_file(weather, time_offset)}
        inputs = {role: value for role, value in given.items() if value is not None} or None
        _, seconds, _ = run_kommun(k, out, sc, lang=lang, inputs=inputs, progress=show)
        for stage, s in seconds.items():
            log.info("%s: %s took %.1f s", k.name, stage, s)
        typer.echo(f"package for {k.name} written to {out / k.slug}")
