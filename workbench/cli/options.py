"""Command-line options shared by several ``workbench`` commands (declared once, used everywhere)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

LANGUAGES = ("sv", "en")


def _check_lang(value: str) -> str:
    if value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r}: expected {' or '.join(LANGUAGES)}")
    return value


Kommun = Annotated[
    str,
    typer.Option("--kommun", "-k", help="Municipality code or name, e.g. 2580, Luleå or lulea."),
]
Out = Annotated[
    Path, typer.Option("--out", "-o", help="Output folder (files in it are overwritten).")
]
ScenarioName = Annotated[
    str,
    typer.Option(
        "--scenario",
        "-s",
        help="Scenario name under data/scenarios (default, reference, fast_electrification, "
        "hvo_bridge) or a path to a YAML file.",
    ),
]
Buildings = Annotated[
    Path | None,
    typer.Option(
        "--buildings",
        "-b",
        help="Footprints (GeoPackage, GeoJSON, Shapefile, GeoParquet, .osm.pbf). "
        "Default: the municipality's SYNTHETIC demo buildings.",
    ),
]
Register = Annotated[
    Path | None,
    typer.Option(
        "--register",
        "-r",
        help="Vehicle register (CSV or Excel, Swedish or English headers). "
        "Default: the municipality's SYNTHETIC demo register.",
    ),
]
Lang = Annotated[
    str, typer.Option("--lang", callback=_check_lang, help="Language of the exports: sv or en.")
]
Progress = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress", help="Progress bars (default: only on a terminal)."),
]
FollowUpRegister = Annotated[
    Path | None,
    typer.Option(
        "--follow-up-register",
        help="A later vehicle register (same id scheme) to follow the plan up against: every "
        "vehicle as replaced as planned, early, late, with another powertrain, missing or not "
        "in the plan, and the fleet's deviations in emissions and cost.",
    ),
]
FollowUpYear = Annotated[
    int | None,
    typer.Option(
        "--follow-up-year",
        help="The plan year the follow-up register shows, after that year's replacements "
        "(default: the year after the scenario's base year).",
    ),
]
