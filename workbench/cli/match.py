"""``workbench match``: how much depot charging the municipality's own roofs can cover."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import (
    AllowOutside,
    Buildings,
    Kommun,
    Out,
    Register,
    ScenarioName,
    TimeOffset,
    Weather,
    staged_out,
)
from workbench.match import run as match
from workbench.weather import weather_file


def _ids(value: str | None) -> list[str] | None:
    """Building ids from a file (one per line, ``#`` comments) or a comma-separated list."""
    if value is None:
        return None
    path = Path(value)
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        return [x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")]
    return [x.strip() for x in value.split(",") if x.strip()]


def _pct(value: float | None) -> str:
    return "n/a (no charging)" if value is None else f"{value:.1f} %"


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match_command(
        kommun: Kommun,
        out: Out,
        buildings: Buildings = None,
        register_path: Register = None,
        scenario: ScenarioName = "default",
        year: list[int] = typer.Option(
            None, "--year", "-y", help="Scenario year; repeat for several. Default: match.years."
        ),
        building_type: str = typer.Option(
            "public", "--building-type", help="Select buildings of this type (default public)."
        ),
        owner: str | None = typer.Option(
            None, "--owner", help="Select buildings whose 'owner' equals this (e.g. kommun)."
        ),
        building_ids: str | None = typer.Option(
            None,
            "--building-ids",
            help="Select these building ids: a file with one id per line, or a comma list.",
        ),
        depots: Path | None = typer.Option(
            None,
            "--depots",
            help="CSV 'building_id,depot': which selected buildings sit at which depot; adds "
            "depot-by-depot matching (each depot sees only its own PV).",
        ),
        smart: bool = typer.Option(
            True, "--smart/--no-smart", help="Also compute PV-following smart charging."
        ),
        battery_kwh: float | None = typer.Option(
            None, "--battery-kwh", help="Stationary battery capacity [kWh] (overrides scenario)."
        ),
        battery_kw: float | None = typer.Option(
            None, "--battery-kw", help="Stationary battery power [kW] (overrides scenario)."
        ),
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
        allow_outside: AllowOutside = False,
    ) -> None:
        """Hourly matching of rooftop PV on the municipality's own buildings to depot charging:
        writes OUT/summary.json (pv_mwh, charging_mwh, pv_to_charging_mwh, coverage_pct,
        export_mwh, smart-charging and battery variants, value in SEK), annual and monthly
        tables (Parquet and CSV), per-depot and hourly tables, and a manifest."""
        weather_in, ids = weather_file(weather, time_offset), _ids(building_ids)
        ids_file = building_ids if building_ids and Path(building_ids).is_file() else None
        with staged_out(out, buildings, register_path, depots, weather_in, ids_file) as folder:
            s = match.run(
                kommun,
                folder,
                battery_kwh=battery_kwh,
                battery_kw=battery_kw,
                scenario=scenario,
                buildings=buildings,
                register=register_path,
                years=year or None,
                smart=smart,
                building_type=building_type,
                owner=owner,
                building_ids=ids,
                depots=depots,
                weather=weather_in,
                allow_outside=allow_outside,
            ).summary
        label = f" (SYNTHETIC: {', '.join(s['synthetic_inputs'])})" if s["synthetic_inputs"] else ""
        smart_text = f", smart charging {_pct(s.get('smart_coverage_pct'))}" if smart else ""
        unknown = s["unknown_building_ids"]
        if unknown:
            typer.echo(
                f"warning: {len(unknown)} building id(s) not found: {', '.join(unknown[:10])}",
                err=True,
            )
        if "per_depot_coverage_pct" in s:
            typer.echo(
                f"depot by depot: PV covers {_pct(s['per_depot_coverage_pct'])}"
                + (
                    f", smart charging {_pct(s.get('smart_per_depot_coverage_pct'))}"
                    if smart
                    else ""
                )
            )
        typer.echo(
            f"{s['kommun']}{label}: {s['n_buildings_selected']} buildings "
            f"({s['selection_rule']}), {s['capacity_kwp']:,.0f} kWp, {s['pv_mwh']:,.0f} MWh PV; "
            f"{s['headline_year']}: charging {s['charging_mwh']:,.0f} MWh, PV covers "
            f"{_pct(s['coverage_pct'])}{smart_text}; export {s['export_mwh']:,.0f} MWh -> {out}"
        )
