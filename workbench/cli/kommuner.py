"""``workbench kommuner``: list the 14 municipalities."""

from __future__ import annotations

import typer

from workbench.reference import kommuner as km


def register(app: typer.Typer) -> None:
    @app.command("kommuner")
    def kommuner_command(
        csv: bool = typer.Option(False, "--csv", help="Print CSV instead of an aligned table."),
    ) -> None:
        """Print the 14 Norrbotten municipalities: code, names, seat coordinates, population, area."""
        df = km.table()
        if csv:
            typer.echo(df.to_csv(index=False, lineterminator="\n"), nl=False)
        else:
            typer.echo(df.to_string(index=False))
