"""``workbench fleet``: fossil-free transition plan for one municipality's own vehicles."""

from __future__ import annotations

import typer

from workbench.cli.options import (
    FollowUpRegister,
    FollowUpYear,
    Kommun,
    Out,
    Register,
    ScenarioName,
    staged_out,
)
from workbench.fleet import run as fleet


def register(app: typer.Typer) -> None:
    @app.command("fleet")
    def fleet_command(
        kommun: Kommun,
        out: Out,
        register: Register = None,
        scenario: ScenarioName = "default",
        follow_up_register: FollowUpRegister = None,
        follow_up_year: FollowUpYear = None,
    ) -> None:
        """Year-by-year replacement plan, energy, emissions (WTW and fossil), costs and depot
        chargers, the budget per year and office, the backlog of the scenario's replacement
        limits and the procurement list: writes the tables (Parquet and CSV) and
        OUT/summary.json; with --follow-up-register also the follow-up tables."""
        follow = None
        if follow_up_register is not None:
            follow = fleet.FollowUp(follow_up_register, follow_up_year)
        elif follow_up_year is not None:
            raise typer.BadParameter("give --follow-up-register too", param_hint="--follow-up-year")
        with staged_out(out, register, follow_up_register) as folder:
            result = fleet.run(kommun, folder, register=register, scenario=scenario,
                               follow_up=follow)  # fmt: skip
        s = result.summary
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
        typer.echo(_plan_line(s))
        if result.follow_up_summary is not None:
            typer.echo(_follow_up_line(result.follow_up_summary.iloc[0]))


def _plan_line(s: dict) -> str:
    """Replacements, backlog and budget in one line."""
    delay = s["target_delay_years"]
    moved = f" ({delay:+d} years against no limits)" if delay else ""
    return (
        f"replacements: at most {s['n_replaced_max']} per year, up to "
        f"{s['n_waiting_max']} waiting{moved}; investment {s['investment_msek']:,.1f} MSEK, "
        f"lease payments {s['lease_payments_msek']:,.1f} MSEK, payments "
        f"{s['payments_msek']:,.1f} MSEK ({s['change_payments_msek']:+,.1f} against reference)"
    )


def _follow_up_line(row) -> str:
    counts = ", ".join(
        f"{status} {int(row[f'n_{status}'])}"
        for status in ("as_planned", "early", "late", "other_powertrain", "kept", "missing",
                       "not_in_plan")
    )  # fmt: skip
    return (
        f"follow-up {int(row['year'])}: {counts}; fossil CO2 {row['actual_fossil_co2_t']:,.1f} t "
        f"against {row['planned_fossil_co2_t']:,.1f} t planned"
    )
