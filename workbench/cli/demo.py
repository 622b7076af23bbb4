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
        lang: str = typer.Option("sv", "--lang", help="Language of the packages: sv or en."),
        progress: bool = typer.Option(
            None, "--progress/--no-progress", help="Progress bars (default: only on a terminal)."
        ),
        jobs: int = typer.Option(
            None, "--jobs", "-j", help="Municipalities in parallel (default: up to 2)."
        ),
        buildings: Path | None = typer.Option(
            None,
            "--buildings",
            help="A real footprint file instead of the SYNTHETIC demo buildings "
            "(with exactly one --kommun).",
        ),
    ) -> None:
        """Run the workbench end to end on the embedded demo data: one package per municipality
        under OUT/<slug>/ and the county overview under OUT/lan/."""
        if lang not in ("sv", "en"):
            raise typer.BadParameter("expected sv or en", param_hint="--lang")
        if buildings is not None and len(kommun or []) != 1:
            raise typer.BadParameter("give exactly one --kommun", param_hint="--buildings")
        inputs = {"buildings": buildings} if buildings is not None else None
        summary = run_demo(out, kommuner=kommun or None, scenario=scenario, lang=lang,
                           progress=progress, inputs=inputs, jobs=jobs)  # fmt: skip
        typer.echo(f"demo written to {out} ({len(summary['kommuner'])} municipalities)")
