"""GDAL configuration options set for the duration of one read or write, then restored.

Used for reproducible GeoPackage timestamps (``OGR_CURRENT_DATE``) and to keep GDAL
from writing ``.aux.xml`` side files beside inputs and outputs (``GDAL_PAM_ENABLED``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyogrio


@contextlib.contextmanager
def gdal_options(**options: str) -> Iterator[None]:
    """Set GDAL configuration options inside the block; restore the previous values after."""
    previous = {name: pyogrio.get_gdal_config_option(name) for name in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def gdal_current_date(value: str | None) -> contextlib.AbstractContextManager:
    """Make GDAL stamp GeoPackage contents with ``value`` (ISO 8601 UTC); ``None``: unchanged."""
    return contextlib.nullcontext() if value is None else gdal_options(OGR_CURRENT_DATE=value)


def no_aux_files() -> contextlib.AbstractContextManager:
    """Keep GDAL from writing ``.aux.xml`` side files while it reads or writes."""
    return gdal_options(GDAL_PAM_ENABLED="NO")
