"""Do the inputs belong to the chosen municipality? Footprints and weather files are checked
against the municipality's boundary (:mod:`workbench.reference.boundaries`).

A run on Helsinki's buildings labelled as Luleå, or on a Kiruna weather file for Haparanda,
is refused with a message naming the file, the municipality and where the data lie, unless
the user allows it (``--allow-outside``); the result then records that it was allowed, and
the report says so.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from workbench.core.errors import InputError, Problem
from workbench.reference import boundaries
from workbench.reference import kommuner as km

#: footprints inside the municipality (boundary buffered by :func:`edge_m`) needed [%]
MIN_SHARE_INSIDE_PCT = 50.0
#: tolerance at the border: the boundary is simplified to 100 m [m]
EDGE_M = 1_000.0
#: a weather file's site may lie this far outside the municipality (a nearby station) [km]
MAX_WEATHER_DISTANCE_KM = 30.0

_TO_WGS84 = pyproj.Transformer.from_crs(boundaries.CRS, "EPSG:4326", always_xy=True)
_TO_SWEREF = pyproj.Transformer.from_crs("EPSG:4326", boundaries.CRS, always_xy=True)


@dataclass(frozen=True)
class LocationCheck:
    """Where an input lies relative to the municipality it was run for."""

    input: str  # "buildings" or "weather"
    source: str
    kommun: str
    share_inside_pct: float | None  # footprints only
    distance_km: float  # from the municipality's boundary (0 inside)
    lies_in: str  # the Norrbotten municipality the data lie in, or "outside Norrbotten"
    latitude: float
    longitude: float
    is_outside: bool
    allowed_outside: bool

    def as_dict(self) -> dict:
        """JSON-able fields (for the summary and the manifest)."""
        return asdict(self)


def edge_m(kommun) -> float:
    """The border tolerance of one municipality [m]: :data:`EDGE_M`, widened by how far the
    seat lies outside its polygon, rounded up to whole km.

    SCB's published boundaries are generalised: Arjeplog's village lies 1,988 m outside its
    polygon (edge 3 km) and Haparanda's 391 m (edge 2 km); the other 12 seats lie inside (1 km).
    A municipality's own buildings round its seat must not count as outside.
    """
    k = km.get(kommun)
    x, y = _TO_SWEREF.transform(k.seat_lon, k.seat_lat)
    outside_m = float(boundaries.boundary(k.name).distance(shapely.Point(x, y)))
    return EDGE_M + 1_000.0 * float(np.ceil(outside_m / 1_000.0))


def _inside(kommun):
    """The municipality's polygon widened by its border tolerance (:func:`edge_m`)."""
    return _inside_by_code(km.get(kommun).kommun_id_scb)


@functools.cache
def _inside_by_code(code: str):
    return boundaries.boundary(code).buffer(edge_m(code))


def _lies_in(point: shapely.Point) -> str:
    for k in km.all_kommuner():
        if _inside(k).contains(point):
            return k.name
    return "outside Norrbotten"


def _check(input_: str, source: str, k: km.Kommun, point, share, allow: bool) -> LocationCheck:
    border = boundaries.boundary(k.name)
    distance_km = float(border.distance(point)) / 1e3
    lon, lat = _TO_WGS84.transform(point.x, point.y)
    if share is None:
        outside = distance_km > MAX_WEATHER_DISTANCE_KM
    else:
        outside = share < MIN_SHARE_INSIDE_PCT
    check = LocationCheck(input_, source, k.name, share, round(distance_km, 1), _lies_in(point),
                          round(float(lat), 4), round(float(lon), 4), outside, allow and outside)  # fmt: skip
    if outside and not allow:
        raise InputError([Problem(source, _expected(check), value=_found(check))],
                         summary=f"{source} does not lie in {k.name}")  # fmt: skip
    return check


def _expected(c: LocationCheck) -> str:
    if c.share_inside_pct is None:
        rule = f"a site within {MAX_WEATHER_DISTANCE_KM:g} km of {c.kommun}"
    else:
        rule = f"at least {MIN_SHARE_INSIDE_PCT:g} % of the footprints inside {c.kommun}"
    return f"{rule} (or --allow-outside to run it anyway; the report then says so)"


def _found(c: LocationCheck) -> str:
    share = "" if c.share_inside_pct is None else f"{c.share_inside_pct:.1f} % inside, "
    return (f"{share}centre at lat {c.latitude:.3f}, lon {c.longitude:.3f} ({c.lies_in}), "
            f"{c.distance_km:,.0f} km from {c.kommun}")  # fmt: skip


def check_footprints(
    footprints: gpd.GeoSeries, kommun, source: str, *, allow_outside: bool = False
) -> LocationCheck:
    """Refuse footprints of which fewer than :data:`MIN_SHARE_INSIDE_PCT` lie in ``kommun``.

    ``footprints`` are geometries in EPSG:3006 (the reader's output). Swapped axes or another
    country's buildings land far outside and are refused the same way.
    """
    points = shapely.point_on_surface(footprints.to_crs(boundaries.CRS).geometry.to_numpy())
    return check_points(points, kommun, source, allow_outside=allow_outside)


def check_points(points, kommun, source: str, *, allow_outside: bool = False) -> LocationCheck:
    """:func:`check_footprints` for one point per footprint (``shapely.point_on_surface``, in
    EPSG:3006), e.g. collected batch by batch by the streaming rooftop path."""
    k = km.get(kommun)
    points = np.asarray(points, dtype=object)
    inside = shapely.contains(_inside(k), points)
    share = round(100.0 * float(inside.mean()), 1) if len(points) else 100.0
    xy = shapely.get_coordinates(points)
    border = boundaries.boundary(k.name)
    centre = shapely.Point(np.median(xy, axis=0)) if len(xy) else border.point_on_surface()
    return _check("buildings", source, k, centre, share, allow_outside)


def check_weather(
    latitude: float, longitude: float, kommun, source: str, *, allow_outside: bool = False
) -> LocationCheck:
    """Refuse a weather file whose site [degrees] lies more than
    :data:`MAX_WEATHER_DISTANCE_KM` outside ``kommun``."""
    k = km.get(kommun)
    point = shapely.Point(_TO_SWEREF.transform(float(longitude), float(latitude)))
    return _check("weather", source, k, point, None, allow_outside)
