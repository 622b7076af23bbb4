"""A recorded-style PVGIS 5.3 ``seriescalc`` answer made by the project at test time from ../shared.

:func:`body` writes the JSON PVGIS returns for a horizontal plane with components
(``angle=0&components=1&outputformat=json``), in the layout of pvlib's own test file
``pvlib/data/pvgis_hourly_Timeseries_45.000_8.000_CM_10kWp_CIS_5_2a_2013_2014.json``
(``inputs`` with location, meteo_data and mounting_system, ``outputs.hourly`` records with
``time`` as ``%Y%m%d:%H%M`` UTC and ``Gb(i)``, ``Gd(i)``, ``Gr(i)``, ``H_sun``, ``T2m``,
``WS10m``, ``Int``, and ``meta``), for Luleå's seat and the years 2019 and 2020 (a leap year).

The values are the Luleå TMYx (Climate.OneBuilding.Org, 2009-2023, in ../shared) hour by hour,
not PVGIS data: each UTC hour of a year takes the TMYx row of the same day of year and hour
(29 February repeats 28 February); 2019 as the TMYx has it, 2020 with the irradiance scaled by
:data:`SCALE_2020` so the two years differ. ``Gb(i)`` = DNI × sin(H_sun) (zero with the sun
down), ``Gd(i)`` = DHI, ``Gr(i)`` = 0 (a horizontal plane sees no ground), ``H_sun`` = pvlib's
solar elevation at the time stamp (clipped at 0, as PVGIS prints it); two decimals, as PVGIS
writes. The TMYx radiation is centred on the hour ``read_epw`` labels it with, so the fixture's
time stamps are those labels in UTC.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pvlib

EPW = "weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
YEARS = (2019, 2020)
SCALE_2020 = 0.9
LAT, LON, ELEVATION = 65.584, 22.154, 10.0  # Luleå seat as in workbench.reference.kommuner


def records(shared, years=YEARS) -> list[dict]:
    """The ``outputs.hourly`` records of every hour of ``years``."""
    tmy, _ = pvlib.iotools.read_epw(shared / EPW, coerce_year=1990)
    tmy.index = tmy.index.tz_convert("UTC")
    key = pd.DataFrame({"doy": tmy.index.day_of_year, "hour": tmy.index.hour}, index=tmy.index)
    tmy = tmy[~key.duplicated().to_numpy()]  # the hour wrapped across 1990's start or end
    key = key[~key.duplicated()]
    lookup = {(d, h): i for i, (d, h) in enumerate(zip(key["doy"], key["hour"], strict=True))}
    out = []
    for year in years:
        times = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h", tz="UTC")
        doy = np.asarray(times.day_of_year)
        if times[0].is_leap_year:  # 29 Feb (doy 60) repeats 28 Feb; later days shift back one
            doy = np.where(doy >= 60, doy - 1, doy)
        rows = [lookup[(d, h)] for d, h in zip(doy, times.hour, strict=True)]
        src = tmy.iloc[rows]
        scale = SCALE_2020 if year == 2020 else 1.0
        elevation = pvlib.solarposition.get_solarposition(times, LAT, LON, method="nrel_numpy")
        h_sun = np.clip(elevation["elevation"].to_numpy(), 0.0, None)
        beam = np.where(h_sun > 0, src["dni"].to_numpy() * np.sin(np.radians(h_sun)), 0.0)
        diffuse = np.where(h_sun > 0, src["dhi"].to_numpy(), 0.0)
        for i, t in enumerate(times):
            out.append(
                {
                    "time": t.strftime("%Y%m%d:%H%M"),
                    "Gb(i)": round(float(beam[i] * scale), 2),
                    "Gd(i)": round(float(diffuse[i] * scale), 2),
                    "Gr(i)": 0.0,
                    "H_sun": round(float(h_sun[i]), 2),
                    "T2m": round(float(src["temp_air"].iloc[i]), 2),
                    "WS10m": round(float(src["wind_speed"].iloc[i]), 2),
                    "Int": 0.0,
                }
            )
    return out


def answer(shared, years=YEARS) -> dict:
    """The whole answer as a dict."""
    return {
        "inputs": {
            "location": {"latitude": LAT, "longitude": LON, "elevation": ELEVATION},
            "meteo_data": {
                "radiation_db": "PVGIS-ERA5",
                "meteo_db": "ERA5",
                "year_min": min(years),
                "year_max": max(years),
                "use_horizon": True,
                "horizon_db": "DEM-calculated",
            },
            "mounting_system": {
                "fixed": {
                    "slope": {"value": 0, "optimal": False},
                    "azimuth": {"value": 0, "optimal": False},
                    "type": "free-standing",
                }
            },
        },
        "outputs": {"hourly": records(shared, years)},
        "meta": {
            "inputs": {"location": {"description": "Selected location"}},
            "outputs": {
                "hourly": {
                    "type": "time series",
                    "timestamp": "hourly averages",
                    "variables": {
                        "Gb(i)": {"description": "Beam (direct) irradiance on the inclined "
                                  "plane (plane of the array)", "units": "W/m2"},
                        "Gd(i)": {"description": "Diffuse irradiance on the inclined plane "
                                  "(plane of the array)", "units": "W/m2"},
                        "Gr(i)": {"description": "Reflected irradiance on the inclined plane "
                                  "(plane of the array)", "units": "W/m2"},
                        "H_sun": {"description": "Sun height", "units": "degree"},
                        "T2m": {"description": "2-m air temperature", "units": "degree Celsius"},
                        "WS10m": {"description": "10-m total wind speed", "units": "m/s"},
                        "Int": {"description": "1 means solar radiation values are "
                                "reconstructed"},
                    },
                }
            },
        },
    }  # fmt: skip


def body(shared, years=YEARS) -> bytes:
    """The answer's bytes, as PVGIS sends them (compact JSON)."""
    return json.dumps(answer(shared, years), separators=(",", ":")).encode("utf-8")
