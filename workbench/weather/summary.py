"""Monthly summaries of weather frames and comparison of two typical years."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.paths import REPO_ROOT
from workbench.weather.frame import month_of_rows
from workbench.weather.readers import read

REFERENCE_EPW = REPO_ROOT.parent / "shared/data/weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"


def monthly_summary(weather: pd.DataFrame) -> pd.DataFrame:
    """Monthly irradiation [kWh m-2] and mean air temperature [°C] (Europe/Stockholm months).

    Columns ``ghi_kwh_m2``, ``dni_kwh_m2``, ``dhi_kwh_m2``, ``temp_air_c``; index ``month``
    1..12; a ``year`` row is not added (sum the irradiation columns for the annual total).
    """
    month = month_of_rows(weather)
    grouped = weather.groupby(month)
    out = pd.DataFrame(
        {
            "ghi_kwh_m2": grouped["ghi"].sum() / 1000.0,
            "dni_kwh_m2": grouped["dni"].sum() / 1000.0,
            "dhi_kwh_m2": grouped["dhi"].sum() / 1000.0,
            "temp_air_c": grouped["temp_air"].mean(),
        }
    )
    out.index.name = "month"
    return out


def user_weather(path: str | Path | None = None) -> pd.DataFrame | None:
    """A user-supplied weather file read with the data's timing, or the Luleå TMYx reference.

    With ``path`` empty or ``None`` the Luleå TMYx in ``../shared/data`` is used when present;
    returns ``None`` when neither exists.
    """
    candidate = Path(path) if path else REFERENCE_EPW
    if not candidate.exists():
        if path:
            raise FileNotFoundError(f"{candidate}: weather file not found")
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the timing note stays in attrs
        return read(candidate, time_offset="detect")


def compare_monthly(a: pd.DataFrame, b: pd.DataFrame | None, labels=("a", "b")) -> pd.DataFrame:
    """Monthly GHI [kWh m-2] and temperature [°C] of two years side by side, with GHI difference
    of ``a`` relative to ``b`` [%] and a ``year`` row. Empty when ``b`` is ``None``."""
    if b is None:
        return pd.DataFrame()
    sa, sb = monthly_summary(a), monthly_summary(b)
    out = pd.DataFrame(
        {
            f"ghi_kwh_m2_{labels[0]}": sa["ghi_kwh_m2"],
            f"ghi_kwh_m2_{labels[1]}": sb["ghi_kwh_m2"],
            f"temp_air_c_{labels[0]}": sa["temp_air_c"],
            f"temp_air_c_{labels[1]}": sb["temp_air_c"],
        }
    )
    year = out.sum()
    year[[f"temp_air_c_{labels[0]}", f"temp_air_c_{labels[1]}"]] = [
        a["temp_air"].mean(),
        b["temp_air"].mean(),
    ]
    out.loc["year"] = year
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ghi_diff_pct"] = 100 * (
            out[f"ghi_kwh_m2_{labels[0]}"] / out[f"ghi_kwh_m2_{labels[1]}"] - 1
        )
    return out
