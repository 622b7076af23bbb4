"""Final energy use of one area: category × carrier, totals with missing parts, fossil share.

Input: the embedded ``energy_final_use`` table (SCB/Energimyndigheten EN0203AE, 2009–2020,
MWh). Suppressed cells stay missing. A total is taken from the published total row; when
that row is itself suppressed, it is **missing with the reason**, never replaced by the sum
of the parts that happen to be published (that sum would be too small). The fossil share
divides the published fossil carriers' totals by the published grand total and is missing
when any of them is.
"""

from __future__ import annotations

import pandas as pd

FOSSIL = ("flytande_fossil", "fast_fossil", "gas_fossil")
RENEWABLE_FUELS = ("flytande_fornybar", "fast_fornybar", "gas_fornybar")


def area_energy(energy_final_use: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``energy_use``: year, category, carrier, energy_mwh, status, source."""
    sub = energy_final_use[energy_final_use["area_id_scb"] == area]
    if sub.empty:
        raise KeyError(f"no energy balance for area {area!r}")
    cols = ["year", "category", "carrier", "energy_mwh", "status", "source"]
    return sub[cols].sort_values(["year", "category", "carrier"], ignore_index=True)


def _reason(cells: pd.DataFrame) -> str:
    missing = cells[cells["status"] != "value"]
    if missing.empty:
        return ""
    labels = (missing["category"] + "/" + missing["carrier"]).tolist()
    return "suppressed by SCB: " + ", ".join(labels)


def by_year(energy: pd.DataFrame, population: int, population_month: str) -> pd.DataFrame:
    """Table ``energy_by_year``: total, fossil share, per inhabitant, and why a value is missing."""
    rows = []
    for year, g in energy.groupby("year"):
        grand = g[(g["category"] == "total") & (g["carrier"] == "total")]
        fossil = g[(g["category"] == "total") & g["carrier"].isin(FOSSIL)]
        total = float(grand["energy_mwh"].iloc[0]) if len(grand) else float("nan")
        fossil_mwh = fossil["energy_mwh"].sum(min_count=len(FOSSIL))
        if fossil["energy_mwh"].isna().any():
            fossil_mwh = float("nan")
        rows.append({
            "year": int(year),
            "total_mwh": total,
            "fossil_mwh": fossil_mwh,
            "fossil_share_frac": fossil_mwh / total if total > 0 else float("nan"),
            "total_mwh_per_inhabitant": total / population,
            "population_month": population_month,
            "missing_reason": "; ".join(r for r in (_reason(grand), _reason(fossil)) if r),
        })  # fmt: skip
    return pd.DataFrame(rows)


def by_carrier(energy: pd.DataFrame) -> pd.DataFrame:
    """Carrier totals over all categories per year (published ``summa bränsletyp`` rows)."""
    sub = energy[(energy["category"] == "total") & (energy["carrier"] != "total")]
    return sub[["year", "carrier", "energy_mwh", "status"]].reset_index(drop=True)
