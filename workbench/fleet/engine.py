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
from workbench.fleet import cold, costs, rules
from workbench.fleet.charging import PLUGIN, charger_table
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
MAIN_TABLES = ("plan", "yearly")
DETAIL_TABLES = ("vehicles", "stock", "energy", "procurement", "chargers", "vehicle_years")
TABLE_NAMES = MAIN_TABLES + DETAIL_TABLES
NO_CARRIER = -1


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
    temps_monthly: np.ndarray
    electricity_label: str
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
        """Every table by name: :data:`MAIN_TABLES`, :data:`DETAIL_TABLES` and ``assumptions``
        (the scenario's fleet section with unit, year and source)."""
        out = {name: getattr(self, name).reset_index(drop=True) for name in TABLE_NAMES}
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


@dataclass(frozen=True)
class _History:
    """Powertrain state per (year, vehicle) after the replacements, shape (n_years, n)."""

    powertrain: np.ndarray  # fuel code in use
    model_year: np.ndarray  # model year of the vehicle in use
    is_replaced: np.ndarray  # replaced in that year
    old_powertrain: np.ndarray  # fuel code before the replacement (-1 where none)
    first_year: np.ndarray  # first replacement year per vehicle, shape (n,)


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
    energy: np.ndarray
    maintenance: np.ndarray


def run_scenario(register: pd.DataFrame, scenario="default", kommun="Luleå", temps_monthly=None):
    """Run a fleet-transition scenario for one municipality.

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
    years = np.arange(cfg.base_year, cfg.end_year + 1)
    ta = _type_arrays()
    coldt = cold.vehicle_cold_table(register, temps, cfg)
    veh = _vehicle_arrays(register, coldt, cfg)
    hist = _replacements(
        register, veh, years, offered=ta["is_offered"], cfg=cfg, kommun_id=k.kommun_id_scb
    )
    el_g, el_label = electricity_factor(cfg.electricity_factor)
    flows = _flows(veh, hist, years, ta, cfg=cfg, el_g=el_g)
    cost = _costs(veh, hist, flows, ta, cfg)
    vy = _vehicle_years(register, years, hist, flows, cost)
    chargers = charger_table(vy, cfg)
    plan = _plan(register, years, hist, veh)
    return FleetResult(
        kommun=k,
        scenario_name=name,
        config=cfg,
        register=register,
        vehicles=_vehicles(register, coldt, hist, cost),
        vehicle_years=vy,
        plan=plan,
        yearly=_yearly(vy, chargers, cfg),
        stock=_stock(vy),
        energy=_energy(vy),
        procurement=procurement_table(plan, years),
        chargers=chargers,
        temps_monthly=temps,
        electricity_label=el_label,
        notes=_notes(el_label, temps, coldt, cfg),
    )


def _vehicle_arrays(register: pd.DataFrame, coldt: pd.DataFrame, cfg: FleetConfig) -> _Vehicles:
    life = register["vehicle_class"].map(cfg.lifetime_years).to_numpy(dtype=int)
    leased = (register["ownership"] == "leased").to_numpy()
    return _Vehicles(
        cls=register["vehicle_class"].map(rules.CLASS_CODE).to_numpy(dtype=int),
        km_year=register["annual_km"].to_numpy(dtype=float),
        f_bev=coldt["f_bev_annual"].to_numpy(),
        f_ice=coldt["f_ice_annual"].to_numpy(),
        bev_fits=~coldt["is_winter_range_exceeded"].to_numpy(),
        leased=leased,
        term=np.where(leased, cfg.lease_term_years, life),
    )


def _replacements(register, veh: _Vehicles, years, *, offered, cfg, kommun_id) -> _History:
    """The replacement loop over years, vectorised over vehicles (:mod:`workbench.fleet.rules`)."""
    n, ny = len(register), len(years)
    pt = np.array(register["fuel"].map(rules.FUEL_CODE), dtype=int)
    my = np.array(register["model_year"], dtype=int)
    first_year = rules.first_replacement_year(register, cfg)
    nxt = first_year.astype(int)  # a copy, advanced by each replacement
    hist = _History(
        powertrain=np.empty((ny, n), dtype=int),
        model_year=np.empty((ny, n), dtype=int),
        is_replaced=np.zeros((ny, n), dtype=bool),
        old_powertrain=np.full((ny, n), -1, dtype=int),
        first_year=first_year,
    )
    for i, year in enumerate(years):
        due = nxt <= year
        if i > 0 and due.any():
            idx = np.flatnonzero(due)
            new = rules.choose_powertrain(
                veh.cls[idx], pt[idx], int(year), veh.bev_fits[idx], offered, cfg, kommun_id
            )
            hist.old_powertrain[i, idx] = pt[idx]
            pt[idx] = new
            my[idx] = year
            nxt[idx] = year + veh.term[idx]
            hist.is_replaced[i, idx] = True
        hist.powertrain[i], hist.model_year[i] = pt, my
    return hist


def _carriers(veh: _Vehicles, hist: _History, years, cfg: FleetConfig) -> np.ndarray:
    """Carrier code burnt in the tank per (year, vehicle); diesel may switch to HVO100."""
    tank_carrier_of = np.array(
        [CARRIER_CODE[TANK_CARRIER[f]] if TANK_CARRIER[f] else NO_CARRIER for f in FUELS]
    )
    carrier = tank_carrier_of[hist.powertrain]
    if cfg.hvo_switch_year is not None:
        switch_cls = np.isin(veh.cls, [rules.CLASS_CODE[c] for c in cfg.hvo_switch_classes])
        switch = (
            (years[:, None] >= cfg.hvo_switch_year)
            & (hist.powertrain == rules.FUEL_CODE["diesel"])
            & switch_cls[None, :]
            & (hist.model_year >= cfg.hvo_min_model_year)
        )
        carrier[switch] = CARRIER_CODE["hvo100"]
    return carrier


def _energy_use(veh: _Vehicles, hist: _History, carrier, ta, cfg: FleetConfig):
    """Tank energy [MJ] and electricity at the socket [kWh] per (year, vehicle)."""
    pt = hist.powertrain
    gain = 1.0 - cfg.annual_efficiency_gain_pct / 100.0
    eff = gain ** np.maximum(0, hist.model_year - cfg.base_year)
    phev = pt == rules.FUEL_CODE["phev"]
    share_el = cfg.phev_electric_share_pct / 100.0
    tank_mj = veh.km_year * ta["tank_mj_per_km"][veh.cls, pt] * veh.f_ice * eff
    tank_mj = np.where(phev, tank_mj * (1 - share_el), tank_mj)
    el_kwh = veh.km_year * ta["electric_kwh_per_km"][veh.cls, pt] * veh.f_bev * eff
    el_kwh = np.where(phev, el_kwh * share_el, el_kwh) / cfg.charging_efficiency
    tank_mj = np.where(carrier == NO_CARRIER, 0.0, tank_mj)
    return tank_mj, el_kwh


def _flows(veh: _Vehicles, hist: _History, years, ta, *, cfg: FleetConfig, el_g: float) -> _Flows:
    """Energy, fuel amounts and emissions with the year's factors per (year, carrier)."""
    ny = len(years)
    carrier = _carriers(veh, hist, years, cfg)
    tank_mj, el_kwh = _energy_use(veh, hist, carrier, ta, cfg)
    ff = fuel_factors(years, cfg.blend_scenario, cfg.electricity_factor)
    grid = pd.MultiIndex.from_product([years, CARRIERS])
    wtw = ff["wtw_g_per_mj"].reindex(grid).to_numpy().reshape(ny, len(CARRIERS))
    ttw = ff["ttw_fossil_g_per_mj"].reindex(grid).to_numpy().reshape(ny, len(CARRIERS))
    lhv = ff["lhv_mj_per_unit"].reindex(grid).to_numpy().reshape(ny, len(CARRIERS))
    yi = np.arange(ny)[:, None]
    cc = np.where(carrier == NO_CARRIER, 0, carrier)
    return _Flows(
        carrier=carrier,
        tank_mj=tank_mj,
        el_kwh=el_kwh,
        fuel_amount=np.where(carrier == NO_CARRIER, 0.0, tank_mj / lhv[yi, cc]),
        co2e_g=tank_mj * wtw[yi, cc] + el_kwh * el_g,
        co2_g=tank_mj * ttw[yi, cc],
    )


def _costs(veh: _Vehicles, hist: _History, flows: _Flows, ta, cfg: FleetConfig) -> _Costs:
    """Capital (equivalent annual cost), energy and maintenance costs [SEK/year]."""
    n, pt, carrier = len(veh.cls), hist.powertrain, flows.carrier
    econ_life = np.clip(
        np.divide(_lifetime_km(veh.cls), veh.km_year, out=np.full(n, 20.0), where=veh.km_year > 0),
        3,
        20,
    )
    prices = energy_prices(cfg.price_year).reindex(list(CARRIERS)).to_numpy()
    cc = np.where(carrier == NO_CARRIER, 0, carrier)
    return _Costs(
        economic_life=econ_life,
        capital=costs.equivalent_annual_cost(
            ta["purchase_sek"][veh.cls, pt], cfg.discount_rate_real_pct, econ_life
        ),
        energy=(
            flows.fuel_amount * prices[cc] * (carrier != NO_CARRIER)
            + flows.el_kwh * prices[CARRIER_CODE["electricity"]]
        ),
        maintenance=veh.km_year * ta["maintenance_sek_per_km"][veh.cls, pt],
    )


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
        "notes": list(result.notes),
    }
