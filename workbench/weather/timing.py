"""Time conventions of weather files and a data-driven check of where the radiation is centred.

Each reader knows its format's documented convention (EPW: hour-ending values, so the sun
position belongs at the middle of the hour, 30 min after ``read_epw``'s label; PVGIS: the
``irradiance_time_offset`` of the file). Files do not always follow their format
(domain-solar.md §3.8: the Luleå TMYx is centred on ``read_epw``'s label), so
:func:`estimate_offset_min` estimates the offset from the data: with roughly symmetric
cloudiness the GHI-weighted mean hour angle at the true centre of the radiation is near zero,
so the offset is minus the weighted mean hour angle at the label, converted to minutes.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pvlib

DISAGREEMENT_MIN = 15.0
ROUND_TO_MIN = 5.0


def weighted_hour_angle_h(index: pd.DatetimeIndex, ghi: np.ndarray, longitude: float) -> float:
    """GHI-weighted mean solar hour angle [h] at the given UTC times."""
    eot = pvlib.solarposition.equation_of_time_spencer71(index.day_of_year)
    ha = pvlib.solarposition.hour_angle(index, longitude, eot)  # [°]
    ha = (np.asarray(ha) + 180.0) % 360.0 - 180.0
    weights = np.clip(np.asarray(ghi, dtype=float), 0, None)
    return float(np.sum(weights * ha) / np.sum(weights) / 15.0)


def estimate_offset_min(index: pd.DatetimeIndex, ghi: np.ndarray, longitude: float) -> float:
    """Minutes to add to the labels to reach the centre of the radiation, rounded to 5 min."""
    minutes = -60.0 * weighted_hour_angle_h(index, ghi, longitude)
    return float(ROUND_TO_MIN * np.round(minutes / ROUND_TO_MIN))


def resolve_offset(
    time_offset: str | float,
    format_offset_min: float,
    detected_min: float,
    source: str,
) -> tuple[float, str]:
    """Choose the solar-time offset [min] and describe the choice.

    ``time_offset`` is ``"format"`` (the format's documented convention, warning when the data
    disagree by more than 15 min), ``"detect"`` (the estimate from the data) or a number of
    minutes given by the user.
    """
    if isinstance(time_offset, int | float) and not isinstance(time_offset, bool):
        return float(time_offset), f"user-given offset {float(time_offset):g} min"
    if time_offset == "detect":
        return detected_min, (
            f"offset detected from the data ({detected_min:g} min; format convention "
            f"{format_offset_min:g} min)"
        )
    if time_offset != "format":
        raise ValueError(f"time_offset must be 'format', 'detect' or minutes, got {time_offset!r}")
    note = f"format convention {format_offset_min:g} min"
    if abs(detected_min - format_offset_min) > DISAGREEMENT_MIN:
        message = (
            f"{source}: the radiation is centred about {detected_min:g} min after the row "
            f"labels, but the format convention says {format_offset_min:g} min; using the "
            "format convention. Pass time_offset='detect' to use the data's timing "
            "(domain-solar.md §3.8)."
        )
        warnings.warn(message, UserWarning, stacklevel=3)
        note += f"; data suggest {detected_min:g} min (not applied)"
    return format_offset_min, note
