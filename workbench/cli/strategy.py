"""``workbench strategy``: emissions, targets, action gap, scorecard and SECAP inventory."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import Kommun, Out, ScenarioName, staged_out
from workbench.strategy.run import run
from workbench.strategy.template import write_template


def _met(value, horizon: int) -> str:
    return str(value) if value is not None else f"not before {horizon}"


def register(app: typer.Typer) -> None:
    @app.command("strategy")
    def strategy_command(
        kommun: Kommun,
        out: Out,
        scenario: ScenarioName = "default",
        targets: Path | None = typer.Option(
            None, "--targets", "-t", help="The municipality's own targets (YAML)."
        ),
        actions: Path | None = typer.Option(
            None, "--actions", "-a", help="Action plan (.xlsx, .csv or .yaml; Swedish headers)."
        ),
        template: Path | None = typer.Option(
            None, "--template", help="Also write an empty action-plan template (.xlsx/.yaml)."
        ),
        refreshed: bool = typer.Option(
            False,
            "--refreshed",
            help="Use what `workbench fetch strategy` cached instead of "
            "the embedded snapshot where it has the year (named in the summary's notes).",
        ),
        cache: Path | None = typer.Option(
            None, "--cache", help="Cache folder for --refreshed (default data/strategy/cache)."
        ),
    ) -> None:
        """Territorial emissions (total and without industry and electricity/district heating),
        targets and paths, cars and charging, energy balance, action gap, scorecard and SECAP
        inventory on the embedded real data: writes OUT/summary.json and the tables."""
        use = (cache or True) if refreshed or cache is not None else False
        # the template is written beside OUT, never into it (the swap would delete it)
        with staged_out(out, targets, actions, cache, template) as folder:
            if template is not None:
                write_template(template)
            s = run(kommun, folder, scenario=scenario, targets=targets, actions=actions,
                    refreshed=use).summary  # fmt: skip
        t = s["targets"]["sverige_2045_exkl_industri_energi"]
        typer.echo(
            f"{s['area']} {s['latest_year']}: {s['excl_industry_energy_co2e_t']:,.0f} t CO2e "
            f"without industry and electricity/district heating (total "
            f"{s['total_co2e_t']:,.0f} t, {s['industry_energy_share_pct']:.0f} % industry and "
            f"energy); trend meets the 2045 target: "
            f"{_met(t['year_trend_meets_target'], s['horizon_year'])}; cars "
            f"{s['cars_year']}: {s['n_cars']:,} -> {out}"
        )
        data = [n for n in s["notes"] if n.startswith("strategy data refreshed")]
        typer.echo("\n".join(data) if data else "data: the embedded snapshot (data/strategy)")
