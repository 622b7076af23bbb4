"""``workbench report``: one municipality's package (workbook, GeoPackage, HTML report, manifest)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from workbench.cli.options import (
    AllowOutside,
    Buildings,
    FollowUpRegister,
    FollowUpYear,
    Kommun,
    Lang,
    PackageOut,
    Progress,
    Register,
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
        out: PackageOut = Path("outputs/report"),
        lang: Lang = "sv",
        scenario: ScenarioName = "default",
        progress: Progress = None,
        buildings: Buildings = None,
        register: Register = None,
        follow_up_register: FollowUpRegister = None,
        follow_up_year: FollowUpYear = None,
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
        allow_outside: AllowOutside = False,
    ) -> None:
        """Compute and write one municipality's package to OUT/<slug>/ (Swedish by default)
        from its own files where given (footprints, vehicle register, weather file), else from
        the embedded defaults and SYNTHETIC demo data; the report lists which inputs are which."""
        k = km.get(kommun)
        sc = load_scenario(scenario)
        show = sys.stderr.isatty() if progress is None else progress
        given = {"buildings": buildings, "fleet_register": register,
                 "fleet_follow_up_register": follow_up_register,
                 "weather": weather_file(weather, time_offset)}  # fmt: skip
        inputs = {role: value for role, value in given.items() if value is not None} or None
        options = {"follow_up_year": follow_up_year, "allow_outside": allow_outside or None}
        options = {key: value for key, value in options.items() if value is not None}
        _, seconds, _ = run_kommun(k, out, sc, lang=lang, inputs=inputs, progress=show,
                                   options=options)  # fmt: skip
        for stage, s in seconds.items():
            log.info("%s: %s took %.1f s", k.name, stage, s)
        typer.echo(f"package for {k.name} written to {out / k.slug}")
