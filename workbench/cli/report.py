"""``workbench report``: one municipality's package (workbook, GeoPackage, HTML report, manifest)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from workbench import kommuner as km
from workbench.config import load_scenario
from workbench.demo import run_kommun

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        kommun: str = typer.Option(..., "--kommun", "-k", help="Municipality code or name."),
        out: Path = typer.Option(Path("outputs/report"), "--out", "-o", help="Output folder."),
        lang: str = typer.Option("sv", "--lang", help="Language of the package: sv or en."),
        scenario: str = typer.Option(
            "default", "--scenario", "-s", help="Scenario name or YAML path."
        ),
        progress: bool = typer.Option(
            None, "--progress/--no-progress", help="Progress bar (default: only on a terminal)."
        ),
    ) -> None:
        """Compute and write one municipality's package to OUT/<slug>/ (Swedish by default)."""
        if lang not in ("sv", "en"):
            raise typer.BadParameter("expected sv or en", param_hint="--lang")
        k = km.get(kommun)
        sc = load_scenario(scenario)
        show = sys.stderr.isatty() if progress is None else progress
        _, seconds, _ = run_kommun(k, out, sc, lang=lang, progress=show)
        for stage, s in seconds.items():
            log.info("%s: %s took %.1f s", k.name, stage, s)
        typer.echo(f"package for {k.name} written to {out / k.slug}")
