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
from workbench.core import boundary

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

STATE = {"debug": False}

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
    debug: bool = typer.Option(
        False, "--debug", help="Show the traceback of every error (else: one line, exit 2 or 3)."
    ),
) -> None:
    STATE["debug"] = debug
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("pyogrio").setLevel(max(level, logging.WARNING))  # "Created n records"


for _name in COMMAND_MODULES:
    importlib.import_module(f"workbench.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point behind the error boundary (:mod:`workbench.core.boundary`): an expected error
    is one ``error:`` message and exit code 2, an unexpected one a line naming the log file with
    its traceback and exit code 3; ``--debug`` shows the traceback."""
    args = sys.argv[1:] if argv is None else list(argv)
    STATE["debug"] = "--debug" in args
    try:
        app(args=args, prog_name="workbench")
    except SystemExit:
        raise
    except Exception as exc:
        sys.exit(boundary.handle(exc, args, debug=STATE["debug"]))
