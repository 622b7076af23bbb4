"""SECAP-shaped emission inventories (Covenant of Mayors BEI and MEI) from the energy balance.

Final energy by sector × carrier (SCB/Energimyndigheten EN0203AE) times an emission factor
per carrier [t CO2e/MWh]:

* ``flytande_fossil``: the fossil-diesel tailpipe factor of the fleet tables
  (``data/fleet/fuel_components.csv``, IPCC 2006 gas/diesel oil 74.1 g CO2/MJ);
* ``gas_fossil``, ``fast_fossil`` and the renewable fuels: ``data/strategy/secap_factors.csv``
  (every row with unit, year and source);
* ``el``: the grid convention of ``strategy.electricity_factor`` (``data/fleet/
  electricity_factors.csv``), labelled on every row;
* ``fjarrvarme``: a local factor of the municipality's district-heating production
  (``strategy.secap_district_heating``): ``fuel_inputs`` (default) divides the fuels SCB
  allocates to heat production (EN0203AC, the heat share of combined heat and power) times
  the fuel factors above by the heat produced; ``territorial`` divides the RUS emissions of
  "El och fjärrvärme" by the local electricity plus heat production (EN0203AC/AD). Both are
  missing when a cell they need is suppressed. Trap: Luleå's heat comes from steel-works
  process gases (SCB "gas, icke förnybara"), whose real factor is far above the LPG factor,
  while their CO2 is in RUS "El och fjärrvärme"; the territorial method puts it on the heat
  users (1.3 t CO2e/MWh in Luleå), the fuel method understates it. Say which in any use.

SECAP sectors: municipal and public buildings (offentlig verksamhet), tertiary (övriga
tjänster), residential (småhus, flerbostadshus, fritidshus), transport, agriculture/forestry/
fisheries, industry (not counted by default: dominated by plants in the EU ETS). A sector's
emissions are missing, with the reason, when any of its carriers with a non-zero factor is
suppressed; a suppressed renewable cell does not matter (factor 0).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from workbench.config.strategy import StrategyConfig
from workbench.core.paths import data_path
from workbench.fleet import factors
from workbench.strategy import emissions as em
from workbench.strategy.embedded import StrategyInputs

SECAP_SECTORS = {
    "offentlig_verksamhet": "municipal_public_buildings",
    "ovriga_tjanster": "tertiary_buildings",
    "smahus": "residential_buildings",
    "flerbostadshus": "residential_buildings",
    "fritidshus": "residential_buildings",
    "transporter": "transport",
    "jordbruk_skogsbruk_fiske": "agriculture_forestry_fisheries",
    "industri_byggverksamhet": "industry",
}
CARRIERS = ("el", "fjarrvarme", "flytande_fossil", "gas_fossil", "fast_fossil",
            "flytande_fornybar", "fast_fornybar", "gas_fornybar")  # fmt: skip
MJ_PER_MWH = 3600.0


@cache
def fuel_factors() -> pd.DataFrame:
    """Factors of the fuel carriers [t CO2e/MWh] with year and source."""
    table = factors.check_sources(pd.read_csv(data_path("strategy", "secap_factors.csv")),
                                  "data/strategy/secap_factors.csv")  # fmt: skip
    diesel = factors.table("fuel_components").query("component == 'diesel_fossil'").iloc[-1]
    liquid = {"carrier": "flytande_fossil",
              "t_co2e_per_mwh": float(diesel["ttw_fossil_g_per_mj"]) * MJ_PER_MWH / 1e6,
              "year": int(diesel["year"]),
              "source": f"data/fleet/fuel_components.csv diesel_fossil: {diesel['source']}",
              "source_note": diesel["source_note"]}  # fmt: skip
    return pd.concat([table, pd.DataFrame([liquid])], ignore_index=True).set_index("carrier")


def _production(inputs: StrategyInputs, area: str, year: int) -> pd.DataFrame:
    prod = inputs.energy_production
    return prod[(prod["area_id_scb"] == area) & (prod["year"] == year)]


def territorial_heat_factor(inputs: StrategyInputs, area: str, year: int) -> tuple[float, str]:
    """RUS "El och fjärrvärme" [t CO2e] / local electricity + heat production [MWh]."""
    wide = em.area_sectors(inputs.emissions_sector, area)
    if year not in wide.index:
        return float("nan"), f"no RUS emissions for {year}"
    p = _production(inputs, area, year)
    out = p[(p["category"] == "total")
            & p["carrier"].isin(["fjarrvarmeproduktion", "elproduktion"])]  # fmt: skip
    if len(out) < 2 or out["energy_mwh"].isna().any():
        return float("nan"), "electricity or district-heating production suppressed by SCB"
    mwh = float(out["energy_mwh"].sum())
    if mwh <= 0:
        return 0.0, "no local electricity or district-heating production"
    return float(wide.loc[year, "el_fjarrvarme"]) / mwh, (
        f"territorial: RUS 'El och fjärrvärme' {year} / local electricity + district-heating "
        f"production {year} (EN0203AC/AD, {mwh:,.0f} MWh)")  # fmt: skip


def fuel_heat_factor(inputs: StrategyInputs, area: str, year: int) -> tuple[float, str]:
    """Σ fuel allocated to heat × fuel factor [t CO2e] / heat produced [MWh] (EN0203AC)."""
    p = _production(inputs, area, year)
    heat = p[(p["output"] == "fjarrvarme") & (p["category"] == "total")]
    produced = heat[heat["carrier"] == "fjarrvarmeproduktion"]["energy_mwh"]
    fuels = fuel_factors()["t_co2e_per_mwh"]
    used = heat[heat["carrier"].isin(fuels.index)]
    if produced.empty or produced.isna().any():
        return float("nan"), "district-heating production suppressed by SCB"
    fossil = used[used["carrier"].map(fuels) > 0]
    if fossil["energy_mwh"].isna().any():
        return float("nan"), "fossil fuel use for district heating suppressed by SCB: " + ", ".join(
            fossil.loc[fossil["energy_mwh"].isna(), "carrier"])  # fmt: skip
    mwh = float(produced.iloc[0])
    if mwh <= 0:
        return 0.0, "no local district-heating production"
    emitted = float((fossil["energy_mwh"] * fossil["carrier"].map(fuels)).sum())
    return emitted / mwh, (f"fuel inputs: fuels for district heating {year} x fuel factors / "
                           f"heat produced (EN0203AC, {mwh:,.0f} MWh)")  # fmt: skip


HEAT_METHODS = {"fuel_inputs": fuel_heat_factor, "territorial": territorial_heat_factor}


def carrier_factors(inputs: StrategyInputs, area: str, year: int,
                    cfg: StrategyConfig) -> pd.DataFrame:  # fmt: skip
    """Factor [t CO2e/MWh], source and note per carrier for one area and year: ``factor_source``
    the citation (for electricity and district heating the convention or method, in words),
    ``factor_note`` our own note on a fuel's factor (English; the exports translate it,
    :func:`workbench.i18n.source_note`)."""
    el_g, el_label = factors.electricity_factor(cfg.electricity_factor)
    dh, dh_source = HEAT_METHODS[cfg.secap_district_heating](inputs, area, year)
    rows = [{"carrier": "el", "factor_t_co2e_per_mwh": el_g / 1000.0,
             "factor_source": f"electricity convention: {el_label}", "factor_note": ""},
            {"carrier": "fjarrvarme", "factor_t_co2e_per_mwh": dh,
             "factor_source": dh_source, "factor_note": ""}]  # fmt: skip
    fuels = fuel_factors()
    rows += [{"carrier": c, "factor_t_co2e_per_mwh": float(fuels.loc[c, "t_co2e_per_mwh"]),
              "factor_source": f"{fuels.loc[c, 'source']} ({fuels.loc[c, 'year']})",
              "factor_note": fuels.loc[c, "source_note"]}
             for c in CARRIERS if c in fuels.index]  # fmt: skip
    return pd.DataFrame(rows).set_index("carrier")


def inventory(inputs: StrategyInputs, area: str, year: int, kind: str,
              cfg: StrategyConfig) -> pd.DataFrame:  # fmt: skip
    """Rows of one inventory: SECAP sector × carrier, energy, factor and emissions."""
    use = inputs.energy_final_use
    sub = use[(use["area_id_scb"] == area) & (use["year"] == year)
              & use["category"].isin(SECAP_SECTORS)
              & use["carrier"].isin([*CARRIERS, "total"])].copy()  # fmt: skip
    f = carrier_factors(inputs, area, year, cfg)
    sub["secap_sector"] = sub["category"].map(SECAP_SECTORS)
    sub["factor_t_co2e_per_mwh"] = sub["carrier"].map(f["factor_t_co2e_per_mwh"])
    sub["factor_source"] = sub["carrier"].map(f["factor_source"])
    sub["factor_note"] = sub["carrier"].map(f["factor_note"])
    sub["co2e_t"] = sub["energy_mwh"] * sub["factor_t_co2e_per_mwh"]
    zero = sub["factor_t_co2e_per_mwh"] == 0
    sub.loc[zero, "co2e_t"] = 0.0  # a suppressed renewable cell emits nothing either way
    sub["is_counted"] = cfg.secap_include_industry | (sub["secap_sector"] != "industry")
    sub.insert(0, "inventory", kind)
    cols = ["inventory", "year", "secap_sector", "category", "carrier", "energy_mwh", "status",
            "factor_t_co2e_per_mwh", "factor_source", "factor_note", "co2e_t",
            "is_counted"]  # fmt: skip
    return sub[cols].sort_values(["secap_sector", "category", "carrier"], ignore_index=True)


def _missing(rows: pd.DataFrame, what: str) -> pd.Series:
    keys = ["inventory", "secap_sector"]
    labels = rows["category"] + "/" + rows["carrier"]
    return labels.groupby([rows[k] for k in keys]).agg(
        lambda x: f"{what} suppressed by SCB: " + ", ".join(x)
    )


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Table ``secap_totals``: per inventory and SECAP sector, energy and emissions.

    Energy is the sum of the published category totals; emissions the sum over carriers.
    Either is missing, with the reason, when a cell it needs is suppressed.
    """
    keys = ["inventory", "secap_sector"]
    tot, parts = rows[rows["carrier"] == "total"], rows[rows["carrier"] != "total"]
    g_tot, g_parts = tot.groupby(keys), parts.groupby(keys)
    out = pd.DataFrame({
        "year": rows.groupby(keys)["year"].first(),
        "energy_mwh": g_tot["energy_mwh"].sum().where(g_tot["energy_mwh"].count()
                                                      == g_tot.size()),
        "co2e_t": g_parts["co2e_t"].sum().where(g_parts["co2e_t"].count() == g_parts.size()),
        "is_counted": rows.groupby(keys)["is_counted"].all(),
    })  # fmt: skip
    reasons = pd.concat([_missing(tot[tot["energy_mwh"].isna()], "energy total"),
                         _missing(parts[parts["co2e_t"].isna()], "carrier")], axis=1)  # fmt: skip
    out["missing_reason"] = reasons.reindex(out.index).apply(
        lambda r: "; ".join(x for x in r if isinstance(x, str)), axis=1
    )
    out = out.reset_index()
    return out[["inventory", "year", "secap_sector", "energy_mwh", "co2e_t", "is_counted",
                "missing_reason"]]  # fmt: skip


def inventories(inputs: StrategyInputs, area: str, cfg: StrategyConfig) -> pd.DataFrame:
    """Table ``secap_inventory``: the BEI (base year) and MEI (monitoring year) rows."""
    return pd.concat([inventory(inputs, area, cfg.secap_base_year, "BEI", cfg),
                      inventory(inputs, area, cfg.secap_monitoring_year, "MEI", cfg)],
                     ignore_index=True)  # fmt: skip
