"""``workbench demo``: run the main job on the embedded default data."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import (
    AllowOutside,
    FollowUpRegister,
    FollowUpYear,
    Lang,
    PackageOut,
    Progress,
    ScenarioName,
    TimeOffset,
    Weather,
)
from workbench.demo import run_demo
from workbench.weather import weather_file


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        out: PackageOut = Path("outputs/demo"),
        kommun: list[str] = typer.Option(
            None,
            "--kommun",
            "-k",
            help="Municipality code or name; repeat for several. Default: all 14.",
        ),
        scenario: ScenarioName = "default",
        lang: Lang = "sv",
        progress: Progress = None,
        jobs: int = typer.Option(
            None, "--jobs", "-j", help="Municipalities in parallel (default: up to 2)."
        ),
        buildings: Path | None = typer.Option(
            None,
            "--buildings",
            help="A real footprint file instead of the SYNTHETIC demo buildings "
            "(with exactly one --kommun).",
        ),
        register: Path | None = typer.Option(
            None,
            "--register",
            help="A real vehicle register instead of the SYNTHETIC demo register "
            "(with exactly one --kommun).",
        ),
        follow_up_register: FollowUpRegister = None,
        follow_up_year: FollowUpYear = None,
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
        allow_outside: AllowOutside = False,
    ) -> None:
        """Run the workbench end to end on the embedded demo data: one package per municipality
        under OUT/<slug>/ and the county overview under OUT/lan/."""
        files = {"buildings": buildings, "fleet_register": register,
                 "fleet_follow_up_register": follow_up_register,
                 "weather": weather_file(weather, time_offset)}  # fmt: skip
        inputs = {role: path for role, path in files.items() if path is not None}
        for role in inputs:
            if len(kommun or []) != 1:
                hint = "--" + role.removeprefix("fleet_").replace("_", "-")
                raise typer.BadParameter("give exactly one --kommun", param_hint=hint)
        options = {"follow_up_year": follow_up_year} if follow_up_year is not None else {}
        if allow_outside:
            options["allow_outside"] = True
        summary = run_demo(out, kommuner=kommun or None, scenario=scenario, lang=lang,
                           progress=progress, inputs=inputs or None, jobs=jobs,
                           options=options or None)  # fmt: skip
        typer.echo(f"demo written to {out} ({len(summary['kommuner'])} municipalities)")
