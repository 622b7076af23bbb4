"""Final energy use of one area: category × carrier, totals with missing parts, fossil share;
and the electricity and district heat produced in it (:func:`area_production`).

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


PRODUCED = {"el": "elproduktion", "fjarrvarme": "fjarrvarmeproduktion"}  # output -> its cell


def area_production(energy_production: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``energy_production``: electricity and district heat produced in the area by
    production type [MWh/year]: year, output (``el``, ``fjarrvarme``), production_type,
    energy_mwh, status, source.

    Input: the embedded ``energy_production`` (EN0203AD electricity, EN0203AC district heating,
    2009–2020; SCB TAB3451 from 2021 with ``solkraft`` once fetched). Only the produced cells
    (``elproduktion``, ``fjarrvarmeproduktion``), not the fuels used. ``total`` is the published
    total row: missing with its status when suppressed, never the sum of the published parts.
    """
    sub = energy_production[(energy_production["area_id_scb"] == area)
                            & (energy_production["carrier"]
                               == energy_production["output"].map(PRODUCED))]  # fmt: skip
    out = sub.rename(columns={"category": "production_type"})
    cols = ["year", "output", "production_type", "energy_mwh", "status", "source"]
    return out[cols].sort_values(["year", "output", "production_type"], ignore_index=True)


def _reasons(cells: pd.DataFrame) -> pd.Series:
    """Per year, the suppressed cells among ``cells`` as text (empty when none)."""
    missing = cells[cells["status"] != "value"]
    labels = missing["category"] + "/" + missing["carrier"]
    return labels.groupby(missing["year"]).agg(lambda x: "suppressed by SCB: " + ", ".join(x))


def by_year(energy: pd.DataFrame, population: int, population_month: str) -> pd.DataFrame:
    """Table ``energy_by_year``: total, fossil share, per inhabitant, and why a value is missing."""
    totals = energy[energy["category"] == "total"]
    grand = totals[totals["carrier"] == "total"]
    fossil = totals[totals["carrier"].isin(FOSSIL)]
    years = pd.Index(sorted(energy["year"].unique()), name="year")
    total = grand.set_index("year")["energy_mwh"].reindex(years)
    complete = fossil.groupby("year")["energy_mwh"].count() == len(FOSSIL)
    fossil_mwh = fossil.groupby("year")["energy_mwh"].sum().where(complete).reindex(years)
    reason = pd.concat([_reasons(grand), _reasons(fossil)], axis=1).reindex(years)
    reason = reason.apply(lambda r: "; ".join(x for x in r if isinstance(x, str)), axis=1)
    return pd.DataFrame({
        "year": years.astype(int),
        "total_mwh": total.to_numpy(),
        "fossil_mwh": fossil_mwh.to_numpy(),
        "fossil_share_frac": (fossil_mwh / total.where(total > 0)).to_numpy(),
        "total_mwh_per_inhabitant": (total / population).to_numpy(),
        "population_month": population_month,
        "missing_reason": reason.to_numpy(),
    })  # fmt: skip


def by_carrier(energy: pd.DataFrame) -> pd.DataFrame:
    """Carrier totals over all categories per year (published ``summa bränsletyp`` rows)."""
    sub = energy[(energy["category"] == "total") & (energy["carrier"] != "total")]
    return sub[["year", "carrier", "energy_mwh", "status"]].reset_index(drop=True)
