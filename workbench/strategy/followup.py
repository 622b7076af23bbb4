"""Follow-up of an action plan: effects against the gap to each target, status, budget.

Rules (docs/strategy.md):

* an action counts its full expected effect [t CO2e/year] in every year from its
  ``action_effect_from`` year (end year by default) on, unless it is cancelled (inställd);
* only **territorial** effects count against a target, and only for actions whose RUS sector
  is in the target's scope. The rooftop-solar action is not territorial: grid electricity
  avoided in Norrbotten is produced elsewhere (its effect is shown under its electricity
  convention, never subtracted from the RUS gap);
* effects in MWh/year are reported but not converted to t CO2e (the carrier is not known);
* the action gap (åtgärdsgap) of a target is the trend's gap in the target year minus the
  counted effects: positive means the plan is not enough.
"""

from __future__ import annotations

import pandas as pd

from workbench.strategy.emissions import sectors_of

EXTRA = {"is_territorial": True, "electricity_convention": "", "is_synthetic": False}


def plan_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """A validated plan with the follow-up columns (territorial, no convention, not synthetic)."""
    return actions.assign(**EXTRA)


def fleet_action(fleet: dict) -> dict:
    """The workbench's fleet scenario as an action: tailpipe fossil CO2 cut [t/year].

    ``fleet`` is a fleet summary (``base_year``, ``target_year``, ``base_tco2_fossil``,
    ``target_year_tco2_fossil``, ``scenario``, ``is_synthetic``). Tailpipe CO2 is what RUS counts in
    the territory; the well-to-wheel figure under the fleet's electricity convention is not used.
    """
    cut = float(fleet["base_tco2_fossil"]) - float(fleet["target_year_tco2_fossil"])
    label = " (SYNTETISKT fordonsregister)" if fleet.get("is_synthetic") else ""
    return {
        "action_id": "WB-FLEET", "origin": "workbench_fleet", "sector": "transporter",
        "name": f"Workbench: fossilfri kommunal fordonsflotta, scenario {fleet.get('scenario')}"
        f"{label}",
        "responsible": "", "start_year": int(fleet["base_year"]),
        "end_year": int(fleet["target_year"]), "status": "planerad", "budget_sek": None,
        "spent_sek": None, "effect_co2e_t_per_year": cut, "effect_mwh_per_year": None,
        "indicator": "Fossil CO2 från avgasrör, kommunens fordon (t/år)", "is_example": False,
        "source_row": None, "is_territorial": True, "electricity_convention": "",
        "is_synthetic": bool(fleet.get("is_synthetic")),
    }  # fmt: skip


def solar_action(solar: dict, factor_g_per_kwh: float, convention: str, start: int,
                 end: int) -> dict:  # fmt: skip
    """The rooftop potential as an action: MWh/year and t CO2e/year under ``convention``.

    Not territorial (``is_territorial = False``): the avoided electricity is produced outside
    the municipality's RUS inventory.
    """
    mwh = float(solar["annual_mwh"])
    label = " (SYNTETISKA byggnader)" if solar.get("is_synthetic") else ""
    return {
        "action_id": "WB-SOLAR", "origin": "workbench_solar", "sector": "el_fjarrvarme",
        "name": f"Workbench: solceller på takytor, beräknad potential{label}",
        "responsible": "", "start_year": start, "end_year": end, "status": "planerad",
        "budget_sek": None, "spent_sek": None,
        "effect_co2e_t_per_year": mwh * factor_g_per_kwh / 1000.0,
        "effect_mwh_per_year": mwh, "indicator": "Solel från takytor (MWh/år)",
        "is_example": False, "source_row": None, "is_territorial": False,
        "electricity_convention": convention, "is_synthetic": bool(solar.get("is_synthetic")),
    }  # fmt: skip


def _first_year(actions: pd.DataFrame, effect_from: str) -> pd.Series:
    return actions["end_year" if effect_from == "end_year" else "start_year"]


def effects_by_year(actions: pd.DataFrame, years: list[int], effect_from: str) -> pd.DataFrame:
    """Table ``action_effects``: counted territorial effect per year and sector [t CO2e/year]."""
    live = actions[(actions["status"] != "installd") & actions["is_territorial"]
                   & actions["effect_co2e_t_per_year"].notna()]  # fmt: skip
    first = _first_year(live, effect_from)
    rows = []
    for year in years:
        active = live[first <= year]
        for sector, g in active.groupby("sector"):
            rows.append({"year": year, "sector": sector,
                         "effect_co2e_t_per_year": float(g["effect_co2e_t_per_year"].sum()),
                         "n_actions": len(g)})  # fmt: skip
    return pd.DataFrame(rows, columns=["year", "sector", "effect_co2e_t_per_year", "n_actions"])


def action_gap(targets: pd.DataFrame, actions: pd.DataFrame, effect_from: str) -> pd.DataFrame:
    """Table ``action_gap``: per target, the trend's gap, counted effects and what remains."""
    live = actions[(actions["status"] != "installd") & actions["is_territorial"]
                   & actions["effect_co2e_t_per_year"].notna()]  # fmt: skip
    first = _first_year(live, effect_from)
    rows = []
    for t in targets.itertuples():
        counted = live[(first <= t.target_year) & live["sector"].isin(sectors_of(t.scope))]
        effect = float(counted["effect_co2e_t_per_year"].sum())
        rows.append({
            "target_id": t.target_id, "scope": t.scope, "target_year": t.target_year,
            "gap_target_year_co2e_t": t.gap_target_year_co2e_t,
            "planned_effect_co2e_t": effect, "n_actions": len(counted),
            "remaining_gap_co2e_t": t.gap_target_year_co2e_t - effect,
            "is_plan_sufficient": bool(t.gap_target_year_co2e_t - effect <= 0),
        })  # fmt: skip
    return pd.DataFrame(rows)


def status_summary(actions: pd.DataFrame) -> pd.DataFrame:
    """Table ``action_status``: per status, count, budget, spent and spent share of budget."""
    plan = actions[actions["origin"] == "plan"]
    rows = []
    for status, g in plan.groupby("status"):
        both = g[g["budget_sek"].notna() & g["spent_sek"].notna()]
        budget = both["budget_sek"].sum()
        rows.append({
            "status": status, "n_actions": len(g),
            "budget_sek": float(g["budget_sek"].sum(min_count=1)) if len(g) else None,
            "spent_sek": float(g["spent_sek"].sum(min_count=1)) if len(g) else None,
            "spent_of_budget_frac": float(both["spent_sek"].sum() / budget) if budget else None,
            "n_without_budget": int(g["budget_sek"].isna().sum()),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["status", "n_actions", "budget_sek", "spent_sek",
                                       "spent_of_budget_frac", "n_without_budget"])  # fmt: skip


def indicator_values(values: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    """Table ``action_indicators``: indicator values over time with the action's indicator text."""
    names = actions.set_index("action_id")["indicator"]
    out = values.assign(indicator=values["action_id"].map(names))
    return out[["action_id", "indicator", "year", "value"]].sort_values(
        ["action_id", "year"], ignore_index=True
    )
