"""Yield over tilt × azimuth (heat maps) and yields of standard planes for two weather years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.pv import PVSystem
from workbench.pv.yields import specific_yield

STANDARD_PLANES = {
    "south_40": (40.0, 180.0),
    "east_27": (27.0, 90.0),
    "west_27": (27.0, 270.0),
    "flat_10": (10.0, 180.0),
    "north_27": (27.0, 0.0),
    "south_90": (90.0, 180.0),
}


def orientation_table(
    weather: pd.DataFrame,
    system: PVSystem | None = None,
    tilt_step: float = 5.0,
    azimuth_step: float = 15.0,
) -> pd.DataFrame:
    """Annual specific yield [kWh kWp-1] on a tilt (rows) × azimuth (columns) grid [°]."""
    tilts = np.arange(0.0, 90.0 + 1e-9, tilt_step)
    azims = np.arange(0.0, 360.0 + 1e-9, azimuth_step)
    tt, aa = np.meshgrid(tilts, azims, indexing="ij")
    result = specific_yield(weather, tt.ravel(), aa.ravel(), system, method="exact")
    table = pd.DataFrame(
        result["annual_kwh_per_kwp"].to_numpy().reshape(tt.shape), index=tilts, columns=azims
    )
    table.index.name, table.columns.name = "surface_tilt", "surface_azimuth"
    return table


def compare_planes(
    a: pd.DataFrame,
    b: pd.DataFrame | None,
    system: PVSystem | None = None,
    labels=("a", "b"),
    planes: dict[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Annual specific yield [kWh kWp-1] of standard planes for two weather years and the
    difference of ``a`` relative to ``b`` [%]; empty when ``b`` is ``None``."""
    if b is None:
        return pd.DataFrame()
    planes = planes or STANDARD_PLANES
    tilt = [p[0] for p in planes.values()]
    azim = [p[1] for p in planes.values()]
    ya = specific_yield(a, tilt, azim, system, method="exact")["annual_kwh_per_kwp"]
    yb = specific_yield(b, tilt, azim, system, method="exact")["annual_kwh_per_kwp"]
    out = pd.DataFrame(
        {
            "surface_tilt": tilt,
            "surface_azimuth": azim,
            f"annual_kwh_per_kwp_{labels[0]}": ya.to_numpy(),
            f"annual_kwh_per_kwp_{labels[1]}": yb.to_numpy(),
        },
        index=pd.Index(list(planes), name="plane"),
    )
    out["diff_pct"] = 100 * (ya.to_numpy() / yb.to_numpy() - 1)
    return out
