"""PV yield engine for roof planes at 65–68° N (pvlib physics, vectorised over planes).

>>> from workbench.pv import specific_yield, hourly_specific_power  # doctest: +SKIP
"""

from workbench.pv.yields import COLUMNS, hourly_specific_power, specific_yield

__all__ = ["COLUMNS", "hourly_specific_power", "specific_yield"]
