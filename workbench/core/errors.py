"""Errors that name the file, row, column and value, and what was expected.

Readers collect every problem first and raise one :class:`InputError` that lists
them all, so a user fixes a file in one pass instead of one error at a time.
Every error the workbench raises on purpose derives from :class:`WorkbenchError`
(``InputError`` here, ``ConfigError`` in :mod:`workbench.config`, ``UnknownKommunError``
in :mod:`workbench.reference.kommuner`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_LISTED = 50


class WorkbenchError(Exception):
    """Base of the errors that describe a user's input or configuration (not a bug)."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input: where it is and what was expected there.

    ``row`` is the 1-based line or row number as the user sees it in the file
    (header = row 1 for CSV and Excel), or ``None`` for file-level problems.
    """

    source: str
    expected: str
    row: int | None = None
    column: str | None = None
    value: Any = None

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{', '.join(where)}{value}: expected {self.expected}"


class InputError(WorkbenchError, ValueError):
    """Bad input; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem], summary: str | None = None):
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} problem(s) in the input"
        lines = [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"  ... and {len(self.problems) - MAX_LISTED} more")
        super().__init__(head + ":\n" + "\n".join(lines))


def source_name(path: str | Path | None) -> str:
    """Display name of an input in error messages."""
    return "<in-memory table>" if path is None else str(path)
