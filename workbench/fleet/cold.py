"""Cold-climate energy use per km and the winter-range check for battery-electric vehicles.

Model (shared/docs/domain-fleet.md §5, suggested model), with ``ΔT = max(0, T_ref − T)``:

- battery-electric: ``f_bev(T) = 1 + a_drive·ΔT + a_heat·ΔT·h_duty·h_parking``
- combustion (petrol, diesel, HVO100, E85, biogas, hydrogen):
  ``f_ice(T) = 1 + a_ice·ΔT·h_duty·h_parking``

``f`` multiplies the energy use per km at mild temperature (``T ≥ T_ref``).
``a_drive`` (drivetrain and battery) and ``a_heat`` (cabin heating) are calibrated
on the AAA 2019 lab test (−12 % range without and −41 % with heater at −6.7 °C vs
24 °C, urban cycle); ``h_duty`` is 1 for short-trip home care (the AAA urban
cycle) and smaller for longer trips (service 0.55 gives −40 % range at −20 °C, as
NAF El Prix 2026's −38 % and the Finnish −1/3 at −10 °C rule); ``h_parking``
lowers the heating term for a heated garage or an engine heater/pre-heating on
cable (Fossilfritt Sverige, Norrbotten). ``a_ice`` follows FleetCarma/Geotab's
−19 % fuel economy at −18 °C. Below −20 °C the linear model is an extrapolation
(EVI-Pro-type models stop at −20 °C); :func:`validity_note` says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.fleet import FleetConfig
from workbench.fleet.factors import duty_profiles, vehicle_types
from workbench.reference.climate import monthly_climatology

DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
VALIDITY_LIMIT_C = -20.0


def monthly_temperature(kommun) -> np.ndarray:
    """Monthly mean air temperature at the municipality seat, January..December [°C]."""
    temps = monthly_climatology(kommun)["temp_air_c"].sort_index()
    if len(temps) != 12:
        raise ValueError(f"monthly climatology of {kommun!r} has {len(temps)} months, expected 12")
    return temps.to_numpy(dtype=float)


def bev_factor(temp_c, heat_mult, parking_mult, cfg: FleetConfig) -> np.ndarray:
    """Energy-use multiplier of a battery-electric vehicle at ``temp_c`` [-].

    Parameters
    ----------
    temp_c : array_like
        Air temperature [°C]; broadcasts against ``heat_mult`` and ``parking_mult``.
    heat_mult, parking_mult : array_like
        Duty and parking multipliers of the heating term [-].
    cfg : FleetConfig
        ``cold_t_ref_c`` [°C], ``cold_drive_per_c`` and ``cold_heat_per_c`` [1/°C].
    """
    dt = np.maximum(0.0, cfg.cold_t_ref_c - np.asarray(temp_c, dtype=float))
    heat = cfg.cold_heat_per_c * np.asarray(heat_mult) * np.asarray(parking_mult)
    return 1.0 + cfg.cold_drive_per_c * dt + heat * dt


def ice_factor(temp_c, heat_mult, parking_mult, cfg: FleetConfig) -> np.ndarray:
    """Energy-use multiplier of a combustion vehicle at ``temp_c`` [-] (``cold_ice_per_c``)."""
    dt = np.maximum(0.0, cfg.cold_t_ref_c - np.asarray(temp_c, dtype=float))
    return 1.0 + cfg.cold_ice_per_c * np.asarray(heat_mult) * np.asarray(parking_mult) * dt


def annual_factors(temps_monthly, heat_mult, parking_mult, cfg: FleetConfig):
    """Distance-weighted annual multipliers (BEV, ICE) per vehicle [-].

    Distance is spread over the months in proportion to their days, so the
    annual factor is the day-weighted mean of the monthly factors.

    Parameters
    ----------
    temps_monthly : array_like, shape (12,)
        Monthly mean temperature [°C].
    heat_mult, parking_mult : array_like, shape (n,)
        Per-vehicle multipliers of the heating term [-].
    """
    t = np.asarray(temps_monthly, dtype=float)[:, None]
    w = (DAYS_IN_MONTH / DAYS_IN_MONTH.sum())[:, None]
    h = np.asarray(heat_mult, dtype=float)[None, :]
    p = np.asarray(parking_mult, dtype=float)[None, :]
    f_bev = (bev_factor(t, h, p, cfg) * w).sum(axis=0)
    f_ice = (ice_factor(t, h, p, cfg) * w).sum(axis=0)
    return f_bev, f_ice


def design_temperature(temps_monthly, cfg: FleetConfig) -> float:
    """Winter design-day temperature: coldest monthly mean minus ``winter_design_offset_c`` [°C]."""
    return float(np.min(temps_monthly) - cfg.winter_design_offset_c)


def winter_range_km(battery_kwh, kwh_per_km, factor) -> np.ndarray:
    """Usable range on the design day [km]: ``battery_kwh / (kwh_per_km × factor)``.

    ``battery_kwh`` is the usable energy after the reserve [kWh]; ``kwh_per_km`` the
    mild-weather use [kWh/km]; ``factor`` the cold multiplier [-]. Zero use gives inf.
    """
    use = np.asarray(kwh_per_km, dtype=float) * np.asarray(factor, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(use > 0, np.asarray(battery_kwh, dtype=float) / use, np.inf)


def validity_note(design_temp_c: float) -> str | None:
    """A warning when the design temperature is below the −20 °C validity limit, else None."""
    if design_temp_c < VALIDITY_LIMIT_C:
        return (
            f"winter design temperature {design_temp_c:.1f} °C is below the {VALIDITY_LIMIT_C:g} °C "
            "limit of EVI-Pro-type models: the linear cold model is extrapolated there"
        )
    return None


def vehicle_cold_table(register: pd.DataFrame, temps_monthly, cfg: FleetConfig) -> pd.DataFrame:
    """Per vehicle: cold multipliers, daily distance and the battery-electric winter-range check.

    The range check uses a battery-electric vehicle of the vehicle's class
    (``data/fleet/vehicle_types.csv``): usable winter range = usable battery ×
    (1 − reserve) / (kWh/km × f_bev(design day)); daily distance on a heavy day =
    ``annual_km / operating_days × peak_day_factor``. Depot charging only (no
    daytime top-up) is assumed: conservative for home care with a midday break.

    Returns
    -------
    pandas.DataFrame
        Same index as ``register``; columns ``heat_mult``, ``parking_mult``,
        ``f_bev_annual``, ``f_ice_annual``, ``f_bev_design``, ``operating_days``,
        ``daily_km``, ``peak_day_km``, ``winter_range_km``,
        ``is_winter_range_exceeded``.
    """
    duties = duty_profiles()
    vt = vehicle_types()
    heat = register["duty"].map(duties["heat_mult"]).to_numpy(dtype=float)
    park = register["parking"].map(cfg.parking_heat_mult).to_numpy(dtype=float)
    days = register["duty"].map(duties["operating_days_per_year"]).to_numpy(dtype=float)
    f_bev, f_ice = annual_factors(temps_monthly, heat, park, cfg)
    t_design = design_temperature(temps_monthly, cfg)
    f_design = bev_factor(t_design, heat, park, cfg)
    keys = list(zip(register["vehicle_class"], ["bev"] * len(register), strict=True))
    bev = vt.reindex(keys)
    usable = bev["battery_kwh_usable"].to_numpy(dtype=float) * (1 - cfg.battery_reserve_pct / 100)
    rng = winter_range_km(usable, bev["electric_kwh_per_km"].to_numpy(dtype=float), f_design)
    daily = register["annual_km"].to_numpy(dtype=float) / days
    peak = daily * cfg.peak_day_factor
    return pd.DataFrame(
        {
            "heat_mult": heat,
            "parking_mult": park,
            "f_bev_annual": f_bev,
            "f_ice_annual": f_ice,
            "f_bev_design": f_design,
            "operating_days": days,
            "daily_km": daily,
            "peak_day_km": peak,
            "winter_range_km": rng,
            "is_winter_range_exceeded": peak > rng,
        },
        index=register.index,
    )
