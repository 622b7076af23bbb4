"""``workbench config``: validate a scenario file and list its assumptions."""

from __future__ import annotations

import typer

from workbench.config import assumptions_table, config_hash, load_scenario
from workbench.config.files import scenario_schema_json


def register(app: typer.Typer) -> None:
    @app.command("config")
    def config_command(
        scenario: str = typer.Option(
            "default", "--scenario", "-s", help="Scenario name under data/scenarios or a YAML path."
        ),
        schema: bool = typer.Option(
            False, "--schema", help="Print the JSON schema of scenario files."
        ),
    ) -> None:
        """Validate a scenario and print every assumption with its unit, year and source."""
        if schema:
            typer.echo(scenario_schema_json(), nl=False)  # = data/scenarios/scenario.schema.json
            return
        sc = load_scenario(scenario)
        typer.echo(f"scenario {sc.name!r} is valid; config sha256 {config_hash(sc)}")
        typer.echo(assumptions_table(sc).to_string(index=False, max_colwidth=60))
