"""Reproducible GeoPackage timestamps: GDAL's ``OGR_CURRENT_DATE`` for the duration of a write."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

import pyogrio


@contextlib.contextmanager
def gdal_current_date(value: str | None) -> Iterator[None]:
    """Make GDAL stamp GeoPackage contents with ``value`` (ISO 8601 UTC); ``None``: unchanged."""
    if value is None:
        yield
        return
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": value})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def source_date() -> str | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds convention) as ISO 8601 UTC, if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
