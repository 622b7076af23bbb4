"""Rooftop solar potential per building and per municipality.

:func:`rooftop_potential` chains the steps: footprints (:mod:`workbench.buildings`)
-> roof planes (:func:`workbench.solar.planes.roof_planes`) -> specific yield per distinct
plane orientation (:func:`workbench.pv.specific_yield`, run once per orientation and
mounting) -> energy per plane, per building and in summaries.

Bands: ``low``/``high`` combine the usable-fraction band of the roof assumptions with
the symmetric weather band ``weather_uncertainty_pct`` (low = low area × (1 − u),
high = high area × (1 + u)).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from workbench.buildings import BuildingSet, from_frame, read
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.reference import kommuner as km
from workbench.solar.planes import roof_planes, size_class
from workbench.solar.schema import SYNTHETIC_LABEL

log = logging.getLogger(__name__)

MONTHS = list(range(1, 13))
SPECIFIC_MONTH_COLUMNS = [f"kwh_per_kwp_m{m:02d}" for m in MONTHS]
UNKNOWN_KOMMUN = ""
SUMMARY_COLUMNS = [
    "n_buildings",
    "n_buildings_with_pv",
    "footprint_area_m2",
    "usable_area_m2",
    "capacity_kwp",
    "capacity_low_kwp",
    "capacity_high_kwp",
    "annual_mwh",
    "annual_low_mwh",
    "annual_high_mwh",
    "kwh_per_kwp",
]


@dataclass
class RooftopResult:
    """Per-building potential with its planes, summaries and the excluded features."""

    buildings: gpd.GeoDataFrame
    planes: pd.DataFrame
    by_type: pd.DataFrame
    by_kommun: pd.DataFrame
    monthly: pd.DataFrame
    excluded: gpd.GeoDataFrame
    summary: dict = field(default_factory=dict)

    def top(self, n: int = 20) -> gpd.GeoDataFrame:
        """The ``n`` buildings with the highest annual energy [kWh]."""
        return self.buildings.nlargest(n, "annual_kwh", keep="first")


def as_building_set(buildings, min_area_m2: float) -> BuildingSet:
    """Accept a path, a :class:`BuildingSet`, a schema GeoDataFrame or any footprint GeoDataFrame."""
    if isinstance(buildings, BuildingSet):
        return buildings
    if isinstance(buildings, str | Path):
        return read(buildings, min_area_m2=min_area_m2)
    if isinstance(buildings, gpd.GeoDataFrame):
        return from_frame(buildings, min_area_m2=min_area_m2)
    raise TypeError(f"buildings must be a path, BuildingSet or GeoDataFrame, got {type(buildings)}")


def resolve_weather(weather, kommun: km.Kommun | None) -> pd.DataFrame:
    """A weather frame: given, read from a file, or the municipality's embedded typical year."""
    if isinstance(weather, pd.DataFrame):
        return weather
    from workbench import weather as wx

    if weather is not None:
        return wx.read(weather)
    if kommun is None:
        raise ValueError("give kommun= (for its typical year) or weather= (a frame or a file)")
    return wx.typical_year(kommun.kommun_id_scb)


def orientation_yields(
    planes: pd.DataFrame, weather: pd.DataFrame, system: PVSystem, resolution_deg: float
) -> pd.DataFrame:
    """Specific yield [kWh kWp-1] per distinct (mounting, tilt, azimuth) of suitable planes.

    Tilt and azimuth are rounded to ``resolution_deg``; the PV engine runs once per
    distinct orientation and mounting (``close_mount`` flush, ``open_rack`` racks).
    """
    keys = orientation_keys(planes, resolution_deg)
    distinct = keys.loc[planes["is_suitable"].to_numpy(dtype=bool)].drop_duplicates()
    distinct = distinct.sort_values(["mounting", "tilt_key", "azimuth_key"]).reset_index(drop=True)
    parts = []
    for mounting, group in distinct.groupby("mounting", sort=True):
        sysm = system.model_copy(update={"mounting": mounting})
        values = _specific_yield(weather, group["tilt_key"], group["azimuth_key"], sysm)
        parts.append(
            pd.concat([group.reset_index(drop=True), values.reset_index(drop=True)], axis=1)
        )
    columns = ["mounting", "tilt_key", "azimuth_key", "annual_kwh_per_kwp", *SPECIFIC_MONTH_COLUMNS]
    if not parts:  # no suitable plane: an empty table with the dtypes of a filled one
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c == "mounting" else float) for c in columns}
        )
    return pd.concat(parts, ignore_index=True)[columns]


def _specific_yield(weather, tilt, azimuth, system) -> pd.DataFrame:
    from workbench.pv import specific_yield

    return specific_yield(weather, tilt.to_numpy(float), azimuth.to_numpy(float), system)


def orientation_keys(planes: pd.DataFrame, resolution_deg: float) -> pd.DataFrame:
    """Rounded orientation of each plane: ``mounting``, ``tilt_key``, ``azimuth_key`` [°]."""
    r = resolution_deg
    tilt = np.round(planes["surface_tilt"].to_numpy(float) / r) * r
    azim = np.mod(np.round(planes["surface_azimuth"].to_numpy(float) / r) * r, 360.0)
    return pd.DataFrame(
        {"mounting": planes["mounting"].to_numpy(), "tilt_key": tilt, "azimuth_key": azim},
        index=planes.index,
    )


def plane_energy(
    planes: pd.DataFrame, yields: pd.DataFrame, assumptions: RoofAssumptions
) -> pd.DataFrame:
    """Planes with ``kwh_per_kwp`` and ``annual_kwh`` (+ low/high) and monthly specific yield."""
    keys = orientation_keys(planes, assumptions.azimuth_resolution_deg)
    joined = keys.merge(yields, on=["mounting", "tilt_key", "azimuth_key"], how="left")
    out = planes.copy()
    spec = joined["annual_kwh_per_kwp"].to_numpy()
    spec = np.where(out["is_suitable"].to_numpy(), spec, 0.0)
    u = assumptions.weather_uncertainty_pct / 100.0
    out["kwh_per_kwp"] = np.where(out["is_suitable"], spec, np.nan)
    out["annual_kwh"] = out["capacity_kwp"].to_numpy() * spec
    out["annual_low_kwh"] = out["capacity_low_kwp"].to_numpy() * spec * (1 - u)
    out["annual_high_kwh"] = out["capacity_high_kwp"].to_numpy() * spec * (1 + u)
    for col in SPECIFIC_MONTH_COLUMNS:
        out[col] = np.where(out["is_suitable"], joined[col].to_numpy(), 0.0)
    return out


def building_potential(
    buildings: gpd.GeoDataFrame, planes: pd.DataFrame, assumptions
) -> gpd.GeoDataFrame:
    """Per-building sums of the planes: capacity, energy (+ bands), usable area, kWh/kWp."""
    sums = planes.groupby("building_id", sort=False).agg(
        n_planes=("plane_id", "size"),
        n_planes_suitable=("is_suitable", "sum"),
        roof_model=("roof_model", "first"),
        usable_area_m2=("usable_area_m2", "sum"),
        capacity_kwp=("capacity_kwp", "sum"),
        capacity_low_kwp=("capacity_low_kwp", "sum"),
        capacity_high_kwp=("capacity_high_kwp", "sum"),
        annual_kwh=("annual_kwh", "sum"),
        annual_low_kwh=("annual_low_kwh", "sum"),
        annual_high_kwh=("annual_high_kwh", "sum"),
    )
    out = buildings.copy()
    out["size_class"] = size_class(out["footprint_area_m2"], assumptions)
    joined = sums.reindex(out["building_id"].to_numpy())
    for col in sums.columns:
        out[col] = joined[col].to_numpy()
    cap = out["capacity_kwp"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["kwh_per_kwp"] = np.where(cap > 0, out["annual_kwh"].to_numpy() / cap, np.nan)
    out["n_planes_suitable"] = out["n_planes_suitable"].astype("int64")
    out["n_planes"] = out["n_planes"].astype("int64")
    geometry = out.pop(out.geometry.name)
    return gpd.GeoDataFrame(out, geometry=geometry.to_numpy(), crs=buildings.crs)


def summarise(buildings: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Totals by ``by`` (e.g. kommun, building type): counts, areas, kWp and MWh with bands."""
    g = buildings.groupby(by, sort=True, observed=True)
    out = pd.DataFrame(
        {
            "n_buildings": g.size(),
            "n_buildings_with_pv": g["capacity_kwp"].apply(lambda s: int((s > 0).sum())),
            "footprint_area_m2": g["footprint_area_m2"].sum(),
            "usable_area_m2": g["usable_area_m2"].sum(),
            "capacity_kwp": g["capacity_kwp"].sum(),
            "capacity_low_kwp": g["capacity_low_kwp"].sum(),
            "capacity_high_kwp": g["capacity_high_kwp"].sum(),
            "annual_mwh": g["annual_kwh"].sum() / 1000.0,
            "annual_low_mwh": g["annual_low_kwh"].sum() / 1000.0,
            "annual_high_mwh": g["annual_high_kwh"].sum() / 1000.0,
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["kwh_per_kwp"] = np.where(
            out["capacity_kwp"] > 0, out["annual_mwh"] * 1000.0 / out["capacity_kwp"], np.nan
        )
    return out.reset_index()


def monthly_table(buildings: pd.DataFrame, planes: pd.DataFrame) -> pd.DataFrame:
    """Monthly energy [kWh] by municipality and building type (long: one row per month)."""
    keyed = planes[["building_id", "capacity_kwp", *SPECIFIC_MONTH_COLUMNS]].merge(
        buildings[["building_id", "kommun_id_scb", "building_type"]], on="building_id", how="left"
    )
    energy = keyed[SPECIFIC_MONTH_COLUMNS].mul(keyed["capacity_kwp"], axis=0)
    energy[["kommun_id_scb", "building_type"]] = keyed[["kommun_id_scb", "building_type"]]
    wide = energy.groupby(["kommun_id_scb", "building_type"], sort=True).sum()
    wide.columns = MONTHS
    long = wide.stack().rename("energy_kwh").reset_index()
    return long.rename(columns={"level_2": "month"})


def building_monthly_kwh(result: RooftopResult) -> pd.DataFrame:
    """Monthly energy [kWh] per building (columns ``kwh_m01`` … ``kwh_m12``)."""
    p = result.planes
    energy = p[SPECIFIC_MONTH_COLUMNS].mul(p["capacity_kwp"], axis=0)
    energy.columns = [f"kwh_m{m:02d}" for m in MONTHS]
    energy["building_id"] = p["building_id"].to_numpy()
    out = energy.groupby("building_id", sort=False).sum()
    return out.reindex(result.buildings["building_id"].to_numpy()).fillna(0.0)


def _kommun_column(buildings: gpd.GeoDataFrame, kommun: km.Kommun | None) -> pd.Series:
    if kommun is not None:
        return pd.Series(kommun.kommun_id_scb, index=buildings.index, dtype="string")
    if "kommun_id_scb" in buildings.columns:
        return buildings["kommun_id_scb"].astype("string").fillna(UNKNOWN_KOMMUN)
    return pd.Series(UNKNOWN_KOMMUN, index=buildings.index, dtype="string")


def prepare(buildings, kommun, weather, assumptions, system):
    """Shared set-up of the in-memory and the dask paths."""
    a = assumptions or RoofAssumptions()
    system = system or PVSystem()
    k = km.get(kommun) if kommun is not None else None
    bset = as_building_set(buildings, a.min_footprint_area_m2)
    b = bset.buildings.copy()
    b["kommun_id_scb"] = _kommun_column(b, k)
    wx = resolve_weather(weather, k)
    return a, system, k, bset, b, wx


def finish(bset, b, planes, a, wx, k, synthetic: bool) -> RooftopResult:
    """Per-building table, summaries and summary dict from planes with energy."""
    per_building = building_potential(b, planes, a)
    if synthetic:
        per_building["data_origin"] = SYNTHETIC_LABEL
    by_type = summarise(per_building, ["kommun_id_scb", "building_type"])
    by_kommun = summarise(per_building, ["kommun_id_scb"])
    monthly = monthly_table(per_building, planes)
    return RooftopResult(
        buildings=per_building,
        planes=planes,
        by_type=by_type,
        by_kommun=by_kommun,
        monthly=monthly,
        excluded=bset.excluded,
        summary=summary_dict(bset, per_building, wx, k, synthetic),
    )


def summary_dict(bset: BuildingSet, b: pd.DataFrame, weather, kommun, synthetic: bool) -> dict:
    """The run's headline numbers and accounting (written as ``summary.json``)."""
    cap = float(b["capacity_kwp"].sum())
    energy = float(b["annual_kwh"].sum())
    report = bset.report
    # file name only: absolute paths differ between machines and output folders
    source = Path(report["source"]).name if report.get("source") else None
    return {
        "synthetic": bool(synthetic),
        "data_origin": SYNTHETIC_LABEL if synthetic else source,
        "kommun_id_scb": kommun.kommun_id_scb if kommun else None,
        "kommun": kommun.name if kommun else None,
        "source": source,
        "format": report.get("format"),
        "schema": report.get("schema"),
        "source_crs": report.get("source_crs"),
        "n_input": report["n_input"],
        "n_included": report["n_included"],
        "n_excluded": report["n_excluded"],
        "n_excluded_by_reason": report["n_excluded_by_reason"],
        "n_repaired_by_kind": report["n_repaired_by_kind"],
        "n_unparsed_attribute_values": report.get("n_unparsed_attribute_values", 0),
        "unparsed_attribute_values_by_column": report.get(
            "unparsed_attribute_values_by_column", {}
        ),
        "n_buildings_with_pv": int((b["capacity_kwp"] > 0).sum()),
        "footprint_area_m2": float(b["footprint_area_m2"].sum()),
        "usable_area_m2": float(b["usable_area_m2"].sum()),
        "total_kwp": cap,
        "total_low_kwp": float(b["capacity_low_kwp"].sum()),
        "total_high_kwp": float(b["capacity_high_kwp"].sum()),
        "annual_mwh": energy / 1000.0,
        "annual_low_mwh": float(b["annual_low_kwh"].sum()) / 1000.0,
        "annual_high_mwh": float(b["annual_high_kwh"].sum()) / 1000.0,
        "kwh_per_kwp": energy / cap if cap > 0 else None,
        "weather_source": weather.attrs.get("source", "weather frame"),
        "reader_warnings": report.get("reader_warnings", []),
    }


def rooftop_potential(
    buildings,
    kommun=None,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
    *,
    synthetic: bool = False,
) -> RooftopResult:
    """Rooftop PV potential of every building: capacity, annual and monthly energy.

    Parameters
    ----------
    buildings
        A footprint file path, a :class:`~workbench.buildings.BuildingSet` or a GeoDataFrame.
    kommun
        Municipality (code or name) for every building and for the default weather;
        ``None`` keeps a ``kommun_id_scb`` column of the buildings (else empty).
    weather
        A weather frame, a weather file path, or ``None`` for the municipality's typical year.
    assumptions
        Roof assumptions (``Scenario.roofs``); defaults to ``RoofAssumptions()``.
    system
        PV system (``Scenario.pv``); defaults to ``PVSystem()``.
    synthetic
        Label every output as synthetic demo data.

    Returns
    -------
    RooftopResult
        ``.buildings`` (GeoDataFrame, EPSG:3006) with ``capacity_kwp``, ``annual_kwh``,
        ``kwh_per_kwp`` and ``_low``/``_high`` bands [kWp, kWh, kWh kWp-1]; ``.planes``;
        ``.by_type``/``.by_kommun`` summaries; ``.monthly`` [kWh]; ``.excluded``; ``.summary``.
    """
    a, system, k, bset, b, wx = prepare(buildings, kommun, weather, assumptions, system)
    planes = roof_planes(b, a)
    yields = orientation_yields(planes, wx, system, a.azimuth_resolution_deg)
    log.info("%d buildings, %d planes, %d orientations", len(b), len(planes), len(yields))
    planes = plane_energy(planes, yields, a)
    return finish(bset, b, planes, a, wx, k, synthetic)
