"""Small hand-checkable fleets for the fleet tests (budget, constraints, follow-up).

Identical owned petrol pool cars at a mild climate (25 °C every month: no cold factor) and
without bio blend (``no_blend``: fossil petrol 69.3 g CO2/MJ, IPCC 2006): one car driving
10,000 km/year × 2.22 MJ/km (``data/fleet/vehicle_types.csv``) emits 1.53846 t fossil CO2 a year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config import Scenario, validate
from workbench.fleet import run_scenario
from workbench.fleet.register import validate_register

MILD = np.full(12, 25.0)  # °C, above T_ref = 20 °C
CAR_T = 10_000 * 2.22 * 69.3 / 1e6  # 1.53846 t fossil CO2 per petrol car and year
BEV_CAR_SEK = 350_000  # purchase price of a battery-electric car, data/fleet/vehicle_types.csv
PETROL_CAR_SEK = 260_000


def cars(n: int, model_year=2015, ownership="owned", end=None) -> pd.DataFrame:
    """``n`` identical petrol cars of the pool (model years: one or one per car)."""
    years = np.broadcast_to(np.asarray(model_year), (n,))
    return validate_register(
        pd.DataFrame(
            {
                "vehicle_id": [f"ABC{i:03d}" for i in range(n)],
                "vehicle_class": "car",
                "fuel": "petrol",
                "model_year": years.astype(int),
                "annual_km": 10_000.0,
                "department": "Kommunledningsförvaltningen",
                "ownership": ownership,
                "contract_end": pd.NaT if end is None else pd.Timestamp(end),
                "duty": "pool",
                "parking": "outdoors",
                "depot": "Stadshuset",
            }
        )
    )


def scenario(**fleet) -> Scenario:
    base = {"base_year": 2025, "end_year": 2035, "target_year": 2030,
            "target_fossil_cut_pct": 70.0, "blend_scenario": "no_blend",
            "replacement_fuels": {"car": ["bev", "same"], "van": ["same"], "truck": ["same"],
                                  "bus": ["same"], "machine": ["same"]}}  # fmt: skip
    return validate(Scenario, {"name": "test", "fleet": {**base, **fleet}})


def run(register, **fleet):
    return run_scenario(register, scenario(**fleet), "Luleå", temps_monthly=MILD)
