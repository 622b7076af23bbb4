"""Hourly PV production of the municipality's own buildings, from the rooftop and PV engines.

Buildings are read (:mod:`workbench.buildings`), the municipality's own are selected
(:func:`workbench.match.selection.select_buildings`), their roof planes laid out
(:func:`workbench.solar.planes.roof_planes`), and each distinct rounded orientation and mounting is
run once through :func:`workbench.pv.hourly_specific_power` on the municipality's typical year,
by the same loop (:func:`workbench.solar.potential.per_orientation`) that
:func:`workbench.solar.rooftop_potential` uses for annual sums (so the hourly series sums to
that function's ``annual_kwh`` for the same buildings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.config import Scenario
from workbench.match.selection import Selection, select_buildings
from workbench.pv import hourly_specific_power
from workbench.reference import kommuner as km
from workbench.solar.planes import roof_planes
from workbench.solar.potential import orientation_keys, per_orientation, prepare
from workbench.weather.timing import timing_summary


@dataclass
class PVSupply:
    """PV of the selected buildings: hourly energy, per-building capacity, selection record."""

    hourly_kwh: pd.Series
    buildings: pd.DataFrame
    selection: Selection
    building_report: dict = field(default_factory=dict)
    weather_source: str = ""
    weather_timing: dict = field(default_factory=dict)
    reader_excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    hourly_by_depot: pd.DataFrame | None = None
    depot_map_unknown_ids: list[str] = field(default_factory=list)

    @property
    def capacity_kwp(self) -> float:
        """Installed capacity on the selected roofs [kWp]."""
        return float(self.buildings["capacity_kwp"].sum())


def municipal_pv(
    kommun,
    buildings,
    scenario: Scenario,
    *,
    building_type: str | None = "public",
    owner: str | None = None,
    ids=None,
    weather=None,
    depot_of: Mapping[str, str] | None = None,
) -> PVSupply:
    """Hourly PV [kWh] of a typical year on the roofs of the municipality's own buildings.

    Parameters
    ----------
    kommun
        Municipality (code or name); its typical year is the weather unless ``weather`` is given.
    buildings
        Footprint file path, :class:`workbench.buildings.BuildingSet` or GeoDataFrame.
    scenario
        Roof (``scenario.roofs``) and PV system (``scenario.pv``) assumptions.
    building_type, owner, ids
        Selection rule (:func:`workbench.match.selection.select_buildings`).
    weather
        Weather frame or file (path or :class:`~workbench.weather.WeatherFile`); default the
        municipality's embedded typical year.
    depot_of
        ``building_id -> depot`` for buildings whose PV sits behind a depot's meter; also
        gives ``hourly_by_depot`` (one column per depot, ``""`` for buildings at no depot).

    Returns
    -------
    PVSupply
        ``hourly_kwh`` on the weather's UTC index; ``buildings`` with ``building_id``,
        ``building_type``, ``capacity_kwp`` [kWp] and ``annual_kwh`` [kWh] per selected building.
    """
    k = km.get(kommun)
    prep = prepare(buildings, k, weather, scenario.roofs, scenario.pv)
    a, bset, wx = prep.assumptions, prep.building_set, prep.weather
    selection = select_buildings(prep.buildings, building_type=building_type, owner=owner, ids=ids)
    chosen = selection.buildings
    planes = roof_planes(chosen, a) if len(chosen) else pd.DataFrame()
    chosen_ids = chosen["building_id"].astype(str)
    unknown_depot_ids: list[str] = []
    if depot_of is not None:
        depot_of = {str(b): str(d) for b, d in depot_of.items()}
        unknown_depot_ids = sorted(set(depot_of) - set(chosen_ids))
        depot_labels = sorted(set(depot_of.values()) | {""})
        by_depot = np.zeros((len(wx), len(depot_labels)))
    hourly = np.zeros(len(wx))
    per_building = pd.Series(0.0, index=chosen["building_id"].astype(str).to_numpy())
    capacity = pd.Series(0.0, index=per_building.index)
    if len(planes):
        use = planes[planes["is_suitable"].to_numpy() & (planes["capacity_kwp"] > 0).to_numpy()]
        keys = orientation_keys(use, a.azimuth_resolution_deg)
        keyed = pd.concat([keys, use[["building_id", "capacity_kwp"]]], axis=1)

        def engine(tilt, azimuth, sysm):  # (hours, orientations) [kWh kWp-1 per hour]
            return hourly_specific_power(wx, tilt, azimuth, sysm).to_numpy()

        for _, group, distinct, spec in per_orientation(keyed, prep.system, engine):
            col = group.merge(
                distinct.reset_index(names="col"), on=["tilt_key", "azimuth_key"], how="left"
            )["col"].to_numpy()
            kwp = group["capacity_kwp"].to_numpy(float)
            weights = np.bincount(col, weights=kwp, minlength=len(distinct))
            hourly += spec @ weights
            if depot_of is not None:
                code = pd.Categorical(
                    group["building_id"].astype(str).map(depot_of).fillna(""),
                    categories=depot_labels,
                ).codes
                w = np.bincount(
                    col * len(depot_labels) + code,
                    weights=kwp,
                    minlength=len(distinct) * len(depot_labels),
                ).reshape(len(distinct), len(depot_labels))
                by_depot += spec @ w
            annual_per_plane = spec.sum(axis=0)[col] * kwp
            per_building = per_building.add(
                pd.Series(annual_per_plane, index=group["building_id"].astype(str).to_numpy())
                .groupby(level=0)
                .sum(),
                fill_value=0.0,
            )
            capacity = capacity.add(
                pd.Series(kwp, index=group["building_id"].astype(str).to_numpy())
                .groupby(level=0)
                .sum(),
                fill_value=0.0,
            )
    ids_in_order = chosen["building_id"].astype(str).to_numpy()
    table_out = pd.DataFrame(
        {
            "building_id": ids_in_order,
            "building_type": chosen["building_type"].astype(str).to_numpy(),
            "footprint_area_m2": chosen["footprint_area_m2"].to_numpy(float),
            "capacity_kwp": capacity.reindex(ids_in_order).fillna(0.0).to_numpy(),
            "annual_kwh": per_building.reindex(ids_in_order).fillna(0.0).to_numpy(),
        }
    )
    if depot_of is not None:
        table_out["depot"] = [depot_of.get(b, "") for b in ids_in_order]
    return PVSupply(
        hourly_kwh=pd.Series(hourly, index=wx.index, name="pv_kwh"),
        buildings=table_out,
        selection=selection,
        building_report=dict(bset.report),
        weather_source=str(wx.attrs.get("source", "")),
        weather_timing=timing_summary(wx),
        reader_excluded=pd.DataFrame(bset.excluded.drop(columns=bset.excluded.geometry.name)),
        hourly_by_depot=None
        if depot_of is None
        else pd.DataFrame(by_depot, index=wx.index, columns=depot_labels),
        depot_map_unknown_ids=unknown_depot_ids,
    )
