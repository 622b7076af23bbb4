"""Procurement lists: what a municipality must procure each year, and the share the directive asks.

Every replacement of the plan is a procurement (a purchase or a lease). Per plan year, vehicle
class and powertrain the list counts the vehicles, how many are leased, their contract value
(purchase prices, or lease payments over the term) and the Clean Vehicles Directive category;
per year and category it repeats the share of clean and zero-emission vehicles these procurements
reach against the Swedish quota (:func:`workbench.fleet.cvd.procurement_table`). The county sums
the municipalities' lists per year and class (:mod:`workbench.export.county`): the basis of a
coordinated procurement (samordnad upphandling).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.fleet.cvd import ZERO_EMISSION, is_clean, procurement_table
from workbench.fleet.factors import table

KEY = ["year", "vehicle_class", "powertrain"]
SHARES = ["clean_share_pct", "clean_quota_pct", "zero_emission_share_pct",
          "zero_emission_quota_pct", "is_quota_met"]  # fmt: skip
COLUMNS = ["year", "vehicle_class", "powertrain", "cvd_category", "n_vehicles", "n_leased",
           "contract_value_sek", "is_clean", "is_zero_emission", *SHARES]  # fmt: skip


def cvd_category(vehicle_class) -> np.ndarray:
    """The directive's category of each vehicle class (``none`` for working machines)."""
    cat_of = table("lifetimes").set_index("vehicle_class")["cvd_category"]
    return pd.Series(vehicle_class).map(cat_of).to_numpy(dtype=object)


def procurement_list(replacements: pd.DataFrame, years) -> pd.DataFrame:
    """Vehicles to procure per plan year, class and powertrain, with the directive's shares.

    Parameters
    ----------
    replacements
        The plan's replacements (``FleetResult.replacements``).
    years
        The plan's horizon (the base year first; procurements start the year after).

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`; ``contract_value_sek`` [SEK of the price year] is the purchase price
        (owned) or the lease payments over the term (leased); the share and quota columns [%]
        are those of the year and category (empty for working machines and after 2030).
    """
    lines = replacements.rename(columns={"new_powertrain": "powertrain"})
    g = lines.assign(is_leased=lines["ownership"] == "leased").groupby(KEY, sort=True)
    out = pd.DataFrame(
        {
            "n_vehicles": g.size().astype(int),
            "n_leased": g["is_leased"].sum().astype(int),
            "contract_value_sek": g["contract_value_sek"].sum().astype(float),
        }
    ).reset_index()
    out["cvd_category"] = cvd_category(out["vehicle_class"])
    out["is_clean"] = is_clean(out["cvd_category"], out["powertrain"], out["year"])
    out["is_zero_emission"] = out["powertrain"].isin(ZERO_EMISSION).to_numpy()
    shares = procurement_table(replacements, years)[["year", "cvd_category", *SHARES]]
    out = out.merge(shares, on=["year", "cvd_category"], how="left")
    out["is_quota_met"] = out["is_quota_met"].astype("boolean")
    return out[COLUMNS]
