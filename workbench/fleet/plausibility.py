"""Plausibility ranges per vehicle class: values a register may hold but that look like typos.

``data/fleet/plausibility.csv`` gives per class the annual distance range [km/year], the
oldest model year (``max_age_years`` before the plan's base year) and the longest lease
(``max_lease_years`` after the model year); each row has its source (they are assumptions,
stated as such). A value outside is not refused (the register's hard limits are in
:mod:`workbench.fleet.register`) but listed as a warning with file row, column and value, in
``attrs["plausibility_warnings"]`` of the read register and in the validation report
(:func:`workbench.fleet.report.register_report`).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from workbench.core.errors import Problem
from workbench.core.paths import data_path


@cache
def ranges() -> pd.DataFrame:
    """The plausibility table, indexed by vehicle class."""
    return pd.read_csv(data_path("fleet", "plausibility.csv"), encoding="utf-8").set_index(
        "vehicle_class"
    )


def warnings(register: pd.DataFrame, src: str, base_year: int | None = None) -> list[str]:
    """One line per implausible value (file row, column, value, the class's range), by row."""
    rows = pd.Series(register.attrs.get("source_rows") or range(2, len(register) + 2))
    # without attrs: pandas deep-copies them (100,000 source rows) at every step below
    reg = pd.DataFrame(register, copy=False).reset_index(drop=True)
    limits = ranges().reindex(reg["vehicle_class"]).reset_index(drop=True)
    km, lo, hi = reg["annual_km"], limits["annual_km_min"], limits["annual_km_max"]
    found: list[Problem] = []
    for i in reg.index[~km.between(lo, hi)]:
        found.append(Problem(src, f"{lo[i]:,.0f}–{hi[i]:,.0f} km a year for a "
                             f"{reg.at[i, 'vehicle_class']} (plausibility range; mil given as "
                             "km?)", int(rows[i]), "annual_km", float(km[i])))  # fmt: skip
    if base_year is not None:
        oldest = base_year - limits["max_age_years"]
        for i in reg.index[reg["model_year"] < oldest]:
            found.append(Problem(src, f"a model year from {oldest[i]} on for a "
                                 f"{reg.at[i, 'vehicle_class']} (at most "
                                 f"{limits.at[i, 'max_age_years']} years old in {base_year})",
                                 int(rows[i]), "model_year", int(reg.at[i, "model_year"])))  # fmt: skip
    end_year = reg["contract_end"].dt.year
    first, last = reg["model_year"] - 1, reg["model_year"] + limits["max_lease_years"]
    for i in reg.index[end_year.notna() & ~end_year.between(first, last)]:
        found.append(Problem(src, f"a contract end in {first[i]}–{last[i]} (model year to "
                             f"{limits.at[i, 'max_lease_years']} years after)", int(rows[i]),
                             "contract_end", reg.at[i, "contract_end"].date().isoformat()))  # fmt: skip
    found.sort(key=lambda p: (p.row, p.column))
    return [f"implausible: {p}" for p in found]
