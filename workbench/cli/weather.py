"""``workbench weather``: fetch and show typical-year weather for a municipality."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import TimeOffset, Weather
from workbench.reference import kommuner as km
from workbench.weather import fetch, series, weather_file
from workbench.weather.timing import timing_summary
from workbench.weather.typical import typical_year


def fetch_command(
    kommun: list[str] = typer.Option(
        ..., "--kommun", "-k", help="Municipality code or name; repeat for several."
    ),
    folder: Path = typer.Option(None, "--folder", help="Cache folder (default data/weather)."),
    refresh: bool = typer.Option(
        False, "--refresh", help="Download again even when the cache has the year."
    ),
    hourly: bool = typer.Option(
        False,
        "--hourly",
        help="The multi-year PVGIS-ERA5 hourly series (seriescalc, horizontal, components) "
        "instead of the TMY; the solar stage then reports the yield of each year.",
    ),
    start: int = typer.Option(series.FIRST_YEAR, "--start", help="First year (--hourly)."),
    end: int = typer.Option(series.LAST_YEAR, "--end", help="Last year (--hourly)."),
) -> None:
    """Download the PVGIS (ERA5) TMY for the municipality seat, or with --hourly its hourly
    series of every year from --start to --end, and cache it with provenance (a second call is
    answered from the cache, offline, unless --refresh)."""
    for name in kommun:
        k = km.get(name)
        if hourly:
            got = series.fetch_pvgis_hourly(k, start, end, folder, refresh=refresh)
        else:
            got = fetch.fetch_pvgis_tmy(k, folder, refresh=refresh)
        prov = got.provenance
        how = f"from the cache, {got.age_note()}" if got.from_cache else "downloaded"
        typer.echo(
            f"{k.name}: {got.path} ({how}; {prov['raddatabase_used']}, {prov['years']}, "
            f"sha256 {prov['sha256'][:12]}…)"
        )


def register(app: typer.Typer) -> None:
    weather_app = typer.Typer(
        help="Weather: fetch the PVGIS-ERA5 TMY or multi-year hourly series (network), or show "
        "a typical-year summary.",
        no_args_is_help=True,
    )
    app.add_typer(weather_app, name="weather")

    weather_app.command("fetch")(fetch_command)

    @weather_app.command("show")
    def show_command(
        kommun: str = typer.Option(..., "--kommun", "-k", help="Municipality code or name."),
        source: str = typer.Option(
            "embedded",
            "--source",
            "-s",
            help="'embedded' (offline), 'pvgis' (cached TMY) or 'series' (cached hourly series "
            "of several years: one row per year).",
        ),
        folder: Path = typer.Option(None, "--folder", help="Cache folder for 'pvgis'/'series'."),
        weather: Weather = None,
        time_offset: TimeOffset = "detect",
    ) -> None:
        """Print monthly GHI [kWh m-2] and mean temperature [°C] of the typical year (or of
        the --weather file) and the time convention applied to its sun; with --source series
        the same per year of the cached multi-year series."""
        given = weather_file(weather, time_offset)
        if given is None and source == "series":
            _show_series(kommun, folder, time_offset)
            return
        if given is not None:
            km.get(kommun)  # the option is checked even when a file is shown
            data = given.read()
        else:
            data = typical_year(kommun, source=source, folder=folder, time_offset=time_offset)
        local = data.index.tz_convert("Europe/Stockholm")
        by_month = data.groupby(local.month)
        table = by_month["ghi"].sum().div(1000).round(1).to_frame("ghi_kwh_m2")
        table["temp_air_c"] = by_month["temp_air"].mean().round(1)
        table.index.name = "month"
        timing = timing_summary(data)
        typer.echo(f"{data.attrs['source']} | {data.attrs.get('period', '')}")
        typer.echo(table.to_string())
        typer.echo(
            f"year: GHI {data['ghi'].sum() / 1000:.0f} kWh m-2, "
            f"mean temperature {data['temp_air'].mean():.1f} °C"
        )
        typer.echo(
            f"sun at {timing['weather_time_offset_min']:g} min after the row labels "
            f"({timing['weather_time_offset_rule']}: {timing['weather_time_convention']})"
        )


def _show_series(kommun: str, folder: Path | None, time_offset) -> None:
    """Per calendar year (UTC) of the cached series: GHI, DNI [kWh m-2], mean temperature [°C]."""
    k = km.get(kommun)
    path = series.find_cached(k, folder)
    if path is None:
        raise typer.BadParameter(
            f"no cached PVGIS hourly series for {k.name}; run `workbench weather fetch --hourly "
            f"--kommun {k.name_ascii}` (needs the network)",
            param_hint="--source series",
        )
    data = series.read_series(path, k, time_offset=time_offset)
    by_year = data.groupby(data.index.year)
    table = by_year["ghi"].sum().div(1000).round(1).to_frame("ghi_kwh_m2")
    table["dni_kwh_m2"] = by_year["dni"].sum().div(1000).round(1)
    table["temp_air_c"] = by_year["temp_air"].mean().round(1)
    table.index.name = "year"
    timing = timing_summary(data)
    typer.echo(f"{data.attrs['source']} | {data.attrs['period']} | {path}")
    typer.echo(table.to_string())
    typer.echo(
        f"sun at {timing['weather_time_offset_min']:g} min after the row labels "
        f"({timing['weather_time_offset_rule']}: {timing['weather_time_convention']}); PVGIS's "
        f"H_sun matches {data.attrs['h_sun_offset_min']:g} min"
    )
