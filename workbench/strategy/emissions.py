"""Territorial greenhouse-gas emissions of one area: by sector, by scope, per inhabitant, change.

Inputs are the embedded ``emissions_sector`` table (RUS/SMHI via Klimatkollen, t CO2e) and
``population``. Only published years appear (1990, 2000, 2005, 2010, 2015, 2020–2024); a
change between two years is computed only when both are published, never by filling gaps.

Two views (scopes) of the same inventory: ``total`` (all 9 sectors) and
``excl_industry_energy`` (without ``industri`` and ``el_fjarrvarme``). In Luleå (SSAB), Kiruna
and Gällivare (LKAB) the total measures the plants in the EU ETS; the view without industry
and energy is the one the municipality can influence and the headline of the package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.strategy import EXCLUDED_FROM_INFLUENCEABLE, SECTORS

HEADLINE_SCOPE = "excl_industry_energy"
SCOPES = ("total", HEADLINE_SCOPE)


def sectors_of(scope: str) -> tuple[str, ...]:
    """The RUS main sectors a scope adds up."""
    if scope == "total":
        return SECTORS
    if scope == HEADLINE_SCOPE:
        return tuple(s for s in SECTORS if s not in EXCLUDED_FROM_INFLUENCEABLE)
    if scope in SECTORS:
        return (scope,)
    raise ValueError(f"unknown scope {scope!r}")


def area_sectors(emissions_sector: pd.DataFrame, area: str) -> pd.DataFrame:
    """Wide table year × sector [t CO2e] of one area (published years only)."""
    sub = emissions_sector[emissions_sector["area_id_scb"] == area]
    if sub.empty:
        raise KeyError(f"no emissions for area {area!r}")
    return sub.pivot(index="year", columns="sector", values="co2e_t").reindex(columns=SECTORS)


def scope_series(wide: pd.DataFrame, scope: str) -> pd.Series:
    """Emissions of a scope per published year [t CO2e]."""
    return wide[list(sectors_of(scope))].sum(axis=1, min_count=len(sectors_of(scope)))


def by_sector(emissions_sector: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``emissions``: year, sector, co2e_t, share of the total, scope membership, source."""
    sub = emissions_sector[emissions_sector["area_id_scb"] == area].copy()
    total = sub.groupby("year")["co2e_t"].transform("sum")
    sub["share_of_total_frac"] = (sub["co2e_t"] / total).where(total > 0)
    sub["is_in_headline_scope"] = ~sub["sector"].isin(EXCLUDED_FROM_INFLUENCEABLE)
    cols = ["year", "sector", "co2e_t", "share_of_total_frac", "is_in_headline_scope", "source"]
    return sub[cols].sort_values(["year", "sector"], ignore_index=True)


def overview(wide: pd.DataFrame, population: int, population_month: str) -> pd.DataFrame:
    """Table ``emissions_by_year``: both scopes, the industry/energy share and per inhabitant.

    Per-inhabitant values divide every year by the same population (``population_month``,
    SCB), as no population series is embedded; the column says which month it is.
    """
    total = scope_series(wide, "total")
    headline = scope_series(wide, HEADLINE_SCOPE)
    out = pd.DataFrame({
        "year": total.index.astype(int),
        "total_co2e_t": total.to_numpy(),
        "excl_industry_energy_co2e_t": headline.to_numpy(),
        "industry_energy_share_frac": (1 - headline / total).to_numpy(),
        "total_co2e_t_per_inhabitant": (total / population).to_numpy(),
        "excl_industry_energy_co2e_t_per_inhabitant": (headline / population).to_numpy(),
        "population": population,
        "population_month": population_month,
    })  # fmt: skip
    return out


def change_pct(series: pd.Series, from_year: int, to_year: int) -> float | None:
    """Change from ``from_year`` to ``to_year`` [%]; None unless both years are published."""
    if from_year not in series.index or to_year not in series.index:
        return None
    start, end = float(series[from_year]), float(series[to_year])
    return None if start == 0 or np.isnan(start) else 100.0 * (end / start - 1.0)


def cagr_pct(series: pd.Series, from_year: int, to_year: int) -> float | None:
    """Compound annual rate from ``from_year`` to ``to_year`` [%/year] over the calendar span.

    ``(E[to] / E[from]) ** (1 / (to − from)) − 1``: the years in between need not be
    published; the rate summarises them as one constant yearly change.
    """
    if from_year not in series.index or to_year not in series.index or to_year <= from_year:
        return None
    start, end = float(series[from_year]), float(series[to_year])
    if start <= 0 or end < 0:
        return None
    return 100.0 * ((end / start) ** (1.0 / (to_year - from_year)) - 1.0)


def changes(wide: pd.DataFrame, scopes: tuple[str, ...], cagr_from: int = 2015) -> pd.DataFrame:
    """Table ``emission_changes``: per scope, change since 1990 and 2010, CAGR since 2015."""
    rows = []
    for scope in scopes:
        s = scope_series(wide, scope)
        latest = int(s.index.max())
        for measure, value, start in (
            ("change_since_1990", change_pct(s, 1990, latest), 1990),
            ("change_since_2010", change_pct(s, 2010, latest), 2010),
            ("cagr_since_2015", cagr_pct(s, cagr_from, latest), cagr_from),
        ):
            rows.append({"scope": scope, "measure": measure, "from_year": start,
                         "to_year": latest, "value_pct": value})  # fmt: skip
    return pd.DataFrame(rows)
