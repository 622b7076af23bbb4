"""Matching of one PV typical year against the charging sessions of several scenario years.

Pure: takes a PV series and session tables, returns tidy tables. Loading buildings, weather
and fleet scenarios is in :mod:`workbench.match.run`.

Variants per year: charging ``strategy`` ``"immediate"`` (unmanaged) and, if asked,
``"smart"`` (PV-following inside each plug-in window); each without a battery and, when the
configured battery has capacity and power, with it (``with_battery``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbench.config.match import MatchConfig
from workbench.fleet.schedule import immediate_schedule, profile, session_hours, unserved
from workbench.match.aggregate import annual, monthly
from workbench.match.balance import hourly_balance
from workbench.match.hourly import on_year
from workbench.match.smart import smart_schedule
from workbench.match.value import flat_value, hourly_value, spot_on_year

KEY_COLUMNS = ["year", "strategy", "with_battery"]


@dataclass
class MatchTables:
    """Tidy results: hourly balances by (year, strategy, with_battery) and summary tables.

    ``annual`` has one row per variant with energy [kWh], shares [%] and value [SEK] with
    hourly SE1 prices and with their annual mean (``..._annual_mean_sek``,
    :func:`workbench.match.value.hourly_value`);
    ``monthly`` one row per variant and month (Europe/Stockholm calendar); ``depot_monthly``
    charging energy per depot and month [kWh]; ``sessions`` the session count and unserved
    energy per year; ``depot_annual`` the depot-by-depot balance when a depot map was given
    (:func:`workbench.match.depots.match_by_depot`).
    """

    hourly: dict[tuple[int, str, bool], pd.DataFrame] = field(default_factory=dict)
    annual: pd.DataFrame = field(default_factory=pd.DataFrame)
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    depot_monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    sessions: pd.DataFrame = field(default_factory=pd.DataFrame)
    depot_annual: pd.DataFrame = field(default_factory=pd.DataFrame)


def _depot_monthly(schedule, sessions, index, year, strategy) -> pd.DataFrame:
    per_depot = profile(schedule, index, by=sessions["depot"].astype(str))
    month = pd.Index(index.tz_convert("Europe/Stockholm").month, name="month")
    table = per_depot.groupby(month).sum().reindex(range(1, 13), fill_value=0.0)
    table.index.name = "month"
    long = table.reset_index().melt(id_vars="month", var_name="depot", value_name="charging_kwh")
    long.insert(0, "strategy", strategy)
    long.insert(0, "year", year)
    return long[["year", "strategy", "depot", "month", "charging_kwh"]]


def match_years(
    pv_kwh: pd.Series,
    sessions_by_year: dict[int, pd.DataFrame],
    config: MatchConfig,
    *,
    smart: bool = True,
    price_year: int = 2026,
) -> MatchTables:
    """Match a PV typical year to the charging sessions of each scenario year.

    Parameters
    ----------
    pv_kwh : pandas.Series
        PV energy per hour of a typical year, hourly UTC index (8760 h). [kWh]
    sessions_by_year : dict
        Scenario year -> sessions (columns of :data:`workbench.fleet.schedule.SESSION_COLUMNS`).
    config : MatchConfig
        Battery and prices.
    smart : bool
        Also compute PV-following smart charging (immediate charging is always the baseline).
    price_year : int
        Year of the fleet's electricity price row.
    """
    out = MatchTables()
    battery = config.battery
    has_battery = battery.capacity_kwh > 0 and battery.power_kw > 0
    annual_rows, monthly_parts, depot_parts, session_rows = [], [], [], []
    for year in sorted(sessions_by_year):
        sessions = sessions_by_year[year].reset_index(drop=True)
        pv = on_year(pv_kwh, year).rename("pv_kwh")
        hourly_prices = config.prices.se1_price_year is not None
        spot = spot_on_year(config.prices, year) if hourly_prices else None
        hours = session_hours(sessions, pv.index)
        schedules = {"immediate": immediate_schedule(sessions, pv.index, hours)}
        if smart:
            schedules["smart"] = smart_schedule(sessions, pv, hours=hours)
        session_rows.append(
            {
                "year": year,
                "n_sessions": len(sessions),
                "n_vehicles": int(sessions["vehicle_id"].nunique()),
                "n_depots": int(sessions["depot"].nunique()),
                "session_energy_kwh": float(pd.to_numeric(sessions["energy_kwh"]).sum()),
                "unserved_kwh": float(unserved(schedules["immediate"], sessions).sum()),
            }
        )
        for strategy, schedule in schedules.items():
            charging = profile(schedule, pv.index)
            depot_parts.append(_depot_monthly(schedule, sessions, pv.index, year, strategy))
            for with_battery in (False, True) if has_battery else (False,):
                hourly = hourly_balance(pv, charging, battery if with_battery else None)
                key = (year, strategy, with_battery)
                out.hourly[key] = hourly
                totals = annual(hourly)
                if hourly_prices:
                    totals.update(hourly_value(hourly, spot, config.prices, price_year))
                else:
                    totals.update(flat_value(totals, config.prices, price_year))
                annual_rows.append(dict(zip(KEY_COLUMNS, key, strict=True)) | totals)
                m = monthly(hourly)
                for col, value in zip(KEY_COLUMNS[::-1], key[::-1], strict=True):
                    m.insert(0, col, value)
                monthly_parts.append(m)
    out.annual = pd.DataFrame(annual_rows)
    out.monthly = pd.concat(monthly_parts, ignore_index=True) if monthly_parts else pd.DataFrame()
    out.depot_monthly = pd.concat(depot_parts, ignore_index=True) if depot_parts else pd.DataFrame()
    out.sessions = pd.DataFrame(session_rows)
    return out
