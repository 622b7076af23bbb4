"""Fossil-free fleet transition for municipal organisations in Norrbotten.

- :func:`read_register` — vehicle register (CSV/Excel, Swedish or English) → validated table;
- :func:`run_scenario` — year-by-year replacement plan, energy, emissions, costs, chargers;
- :func:`charging_sessions`, :func:`charging_profile` — depot plug-in sessions and hourly load;
- :func:`demo_register` — SYNTHETIC demo registers for the 14 municipalities;
- :func:`compute` — a municipality's plan from a register file or its demo register
  (:mod:`workbench.fleet.run` also writes the files: ``run``, and holds the demo ``stage``);
- :mod:`workbench.fleet.trafikanalys`, :mod:`workbench.fleet.stock` — the registered car stock.
"""

from workbench.fleet.charging import charging_profile, charging_sessions
from workbench.fleet.engine import FleetResult, run_scenario, summarise
from workbench.fleet.factors import factor_tables
from workbench.fleet.register import read_register
from workbench.fleet.run import compute
from workbench.fleet.synthetic import demo_register

__all__ = [
    "FleetResult",
    "charging_profile",
    "charging_sessions",
    "compute",
    "demo_register",
    "factor_tables",
    "read_register",
    "run_scenario",
    "summarise",
]
