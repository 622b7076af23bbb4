"""Monthly and annual sums of an hourly balance, with the share of charging covered by PV.

Months are calendar months in Europe/Stockholm (what a municipality reads), taken from the
UTC index by conversion; the sums are over the UTC hours themselves, so nothing is duplicated
or lost at daylight-saving changes. For a typical year on calendar year Y, the last UTC hour
(23:00 on 31 December) is 00:00 on 1 January in Stockholm and is counted in January: the
month number is what groups, so every hour lands in exactly one of the 12 months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.hourly import check_hourly_utc
from workbench.match.balance import BALANCE_COLUMNS

DISPLAY_TZ = "Europe/Stockholm"
# every flow of the hourly balance; the state of charge is a level, not a flow
ENERGY_COLUMNS = [c for c in BALANCE_COLUMNS if c != "battery_soc_kwh"]


PEAK_COLUMNS = {"charging_kwh": "charging_peak_kw", "grid_to_charging_kwh": "grid_peak_kw"}


def _with_shares(sums: pd.DataFrame) -> pd.DataFrame:
    """Add PV used for charging, coverage and self-consumption shares [%] (NaN when 0/0)."""
    out = sums.copy()
    out["pv_used_for_charging_kwh"] = out["pv_to_charging_kwh"] + out["battery_to_charging_kwh"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coverage_pct"] = np.where(
            out["charging_kwh"] > 0,
            100 * out["pv_used_for_charging_kwh"] / out["charging_kwh"],
            np.nan,
        )
        out["self_consumption_pct"] = np.where(
            out["pv_kwh"] > 0,
            100 * (out["pv_to_charging_kwh"] + out["pv_to_battery_kwh"]) / out["pv_kwh"],
            np.nan,
        )
    return out


def monthly(balance: pd.DataFrame) -> pd.DataFrame:
    """Monthly sums [kWh] and shares [%] of an hourly balance.

    Parameters
    ----------
    balance : pandas.DataFrame
        Output of :func:`workbench.match.balance.hourly_balance`.

    Returns
    -------
    pandas.DataFrame
        One row per month 1–12 (column ``month``, Europe/Stockholm calendar): the energy
        columns, ``pv_used_for_charging_kwh`` (direct plus via the battery),
        ``coverage_pct`` = PV used for charging / charging × 100, ``self_consumption_pct``
        = PV kept on site / PV × 100, and the highest hourly charging and grid import
        (``charging_peak_kw``, ``grid_peak_kw`` [kW]: hourly means, what an hourly power
        tariff sees).
    """
    index = check_hourly_utc(balance.index, "hourly balance")
    month = pd.Index(index.tz_convert(DISPLAY_TZ).month, name="month")
    grouped = balance.groupby(month)
    sums = grouped[ENERGY_COLUMNS].sum()
    peaks = grouped[list(PEAK_COLUMNS)].max().rename(columns=PEAK_COLUMNS)
    table = pd.concat([sums, peaks], axis=1).reindex(range(1, 13), fill_value=0.0)
    table.index.name = "month"
    return _with_shares(table).reset_index()


def annual(balance: pd.DataFrame) -> dict[str, float]:
    """Annual sums [kWh], shares [%] and hourly peaks [kW] of an hourly balance, as a flat dict."""
    check_hourly_utc(balance.index, "hourly balance")
    sums = balance[ENERGY_COLUMNS].sum().to_frame().T
    for energy, peak in PEAK_COLUMNS.items():
        sums[peak] = float(balance[energy].max()) if len(balance) else 0.0
    row = _with_shares(sums).iloc[0]
    return {key: float(value) for key, value in row.items()}
