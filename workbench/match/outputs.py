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


def write_outputs(result: MatchResult, out_dir: str | Path) -> dict[str, Path]:
    """Write every table of ``result`` under ``out_dir``; return the paths by name."""
    out = Path(out_dir)
    t = result.tables
    paths = {
        "summary": write_json(out / "summary.json", result.summary()),
        "annual": write_parquet(out / "annual.parquet", t.annual),
        "annual_csv": write_csv(out / "annual.csv", t.annual),
        "monthly": write_parquet(out / "monthly.parquet", t.monthly),
        "monthly_csv": write_csv(out / "monthly.csv", t.monthly),
        "depot_monthly": write_parquet(out / "depot_monthly.parquet", t.depot_monthly),
        "sessions": write_parquet(out / "sessions.parquet", t.sessions),
        "buildings": write_parquet(out / "buildings.parquet", result.pv.buildings),
        "not_selected": write_csv(out / "not_selected.csv", result.pv.selection.excluded),
        "excluded_features": write_csv(out / "excluded_features.csv", result.pv.reader_excluded),
    }
    if len(t.depot_annual):
        paths["depot_annual"] = write_parquet(out / "depot_annual.parquet", t.depot_annual)
    for (year, strategy, battery), hourly in sorted(t.hourly.items()):
        name = f"{year}_{strategy}{'_battery' if battery else ''}"
        frame = hourly.reset_index(names="time_utc")
        paths[f"hourly_{name}"] = write_parquet(out / "hourly" / f"{name}.parquet", frame)
    return paths
