"""Snow losses for the Townsend (monthly) and Marion/NREL (hourly) models of ``pvlib.snow``.

The fixed annual percentage (``snow_model="fixed"``) is PVWatts' ``snow`` loss term and is
applied in :func:`workbench.pv.chain.dc_loss_factor`. The two models here need snowfall:

* the weather's ``snowfall`` column [cm per hour] when present;
* otherwise the positive hour-to-hour increments of ``snow_depth`` [cm], a lower bound of
  snowfall (compaction and melt during snowfall are ignored; domain-solar.md §3.5 calls it an
  approximation to verify against SMHI snowfall observations).

Without either column, or when ``snow_depth`` is a monthly climatology (the embedded and PVGIS
typical years, ``attrs["snow_depth_from_climatology"]``), the models raise an error: no silent
zero loss and no fake snowfall at month boundaries.

Marion/NREL (Marion et al. 2013; Ryberg & Freeman 2017) is evaluated for all planes at once;
it reproduces ``pvlib.snow.coverage_nrel`` and ``dc_loss_nrel`` exactly (tested).
Townsend (Townsend & Powers 2011) is ``pvlib.snow.loss_townsend`` per plane on monthly totals;
a snow event is a day with more than 2.54 cm (1 inch) of snowfall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pvlib

from workbench.config.pv import PVSystem
from workbench.core.errors import InputError, Problem
from workbench.weather.frame import CLIMATOLOGY_SNOW_ATTR, local_day_of_rows

INCH_CM = 2.54


@dataclass(frozen=True)
class SnowInputs:
    """Full-year hourly inputs of the snow models (one element per weather row)."""

    snowfall: np.ndarray  # [cm per hour]
    snow_depth: np.ndarray | None  # [cm]
    temp_air: np.ndarray  # [°C]
    relative_humidity: np.ndarray  # [%]
    month: np.ndarray  # 1..12 local calendar month
    day: np.ndarray  # day number (0-based) in local calendar
    snowfall_source: str


def inputs(weather: pd.DataFrame, system: PVSystem, month: np.ndarray) -> SnowInputs:
    """Snowfall, snow depth, temperature and humidity for the snow models."""
    depth = weather["snow_depth"].to_numpy(dtype=float) if "snow_depth" in weather else None
    if "snowfall" in weather.columns:
        snowfall = weather["snowfall"].to_numpy(dtype=float)
        source = "snowfall column"
    elif depth is not None and weather.attrs.get(CLIMATOLOGY_SNOW_ATTR):
        raise InputError(
            [
                Problem(
                    str(weather.attrs.get("source", "<weather>")),
                    "hourly snowfall events, but its snow depth is a monthly climatology "
                    "(embedded year: interpolated from monthly means; PVGIS year: the month's "
                    f"mean); snow_model={system.snow_model!r} needs a weather file with snow "
                    "data (e.g. a TMYx EPW); use snow_model='fixed' with a typical year",
                    column="snow_depth",
                )
            ]
        )
    elif depth is not None:
        snowfall = np.maximum(np.diff(depth, prepend=depth[0]), 0.0)
        source = "positive hourly increments of snow_depth (lower bound of snowfall)"
    else:
        name = str(weather.attrs.get("path") or weather.attrs.get("source") or "<weather>")
        raise InputError(
            [
                Problem(
                    name,
                    f"a 'snowfall' [cm/h] or 'snow_depth' [cm] column for snow_model="
                    f"{system.snow_model!r}; use snow_model='fixed' otherwise",
                    column="snowfall",
                )
            ]
        )
    rh = (
        weather["relative_humidity"].to_numpy(dtype=float)
        if "relative_humidity" in weather.columns
        else np.full(len(weather), system.snow_relative_humidity_pct)
    )
    return SnowInputs(
        snowfall=snowfall,
        snow_depth=depth,
        temp_air=weather["temp_air"].to_numpy(dtype=float),
        relative_humidity=rh,
        month=month,
        day=local_day_of_rows(weather.index),
        snowfall_source=source,
    )


def marion_coverage(
    snowfall: np.ndarray,
    poa_global: np.ndarray,
    temp_air: np.ndarray,
    surface_tilt: np.ndarray,
    snow_depth: np.ndarray | None = None,
    *,
    threshold_snowfall: float = 1.0,
    threshold_depth: float = 1.0,
    can_slide_coefficient: float = -80.0,
    slide_amount_coefficient: float = 0.197,
) -> np.ndarray:
    """Snow coverage fraction (hours × planes), ``pvlib.snow.coverage_nrel`` for many planes.

    Hourly steps; ``snowfall`` [cm per hour], ``poa_global`` [W m-2] (hours × planes),
    ``temp_air`` [°C], ``surface_tilt`` [°] per plane, ``snow_depth`` [cm].
    """
    new = snowfall > threshold_snowfall
    if snow_depth is not None:
        new &= snow_depth >= threshold_depth
    can_slide = temp_air[:, None] > poa_global / can_slide_coefficient
    slide = np.where(
        can_slide, slide_amount_coefficient * np.sin(np.radians(surface_tilt))[None, :], 0.0
    )
    slide[new] = 0.0
    slide[0] = 0.0
    if snow_depth is not None:
        slide[snow_depth < threshold_depth] = 1.0
    cum = np.cumsum(slide, axis=0)
    # cumulative sliding restarts at each new snowfall: subtract the sum before its period
    hours = np.arange(len(snowfall))
    start = np.maximum.accumulate(np.where(new, hours, 0))
    cum0 = np.vstack([np.zeros((1, cum.shape[1])), cum])
    before = cum0[start]  # sliding summed before the current snowfall period began
    base = np.where(new.cumsum() > 0, 1.0, 0.0)[:, None]
    return np.clip(base - (cum - before), 0.0, None)


def dc_factor(sky, poa_global: np.ndarray, tilt: np.ndarray, system: PVSystem) -> np.ndarray:
    """Multiplier on DC power (kept hours × planes) for the Townsend or Marion model."""
    s: SnowInputs = sky.snow
    if s is None:
        raise ValueError("snow inputs missing: prepare the sky with the snow model set")
    if system.snow_model == "marion":
        full = np.zeros((len(s.snowfall), poa_global.shape[1]))
        full[sky.rows] = poa_global
        coverage = marion_coverage(s.snowfall, full, s.temp_air, tilt, s.snow_depth)
        loss = np.ceil(coverage * system.snow_num_strings) / system.snow_num_strings
        return 1.0 - loss[sky.rows]
    loss = townsend_monthly_loss(s, sky, poa_global, tilt, system)  # (12, planes)
    return 1.0 - loss[sky.month - 1]


def townsend_monthly_loss(s: SnowInputs, sky, poa_global, tilt, system: PVSystem) -> np.ndarray:
    """Monthly DC loss fraction (12 × planes) from pvlib.snow.loss_townsend."""
    months = np.arange(1, 13)
    daily = pd.Series(s.snowfall).groupby([s.month, s.day]).sum()
    snow_total = daily.groupby(level=0).sum().reindex(months, fill_value=0.0).to_numpy()
    events = (daily > INCH_CM).groupby(level=0).sum().reindex(months, fill_value=0).to_numpy()
    rh = pd.Series(s.relative_humidity).groupby(s.month).mean().reindex(months).to_numpy()
    temp = pd.Series(s.temp_air).groupby(s.month).mean().reindex(months).to_numpy()
    onehot = (sky.month[None, :] == months[:, None]).astype(float)
    poa_monthly_wh = onehot @ poa_global  # hourly means [W m-2] × 1 h = [Wh m-2]
    loss = np.empty((12, len(tilt)))
    for j, t in enumerate(tilt):
        loss[:, j] = pvlib.snow.loss_townsend(
            snow_total,
            events,
            float(t),
            rh,
            temp,
            poa_monthly_wh[:, j],
            system.snow_slant_height_m,
            system.snow_lower_edge_height_m,
            string_factor=system.snow_string_factor,
        )
    return np.clip(np.nan_to_num(loss), 0.0, 1.0)
