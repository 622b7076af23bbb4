"""The hourly PV chain for many roof planes at once, on arrays of (hours × planes).

Same physics and order as ``pvlib.modelchain.ModelChain`` with PVWatts DC/AC (pvlib 0.16.1):

1. angle of incidence from the apparent sun position;
2. plane-of-array irradiance: beam ``max(dni cos aoi, 0)``, sky diffuse by the configured
   transposition model, ground reflected ``ghi * albedo * (1 - cos tilt) / 2``;
3. effective irradiance = beam × IAM(aoi) + diffuse (no spectral correction);
4. SAPM cell temperature from ``poa_global``, ``temp_air``, ``wind_speed``;
5. PVWatts DC for 1 kWp, times ``1 - losses`` (``pvwatts_losses``; the fixed snow loss is
   its ``snow`` term), times hour-by-hour snow factors for the Townsend or Marion models;
6. PVWatts inverter with ``pac0 = 1 / dc_ac_ratio`` kW per kWp.

The cosine of the angle of incidence is a matrix product of a (hours × 3) sun matrix and a
(3 × planes) plane matrix, which keeps the chain fast for thousands of planes.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pvlib

from workbench.config.pv import PVSystem
from workbench.pv import snow
from workbench.pv.sky import LINEAR_MODELS, SkyHours

SAPM_PARAMETERS = {
    "close_mount": pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][
        "close_mount_glass_glass"
    ],
    "open_rack": pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"],
}
IAM_TABLE_POINTS = 20001


def loss_parameters(system: PVSystem) -> dict[str, float]:
    """``pvlib.pvsystem.pvwatts_losses`` keywords: all losses in ``losses_pct``, plus snow."""
    zero = dict.fromkeys(
        (
            "soiling",
            "shading",
            "snow",
            "mismatch",
            "wiring",
            "connections",
            "lid",
            "nameplate_rating",
            "age",
            "availability",
        ),
        0.0,
    )
    zero["soiling"] = system.losses_pct
    if system.snow_model == "fixed":
        zero["snow"] = system.snow_loss_pct
    return zero


def dc_loss_factor(system: PVSystem) -> float:
    """Multiplier on DC power for the combined PVWatts losses [-]."""
    return (100.0 - pvlib.pvsystem.pvwatts_losses(**loss_parameters(system))) / 100.0


def seasonal_snow_factor(month: np.ndarray, system: PVSystem) -> np.ndarray:
    """Multiplier on DC power [-] of each hour for ``snow_model="seasonal"``.

    ``month``: calendar month 1..12 (Europe/Stockholm) of each hour. Other snow models: 1.
    """
    if system.snow_model != "seasonal":
        return np.ones(len(month))
    monthly = 1.0 - np.asarray(system.snow_monthly_loss_pct, dtype=float) / 100.0
    return monthly[np.asarray(month, dtype=int) - 1]


def inverter_pdc0_kw(system: PVSystem) -> float:
    """PVWatts inverter DC input limit per kWp DC, so that pac0 = 1 / dc_ac_ratio [kW]."""
    return 1.0 / (system.dc_ac_ratio * system.inverter_efficiency)


@cache
def _iam_table(model: str) -> tuple[np.ndarray, np.ndarray]:
    """IAM as a function of cos(aoi) on a fine grid, from pvlib.iam (for fast interpolation)."""
    cos_aoi = np.linspace(0.0, 1.0, IAM_TABLE_POINTS)
    aoi = np.degrees(np.arccos(cos_aoi))
    if model == "no_loss":
        values = np.ones_like(aoi)
    else:
        values = np.asarray(getattr(pvlib.iam, model)(aoi), dtype=float)
    return cos_aoi, np.nan_to_num(values)


def plane_matrix(surface_tilt: np.ndarray, surface_azimuth: np.ndarray) -> np.ndarray:
    """(3 × planes) matrix so that ``sun @ plane`` is cos(aoi)."""
    t, a = np.radians(surface_tilt), np.radians(surface_azimuth)
    return np.vstack([np.cos(t), np.sin(t) * np.cos(a), np.sin(t) * np.sin(a)])


def ac_power(
    sky: SkyHours,
    surface_tilt: np.ndarray,
    surface_azimuth: np.ndarray,
    system: PVSystem,
) -> np.ndarray:
    """AC power per kWp DC [kW kWp-1] for the kept hours × planes (float64 array)."""
    tilt = np.asarray(surface_tilt, dtype=float)
    azim = np.asarray(surface_azimuth, dtype=float)
    cos_aoi = np.clip(sky.sun @ plane_matrix(tilt, azim), -1.0, 1.0)
    ct, st = np.cos(np.radians(tilt)), np.sin(np.radians(tilt))
    cos_pos = np.maximum(cos_aoi, 0.0)
    poa_direct = sky.dni[:, None] * cos_pos
    if system.transposition in LINEAR_MODELS:
        weights = np.column_stack([sky.dhi * sky.c_iso, sky.dhi * sky.c_hz])
        poa_sky = weights @ np.vstack([(1 + ct) / 2, st])
        poa_sky += (sky.dhi * sky.c_cs_over_b)[:, None] * cos_pos
        np.maximum(poa_sky, 0.0, out=poa_sky)
    else:
        poa_sky = _pvlib_sky_diffuse(sky, tilt, azim, system.transposition)
    poa_diffuse = poa_sky
    poa_diffuse += (sky.ghi * sky.albedo)[:, None] * ((1 - ct) / 2)[None, :]
    del poa_sky
    poa_global = poa_direct + poa_diffuse
    grid, values = _iam_table(system.iam)
    effective = poa_direct
    effective *= np.interp(cos_pos, grid, values)
    effective += poa_diffuse
    del poa_diffuse
    p = SAPM_PARAMETERS[system.mounting]
    k = np.exp(p["a"] + p["b"] * sky.wind_speed) + p["deltaT"] / 1000.0
    temp_cell = poa_global * k[:, None]
    temp_cell += sky.temp_air[:, None]
    dc = effective
    dc *= 1.0 + system.gamma_pdc_per_c * (temp_cell - 25.0)
    dc *= dc_loss_factor(system) / 1000.0
    del temp_cell
    if system.snow_model in ("townsend", "marion"):
        dc *= snow.dc_factor(sky, poa_global, tilt, system)
    elif system.snow_model == "seasonal":
        dc *= seasonal_snow_factor(sky.month, system)[:, None]
    del poa_global
    return _pvwatts_inverter(dc, inverter_pdc0_kw(system), system.inverter_efficiency)


def _pvwatts_inverter(pdc: np.ndarray, pdc0: float, eta_nom: float) -> np.ndarray:
    """pvlib.inverter.pvwatts (eta_inv_ref 0.9637) in place, NaN-free [kW]."""
    ac = pvlib.inverter.pvwatts(pdc, pdc0, eta_inv_nom=eta_nom)
    return np.nan_to_num(np.asarray(ac, dtype=float))


def _pvlib_sky_diffuse(sky: SkyHours, tilt, azim, model: str) -> np.ndarray:
    """Sky diffuse from pvlib.irradiance.get_sky_diffuse, broadcast hours × planes."""
    out = pvlib.irradiance.get_sky_diffuse(
        tilt[None, :],
        azim[None, :],
        sky.apparent_zenith[:, None],
        sky.solar_azimuth[:, None],
        sky.dni[:, None],
        sky.ghi[:, None],
        sky.dhi[:, None],
        dni_extra=sky.dni_extra[:, None],
        airmass=sky.airmass[:, None],
        model=model,
    )
    return np.nan_to_num(np.asarray(out, dtype=float))


CHUNK_ELEMENTS = 2_000_000  # hours × planes per chunk (about 16 MB per float64 array)


def chunks(n_hours: int, n_planes: int):
    """Slices of planes so that one chunk holds about :data:`CHUNK_ELEMENTS` hour-plane values."""
    step = max(1, CHUNK_ELEMENTS // max(n_hours, 1))
    for start in range(0, n_planes, step):
        yield slice(start, min(start + step, n_planes))


def annual_monthly_exact(
    hours: SkyHours, tilt: np.ndarray, azim: np.ndarray, system: PVSystem
) -> np.ndarray:
    """(planes × 13) annual and monthly AC energy [kWh kWp-1] by the full chain per plane."""
    onehot = (hours.month[None, :] == np.arange(1, 13)[:, None]).astype(float)  # (12, h)
    out = np.empty((len(tilt), 13))
    for part in chunks(len(hours.rows), len(tilt)):
        ac = ac_power(hours, tilt[part], azim[part], system)
        monthly = onehot @ ac  # (12, planes): hourly kW × 1 h = kWh
        out[part, 1:] = monthly.T
        out[part, 0] = monthly.sum(axis=0)
    return out
