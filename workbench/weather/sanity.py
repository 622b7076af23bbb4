"""Plausibility of a weather file's irradiance: refused when it cannot be a real year here.

Three checks (issue 15 item 5), each an :class:`~workbench.core.errors.InputError` naming the
file, the column, the values and what to do:

* GHI zero (or missing) in every hour: a file with its radiation columns left empty;
* the radiation centred :data:`SHIFT_LIMIT_MIN` or more away from where the format says
  (time stamps in another time zone, or shifted by hours): the detected timing would silently
  move the sun by hours. Giving ``--time-offset <minutes>`` runs it, and the manifest and
  summary record the rule ``user``;
* GHI above the extraterrestrial irradiance on a horizontal plane (pvlib
  ``get_extra_radiation`` × cos(zenith) at the applied solar time, plus
  :data:`EXTRATERRESTRIAL_MARGIN_W_M2`) in more than :data:`EXTRATERRESTRIAL_MAX_HOURS` hours:
  a unit error (Wh per 10 min, kJ m-2) or a shifted file. Hours at the horizon carry the margin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib

from workbench.core.errors import InputError, Problem

#: Minutes between the detected radiation centre and the format's convention from which the
#: time stamps are taken to be shifted by hours (90 min: well above the 5-25 min of real files).
SHIFT_LIMIT_MIN = 90.0
#: Margin on the extraterrestrial horizontal irradiance [W m-2] for hour means against the
#: mid-hour value and cloud enhancement near the horizon.
EXTRATERRESTRIAL_MARGIN_W_M2 = 50.0
#: Hours above extraterrestrial allowed before the file is refused (a few bad records).
EXTRATERRESTRIAL_MAX_HOURS = 10


def solar_position(data: pd.DataFrame, attrs: dict, offset_min: float) -> pd.DataFrame:
    """pvlib sun position at the site at the applied solar time (row label + ``offset_min``).

    Computed once per file read and shared by the extraterrestrial check and the clear-sky
    note; pressure from the site altitude, as :meth:`pvlib.location.Location.get_solarposition`
    takes it.
    """
    times = data.index + pd.Timedelta(minutes=offset_min)
    return pvlib.solarposition.get_solarposition(
        times, attrs["latitude"], attrs["longitude"], altitude=attrs.get("altitude", 0.0)
    )


def check_irradiance(data: pd.DataFrame, attrs: dict, *, offset_min: float, rule: str,
                     format_offset_min: float, detected_min: float,
                     solpos: pd.DataFrame | None = None) -> None:  # fmt: skip
    """Raise :class:`InputError` when ``data["ghi"]`` [W m-2] cannot be a real year at the site.

    ``solpos`` is :func:`solar_position` for ``offset_min`` (computed here when not given).
    """
    source = attrs.get("path", "<weather>")
    ghi = data["ghi"].to_numpy(dtype=float)
    if not np.nansum(np.abs(ghi)) > 0:
        raise InputError([Problem(source, "global horizontal irradiance above 0 W m-2 in "
                                  "daylight hours (it is 0 or missing in every hour)",
                                  column="ghi", value=0)])  # fmt: skip
    if rule == "detected" and abs(detected_min - format_offset_min) >= SHIFT_LIMIT_MIN:
        raise InputError([Problem(
            source,
            f"radiation centred near the format's convention ({format_offset_min:g} min after "
            f"the row labels); it is centred {detected_min:g} min after them, so the time "
            "stamps look shifted by hours (another time zone?). Check the file, or give "
            f"--time-offset {detected_min:g} to run it as it is",
            column="time", value=f"{detected_min:g} min")])  # fmt: skip
    above = hours_above_extraterrestrial(data, attrs, offset_min, solpos)
    if above > EXTRATERRESTRIAL_MAX_HOURS:
        raise InputError([Problem(
            source,
            "global horizontal irradiance at most the extraterrestrial irradiance on a "
            f"horizontal plane (+{EXTRATERRESTRIAL_MARGIN_W_M2:g} W m-2); it is above it in "
            f"{above} hours: a unit other than W m-2, or shifted time stamps",
            column="ghi", value=f"{np.nanmax(ghi):g} W m-2 at most")])  # fmt: skip


def hours_above_extraterrestrial(
    data: pd.DataFrame, attrs: dict, offset_min: float, solpos: pd.DataFrame | None = None
) -> int:
    """Hours whose GHI [W m-2] exceeds the extraterrestrial horizontal irradiance + margin."""
    times = data.index + pd.Timedelta(minutes=offset_min)
    if solpos is None:
        solpos = solar_position(data, attrs, offset_min)
    extra = pvlib.irradiance.get_extra_radiation(times).to_numpy()
    horizontal = np.clip(extra * np.cos(np.radians(solpos["zenith"].to_numpy())), 0, None)
    limit = horizontal + EXTRATERRESTRIAL_MARGIN_W_M2
    return int(np.sum(data["ghi"].to_numpy(dtype=float) > limit))
