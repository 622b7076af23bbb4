"""``workbench fleet``: fossil-free transition plan for one municipality's own vehicles."""

from __future__ import annotations

import typer

from workbench.cli.options import Kommun, Out, Register, ScenarioName
from workbench.fleet import run as fleet


def register(app: typer.Typer) -> None:
    @app.command("fleet")
    def fleet_command(
        kommun: Kommun,
        out: Out,
        register: Register = None,
        scenario: ScenarioName = "default",
    ) -> None:
        """Year-by-year replacement plan, energy, emissions (WTW and fossil), costs and depot
        chargers: writes the per-vehicle plan and yearly tables (Parquet and CSV) and
        OUT/summary.json."""
        s = fleet.run(kommun, out, register=register, scenario=scenario).summary
        label = " (SYNTHETIC demo register)" if s["is_synthetic"] else ""
        met = s["year_target_met"] if s["year_target_met"] is not None else "not within horizon"
        typer.echo(
            f"{s['kommun']}{label}, scenario {s['scenario']}: {s['n_vehicles']} vehicles; "
            f"fossil CO2 {s['base_tco2_fossil']:,.1f} t ({s['base_year']}) -> "
            f"{s['target_year_tco2_fossil']:,.1f} t ({s['target_year']}); WTW "
            f"{s['base_tco2e_wtw']:,.1f} -> {s['target_year_tco2e_wtw']:,.1f} t CO2e; "
            f"target ({s['target_fossil_cut_pct']:g} % cut) met: {met}; "
            f"cumulative cost {s['cumulative_cost_msek']:,.1f} MSEK; {s['chargers']} chargers "
            f"-> {out}"
        )
