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


def is_clean(category, powertrain, year) -> np.ndarray:
    """Whether each procured vehicle counts as clean in its category and year (:data:`CLEAN`;
    outside the directive's categories: never)."""
    period = np.where(np.asarray(year) <= 2025, 2021, 2026)
    return np.array(
        [f in CLEAN.get((c, per), ()) for f, c, per in zip(powertrain, category, period,
                                                          strict=True)],
        dtype=bool,
    )  # fmt: skip


def procurement_table(plan: pd.DataFrame, years) -> pd.DataFrame:
    """Per plan year and CVD category: procured, clean and zero-emission counts against quotas."""
    cat_of = table("lifetimes").set_index("vehicle_class")["cvd_category"]
    quotas = table("cvd_quotas")
    cats = ["light_duty", "truck", "bus"]
    plan_years = [int(y) for y in list(years)[1:]]
    p = plan.assign(cvd_category=plan["vehicle_class"].map(cat_of))
    p = p[p["cvd_category"].isin(cats)]
    pt = p["new_powertrain"].to_numpy()
    clean = is_clean(p["cvd_category"].to_numpy(), pt, p["year"].to_numpy())
    p = p.assign(is_clean=clean, is_ze=np.isin(pt, list(ZERO_EMISSION)))
    grid = pd.MultiIndex.from_product([plan_years, cats], names=["year", "cvd_category"])
    g = p.groupby(["year", "cvd_category"])
    out = pd.DataFrame(
        {
            "n_procured": g.size().reindex(grid, fill_value=0),
            "n_clean": g["is_clean"].sum().reindex(grid, fill_value=0),
            "n_zero_emission": g["is_ze"].sum().reindex(grid, fill_value=0),
        }
    ).reset_index()
    quota = np.full(len(out), np.nan)
    ze_quota = np.full(len(out), np.nan)
    for q in quotas.itertuples(index=False):
        sel = ((out["cvd_category"] == q.cvd_category) & (out["year"] >= q.period_start)
               & (out["year"] <= q.period_end)).to_numpy()  # fmt: skip
        quota[sel], ze_quota[sel] = q.clean_quota_pct, q.zero_emission_quota_pct
    n = out["n_procured"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["clean_share_pct"] = np.where(n > 0, 100.0 * out["n_clean"] / n, np.nan)
        out["zero_emission_share_pct"] = np.where(n > 0, 100.0 * out["n_zero_emission"] / n, np.nan)
    out["clean_quota_pct"] = quota
    out["zero_emission_quota_pct"] = ze_quota
    met = (out["clean_share_pct"] >= quota - 1e-9) & (
        out["zero_emission_share_pct"] >= ze_quota - 1e-9
    )
    out["is_quota_met"] = pd.array(met, dtype="boolean")
    out.loc[(n == 0) | np.isnan(quota), "is_quota_met"] = pd.NA
    for col in ("n_procured", "n_clean", "n_zero_emission"):
        out[col] = out[col].astype(int)
    return out[COLUMNS]
