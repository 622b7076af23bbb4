"""Inter-annual band of the specific yield: the municipality's roofs under each year of a series.

The typical year gives one specific yield [kWh kWp-1]; a real year can be sunnier or duller.
:func:`annual_yields` runs the same PV engine on the same roof planes
(:func:`workbench.solar.potential.yields_for_keys`, one run per distinct orientation and
mounting) for every calendar year of a multi-year hourly series (the PVGIS-ERA5 series of
:mod:`workbench.weather.series`) and weights the orientations by their installed capacity
[kWp], as the summary's ``kwh_per_kwp`` is weighted: with the typical year as the "series" it
gives exactly that figure. :func:`band` condenses the years to min, max and mean for
``summary.json`` (key ``interannual``) and the municipality report.

Only the weather changes from year to year: roofs, system, losses and the monthly albedo and
snow climatology of the seat stay as in the typical-year run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from workbench.config.pv import PVSystem
from workbench.core.exactsum import GroupSums
from workbench.core.outputs import sha256_file
from workbench.solar.potential import RooftopResult, orientation_keys, yields_for_keys
from workbench.weather import series as wseries

KEYS = ["mounting", "tilt_key", "azimuth_key"]


def orientation_sums(planes: pd.DataFrame, resolution_deg: float) -> GroupSums:
    """Exact sums (:class:`~workbench.core.exactsum.GroupSums`) of the suitable planes'
    installed capacity [kWp] by rounded orientation (``KEYS``): batches and partitions add up
    to the same bits whatever their split."""
    suitable = planes["is_suitable"].to_numpy(dtype=bool)
    keys = orientation_keys(planes, resolution_deg).loc[suitable]
    keys["capacity_kwp"] = planes["capacity_kwp"].to_numpy(dtype=float)[suitable]
    return GroupSums(KEYS, ["capacity_kwp"]).add(keys)


def add_capacities(parts: list[GroupSums]) -> pd.DataFrame:
    """The kWp per orientation of several batches (:func:`orientation_sums`): ``KEYS`` and
    ``capacity_kwp``, sorted by orientation."""
    total = GroupSums(KEYS, ["capacity_kwp"])
    for part in parts:
        total.update(part)
    return total.frame().drop(columns="n_rows")


def capacity_by_orientation(planes: pd.DataFrame, resolution_deg: float) -> pd.DataFrame:
    """Installed capacity [kWp] of the suitable planes per rounded orientation (``KEYS`` +
    ``capacity_kwp``), sorted (:func:`add_capacities` of one :func:`orientation_sums`)."""
    return add_capacities([orientation_sums(planes, resolution_deg)])


def weighted_yield(weather: pd.DataFrame, capacity: pd.DataFrame, system: PVSystem) -> float:
    """Capacity-weighted specific yield [kWh kWp-1] of the orientations ``capacity`` under one
    weather frame (``nan`` without capacity)."""
    total = float(capacity["capacity_kwp"].sum())
    if total <= 0:
        return float("nan")
    yields = yields_for_keys(capacity[KEYS], weather, system)
    joined = capacity.merge(yields, on=KEYS, how="left")
    return float(np.sum(joined["capacity_kwp"] * joined["annual_kwh_per_kwp"]) / total)


def annual_yields(series: pd.DataFrame, capacity: pd.DataFrame, system: PVSystem) -> pd.DataFrame:
    """One row per calendar year (UTC) of ``series``: ``year``, ``n_hours`` and the
    capacity-weighted ``kwh_per_kwp`` [kWh kWp-1] (:func:`weighted_yield`)."""
    rows = [
        {"year": year, "n_hours": len(part), "kwh_per_kwp": weighted_yield(part, capacity, system)}
        for year, part in wseries.by_year(series).items()
    ]
    return pd.DataFrame(rows, columns=["year", "n_hours", "kwh_per_kwp"])


def band_of(years: pd.DataFrame, series: pd.DataFrame) -> dict:
    """``summary.json``'s ``interannual``: the yearly yields and their min, mean and max."""
    values = years["kwh_per_kwp"].to_numpy(dtype=float)
    lo, hi = int(np.argmin(values)), int(np.argmax(values))
    attrs = series.attrs
    path = attrs.get("path")
    prov = attrs.get("provenance") or {}
    first, last = int(years["year"].min()), int(years["year"].max())
    return {
        "weather_source": str(attrs.get("source", "weather series")),
        "raddatabase": str(prov.get("raddatabase_used", attrs.get("raddatabase", "unknown"))),
        "first_year": first,
        "last_year": last,
        "n_years": len(years),
        "file": None if path is None else Path(path).name,
        "sha256": prov.get("sha256") or (sha256_file(path) if path else None),
        "retrieved_utc": prov.get("retrieved_utc"),
        "kwh_per_kwp_min": float(values[lo]),
        "kwh_per_kwp_max": float(values[hi]),
        "kwh_per_kwp_mean": float(values.mean()),
        "year_of_min": int(years["year"].iloc[lo]),
        "year_of_max": int(years["year"].iloc[hi]),
        "kwh_per_kwp_by_year": {
            str(int(y)): float(v) for y, v in zip(years["year"], values, strict=True)
        },  # fmt: skip
    }


def band_for(capacity: pd.DataFrame, series: pd.DataFrame, system: PVSystem) -> dict | None:
    """The band (:func:`band_of`) of the kWp per orientation ``capacity`` under ``series``;
    ``None`` without capacity."""
    if capacity.empty or capacity["capacity_kwp"].sum() <= 0:
        return None
    return band_of(annual_yields(series, capacity, system), series)


def band(
    result: RooftopResult, series: pd.DataFrame, system: PVSystem, resolution_deg: float
) -> dict | None:
    """The inter-annual band of a rooftop result under ``series`` (:func:`band_of`); ``None``
    when no plane is suitable."""
    capacity = result.orientation_kwp
    if capacity is None:
        capacity = capacity_by_orientation(result.planes, resolution_deg)
    return band_for(capacity, series, system)
