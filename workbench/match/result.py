"""The result of one solar-meets-fleet run and its headline figures (``summary.json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.config import Scenario
from workbench.match.depots import totals as depot_totals
from workbench.match.supply import PVSupply
from workbench.match.tables import MatchTables
from workbench.reference import kommuner as km

AGGREGATE_NOTE = (
    "Aggregate matching: PV on all selected roofs against charging at all depots, as if behind "
    "one meter. Each Swedish connection point is metered separately, so this is an upper bound "
    "for what roofs at the depots themselves can cover."
)
HOURLY_DIR = "hourly"
PRICE_NOTE = "Flat annual SE1 prices {vat}; hourly price shape and grid power charges not modelled."


@dataclass
class MatchResult:
    """Everything one matching run produced, plus what went in.

    ``pv`` is the PV of the selected roofs, ``matched`` the matching tables with the hourly
    balances of every variant (:class:`~workbench.match.tables.MatchTables`).
    """

    kommun: km.Kommun
    scenario: Scenario
    pv: PVSupply
    matched: MatchTables
    years: list[int]
    smart: bool
    synthetic_inputs: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)
    #: where the footprint and weather files lie against the municipality (solar's checks)
    location_checks: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        """Headline figures (last scenario year, immediate and smart charging) and every variant."""
        return summarise(self)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table as written, by name; the hourly balances as ``hourly/<year>_<strategy>
        [_battery]`` with the UTC time in a ``time_utc`` column."""
        t = self.matched
        out = {
            "annual": t.annual,
            "monthly": t.monthly,
            "depot_monthly": t.depot_monthly,
            "sessions": t.sessions,
            "buildings": self.pv.buildings,
            "not_selected": self.pv.selection.excluded,
            "excluded_features": self.pv.reader_excluded,
        }
        if len(t.depot_annual):
            out["depot_annual"] = t.depot_annual
        for (year, strategy, battery), hourly in sorted(t.hourly.items()):
            name = f"{year}_{strategy}{'_battery' if battery else ''}"
            out[f"{HOURLY_DIR}/{name}"] = hourly.reset_index(names="time_utc")
        return out


def _row(annual: pd.DataFrame, year: int, strategy: str, battery: bool) -> pd.Series | None:
    hit = annual[
        (annual.year == year) & (annual.strategy == strategy) & (annual.with_battery == battery)
    ]
    return hit.iloc[0] if len(hit) else None


def _figures(row: pd.Series) -> dict:
    return {
        "pv_mwh": row.pv_kwh / 1000,
        "charging_mwh": row.charging_kwh / 1000,
        "pv_to_charging_mwh": row.pv_used_for_charging_kwh / 1000,
        "pv_direct_to_charging_mwh": row.pv_to_charging_kwh / 1000,
        "battery_to_charging_mwh": row.battery_to_charging_kwh / 1000,
        "grid_to_charging_mwh": row.grid_to_charging_kwh / 1000,
        "export_mwh": row.pv_export_kwh / 1000,
        "coverage_pct": None if pd.isna(row.coverage_pct) else float(row.coverage_pct),
        "self_consumption_pct": None
        if pd.isna(row.self_consumption_pct)
        else float(row.self_consumption_pct),
        "avoided_purchase_sek": row.avoided_purchase_sek,
        "export_revenue_sek": row.export_revenue_sek,
        "pv_value_sek": row.pv_value_sek,
        "self_consumption_premium_sek": row.self_consumption_premium_sek,
    }


def summarise(result: MatchResult) -> dict:
    """``summary.json`` content.

    Top level: the last scenario year with immediate charging and no battery (``pv_mwh``,
    ``charging_mwh``, ``pv_to_charging_mwh`` = PV that ends in vehicles, directly or via the
    battery, ``coverage_pct``, ``export_mwh``, value in SEK), the same with ``smart_`` prefix for
    smart charging and ``with_battery_``/``smart_with_battery_`` when a battery is configured. ``years``
    holds every variant of every year.
    """
    a = result.matched.annual
    head = result.years[-1]
    out: dict = {
        "kommun_id_scb": result.kommun.kommun_id_scb,
        "kommun": result.kommun.name,
        "scenario": result.scenario.name,
        "headline_year": head,
        "years_matched": list(result.years),
        "n_buildings_selected": len(result.pv.buildings),
        "n_buildings_not_selected": len(result.pv.selection.excluded),
        "selection_rule": result.pv.selection.rule,
        "unknown_building_ids": list(result.pv.selection.unknown_ids),
        "capacity_kwp": result.pv.capacity_kwp,
        "building_accounting": {
            "n_input_features": result.pv.building_report.get("n_input"),
            "n_excluded_by_reader": result.pv.building_report.get("n_excluded"),
            "n_buildings": result.pv.building_report.get("n_included"),
            "n_selected": len(result.pv.buildings),
            "n_not_selected": len(result.pv.selection.excluded),
        },
        "synthetic_inputs": list(result.synthetic_inputs),
        "weather_source": result.pv.weather_source,
        "location_checks": list(result.location_checks),
        "notes": [
            AGGREGATE_NOTE,
            PRICE_NOTE.format(
                vat="with VAT on purchases (vat_is_cost)"
                if result.scenario.match.prices.vat_is_cost
                else "excl. VAT (municipalities recover VAT)"
            ),
        ],
    }
    variants = {
        "": ("immediate", False),
        "smart_": ("smart", False),
        "with_battery_": ("immediate", True),
        "smart_with_battery_": ("smart", True),
    }
    for prefix, (strategy, battery) in variants.items():
        row = _row(a, head, strategy, battery)
        if row is None:
            continue
        for key, value in _figures(row).items():
            if key in {"pv_direct_to_charging_mwh", "battery_to_charging_mwh"}:
                continue  # in ``years``; at the top they would read like variant prefixes
            if prefix == "" or key in {"pv_to_charging_mwh", "coverage_pct", "export_mwh",
                                       "avoided_purchase_sek", "grid_to_charging_mwh"}:  # fmt: skip
                out[prefix + key] = value
    out["purchase_price_sek_per_kwh"] = (
        float(a.purchase_price_sek_per_kwh.iloc[0]) if len(a) else None
    )
    out["export_price_sek_per_kwh"] = float(a.export_price_sek_per_kwh.iloc[0]) if len(a) else None
    out["years"] = {
        str(year): {
            f"{strategy}{'_battery' if battery else ''}": _figures(row)
            for (y, strategy, battery), row in a.set_index(
                ["year", "strategy", "with_battery"]
            ).iterrows()
            if y == year
        }
        for year in result.years
    }
    if len(result.matched.depot_annual):
        per = depot_totals(result.matched.depot_annual).set_index(["year", "strategy"])
        for strategy, prefix in (("immediate", ""), ("smart", "smart_")):
            if (head, strategy) in per.index:
                row = per.loc[(head, strategy)]
                out[f"{prefix}per_depot_pv_to_charging_mwh"] = float(row.pv_to_charging_kwh / 1000)
                out[f"{prefix}per_depot_coverage_pct"] = (
                    None if pd.isna(row.coverage_pct) else float(row.coverage_pct)
                )
        out["depot_map_unknown_building_ids"] = list(result.pv.depot_map_unknown_ids)
    sessions = result.matched.sessions.set_index("year")
    out["unserved_mwh"] = float(sessions["unserved_kwh"].sum() / 1000) if len(sessions) else 0.0
    return out
