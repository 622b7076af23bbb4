"""Depot-by-depot matching: each depot's charging against the PV on the buildings behind its meter.

Aggregate matching (:func:`workbench.match.tables.match_years`) nets all selected roofs against
all depots, an upper bound. When the user says which buildings sit at which depot (a table
``building_id, depot``), each depot is matched only with its own PV, and smart charging follows
that depot's own PV. PV on buildings at no depot is all exported; a depot without PV is
covered 0 %. No stationary battery in this view.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem, source_name
from workbench.fleet.schedule import immediate_schedule, profile
from workbench.match.aggregate import annual
from workbench.match.balance import hourly_balance
from workbench.match.hourly import on_year
from workbench.match.smart import smart_schedule

NO_DEPOT = ""
DEPOT_MAP_COLUMNS = ("building_id", "depot")
DEPOT_ANNUAL_COLUMNS = [
    "year",
    "strategy",
    "depot",
    "pv_kwh",
    "charging_kwh",
    "pv_to_charging_kwh",
    "pv_export_kwh",
    "grid_to_charging_kwh",
    "coverage_pct",
    "self_consumption_pct",
    "grid_peak_kw",
]


def read_depot_map(path_or_table) -> dict[str, str]:
    """``building_id -> depot`` from a CSV file or a table with columns ``building_id, depot``.

    Every bad row is reported (missing id or depot, one building at two depots).
    """
    src = source_name(path_or_table if isinstance(path_or_table, str | Path) else None)
    if isinstance(path_or_table, pd.DataFrame):
        table = path_or_table
    else:
        table = pd.read_csv(path_or_table, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in DEPOT_MAP_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            [
                Problem(src, "a column of the depot map (building_id, depot)", column=c)
                for c in missing
            ]
        )
    ids = table["building_id"].astype("string").str.strip()
    depots = table["depot"].astype("string").str.strip()
    problems = []
    for i in np.flatnonzero((ids.fillna("") == "").to_numpy()):
        problems.append(
            Problem(src, "a building id", row=int(i) + 2, column="building_id", value="")
        )
    for i in np.flatnonzero((depots.fillna("") == "").to_numpy()):
        problems.append(Problem(src, "a depot name", row=int(i) + 2, column="depot", value=""))
    seen: dict[str, str] = {}
    for i, (b, d) in enumerate(zip(ids.fillna(""), depots.fillna(""), strict=True)):
        if b and d and seen.setdefault(b, d) != d:
            problems.append(
                Problem(
                    src,
                    f"one depot per building (already at {seen[b]!r})",
                    row=i + 2,
                    column="depot",
                    value=d,
                )  # fmt: skip
            )
    if problems:
        raise InputError(problems, summary=f"{src}: invalid depot map")
    return seen


def match_by_depot(
    pv_by_depot: pd.DataFrame,
    sessions_by_year: dict[int, pd.DataFrame],
    *,
    smart: bool = True,
) -> pd.DataFrame:
    """Annual balance per depot, scenario year and charging strategy.

    Parameters
    ----------
    pv_by_depot : pandas.DataFrame
        Typical-year PV per hour [kWh], one column per depot (``""``: buildings at no depot).
    sessions_by_year : dict
        Scenario year -> sessions (columns of :data:`workbench.fleet.schedule.SESSION_COLUMNS`).
    smart : bool
        Also compute smart charging that follows each depot's own PV.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DEPOT_ANNUAL_COLUMNS` [kWh, %, kW]; ``depot`` ``""`` is PV at no depot.
    """
    rows = []
    for year in sorted(sessions_by_year):
        sessions = sessions_by_year[year].reset_index(drop=True)
        depot_names = sessions["depot"].astype(str)
        labels = sorted(set(pv_by_depot.columns) | set(depot_names), key=str)
        for depot in labels:
            mine = sessions[(depot_names == depot).to_numpy()].reset_index(drop=True)
            typical = pv_by_depot[depot] if depot in pv_by_depot.columns else None
            pv = on_year(
                typical if typical is not None else pv_by_depot.iloc[:, 0] * 0.0, year
            ).rename("pv_kwh")
            schedules = {"immediate": immediate_schedule(mine, pv.index)}
            if smart:
                schedules["smart"] = smart_schedule(mine, pv)
            for strategy, schedule in schedules.items():
                totals = annual(hourly_balance(pv, profile(schedule, pv.index)))
                rows.append(
                    {"year": year, "strategy": strategy, "depot": depot}
                    | {k: totals[k] for k in DEPOT_ANNUAL_COLUMNS[3:]}
                )
    return pd.DataFrame(rows, columns=DEPOT_ANNUAL_COLUMNS)


def totals(depot_annual: pd.DataFrame) -> pd.DataFrame:
    """Sum of the depot rows per year and strategy, with coverage over all depots [%]."""
    sums = depot_annual.groupby(["year", "strategy"], sort=True)[
        ["pv_kwh", "charging_kwh", "pv_to_charging_kwh", "pv_export_kwh", "grid_to_charging_kwh"]
    ].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        sums["coverage_pct"] = np.where(
            sums["charging_kwh"] > 0,
            100 * sums["pv_to_charging_kwh"] / sums["charging_kwh"],
            np.nan,
        )
    return sums.reset_index()
