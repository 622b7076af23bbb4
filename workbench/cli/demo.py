"""``workbench demo``: run the main job on the embedded default data."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.demo import run_demo


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        out: Path = typer.Option(Path("outputs/demo"), "--out", "-o", help="Output folder."),
        kommun: list[str] = typer.Option(
            None,
            "--kommun",
            "-k",
            help="Municipality code or name; repeat for several. Default: all 14.",
        ),
        scenario: str = typer.Option(
            "default", "--scenario", "-s", help="Scenario name or YAML path."
        ),
    ) -> None:
        """Run the workbench end to end on the embedded demo data and write results to OUT."""
        summary = run_demo(out, kommuner=kommun or None, scenario=scenario)
        typer.echo(f"demo written to {out} ({len(summary['kommuner'])} municipalities)")
