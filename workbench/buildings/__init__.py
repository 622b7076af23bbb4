"""Building footprints from GIS files, mapped to one schema, with nothing lost silently.

>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from workbench import buildings
>>> frame = gpd.GeoDataFrame(  # a 200 m2 house and a 1 m2 sliver, in EPSG:3006 [m]
...     {"building": ["yes", "yes"]}, geometry=[box(0, 0, 10, 20), box(30, 0, 31, 1)], crs=3006
... )
>>> result = buildings.from_frame(frame)  # buildings.read("by_14.shp") for a file
>>> result.report["n_input"], result.report["n_included"], result.report["n_excluded"]
(2, 1, 1)
>>> result.report["n_excluded_by_reason"]["sliver"]
1

:func:`read` returns a :class:`BuildingSet`: ``.buildings`` (GeoDataFrame in
EPSG:3006 with the columns of :data:`~workbench.buildings.schema.COLUMNS`, plus
``owner`` when the source has one), ``.excluded`` (one row per feature that is not
a building, with a :class:`~workbench.buildings.reasons.Reason` code) and
``.report`` (counts that add up exactly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj

from workbench.buildings import clean as _clean
from workbench.buildings.attributes import detect_schema, map_attributes
from workbench.buildings.readers import RawFeatures, from_geodataframe, read_raw
from workbench.buildings.reasons import REASONS, REPAIRS, Reason, reasons_for, reasons_table
from workbench.buildings.schema import BUILDING_TYPES, COLUMNS, CRS, EXCLUDED_COLUMNS, ROOF_SHAPES
from workbench.buildings.seen import SeenState, hash128
from workbench.config.roofs import RoofAssumptions
from workbench.core.errors import InputError, Problem

MAX_EXAMPLES = 10  # attribute problems quoted in the report (all are in .attribute_issues)
# the sliver threshold [m2] of RoofAssumptions (Gagnon et al. 2016: planes need >= 10 m²)
DEFAULT_MIN_AREA_M2 = RoofAssumptions.model_fields["min_footprint_area_m2"].default

__all__ = [
    "BUILDING_TYPES",
    "CRS",
    "EXCLUDED_COLUMNS",
    "REASONS",
    "REPAIRS",
    "ROOF_SHAPES",
    "BuildingSet",
    "Reason",
    "from_frame",
    "from_raw",
    "read",
    "reasons_table",
]


@dataclass
class BuildingSet:
    """Buildings, excluded features and the accounting between them."""

    buildings: gpd.GeoDataFrame
    excluded: gpd.GeoDataFrame
    report: dict = field(default_factory=dict)
    #: attribute values that could not be used (``source_row``, ``column``, ``value``,
    #: ``expected``); the building stays, with ``unknown``/``other``/NaN in that field
    attribute_issues: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def counts(self) -> dict:
        """``n_input``, ``n_included``, ``n_excluded`` and ``n_excluded_by_reason``."""
        keys = ("n_input", "n_included", "n_excluded", "n_excluded_by_reason")
        return {k: self.report[k] for k in keys}


def parse_crs(crs) -> pyproj.CRS:
    """``crs`` (e.g. ``"EPSG:3006"``) as a :class:`pyproj.CRS`; an unknown one is an
    :class:`InputError` naming the value."""
    try:
        return pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise InputError([Problem("--crs", "a coordinate reference system PROJ knows, e.g. "
                                  "EPSG:3006 (SWEREF 99 TM) or EPSG:4326", value=crs)],
                         summary=f"unknown CRS {crs!r}") from None  # fmt: skip


def _resolve_crs(raw: RawFeatures, crs) -> tuple[pyproj.CRS, str | None]:
    if crs is not None:
        given = parse_crs(crs)
        note = None
        if raw.crs is not None and not raw.crs.equals(given):
            note = f"file CRS {raw.crs.to_string()} overridden by crs={given.to_string()}"
        return given, note
    if raw.crs is None:
        raise InputError(
            [
                Problem(
                    str(raw.path),
                    "a coordinate reference system in the file, or crs=... "
                    "(e.g. crs='EPSG:3006' for SWEREF 99 TM)",
                    value="no CRS",
                )
            ],
            summary="Refusing to guess the coordinate system",
        )
    return raw.crs, None


def check_count(raw: RawFeatures, n: int) -> None:
    """Refuse a read that has fewer or more features than the layer declares."""
    if raw.n_declared is not None and raw.n_declared != n:
        raise InputError(
            [
                Problem(
                    str(raw.path),
                    f"{raw.n_declared} features (the layer's own count)",
                    value=f"{n} features read",
                )
            ],
            summary="Feature count mismatch: features would be lost",
        )


def from_raw(raw: RawFeatures, crs=None, min_area_m2: float = DEFAULT_MIN_AREA_M2) -> BuildingSet:
    """Clean and map raw features (:func:`workbench.buildings.readers.read_raw`) to a BuildingSet."""
    src_crs, crs_note = _resolve_crs(raw, crs)
    check_count(raw, len(raw.wkb))
    schema = detect_schema(raw.attributes)
    buildings, excluded, issues = clean_batch(raw, src_crs, schema, min_area_m2)
    counts = Counts(schema)
    counts.add(buildings, excluded, issues)
    report = counts.report(
        raw, src_crs, min_area_m2, raw.warnings + ([crs_note] if crs_note else [])
    )
    return BuildingSet(
        buildings=buildings, excluded=excluded, report=report, attribute_issues=issues
    )


def clean_batch(
    raw: RawFeatures,
    src_crs: pyproj.CRS,
    schema: str,
    min_area_m2: float,
    offset: int = 0,
    seen: SeenState | None = None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Buildings, excluded features and attribute issues of the features in ``raw``.

    ``offset`` is the ``source_row`` of the first feature (a batch of a streamed read);
    ``seen`` carries what earlier batches saw (duplicates, ids), so that a file read in
    batches gives exactly the tables of the file read at once.
    """
    n = len(raw.wkb)
    geo = _clean.clean(raw.wkb, src_crs, min_area_m2)
    attrs, issues = map_attributes(
        raw.attributes.reset_index(drop=True), pd.Series(geo.area_m2), schema
    )
    source_row = np.arange(offset, offset + n)
    issues = issues.assign(source_row=issues["source_row"].to_numpy() + offset)
    reason = geo.reason.copy()
    detail = geo.detail.copy()
    not_building = ~attrs["is_building"].to_numpy()
    if not_building.any():
        codes = attrs["not_building_reason"].to_numpy(dtype=object)[not_building]
        reason[not_building] = [Reason(c) for c in codes]
    detail[not_building] = attrs["not_building_detail"].to_numpy()[not_building]
    candidate = pd.isna(pd.Series(reason, dtype=object)).to_numpy()
    dup_reason, dup_detail = _clean.duplicates(
        geo.geometry, attrs["source_id"], candidate, source_row, seen
    )
    is_dup = pd.notna(pd.Series(dup_reason, dtype=object)).to_numpy()
    reason[is_dup] = dup_reason[is_dup]
    detail[is_dup] = dup_detail[is_dup]
    keep = pd.isna(pd.Series(reason, dtype=object)).to_numpy()

    buildings = _building_table(attrs, geo, source_row, keep, seen)
    issues = issues[np.isin(issues["source_row"], source_row[keep])].reset_index(drop=True)
    excluded = gpd.GeoDataFrame(
        {
            "source_row": source_row[~keep],
            "source_id": attrs["source_id"].to_numpy()[~keep],
            "reason": pd.Series([str(r) for r in reason[~keep]], dtype="string"),
            "detail": pd.Series(detail[~keep], dtype="string"),
        },
        geometry=gpd.GeoSeries(geo.geometry[~keep], crs=CRS),
        crs=CRS,
    )
    excluded["source_id"] = excluded["source_id"].astype("string")
    if len(buildings) + len(excluded) != n:
        raise RuntimeError(f"{raw.path}: feature accounting does not add up in rows {offset}..")
    return buildings, excluded, issues


class Counts:
    """The reader's accounting, added up batch by batch (:attr:`BuildingSet.report`)."""

    def __init__(self, schema: str):
        self.schema = schema
        self.n_included = 0
        self.n_excluded = 0
        self.by_reason = {r.value: 0 for r in reasons_for(schema)}
        self.repairs = dict.fromkeys(REPAIRS, 0)
        self.n_issues = 0
        self.issues_by_column: dict[str, int] = {}
        self.examples: list[str] = []

    def add(self, buildings: pd.DataFrame, excluded: pd.DataFrame, issues: pd.DataFrame) -> None:
        self.n_included += len(buildings)
        self.n_excluded += len(excluded)
        for r in self.by_reason:
            self.by_reason[r] += int((excluded["reason"] == r).sum())
        for name in REPAIRS:
            self.repairs[name] += int(buildings["repairs"].str.contains(name, regex=False).sum())
        self.n_issues += len(issues)
        for k, v in issues["column"].value_counts().items():
            self.issues_by_column[str(k)] = self.issues_by_column.get(str(k), 0) + int(v)
        for r in issues.head(MAX_EXAMPLES - len(self.examples)).itertuples():
            self.examples.append(
                f"row {r.source_row}, column '{r.column}': value {r.value!r}, expected {r.expected}"
            )

    def merge(self, other: Counts) -> Counts:
        """Add ``other``'s counts (a later part of the same file: its examples come after)."""
        self.n_included += other.n_included
        self.n_excluded += other.n_excluded
        for k, v in other.by_reason.items():
            self.by_reason[k] = self.by_reason.get(k, 0) + v
        for k, v in other.repairs.items():
            self.repairs[k] += v
        self.n_issues += other.n_issues
        for k, v in other.issues_by_column.items():
            self.issues_by_column[k] = self.issues_by_column.get(k, 0) + v
        self.examples = (self.examples + other.examples)[:MAX_EXAMPLES]
        return self

    def report(self, raw: RawFeatures, src_crs, min_area_m2: float, warnings: list) -> dict:
        n = self.n_included + self.n_excluded
        report = {
            "source": raw.path.as_posix(),
            "format": raw.format,
            "layer": raw.layer,
            "schema": self.schema,
            "source_crs": src_crs.to_string(),
            "n_input": n,
            "n_included": self.n_included,
            "n_excluded": self.n_excluded,
            "n_excluded_by_reason": dict(self.by_reason),
            "n_repaired_by_kind": dict(self.repairs),
            "n_unparsed_attribute_values": self.n_issues,
            "unparsed_attribute_values_by_column": dict(sorted(self.issues_by_column.items())),
            "unparsed_attribute_examples": list(self.examples),
            "min_footprint_area_m2": min_area_m2,
            "reader_warnings": list(warnings),
        }
        return report


def _unique_ids(
    source_id: pd.Series, source_row: np.ndarray, seen: SeenState | None = None
) -> tuple[pd.Series, pd.Series]:
    """building_id from source_id; duplicated ids get ``~2``, ``~3``; missing ids ``row-N``.

    With ``seen`` (a streamed read) the count of each id continues from earlier batches.
    """
    ids = source_id.astype("string").reset_index(drop=True)
    missing = ids.isna()
    if missing.any():
        ids[missing] = [f"row-{r}" for r in source_row[missing.to_numpy()]]
    rank = ids.groupby(ids, sort=False).cumcount()
    if seen is not None and len(ids):
        h = hash128(ids)
        rank = rank + seen.id_count.get(h, default=0)
        last = ~pd.Series(h).duplicated(keep="last").to_numpy()
        seen.id_count.set(h[last], rank.to_numpy()[last] + 1)
    renamed = rank > 0
    if renamed.any():
        ids = ids.where(~renamed, ids + "~" + (rank + 1).astype(str))
    note = pd.Series("", index=ids.index, dtype="object")
    note[renamed] = "duplicate_id_renamed"
    note[missing] = "id_missing"
    return ids, note


def _joined(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``first;second`` per row, leaving out an empty part (object arrays of str)."""
    out = np.where(first == "", second, first)
    both = np.flatnonzero((first != "") & (second != ""))
    out[both] = [f"{a};{b}" for a, b in zip(first[both], second[both], strict=True)]
    return out


def _building_table(attrs, geo, source_row, keep, seen=None) -> gpd.GeoDataFrame:
    a = attrs.loc[keep].reset_index(drop=True)
    rows = source_row[keep]
    building_id, id_note = _unique_ids(a["source_id"], rows, seen)
    repairs = _joined(geo.repairs[keep], id_note.to_numpy(dtype=object))
    geoms = geo.geometry[keep]
    data = {
        "building_id": building_id.astype("string"),
        "source_row": rows.astype("int64"),
        "source_id": a["source_id"],
        "building_type": a["building_type"],
        "n_levels": a["n_levels"],
        "height_m": a["height_m"],
        "roof_shape": a["roof_shape"],
        "is_main_building": a["is_main_building"],
        "footprint_area_m2": geo.area_m2[keep],
        "n_parts": _clean.shapely.get_num_geometries(geoms).astype("int64"),
        "repairs": pd.Series(repairs, dtype="string"),
    }
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    if a["owner"].notna().any():
        frame["owner"] = a["owner"]
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
    clash = not out["building_id"].is_unique
    if seen is not None and len(out) and not clash:
        h = hash128(out["building_id"])
        clash = bool((seen.building_ids.get(h) >= 0).any())
        seen.building_ids.set(h, rows.astype("int64"))
    if clash:
        raise RuntimeError("building_id is not unique after renaming duplicates")
    return out


def read(
    path: str | Path,
    layer: str | None = None,
    crs=None,
    *,
    min_area_m2: float = DEFAULT_MIN_AREA_M2,
) -> BuildingSet:
    """Read building footprints from a GIS file into the workbench schema.

    Parameters
    ----------
    path
        GeoPackage, GeoJSON, Shapefile, GeoParquet or OpenStreetMap ``.osm.pbf``
        (buildings from the ``multipolygons`` layer).
    layer
        Layer name for multi-layer files (default: the first layer; OSM: multipolygons).
    crs
        CRS of the coordinates when the file has none (or to override a wrong one),
        anything :class:`pyproj.CRS` accepts. A file without a CRS is refused otherwise.
    min_area_m2
        Footprints below this area [m2] are excluded as slivers.

    Returns
    -------
    BuildingSet
        ``.buildings`` in EPSG:3006, ``.excluded`` with reason codes, ``.report``
        where ``n_input == n_included + n_excluded``.
    """
    return from_raw(read_raw(path, layer), crs, min_area_m2)


def from_frame(
    gdf: gpd.GeoDataFrame, *, crs=None, min_area_m2: float = DEFAULT_MIN_AREA_M2
) -> BuildingSet:
    """Like :func:`read` for an in-memory GeoDataFrame (e.g. the synthetic demo buildings)."""
    return from_raw(from_geodataframe(gdf), crs, min_area_m2)
