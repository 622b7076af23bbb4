"""Swedish factor tables for fleet accounting, read from ``data/fleet/`` (one source per row).

Fuel carriers and their per-year factors:

- ``petrol`` and ``diesel`` are the fuels *as sold*, blended with bio components
  to meet the reduktionsplikt of the year (lag 2017:1201). The blend's well-to-wheel
  (WTW) intensity is ``fossil WTW × (1 − reduction)``; the fossil tailpipe CO2 (TTW)
  is ``(1 − bio energy share) × fossil TTW``. Diesel takes HVO: bio energy share
  ``reduction / (1 − HVO WTW / fossil WTW)``. Petrol takes ethanol up to the legal
  blend limit (10 vol-%, EN 228 E10) and the rest of the reduction from bio-naphtha
  (hydrotreated oil of biomass origin replacing petrol), each with its own factors
  (:func:`petrol_blend`).
- ``hvo100``, ``e85``, ``biogas``, ``hydrogen``: fixed products (latest row not
  after the year).
- ``electricity``: the chosen, labelled convention (Swedish mix, Nordic mix, ...).

Units: ``lhv_mj_per_unit`` [MJ per l, kg or kWh], ``wtw_g_per_mj`` [g CO2e/MJ],
``ttw_fossil_g_per_mj`` [g CO2/MJ], prices [SEK per unit, excl. VAT: municipalities
recover VAT through momskompensation].
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from workbench.core.paths import data_path

CARRIERS = ("petrol", "diesel", "hvo100", "e85", "biogas", "electricity", "hydrogen")
CARRIER_UNITS = {
    "petrol": "l",
    "diesel": "l",
    "hvo100": "l",
    "e85": "l",
    "biogas": "kg",
    "electricity": "kWh",
    "hydrogen": "kg",
}
MJ_PER_KWH = 3.6
TABLES = {
    "fuel_components": "fuel_components.csv",
    "reduktionsplikt": "reduktionsplikt.csv",
    "electricity_factors": "electricity_factors.csv",
    "energy_prices": "energy_prices.csv",
    "vehicle_types": "vehicle_types.csv",
    "lifetimes": "lifetimes.csv",
    "cvd_quotas": "cvd_quotas.csv",
    "duty_profiles": "duty_profiles.csv",
    "charger_costs": "charger_costs.csv",
}


@cache
def _read(name: str) -> pd.DataFrame:
    df = pd.read_csv(data_path("fleet", TABLES[name]), encoding="utf-8")
    return check_sources(df, f"data/fleet/{TABLES[name]}")


def check_sources(df: pd.DataFrame, where: str) -> pd.DataFrame:
    """``df`` with its ``source`` (the citation) and ``source_note`` (our own note, English)
    columns as text; every row needs a citation, a note or both (an error names the rows)."""
    if not {"source", "source_note"} <= set(df.columns):
        raise ValueError(f"{where}: needs the columns source (citation) and source_note (our note)")
    df[["source", "source_note"]] = df[["source", "source_note"]].fillna("").astype(str)
    bare = [i + 2 for i in range(len(df)) if not (df["source"].iat[i] or df["source_note"].iat[i])]
    if bare:
        raise ValueError(f"{where}: rows {bare} have neither a source nor a source_note")
    return df


def table(name: str) -> pd.DataFrame:
    """One factor table (a copy) by name; see :data:`TABLES`."""
    return _read(name).copy()


def factor_tables() -> dict[str, pd.DataFrame]:
    """All factor tables with their ``source`` and ``year`` columns, for exports."""
    return {name: table(name) for name in TABLES}


def _latest(df: pd.DataFrame, year: int, key: str) -> pd.DataFrame:
    """Per ``key``, the row with the latest ``year`` not after ``year`` (else the earliest)."""
    rows = []
    for _, group in df.groupby(key, sort=True):
        ok = group[group["year"] <= year]
        rows.append(ok.loc[ok["year"].idxmax()] if len(ok) else group.loc[group["year"].idxmin()])
    return pd.DataFrame(rows).set_index(key)


@cache
def _reduction_path(scenario: str, fuel: str) -> tuple[np.ndarray, np.ndarray]:
    df = _read("reduktionsplikt")
    sub = df[(df["scenario"] == scenario) & (df["fuel"] == fuel)].sort_values("year")
    if sub.empty:
        known = sorted(df["scenario"].unique())
        raise KeyError(f"no reduktionsplikt rows for scenario {scenario!r}; known: {known}")
    return sub["year"].to_numpy(dtype=int), sub["reduction_pct"].to_numpy(dtype=float)


def reduction_pct(years, fuel: str, scenario: str = "current_law") -> np.ndarray:
    """Reduktionsplikt GHG reduction of blended ``fuel`` per year [%].

    Years before the first row take the first row; years after the last row hold
    the last value (assumption, documented in the table).
    """
    path_years, values = _reduction_path(scenario, fuel)
    idx = np.searchsorted(path_years, np.asarray(years, dtype=int), side="right") - 1
    return values[np.clip(idx, 0, len(values) - 1)]


@cache
def _components(year: int) -> pd.DataFrame:
    return _latest(_read("fuel_components"), year, "component")


def electricity_factor(convention: str) -> tuple[float, str]:
    """Electricity intensity [g CO2e/kWh] and its display label for a convention."""
    df = _read("electricity_factors").set_index("convention")
    if convention not in df.index:
        raise KeyError(f"unknown electricity convention {convention!r}; known: {list(df.index)}")
    row = df.loc[convention]
    return float(row["g_co2e_per_kwh"]), f"{row['label']}, {row['g_co2e_per_kwh']:g} g CO2e/kWh"


def _gain(component: pd.Series, fossil: pd.Series) -> float:
    """WTW saving of one MJ of a bio component in place of one MJ of the fossil fuel [-]."""
    return 1.0 - component["wtw_g_per_mj"] / fossil["wtw_g_per_mj"]


def petrol_blend(reduction: float, year: int, ethanol_max_vol_pct: float = 10.0) -> dict:
    """Volume fractions of one litre of petrol as sold that meet a reduktionsplikt level.

    Ethanol first, up to ``ethanol_max_vol_pct`` of the volume; what the reduction still
    needs comes from bio-naphtha. With volume fractions ``v`` and energy contents ``L``
    [MJ/l] the energy per litre is ``E = Σ v·L`` and the reduction
    ``r = Σ v·L·(1 − WTW_i / WTW_fossil) / E``, solved for the bio-naphtha volume.

    Returns the volume fractions ``fossil``, ``ethanol``, ``naphtha`` [-], ``lhv_mj_per_l``
    and ``bio_energy_share`` [-].
    """
    c = _components(year)
    f, e, n = c.loc["petrol_fossil"], c.loc["ethanol"], c.loc["bio_naphtha"]
    lf, le, ln = f["lhv_mj_per_unit"], e["lhv_mj_per_unit"], n["lhv_mj_per_unit"]
    ge, gn = _gain(e, f), _gain(n, f)
    cap = ethanol_max_vol_pct / 100.0
    # ethanol alone: energy share s = r / ge, volume v = s/le / (s/le + (1 - s)/lf)
    s_e = reduction / ge
    v_e = (s_e / le) / (s_e / le + (1.0 - s_e) / lf)
    v_n = 0.0
    if v_e > cap:
        v_e = cap
        # r·((1 − v_e − v_n)·lf + v_e·le + v_n·ln) = v_e·le·ge + v_n·ln·gn, solved for v_n
        base = (1.0 - v_e) * lf + v_e * le
        v_n = (reduction * base - v_e * le * ge) / (ln * gn - reduction * (ln - lf))
        v_n = min(max(v_n, 0.0), 1.0 - v_e)
    v_f = 1.0 - v_e - v_n
    lhv = v_f * lf + v_e * le + v_n * ln
    return {
        "fossil": v_f,
        "ethanol": v_e,
        "naphtha": v_n,
        "lhv_mj_per_l": lhv,
        "bio_energy_share": (v_e * le + v_n * ln) / lhv,
    }


def fuel_factors(
    years,
    blend_scenario: str = "current_law",
    electricity: str = "swedish_mix",
    ethanol_max_vol_pct: float = 10.0,
):
    """Emission factors and energy contents per year and carrier.

    ``ethanol_max_vol_pct`` [vol-%] is the ethanol limit of petrol as sold (EN 228: E10).

    Returns
    -------
    pandas.DataFrame
        Index ``(year, carrier)``; columns ``unit``, ``lhv_mj_per_unit`` [MJ/unit],
        ``wtw_g_per_mj`` [g CO2e/MJ], ``ttw_fossil_g_per_mj`` [g CO2/MJ],
        ``bio_energy_share`` [-], ``wtw_g_per_unit`` [g CO2e/unit],
        ``ttw_fossil_g_per_unit`` [g CO2/unit].
    """
    el_g_per_kwh, _ = electricity_factor(electricity)
    rows = []
    for year in sorted({int(y) for y in np.atleast_1d(years)}):
        c = _components(year)
        r = reduction_pct([year], "petrol", blend_scenario)[0] / 100.0
        blend = petrol_blend(r, year, ethanol_max_vol_pct)
        f = c.loc["petrol_fossil"]
        share = blend["bio_energy_share"]
        rows.append(
            (
                year,
                "petrol",
                "l",
                blend["lhv_mj_per_l"],
                f["wtw_g_per_mj"] * (1 - r),
                (1 - share) * f["ttw_fossil_g_per_mj"],
                share,
            )
        )
        r = reduction_pct([year], "diesel", blend_scenario)[0] / 100.0
        f, b = c.loc["diesel_fossil"], c.loc["hvo"]
        share = min(1.0, r / _gain(b, f))
        lhv = 1.0 / ((1 - share) / f["lhv_mj_per_unit"] + share / b["lhv_mj_per_unit"])
        rows.append(
            (
                year,
                "diesel",
                "l",
                lhv,
                f["wtw_g_per_mj"] * (1 - r),
                (1 - share) * f["ttw_fossil_g_per_mj"],
                share,
            )
        )
        petrol_ttw = c.loc["petrol_fossil", "ttw_fossil_g_per_mj"]
        for carrier, comp in (
            ("hvo100", "hvo"),
            ("e85", "e85"),
            ("biogas", "biogas"),
            ("hydrogen", "hydrogen"),
        ):
            x = c.loc[comp]
            # E85: the fossil petrol part shows in its tailpipe CO2; hydrogen is not bio
            bio = {"e85": 1.0 - x["ttw_fossil_g_per_mj"] / petrol_ttw, "hydrogen": 0.0}
            rows.append(
                (
                    year,
                    carrier,
                    x["unit"],
                    x["lhv_mj_per_unit"],
                    x["wtw_g_per_mj"],
                    x["ttw_fossil_g_per_mj"],
                    bio.get(carrier, 1.0),
                )
            )
        rows.append((year, "electricity", "kWh", MJ_PER_KWH, el_g_per_kwh / MJ_PER_KWH, 0.0, 1.0))
    df = pd.DataFrame(
        rows,
        columns=[
            "year",
            "carrier",
            "unit",
            "lhv_mj_per_unit",
            "wtw_g_per_mj",
            "ttw_fossil_g_per_mj",
            "bio_energy_share",
        ],
    )
    df["wtw_g_per_unit"] = df["wtw_g_per_mj"] * df["lhv_mj_per_unit"]
    df["ttw_fossil_g_per_unit"] = df["ttw_fossil_g_per_mj"] * df["lhv_mj_per_unit"]
    return df.set_index(["year", "carrier"])


def energy_prices(price_year: int) -> pd.Series:
    """Energy price per carrier [SEK per unit, excl. VAT], latest row not after ``price_year``."""
    latest = _latest(_read("energy_prices"), price_year, "carrier")
    missing = set(CARRIERS) - set(latest.index)
    if missing:
        raise KeyError(f"data/fleet/energy_prices.csv lacks carriers {sorted(missing)}")
    return latest["price_sek_per_unit_excl_vat"].astype(float).rename("price_sek_per_unit")


def vehicle_types() -> pd.DataFrame:
    """Energy use, battery, price and maintenance per (vehicle_class, powertrain)."""
    return _read("vehicle_types").set_index(["vehicle_class", "powertrain"]).sort_index()


def duty_profiles() -> pd.DataFrame:
    """Duty schedules and cold heating multipliers, indexed by duty."""
    return _read("duty_profiles").set_index("duty")
