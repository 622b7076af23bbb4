"""The ``workbench`` command line.

Each subcommand lives in its own module under ``workbench/cli`` and exposes
``register(app)``; add a module name to :data:`COMMAND_MODULES` to add a command.
"""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from workbench import __version__
from workbench.config import ConfigError
from workbench.core.errors import InputError
from workbench.reference.kommuner import UnknownKommunError

COMMAND_MODULES = [
    "kommuner",
    "config",
    "demo",
    "report",
    "weather",
    "fetch",
    "solar",
    "fleet",
    "match",
    "strategy",
]

app = typer.Typer(
    name="workbench",
    help="Norrbotten solar and fleet workbench: rooftop PV potential and fossil-free fleet scenarios "
    "for the 14 municipalities of Norrbotten. Runs offline; only 'fetch' commands use the network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workbench {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Log warnings and errors only."),
) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("pyogrio").setLevel(max(level, logging.WARNING))  # "Created n records"


for _name in COMMAND_MODULES:
    importlib.import_module(f"workbench.cli.{_name}").register(app)


def main() -> None:
    """Entry point: run the app, turning expected user errors into a message and exit code 2."""
    try:
        app()
    except (ConfigError, InputError, UnknownKommunError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
