"""Creation times for reproducible outputs (the reproducible-builds ``SOURCE_DATE_EPOCH``).

With ``SOURCE_DATE_EPOCH`` set (seconds since 1970-01-01 UTC) every time stamp the workbench
writes into a workbook, report, GeoPackage or manifest is that time, so the same inputs give
the same bytes; unset, the clock is used. https://reproducible-builds.org/specs/source-date-epoch/
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "SOURCE_DATE_EPOCH"
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as an aware UTC time, or ``None`` when it is not set."""
    epoch = os.environ.get(ENV)
    if not epoch:
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def creation_time() -> dt.datetime:
    """Creation time in UTC, whole seconds; ``SOURCE_DATE_EPOCH`` overrides the clock."""
    fixed = source_date_epoch()
    return fixed if fixed is not None else dt.datetime.now(dt.UTC).replace(microsecond=0)


def source_date() -> str | None:
    """``SOURCE_DATE_EPOCH`` as ISO 8601 UTC (``2023-11-14T22:13:20Z``), if set."""
    fixed = source_date_epoch()
    return None if fixed is None else fixed.strftime(ISO_FORMAT)
