"""Replacement rules: when a vehicle is replaced and by which powertrain.

Timing: a leased vehicle is replaced in the year its contract ends, an owned one
when it reaches the class's age limit (``lifetime_years``); a new vehicle is leased
again for ``lease_term_years`` or kept for the age limit. Replacements that are
already overdue in the base year happen in the first plan year.

Choice: per class, the scenario lists powertrains in order of preference
(``replacement_fuels``); the first feasible one is taken, ``same`` (like for like)
is always feasible. Feasibility:

- offered for the class (``is_offered`` in ``data/fleet/vehicle_types.csv``);
- ``bev``: from ``bev_available_from[class]`` and, unless
  ``allow_bev_beyond_winter_range``, only where the heavy winter day fits the
  usable winter range (:func:`workbench.fleet.cold.vehicle_cold_table`);
- ``biogas``: only in ``biogas_kommuner``; ``fcev``: only in ``hydrogen_kommuner``.

``same`` keeps the old powertrain, except one that is no longer offered for the class:
E85 flexifuel cars (scarce on the market, domain-fleet.md §11.7) are then replaced by
petrol cars.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.fleet import FleetConfig
from workbench.fleet.register import CLASSES, FUELS

FUEL_CODE = {f: i for i, f in enumerate(FUELS)}
SAME_FALLBACK = {"e85": "petrol"}  # like-for-like when the old powertrain is not offered
CLASS_CODE = {c: i for i, c in enumerate(CLASSES)}


def replacement_term(register: pd.DataFrame, cfg: FleetConfig) -> np.ndarray:
    """Years each vehicle's replacement is kept: the lease term (leased) or the class's age
    limit (owned) [years]; one replacement per term is the fleet's lasting renewal need."""
    life = register["vehicle_class"].map(cfg.lifetime_years).to_numpy(dtype=int)
    return np.where((register["ownership"] == "leased").to_numpy(), cfg.lease_term_years, life)


def first_replacement_year(register: pd.DataFrame, cfg: FleetConfig) -> np.ndarray:
    """Year of each vehicle's first replacement (never before ``base_year + 1``) [year]."""
    life = register["vehicle_class"].map(cfg.lifetime_years).to_numpy(dtype=int)
    by_age = register["model_year"].to_numpy(dtype=int) + life
    end = register["contract_end"].dt.year.to_numpy(dtype=float)
    leased = (register["ownership"] == "leased").to_numpy() & np.isfinite(end)
    year = np.where(leased, np.nan_to_num(end, nan=0).astype(int), by_age)
    return np.maximum(year, cfg.base_year + 1)


def choose_powertrain(
    class_code: np.ndarray,
    old_fuel: np.ndarray,
    year: int,
    bev_fits: np.ndarray,
    offered: np.ndarray,
    cfg: FleetConfig,
    kommun_id: str,
) -> np.ndarray:
    """New powertrain code per due vehicle (vectorised over vehicles).

    Parameters
    ----------
    class_code, old_fuel : numpy.ndarray of int
        Codes into :data:`CLASSES` and :data:`FUELS`.
    year : int
        Replacement year.
    bev_fits : numpy.ndarray of bool
        Whether the winter range of a battery-electric vehicle fits the duty.
    offered : numpy.ndarray of bool, shape (n_classes, n_fuels)
        Powertrains offered per class.
    """
    new = np.full(len(class_code), -1)
    for cname, prefs in cfg.replacement_fuels.items():
        in_class = class_code == CLASS_CODE[cname]
        for choice in prefs:
            open_ = in_class & (new < 0)
            if not open_.any():
                break
            if choice == "same":
                new[open_] = like_for_like(old_fuel, CLASS_CODE[cname], offered)[open_]
                continue
            ok = open_ & feasible(choice, cname, year, bev_fits, offered, cfg, kommun_id)
            new[ok] = FUEL_CODE[choice]
    unset = new < 0  # a class whose list has no feasible entry: like for like
    new[unset] = old_fuel[unset]
    return new


def like_for_like(old_fuel: np.ndarray, class_code: int, offered: np.ndarray) -> np.ndarray:
    """The old powertrain code per vehicle, or its :data:`SAME_FALLBACK` where the class is
    no longer offered it (E85 cars -> petrol)."""
    same = old_fuel.copy()
    for old, fallback in SAME_FALLBACK.items():
        gone = (same == FUEL_CODE[old]) & ~offered[class_code, FUEL_CODE[old]]
        same[gone] = FUEL_CODE[fallback]
    return same


def feasible(
    choice: str,
    cname: str,
    year: int,
    bev_fits: np.ndarray,
    offered: np.ndarray,
    cfg: FleetConfig,
    kommun_id: str,
) -> np.ndarray:
    """Whether each vehicle could be replaced by powertrain ``choice`` of class ``cname`` in
    ``year`` (bool per vehicle): offered for the class; BEV from its first year and, unless
    allowed beyond, within the winter range; biogas and FCEV only where fuel is sold."""
    if not offered[CLASS_CODE[cname], FUEL_CODE[choice]]:
        return np.zeros(len(bev_fits), dtype=bool)
    if choice == "bev":
        if year < cfg.bev_available_from[cname]:
            return np.zeros(len(bev_fits), dtype=bool)
        if cfg.allow_bev_beyond_winter_range:
            return np.ones(len(bev_fits), dtype=bool)
        return np.asarray(bev_fits, dtype=bool)
    station = {"biogas": cfg.biogas_kommuner, "fcev": cfg.hydrogen_kommuner}
    return np.full(len(bev_fits), choice not in station or kommun_id in station[choice])
