"""Roof planes from building footprints: orientation, tilt, usable area, capacity.

Method (domain-solar.md §5.4–5.5; every number from
:class:`workbench.config.roofs.RoofAssumptions`):

1. **Roof model.** ``roof_shape`` decides: flat -> racks; gabled, gambrel,
   mansard, saltbox -> two planes; hipped, half-hipped, pyramidal -> four
   planes; skillion, sawtooth -> one plane; dome, round, onion -> no modules.
   An unknown shape is flat when the footprint exceeds
   ``flat_above_area_m2[building_type]``, else gabled.
2. **Orientation.** The ridge runs along the long side of the footprint's minimum
   rotated rectangle (OSM ``roof:orientation=along``). Planes face perpendicular to
   it. Grid bearings in SWEREF 99 TM are turned into true azimuths by the
   meridian convergence at each building (about 6.5° at Luleå, 22.15° E).
   A skillion plane faces the perpendicular closer to south (direction unknown).
3. **Areas.** The footprint is shared among planes as the horizontal projections of
   the roof over the rectangle (gabled: ½ each; hipped: ends ``W/(4L)``, sides
   ``½ − W/(4L)``), divided by ``cos(tilt)`` for the slope area. The edge setback
   ``setback_m`` is an exact inset of each actual plane polygon (:func:`plane_polygons`:
   gabled rectangles, hipped trapezoids and triangles, skillion rectangles, all on the
   slope; flat roofs: the footprint itself), a negative shapely buffer, so it cuts eaves,
   ridge, gables and hips alike; then the usable fraction of the Gagnon size class times the type
   factor applies (low/central/high).
4. **Suitability.** Planes facing north (within ``north_half_width_deg`` of 0°, tilt
   ≥ ``north_min_tilt_deg``) and planes with less than ``min_plane_usable_area_m2``
   usable (central) get no modules; they stay in the table with a reason.
5. **Capacity.** Modules cover ``packing_factor`` of the usable area (gaps, walkways,
   whole modules at the edges); pitched roofs flush, flat roofs in tilted racks covering
   ``gcr`` of that. ``capacity_kwp = module area × module_power_density_kwp_per_m2``
   (per m² of module): 0.80 × 0.21 = 0.168 kWp per m² of usable pitched roof.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from workbench.buildings.schema import CRS
from workbench.config.roofs import RoofAssumptions

ROOF_MODEL = {
    "flat": "flat",
    "gabled": "two_planes",
    "gambrel": "two_planes",
    "mansard": "two_planes",
    "saltbox": "two_planes",
    "hipped": "four_planes",
    "half-hipped": "four_planes",
    "pyramidal": "four_planes",
    "skillion": "one_plane",
    "sawtooth": "one_plane",
    "dome": "unsuitable",
    "round": "unsuitable",
    "onion": "unsuitable",
}
PLANE_COLUMNS = [
    "building_id",
    "plane_id",
    "roof_model",
    "mounting",
    "surface_tilt",
    "surface_azimuth",
    "plane_area_m2",
    "usable_area_m2",
    "usable_area_low_m2",
    "usable_area_high_m2",
    "module_area_m2",
    "capacity_kwp",
    "capacity_low_kwp",
    "capacity_high_kwp",
    "is_suitable",
    "unsuitable_reason",
]


def roof_model(buildings: pd.DataFrame, assumptions: RoofAssumptions) -> pd.Series:
    """``flat``, ``two_planes``, ``four_planes``, ``one_plane`` or ``unsuitable`` per building."""
    shape = buildings["roof_shape"].astype("string").fillna("unknown")
    model = shape.map(ROOF_MODEL).astype("string")
    threshold = buildings["building_type"].map(assumptions.flat_above_area_m2.model_dump())
    unknown_flat = buildings["footprint_area_m2"] > threshold.astype(float)
    rule = pd.Series(np.where(unknown_flat, "flat", "two_planes"), index=buildings.index)
    return model.fillna(rule).astype("string")


def true_north_grid_bearing(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Grid bearing [°] of true north at SWEREF 99 TM points (negative east of 15° E).

    Computed numerically with pyproj: the grid direction from each point to a point
    0.01° of latitude further north. True azimuth = grid bearing − this value.
    """
    to_geo = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    to_grid = pyproj.Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    lon, lat = to_geo.transform(x, y)
    x2, y2 = to_grid.transform(lon, np.asarray(lat) + 0.01)
    return np.degrees(np.arctan2(np.asarray(x2) - x, np.asarray(y2) - y))


def ridge_geometry(geometry: gpd.GeoSeries) -> pd.DataFrame:
    """Ridge true bearing [°, 0–180], rectangle length and width [m] per footprint.

    The minimum rotated rectangle's long side gives the ridge (a square footprint takes
    the first side).
    """
    rect = shapely.oriented_envelope(geometry.to_numpy())
    # a rectangle has no holes: its coordinates are those of its exterior ring
    polygon = (shapely.get_type_id(rect) == 3).all()
    ring = rect if polygon else shapely.get_exterior_ring(rect)
    coords = shapely.get_coordinates(ring).reshape(len(rect), -1, 2)
    if coords.shape[1] < 3:  # pragma: no cover - degenerate footprints are excluded upstream
        raise ValueError("degenerate footprints have no rotated rectangle")
    e1 = coords[:, 1] - coords[:, 0]
    e2 = coords[:, 2] - coords[:, 1]
    l1, l2 = np.hypot(*e1.T), np.hypot(*e2.T)
    along = np.where((l1 >= l2)[:, None], e1, e2)
    grid_bearing = np.degrees(np.arctan2(along[:, 0], along[:, 1]))
    centre = shapely.centroid(rect)
    convergence = true_north_grid_bearing(shapely.get_x(centre), shapely.get_y(centre))
    bearing = np.mod(grid_bearing - convergence, 180.0)
    return pd.DataFrame(
        {
            "ridge_bearing_deg": bearing,
            "rect_length_m": np.maximum(l1, l2),
            "rect_width_m": np.minimum(l1, l2),
        },
        index=geometry.index,
    )


def size_class(area_m2: pd.Series, assumptions: RoofAssumptions) -> pd.Series:
    """Gagnon et al. 2016 size class (``small``/``medium``/``large``) of each footprint."""
    bins = [-np.inf, assumptions.small_max_area_m2, assumptions.medium_max_area_m2, np.inf]
    return pd.cut(area_m2, bins, labels=["small", "medium", "large"], right=False).astype(str)


def usable_fractions(buildings: pd.DataFrame, assumptions: RoofAssumptions) -> pd.DataFrame:
    """Low, central and high usable fraction [-] per building (size class × type factor)."""
    cls = size_class(buildings["footprint_area_m2"], assumptions)
    table = assumptions.usable_fraction.model_dump()
    factor = buildings["building_type"].map(assumptions.usable_factor.model_dump()).astype(float)
    out = {}
    for band in ("low", "central", "high"):
        by_class = {c: table[f"{c}_{band}"] for c in ("small", "medium", "large")}
        out[band] = np.clip(cls.map(by_class).astype(float) * factor, 0.0, 1.0)
    return pd.DataFrame(out, index=buildings.index)


def _plane_layout(model: str, bearing: np.ndarray, length: np.ndarray, width: np.ndarray, a):
    """Per roof model: list of (azimuth, horizontal share, rack tilt or None, plane shape).

    The shape names the plane polygon that :func:`_inset_factor` insets: ``half`` (gabled
    slope, L × W/2 in plan), ``trapezoid`` (hipped side), ``triangle`` (hipped end),
    ``whole`` (skillion, L × W) or ``footprint`` (flat: the footprint itself).
    """
    # ridge bearing in [0°, 180°) -> normal in [90°, 270°): the perpendicular on the south side
    normal = np.mod(bearing + 90.0, 360.0)
    opposite = np.mod(normal + 180.0, 360.0)
    if model == "two_planes":
        return [(normal, 0.5, None, "half"), (opposite, 0.5, None, "half")]
    if model == "four_planes":
        end = width / (4.0 * length)
        side = 0.5 - end
        return [
            (normal, side, None, "trapezoid"),
            (opposite, side, None, "trapezoid"),
            (np.mod(bearing, 360.0), end, None, "triangle"),
            (np.mod(bearing + 180.0, 360.0), end, None, "triangle"),
        ]
    if model == "one_plane":
        return [(normal, np.ones_like(bearing), None, "whole")]
    if model == "flat":
        if a.flat_layout == "south":
            south = np.full_like(bearing, 180.0)
            return [(south, np.ones_like(bearing), a.rack_tilt_south_deg, "footprint")]
        half = np.full_like(bearing, 0.5)
        tilt = a.rack_tilt_east_west_deg
        return [
            (np.full_like(bearing, 90.0), half, tilt, "footprint"),
            (np.full_like(bearing, 270.0), half, tilt, "footprint"),
        ]
    return []


def plane_polygons(shape: str, length: np.ndarray, width: np.ndarray, tilt: np.ndarray):
    """Roof-plane polygons in each plane's own sloped coordinates [m] (x along the eave).

    Built over the footprint's rotated rectangle (L × W, ridge along L, the same pitch on
    every plane, so hips run at 45° in plan and a hipped ridge is L − W long); a plan depth
    d becomes a slope depth d / cos(tilt):

    - ``half``: gabled slope, rectangle L × (W/2)/cos t;
    - ``trapezoid``: hipped side, eave L, ridge L − W, depth (W/2)/cos t;
    - ``triangle``: hipped end, eave W, apex at depth (W/2)/cos t;
    - ``whole``: skillion, rectangle L × W/cos t.
    """
    length = np.asarray(length, dtype=float)
    width = np.asarray(width, dtype=float)
    cos = np.cos(np.radians(np.asarray(tilt, dtype=float)))
    zero = np.zeros_like(length)
    half_depth = width / 2.0 / cos
    if shape == "half":
        xy = [(zero, zero), (length, zero), (length, half_depth), (zero, half_depth)]
    elif shape == "trapezoid":
        xy = [
            (zero, zero),
            (length, zero),
            (length - width / 2.0, half_depth),
            (width / 2.0, half_depth),
        ]
    elif shape == "triangle":
        xy = [(zero, zero), (width, zero), (width / 2.0, half_depth)]
    elif shape == "whole":
        xy = [(zero, zero), (length, zero), (length, width / cos), (zero, width / cos)]
    else:
        raise ValueError(
            f"unknown plane shape {shape!r}; expected half, trapezoid, triangle, whole"
        )
    coords = np.stack([np.column_stack(pair) for pair in xy], axis=1)  # (n, k, 2)
    return shapely.polygons(coords)


def _inset_factor(shape, length, width, tilt, setback, footprints) -> np.ndarray:
    """Share [-] of each plane left after an inset of ``setback`` [m] from every edge.

    The plane polygon (:func:`plane_polygons`; for flat roofs the footprint itself, holes
    included) is shrunk with a negative buffer (shapely): what is left is every point at
    least ``setback`` from each edge, so triangles and trapezoids lose more than a rectangle
    of the same area.
    """
    polygons = footprints if shape == "footprint" else plane_polygons(shape, length, width, tilt)
    area = shapely.area(polygons)
    if setback <= 0:
        return np.ones(len(area))
    inset = shapely.area(shapely.buffer(polygons, -setback))
    return np.divide(inset, area, out=np.zeros(len(area)), where=area > 0)


def _is_north(azimuth, tilt, a: RoofAssumptions) -> np.ndarray:
    offset = np.abs((azimuth + 180.0) % 360.0 - 180.0)  # angular distance from north [°]
    return a.exclude_north & (offset < a.north_half_width_deg) & (tilt >= a.north_min_tilt_deg)


def roof_planes(
    buildings: gpd.GeoDataFrame, assumptions: RoofAssumptions | None = None
) -> pd.DataFrame:
    """Roof planes of every building, with usable area and capacity.

    Parameters
    ----------
    buildings
        Buildings in the schema of :func:`workbench.buildings.read` (EPSG:3006).
    assumptions
        Roof assumptions; defaults to ``RoofAssumptions()``.

    Returns
    -------
    pandas.DataFrame
        One row per plane (columns :data:`PLANE_COLUMNS`): ``surface_tilt`` and
        ``surface_azimuth`` [°, pvlib convention, 180 = south, true north],
        ``plane_area_m2`` (slope area), ``usable_area_m2`` (+ ``_low``/``_high``),
        ``module_area_m2``, ``capacity_kwp`` (+ low/high) [kWp], ``mounting``
        (``close_mount`` flush, ``open_rack`` racks), ``is_suitable`` and
        ``unsuitable_reason``. Unsuitable planes have zero capacity.
    """
    a = assumptions or RoofAssumptions()
    if buildings.crs is None or not pyproj.CRS.from_user_input(buildings.crs).equals(
        pyproj.CRS.from_user_input(CRS)
    ):
        raise ValueError(f"buildings must be in {CRS}, got {buildings.crs}")
    b = pd.DataFrame(buildings.drop(columns=buildings.geometry.name)).reset_index(drop=True)
    if b.empty:
        return _empty_planes()
    footprint_geometry = buildings.geometry.reset_index(drop=True).to_numpy()
    geom = ridge_geometry(buildings.geometry.reset_index(drop=True))
    model = roof_model(b, a)
    fractions = usable_fractions(b, a)
    pitch = b["building_type"].map(a.pitch_deg.model_dump()).astype(float).to_numpy()
    parts = []
    for name in ("two_planes", "four_planes", "one_plane", "flat"):
        sel = np.flatnonzero((model == name).to_numpy())
        if not len(sel):
            continue
        length = geom["rect_length_m"].to_numpy()[sel]
        width = geom["rect_width_m"].to_numpy()[sel]
        bearing = geom["ridge_bearing_deg"].to_numpy()[sel]
        area = b["footprint_area_m2"].to_numpy()[sel]
        footprints = footprint_geometry[sel]
        insets: dict[tuple, np.ndarray] = {}  # planes of one shape and tilt share their inset
        for k, (azimuth, share, rack_tilt, shape) in enumerate(
            _plane_layout(name, bearing, length, width, a)
        ):
            flat = rack_tilt is not None
            tilt = np.full(len(sel), rack_tilt) if flat else pitch[sel]
            horizontal = area * share
            plane_area = horizontal if flat else horizontal / np.cos(np.radians(tilt))
            key = (shape, rack_tilt)
            if key not in insets:
                insets[key] = _inset_factor(shape, length, width, tilt, a.setback_m, footprints)
            setback = insets[key]
            usable = {
                band: plane_area * setback * fractions[band].to_numpy()[sel]
                for band in ("low", "central", "high")
            }
            gcr = (a.gcr_south if a.flat_layout == "south" else a.gcr_east_west) if flat else 1.0
            parts.append(
                pd.DataFrame(
                    {
                        "row": sel,
                        "plane_no": k + 1,
                        "roof_model": name,
                        "mounting": "open_rack" if flat else "close_mount",
                        "surface_tilt": tilt,
                        "surface_azimuth": azimuth,
                        "plane_area_m2": plane_area,
                        "usable_area_m2": usable["central"],
                        "usable_area_low_m2": usable["low"],
                        "usable_area_high_m2": usable["high"],
                        "gcr": gcr,
                    }
                )
            )
    unsuitable_rows = np.flatnonzero((model == "unsuitable").to_numpy())
    if len(unsuitable_rows):
        parts.append(
            pd.DataFrame(
                {
                    "row": unsuitable_rows,
                    "plane_no": 1,
                    "roof_model": "unsuitable",
                    "mounting": "none",
                    "surface_tilt": np.nan,
                    "surface_azimuth": np.nan,
                    "plane_area_m2": b["footprint_area_m2"].to_numpy()[unsuitable_rows],
                    "usable_area_m2": 0.0,
                    "usable_area_low_m2": 0.0,
                    "usable_area_high_m2": 0.0,
                    "gcr": 0.0,
                }
            )
        )
    planes = pd.concat(parts, ignore_index=True).sort_values(["row", "plane_no"], kind="stable")
    planes = planes.reset_index(drop=True)
    return _capacity(planes, b, a)


def _empty_planes() -> pd.DataFrame:
    """A plane table with no rows and the dtypes of a filled one."""
    text = ("building_id", "plane_id", "roof_model", "mounting", "unsuitable_reason")
    return pd.DataFrame(
        {
            c: pd.Series(dtype="string" if c in text else bool if c == "is_suitable" else float)
            for c in PLANE_COLUMNS
        }
    )


def _capacity(planes: pd.DataFrame, b: pd.DataFrame, a: RoofAssumptions) -> pd.DataFrame:
    reason = np.full(len(planes), "", dtype=object)
    curved = (planes["roof_model"] == "unsuitable").to_numpy()
    reason[curved] = "curved_roof"
    north = _is_north(planes["surface_azimuth"].to_numpy(), planes["surface_tilt"].to_numpy(), a)
    reason[(reason == "") & north] = "north_facing"
    small = planes["usable_area_m2"].to_numpy() < a.min_plane_usable_area_m2
    reason[(reason == "") & small] = "below_min_area"
    suitable = reason == ""
    density = a.module_power_density_kwp_per_m2
    for band, col in (
        ("", "usable_area_m2"),
        ("_low", "usable_area_low_m2"),
        ("_high", "usable_area_high_m2"),
    ):
        planes[col] = np.where(suitable, planes[col], 0.0)
        module = planes[col] * a.packing_factor * planes["gcr"]
        if band == "":
            planes["module_area_m2"] = module
        planes[f"capacity{band}_kwp"] = module * density
    planes["is_suitable"] = suitable
    planes["unsuitable_reason"] = pd.Series(reason, dtype="string")
    ids = b["building_id"].astype("string").to_numpy()[planes["row"].to_numpy()]
    planes["building_id"] = pd.Series(ids, dtype="string")
    planes["plane_id"] = planes["building_id"] + "#" + planes["plane_no"].astype(str)
    return planes[PLANE_COLUMNS]
