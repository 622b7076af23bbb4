"""Follow-up of a plan against a later register: vehicle by vehicle and for the whole fleet.

The plan was made from the register of its base year N; the follow-up register describes the
fleet of a later plan year M (``follow_up_year``, default N + 1) after that year's replacements,
i.e. a register taken at the end of year M (the plan's annual convention puts a year's
replacements in effect for the whole year). Both were read with the same rules
(:func:`workbench.fleet.read_register`: ids without spaces, upper case). Every vehicle of both
registers ends in exactly one row of :func:`follow_up_table`:

1. an id in both registers is the same vehicle, still in use: ``kept`` when the plan keeps it
   to year M, ``late`` when the plan replaced it by then;
2. a vehicle gone from the later register is paired with the vehicle that replaced it: named in
   the later register's optional column ``Ersätter`` / ``replaces_vehicle_id`` (a register with
   that column is taken at its word), otherwise a new vehicle of the same office and class (the
   plan's earliest replacements first, then register order). The replacement year is the new vehicle's model year, within N + 1 … M. Its status:
   ``other_powertrain`` when its powertrain differs from the one the plan replaces the vehicle
   with (its first planned replacement; HVO100 and diesel count as one powertrain: the fuel
   used shows in the emissions), else ``early``, ``late`` or ``as_planned`` against the plan's
   replacement year (``early`` also when the horizon plans no replacement of it by year M);
3. a vehicle gone without a replacement is ``missing``; a new vehicle that replaces none is
   ``not_in_plan``.

:func:`follow_up_summary` compares the fleet of year M with the plan's year M: emissions (both
ledgers), energy, vehicles, the lifetime cost and the operating cost; the actual fleet is computed
from the later register as registered (no HVO switch assumed: the register says what is burnt).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.fleet.budget import reference_config
from workbench.fleet.constraints import unconstrained
from workbench.fleet.engine import run_scenario
from workbench.fleet.register import read_register

STATUSES = ("kept", "as_planned", "early", "late", "other_powertrain", "missing", "not_in_plan")
SAME_POWERTRAIN = {"hvo100": "diesel"}  # a diesel vehicle on HVO100 is the same powertrain
REGNR = re.compile(r"[A-Z]{3}\d{2}[A-Z\d]")  # Swedish registration number (ABC123, ABC12D)
MIN_SCHEME_SHARE = 0.5
COLUMNS = ["status", "vehicle_id", "follow_up_vehicle_id", "department", "vehicle_class",
           "planned_year", "actual_year", "delay_years", "planned_powertrain", "actual_powertrain",
           "match_rule"]  # fmt: skip


def check_year(year: int, base_year: int, end_year: int, source: str) -> None:
    """A follow-up register must describe a year after the plan's base year, within its
    horizon; otherwise an :class:`InputError` names the value and the allowed range."""
    if not base_year < year <= end_year:
        raise InputError(
            [
                Problem(
                    source,
                    f"a follow-up year from {base_year + 1} to {end_year} (--follow-up-year, "
                    f"follow_up_year): the plan starts from the register of {base_year}, a "
                    "follow-up register describes a later year of its horizon",
                    column="follow_up_year",
                    value=year,
                )
            ],
            summary=f"{source}: the follow-up register is not from a year after the plan",
        )


def id_scheme(vehicle_id: str) -> str:
    """``regnr`` for a Swedish registration number, else the id's shape (letters ``A``, digits
    ``9``, other characters kept: ``SYN2580-0001`` -> ``AAA9999-9999``)."""
    if REGNR.fullmatch(vehicle_id):
        return "regnr"
    return re.sub(r"\d", "9", re.sub(r"[A-ZÅÄÖ]", "A", vehicle_id))


def check_id_scheme(plan_ids: pd.Series, later_ids: pd.Series, source: str) -> None:
    """Refuse a later register whose ids follow another scheme than the plan's (at least half of
    them must share a scheme with the plan's ids), naming examples of both."""
    plan_schemes = set(plan_ids.map(id_scheme))
    later = later_ids.map(id_scheme)
    share = float(later.isin(plan_schemes).mean()) if len(later) else 1.0
    if share >= MIN_SCHEME_SHARE:
        return
    examples = ", ".join(plan_ids.head(3))
    schemes = ", ".join(sorted(plan_schemes)[:3])
    raise InputError(
        [
            Problem(
                source,
                f"vehicle ids in the scheme of the plan's register ({schemes}; e.g. {examples}): "
                f"only {share:.0%} of the follow-up register's ids share it (at least "
                f"{MIN_SCHEME_SHARE:.0%} must), so its vehicles cannot be matched; use the same "
                "ids, e.g. registration numbers, in both registers",
                column="vehicle_id",
                value=list(later_ids.head(3)),
            )
        ],
        summary=f"{source}: the follow-up register uses another vehicle id scheme than the plan",
    )


def _planned(result) -> pd.DataFrame:
    """Per vehicle of the plan's register: its first planned replacement (year, NaN when none in
    the horizon; powertrain, its own when none)."""
    first = result.plan.drop_duplicates("vehicle_id").set_index("vehicle_id")
    out = result.register[["vehicle_id", "department", "vehicle_class", "fuel"]].copy()
    out["planned_year"] = out["vehicle_id"].map(first["year"]).astype(float)
    intended = out["vehicle_id"].map(first["new_powertrain"])
    out["planned_powertrain"] = intended.fillna(out["fuel"])
    return out.drop(columns="fuel")


def _pairs(planned: pd.DataFrame, later: pd.DataFrame) -> pd.DataFrame:
    """Rows pairing plan vehicles and later vehicles: same id, named replacement, or same office
    and class; unpaired ones on their own."""
    same = planned[planned["vehicle_id"].isin(later["vehicle_id"])].assign(match_rule="same_id")
    same["follow_up_vehicle_id"] = same["vehicle_id"]
    gone = planned[~planned["vehicle_id"].isin(later["vehicle_id"])]
    new = later[~later["vehicle_id"].isin(planned["vehicle_id"])]
    links = later.attrs.get("replaces") or {}
    named = new[new["vehicle_id"].map(links).isin(gone["vehicle_id"])]
    by_link = gone.merge(
        named.assign(old=named["vehicle_id"].map(links))[["old", "vehicle_id"]].rename(
            columns={"vehicle_id": "follow_up_vehicle_id"}
        ),
        left_on="vehicle_id", right_on="old",
    ).drop(columns="old").assign(match_rule="replaces_column")  # fmt: skip
    gone = gone[~gone["vehicle_id"].isin(by_link["vehicle_id"])]
    new = new[~new["vehicle_id"].isin(by_link["follow_up_vehicle_id"])]
    if "replaces" in later.attrs:  # the register names its replacements: no guessing
        inferred = gone.iloc[:0].assign(follow_up_vehicle_id=None, match_rule="none")
    else:
        inferred, gone, new = _by_office_and_class(gone, new)
    alone_old = gone.assign(follow_up_vehicle_id=None, match_rule="none")
    alone_new = pd.DataFrame({"vehicle_id": None, "follow_up_vehicle_id": new["vehicle_id"],
                              "department": new["department"],
                              "vehicle_class": new["vehicle_class"], "match_rule": "none"})  # fmt: skip
    return pd.concat([same, by_link, inferred, alone_old, alone_new], ignore_index=True)


def _by_office_and_class(gone: pd.DataFrame, new: pd.DataFrame):
    """Pair gone and new vehicles of the same office and class, in order (earliest planned
    replacement first; register order)."""
    gone = gone.sort_values("planned_year", kind="stable", na_position="last")
    key = ["department", "vehicle_class"]
    g = gone.assign(rank=gone.groupby(key).cumcount())
    n = new.assign(rank=new.groupby(key).cumcount())[[*key, "rank", "vehicle_id"]]
    pairs = g.merge(n.rename(columns={"vehicle_id": "follow_up_vehicle_id"}), on=[*key, "rank"])
    pairs = pairs.drop(columns="rank").assign(match_rule="department_and_class")
    rest_gone = gone[~gone["vehicle_id"].isin(pairs["vehicle_id"])]
    rest_new = new[~new["vehicle_id"].isin(pairs["follow_up_vehicle_id"])]
    return pairs, rest_gone, rest_new


def _status(rows: pd.DataFrame, year: int) -> np.ndarray:
    """Each row's status (:data:`STATUSES`) from its match, years and powertrains."""
    same = rows["match_rule"] == "same_id"
    has_old, has_new = rows["vehicle_id"].notna(), rows["follow_up_vehicle_id"].notna()
    planned_by = rows["planned_year"] <= year
    family = rows["actual_powertrain"].replace(SAME_POWERTRAIN)
    other = family != rows["planned_powertrain"].replace(SAME_POWERTRAIN)
    delay = rows["delay_years"]
    return np.select(
        [
            same & planned_by,
            same,
            has_old & ~has_new,
            ~has_old,
            other,
            (delay < 0) | ~planned_by,  # also a replacement the horizon does not plan at all
            delay > 0,
        ],
        ["late", "kept", "missing", "not_in_plan", "other_powertrain", "early", "late"],
        default="as_planned",
    )


def follow_up_table(result, later: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every vehicle of the plan's register and of the later register, matched (module doc).

    Parameters
    ----------
    result : FleetResult
        The plan (from the register of ``result.config.base_year``).
    later : pandas.DataFrame
        The register of ``year`` (validated; ``attrs["replaces"]`` when it names replacements).
    year : int
        The year the later register describes.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`; ``vehicle_id`` is the plan register's id (empty for ``not_in_plan``),
        ``follow_up_vehicle_id`` the later register's (empty for ``missing``);
        ``delay_years`` is the actual minus the planned replacement year (for a vehicle still
        in use although planned: at least ``year + 1`` minus the planned year).
    """
    base = result.config.base_year
    rows = _pairs(_planned(result), later)
    info = later.set_index("vehicle_id")
    new_id = rows["follow_up_vehicle_id"]
    rows["actual_powertrain"] = new_id.map(info["fuel"])
    replaced = rows["match_rule"].isin(["replaces_column", "department_and_class"])
    model_year = new_id.map(info["model_year"]).astype(float)
    rows["actual_year"] = np.where(replaced, np.clip(model_year, base + 1, year), np.nan)
    overdue = (rows["match_rule"] == "same_id") & (rows["planned_year"] <= year)
    rows["delay_years"] = np.where(  # still in use: replaced next year at the earliest
        overdue, year + 1 - rows["planned_year"], rows["actual_year"] - rows["planned_year"]
    )
    rows["status"] = _status(rows, year)
    for col in ("planned_year", "actual_year", "delay_years"):
        rows[col] = rows[col].astype("Int64")
    return rows[COLUMNS].sort_values(
        ["status", "vehicle_id", "follow_up_vehicle_id"], kind="stable", ignore_index=True
    )


def actual_config(cfg, year: int):
    """The scenario's assumptions for the fleet as registered in ``year``: base year ``year``,
    no replacement limits, the reference choices and no HVO switch (the register's fuels)."""
    return reference_config(unconstrained(cfg)).model_copy(
        update={
            "base_year": year,
            "end_year": max(cfg.end_year, year + 1),
            "target_year": max(cfg.target_year, year + 1),
            "hvo_switch_year": None,
        }
    )


SUMMARY_FIGURES = {
    "fossil_co2_t": "co2_t_fossil",
    "wtw_co2e_t": "co2e_t_wtw",
    "energy_kwh": "energy_kwh",
    "cost_sek": "cost_sek",
    "operating_cost_sek": None,  # energy + maintenance
}


def _figures(yearly: pd.DataFrame, year: int) -> dict[str, float]:
    row = yearly.set_index("year").loc[year]
    out = {key: float(row[col]) for key, col in SUMMARY_FIGURES.items() if col}
    out["operating_cost_sek"] = float(row["energy_cost_sek"] + row["maintenance_cost_sek"])
    out["n_bev"] = int(row["n_bev"])
    out["n_plugin_vehicles"] = int(row["n_plugin_vehicles"])
    return out


def _column(key: str, which: str) -> str:
    """``fossil_co2_t`` -> ``planned_fossil_co2_t``; a count ``n_bev`` -> ``n_bev_planned``."""
    return f"{key}_{which}" if key.startswith("n_") else f"{which}_{key}"


def follow_up_summary(table: pd.DataFrame, planned: pd.DataFrame, actual: pd.DataFrame,
                      years: tuple[int, int]) -> pd.DataFrame:  # fmt: skip
    """One row: vehicles per status, and planned against actual figures of the follow-up year.

    ``planned`` is the plan's ``yearly`` table, ``actual`` the ``yearly`` table of the later
    register's run (its base year), ``years`` the plan's base year and the follow-up year.
    """
    base, year = years
    plan_fig, act_fig = _figures(planned, year), _figures(actual, year)
    row: dict = {"year": year, "base_year": base,
                 "n_plan_vehicles": int(table["vehicle_id"].notna().sum()),
                 "n_follow_up_vehicles": int(table["follow_up_vehicle_id"].notna().sum())}  # fmt: skip
    counts = table["status"].value_counts()
    row.update({f"n_{s}": int(counts.get(s, 0)) for s in STATUSES})
    row["n_replacements_planned"] = int((table["planned_year"] <= year).sum())
    for key, planned_value in plan_fig.items():
        row[_column(key, "planned")], row[_column(key, "actual")] = planned_value, act_fig[key]
        row[_column(key, "deviation")] = act_fig[key] - planned_value
    plan_fossil = plan_fig["fossil_co2_t"]
    row["deviation_fossil_co2_pct"] = (
        100.0 * (act_fig["fossil_co2_t"] - plan_fossil) / plan_fossil if plan_fossil else np.nan
    )
    return pd.DataFrame([row])


def follow_up(result, later, year: int | None = None, source: str = "<follow-up register>"):
    """Follow the plan ``result`` up against the register ``later`` of ``year``.

    Parameters
    ----------
    result : FleetResult
        The plan; its ``follow_up`` and ``follow_up_summary`` tables are set.
    later : pandas.DataFrame or path
        The later register (read with :func:`workbench.fleet.read_register` when a path).
    year : int, optional
        The plan year the later register shows, after that year's replacements (a register
        taken at the end of the year); default the year after the plan's base year.
    source : str
        Name of the register in error messages (the path when ``later`` is one).

    Raises
    ------
    InputError
        A year outside the plan's horizon, or ids of another scheme than the plan's register.
    """
    cfg = result.config
    year = cfg.base_year + 1 if year is None else int(year)
    if not isinstance(later, pd.DataFrame):
        source = str(later)
        check_year(year, cfg.base_year, cfg.end_year, source)
        later = read_register(later, max_model_year=year + 1)
    check_year(year, cfg.base_year, cfg.end_year, source)
    check_id_scheme(result.register["vehicle_id"], later["vehicle_id"], source)
    actual = run_scenario(later, actual_config(cfg, year), result.kommun, result.temps_monthly)
    table = follow_up_table(result, later, year)
    result.follow_up = table
    result.follow_up_summary = follow_up_summary(
        table, result.yearly, actual.yearly, (cfg.base_year, year)
    )
    return result
