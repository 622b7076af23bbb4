"""The result of one strategy run: its tables and a JSON-able summary of the headline figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from workbench.config.strategy import StrategyConfig
from workbench.reference.kommuner import Kommun
from workbench.strategy.emissions import HEADLINE_SCOPE


def _num(value, digits: int = 1):
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def _year(value):
    return None if value is None or pd.isna(value) else int(value)


@dataclass
class StrategyResult:
    """Tables of one municipality (or the county) and the run's context."""

    kommun: Kommun | None  # None for the county
    area_id_scb: str
    area_name: str
    scenario_name: str
    config: StrategyConfig
    tables: dict[str, pd.DataFrame]
    action_plan: str = ""  # file name of the action plan, "" when none
    missing_vehicle_years: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inputs: dict = field(default_factory=dict)  # role -> user file (targets, actions)
    synthetic_inputs: list[str] = field(default_factory=list)  # roles of invented data

    @cached_property
    def summary(self) -> dict:
        """Headline figures (JSON-able): emissions both views, targets, cars, PV, actions
        (computed once: the writer and the demo stage both read it)."""
        return {
            "area_id_scb": self.area_id_scb, "area": self.area_name,
            "scenario": self.scenario_name, "headline_scope": HEADLINE_SCOPE,
            "horizon_year": self.config.horizon_year,
            **_emissions(self.tables), "targets": _targets(self.tables),
            **_transport(self.tables, self.missing_vehicle_years), **_pv(self.tables),
            **_energy(self.tables), "actions": _actions(self.tables, self.action_plan),
            "lights": self.tables["scorecard"]["light"].value_counts().sort_index().to_dict(),
            "notes": list(self.notes),
        }  # fmt: skip


def _emissions(t: dict) -> dict:
    by_year = t["emissions_by_year"].set_index("year")
    latest = int(by_year.index.max())
    row = by_year.loc[latest]
    changes = t["emission_changes"].set_index(["scope", "measure"])["value_pct"]
    sectors = t["emissions"]
    transport = sectors[sectors["sector"] == "transporter"].set_index("year")["co2e_t"]
    return {
        "latest_year": latest,
        "total_co2e_t": _num(row["total_co2e_t"]),
        "excl_industry_energy_co2e_t": _num(row["excl_industry_energy_co2e_t"]),
        "industry_energy_share_pct": _num(100 * row["industry_energy_share_frac"]),
        "excl_industry_energy_co2e_t_per_inhabitant": _num(
            row["excl_industry_energy_co2e_t_per_inhabitant"], 2),
        "total_co2e_t_per_inhabitant": _num(row["total_co2e_t_per_inhabitant"], 2),
        "population": int(row["population"]), "population_month": row["population_month"],
        "change_since_1990_pct": {s: _num(changes.get((s, "change_since_1990"))) for s in
                                  ("total", HEADLINE_SCOPE)},
        "cagr_since_2015_pct": {s: _num(changes.get((s, "cagr_since_2015")), 2) for s in
                                ("total", HEADLINE_SCOPE)},
        "transport_co2e_t": _num(transport.get(latest)),
        "transport_change_since_2010_pct": _num(
            100 * (transport[latest] / transport[2010] - 1) if 2010 in transport else None),
    }  # fmt: skip


def _targets(t: dict) -> dict:
    gap = t["action_gap"].set_index("target_id")
    out = {}
    for r in t["targets"].to_dict("records"):
        g = gap.loc[r["target_id"]] if r["target_id"] in gap.index else None
        out[r["target_id"]] = {
            "origin": r["origin"], "scope": r["scope"], "target_year": int(r["target_year"]),
            "target_co2e_t": _num(r["target_co2e_t"]),
            "year_trend_meets_target": _year(r["year_trend_meets_target"]),
            "trend_target_status": r["trend_target_status"],
            "is_met_by_target_year": bool(r["is_met_by_target_year"]),
            "gap_target_year_co2e_t": _num(r["gap_target_year_co2e_t"]),
            "needed_cut_pct_per_year": _num(r["needed_cut_pct_per_year"], 2),
            "remaining_gap_after_actions_co2e_t": None if g is None else _num(
                g["remaining_gap_co2e_t"]),
        }  # fmt: skip
    return out


def _transport(t: dict, missing: list[int]) -> dict:
    cars = t["cars_by_year"].set_index("year")
    road = t["road_transport"].set_index(["subsector", "year"])["co2_t"]
    latest_road = int(t["road_transport"]["year"].max())
    total = road.get("transport_total")
    out = {
        "cars_year": None, "n_cars": None, "bev_share_pct": None,
        "chargeable_share_pct": None, "missing_vehicle_years": list(missing),
        "road_transport_co2_year": latest_road,
        "transport_co2_change_since_2010_pct": _num(
            100 * (total[latest_road] / total[2010] - 1) if total is not None else None),
    }  # fmt: skip
    if len(cars):
        year = int(cars.index.max())
        c = cars.loc[year]
        out.update(cars_year=year, n_cars=_year(c["n_cars"]),
                   bev_share_pct=_num(100 * c["bev_share_frac"], 2),
                   chargeable_share_pct=_num(100 * c["chargeable_share_frac"], 2))  # fmt: skip
    values = t["indicator_values"]
    per_point = values[values["indicator"] == "chargeable_vehicles_per_charge_point"]
    out["chargeable_vehicles_per_charge_point"] = (
        _num(per_point["value"].iloc[-1], 2) if len(per_point) else None)  # fmt: skip
    return out


def _pv(t: dict) -> dict:
    r = t["pv_installed"].iloc[0]
    return {
        "pv_year": int(r["year"]), "pv_installed_mw": _num(r["capacity_mw"], 2),
        "pv_installations": _year(r["n_installations"]),
        "pv_n_kommuner_missing": int(r["n_kommuner_missing"]),
        "pv_potential_kwp": _num(r["potential_kwp"]),
        "pv_realised_share_pct": _num(100 * r["realised_share_frac"]
                                      if pd.notna(r["realised_share_frac"]) else None, 2),
        "pv_note": r["note"],
    }  # fmt: skip


def _production(t: dict) -> dict:
    """The latest year with a published electricity-production total, and solar in it."""
    p = t["energy_production"]
    el = p[(p["output"] == "el") & p["energy_mwh"].notna()]
    total = el[el["production_type"] == "total"].set_index("year")["energy_mwh"]
    if total.empty:
        return {"electricity_production_year": None, "electricity_production_mwh": None,
                "solar_production_mwh": None}  # fmt: skip
    year = int(total.index.max())
    solar = el[(el["production_type"] == "solkraft") & (el["year"] == year)]["energy_mwh"]
    return {"electricity_production_year": year, "electricity_production_mwh": _num(total[year]),
            "solar_production_mwh": _num(solar.iloc[0]) if len(solar) else None}  # fmt: skip


def _energy(t: dict) -> dict:
    e = t["energy_by_year"]
    latest = e[e["total_mwh"].notna()]
    fossil = e[e["fossil_share_frac"].notna()]
    return {**_production(t),
        "energy_year": int(latest["year"].max()) if len(latest) else None,
        "final_energy_mwh": _num(latest["total_mwh"].iloc[-1]) if len(latest) else None,
        "fossil_share_year": int(fossil["year"].max()) if len(fossil) else None,
        "fossil_share_pct": _num(100 * fossil["fossil_share_frac"].iloc[-1])
        if len(fossil) else None,
    }  # fmt: skip


def _actions(t: dict, plan: str) -> dict:
    a = t["actions"]
    mine = a[a["origin"] == "plan"]
    return {
        "plan": plan, "is_example": bool(mine["is_example"].any()) if len(mine) else False,
        "n_actions": int(len(mine)),
        "by_status": mine["status"].value_counts().sort_index().to_dict(),
        "budget_sek": _num(mine["budget_sek"].sum(min_count=1), 0),
        "spent_sek": _num(mine["spent_sek"].sum(min_count=1), 0),
        "workbench_actions": sorted(a.loc[a["origin"] != "plan", "action_id"]),
    }  # fmt: skip
