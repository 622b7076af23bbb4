"""Write a fleet run's files (English snake_case columns with unit suffixes).

Layout of ``out_dir``:

- ``summary.json`` — headline numbers (:attr:`workbench.fleet.engine.FleetResult.summary`);
- ``plan`` — replacement events per vehicle (year, old and new powertrain, reason);
- ``yearly`` — per year: stock, energy, emissions, costs and cumulative costs,
  chargers, target check;
- ``vehicles`` — per vehicle: cold factors, winter-range check, first replacement;
- ``stock``, ``energy``, ``procurement`` (CVD quotas), ``chargers`` — yearly detail;
- ``vehicle_years`` — one row per vehicle and year;
- ``assumptions.csv`` and ``factors/<table>.csv`` — every assumption and factor
  with unit, year and source.

Tables go to Parquet and CSV; ``detail_parquet=False`` writes the detail tables as
CSV only. Every file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.outputs import write_csv, write_json, write_parquet
from workbench.fleet.engine import MAIN_TABLES, FleetResult
from workbench.fleet.factors import factor_tables


def write(result: FleetResult, out_dir: str | Path, detail_parquet: bool = True) -> dict[str, Path]:
    """Write a run's tables, assumptions, factors and ``summary.json``; return the paths by name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, df in result.tables.items():
        if name == "assumptions":
            paths[name] = write_csv(out / "assumptions.csv", df)
            continue
        if name in MAIN_TABLES or detail_parquet:
            paths[name] = write_parquet(out / f"{name}.parquet", df)
        paths[f"{name}_csv"] = write_csv(out / f"{name}.csv", df)
    for name, table in factor_tables().items():
        paths[f"factors/{name}"] = write_csv(out / "factors" / f"{name}.csv", table)
    paths["summary"] = write_json(out / "summary.json", result.summary)
    return paths
