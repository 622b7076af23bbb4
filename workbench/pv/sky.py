"""Per-hour quantities that do not depend on the roof plane, computed once per weather frame.

Every transposition model supported here splits sky diffuse irradiance on a plane into

``dhi * (c_iso * (1 + cos tilt) / 2 + c_cs * max(cos aoi, 0) / b + c_hz * sin tilt)``

with hour-only coefficients ``c_iso``, ``c_cs``, ``c_hz`` and ``b``. This is exactly pvlib's
``perez``, ``perez_driesse``, ``haydavies`` and ``isotropic`` (pvlib 0.16.1,
``pvlib/irradiance.py``), evaluated with the same inputs ``ModelChain`` uses: apparent zenith,
Kasten-Young relative airmass, Spencer extraterrestrial DNI. ``klucher`` and ``reindl`` are not
of that form and are evaluated by pvlib itself, plane by plane (see :mod:`workbench.pv.chain`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pvlib
from pvlib import irradiance as pvirr

from workbench.config.pv import PVSystem
from workbench.pv import snow as snow_models
from workbench.weather import frame
from workbench.weather.frame import month_of_rows

LINEAR_MODELS = ("perez", "perez-driesse", "haydavies", "isotropic")


@dataclass(frozen=True)
class SkyHours:
    """Plane-independent hourly inputs, restricted to the hours with any irradiance.

    Arrays have one element per kept hour; ``rows`` are their positions in the weather frame.
    """

    rows: np.ndarray
    n_hours: int
    month: np.ndarray  # calendar month 1..12 in Europe/Stockholm of each kept hour
    sun: np.ndarray  # (h, 3): cos z, sin z cos az, sin z sin az (apparent zenith)
    apparent_zenith: np.ndarray  # [°]
    solar_azimuth: np.ndarray  # [°]
    dni: np.ndarray  # [W m-2]
    ghi: np.ndarray
    dhi: np.ndarray
    albedo: np.ndarray  # [-]
    temp_air: np.ndarray  # [°C]
    wind_speed: np.ndarray  # [m s-1]
    c_iso: np.ndarray  # [-]
    c_cs_over_b: np.ndarray  # [-]
    c_hz: np.ndarray  # [-]
    dni_extra: np.ndarray  # [W m-2]
    airmass: np.ndarray  # relative airmass [-], NaN with the sun below the horizon
    times: pd.DatetimeIndex  # solar-position times of the kept hours [UTC]
    snow: snow_models.SnowInputs | None = None  # full-year inputs of Townsend/Marion


def prepare(weather: pd.DataFrame, system: PVSystem) -> SkyHours:
    """Sun position, airmass, extraterrestrial DNI and transposition coefficients per hour."""
    frame.check(weather)
    lat, lon, alt = frame.location(weather)
    times = frame.solar_times(weather)
    loc = pvlib.location.Location(lat, lon, altitude=alt, tz="UTC")
    kwargs = {"temperature": weather["temp_air"].to_numpy(dtype=float)}
    if "pressure" in weather.columns:
        kwargs["pressure"] = weather["pressure"].to_numpy(dtype=float)
    solpos = loc.get_solarposition(times, method="nrel_numpy", **kwargs)
    airmass = loc.get_airmass(solar_position=solpos, model="kastenyoung1989")["airmass_relative"]
    ghi = weather["ghi"].to_numpy(dtype=float)
    dni = weather["dni"].to_numpy(dtype=float)
    dhi = weather["dhi"].to_numpy(dtype=float)
    keep = np.flatnonzero((ghi > 0) | (dni > 0) | (dhi > 0))
    zen = solpos["apparent_zenith"].to_numpy()[keep]
    az = solpos["azimuth"].to_numpy()[keep]
    am = airmass.to_numpy()[keep]
    dni_extra = pvirr.get_extra_radiation(times[keep])
    dni_extra = np.asarray(dni_extra, dtype=float)
    dni_k, dhi_k = dni[keep], dhi[keep]
    c_iso, c_cs_over_b, c_hz = _coefficients(system.transposition, dhi_k, dni_k, dni_extra, zen, am)
    albedo = (
        weather["albedo"].to_numpy(dtype=float)[keep]
        if "albedo" in weather.columns
        else np.full(len(keep), system.albedo)
    )
    months = month_of_rows(weather)
    snow = (
        snow_models.inputs(weather, system, months)
        if system.snow_model in ("townsend", "marion")
        else None
    )
    zr, ar = np.radians(zen), np.radians(az)
    sun = np.column_stack([np.cos(zr), np.sin(zr) * np.cos(ar), np.sin(zr) * np.sin(ar)])
    return SkyHours(
        rows=keep,
        n_hours=len(weather),
        month=months[keep],
        sun=sun,
        apparent_zenith=zen,
        solar_azimuth=az,
        dni=dni_k,
        ghi=ghi[keep],
        dhi=dhi_k,
        albedo=albedo,
        temp_air=weather["temp_air"].to_numpy(dtype=float)[keep],
        wind_speed=weather["wind_speed"].to_numpy(dtype=float)[keep],
        c_iso=c_iso,
        c_cs_over_b=c_cs_over_b,
        c_hz=c_hz,
        dni_extra=dni_extra,
        airmass=am,
        times=times[keep],
        snow=snow,
    )


def _coefficients(model, dhi, dni, dni_extra, zenith, airmass):
    """Hour-only transposition coefficients (c_iso, c_cs / b, c_hz), as in pvlib 0.16.1."""
    n = len(dhi)
    zeros = np.zeros(n)
    if model == "isotropic":
        return np.ones(n), zeros, zeros
    if model == "haydavies":
        ai = dni / dni_extra
        b = np.maximum(np.cos(np.radians(zenith)), 0.01745)
        return 1 - ai, ai / b, zeros
    if model == "perez":
        f1, f2 = _perez_f(dhi, dni, dni_extra, zenith, airmass)
        night = np.isnan(airmass)  # pvlib.irradiance.perez sets sky diffuse to 0 there
    elif model == "perez-driesse":
        f1, f2 = _perez_driesse_f(dhi, dni, dni_extra, zenith, airmass)
        night = np.zeros(n, dtype=bool)
    else:  # klucher, reindl: evaluated by pvlib per plane
        return zeros, zeros, zeros
    b = np.maximum(np.cos(np.radians(zenith)), np.cos(np.radians(85)))
    f1 = np.where(night | (dhi <= 0), 0.0, f1)
    f2 = np.where(night | (dhi <= 0), 0.0, f2)
    c_iso = np.where(night, 0.0, 1 - f1)
    return c_iso, f1 / b, f2


def _perez_f(dhi, dni, dni_extra, zenith, airmass):
    """Perez 1990 brightness coefficients F1, F2 (pvlib.irradiance.perez, all-sites 1990)."""
    kappa = 1.041
    z = np.radians(zenith)
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = dhi * airmass / dni_extra
        eps = ((dhi + dni) / dhi + kappa * z**3) / (1 + kappa * z**3)
    ebin = np.digitize(eps, (0.0, 1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2))
    ebin[np.isnan(eps)] = 0
    ebin -= 1
    f1c, f2c = pvirr._get_perez_coefficients("allsitescomposite1990")
    nans = np.array([np.nan, np.nan, np.nan])
    f1c, f2c = np.vstack((f1c, nans)), np.vstack((f2c, nans))
    f1 = np.maximum(f1c[ebin, 0] + f1c[ebin, 1] * delta + f1c[ebin, 2] * z, 0)
    f2 = f2c[ebin, 0] + f2c[ebin, 1] * delta + f2c[ebin, 2] * z
    return np.nan_to_num(f1), np.nan_to_num(f2)


def _perez_driesse_f(dhi, dni, dni_extra, zenith, airmass):
    """Perez-Driesse F1, F2 (pvlib.irradiance.perez_driesse)."""
    delta = pvirr._calc_delta(dhi, dni_extra, zenith, airmass)
    zeta = pvirr._calc_zeta(dhi, dni, zenith)
    z = np.radians(zenith)
    f1 = pvirr._f(1, 1, zeta) + pvirr._f(1, 2, zeta) * delta + pvirr._f(1, 3, zeta) * z
    f2 = pvirr._f(2, 1, zeta) + pvirr._f(2, 2, zeta) * delta + pvirr._f(2, 3, zeta) * z
    return np.nan_to_num(np.clip(f1, 0, 0.9)), np.nan_to_num(f2)
