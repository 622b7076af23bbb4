"""Figures of a weather year and of specific yield by orientation (matplotlib).

Used by ``notebooks/01_solar_resource.ipynb``; each function returns the figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd


def monthly_irradiation_figure(monthly: pd.DataFrame, title: str):
    """Bars of monthly GHI and DHI [kWh m-2] with the monthly mean air temperature [°C].

    ``monthly`` is :func:`workbench.weather.summary.monthly_summary` output (12 rows).
    """
    fig, ax = plt.subplots(figsize=(9, 3.5))
    monthly[["ghi_kwh_m2", "dhi_kwh_m2"]].plot.bar(ax=ax, color=["#f2a900", "#7aa6c2"])
    ax.set_ylabel("kWh/m² per month")
    temp = ax.twinx()
    temp.plot(range(len(monthly)), monthly["temp_air_c"], color="firebrick", marker="o")
    temp.set_ylabel("temp_air [°C]")
    ax.set_title(title)
    return fig


def yield_heatmap_figure(heat: pd.DataFrame, title: str):
    """Annual specific yield [kWh kWp-1] over tilt (rows) × azimuth (columns, 180 = south).

    ``heat`` is :func:`workbench.pv.orientation.orientation_table` output.
    """
    fig, ax = plt.subplots(figsize=(9, 4))
    mesh = ax.pcolormesh(
        heat.columns, heat.index, heat.to_numpy(), shading="nearest", cmap="viridis"
    )
    fig.colorbar(mesh, ax=ax, label="kWh/kWp per year")
    ax.set_xlabel("surface_azimuth [°] (180 = south)")
    ax.set_ylabel("surface_tilt [°]")
    ax.set_title(title)
    return fig


def best_orientation(heat: pd.DataFrame) -> pd.Series:
    """Tilt [°], azimuth [°] and annual specific yield [kWh kWp-1] of the best cell of ``heat``."""
    stacked = heat.stack()
    tilt, azimuth = stacked.idxmax()
    return pd.Series(
        {"surface_tilt": tilt, "surface_azimuth": azimuth, "annual_kwh_per_kwp": stacked.max()}
    )
