"""``workbench fetch``: the commands that use the network, each into a cache with provenance."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.buildings import overpass
from workbench.buildings.fetch import fetch_buildings
from workbench.cli.options import Kommun
from workbench.cli.weather import fetch_command as fetch_weather_command
from workbench.core.errors import WorkbenchError
from workbench.strategy.fetch import SOURCES, fetch_strategy


def register(app: typer.Typer) -> None:
    fetch_app = typer.Typer(
        help="Download public data into the local cache, with provenance (needs the network; "
        "a second call is answered from the cache unless --refresh).",
        no_args_is_help=True,
    )
    app.add_typer(fetch_app, name="fetch")
    fetch_app.command("weather")(fetch_weather_command)

    @fetch_app.command("buildings")
    def buildings_command(
        kommun: Kommun,
        out: Path | None = typer.Option(
            None,
            "--out",
            "-o",
            help="GeoParquet file to write (default data/osm/osm_buildings_<code>.parquet).",
        ),
        folder: Path | None = typer.Option(
            None, "--folder", help="Cache folder of the Overpass answer (default data/osm)."
        ),
        refresh: bool = typer.Option(
            False, "--refresh", help="Ask Overpass again even when the cache has an answer."
        ),
        endpoint: str = typer.Option(overpass.ENDPOINT, "--endpoint", help="Overpass API URL."),
    ) -> None:
        """A municipality's building footprints from OpenStreetMap (Overpass API), written as
        GeoParquet in EPSG:3006 with a provenance file (query, time, sha256, ODbL attribution).
        Use the file with `workbench demo -k X --buildings FILE`."""
        got = fetch_buildings(kommun, out, folder=folder, refresh=refresh, endpoint=endpoint)
        raw = got.download
        how = f"from the cache, {raw.age_note()}" if raw.from_cache else "downloaded"
        typer.echo(
            f"{got.provenance['kommun']}: {got.n_features} OSM footprints -> {got.path} "
            f"({how}; OSM data of {raw.provenance.get('osm_base_utc')}). "
            f"{overpass.LICENCE}"
        )

    @fetch_app.command("strategy")
    def strategy_command(
        source: str = typer.Option(
            "all",
            "--source",
            "-s",
            help=f"Which service: {', '.join(SOURCES)} or all (RUS emissions, SCB energy "
            "balance: final use TAB3654 and electricity production TAB3451, Energimyndigheten "
            "PV EN0123_1, Kolada PV KPIs).",
        ),
        year: int = typer.Option(2025, "--year", help="Kolada: statistics year to ask for."),
        energy_years: str = typer.Option(
            "2021-2024",
            "--energy-years",
            help="SCB TAB3654/TAB3451: first-last year (2021 onwards).",
        ),
        pv_years: int = typer.Option(
            5, "--pv-years", help="Energimyndigheten EN0123_1: how many of the latest years."
        ),
        folder: Path | None = typer.Option(
            None, "--folder", help="Cache folder (default data/strategy/cache)."
        ),
        refresh: bool = typer.Option(
            False, "--refresh", help="Ask the service again even when the cache has an answer."
        ),
    ) -> None:
        """Refresh the strategy snapshot from the public services into a cache beside it, with
        provenance (URL and query, time, sha256, licence). Each answer is read by the same
        reader as the embedded snapshot. The demo keeps the embedded tables; use the cache with
        `workbench strategy -k X OUT --refreshed`. Never part of the default job."""
        names = SOURCES if source == "all" else (source,)
        if source != "all" and source not in SOURCES:
            raise typer.BadParameter(f"{source!r}: one of {', '.join(SOURCES)} or all",
                                     param_hint="--source")  # fmt: skip
        first, _, last = energy_years.partition("-")
        if not (first.isdigit() and (last or first).isdigit()):
            raise typer.BadParameter(f"{energy_years!r}: years as 2021-2024",
                                     param_hint="--energy-years")  # fmt: skip
        years = list(range(int(first), int(last or first) + 1))
        failed = []
        for name in names:
            try:
                answers = fetch_strategy(name, folder, year=year, energy_years=years,
                                         pv_years=pv_years, refresh=refresh)  # fmt: skip
            except WorkbenchError as exc:  # with --source all, the other services still run
                failed.append(exc)
                typer.echo(f"{name}: failed (below)", err=True)
                continue
            for answer, got in answers.items():
                _echo(answer, got)
        for exc in failed[1:]:
            typer.echo(f"error: {exc}", err=True)
        if failed:
            raise failed[0]  # one error message, exit code 2 (workbench.core.boundary)


def _echo(name: str, got) -> None:
    """One line per answer: rows, years, where, cached or downloaded, licence."""
    raw = got.download
    how = f"from the cache, {raw.age_note()}" if raw.from_cache else "downloaded"
    span = sorted(int(y) for y in got.table["year"].unique())
    pv = ""
    if "capacity_mw" in got.table.columns:
        latest = got.table[(got.table["year"] == span[-1]) & (got.table["area_id_scb"] != "25")]
        pv = (f", {int(latest['capacity_mw'].notna().sum())} of 14 municipalities with "
              f"a capacity in {span[-1]}")  # fmt: skip
    typer.echo(f"{name}: {len(got.table)} rows, years {span[0]}–{span[-1]}{pv} -> "
               f"{got.path} ({how}). {raw.provenance['licence']}")  # fmt: skip
