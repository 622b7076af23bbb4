"""Command-line options shared by several ``workbench`` commands (declared once, used everywhere)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from workbench.core.staging import staged
from workbench.weather.timing import parse_time_offset

LANGUAGES = ("sv", "en")


def _check_lang(value: str) -> str:
    if value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r}: expected {' or '.join(LANGUAGES)}")
    return value


def _check_time_offset(value: str) -> str | float:
    try:
        return parse_time_offset(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


Kommun = Annotated[
    str,
    typer.Option("--kommun", "-k", help="Municipality code or name, e.g. 2580, Luleå or lulea."),
]
Out = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Output folder. It is built in a hidden staging folder beside it and swapped in at "
        "the end: an earlier output folder there is replaced as a whole, a killed run leaves it "
        "as it was, a folder of other files is refused.",
    ),
]
PackageOut = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Output folder. The package is built in a hidden staging folder beside it and "
        "swapped in at the end: an earlier package there is replaced as a whole, a killed run "
        "leaves it as it was, a folder of other files is refused.",
    ),
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
Weather = Annotated[
    Path | None,
    typer.Option(
        "--weather",
        "-w",
        help="Weather file (EPW, PVGIS TMY JSON or CSV) instead of the municipality's embedded "
        "typical year.",
    ),
]
TimeOffset = Annotated[
    str,
    typer.Option(
        "--time-offset",
        callback=_check_time_offset,
        help="Where the sun belongs in a weather file's hours: 'detect' (default: the data's "
        "own timing where it differs from the format's convention by 15 min or more, else the "
        "convention), 'convention' (EPW +30 min after the row label, PVGIS its "
        "irradiance_time_offset) or minutes after the row label, e.g. 30.",
    ),
]
AllowOutside = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Run although the footprints (by majority) or the weather file's site lie outside "
        "the municipality; the summary and the report say so. Default: refuse, naming the file "
        "and where its data lie.",
    ),
]


@contextlib.contextmanager
def staged_out(out: Path, *inputs: str | os.PathLike | None) -> Iterator[Path]:
    """The folder a single-stage command (``workbench solar|fleet|match|strategy --out OUT``)
    writes into: built beside ``OUT`` and swapped in at the end, as a package is
    (:func:`workbench.core.staging.staged`). ``inputs`` are the files the command reads (or
    writes beside OUT): an ``OUT`` holding one is refused rather than deleted by the swap."""
    files = [p for p in inputs if p is not None and os.fspath(p) != ""]
    with staged(out, inputs=files) as folder:
        yield folder
