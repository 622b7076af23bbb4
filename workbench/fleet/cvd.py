"""EU Clean Vehicles Directive (2019/1161) quotas for Sweden, checked on each year's procurements.

A procurement is a replacement in the plan (purchase or lease). Categories:
light-duty (cars M1 and vans N1), trucks (N2/N3), buses (M3); working machines are
outside the directive. "Clean" follows ``data/fleet/cvd_quotas.csv``: light-duty
BEV/PHEV/FCEV until 2025 and zero-emission only (BEV/FCEV) from 2026; trucks and
buses also biogas and HVO100 vehicles (not blends). Buses must reach half of the
quota with zero-emission vehicles. The directive's periods end in 2030: later
years show the procurements without a quota. The directive counts per reference
period; the yearly shares here are an indicator of the period figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.fleet.factors import table

CLEAN = {
    ("light_duty", 2021): {"bev", "phev", "fcev"},
    ("light_duty", 2026): {"bev", "fcev"},
    ("truck", 2021): {"bev", "phev", "fcev", "biogas", "hvo100"},
    ("truck", 2026): {"bev", "phev", "fcev", "biogas", "hvo100"},
    ("bus", 2021): {"bev", "phev", "fcev", "biogas", "hvo100"},
    ("bus", 2026): {"bev", "phev", "fcev", "biogas", "hvo100"},
}
ZERO_EMISSION = {"bev", "fcev"}
COLUMNS = [
    "year",
    "cvd_category",
    "n_procured",
    "n_clean",
    "n_zero_emission",
    "clean_share_pct",
    "zero_emission_share_pct",
    "clean_quota_pct",
    "zero_emission_quota_pct",
    "is_quota_met",
]


def procurement_table(plan: pd.DataFrame, years) -> pd.DataFrame:
    """Per plan year and CVD category: procured, clean and zero-emission counts against quotas."""
    cat_of = table("lifetimes").set_index("vehicle_class")["cvd_category"]
    quotas = table("cvd_quotas")
    rows = []
    cats = ("light_duty", "truck", "bus")
    p = plan.assign(cvd_category=plan["vehicle_class"].map(cat_of))
    for year in list(years)[1:]:
        for cat in cats:
            q = quotas[
                (quotas["cvd_category"] == cat)
                & (quotas["period_start"] <= year)
                & (quotas["period_end"] >= year)
            ]
            sub = p[(p["year"] == year) & (p["cvd_category"] == cat)]
            n = len(sub)
            if len(q):
                period = int(q["period_start"].iloc[0])
                clean_set = CLEAN[(cat, period)]
                quota, ze_quota = (
                    float(q["clean_quota_pct"].iloc[0]),
                    float(q["zero_emission_quota_pct"].iloc[0]),
                )
            else:
                clean_set, quota, ze_quota = CLEAN[(cat, 2026)], np.nan, np.nan
            n_clean = int(sub["new_powertrain"].isin(clean_set).sum())
            n_ze = int(sub["new_powertrain"].isin(ZERO_EMISSION).sum())
            share = 100.0 * n_clean / n if n else np.nan
            ze_share = 100.0 * n_ze / n if n else np.nan
            met = None
            if n and np.isfinite(quota):
                met = bool(share >= quota - 1e-9 and ze_share >= ze_quota - 1e-9)
            rows.append((year, cat, n, n_clean, n_ze, share, ze_share, quota, ze_quota, met))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["is_quota_met"] = out["is_quota_met"].astype("boolean")
    return out
