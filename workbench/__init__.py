"""Norrbotten solar and fleet workbench.

Rooftop PV potential and fossil-free fleet transition scenarios for the 14
municipalities of Norrbotten county, northern Sweden.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("workbench")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
