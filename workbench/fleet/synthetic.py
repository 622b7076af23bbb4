"""SYNTHETIC demo vehicle registers for the 14 municipalities (not real vehicles).

Municipal organisation fleets are not public (domain-fleet.md §8.4), so the demo
uses synthetic registers that look like a Norrbotten municipal fleet; every
table carries ``attrs["synthetic"] = True`` and the vehicle ids start with ``SYN``.

Construction (seeded per municipality, byte-identical on every run):

- size: 4.2 vehicles per 1,000 inhabitants, at least 20 — Luleå's leased fleet is
  191 cars + 93 light vans for ~77,000 inhabitants (lulea.se 2018, domain-fleet.md §8.4)
  plus a few trucks, buses and machines;
- classes: 60 % cars, 28 % vans, 5 % trucks, 2 % buses, 5 % machines (assumption);
- fuels: cars mostly petrol/diesel with some HEV/PHEV/BEV, vans 85 %+ diesel (light
  lorries in Norrbotten are 88–96 % diesel, Trafikanalys 2021), biogas only in
  Luleå, Piteå and Boden where stations exist, heavy vehicles diesel;
- duties: cars home care / service / pool; home-care distances grow with the
  municipality's land area (longer drives between clients inland);
- 75 % of cars and vans leased with contract ends 2025–2028 (36-month leases);
  heavy vehicles and machines owned;
- owned vehicles renewed at a steady pace: ages spread evenly over the class's
  replacement age (``FleetConfig.lifetime_years``), with 10 % kept up to 3 years
  beyond it (assumption), so the plan meets a realistic backlog, not a one-year cliff.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.fleet import FleetConfig
from workbench.fleet.register import COLUMNS, validate_register
from workbench.reference import kommuner as km

PER_1000 = 4.2
MIN_VEHICLES = 20
CLASS_SHARES = {"car": 0.60, "van": 0.28, "truck": 0.05, "bus": 0.02, "machine": 0.05}
# biogas stations (Luleå, Piteå, Boden): the fleet assumption, one list for demo and engine
BIOGAS_KOMMUNER = tuple(FleetConfig().biogas_kommuner)
LIFETIME = dict(FleetConfig().lifetime_years)
FUEL_MIX = {
    "car": {"petrol": 0.30, "diesel": 0.34, "hev": 0.10, "phev": 0.10, "bev": 0.10, "e85": 0.06},
    "van": {"diesel": 0.88, "petrol": 0.05, "bev": 0.05, "phev": 0.02},
    "truck": {"diesel": 1.0},
    "bus": {"diesel": 1.0},
    "machine": {"diesel": 1.0},
}
BIOGAS_SHARE = {"car": 0.12, "van": 0.10, "truck": 0.15, "bus": 0.0, "machine": 0.0}
DUTY = {
    "car": {"home_care": 0.45, "service": 0.35, "pool": 0.20},
    "van": {"service": 1.0},
    "truck": {"heavy": 1.0},
    "bus": {"route": 1.0},
    "machine": {"machine": 1.0},
}
KM_MEDIAN = {"home_care": 16000, "service": 13000, "pool": 8000, "heavy": 22000,
             "route": 35000, "machine": 4000}  # fmt: skip
OVERDUE_SHARE = 0.10  # owned vehicles kept beyond the replacement age (assumption)
OVERDUE_MAX_YEARS = 3
PARKING = {"heated_garage": 0.25, "engine_heater": 0.60, "outdoors": 0.15}
DEPARTMENTS = {
    "home_care": "Socialförvaltningen",
    "service": "Tekniska förvaltningen",
    "pool": "Kommunledningsförvaltningen",
    "heavy": "Tekniska förvaltningen",
    "route": "Barn- och utbildningsförvaltningen",
    "machine": "Tekniska förvaltningen",
}


def _pick(rng, options: dict, n: int) -> np.ndarray:
    keys = list(options)
    p = np.array([options[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _owned_age(rng, lifetime_years: int, n: int) -> np.ndarray:
    """Ages [year] of owned vehicles renewed steadily: even over ``0 … lifetime − 1``,
    and for :data:`OVERDUE_SHARE` of them 0 to :data:`OVERDUE_MAX_YEARS` years beyond it."""
    age = rng.integers(0, lifetime_years, n)
    overdue = rng.random(n) < OVERDUE_SHARE
    beyond = lifetime_years + rng.integers(0, OVERDUE_MAX_YEARS + 1, n)
    return np.where(overdue, beyond, age)


def demo_register(kommun, base_year: int = 2025) -> pd.DataFrame:
    """A SYNTHETIC register for ``kommun`` (seeded by its code), validated like a real one.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`workbench.fleet.register.COLUMNS`; ``attrs["synthetic"]``
        is True and ``attrs["description"]`` says how it was made.
    """
    k = km.get(kommun)
    rng = np.random.default_rng(int(k.kommun_id_scb) * 1009 + base_year)
    n = max(MIN_VEHICLES, round(k.population * PER_1000 / 1000))
    counts = {c: int(round(s * n)) for c, s in CLASS_SHARES.items()}
    counts["car"] += n - sum(counts.values())
    rows = []
    area_scale = (k.land_area_km2 / 2000.0) ** 0.25
    for cls, count in counts.items():
        if count <= 0:
            continue
        mix = dict(FUEL_MIX[cls])
        if k.kommun_id_scb in BIOGAS_KOMMUNER and BIOGAS_SHARE[cls] > 0:
            mix = {f: s * (1 - BIOGAS_SHARE[cls]) for f, s in mix.items()}
            mix["biogas"] = BIOGAS_SHARE[cls]
        fuel = _pick(rng, mix, count)
        duty = _pick(rng, DUTY[cls], count)
        med = np.array([KM_MEDIAN[d] for d in duty], dtype=float)
        med = np.where(duty == "home_care", med * area_scale, med)
        annual_km = np.round(med * rng.lognormal(0.0, 0.30, count), -2)
        light = cls in ("car", "van")
        leased = light & (rng.random(count) < 0.75)
        lease_age = rng.integers(0, 3, count)
        model_year = np.where(
            leased, base_year - lease_age, base_year - _owned_age(rng, LIFETIME[cls], count)
        )
        end_month = rng.integers(1, 13, count)
        end_year = base_year + rng.integers(0, 4, count)
        for i in range(count):
            rows.append(
                {
                    "vehicle_class": cls,
                    "fuel": fuel[i],
                    "model_year": int(model_year[i]),
                    "annual_km": float(annual_km[i]),
                    "department": DEPARTMENTS[duty[i]],
                    "ownership": "leased" if leased[i] else "owned",
                    "contract_end": (
                        pd.Timestamp(int(end_year[i]), int(end_month[i]), 1)
                        + pd.offsets.MonthEnd(0)
                        if leased[i]
                        else pd.NaT
                    ),
                    "duty": duty[i],
                    "parking": "heated_garage" if cls in ("bus", "truck") and i % 2 == 0 else None,
                }
            )
    df = pd.DataFrame(rows)
    need = df["parking"].isna()
    df.loc[need, "parking"] = _pick(rng, PARKING, int(need.sum()))
    df.insert(0, "vehicle_id", [f"SYN{k.kommun_id_scb}-{i + 1:04d}" for i in range(len(df))])
    df["depot"] = df["department"]
    df["contract_end"] = pd.to_datetime(df["contract_end"]).astype("datetime64[ns]")
    df = df[COLUMNS]
    for col in ("vehicle_id", "vehicle_class", "fuel", "department", "ownership", "duty",
                "parking", "depot"):  # fmt: skip
        df[col] = df[col].astype(str)
    df = validate_register(df)
    df.attrs["synthetic"] = True
    df.attrs["description"] = (
        f"SYNTHETIC demo register for {k.name} ({len(df)} vehicles): not real vehicles; "
        "see workbench.fleet.synthetic for how it was made"
    )
    return df


def synthetic_fleet(n_vehicles: int, seed: int = 0, kommun="Luleå") -> pd.DataFrame:
    """A SYNTHETIC register of ``n_vehicles`` (benchmarks): demo registers repeated with new ids."""
    base = demo_register(kommun)
    reps = int(np.ceil(n_vehicles / len(base)))
    df = pd.concat([base] * reps, ignore_index=True).iloc[:n_vehicles].copy()
    rng = np.random.default_rng(seed)
    df["annual_km"] = np.round(df["annual_km"].to_numpy() * rng.lognormal(0, 0.1, len(df)), -2)
    df["vehicle_id"] = [f"SYN-{i:06d}" for i in range(len(df))]
    df.attrs["synthetic"] = True
    return validate_register(df.reset_index(drop=True))


# what becomes of the plan's replacements in the SYNTHETIC follow-up register (shares, assumption)
FOLLOW_UP_SHARES = {"late": 0.12, "other_powertrain": 0.10, "missing": 0.04, "delayed": 0.08}
EARLY_SHARE = 0.04  # of the vehicles the plan keeps: replaced early
NEW_SHARE = 0.03  # of the fleet: vehicles added that the plan does not know
OTHER_POWERTRAIN = {"bev": "phev", "biogas": "diesel", "hvo100": "diesel", "phev": "hev"}


def follow_up_register(result, year: int | None = None) -> pd.DataFrame:
    """A SYNTHETIC register of a later year for ``result``'s plan: the plan carried out with
    deviations, for demonstrating and testing the follow-up (not real vehicles).

    Of the vehicles the plan replaces by ``year`` (default: the year after its base year), 12 %
    are still in use, 10 % got another powertrain (a plug-in hybrid instead of a battery-electric
    vehicle, diesel instead of biogas or HVO100), 4 % left without a replacement, 8 % were
    replaced a year late where the year allows it, the rest as planned. Of the others, 4 % were
    replaced early; 3 % of the fleet are added vehicles. Replacements get new ids (``SYN<code>-5…``)
    and name the vehicle they replace (``replaces_vehicle_id``, ``attrs["replaces"]``).
    """
    cfg, register = result.config, result.register
    year = cfg.base_year + 1 if year is None else year
    rng = np.random.default_rng([int(result.kommun.kommun_id_scb), year, 2])
    first = result.plan.drop_duplicates("vehicle_id").set_index("vehicle_id")
    planned = register["vehicle_id"].map(first["year"]).to_numpy(dtype=float)
    powertrain = register["vehicle_id"].map(first["new_powertrain"]).fillna(register["fuel"])
    fate = _fates(rng, planned <= year)
    rows, links = [], {}
    for i, row in enumerate(register.to_dict("records")):
        kind = fate[i]
        if kind == "missing":
            continue
        if kind == "kept":
            rows.append(row)
            continue
        new_fuel = powertrain.iloc[i]
        if kind == "other_powertrain":
            new_fuel = OTHER_POWERTRAIN.get(new_fuel, row["fuel"])
        built = min(year, int(planned[i]) + 1) if kind == "delayed" else (
            int(planned[i]) if planned[i] <= year else year)  # fmt: skip
        new = _replacement(row, new_fuel, built, cfg, rng)
        new["vehicle_id"] = f"SYN{result.kommun.kommun_id_scb}-{5001 + len(links):04d}"
        links[new["vehicle_id"]] = row["vehicle_id"]
        rows.append(new)
    rows += _added(rng, register, year, round(NEW_SHARE * len(register)), result)
    return _follow_up_frame(rows, links, result, year)


def _fates(rng, replaced_by_year: np.ndarray) -> np.ndarray:
    """Per vehicle: kept, missing, other_powertrain, delayed, early, or as_planned."""
    u = rng.random(len(replaced_by_year))
    edges = np.cumsum(list(FOLLOW_UP_SHARES.values()))
    planned = np.select([u < e for e in edges], ["kept", "other_powertrain", "missing",
                                                 "delayed"], "as_planned")  # fmt: skip
    kept = np.where(u < EARLY_SHARE, "early", "kept")
    return np.where(replaced_by_year, planned, kept)


def _replacement(row: dict, fuel: str, built: int, cfg: FleetConfig, rng) -> dict:
    """The vehicle replacing ``row``: same office, class and duty, new powertrain and age."""
    new = dict(row, fuel=fuel, model_year=int(built))
    if row["ownership"] == "leased":
        end = pd.Timestamp(built + cfg.lease_term_years, int(rng.integers(1, 13)), 1)
        new["contract_end"] = end + pd.offsets.MonthEnd(0)
    return new


def _added(rng, register: pd.DataFrame, year: int, n: int, result) -> list[dict]:
    """``n`` vehicles the plan does not know (new leased cars of random offices)."""
    rows = []
    for j in range(n):
        template = register.iloc[int(rng.integers(len(register)))].to_dict()
        template.update(vehicle_class="car", fuel="bev", duty="pool", model_year=year,
                        ownership="leased",
                        contract_end=pd.Timestamp(year + 3, 6, 30),
                        vehicle_id=f"SYN{result.kommun.kommun_id_scb}-{8001 + j:04d}")  # fmt: skip
        rows.append(template)
    return rows


def _follow_up_frame(rows: list[dict], links: dict, result, year: int) -> pd.DataFrame:
    df = pd.DataFrame(rows)[COLUMNS]
    df["contract_end"] = pd.to_datetime(df["contract_end"]).astype("datetime64[ns]")
    df = validate_register(df.reset_index(drop=True))
    df.attrs["synthetic"] = True
    df.attrs["replaces"] = links
    df.attrs["description"] = (
        f"SYNTHETIC follow-up register of {result.kommun.name} for {year} ({len(df)} vehicles): "
        "the plan carried out with made-up deviations; not real vehicles"
    )
    return df
