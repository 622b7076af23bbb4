"""The error boundary: expected failures become the workbench's errors where they happen.

Readers wrap their library calls in :func:`reading` (a file that GDAL, pyarrow, pandas, the
``csv`` module, openpyxl or pyproj cannot read becomes an :class:`~workbench.core.errors.InputError`
naming the file and what was expected); writers wrap theirs in :func:`writing` (a folder that is a
file, is read-only or sits on a full disk becomes an :class:`OutputError` naming the path).

The command line calls :func:`handle` for whatever reaches it: a
:class:`~workbench.core.errors.WorkbenchError` (or a plain ``OSError`` naming a file) is one
``error:`` line and exit code :data:`EXIT_USER`; anything else is a bug: one line naming the log
file that holds the traceback (:func:`log_dir`) and exit code :data:`EXIT_BUG`. ``debug`` shows
the traceback instead.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import json
import os
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl.utils.exceptions
import pandas as pd
import pyarrow
import pyogrio.errors
import pyproj.exceptions
import yaml

from workbench.core.errors import InputError, Problem, WorkbenchError

EXIT_USER = 2
EXIT_BUG = 3
MAX_SHOWN = 200  # characters of a value or a library message shown in an error
LOG_ENV = "WORKBENCH_LOG_DIR"

#: Library errors that mean "this file is not what it should be" (not a bug of the workbench).
READ_ERRORS: tuple[type[BaseException], ...] = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.FieldError,
    pyogrio.errors.CRSError,
    pyarrow.ArrowException,
    pd.errors.ParserError,
    pd.errors.EmptyDataError,
    pd.errors.OutOfBoundsDatetime,
    csv.Error,
    UnicodeError,
    zipfile.BadZipFile,
    openpyxl.utils.exceptions.InvalidFileException,
    pyproj.exceptions.CRSError,
    json.JSONDecodeError,
    yaml.YAMLError,
    EOFError,
    OSError,
)
#: ``errno`` values of a write that fails for a reason the user can fix.
USER_ERRNOS = {
    errno.EACCES: "a folder the workbench may write to (permission denied)",
    errno.EPERM: "a folder the workbench may write to (operation not permitted)",
    errno.EROFS: "a folder on a writable file system (this one is read-only)",
    errno.ENOSPC: "free space on the disk (it is full)",
    errno.EDQUOT: "free space within the disk quota (it is used up)",
    errno.EEXIST: "a folder (a file of that name is in the way)",
    errno.ENOTDIR: "a folder (a file of that name is in the way)",
    errno.EISDIR: "a file name (it is a folder)",
    errno.ENOENT: "an existing file or folder",
    errno.ENAMETOOLONG: "a shorter path",
}


class OutputError(WorkbenchError, OSError):
    """An output that cannot be written: the path and what it needs."""


def short(value: object, limit: int = MAX_SHOWN) -> str:
    """``str(value)`` on one line, cut to ``limit`` characters (with the length cut off)."""
    text = " ".join(str(value).split())
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return short(exc) or type(exc).__name__


@contextlib.contextmanager
def reading(path: str | Path, expected: str) -> Iterator[None]:
    """Turn a library's failure to read ``path`` into an :class:`InputError` naming the file,
    what went wrong (cut to :data:`MAX_SHOWN` characters) and ``expected``."""
    try:
        yield
    except WorkbenchError:
        raise
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"{path}: file not found (expected {expected})") from exc
    except READ_ERRORS as exc:
        problem = Problem(str(path), expected, value=_message(exc))
        raise InputError([problem], summary=f"{path}: cannot be read") from exc


def output_error(path: str | Path, exc: OSError) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` while writing ``path``."""
    where = exc.filename or path
    needs = USER_ERRNOS.get(exc.errno or -1, "a writable output folder")
    return OutputError(f"{where}: cannot write ({exc.strerror or exc}); expected {needs}")


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """Turn an ``OSError`` while writing ``path`` into an :class:`OutputError` naming it."""
    try:
        yield
    except WorkbenchError:
        raise
    except OSError as exc:
        raise output_error(path, exc) from exc


def log_dir() -> Path:
    """Folder of the tracebacks of unexpected errors: ``$WORKBENCH_LOG_DIR`` or
    ``<temp>/workbench-logs``."""
    return Path(os.environ.get(LOG_ENV) or Path(tempfile.gettempdir()) / "workbench-logs")


def write_log(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the traceback of ``exc`` and the command line to a new log file; its path (or
    ``None`` when even that cannot be written)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = f"workbench {' '.join(argv)}\n{stamp}\n\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"workbench-{stamp}-{os.getpid()}.log"
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


def is_expected(exc: BaseException) -> bool:
    """Whether ``exc`` describes the user's input, configuration or machine (not a bug)."""
    if isinstance(exc, WorkbenchError):
        return True
    if isinstance(exc, FileNotFoundError):
        return True
    return isinstance(exc, OSError) and exc.errno in USER_ERRNOS and exc.filename is not None


def describe(exc: BaseException) -> str:
    """The one-line (or, for an input's list of problems, few-line) message of an expected
    error."""
    if isinstance(exc, OSError) and not isinstance(exc, WorkbenchError) and exc.filename:
        return str(output_error(exc.filename, exc))
    return str(exc)


def handle(exc: BaseException, argv: list[str], debug: bool = False) -> int:
    """Print what the user needs about ``exc`` to stderr and return the exit code."""
    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    if is_expected(exc):
        print(f"error: {describe(exc)}", file=sys.stderr)
        return EXIT_USER
    if debug:
        return EXIT_BUG
    path = write_log(exc, argv)
    where = f"the traceback is in {path}" if path else "run again with --debug for the traceback"
    print(f"internal error: {type(exc).__name__}: {short(exc, 120)} ({where}; please report it)",
          file=sys.stderr)  # fmt: skip
    return EXIT_BUG
