"""Reference: pvlib's ModelChain run plane by plane with the settings of a :class:`PVSystem`.

Used by the tests and the benchmark to check :func:`workbench.pv.specific_yield`. The weather
index is shifted by ``attrs["solar_time_offset_min"]`` so ModelChain computes the sun at the
same moments as the engine; monthly sums use the rows' original local calendar months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
from pvlib.modelchain import ModelChain

from workbench.config.pv import PVSystem
from workbench.pv.chain import (
    SAPM_PARAMETERS,
    inverter_pdc0_kw,
    loss_parameters,
    seasonal_snow_factor,
)
from workbench.weather import frame
from workbench.weather.frame import month_of_rows


def modelchain_system(
    surface_tilt: float, surface_azimuth: float, system: PVSystem
) -> pvlib.pvsystem.PVSystem:
    """A 1 kWp pvlib PVSystem with PVWatts DC/AC, SAPM temperature and combined losses."""
    if system.snow_model in ("townsend", "marion"):
        raise ValueError("ModelChain has no Townsend/Marion snow model; compare with 'fixed'")
    return pvlib.pvsystem.PVSystem(
        surface_tilt=surface_tilt,
        surface_azimuth=surface_azimuth,
        albedo=system.albedo,
        module_parameters={"pdc0": 1.0, "gamma_pdc": system.gamma_pdc_per_c},
        inverter_parameters={
            "pdc0": inverter_pdc0_kw(system),
            "eta_inv_nom": system.inverter_efficiency,
        },
        temperature_model_parameters=SAPM_PARAMETERS[system.mounting],
        losses_parameters=loss_parameters(system),
    )


def modelchain_hourly_ac(
    weather: pd.DataFrame, surface_tilt: float, surface_azimuth: float, system: PVSystem
) -> pd.Series:
    """Hourly AC per kWp [kW kWp-1] from ModelChain, indexed like ``weather``."""
    lat, lon, alt = frame.location(weather)
    shifted = weather.copy()
    shifted.index = frame.solar_times(weather)
    # the seasonal snow loss is a DC factor per hour: ModelChain's PVWatts losses, then it
    seasonal = seasonal_snow_factor(month_of_rows(weather), system)

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
    month = month_of_rows(weather)
    rows = []
    for t, a in zip(*np.broadcast_arrays(tilt, azim), strict=True):
        ac = modelchain_hourly_ac(weather, float(t), float(a), system).to_numpy()
        monthly = np.bincount(month - 1, weights=ac, minlength=12)
        rows.append([ac.sum(), *monthly])
    columns = ["annual_kwh_per_kwp", *[f"kwh_per_kwp_m{m:02d}" for m in range(1, 13)]]
    return pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(len(rows), name="plane"))
