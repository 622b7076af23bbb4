"""Hourly weather for the 14 municipalities: typical years, file readers, PVGIS fetch.

* :func:`typical_year` — one typical year per municipality, ``"embedded"`` (offline) or
  ``"pvgis"`` (cached by ``workbench weather fetch``);
* :func:`read` — EPW (TMYx, IWEC) and PVGIS TMY (JSON, CSV) files to the same shape;
  :class:`WeatherFile` a file with its ``time_offset`` rule, as the commands pass it;
* :mod:`workbench.weather.frame` — the column/attrs/time convention and its checks.
"""

from workbench.weather.frame import check
from workbench.weather.readers import WeatherFile, read, weather_file
from workbench.weather.typical import typical_year

__all__ = ["WeatherFile", "check", "read", "typical_year", "weather_file"]
