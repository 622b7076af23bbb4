"""Geometry defects: decode, repair or exclude every feature, with a reason code.

Each step works on whole arrays (shapely 2); only rare cases (unreadable WKB,
geometry collections) are handled one by one. The result has one entry per
input feature: a polygonal geometry in EPSG:3006, or a :class:`Reason`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyproj
import shapely

from workbench.buildings.reasons import Reason
from workbench.buildings.schema import CRS, MAX_FOOTPRINT_AREA_M2
from workbench.buildings.seen import SeenState, hash128

POINT_TYPES = {0, 4}  # Point, MultiPoint
LINE_TYPES = {1, 2, 5}  # LineString, LinearRing, MultiLineString
POLYGON_TYPES = {3, 6}  # Polygon, MultiPolygon
COLLECTION = 7


@dataclass
class CleanGeometries:
    """Per input feature: geometry (EPSG:3006 or None), reason (or None), detail, repairs."""

    geometry: np.ndarray
    reason: np.ndarray
    detail: np.ndarray
    repairs: np.ndarray
    area_m2: np.ndarray


def _add_repair(repairs: np.ndarray, rows, name: str) -> None:
    """Append ``name`` to the ``;``-separated repairs of ``rows`` (indices)."""
    for i in np.atleast_1d(rows):
        repairs[i] = name if not repairs[i] else f"{repairs[i]};{name}"


def _decode(wkb: np.ndarray, reason, detail, repairs) -> np.ndarray:
    """WKB -> geometries; unreadable rings are closed when possible, else BROKEN_RING."""
    n = len(wkb)
    geoms = np.full(n, None, dtype=object)
    null = pd.isna(pd.Series(wkb, dtype=object)).to_numpy()
    reason[null] = Reason.NO_GEOMETRY
    todo = np.flatnonzero(~null)
    decoded = shapely.from_wkb(wkb[todo], on_invalid="ignore")
    geoms[todo] = decoded
    failed = todo[pd.isna(decoded)]
    for i in failed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fixed = shapely.from_wkb(wkb[i], on_invalid="fix")
        if fixed is not None and not shapely.is_empty(fixed):
            geoms[i] = fixed
            _add_repair(repairs, i, "ring_closed")
            continue
        try:
            shapely.from_wkb(wkb[i])
            message = "unreadable geometry"
        except Exception as exc:  # GEOS names the defect, e.g. "found 2 points"
            message = str(exc)
        reason[i] = Reason.BROKEN_RING
        detail[i] = message
    return geoms


def _polygonal(geom) -> object:
    """The polygonal part of a geometry collection (or None)."""
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in POLYGON_TYPES]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _by_type(geoms, reason, detail, repairs) -> np.ndarray:
    """Points and open lines are excluded; closed lines and collections become polygons."""
    active = np.flatnonzero(pd.isna(pd.Series(reason, dtype=object)).to_numpy())
    g = geoms[active]
    empty = shapely.is_empty(g)
    reason[active[empty]] = Reason.EMPTY_GEOMETRY
    type_id = shapely.get_type_id(g)
    points = np.isin(type_id, list(POINT_TYPES)) & ~empty
    reason[active[points]] = Reason.POINT_GEOMETRY
    detail[active[points]] = "point: no footprint"
    lines = np.isin(type_id, list(LINE_TYPES)) & ~empty
    if lines.any():
        built = shapely.build_area(g[lines])
        ok = ~shapely.is_empty(built) & (shapely.area(built) > 0)
        idx = active[lines]
        geoms[idx[ok]] = built[ok]
        _add_repair(repairs, idx[ok], "line_to_polygon")
        reason[idx[~ok]] = Reason.LINE_GEOMETRY
        detail[idx[~ok]] = "open line: no footprint"
    for i in active[(type_id == COLLECTION) & ~empty]:
        poly = _polygonal(geoms[i])
        if poly is None:
            kinds = {shapely.get_type_id(p) for p in shapely.get_parts(geoms[i])}
            reason[i] = Reason.POINT_GEOMETRY if kinds <= POINT_TYPES else Reason.LINE_GEOMETRY
            detail[i] = "geometry collection without polygons"
        else:
            geoms[i] = poly
            _add_repair(repairs, i, "collection_polygons")
    return geoms


def _non_finite(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per geometry: has a vertex that is not finite, and the first such vertex ("" if none).

    GEOS skips NaN in bounds and areas, so a polygon with one NaN vertex would otherwise be
    repaired into a smaller polygon of the remaining vertices (issue 15: a half-size triangle).
    """
    bad = np.zeros(len(geoms), dtype=bool)
    first = np.full(len(geoms), "", dtype=object)
    if not len(geoms):
        return bad, first
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    wrong = ~np.isfinite(coords).all(axis=1)
    if wrong.any():
        rows, at = np.unique(owner[wrong], return_index=True)
        bad[rows] = True
        start = np.searchsorted(owner, rows)
        vertex = np.flatnonzero(wrong)[at]
        for r, v, s in zip(rows, vertex, start, strict=True):
            first[r] = f"vertex {v - s + 1} ({coords[v, 0]:.10g}, {coords[v, 1]:.10g})"
    return bad, first


def _reproject(geoms, reason, detail, crs: pyproj.CRS) -> np.ndarray:
    active = np.flatnonzero(pd.isna(pd.Series(reason, dtype=object)).to_numpy())
    source_bad, where = _non_finite(geoms[active])
    reason[active[source_bad]] = Reason.INVALID_COORDINATES
    detail[active[source_bad]] = [f"{w} is not a finite number in the source"
                                  for w in where[source_bad]]  # fmt: skip
    active = active[~source_bad]
    target = pyproj.CRS.from_user_input(CRS)
    if not crs.equals(target) and len(active):
        transformer = pyproj.Transformer.from_crs(crs, target, always_xy=True)

        def forward(coords: np.ndarray) -> np.ndarray:
            x, y = transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        geoms[active] = shapely.transform(geoms[active], forward)
    bad, _ = _non_finite(geoms[active])
    reason[active[bad]] = Reason.INVALID_COORDINATES
    detail[active[bad]] = f"non-finite coordinates after reprojection from {crs.to_string()}"
    return geoms


def _make_valid(geoms, reason, detail, repairs) -> np.ndarray:
    active = np.flatnonzero(pd.isna(pd.Series(reason, dtype=object)).to_numpy())
    invalid = active[~shapely.is_valid(geoms[active])]
    if len(invalid):
        messages = shapely.is_valid_reason(geoms[invalid])
        fixed = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        for j, i in enumerate(invalid):
            poly = fixed[j]
            if shapely.get_type_id(poly) == COLLECTION:
                poly = _polygonal(poly)
            if poly is None or shapely.is_empty(poly) or shapely.area(poly) <= 0:
                collapsed = "Too few points" in messages[j]  # e.g. ring A-B-A of a clipped way
                reason[i] = Reason.BROKEN_RING if collapsed else Reason.UNREPAIRABLE
                detail[i] = f"invalid ({messages[j]}), no area after make_valid"
            else:
                geoms[i] = poly
                _add_repair(repairs, i, "made_valid")
    return geoms


def clean(wkb: np.ndarray, crs: pyproj.CRS, min_area_m2: float) -> CleanGeometries:
    """Decode, type-check, reproject to EPSG:3006, repair and size-check every feature.

    A footprint above :data:`~workbench.buildings.schema.MAX_FOOTPRINT_AREA_M2` (1 km²) is
    excluded as ``implausible_size``, one with a NaN or infinite vertex as
    ``invalid_coordinates``.

    Parameters
    ----------
    wkb
        One WKB blob (or None) per input feature.
    crs
        CRS of the coordinates in ``wkb``.
    min_area_m2
        Footprints below this area [m2] are excluded as slivers.
    """
    n = len(wkb)
    reason = np.full(n, None, dtype=object)
    detail = np.full(n, "", dtype=object)
    repairs = np.full(n, "", dtype=object)
    geoms = _decode(wkb, reason, detail, repairs)
    geoms = _by_type(geoms, reason, detail, repairs)
    geoms = _reproject(geoms, reason, detail, crs)
    geoms = _make_valid(geoms, reason, detail, repairs)
    area = np.full(n, np.nan)
    active = np.flatnonzero(pd.isna(pd.Series(reason, dtype=object)).to_numpy())
    area[active] = shapely.area(geoms[active])
    sliver = active[area[active] < min_area_m2]
    reason[sliver] = Reason.SLIVER
    detail[sliver] = [f"footprint {a:.2f} m2 < {min_area_m2:g} m2" for a in area[sliver]]
    huge = active[area[active] > MAX_FOOTPRINT_AREA_M2]
    reason[huge] = Reason.IMPLAUSIBLE_SIZE
    detail[huge] = [f"footprint {a:,.0f} m2 > {MAX_FOOTPRINT_AREA_M2:,.0f} m2 (1 km2)"
                    for a in area[huge]]  # fmt: skip
    return CleanGeometries(geoms, reason, detail, repairs, area)


def duplicates(
    geoms: np.ndarray,
    source_id: pd.Series,
    candidate: np.ndarray,
    source_row: np.ndarray,
    seen: SeenState | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Reasons for duplicated features among ``candidate`` rows (first occurrence kept).

    ``seen`` carries the keys of earlier batches of a streamed read (and receives this
    batch's): a feature is then a duplicate of an earlier batch's feature exactly as if the
    whole file had been read at once. Returns ``(reason, detail)`` arrays (None/"" where
    not a duplicate).
    """
    n = len(geoms)
    reason = np.full(n, None, dtype=object)
    detail = np.full(n, "", dtype=object)
    idx = np.flatnonzero(candidate)
    if not len(idx):
        return reason, detail
    key = shapely.to_wkb(shapely.normalize(geoms[idx]))
    ids = source_id.to_numpy(dtype=object, na_value=None)[idx]
    missing = pd.isna(pd.Series(ids, dtype=object)).to_numpy()
    ids[missing] = [f"\x00row{r}" for r in source_row[idx][missing]]  # never equal to a real id
    frame = pd.DataFrame({"key": key, "id": ids, "row": source_row[idx]}, index=idx)
    first_both = frame.groupby(["id", "key"], sort=False)["row"].transform("first").to_numpy()
    if seen is not None:
        h_both, h_key = hash128(frame[["id", "key"]]), hash128(frame["key"])
        earlier = seen.both.get(h_both)
        first_both = np.where(earlier >= 0, earlier, first_both)
    dup_both = first_both != frame["row"].to_numpy()
    reason[idx[dup_both]] = Reason.DUPLICATE
    detail[idx[dup_both]] = [
        f"same id and geometry as source_row {r}" for r in first_both[dup_both]
    ]
    rest = frame[~dup_both]
    first_geom = rest.groupby("key", sort=False)["row"].transform("first").to_numpy()
    if seen is not None:
        earlier = seen.geometry.get(h_key[~dup_both])
        first_geom = np.where(earlier >= 0, earlier, first_geom)
        new_both = first_both == frame["row"].to_numpy()
        seen.both.set(h_both[new_both], frame["row"].to_numpy()[new_both])
        new_geom = first_geom == rest["row"].to_numpy()
        seen.geometry.set(h_key[~dup_both][new_geom], rest["row"].to_numpy()[new_geom])
    dup_geom = first_geom != rest["row"].to_numpy()
    where = rest.index[dup_geom]
    reason[where] = Reason.DUPLICATE_GEOMETRY
    detail[where] = [f"same geometry as source_row {r}" for r in first_geom[dup_geom]]
    return reason, detail
