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
from workbench.reference.prices import se1_hourly

AGGREGATE_NOTE = (
    "Aggregate matching: PV on all selected roofs against charging at all depots, as if behind "
    "one meter. Each Swedish connection point is metered separately, so this is an upper bound "
    "for what roofs at the depots themselves can cover."
)
HOURLY_DIR = "hourly"
PRICE_NOTE = "Flat annual SE1 prices {vat}; hourly price shape and grid power charges not modelled."
HOURLY_PRICE_NOTE = (
    "Hourly SE1 day-ahead prices of {year} (ENTSO-E, {eur_sek} SEK/EUR ECB annual mean) {vat}, "
    "moved onto each scenario year by (month, day, hour) in UTC; the _annual_mean figures use "
    "that year's mean spot {mean:.3f} SEK/kWh in every hour. Grid power charges not modelled."
)
MISSING_PRICE_NOTE = (
    "{n} hours of {year} have no SE1 price: they are not valued (PV {pv:.1f} MWh, charging "
    "{charging:.1f} MWh in those hours in the headline year); choose a complete price year."
)


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
        "pv_value_annual_mean_sek": row.pv_value_annual_mean_sek,
        "self_consumption_premium_sek": row.self_consumption_premium_sek,
        "net_charging_cost_sek": row.net_charging_cost_sek,
        "net_charging_cost_annual_mean_sek": row.net_charging_cost_annual_mean_sek,
    }


def _price_note(a: pd.DataFrame, head: int, prices, vat: str) -> str:
    """The summary's price caveat: flat, or hourly with the year, rate and missing hours."""
    if prices.se1_price_year is None or not len(a):
        return PRICE_NOTE.format(vat=vat)
    spot = se1_hourly(prices.se1_price_year)
    first = a.iloc[0]
    note = HOURLY_PRICE_NOTE.format(
        year=prices.se1_price_year,
        eur_sek=f"{spot.attrs['eur_sek']:.4f}",
        vat=vat,
        mean=float(first.spot_mean_sek_per_kwh),
    )
    row = _row(a, head, "immediate", False)
    if row is not None and row.price_missing_hours > 0:
        note += " " + MISSING_PRICE_NOTE.format(
            n=int(row.price_missing_hours),
            year=prices.se1_price_year,
            pv=row.pv_kwh_without_price / 1000,
            charging=row.charging_kwh_without_price / 1000,
        )
    return note


def summarise(result: MatchResult) -> dict:
    """``summary.json`` content.

    Top level: the last scenario year with immediate charging and no battery (``pv_mwh``,
    ``charging_mwh``, ``pv_to_charging_mwh`` = PV that ends in vehicles, directly or via the
    battery, ``coverage_pct``, ``export_mwh``, value in SEK), the same with ``smart_`` prefix for
    smart charging and ``with_battery_``/``smart_with_battery_`` when a battery is configured;
    values with hourly SE1 prices of ``se1_price_year`` and ``..._annual_mean_sek`` with their
    mean, ``smart_charging_value_sek`` (+ ``_annual_mean``): how much smart charging lowers the
    net charging cost (grid purchase − export revenue); ``price_missing_hours`` of the price
    year (not valued, also in ``notes``). ``years`` holds every variant of every year.
    """
    a = result.matched.annual
    head = result.years[-1]
    prices = result.scenario.match.prices
    vat = (
        "with VAT on purchases (vat_is_cost)"
        if prices.vat_is_cost
        else "excl. VAT (municipalities recover VAT)"
    )
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
            _price_note(a, head, prices, vat),
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
                                       "avoided_purchase_sek", "grid_to_charging_mwh",
                                       "pv_value_sek", "pv_value_annual_mean_sek"}:  # fmt: skip
                out[prefix + key] = value
    base, smart = _row(a, head, "immediate", False), _row(a, head, "smart", False)
    if base is not None and smart is not None:
        # smart charging's value: how much it lowers the depot's net charging cost
        for suffix in ("", "_annual_mean"):
            out[f"smart_charging_value{suffix}_sek"] = float(
                base[f"net_charging_cost{suffix}_sek"] - smart[f"net_charging_cost{suffix}_sek"]
            )
    if len(a):
        first = a.iloc[0]
        out["se1_price_year"] = prices.se1_price_year
        out["spot_mean_sek_per_kwh"] = float(first.spot_mean_sek_per_kwh)
        out["price_missing_hours"] = int(base.price_missing_hours) if base is not None else 0
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
