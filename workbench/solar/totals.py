"""Rooftop totals by municipality and building type, exact and independent of batching.

The in-memory path (:func:`workbench.solar.potential.finish`) and the streaming path
(:mod:`workbench.solar.stream`) both sum through :class:`workbench.core.exactsum.GroupSums`:
every total is the float64 nearest to the exact sum of the per-building (or per-plane)
values, so a run over batches of any size gives the same numbers, bit for bit, as a run
over the whole table.

* :func:`building_sums`: counts, areas [m2], capacity [kWp] and energy [kWh] by
  ``kommun_id_scb`` and ``building_type``;
* :func:`summary_table`: those sums as the ``by_type``/``by_kommun`` tables (energy in MWh);
* :func:`monthly_sums` / :func:`monthly_long`: plane energy per calendar month [kWh].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.exactsum import GroupSums

KEYS = ["kommun_id_scb", "building_type"]
MONTHS = list(range(1, 13))
SPECIFIC_MONTH_COLUMNS = [f"kwh_per_kwp_m{m:02d}" for m in MONTHS]
MONTH_KWH = [f"kwh_m{m:02d}" for m in MONTHS]
BUILDING_SUM_COLUMNS = [
    "with_pv",
    "footprint_area_m2",
    "usable_area_m2",
    "capacity_kwp",
    "capacity_low_kwp",
    "capacity_high_kwp",
    "annual_kwh",
    "annual_low_kwh",
    "annual_high_kwh",
]


def building_sums(buildings: pd.DataFrame, into: GroupSums | None = None) -> GroupSums:
    """Add the per-building table (:func:`~workbench.solar.potential.building_potential`)."""
    sums = into if into is not None else GroupSums(KEYS, BUILDING_SUM_COLUMNS)
    frame = pd.DataFrame(buildings[[*KEYS, *BUILDING_SUM_COLUMNS[1:]]])
    frame["with_pv"] = (buildings["capacity_kwp"].to_numpy() > 0).astype(float)
    return sums.add(frame)


def summary_table(sums: GroupSums, by: list[str]) -> pd.DataFrame:
    """Totals by ``by``: ``n_buildings``, ``n_buildings_with_pv``, areas [m2], kWp, MWh, kWh/kWp."""
    f = sums.merged(by).frame()
    out = f[by].copy()
    out["n_buildings"] = f["n_rows"].astype("int64")
    out["n_buildings_with_pv"] = f["with_pv"].round().astype("int64")
    for col in BUILDING_SUM_COLUMNS[1:6]:
        out[col] = f[col]
    for band in ("", "_low", "_high"):
        out[f"annual{band}_mwh"] = f[f"annual{band}_kwh"] / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out["kwh_per_kwp"] = np.where(
            out["capacity_kwp"] > 0, out["annual_mwh"] * 1000.0 / out["capacity_kwp"], np.nan
        )
    return out.reset_index(drop=True)


def monthly_sums(
    buildings: pd.DataFrame, planes: pd.DataFrame, into: GroupSums | None = None
) -> GroupSums:
    """Add the monthly energy [kWh] of ``planes`` (capacity × monthly specific yield)."""
    sums = into if into is not None else GroupSums(KEYS, MONTH_KWH)
    keyed = planes[["building_id", "capacity_kwp", *SPECIFIC_MONTH_COLUMNS]].merge(
        buildings[["building_id", *KEYS]], on="building_id", how="left"
    )
    energy = keyed[SPECIFIC_MONTH_COLUMNS].mul(keyed["capacity_kwp"], axis=0)
    energy.columns = MONTH_KWH
    energy[KEYS] = keyed[KEYS]
    return sums.add(energy)


def monthly_long(sums: GroupSums) -> pd.DataFrame:
    """Monthly energy [kWh] by municipality and building type: one row per month."""
    f = sums.frame()
    if f.empty:
        return pd.DataFrame(
            {
                "kommun_id_scb": pd.Series(dtype="string"),
                "building_type": pd.Series(dtype="string"),
                "month": pd.Series(dtype="int64"),
                "pv_kwh": pd.Series(dtype=float),
            }
        )
    wide = f.set_index(KEYS)[MONTH_KWH]
    wide.columns = MONTHS
    long = wide.stack().rename("pv_kwh").reset_index()
    return long.rename(columns={"level_2": "month"})
