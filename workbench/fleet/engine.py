"""Fleet-transition scenario engine: vehicles × years, vectorised with numpy.

For every year of the horizon and every vehicle: which powertrain it has (after
replacements), which carrier it burns (diesel vehicles may switch to HVO100),
its energy use with the municipality's cold climate, its well-to-wheel CO2e and
fossil tailpipe CO2 with year-specific Swedish factors, and its costs (equivalent
annual cost of the vehicle, energy, maintenance). Depot chargers are sized from
the plug-in vehicles per depot. The loop runs over years only (25 steps); each
step is array arithmetic over all vehicles.

Units: energy ``energy_kwh`` is final energy (fuel energy content plus
electricity *at the socket incl. charging losses*) [kWh]; ``electricity_kwh``
[kWh at the socket]; emissions ``co2e_t_wtw`` [t CO2e], ``co2_t_fossil`` [t CO2];
costs [SEK, real, price year]; ``cost_pv_sek`` discounted to the base year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.config import Scenario, assumptions_table, resolve_scenario
from workbench.config.fleet import FleetConfig
from workbench.fleet import budget, cold, constraints, costs, procurement, rules
from workbench.fleet.charging import (
    PLUGIN,
    charger_cost_per_point,
    charger_table,
    installed_points,
)
from workbench.fleet.cvd import procurement_table
from workbench.fleet.factors import (
    CARRIER_UNITS,
    CARRIERS,
    MJ_PER_KWH,
    electricity_factor,
    energy_prices,
    fuel_factors,
    table,
    vehicle_types,
)
from workbench.fleet.register import CLASSES, FUELS, validate_register
from workbench.fleet.schema import SYNTHETIC_LABEL
from workbench.reference import kommuner as km

# carrier burnt in the tank per powertrain (PHEV: petrol part; BEV: none)
TANK_CARRIER = {
    "petrol": "petrol",
    "diesel": "diesel",
    "hvo100": "hvo100",
    "e85": "e85",
    "biogas": "biogas",
    "bev": None,
    "phev": "petrol",
    "hev": "petrol",
    "fcev": "hydrogen",
}
CARRIER_CODE = {c: i for i, c in enumerate(CARRIERS)}
# the budget, backlog, replacement and procurement tables of issue 16 are main tables too
MAIN_TABLES = ("plan", "yearly", "budget", "backlog", "replacements", "procurement_list")
DETAIL_TABLES = ("vehicles", "stock", "energy", "procurement", "chargers", "vehicle_years")
FOLLOW_UP_TABLES = ("follow_up", "follow_up_summary")
TABLE_NAMES = MAIN_TABLES + DETAIL_TABLES
NO_CARRIER = -1
TANK_CARRIER_OF = np.array(
    [CARRIER_CODE[TANK_CARRIER[f]] if TANK_CARRIER[f] else NO_CARRIER for f in FUELS]
)


@dataclass
class FleetResult:
    """Everything a scenario run produces; tables use English snake_case names with units."""

    kommun: km.Kommun
    scenario_name: str
    config: FleetConfig
    register: pd.DataFrame
    vehicles: pd.DataFrame
    vehicle_years: pd.DataFrame
    plan: pd.DataFrame
    yearly: pd.DataFrame
    stock: pd.DataFrame
    energy: pd.DataFrame
    procurement: pd.DataFrame
    chargers: pd.DataFrame
    budget: pd.DataFrame
    backlog: pd.DataFrame
    replacements: pd.DataFrame
    procurement_list: pd.DataFrame
    temps_monthly: np.ndarray
    electricity_label: str
    year_target_met_unconstrained: int | None = None
    follow_up: pd.DataFrame | None = None
    follow_up_summary: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)
    synthetic_inputs: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        """Headline numbers, JSON-able (``summary.json``): :func:`summarise` and whether the
        register is synthetic."""
        out = {**summarise(self), "is_synthetic": bool(self.synthetic_inputs)}
        if self.synthetic_inputs:
            out["register"] = SYNTHETIC_LABEL
        return out

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name: :data:`MAIN_TABLES`, :data:`DETAIL_TABLES`, the
        :data:`FOLLOW_UP_TABLES` of a follow-up (when one was made) and ``assumptions`` (the
        scenario's fleet section with unit, year and source)."""
        names = TABLE_NAMES + (FOLLOW_UP_TABLES if self.follow_up is not None else ())
        out = {name: getattr(self, name).reset_index(drop=True) for name in names}
        out["assumptions"] = assumptions_table(self.config, prefix="fleet.")
        return out


def _fleet_config(scenario) -> tuple[str, FleetConfig]:
    if isinstance(scenario, FleetConfig):
        return "custom", scenario
    if isinstance(scenario, Scenario | str | Path):
        s = resolve_scenario(scenario)
        return s.name, s.fleet
    raise TypeError(
        f"scenario must be a name, a path, a Scenario or a FleetConfig, not {scenario!r}"
    )


def _type_arrays():
    vt = vehicle_types()
    shape = (len(CLASSES), len(FUELS))
    out = {}
    for col in ("tank_mj_per_km", "electric_kwh_per_km", "purchase_sek", "maintenance_sek_per_km",
                "is_offered"):  # fmt: skip
        arr = np.zeros(shape)
        for (c, f), v in vt[col].items():
            arr[CLASSES.index(c), FUELS.index(f)] = v
        out[col] = arr
    out["is_offered"] = out["is_offered"].astype(bool)
    return out


@dataclass(frozen=True)
class _Vehicles:
    """The register as arrays, one entry per vehicle (codes into CLASSES and FUELS)."""

    cls: np.ndarray  # vehicle class code
    km_year: np.ndarray  # annual distance [km/year]
    f_bev: np.ndarray  # cold-climate factor on electric energy use [-]
    f_ice: np.ndarray  # cold-climate factor on tank energy use [-]
    bev_fits: np.ndarray  # the heavy winter day fits a battery-electric vehicle's range
    leased: np.ndarray  # leased (replaced at contract end) or owned (at the age limit)
    term: np.ndarray  # years a replacement is kept: lease term or age limit [years]
    econ_life: np.ndarray  # years over which the purchase is annualised [years]

    def take(self, idx: np.ndarray) -> _Vehicles:
        """The vehicles at positions ``idx``."""
        return _Vehicles(**{name: value[idx] for name, value in self.__dict__.items()})


@dataclass(frozen=True)
class _Setup:
    """What every plan of one register shares: the vehicles, the years, factors and prices."""

    register: pd.DataFrame
    veh: _Vehicles
    years: np.ndarray
    types: dict  # per (class, powertrain) arrays of data/fleet/vehicle_types.csv
    kommun_id: str
    grids: dict  # per (year, carrier): wtw_g_per_mj, ttw_fossil_g_per_mj, lhv_mj_per_unit
    el_g: float  # electricity [g CO2e/kWh]
    prices: np.ndarray  # per carrier [SEK per sales unit]


@dataclass(frozen=True)
class _History:
    """Powertrain state per (year, vehicle) after the replacements, shape (n_years, n)."""

    powertrain: np.ndarray  # fuel code in use
    model_year: np.ndarray  # model year of the vehicle in use
    is_replaced: np.ndarray  # replaced in that year
    old_powertrain: np.ndarray  # fuel code before the replacement (-1 where none)
    first_year: np.ndarray  # first replacement year per vehicle, shape (n,)
    is_due: np.ndarray  # due for replacement in that year (incl. vehicles still waiting)
    due_year: np.ndarray  # year the replaced vehicle fell due (-1 where none)
    is_early: np.ndarray  # replaced before it fell due
    wait_reason: np.ndarray  # why a due vehicle waited (constraints.WAIT_* codes)

    @classmethod
    def empty(cls, ny: int, n: int, first_year: np.ndarray) -> _History:
        return cls(
            powertrain=np.empty((ny, n), dtype=int),
            model_year=np.empty((ny, n), dtype=int),
            is_replaced=np.zeros((ny, n), dtype=bool),
            old_powertrain=np.full((ny, n), -1, dtype=int),
            first_year=first_year,
            is_due=np.zeros((ny, n), dtype=bool),
            due_year=np.full((ny, n), -1, dtype=int),
            is_early=np.zeros((ny, n), dtype=bool),
            wait_reason=np.zeros((ny, n), dtype=np.int8),
        )


@dataclass(frozen=True)
class _InUse:
    """Vehicles in use: powertrain and model year per (year, vehicle) and the carrier they burn."""

    powertrain: np.ndarray
    model_year: np.ndarray
    carrier: np.ndarray


@dataclass(frozen=True)
class _Flows:
    """Energy and emissions per (year, vehicle)."""

    carrier: np.ndarray  # code into CARRIERS of the fuel in the tank, NO_CARRIER for none
    tank_mj: np.ndarray  # fuel energy in the tank [MJ]
    el_kwh: np.ndarray  # electricity at the socket incl. charging losses [kWh]
    fuel_amount: np.ndarray  # fuel in its sales unit (CARRIER_UNITS) [l, kg, Nm3]
    co2e_g: np.ndarray  # well-to-wheel [g CO2e]
    co2_g: np.ndarray  # fossil tailpipe [g CO2]


@dataclass(frozen=True)
class _Costs:
    """Costs per (year, vehicle) [SEK/year, real]."""

    economic_life: np.ndarray  # years over which the purchase is annualised, shape (n,)
    capital: np.ndarray
    energy: np.ndarray  # fuel + electricity
    maintenance: np.ndarray
    fuel: np.ndarray
    electricity: np.ndarray


@dataclass(frozen=True)
class _Plan:
    """One plan of a register as arrays: replacements, energy and emissions, costs."""

    cfg: FleetConfig
    hist: _History
    flows: _Flows
    cost: _Costs


def run_scenario(register: pd.DataFrame, scenario="default", kommun="Luleå", temps_monthly=None):
    """Run a fleet-transition scenario for one municipality.

    Besides the scenario's plan, up to two counterparts of the same register run: the plan
    without the scenario's limits (when it has any: the backlog's extra emissions and the year
    the target would be met) and the reference plan (when the scenario's replacement choices
    differ from the reference: the budget's change against it).

    Parameters
    ----------
    register : pandas.DataFrame
        A validated register (:func:`workbench.fleet.read_register` or a demo register).
    scenario : str, Path, Scenario or FleetConfig
        Scenario name under ``data/scenarios``, a YAML path, or a loaded configuration.
    kommun : str
        Municipality (code or name); sets the climate and fuel availability.
    temps_monthly : array_like, optional
        Monthly mean temperatures Jan..Dec [°C]; default from
        :func:`workbench.reference.climate.monthly_climatology`.

    Returns
    -------
    FleetResult
    """
    name, cfg = _fleet_config(scenario)
    k = km.get(kommun)
    register = validate_register(register.reset_index(drop=True))
    temps = np.asarray(
        cold.monthly_temperature(k) if temps_monthly is None else temps_monthly, dtype=float
    )
    coldt = cold.vehicle_cold_table(register, temps, cfg)
    setup = _setup(register, coldt, cfg, k.kommun_id_scb)
    main = _plan_arrays(setup, cfg)
    free = _counterpart(setup, main, constraints.unconstrained(cfg))
    ref = _counterpart(setup, main, budget.reference_config(cfg))
    hist, flows, cost, years = main.hist, main.flows, main.cost, setup.years
    vy = _vehicle_years(register, years, hist, flows, cost)
    chargers = charger_table(vy, cfg)
    plan = _plan(register, years, hist, setup.veh)
    main_budget = _budget_arrays(setup, main)
    ref_budget = main_budget if ref is main else _budget_arrays(setup, ref)
    replacements = _replacements_table(setup, main, main_budget)
    el_label = electricity_factor(cfg.electricity_factor)[1]
    yearly = _yearly(vy, chargers, cfg)
    return FleetResult(
        kommun=k,
        scenario_name=name,
        config=cfg,
        register=register,
        vehicles=_vehicles(register, coldt, hist, cost),
        vehicle_years=vy,
        plan=plan,
        yearly=yearly,
        stock=_stock(vy),
        energy=_energy(vy),
        procurement=procurement_table(plan, years),
        chargers=chargers,
        budget=budget.budget_table(main_budget, ref_budget),
        backlog=_backlog(setup, main, free),
        replacements=replacements,
        procurement_list=procurement.procurement_list(replacements, years),
        temps_monthly=temps,
        electricity_label=el_label,
        year_target_met_unconstrained=(
            year_target_met(yearly, cfg) if free is main else _year_met(setup, free)
        ),
        notes=_notes(el_label, temps, coldt, cfg) + _constraint_notes(setup, main),
    )


def _setup(register: pd.DataFrame, coldt: pd.DataFrame, cfg: FleetConfig, kommun_id: str):
    """The register as arrays, the horizon, and the factors of the scenario's blend and prices."""
    years = np.arange(cfg.base_year, cfg.end_year + 1)
    ny = len(years)
    ff = fuel_factors(
        years, cfg.blend_scenario, cfg.electricity_factor, cfg.petrol_ethanol_max_vol_pct
    )
    grid = pd.MultiIndex.from_product([years, CARRIERS])
    grids = {
        col: ff[col].reindex(grid).to_numpy().reshape(ny, len(CARRIERS))
        for col in ("wtw_g_per_mj", "ttw_fossil_g_per_mj", "lhv_mj_per_unit")
    }
    return _Setup(
        register=register,
        veh=_vehicle_arrays(register, coldt, cfg),
        years=years,
        types=_type_arrays(),
        kommun_id=kommun_id,
        grids=grids,
        el_g=electricity_factor(cfg.electricity_factor)[0],
        prices=energy_prices(cfg.price_year).reindex(list(CARRIERS)).to_numpy(),
    )


def _plan_arrays(setup: _Setup, cfg: FleetConfig) -> _Plan:
    hist = _Replacer(setup, cfg).run()
    flows = _flows(setup, hist, cfg)
    return _Plan(cfg=cfg, hist=hist, flows=flows, cost=_costs(setup, hist, flows, cfg))


def _counterpart(setup: _Setup, main: _Plan, cfg: FleetConfig) -> _Plan:
    """The plan of ``cfg`` on the same register, or ``main`` itself when ``cfg`` is the same."""
    return main if cfg == main.cfg else _plan_arrays(setup, cfg)


def _vehicle_arrays(register: pd.DataFrame, coldt: pd.DataFrame, cfg: FleetConfig) -> _Vehicles:
    leased = (register["ownership"] == "leased").to_numpy()
    cls = register["vehicle_class"].map(rules.CLASS_CODE).to_numpy(dtype=int)
    km_year = register["annual_km"].to_numpy(dtype=float)
    n = len(register)
    econ_life = np.clip(
        np.divide(_lifetime_km(cls), km_year, out=np.full(n, 20.0), where=km_year > 0), 3, 20
    )
    return _Vehicles(
        cls=cls,
        km_year=km_year,
        f_bev=coldt["f_bev_annual"].to_numpy(),
        f_ice=coldt["f_ice_annual"].to_numpy(),
        bev_fits=~coldt["is_winter_range_exceeded"].to_numpy(),
        leased=leased,
        term=rules.replacement_term(register, cfg),
        econ_life=econ_life,
    )


class _Replacer:
    """The replacement loop over years, vectorised over vehicles (:mod:`workbench.fleet.rules`),
    with the scenario's limits on a year's replacements (:mod:`workbench.fleet.constraints`)."""

    def __init__(self, setup: _Setup, cfg: FleetConfig):
        self.setup, self.cfg = setup, cfg
        self.limits = constraints.limits(cfg)
        register = setup.register
        first_year = rules.first_replacement_year(register, cfg)
        self.pt = np.array(register["fuel"].map(rules.FUEL_CODE), dtype=int)
        self.my = np.array(register["model_year"], dtype=int)
        self.nxt = first_year.astype(int)  # a copy, advanced by each replacement
        self.hist = _History.empty(len(setup.years), len(register), first_year)

    def run(self) -> _History:
        for i in range(len(self.setup.years)):
            if i > 0:
                used = constraints.Used.none()
                self._replace_due(i, used)
                self._replace_early(i, used)
            self.hist.powertrain[i], self.hist.model_year[i] = self.pt, self.my
        return self.hist

    def _choose(self, idx: np.ndarray, year: int) -> np.ndarray:
        veh = self.setup.veh
        return rules.choose_powertrain(
            veh.cls[idx], self.pt[idx], year, veh.bev_fits[idx], self.setup.types["is_offered"],
            self.cfg, self.setup.kommun_id,
        )  # fmt: skip

    def _replace_due(self, i: int, used: constraints.Used) -> None:
        year = int(self.setup.years[i])
        due = self.nxt <= year
        self.hist.is_due[i] = due
        if not due.any():
            return
        idx = np.flatnonzero(due)
        new = self._choose(idx, year)
        if self.limits is not None:
            idx, new = self._within_limits(i, idx, new, used)
        self._apply(i, idx, new, early=False)

    def _replace_early(self, i: int, used: constraints.Used) -> None:
        """Room left under the limits: vehicles due within the window whose replacement cuts
        fossil CO2 (only when the scenario allows early replacement)."""
        if self.limits is None or not self.limits.early_years:
            return
        year = int(self.setup.years[i])
        window = (self.nxt > year) & (self.nxt <= year + self.limits.early_years)
        idx = np.flatnonzero(window & ~self.hist.is_replaced[i])
        if not len(idx):
            return
        new = self._choose(idx, year)
        cut = self._fossil_cut(i, idx, new)
        keep = cut > 0
        idx, new = self._within_limits(i, idx[keep], new[keep], used, cut[keep])
        self._apply(i, idx, new, early=True)

    def _within_limits(self, i, idx, new, used, cut=None):
        """The candidates that fit the year's limits, in queue order; the others wait."""
        cut = self._fossil_cut(i, idx, new) if cut is None else cut
        order = constraints.priority(self.nxt[idx], cut)
        idx, new = idx[order], new[order]
        veh, price = self.setup.veh, self.setup.types["purchase_sek"]
        investment = np.where(veh.leased[idx], 0.0, price[veh.cls[idx], new])
        taken, reason = constraints.select(veh.cls[idx], investment, self.limits, used)
        waiting = idx[~taken]
        self.hist.wait_reason[i, waiting] = np.where(
            self.hist.is_due[i, waiting], reason[~taken], constraints.WAIT_NONE
        )
        return idx[taken], new[taken]

    def _fossil_cut(self, i: int, idx: np.ndarray, new: np.ndarray) -> np.ndarray:
        """Fossil tailpipe CO2 the replacement of each vehicle saves in year ``i`` [g/year]."""
        year = int(self.setup.years[i])
        now = _fossil_g(self.setup, self.cfg, i, idx, (self.pt[idx], self.my[idx]))
        after = _fossil_g(self.setup, self.cfg, i, idx, (new, np.full(len(idx), year)))
        return now - after

    def _apply(self, i: int, idx: np.ndarray, new: np.ndarray, early: bool) -> None:
        year = int(self.setup.years[i])
        hist = self.hist
        hist.old_powertrain[i, idx] = self.pt[idx]
        hist.due_year[i, idx] = self.nxt[idx]
        hist.is_early[i, idx] = early
        hist.is_replaced[i, idx] = True
        self.pt[idx] = new
        self.my[idx] = year
        self.nxt[idx] = year + self.setup.veh.term[idx]


def _fossil_g(setup: _Setup, cfg: FleetConfig, i: int, idx: np.ndarray, state) -> np.ndarray:
    """Fossil tailpipe CO2 of vehicles ``idx`` in year ``i`` with powertrain and model year
    ``state`` [g/year] (the queue order of :mod:`workbench.fleet.constraints`)."""
    powertrain, model_year = (np.asarray(a)[None, :] for a in state)
    veh = setup.veh.take(idx)
    years = setup.years[i : i + 1]
    carrier = _carriers(veh, powertrain, model_year, years, cfg)
    tank_mj, _ = _energy_use(veh, _InUse(powertrain, model_year, carrier), setup.types, cfg)
    ttw = setup.grids["ttw_fossil_g_per_mj"][i][np.where(carrier == NO_CARRIER, 0, carrier)]
    return (tank_mj * ttw)[0]


def _carriers(veh: _Vehicles, powertrain, model_year, years, cfg: FleetConfig) -> np.ndarray:
    """Carrier code burnt in the tank per (year, vehicle); diesel may switch to HVO100."""
    carrier = TANK_CARRIER_OF[powertrain]
    if cfg.hvo_switch_year is not None:
        switch_cls = np.isin(veh.cls, [rules.CLASS_CODE[c] for c in cfg.hvo_switch_classes])
        switch = (
            (years[:, None] >= cfg.hvo_switch_year)
            & (powertrain == rules.FUEL_CODE["diesel"])
            & switch_cls[None, :]
            & (model_year >= cfg.hvo_min_model_year)
        )
        carrier[switch] = CARRIER_CODE["hvo100"]
    return carrier


def _energy_use(veh: _Vehicles, use: _InUse, ta, cfg: FleetConfig):
    """Tank energy [MJ] and electricity at the socket [kWh] per (year, vehicle)."""
    pt = use.powertrain
    gain = 1.0 - cfg.annual_efficiency_gain_pct / 100.0
    eff = gain ** np.maximum(0, use.model_year - cfg.base_year)
    phev = pt == rules.FUEL_CODE["phev"]
    share_el = cfg.phev_electric_share_pct / 100.0
    tank_mj = veh.km_year * ta["tank_mj_per_km"][veh.cls, pt] * veh.f_ice * eff
    tank_mj = np.where(phev, tank_mj * (1 - share_el), tank_mj)
    el_kwh = veh.km_year * ta["electric_kwh_per_km"][veh.cls, pt] * veh.f_bev * eff
    el_kwh = np.where(phev, el_kwh * share_el, el_kwh) / cfg.charging_efficiency
    tank_mj = np.where(use.carrier == NO_CARRIER, 0.0, tank_mj)
    return tank_mj, el_kwh


def _flows(setup: _Setup, hist: _History, cfg: FleetConfig) -> _Flows:
    """Energy, fuel amounts and emissions with the year's factors per (year, carrier)."""
    veh, years = setup.veh, setup.years
    carrier = _carriers(veh, hist.powertrain, hist.model_year, years, cfg)
    use = _InUse(hist.powertrain, hist.model_year, carrier)
    tank_mj, el_kwh = _energy_use(veh, use, setup.types, cfg)
    wtw, ttw, lhv = (setup.grids[c] for c in ("wtw_g_per_mj", "ttw_fossil_g_per_mj",
                                               "lhv_mj_per_unit"))  # fmt: skip
    yi = np.arange(len(years))[:, None]
    cc = np.where(carrier == NO_CARRIER, 0, carrier)
    return _Flows(
        carrier=carrier,
        tank_mj=tank_mj,
        el_kwh=el_kwh,
        fuel_amount=np.where(carrier == NO_CARRIER, 0.0, tank_mj / lhv[yi, cc]),
        co2e_g=tank_mj * wtw[yi, cc] + el_kwh * setup.el_g,
        co2_g=tank_mj * ttw[yi, cc],
    )


def _costs(setup: _Setup, hist: _History, flows: _Flows, cfg: FleetConfig) -> _Costs:
    """Capital (equivalent annual cost), energy and maintenance costs [SEK/year]."""
    veh, ta, pt, carrier = setup.veh, setup.types, hist.powertrain, flows.carrier
    prices = setup.prices
    cc = np.where(carrier == NO_CARRIER, 0, carrier)
    fuel = flows.fuel_amount * prices[cc] * (carrier != NO_CARRIER)
    electricity = flows.el_kwh * prices[CARRIER_CODE["electricity"]]
    return _Costs(
        economic_life=veh.econ_life,
        capital=_eac(setup, cfg, pt),
        energy=fuel + electricity,
        maintenance=veh.km_year * ta["maintenance_sek_per_km"][veh.cls, pt],
        fuel=fuel,
        electricity=electricity,
    )


def _eac(setup: _Setup, cfg: FleetConfig, powertrain: np.ndarray) -> np.ndarray:
    """Equivalent annual cost of the purchase price of ``powertrain`` (codes per (year, vehicle))
    over each vehicle's economic life [SEK/year]; also the modelled lease payment."""
    veh = setup.veh
    price = setup.types["purchase_sek"][veh.cls, powertrain]
    return costs.equivalent_annual_cost(price, cfg.discount_rate_real_pct, veh.econ_life)


def _vehicles(register, coldt, hist: _History, cost: _Costs) -> pd.DataFrame:
    """One row per vehicle: register columns, cold-climate figures and the plan's key years."""
    vehicles = pd.concat([register[["vehicle_id", "vehicle_class", "fuel", "duty", "parking",
                                    "depot"]], coldt], axis=1)  # fmt: skip
    vehicles["economic_life_years"] = cost.economic_life
    vehicles["first_replacement_year"] = hist.first_year
    vehicles["powertrain_end_year"] = np.array(FUELS)[hist.powertrain[-1]]
    return vehicles


def _notes(el_label: str, temps, coldt, cfg: FleetConfig) -> list[str]:
    """What a reader of the results must know: the electricity factor and cold-climate caveats."""
    notes = [f"electricity factor: {el_label}"]
    note = cold.validity_note(cold.design_temperature(temps, cfg))
    if note:
        notes.append(note)
    n_flag = int(coldt["is_winter_range_exceeded"].sum())
    if n_flag:
        notes.append(
            f"{n_flag} vehicle(s) drive more on a heavy winter day than a battery-electric "
            "vehicle of their class can (not planned as battery-electric unless "
            "allow_bev_beyond_winter_range)"
        )
    return notes


def _lifetime_km(cls: np.ndarray) -> np.ndarray:
    lt = table("lifetimes").set_index("vehicle_class")["lifetime_km"]
    return lt.reindex(list(CLASSES)).to_numpy(dtype=float)[cls]


def _vehicle_years(register, years, hist: _History, flows: _Flows, cost: _Costs) -> pd.DataFrame:
    ny, n = hist.powertrain.shape
    carriers = np.array([*CARRIERS, "none"])
    units = np.array([CARRIER_UNITS[c] for c in CARRIERS] + [""])
    cidx = np.where(flows.carrier < 0, len(CARRIERS), flows.carrier).ravel()
    rep = lambda col: np.tile(register[col].to_numpy(), ny)  # noqa: E731
    total = cost.capital + cost.energy + cost.maintenance
    return pd.DataFrame(
        {
            "year": np.repeat(years, n),
            "vehicle_id": rep("vehicle_id"),
            "vehicle_class": rep("vehicle_class"),
            "depot": rep("depot"),
            "duty": rep("duty"),
            "powertrain": np.array(FUELS)[hist.powertrain.ravel()],
            "model_year": hist.model_year.ravel(),
            "is_replaced": hist.is_replaced.ravel(),
            "annual_km": np.tile(register["annual_km"].to_numpy(dtype=float), ny),
            "fuel_carrier": carriers[cidx],
            "fuel_amount": flows.fuel_amount.ravel(),
            "fuel_unit": units[cidx],
            "fuel_kwh": (flows.tank_mj / MJ_PER_KWH).ravel(),
            "electricity_kwh": flows.el_kwh.ravel(),
            "energy_kwh": (flows.tank_mj / MJ_PER_KWH + flows.el_kwh).ravel(),
            "co2e_t_wtw": flows.co2e_g.ravel() / 1e6,
            "co2_t_fossil": flows.co2_g.ravel() / 1e6,
            "capital_cost_sek": cost.capital.ravel(),
            "energy_cost_sek": cost.energy.ravel(),
            "maintenance_cost_sek": cost.maintenance.ravel(),
            "cost_sek": total.ravel(),
        }
    )


def _plan(register, years, hist: _History, veh: _Vehicles) -> pd.DataFrame:
    yi, vi = np.nonzero(hist.is_replaced)
    return pd.DataFrame(
        {
            "vehicle_id": register["vehicle_id"].to_numpy()[vi],
            "vehicle_class": register["vehicle_class"].to_numpy()[vi],
            "depot": register["depot"].to_numpy()[vi],
            "year": years[yi],
            "old_powertrain": np.array(FUELS)[hist.old_powertrain[yi, vi]],
            "new_powertrain": np.array(FUELS)[hist.powertrain[yi, vi]],
            "reason": np.where(veh.leased[vi], "contract_end", "age_limit"),
            "is_bev_winter_range_ok": veh.bev_fits[vi],
        }
    ).sort_values(["year", "vehicle_id"], kind="stable", ignore_index=True)


def _stock(vy: pd.DataFrame) -> pd.DataFrame:
    return (
        vy.groupby(["year", "vehicle_class", "powertrain"], observed=True)
        .size()
        .rename("n_vehicles")
        .reset_index()
    )


def _energy(vy: pd.DataFrame) -> pd.DataFrame:
    fuel = (
        vy[vy["fuel_carrier"] != "none"]
        .groupby(["year", "fuel_carrier", "fuel_unit"])[["fuel_amount", "fuel_kwh", "co2_t_fossil"]]
        .sum()
        .reset_index()
        .rename(columns={"fuel_carrier": "carrier", "fuel_unit": "unit", "fuel_kwh": "energy_kwh"})
    )
    el = vy.groupby("year")["electricity_kwh"].sum().reset_index()
    el = el.assign(carrier="electricity", unit="kWh", fuel_amount=el["electricity_kwh"],
                   co2_t_fossil=0.0).rename(columns={"electricity_kwh": "energy_kwh"})  # fmt: skip
    out = pd.concat([fuel, el[fuel.columns]], ignore_index=True)
    out = out.rename(columns={"fuel_amount": "amount"})
    return out.sort_values(["year", "carrier"], ignore_index=True)


def _yearly(vy: pd.DataFrame, chargers: pd.DataFrame, cfg: FleetConfig) -> pd.DataFrame:
    g = vy.groupby("year")
    out = pd.DataFrame(
        {
            "n_vehicles": g.size(),
            "n_replaced": g["is_replaced"].sum(),
            "n_plugin_vehicles": g["powertrain"].agg(lambda s: int(s.isin(PLUGIN).sum())),
            "n_bev": g["powertrain"].agg(lambda s: int((s == "bev").sum())),
            "annual_km": g["annual_km"].sum(),
            "energy_kwh": g["energy_kwh"].sum(),
            "fuel_kwh": g["fuel_kwh"].sum(),
            "electricity_kwh": g["electricity_kwh"].sum(),
            "co2e_t_wtw": g["co2e_t_wtw"].sum(),
            "co2_t_fossil": g["co2_t_fossil"].sum(),
            "capital_cost_sek": g["capital_cost_sek"].sum(),
            "energy_cost_sek": g["energy_cost_sek"].sum(),
            "maintenance_cost_sek": g["maintenance_cost_sek"].sum(),
        }
    )
    ch = chargers.groupby("year")[["n_chargers", "charger_kw", "charger_cost_sek"]].sum()
    out = out.join(ch, how="left").fillna({"n_chargers": 0, "charger_kw": 0.0,
                                           "charger_cost_sek": 0.0})  # fmt: skip
    out["cost_sek"] = out[
        ["capital_cost_sek", "energy_cost_sek", "maintenance_cost_sek", "charger_cost_sek"]
    ].sum(axis=1)
    years = out.index.to_numpy()
    out["cost_pv_sek"] = out["cost_sek"] * costs.discount_factor(
        cfg.discount_rate_real_pct, years - cfg.base_year
    )
    out["cumulative_cost_sek"] = out["cost_sek"].cumsum()
    out["cumulative_cost_pv_sek"] = out["cost_pv_sek"].cumsum()
    base = float(out.loc[cfg.base_year, "co2_t_fossil"])
    out["target_co2_t_fossil"] = base * (1 - cfg.target_fossil_cut_pct / 100.0)
    out["fossil_cut_pct"] = np.where(base > 0, 100.0 * (1 - out["co2_t_fossil"] / base), 0.0)
    out["is_target_met"] = out["co2_t_fossil"] <= out["target_co2_t_fossil"] + 1e-9
    out["n_chargers"] = out["n_chargers"].astype(int)
    return out.reset_index()


def year_target_met(yearly: pd.DataFrame, cfg: FleetConfig) -> int | None:
    """First plan year from which the fossil-CO2 target holds in every later year, or None."""
    after = yearly[yearly["year"] > cfg.base_year]
    ok = after["is_target_met"].to_numpy()
    if not ok.any() or not ok[-1]:
        return None
    last_fail = np.flatnonzero(~ok)
    start = 0 if len(last_fail) == 0 else last_fail[-1] + 1
    return int(after["year"].to_numpy()[start])


def summarise(result: FleetResult) -> dict:
    """Headline numbers of a run (JSON-able)."""
    cfg, y = result.config, result.yearly.set_index("year")
    met = year_target_met(result.yearly, cfg)
    return {
        "kommun_id_scb": result.kommun.kommun_id_scb,
        "kommun": result.kommun.name,
        "scenario": result.scenario_name,
        "n_vehicles": int(len(result.register)),
        "base_year": cfg.base_year,
        "end_year": cfg.end_year,
        "base_tco2e_wtw": round(float(y.loc[cfg.base_year, "co2e_t_wtw"]), 3),
        "base_tco2_fossil": round(float(y.loc[cfg.base_year, "co2_t_fossil"]), 3),
        "target_year": cfg.target_year,
        "target_fossil_cut_pct": cfg.target_fossil_cut_pct,
        "target_year_tco2e_wtw": round(float(y.loc[cfg.target_year, "co2e_t_wtw"]), 3),
        "target_year_tco2_fossil": round(float(y.loc[cfg.target_year, "co2_t_fossil"]), 3),
        "is_target_met_in_target_year": bool(y.loc[cfg.target_year, "is_target_met"]),
        "year_target_met": met,
        "cumulative_cost_msek": round(float(y["cumulative_cost_sek"].iloc[-1]) / 1e6, 3),
        "cumulative_cost_pv_msek": round(float(y["cumulative_cost_pv_sek"].iloc[-1]) / 1e6, 3),
        "chargers": int(y["n_chargers"].max()),
        "charger_kw": round(float(y["charger_kw"].max()), 1),
        "chargers_target_year": int(y.loc[cfg.target_year, "n_chargers"]),
        "electricity_kwh_end_year": round(float(y["electricity_kwh"].iloc[-1]), 1),
        "n_winter_range_exceeded": int(result.vehicles["is_winter_range_exceeded"].sum()),
        "electricity_factor": result.electricity_label,
        "blend_scenario": cfg.blend_scenario,
        **_plan_summary(result, met),
        "notes": list(result.notes),
    }


def _plan_summary(result: FleetResult, met: int | None) -> dict:
    """Headline numbers of the limits, the backlog and the budget (issue 16)."""
    back, bud = result.backlog, result.budget
    free = result.year_target_met_unconstrained
    invest = bud["vehicle_investment_sek"] + bud["charger_investment_sek"]
    return {
        "year_target_met_unconstrained": free,
        "target_delay_years": None if met is None or free is None else met - free,
        "n_replaced_max": int(back["n_replaced"].max()) if len(back) else 0,
        "n_waiting_max": int(back["n_waiting"].max()) if len(back) else 0,
        "n_waiting_end_year": int(back["n_waiting"].iloc[-1]) if len(back) else 0,
        "extra_fossil_co2_t": round(float(back["extra_fossil_co2_t"].sum()), 3),
        "investment_msek": round(float(invest.sum()) / 1e6, 3),
        "lease_payments_msek": round(float(bud["lease_payment_sek"].sum()) / 1e6, 3),
        "payments_msek": round(float(bud["payments_sek"].sum()) / 1e6, 3),
        "change_payments_msek": round(float(bud["change_payments_sek"].sum()) / 1e6, 3),
        "n_renewals_needed": round(_renewal_need(result), 1),
    }


def _renewal_need(result: FleetResult) -> float:
    """Replacements per year the fleet needs in the long run: one per lease term or age limit
    of each vehicle [vehicles/year]."""
    return float((1.0 / rules.replacement_term(result.register, result.config)).sum())


def _budget_arrays(setup: _Setup, plan: _Plan) -> budget.PlanBudget:
    """A plan's inputs to :mod:`workbench.fleet.budget` (plan years: after the base year)."""
    veh, hist, cfg, cost = setup.veh, plan.hist, plan.cfg, plan.cost
    price = setup.types["purchase_sek"]
    old_pt = np.where(hist.old_powertrain >= 0, hist.old_powertrain, hist.powertrain)
    register = setup.register
    return budget.PlanBudget(
        cfg=cfg,
        years=setup.years[1:],
        department=register["department"].to_numpy(dtype=object),
        is_leased=veh.leased,
        life_years=register["vehicle_class"].map(cfg.lifetime_years).to_numpy(dtype=float),
        price_sek=price[veh.cls, hist.powertrain][1:],
        old_price_sek=price[veh.cls, old_pt][1:],
        model_year=hist.model_year[1:],
        old_model_year=hist.model_year[:-1],
        is_replaced=hist.is_replaced[1:],
        is_early=hist.is_early[1:],
        due_year=hist.due_year[1:],
        capital_sek=cost.capital[1:],
        old_capital_sek=_eac(setup, cfg, old_pt)[1:],
        fuel_cost_sek=cost.fuel[1:],
        electricity_cost_sek=cost.electricity[1:],
        maintenance_cost_sek=cost.maintenance[1:],
        chargers=_charger_groups(setup, plan),
    )


def _charger_groups(setup: _Setup, plan: _Plan) -> budget.ChargerGroups:
    """Depot points per (year, depot and class) sized as :func:`charger_table` sizes them."""
    register, cfg = setup.register, plan.cfg
    key = (
        register["depot"].astype(str) + "\x1f" + register["vehicle_class"].astype(str)
    ).to_numpy()
    groups, group = np.unique(key, return_inverse=True)
    is_plugin = np.isin(plan.hist.powertrain, [rules.FUEL_CODE[f] for f in PLUGIN])
    onehot = np.zeros((len(register), len(groups)))
    onehot[np.arange(len(register)), group] = 1.0
    first = np.unique(group, return_index=True)[1]
    kw = register["vehicle_class"].to_numpy()[first]
    return budget.ChargerGroups(
        group=group,
        installed=installed_points(is_plugin.astype(float) @ onehot, cfg),
        cost_per_point_sek=np.array([charger_cost_per_point(cfg.charger_kw[c], cfg) for c in kw]),
        is_plugin=is_plugin,
        life_years=cfg.charger_life_years,
    )


def _replacements_table(setup: _Setup, plan: _Plan, b: budget.PlanBudget) -> pd.DataFrame:
    """One row per replacement: when it fell due, what is procured and what it costs."""
    hist, veh, register = plan.hist, setup.veh, setup.register
    yi, vi = np.nonzero(b.is_replaced)
    lines = b.lines
    leased = veh.leased[vi]
    payment = np.where(leased, b.capital_sek[yi, vi], 0.0)
    term = veh.term[vi]
    years = b.years[yi]
    out = pd.DataFrame(
        {
            "vehicle_id": register["vehicle_id"].to_numpy()[vi],
            "department": register["department"].to_numpy()[vi],
            "depot": register["depot"].to_numpy()[vi],
            "vehicle_class": register["vehicle_class"].to_numpy()[vi],
            "year": years,
            "due_year": b.due_year[yi, vi],
            "delay_years": years - b.due_year[yi, vi],
            "is_early": b.is_early[yi, vi],
            "ownership": np.where(leased, "leased", "owned"),
            "old_powertrain": np.array(FUELS)[hist.old_powertrain[1:][yi, vi]],
            "new_powertrain": np.array(FUELS)[hist.powertrain[1:][yi, vi]],
            "purchase_sek": b.price_sek[yi, vi],
            "annual_lease_payment_sek": payment,
            "contract_years": term,
            "contract_value_sek": np.where(leased, payment * term, b.price_sek[yi, vi]),
            "residual_value_sek": lines["residual_value_sek"][yi, vi],
            "lease_buyout_sek": lines["lease_buyout_sek"][yi, vi],
        }
    )
    return out.sort_values(["year", "vehicle_id"], kind="stable", ignore_index=True)


def _backlog(setup: _Setup, plan: _Plan, free: _Plan) -> pd.DataFrame:
    """Per plan year: vehicles due, replaced and waiting (and which limit kept them), and the
    emissions the waiting adds against the plan without limits."""
    hist = plan.hist
    wait = hist.wait_reason[1:]
    out = pd.DataFrame(
        {
            "year": setup.years[1:],
            "n_due": hist.is_due[1:].sum(axis=1),
            "n_replaced": hist.is_replaced[1:].sum(axis=1),
            "n_replaced_early": hist.is_early[1:].sum(axis=1),
            "n_waiting": (hist.is_due & ~hist.is_replaced)[1:].sum(axis=1),
            **{
                f"n_waiting_{name}": (wait == code).sum(axis=1)
                for code, name in constraints.WAIT_REASONS.items()
            },
            "n_replaced_unconstrained": free.hist.is_replaced[1:].sum(axis=1),
            "fossil_co2_t": _yearly_sum(setup, plan.flows.co2_g)[1:],
            "unconstrained_fossil_co2_t": _yearly_sum(setup, free.flows.co2_g)[1:],
            "wtw_co2e_t": _yearly_sum(setup, plan.flows.co2e_g)[1:],
            "unconstrained_wtw_co2e_t": _yearly_sum(setup, free.flows.co2e_g)[1:],
        }
    )
    out["extra_fossil_co2_t"] = out["fossil_co2_t"] - out["unconstrained_fossil_co2_t"]
    out["extra_wtw_co2e_t"] = out["wtw_co2e_t"] - out["unconstrained_wtw_co2e_t"]
    out["cumulative_extra_fossil_co2_t"] = out["extra_fossil_co2_t"].cumsum()
    return out


def _yearly_sum(setup: _Setup, grams: np.ndarray) -> np.ndarray:
    """Per year, the sum over vehicles of ``grams`` in tonnes, summed as ``yearly`` sums them."""
    n = grams.shape[1]
    tonnes = pd.Series(grams.ravel() / 1e6)
    return tonnes.groupby(np.repeat(setup.years, n)).sum().to_numpy()


def _year_met(setup: _Setup, plan: _Plan) -> int | None:
    """The year the fossil-CO2 target is met in ``plan`` (as :func:`year_target_met`)."""
    cfg = plan.cfg
    fossil = _yearly_sum(setup, plan.flows.co2_g)
    target = fossil[0] * (1 - cfg.target_fossil_cut_pct / 100.0)
    frame = pd.DataFrame({"year": setup.years, "is_target_met": fossil <= target + 1e-9})
    return year_target_met(frame, cfg)


def _constraint_notes(setup: _Setup, plan: _Plan) -> list[str]:
    """What the limits did: a cap below the fleet's lasting renewal need, vehicles still waiting
    at the horizon's end."""
    cfg, hist, veh = plan.cfg, plan.hist, setup.veh
    if constraints.limits(cfg) is None:
        return []
    notes = []
    need = 1.0 / veh.term  # replacements per year each vehicle needs in the long run
    caps = [("all classes", cfg.max_replacements_per_year, need.sum())] + [
        (c, cap, need[veh.cls == rules.CLASS_CODE[c]].sum())
        for c, cap in cfg.max_replacements_per_year_by_class.items()
    ]
    for what, cap, rate in caps:
        if cap is not None and cap < rate:
            notes.append(
                f"the cap of {cap} replacements per year ({what}) is below the fleet's lasting "
                f"renewal need of {rate:.1f} per year (one per lease term or age limit): the "
                "backlog cannot clear"
            )
    waiting = int((hist.is_due[-1] & ~hist.is_replaced[-1]).sum())
    if waiting:
        notes.append(
            f"{waiting} vehicle(s) due for replacement still wait in {setup.years[-1]}: the "
            "replacement limits leave no room for them within the horizon"
        )
    return notes
