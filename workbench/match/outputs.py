"""Write a matching run's tables and summary through :mod:`workbench.core.outputs`.

Layout of ``out_dir``::

    summary.json            headline figures, every variant per year, notes
    annual.parquet/.csv     one row per (year, strategy, with_battery): energy, shares, value
    monthly.parquet/.csv    the same per month (Europe/Stockholm calendar)
    depot_monthly.parquet   charging energy per depot and month, per strategy
    depot_annual.parquet    depot-by-depot matching (only with a building -> depot map)
    sessions.parquet        plug-in sessions, vehicles, depots and unserved energy per year
    buildings.parquet       the selected buildings with capacity and annual PV
    not_selected.csv        every other building with the reason it was not selected
    excluded_features.csv   input features the building reader excluded, with reason codes
    hourly/<year>_<strategy>[_battery].parquet   the hourly balance (8760/8784 rows, UTC)
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.outputs import write_csv, write_json, write_parquet
from workbench.match.result import MatchResult

CSV_ONLY = ("not_selected", "excluded_features")  # one row per building: read by people
CSV_TOO = ("annual", "monthly")  # the headline tables: also as CSV


def write(result: MatchResult, out_dir: str | Path) -> dict[str, Path]:
    """Write every table of ``result`` under ``out_dir``; return the paths by name."""
    out = Path(out_dir)
    paths = {"summary": write_json(out / "summary.json", result.summary)}
    for name, table in result.tables.items():
        if name in CSV_ONLY:
            paths[name] = write_csv(out / f"{name}.csv", table)
            continue
        paths[name] = write_parquet(out / f"{name}.parquet", table)
        if name in CSV_TOO:
            paths[f"{name}_csv"] = write_csv(out / f"{name}.csv", table)
    return paths
