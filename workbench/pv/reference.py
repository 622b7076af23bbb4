"""Reference: pvlib's ModelChain run plane by plane with the settings of a :class:`PVSystem`.

Used by the tests and the benchmark to check :func:`workbench.pv.specific_yield`. It is an
independent oracle: it reads the settings from the :class:`PVSystem` and the weather frame's
documented convention (:mod:`workbench.weather.frame`) and otherwise calls only pvlib; nothing
of the engine (:mod:`workbench.pv.chain`: its loss budget, inverter sizing, temperature
parameters, snow factors or time shift) is used, so an error there cannot cancel out here.

* Time: the weather index is shifted by ``attrs["solar_time_offset_min"]`` so ModelChain
  computes the sun at the moment the hour's irradiance is centred on; monthly sums use each
  row's original start in the Europe/Stockholm calendar.
* DC losses: ModelChain's PVWatts losses (``pvlib.pvsystem.pvwatts_losses``) with every
  category zero except ``losses_pct`` (passed as one category) and, for ``snow_model="fixed"``,
  ``snow_loss_pct``; ``"seasonal"`` multiplies DC by ``1 - snow_monthly_loss_pct / 100`` of the
  row's month after those losses.
* Inverter: ``pvlib.inverter.pvwatts`` sized so that its AC limit is ``1 / dc_ac_ratio``
  [kW kWp-1]: ``pdc0 = 1 / (dc_ac_ratio * inverter_efficiency)``.
* Cell temperature: SAPM, glass/glass close mount or glass/polymer open rack.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
from pvlib.modelchain import ModelChain

from workbench.config.pv import PVSystem

# the pvlib SAPM parameter sets of the two mountings of PVSystem.mounting
SAPM_SET = {"close_mount": "close_mount_glass_glass", "open_rack": "open_rack_glass_polymer"}
# every category of pvlib.pvsystem.pvwatts_losses (its defaults are not zero)
PVWATTS_LOSS_CATEGORIES = (
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
)


def _losses(system: PVSystem) -> dict[str, float]:
    """``pvwatts_losses`` keywords [%]: the whole DC budget as one category, plus fixed snow."""
    losses = dict.fromkeys(PVWATTS_LOSS_CATEGORIES, 0.0)
    losses["soiling"] = float(system.losses_pct)
    if system.snow_model == "fixed":
        losses["snow"] = float(system.snow_loss_pct)
    return losses


def _local_months(weather: pd.DataFrame) -> np.ndarray:
    """Calendar month (1..12) of each row's start in Europe/Stockholm."""
    return np.asarray(weather.index.tz_convert("Europe/Stockholm").month, dtype=int)


def modelchain_system(
    surface_tilt: float, surface_azimuth: float, system: PVSystem
) -> pvlib.pvsystem.PVSystem:
    """A 1 kWp pvlib PVSystem with PVWatts DC/AC, SAPM temperature and combined losses."""
    if system.snow_model in ("townsend", "marion"):
        raise ValueError("ModelChain has no Townsend/Marion snow model; compare with 'fixed'")
    sapm = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][SAPM_SET[system.mounting]]
    return pvlib.pvsystem.PVSystem(
        surface_tilt=surface_tilt,
        surface_azimuth=surface_azimuth,
        albedo=system.albedo,
        module_parameters={"pdc0": 1.0, "gamma_pdc": system.gamma_pdc_per_c},
        inverter_parameters={
            "pdc0": 1.0 / (system.dc_ac_ratio * system.inverter_efficiency),
            "eta_inv_nom": system.inverter_efficiency,
        },
        temperature_model_parameters=dict(sapm),
        losses_parameters=_losses(system),
    )


def modelchain_hourly_ac(
    weather: pd.DataFrame, surface_tilt: float, surface_azimuth: float, system: PVSystem
) -> pd.Series:
    """Hourly AC per kWp [kW kWp-1] from ModelChain, indexed like ``weather``."""
    lat, lon = float(weather.attrs["latitude"]), float(weather.attrs["longitude"])
    alt = float(weather.attrs.get("altitude", 0.0))
    offset_min = float(weather.attrs.get("solar_time_offset_min", 0.0))
    shifted = weather.copy()
    shifted.index = weather.index.tz_convert("UTC") + pd.Timedelta(minutes=offset_min)
    if system.snow_model == "seasonal":
        monthly = 1.0 - np.asarray(system.snow_monthly_loss_pct, dtype=float) / 100.0
        seasonal = monthly[_local_months(weather) - 1]
    else:
        seasonal = np.ones(len(weather))

    def losses(chain: ModelChain) -> None:
        chain.pvwatts_losses()
        chain.results.dc = chain.results.dc * seasonal

    mc = ModelChain(
        modelchain_system(surface_tilt, surface_azimuth, system),
        pvlib.location.Location(lat, lon, altitude=alt, tz="UTC"),
        aoi_model=system.iam,
        spectral_model="no_loss",
        temperature_model="sapm",
        dc_model="pvwatts",
        ac_model="pvwatts",
        losses_model=losses,
        transposition_model=system.transposition,
        solar_position_method="nrel_numpy",
        airmass_model="kastenyoung1989",
    )
    mc.run_model(shifted)
    ac = pd.Series(np.asarray(mc.results.ac, dtype=float), index=weather.index)
    return ac.fillna(0.0)


def modelchain_specific_yield(
    weather: pd.DataFrame, surface_tilt, surface_azimuth, system: PVSystem | None = None
) -> pd.DataFrame:
    """Annual and monthly AC energy per kWp [kWh kWp-1], one ModelChain run per plane."""
    system = system or PVSystem()
    tilt = np.atleast_1d(np.asarray(surface_tilt, dtype=float))
    azim = np.atleast_1d(np.asarray(surface_azimuth, dtype=float))
    month = _local_months(weather)
    rows = []
    for t, a in zip(*np.broadcast_arrays(tilt, azim), strict=True):
        ac = modelchain_hourly_ac(weather, float(t), float(a), system).to_numpy()
        monthly = np.bincount(month - 1, weights=ac, minlength=12)
        rows.append([ac.sum(), *monthly])
    columns = ["annual_kwh_per_kwp", *[f"kwh_per_kwp_m{m:02d}" for m in range(1, 13)]]
    return pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(len(rows), name="plane"))
