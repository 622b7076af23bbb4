"""The plan as a municipality budgets it: payments and costs per year and office (förvaltning).

Where the lifetime cost (``yearly``) spreads every vehicle's price evenly over its economic life,
the budget shows what is paid and booked in each year, in SEK of ``price_year`` excl. VAT, per
office (the register's ``department``), for the plan years (after the base year):

- **leasingavgift** (``lease_payment_sek``): a leased vehicle's yearly payment. The lessor is
  taken to price the lease at the capital cost of the vehicle's economic life, i.e. the equivalent
  annual cost of the lifetime-cost view (it keeps the residual value at the end of the term), so a
  lease over ``lease_term_years`` costs that many payments (``contract_value_sek`` of the
  replacement). A lease extended while its vehicle waits for replacement costs the same payment.
- **investering** (``vehicle_investment_sek``): the purchase price of an owned replacement in its
  year; depot chargers the plan adds (``charger_investment_sek``, net of subsidy, as in the
  ``chargers`` table; points the base year needs already exist).
- **avskrivning** (``vehicle_depreciation_sek``, ``charger_depreciation_sek``): straight line over
  the class age limit (``lifetime_years``, the plan's service life of an owned vehicle, full year
  in the year of purchase) and over ``charger_life_years``; a vehicle kept past the limit is fully
  depreciated. Depreciation is the cost in the result, the investment is the payment.
- **restvärde** (``residual_value_sek``): the book value left in an owned vehicle replaced before
  the end of its depreciation (early replacement), written off in that year; no sale income is
  assumed (a sale reduces it). A leased vehicle replaced early pays its remaining lease payments
  (``lease_buyout_sek``).
- **driftkostnad** (``operating_cost_sek``): fuel, charging electricity and maintenance, the same
  numbers as the lifetime-cost view.

``budget_cost_sek`` is the year's cost in the result (leasing, depreciation, write-offs, operating
costs), ``payments_sek`` the year's payments (leasing and buy-outs, investments, operating costs).
``change_*`` columns compare with the reference plan of the same register (the reference
scenario's replacement choices, everything else as the scenario: :func:`reference_config`).

How the two views relate: energy and maintenance are the same numbers; a lease payment equals the
lifetime view's capital cost of that vehicle-year; for owned vehicles the lifetime view charges
the equivalent annual cost over the km-based economic life in every year, the budget the purchase
when it happens and depreciation over the age limit. Over the horizon, investments equal the
depreciation, the write-offs and the book value left at the end (tests/test_fleet_budget.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from workbench.config.fleet import FleetConfig

# keys whose reference values (the FleetConfig defaults, data/scenarios/reference.yaml) define the
# reference plan the budget is compared with; everything else stays as in the scenario
TRANSITION_KEYS = (
    "replacement_fuels",
    "hvo_switch_year",
    "hvo_switch_classes",
    "hvo_min_model_year",
    "allow_early_replacement",
)
LINES = (
    "lease_payment_sek",
    "lease_buyout_sek",
    "vehicle_investment_sek",
    "vehicle_depreciation_sek",
    "residual_value_sek",
    "fuel_cost_sek",
    "electricity_cost_sek",
    "maintenance_cost_sek",
)
CHARGER_LINES = ("charger_investment_sek", "charger_depreciation_sek")
CHANGES = {
    "change_investment_sek": ("vehicle_investment_sek", "charger_investment_sek"),
    "change_lease_payment_sek": ("lease_payment_sek",),
    "change_operating_cost_sek": ("operating_cost_sek",),
    "change_budget_cost_sek": ("budget_cost_sek",),
    "change_payments_sek": ("payments_sek",),
}
COLUMNS = (
    "year", "department", "price_year", "n_vehicles", "n_procured", "n_procured_leased",
    "n_procured_early", *LINES[:5], *CHARGER_LINES, *LINES[5:], "operating_cost_sek",
    "budget_cost_sek", "payments_sek", *CHANGES,
)  # fmt: skip


def reference_config(cfg: FleetConfig) -> FleetConfig:
    """``cfg`` with the reference scenario's replacement choices (:data:`TRANSITION_KEYS`)."""
    fields = FleetConfig.model_fields
    return cfg.model_copy(
        update={k: fields[k].get_default(call_default_factory=True) for k in TRANSITION_KEYS}
    )


@dataclass(frozen=True)
class PlanBudget:
    """One plan's inputs to the budget: arrays of shape (plan years, vehicles) unless noted.

    Prices and capital costs belong to the vehicle in use (``old_*``: to the vehicle it replaced
    in a replacement year).
    """

    cfg: FleetConfig
    years: np.ndarray  # plan years, shape (ny,)
    department: np.ndarray  # office per vehicle, shape (n,)
    is_leased: np.ndarray  # shape (n,)
    life_years: np.ndarray  # depreciation period of the class [years], shape (n,)
    price_sek: np.ndarray
    old_price_sek: np.ndarray
    model_year: np.ndarray
    old_model_year: np.ndarray
    is_replaced: np.ndarray
    is_early: np.ndarray
    due_year: np.ndarray
    capital_sek: np.ndarray  # equivalent annual cost [SEK/year]
    old_capital_sek: np.ndarray
    fuel_cost_sek: np.ndarray
    electricity_cost_sek: np.ndarray
    maintenance_cost_sek: np.ndarray
    chargers: ChargerGroups

    @cached_property
    def lines(self) -> dict[str, np.ndarray]:
        """Each budget line per (plan year, vehicle) [SEK]; :data:`LINES`."""
        return vehicle_lines(self)

    @cached_property
    def departments(self) -> tuple[list[str], np.ndarray]:
        """The offices in sorted order and each vehicle's position among them."""
        names, codes = np.unique(self.department.astype(str), return_inverse=True)
        return [str(n) for n in names], codes


@dataclass(frozen=True)
class ChargerGroups:
    """Depot charging points by group (depot and class), as :func:`charger_table` sizes them."""

    group: np.ndarray  # group of each vehicle, shape (n,)
    installed: np.ndarray  # points installed per (year incl. the base year, group)
    cost_per_point_sek: np.ndarray  # net investment per point of each group [SEK]
    is_plugin: np.ndarray  # plug-in vehicle in use per (year incl. the base year, vehicle)
    life_years: int


def vehicle_lines(b: PlanBudget) -> dict[str, np.ndarray]:
    """Lease payments, investment, depreciation, write-offs and operating costs per vehicle-year.

    Book value of an owned vehicle bought in year ``m`` at price ``P`` with age limit ``L``:
    ``P·(L − (y − m))/L`` at the start of year ``y`` (0 from ``m + L``); depreciation ``P/L`` in
    years ``m … m + L − 1``; a vehicle replaced in year ``y`` leaves ``P·max(0, L − (y − m))/L``.
    """
    leased, owned = b.is_leased[None, :], ~b.is_leased[None, :]
    years = b.years[:, None]
    age = years - b.model_year
    old_left = np.clip(b.life_years - (years - b.old_model_year), 0, b.life_years)
    remaining_payments = np.maximum(0, b.due_year - years)
    return {
        "lease_payment_sek": np.where(leased, b.capital_sek, 0.0),
        "lease_buyout_sek": np.where(
            leased & b.is_replaced, b.old_capital_sek * remaining_payments, 0.0
        ),
        "vehicle_investment_sek": np.where(owned & b.is_replaced, b.price_sek, 0.0),
        "vehicle_depreciation_sek": np.where(
            owned & (age >= 0) & (age < b.life_years), b.price_sek / b.life_years, 0.0
        ),
        "residual_value_sek": np.where(
            owned & b.is_replaced, b.old_price_sek * old_left / b.life_years, 0.0
        ),
        "fuel_cost_sek": b.fuel_cost_sek,
        "electricity_cost_sek": b.electricity_cost_sek,
        "maintenance_cost_sek": b.maintenance_cost_sek,
    }


def charger_lines(b: PlanBudget) -> dict[str, np.ndarray]:
    """Charger investment and depreciation per (plan year, office) [SEK].

    A group's new points of a year are shared among the offices by their plug-in vehicles in
    that group and year; each year's investment is depreciated over ``charger_life_years``.
    """
    ch = b.chargers
    names, dept = b.departments
    n_groups, n_dept = ch.installed.shape[1], len(names)
    new = np.diff(ch.installed, axis=0)  # plan years: the base year's points exist
    investment = new * ch.cost_per_point_sek[None, :]  # (ny, groups)
    onehot = np.zeros((len(dept), n_groups * n_dept))
    onehot[np.arange(len(dept)), ch.group * n_dept + dept] = 1.0
    plugins = (ch.is_plugin[1:].astype(float) @ onehot).reshape(-1, n_groups, n_dept)
    total = plugins.sum(axis=2, keepdims=True)
    share = np.divide(plugins, total, out=np.zeros_like(plugins), where=total > 0)
    by_dept = (investment[:, :, None] * share).sum(axis=1)  # (ny, offices)
    depreciation = np.zeros_like(by_dept)
    for i in range(len(by_dept)):
        depreciation[i : i + ch.life_years] += by_dept[i] / ch.life_years
    return {"charger_investment_sek": by_dept, "charger_depreciation_sek": depreciation}


def _by_department(b: PlanBudget) -> dict[str, np.ndarray]:
    """Every line and count summed per (plan year, office)."""
    names, dept = b.departments
    onehot = np.zeros((len(dept), len(names)))
    onehot[np.arange(len(dept)), dept] = 1.0
    out = {name: values @ onehot for name, values in b.lines.items()}
    out.update(charger_lines(b))
    replaced = b.is_replaced.astype(float)
    out["n_vehicles"] = np.ones((len(b.years), len(dept))) @ onehot
    out["n_procured"] = replaced @ onehot
    out["n_procured_leased"] = (replaced * b.is_leased[None, :]) @ onehot
    out["n_procured_early"] = b.is_early.astype(float) @ onehot
    out["operating_cost_sek"] = (
        out["fuel_cost_sek"] + out["electricity_cost_sek"] + out["maintenance_cost_sek"]
    )
    out["budget_cost_sek"] = out["operating_cost_sek"] + sum(
        out[k] for k in ("lease_payment_sek", "lease_buyout_sek", "vehicle_depreciation_sek",
                         "residual_value_sek", "charger_depreciation_sek")
    )  # fmt: skip
    out["payments_sek"] = out["operating_cost_sek"] + sum(
        out[k] for k in ("lease_payment_sek", "lease_buyout_sek", "vehicle_investment_sek",
                         "charger_investment_sek")
    )  # fmt: skip
    return out


def budget_table(main: PlanBudget, reference: PlanBudget) -> pd.DataFrame:
    """The budget per plan year and office, with the change against the reference plan.

    Returns
    -------
    pandas.DataFrame
        One row per (``year``, ``department``), columns :data:`COLUMNS` [SEK of ``price_year``].
    """
    names, _ = main.departments
    lines = _by_department(main)
    ref = lines if reference is main else _by_department(reference)
    ny, nd = len(main.years), len(names)
    out = pd.DataFrame(
        {
            "year": np.repeat(main.years, nd),
            "department": np.tile(np.array(names, dtype=object), ny),
            "price_year": np.full(ny * nd, main.cfg.price_year),
        }
    )
    for name, values in lines.items():
        out[name] = values.ravel()
    for name, parts in CHANGES.items():
        out[name] = sum((lines[p] - ref[p]).ravel() for p in parts)
    for name in ("n_vehicles", "n_procured", "n_procured_leased", "n_procured_early"):
        out[name] = np.rint(out[name]).astype(int)
    return out[list(COLUMNS)]
