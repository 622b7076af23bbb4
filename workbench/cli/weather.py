"""``workbench weather``: fetch and show typical-year weather for a municipality."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.reference import kommuner as km
from workbench.weather import fetch
from workbench.weather.typical import typical_year


def fetch_command(
    kommun: list[str] = typer.Option(
        ..., "--kommun", "-k", help="Municipality code or name; repeat for several."
    ),
    folder: Path = typer.Option(None, "--folder", help="Cache folder (default data/weather)."),
    refresh: bool = typer.Option(
        False, "--refresh", help="Download again even when the cache has the year."
    ),
) -> None:
    """Download the PVGIS (ERA5) TMY for the municipality seat and cache it with provenance
    (a second call is answered from the cache, offline, unless --refresh)."""
    for name in kommun:
        k = km.get(name)
        got = fetch.fetch_pvgis_tmy(k, folder, refresh=refresh)
        prov = got.provenance
        how = f"from the cache, {got.age_note()}" if got.from_cache else "downloaded"
        typer.echo(
            f"{k.name}: {got.path} ({how}; {prov['raddatabase_used']}, {prov['years']}, "
            f"sha256 {prov['sha256'][:12]}…)"
        )


def register(app: typer.Typer) -> None:
    weather_app = typer.Typer(
        help="Typical-year weather: fetch the PVGIS-ERA5 TMY (network) or show a summary.",
        no_args_is_help=True,
    )
    app.add_typer(weather_app, name="weather")

    weather_app.command("fetch")(fetch_command)

    @weather_app.command("show")
    def show_command(
        kommun: str = typer.Option(..., "--kommun", "-k", help="Municipality code or name."),
        source: str = typer.Option(
            "embedded", "--source", "-s", help="'embedded' (offline) or 'pvgis' (cached)."
        ),
        folder: Path = typer.Option(None, "--folder", help="Cache folder for 'pvgis'."),
    ) -> None:
        """Print monthly GHI [kWh m-2] and mean temperature [°C] of the typical year."""
        data = typical_year(kommun, source=source, folder=folder)
        local = data.index.tz_convert("Europe/Stockholm")
        by_month = data.groupby(local.month)
        table = by_month["ghi"].sum().div(1000).round(1).to_frame("ghi_kwh_m2")
        table["temp_air_c"] = by_month["temp_air"].mean().round(1)
        table.index.name = "month"
        typer.echo(f"{data.attrs['source']} | {data.attrs.get('period', '')}")
        typer.echo(table.to_string())
        typer.echo(
            f"year: GHI {data['ghi'].sum() / 1000:.0f} kWh m-2, "
            f"mean temperature {data['temp_air'].mean():.1f} °C"
        )
