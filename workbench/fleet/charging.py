"""Depot chargers: sizing per year and depot, plug-in sessions and hourly charging profiles.

Energies here are **kWh at the socket incl. charging losses** (battery energy divided
by ``charging_efficiency``), the quantity a depot's meter and a PV-matching
balance see. Power [kW] on an hourly grid equals energy [kWh] per hour.

Sessions follow the duty schedules of ``data/fleet/duty_profiles.csv``: a vehicle
plugs in when it returns to its depot (``return_hour_local``) on each operating
day and unplugs when it leaves on the next operating day (``depart_hour_local``),
local time Europe/Stockholm converted to UTC. Duties with 365 operating days run
every day; the others on weekdays (Monday–Friday, holidays not removed). A
session's energy is the vehicle's annual electricity spread over its operating
days in proportion to the cold multiplier of each day's month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.fleet import FleetConfig
from workbench.fleet import cold, costs
from workbench.fleet.factors import duty_profiles, table
from workbench.fleet.schedule import SESSION_COLUMNS, immediate_schedule, profile, unserved

LOCAL_TZ = "Europe/Stockholm"
PLUGIN = ("bev", "phev")


def charger_cost_per_point(charger_kw: float, cfg: FleetConfig) -> float:
    """Net investment per depot point after subsidy [SEK/point] (``data/fleet/charger_costs.csv``)."""
    tab = table("charger_costs").sort_values("max_kw")
    row = tab[tab["max_kw"] >= charger_kw]
    gross = float((row if len(row) else tab.tail(1))["cost_sek_per_point"].iloc[0])
    subsidy = gross * cfg.charger_subsidy_pct / 100.0
    if charger_kw <= 22:
        subsidy = min(subsidy, cfg.charger_subsidy_cap_sek)
    return gross - subsidy


def installed_points(plugin_vehicles: np.ndarray, cfg: FleetConfig) -> np.ndarray:
    """Depot points installed per year (axis 0, ascending) and group (axis 1) [points]:
    ``ceil(plug-in vehicles / vehicles_per_charger)``, never decreasing."""
    need = np.ceil(np.asarray(plugin_vehicles) / cfg.vehicles_per_charger).astype(int)
    return np.maximum.accumulate(need, axis=0)


def charger_table(vehicle_years: pd.DataFrame, cfg: FleetConfig) -> pd.DataFrame:
    """Depot charging points per year, depot and vehicle class.

    Points needed = ceil(plug-in vehicles / ``vehicles_per_charger``); installed
    points never decrease. The yearly charger cost is the equivalent annual cost of
    the installed points' net investment over ``charger_life_years``.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``depot``, ``vehicle_class``, ``n_plugin_vehicles``, ``n_chargers``,
        ``charger_kw`` [kW installed], ``electricity_kwh`` [kWh at the socket],
        ``charger_investment_sek`` [SEK, net, in the year], ``charger_cost_sek`` [SEK/year].
    """
    vy = vehicle_years
    years = np.sort(vy["year"].unique())
    plug = vy[vy["powertrain"].isin(PLUGIN)]
    keys = vy[["depot", "vehicle_class"]].drop_duplicates()
    count = plug.groupby(["depot", "vehicle_class", "year"]).size()
    elec = vy.groupby(["depot", "vehicle_class", "year"])["electricity_kwh"].sum()
    idx = pd.MultiIndex.from_tuples(
        [(d, c, y) for d, c in keys.itertuples(index=False) for y in years],
        names=["depot", "vehicle_class", "year"],
    )
    out = pd.DataFrame({"n_plugin_vehicles": count.reindex(idx, fill_value=0)})
    out["electricity_kwh"] = elec.reindex(idx, fill_value=0.0)
    plugins = out["n_plugin_vehicles"].to_numpy().reshape(len(keys), len(years)).T
    installed = installed_points(plugins, cfg)
    out["n_chargers"] = installed.T.ravel()
    kw = out.index.get_level_values("vehicle_class").map(cfg.charger_kw).to_numpy(dtype=float)
    out["charger_kw"] = out["n_chargers"] * kw
    cost_of = {k: charger_cost_per_point(k, cfg) for k in np.unique(kw)}
    per_point = np.array([cost_of[k] for k in kw])
    new = np.diff(installed, axis=0, prepend=0).T.ravel()  # the first year: every point
    out["charger_investment_sek"] = new * per_point
    out["charger_cost_sek"] = costs.equivalent_annual_cost(
        out["n_chargers"].to_numpy() * per_point, cfg.discount_rate_real_pct, cfg.charger_life_years
    )
    out = out.reset_index()
    cols = ["year", "depot", "vehicle_class", "n_plugin_vehicles", "n_chargers", "charger_kw",
            "electricity_kwh", "charger_investment_sek", "charger_cost_sek"]  # fmt: skip
    return out[cols].sort_values(["year", "depot", "vehicle_class"], ignore_index=True)


def _operating_days(year: int, days_per_year: float) -> pd.DatetimeIndex:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    return days if days_per_year >= 365 else days[days.day_of_week < 5]


def _to_utc(local_naive: np.ndarray) -> pd.DatetimeIndex:
    idx = pd.DatetimeIndex(local_naive)
    # the repeated autumn hour is read as standard time (no NaT); spring's gap moves forward
    idx = idx.tz_localize(
        LOCAL_TZ, ambiguous=np.zeros(len(idx), dtype=bool), nonexistent="shift_forward"
    )
    return idx.tz_convert("UTC")


def charging_sessions(result, year: int) -> pd.DataFrame:
    """One row per plug-in session at the depot over ``year`` for the plug-in vehicles.

    Parameters
    ----------
    result : FleetResult
        A scenario run (:func:`workbench.fleet.run_scenario`).
    year : int
        A year of the run's horizon.

    Returns
    -------
    pandas.DataFrame
        ``vehicle_id``, ``depot``, ``plug_in_utc``, ``plug_out_utc`` (UTC timestamps),
        ``energy_kwh`` (energy needed **at the socket incl. charging losses** [kWh]),
        ``charger_kw`` [kW]. The sessions' energies sum to the year's
        ``electricity_kwh`` of the plan. ``attrs["year"]`` is ``year``.
    """
    cfg = result.config
    vy = result.vehicle_years
    if year not in set(vy["year"]):
        raise ValueError(f"year {year} is outside the run's horizon {cfg.base_year}–{cfg.end_year}")
    sel = vy[(vy["year"] == year) & (vy["electricity_kwh"] > 0)]
    veh = result.vehicles.set_index("vehicle_id").loc[sel["vehicle_id"]]
    duties = duty_profiles()
    month_f = cold.bev_factor(
        result.temps_monthly[:, None],
        veh["heat_mult"].to_numpy()[None, :],
        veh["parking_mult"].to_numpy()[None, :],
        cfg,
    )  # (12, n)
    frames = []
    for duty, idx in pd.Series(np.arange(len(sel))).groupby(sel["duty"].to_numpy()).groups.items():
        idx = np.asarray(idx)
        prof = duties.loc[duty]
        days = _operating_days(year, float(prof["operating_days_per_year"]))
        nd, nv = len(days), len(idx)
        weight = month_f[days.month.to_numpy() - 1][:, idx]  # (nd, nv)
        energy = weight / weight.sum(axis=0) * sel["electricity_kwh"].to_numpy()[idx]
        day_vals = days.to_numpy()
        next_day = np.append(day_vals[1:], day_vals[-1] + np.timedelta64(1, "D"))
        plug_in = day_vals + np.timedelta64(int(round(prof["return_hour_local"] * 60)), "m")
        plug_out = next_day + np.timedelta64(int(round(prof["depart_hour_local"] * 60)), "m")
        frames.append(
            pd.DataFrame(
                {
                    "vehicle_id": np.tile(sel["vehicle_id"].to_numpy()[idx], nd),
                    "depot": np.tile(sel["depot"].to_numpy()[idx], nd),
                    "plug_in_utc": _to_utc(np.repeat(plug_in, nv)),
                    "plug_out_utc": _to_utc(np.repeat(plug_out, nv)),
                    "energy_kwh": energy.ravel(),
                    "charger_kw": np.tile(sel["vehicle_class"].to_numpy()[idx], nd),
                }
            )
        )
    if not frames:
        out = pd.DataFrame({c: pd.Series(dtype=float) for c in SESSION_COLUMNS})
        out["plug_in_utc"] = pd.to_datetime(out["plug_in_utc"], utc=True)
        out["plug_out_utc"] = pd.to_datetime(out["plug_out_utc"], utc=True)
    else:
        out = pd.concat(frames, ignore_index=True)
        out["charger_kw"] = out["charger_kw"].map(cfg.charger_kw).astype(float)
        out = out.sort_values(["plug_in_utc", "vehicle_id"], kind="stable", ignore_index=True)
    out.attrs["year"] = int(year)
    out.attrs["energy"] = "kWh at the socket incl. charging losses"
    return out[SESSION_COLUMNS]


def charging_profile(sessions: pd.DataFrame, smart: bool = False, year: int | None = None):
    """Hourly depot charging power over a calendar year [kW == kWh per hour], UTC index.

    Parameters
    ----------
    sessions : pandas.DataFrame
        From :func:`charging_sessions` (columns :data:`SESSION_COLUMNS`).
    smart : bool
        False: immediate charging at ``charger_kw`` from plug-in until the energy is
        delivered. True: the lowest constant power that finishes by plug-out
        (spreads the load over the whole window).
    year : int, optional
        Calendar year of the index; default ``sessions.attrs["year"]``.

    Returns
    -------
    pandas.Series
        8760 hourly values (8784 in a leap year) from 1 January 00:00 UTC; energy
        after the year's last hour wraps to its first hours (like a typical year).
        ``attrs["unserved_kwh"]`` is energy that did not fit in the windows.
    """
    year = int(year if year is not None else sessions.attrs["year"])
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz="UTC",
                          inclusive="left")  # fmt: skip
    if smart:  # the lowest constant power that delivers the energy by plug-out
        window_h = (sessions["plug_out_utc"] - sessions["plug_in_utc"]) / pd.Timedelta(hours=1)
        needed_kw = sessions["energy_kwh"] / window_h.where(window_h > 0)
        sessions = sessions.assign(
            charger_kw=np.minimum(sessions["charger_kw"], needed_kw.fillna(0.0))
        )
    schedule = immediate_schedule(sessions, index)
    out = profile(schedule, index).rename("charging_kw")
    out.attrs["unserved_kwh"] = float(unserved(schedule, sessions).sum())
    out.attrs["energy"] = "kWh at the socket incl. charging losses"
    out.attrs["strategy"] = "smart (constant power over the window)" if smart else "immediate"
    return out
