"""``workbench solar``: rooftop PV potential of one municipality's buildings."""

from __future__ import annotations

import typer

from workbench.cli.options import (
    AllowOutside,
    Buildings,
    Kommun,
    Out,
    ScenarioName,
    TimeOffset,
    Weather,
    staged_out,
)
from workbench.solar import run as solar
from workbench.weather import weather_file


def register(app: typer.Typer) -> None:
    @app.command("solar")
    def solar_command(
        kommun: Kommun,
        out: Out,
        buildings: Buildings = None,
        layer: str | None = typer.Option(None, "--layer", help="Layer of a multi-layer file."),
        crs: str | None = typer.Option(
            None, "--crs", help="CRS of a file that has none, e.g. EPSG:3006."
        ),
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
        scenario: ScenarioName = "default",
        dask_workers: int = typer.Option(
            0, "--dask-workers", help="Run on dask partitions with a local cluster of N workers."
        ),
        scheduler: str | None = typer.Option(
            None,
            "--scheduler",
            "--scheduler-address",
            help="Address of a running dask scheduler (tcp://host:8786).",
        ),
        stream: bool | None = typer.Option(
            None,
            "--stream/--no-stream",
            help="Read the footprints in batches and append to the outputs (bounded memory, "
            "same results). Default: stream files with more than 500,000 features.",
        ),
        batch_size: int = typer.Option(
            50_000, "--batch-size", help="Features per batch when streaming."
        ),
        allow_outside: AllowOutside = False,
        memory_limit: str | None = typer.Option(
            None, "--memory-limit", help="Memory limit per local dask worker, e.g. 1.5GB."
        ),
    ) -> None:
        """Rooftop solar potential per building: writes OUT/solar.gpkg, Parquet tables and
        OUT/summary.json (counts of included and excluded buildings by reason, kWp, MWh)."""
        weather_in = weather_file(weather, time_offset)
        with staged_out(out, buildings, weather_in) as folder:
            summary = solar.run(
                kommun,
                folder,
                buildings=buildings,
                layer=layer,
                crs=crs,
                weather=weather_in,
                scenario=scenario,
                allow_outside=allow_outside,
                scale=solar.Scale(
                    dask_workers=dask_workers,
                    scheduler_address=scheduler,
                    stream=stream,
                    batch_size=batch_size,
                    memory_limit=memory_limit,
                ),
            ).summary
        label = " (SYNTHETIC demo buildings)" if summary["is_synthetic"] else ""
        typer.echo(
            f"{summary['kommun']}{label}: {summary['n_input']} features -> "
            f"{summary['n_included']} buildings, {summary['n_excluded']} excluded "
            f"{ {k: v for k, v in summary['n_excluded_by_reason'].items() if v} }; "
            f"{summary['capacity_kwp']:,.0f} kWp, {summary['annual_mwh']:,.0f} MWh/yr, "
            f"{summary['kwh_per_kwp'] or 0:,.0f} kWh/kWp -> {out}"
        )
        band = summary.get("interannual")
        if band:
            typer.echo(
                f"  years {band['first_year']}-{band['last_year']} ({band['raddatabase']}): "
                f"{band['kwh_per_kwp_min']:,.0f}-{band['kwh_per_kwp_max']:,.0f} kWh/kWp "
                f"(min {band['year_of_min']}, max {band['year_of_max']}, mean "
                f"{band['kwh_per_kwp_mean']:,.0f})"
            )
