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

import functools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from workbench import weather as wx
from workbench.buildings import BuildingSet, from_frame, read
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.core.exactsum import GroupSums
from workbench.pv import specific_yield
from workbench.reference import kommuner as km
from workbench.solar import totals as tot
from workbench.solar.planes import roof_planes, size_class
from workbench.solar.schema import SYNTHETIC_LABEL
from workbench.weather.timing import timing_summary

log = logging.getLogger(__name__)
T = TypeVar("T")

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
    """Per-building potential with its planes, summaries and the excluded features.

    ``reader_report`` is the footprint reader's accounting (:attr:`BuildingSet.report`);
    ``inputs`` names the files a run used by role (``"buildings"``, ``"weather"``) and
    ``synthetic_inputs`` the roles that are synthetic demo data.
    """

    buildings: gpd.GeoDataFrame
    planes: pd.DataFrame
    by_type: pd.DataFrame
    by_kommun: pd.DataFrame
    monthly: pd.DataFrame
    excluded: gpd.GeoDataFrame
    kommun: km.Kommun | None = None
    reader_report: dict = field(default_factory=dict)
    weather_source: str = "weather frame"
    weather_timing: dict = field(default_factory=dict)
    synthetic: bool = False
    inputs: dict[str, Path] = field(default_factory=dict)
    synthetic_inputs: list[str] = field(default_factory=list)
    #: where the input files lie against the municipality
    #: (:meth:`workbench.reference.location.LocationCheck.as_dict`), one per checked file
    location_checks: list[dict] = field(default_factory=list)
    #: exact sums by municipality and building type (:func:`workbench.solar.totals.building_sums`)
    totals: GroupSums | None = None
    #: the specific yield under each year of a cached multi-year series
    #: (:func:`workbench.solar.interannual.band`); ``None`` (and no summary key) without one
    interannual: dict | None = None
    #: kWp per rounded orientation of the suitable planes
    #: (:func:`workbench.solar.interannual.capacity_by_orientation`), set by the streaming path,
    #: whose ``planes`` stay in its files; ``None``: computed from ``planes``
    orientation_kwp: pd.DataFrame | None = None

    @property
    def summary(self) -> dict:
        """Headline numbers and accounting, JSON-able (``summary.json``)."""
        extra = {"interannual": self.interannual} if self.interannual is not None else {}
        return summarise(self) | {"location_checks": self.location_checks} | extra

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables as written (no geometry; building centroids [m] in SWEREF 99 TM)."""
        return output_tables(self)

    def top(self, n: int = 20) -> gpd.GeoDataFrame:
        """The ``n`` buildings with the highest annual energy [kWh]."""
        return self.buildings.nlargest(n, "annual_kwh", keep="first")


@dataclass(frozen=True)
class Prepared:
    """What the in-memory, the dask and the hourly (match) paths share before roof planes.

    ``buildings`` is the footprint table with ``kommun_id_scb`` set; ``building_set`` keeps the
    reader's excluded features and report; ``weather`` is the weather frame used.
    """

    assumptions: RoofAssumptions
    system: PVSystem
    kommun: km.Kommun | None
    building_set: BuildingSet
    buildings: gpd.GeoDataFrame
    weather: pd.DataFrame


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
    """A weather frame: given, read from a file (a path, read with ``time_offset="detect"``, or a
    :class:`~workbench.weather.WeatherFile` with its own rule), or the municipality's embedded
    typical year."""
    if isinstance(weather, pd.DataFrame):
        return weather
    if isinstance(weather, wx.WeatherFile):
        return weather.read()
    if weather is not None:
        return wx.read(weather)
    if kommun is None:
        raise ValueError("give kommun= (for its typical year) or weather= (a frame or a file)")
    return wx.typical_year(kommun.kommun_id_scb)


def per_orientation(
    keys: pd.DataFrame, system: PVSystem, engine: Callable[..., T]
) -> Iterator[tuple[str, pd.DataFrame, pd.DataFrame, T]]:
    """Run a PV ``engine`` once per distinct rounded orientation, mounting by mounting.

    ``keys`` has ``mounting``, ``tilt_key`` and ``azimuth_key`` [°] per plane (from
    :func:`orientation_keys`) and any other columns. For each mounting, in sorted order, yields
    the mounting, its rows of ``keys``, the distinct ``(tilt_key, azimuth_key)`` in order of
    first appearance, and ``engine(tilt, azimuth, system)`` for them with the system's
    ``mounting`` set (``close_mount`` flush, ``open_rack`` racks). Both the annual path
    (:func:`orientation_yields`) and the hourly path (:func:`workbench.match.supply.municipal_pv`)
    go through here, so they see the same orientations.
    """
    for mounting, group in keys.groupby("mounting", sort=True):
        distinct = group[["tilt_key", "azimuth_key"]].drop_duplicates().reset_index(drop=True)
        sysm = system.model_copy(update={"mounting": mounting})
        values = engine(
            distinct["tilt_key"].to_numpy(float), distinct["azimuth_key"].to_numpy(float), sysm
        )
        yield mounting, group, distinct, values


def orientation_yields(
    planes: pd.DataFrame, weather: pd.DataFrame, system: PVSystem, resolution_deg: float
) -> pd.DataFrame:
    """Specific yield [kWh kWp-1] per distinct (mounting, tilt, azimuth) of suitable planes.

    Tilt and azimuth are rounded to ``resolution_deg``; the PV engine
    (:func:`workbench.pv.specific_yield`) runs once per distinct orientation and mounting.
    """
    return yields_for_keys(suitable_keys(planes, resolution_deg), weather, system)


def suitable_keys(planes: pd.DataFrame, resolution_deg: float) -> pd.DataFrame:
    """The distinct rounded orientations (:func:`orientation_keys`) of the suitable planes."""
    keys = orientation_keys(planes, resolution_deg)
    return keys.loc[planes["is_suitable"].to_numpy(dtype=bool)].drop_duplicates()


def yields_for_keys(
    keys: pd.DataFrame, weather: pd.DataFrame, system: PVSystem, submit=None
) -> pd.DataFrame:
    """Specific yield [kWh kWp-1] for the distinct orientations ``keys`` (``mounting``,
    ``tilt_key``, ``azimuth_key``), in sorted order: the streaming path collects the keys of
    every batch first and calls this once, so it gets exactly the in-memory path's yields.

    ``submit`` (``submit(fn, *args)`` -> future, e.g. a process pool's) runs the engine of every
    mounting but the one with the most orientations there, that one here, meanwhile: the same
    calls, so the same numbers."""
    distinct = keys.drop_duplicates().sort_values(["mounting", "tilt_key", "azimuth_key"])
    distinct = distinct.reset_index(drop=True)
    sizes = distinct.groupby("mounting", sort=True).size()
    here = sizes.idxmax() if len(sizes) else None

    def engine(tilt, azimuth, sysm):
        if submit is not None and sysm.mounting != here:
            return submit(specific_yield, weather, tilt, azimuth, sysm)
        return functools.partial(specific_yield, weather, tilt, azimuth, sysm)  # below

    def result(values) -> pd.DataFrame:
        return values() if isinstance(values, functools.partial) else values.result()

    runs = list(per_orientation(distinct, system, engine))
    parts = [
        pd.concat(
            [orientations.assign(mounting=mounting), result(values).reset_index(drop=True)],
            axis=1,
        )
        for mounting, _, orientations, values in runs
    ]
    columns = ["mounting", "tilt_key", "azimuth_key", "annual_kwh_per_kwp", *SPECIFIC_MONTH_COLUMNS]
    if not parts:  # no suitable plane: an empty table with the dtypes of a filled one
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c == "mounting" else float) for c in columns}
        )
    return pd.concat(parts, ignore_index=True)[columns]


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
    out = building_sums_table(buildings.drop(columns=buildings.geometry.name), planes, assumptions)
    return gpd.GeoDataFrame(out, geometry=buildings.geometry.to_numpy(), crs=buildings.crs)


def building_sums_table(buildings: pd.DataFrame, planes: pd.DataFrame, assumptions) -> pd.DataFrame:
    """:func:`building_potential` without geometry: the attribute columns of ``buildings`` (a
    plain table, in their order), then size class, plane sums and ``kwh_per_kwp``."""
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
    out["roof_model"] = out["roof_model"].astype("str")  # also when there are no planes
    out["n_planes_suitable"] = out["n_planes_suitable"].astype("int64")
    out["n_planes"] = out["n_planes"].astype("int64")
    return out


def summarise_by(buildings: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Totals by ``by`` (kommun, building type): counts, areas, kWp and MWh with bands (exact
    sums, :mod:`workbench.solar.totals`)."""
    return tot.summary_table(tot.building_sums(buildings), by)


def monthly_table(buildings: pd.DataFrame, planes: pd.DataFrame) -> pd.DataFrame:
    """Monthly energy [kWh] by municipality and building type (long: one row per month)."""
    return tot.monthly_long(tot.monthly_sums(buildings, planes))


def building_monthly_kwh(result: RooftopResult) -> pd.DataFrame:
    """Monthly energy [kWh] per building (columns ``kwh_m01`` … ``kwh_m12``)."""
    p = result.planes
    energy = p[SPECIFIC_MONTH_COLUMNS].mul(p["capacity_kwp"], axis=0)
    energy.columns = [f"kwh_m{m:02d}" for m in MONTHS]
    energy["building_id"] = p["building_id"].to_numpy()
    out = energy.groupby("building_id", sort=False).sum()
    return out.reindex(result.buildings["building_id"].to_numpy()).fillna(0.0)


def kommun_column(buildings: gpd.GeoDataFrame, kommun: km.Kommun | None) -> pd.Series:
    """``kommun_id_scb`` per building: the municipality given, else the buildings' own."""
    if kommun is not None:
        return pd.Series(kommun.kommun_id_scb, index=buildings.index, dtype="string")
    if "kommun_id_scb" in buildings.columns:
        return buildings["kommun_id_scb"].astype("string").fillna(UNKNOWN_KOMMUN)
    return pd.Series(UNKNOWN_KOMMUN, index=buildings.index, dtype="string")


def prepare(
    buildings,
    kommun=None,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
) -> Prepared:
    """Read the footprints and the weather, resolve the defaults (arguments as for
    :func:`rooftop_potential`)."""
    a = assumptions or RoofAssumptions()
    k = km.get(kommun) if kommun is not None else None
    bset = as_building_set(buildings, a.min_footprint_area_m2)
    b = bset.buildings.copy()
    b["kommun_id_scb"] = kommun_column(b, k)
    return Prepared(
        assumptions=a,
        system=system or PVSystem(),
        kommun=k,
        building_set=bset,
        buildings=b,
        weather=resolve_weather(weather, k),
    )


def finish(prep: Prepared, planes: pd.DataFrame, synthetic: bool) -> RooftopResult:
    """Per-building table and summaries from planes with energy (:func:`plane_energy`)."""
    per_building = building_potential(prep.buildings, planes, prep.assumptions)
    if synthetic:
        per_building["data_origin"] = SYNTHETIC_LABEL
    sums = tot.building_sums(per_building)
    return RooftopResult(
        buildings=per_building,
        planes=planes,
        by_type=tot.summary_table(sums, tot.KEYS),
        by_kommun=tot.summary_table(sums, ["kommun_id_scb"]),
        monthly=tot.monthly_long(tot.monthly_sums(per_building, planes)),
        totals=sums,
        excluded=prep.building_set.excluded,
        kommun=prep.kommun,
        reader_report=dict(prep.building_set.report),
        weather_source=prep.weather.attrs.get("source", "weather frame"),
        weather_timing=timing_summary(prep.weather),
        synthetic=bool(synthetic),
    )


def summarise(result: RooftopResult) -> dict:
    """The run's headline numbers and accounting (written as ``summary.json``; every key is
    declared in :data:`workbench.solar.schema.SUMMARY`)."""
    kommun, synthetic = result.kommun, result.synthetic
    sums = result.totals if result.totals is not None else tot.building_sums(result.buildings)
    cap, energy = sums.total("capacity_kwp"), sums.total("annual_kwh")
    report = result.reader_report
    # file name only: absolute paths differ between machines and output folders
    source = Path(report["source"]).name if report.get("source") else None
    return {
        "is_synthetic": bool(synthetic),
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
        "n_buildings_with_pv": round(sums.total("with_pv")),
        "footprint_area_m2": sums.total("footprint_area_m2"),
        "usable_area_m2": sums.total("usable_area_m2"),
        "capacity_kwp": cap,
        "capacity_low_kwp": sums.total("capacity_low_kwp"),
        "capacity_high_kwp": sums.total("capacity_high_kwp"),
        "annual_mwh": energy / 1000.0,
        "annual_low_mwh": sums.total("annual_low_kwh") / 1000.0,
        "annual_high_mwh": sums.total("annual_high_kwh") / 1000.0,
        "kwh_per_kwp": energy / cap if cap > 0 else None,
        "weather_source": result.weather_source,
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
        A weather frame, a weather file path (or :class:`~workbench.weather.WeatherFile`), or
        ``None`` for the municipality's typical year.
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
    prep = prepare(buildings, kommun, weather, assumptions, system)
    a = prep.assumptions
    planes = roof_planes(prep.buildings, a)
    yields = orientation_yields(planes, prep.weather, prep.system, a.azimuth_resolution_deg)
    log.info("%d buildings, %d planes, %d orientations", len(prep.buildings), len(planes),
             len(yields))  # fmt: skip
    return finish(prep, plane_energy(planes, yields, a), synthetic)


def _attributes(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Attribute table without geometry; centroids [m] for buildings."""
    table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    return table.reset_index(drop=True)


def _monthly_totals(result: RooftopResult) -> pd.DataFrame:
    """12 rows per municipality (zeros when nothing could be modelled)."""
    monthly = result.monthly.astype({"pv_kwh": float, "month": int})
    m = monthly.groupby(["kommun_id_scb", "month"], sort=True)["pv_kwh"].sum()
    codes = sorted(set(result.by_kommun["kommun_id_scb"])) or [
        result.kommun.kommun_id_scb if result.kommun else ""
    ]
    grid = pd.MultiIndex.from_product([codes, range(1, 13)], names=["kommun_id_scb", "month"])
    out = m.reindex(grid, fill_value=0.0).reset_index()
    annual = result.by_kommun.set_index("kommun_id_scb")
    central = annual["annual_mwh"] * 1000.0
    ratio_low = (annual["annual_low_mwh"] * 1000.0 / central).replace([np.inf], np.nan)
    ratio_high = (annual["annual_high_mwh"] * 1000.0 / central).replace([np.inf], np.nan)
    out["pv_low_kwh"] = out["pv_kwh"] * out["kommun_id_scb"].map(ratio_low).fillna(0.0)
    out["pv_high_kwh"] = out["pv_kwh"] * out["kommun_id_scb"].map(ratio_high).fillna(0.0)
    return out[["month", "pv_kwh", "pv_low_kwh", "pv_high_kwh", "kommun_id_scb"]]


def building_table(buildings: gpd.GeoDataFrame) -> pd.DataFrame:
    """The ``buildings`` table: attributes without geometry, centroids [m] in SWEREF 99 TM."""
    table = _attributes(buildings)
    centroids = shapely.centroid(buildings.geometry.to_numpy())
    table["centroid_e_m"] = shapely.get_x(centroids)
    table["centroid_n_m"] = shapely.get_y(centroids)
    return table


def plane_table(planes: pd.DataFrame) -> pd.DataFrame:
    """The ``planes`` table: the planes without their monthly specific yields."""
    return planes.drop(columns=[c for c in planes if c.startswith("kwh_per_kwp_m")])


def excluded_table(excluded: gpd.GeoDataFrame) -> pd.DataFrame:
    """The ``excluded`` table: attributes and ``has_geometry``."""
    table = _attributes(excluded)
    table["has_geometry"] = excluded.geometry.notna().to_numpy()
    return table


def summary_tables(result: RooftopResult) -> dict[str, pd.DataFrame]:
    """``by_type``, ``by_kommun``, ``monthly`` and ``monthly_by_type`` as written."""
    by_type = result.by_type[
        ["building_type", *[c for c in result.by_type.columns if c != "building_type"]]
    ]
    return {
        "by_type": by_type,
        "by_kommun": result.by_kommun,
        "monthly": _monthly_totals(result),
        "monthly_by_type": result.monthly,
    }


def output_tables(result: RooftopResult) -> dict[str, pd.DataFrame]:
    """The tables of a result as :mod:`workbench.solar.outputs` writes them, by name.

    ``buildings`` and ``excluded`` without geometry (buildings with centroids
    ``centroid_e_m``/``centroid_n_m`` [m], excluded with ``has_geometry``); ``planes`` without
    the monthly specific yields; ``monthly``: 12 rows per municipality with low/high bands;
    ``monthly_by_type``: per municipality, building type and month.
    """
    return {
        "buildings": building_table(result.buildings),
        "planes": plane_table(result.planes),
        "excluded": excluded_table(result.excluded),
        **summary_tables(result),
    }
