"""Specific yield [kWh kWp-1] and hourly specific power [kW kWp-1] of many roof planes.

Both functions share one implementation, :func:`workbench.pv.chain.ac_power`, which follows
pvlib's ModelChain (PVWatts DC/AC) step by step for arrays of planes. ``specific_yield``
evaluates it either directly for every plane (``method="exact"``) or on an orientation grid
(tilt × azimuth) interpolated to the planes (``method="grid"``, see :mod:`workbench.pv.grid`);
``"auto"`` picks the grid above :data:`GRID_MIN_PLANES` planes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.pv import PVSystem
from workbench.pv import chain, grid, sky
from workbench.pv.planes import as_planes

MONTH_COLUMNS = [f"kwh_per_kwp_m{m:02d}" for m in range(1, 13)]
COLUMNS = ["annual_kwh_per_kwp", *MONTH_COLUMNS]
GRID_MIN_PLANES = 2000


def specific_yield(
    weather: pd.DataFrame,
    surface_tilt,
    surface_azimuth,
    system: PVSystem | None = None,
    *,
    method: str = "auto",
) -> pd.DataFrame:
    """Annual and monthly AC energy per kWp DC for N roof planes.

    Parameters
    ----------
    weather : pandas.DataFrame
        A weather frame (:mod:`workbench.weather.frame`), e.g. from
        :func:`workbench.weather.typical_year` or :func:`workbench.weather.read`.
    surface_tilt, surface_azimuth : float or array-like of N
        Plane tilt [°] in 0–90 and azimuth [°] in 0–360 (180 = south).
    system : PVSystem, optional
        System settings; defaults to ``PVSystem()`` (14.08 % DC losses, inverter 0.96, fixed 5 % snow loss, ...).
    method : {"auto", "exact", "grid"}
        ``exact`` runs the hourly chain for every plane; ``grid`` runs it on an orientation
        grid and interpolates (annual error ≤ 0.5 % against ModelChain, see
        ``benchmarks/bench_pv.py``); ``auto`` uses the grid from 2000 planes up.

    Returns
    -------
    pandas.DataFrame
        One row per plane (index ``plane`` or the input Series' index) with
        ``annual_kwh_per_kwp`` and ``kwh_per_kwp_m01`` … ``kwh_per_kwp_m12``
        [kWh kWp-1]; months are calendar months in Europe/Stockholm.
    """
    system = system or PVSystem()
    tilt, azim, index = as_planes(surface_tilt, surface_azimuth)
    if method not in ("auto", "exact", "grid"):
        raise ValueError(f"method must be 'auto', 'exact' or 'grid', got {method!r}")
    use_grid = method == "grid" or (method == "auto" and len(tilt) >= GRID_MIN_PLANES)
    if use_grid:
        values = grid.table_for(weather, system).interpolate(tilt, azim)
    else:
        values = chain.annual_monthly_exact(sky.prepare(weather, system), tilt, azim, system)
    return pd.DataFrame(values, columns=COLUMNS, index=index)


def hourly_specific_power(
    weather: pd.DataFrame,
    surface_tilt,
    surface_azimuth,
    system: PVSystem | None = None,
) -> pd.DataFrame:
    """Hourly AC output per kWp DC [kW kWp-1] (= kWh kWp-1 in each hour) for N planes.

    Same physics and losses as :func:`specific_yield` (``method="exact"``); the column sums
    equal its ``annual_kwh_per_kwp``. Returns a frame indexed like ``weather`` (UTC) with one
    column per plane (the plane index).
    """
    system = system or PVSystem()
    tilt, azim, index = as_planes(surface_tilt, surface_azimuth)
    hours = sky.prepare(weather, system)
    out = np.zeros((hours.n_hours, len(tilt)))
    for part in chain.chunks(len(hours.rows), len(tilt)):
        out[hours.rows, part] = chain.ac_power(hours, tilt[part], azim[part], system)
    return pd.DataFrame(out, index=weather.index, columns=index)
