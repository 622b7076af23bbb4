"""``workbench fetch``: the commands that use the network, each into a cache with provenance."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.buildings import overpass
from workbench.buildings.fetch import fetch_buildings
from workbench.cli.options import Kommun
from workbench.cli.weather import fetch_command as fetch_weather_command
from workbench.strategy.fetch import fetch_pv_installed


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
        year: int = typer.Option(2025, "--year", help="Statistics year to ask for."),
        folder: Path | None = typer.Option(
            None, "--folder", help="Cache folder (default data/strategy/cache)."
        ),
        refresh: bool = typer.Option(
            False, "--refresh", help="Ask the service again even when the cache has an answer."
        ),
    ) -> None:
        """Refresh the strategy snapshot from the public services into a cache beside it, with
        provenance: so far Kolada's grid-connected PV (N45974, N45970) per municipality. The
        demo keeps using the embedded tables; this never runs in the default job."""
        got = fetch_pv_installed(year, folder, refresh=refresh)
        raw = got.download
        how = f"from the cache, {raw.age_note()}" if raw.from_cache else "downloaded"
        n = int(got.table["capacity_mw"].notna().sum())
        typer.echo(f"Kolada PV {year}: {n} of 14 municipalities with a capacity -> {got.path} "
                   f"({how}). {raw.provenance['licence']}")  # fmt: skip
