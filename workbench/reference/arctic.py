"""North or south of the Arctic Circle: which words a chart or notebook may use for the dark months.

The Arctic Circle lies at 90° minus the obliquity of the ecliptic; the mean obliquity follows
the IAU 2006 precession model (Capitaine et al. 2003, A&A 412, 567; IERS Conventions 2010,
eq. 5.40): 84381.406″ − 46.836769″·T − 0.0001831″·T² + 0.00200340″·T³ with T in Julian
centuries from J2000.0. The circle moves north by about 15 m a year.

>>> round(arctic_circle_lat(2025), 4)
66.564
>>> north_of_arctic_circle(65.584), north_of_arctic_circle(67.856)  # Luleå, Kiruna seats
(False, True)

North of the circle the centre of the sun stays below the (geometric) horizon for at least
one day around the December solstice: polar night. Luleå (65.58° N) has short days, not polar
night; Kiruna, Gällivare, Pajala and Jokkmokk (66.61° N) have polar night at the seat.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from workbench.reference import boundaries
from workbench.reference import kommuner as km

#: year of the obliquity used by default (the workbench's reference year)
YEAR = 2025
_J2000_YEAR = 2000.0  # J2000.0 = 2000-01-01 12:00 TT, close enough at this precision
_OBLIQUITY_ARCSEC = (84381.406, -46.836769, -0.0001831, 0.00200340)  # IAU 2006, T^0..T^3

NORTH_PHRASE = "polar night Dec–Jan, midnight sun Jun"
SOUTH_PHRASE = "low sun and short days Dec–Jan, light nights Jun"


def mean_obliquity_deg(year: float = YEAR) -> float:
    """Mean obliquity of the ecliptic in the middle of ``year`` [degrees] (IAU 2006)."""
    t = (year + 0.5 - _J2000_YEAR) / 100.0
    arcsec = sum(c * t**i for i, c in enumerate(_OBLIQUITY_ARCSEC))
    return arcsec / 3600.0


def arctic_circle_lat(year: float = YEAR) -> float:
    """Latitude of the Arctic Circle in ``year`` [degrees N]: 90° − mean obliquity."""
    return 90.0 - mean_obliquity_deg(year)


def north_of_arctic_circle(lat: float, year: float = YEAR) -> bool:
    """Whether latitude ``lat`` [degrees N] lies north of the Arctic Circle (polar night)."""
    return float(lat) > arctic_circle_lat(year)


def daylight_phrase(lat: float, year: float = YEAR) -> str:
    """Words for the dark and light months at ``lat`` [degrees N] for a chart title.

    "polar night" and "midnight sun" only north of the Arctic Circle.
    """
    return NORTH_PHRASE if north_of_arctic_circle(lat, year) else SOUTH_PHRASE


@dataclass(frozen=True)
class ArcticPosition:
    """Where a municipality's seat and area lie against the Arctic Circle."""

    kommun: str
    seat_lat: float  # [degrees N]
    circle_lat: float  # [degrees N]
    seat_is_north: bool
    area_north_pct: float  # share of the municipality's area north of the circle [%]

    def sentence(self) -> str:
        """One English sentence for a notebook."""
        side = "north" if self.seat_is_north else "south"
        dark = (
            "polar night at the seat in December–January (the sun stays below the horizon)"
            if self.seat_is_north
            else "no polar night at the seat: the sun rises every day, low and briefly in December"
        )
        part = f"; {self.area_north_pct:.0f} % of the municipality's area lies north of the circle"
        return (
            f"{self.kommun}: seat at {self.seat_lat:.2f}° N, "
            f"{abs(self.seat_lat - self.circle_lat):.2f}° {side} of the Arctic Circle "
            f"({self.circle_lat:.2f}° N in {YEAR}): {dark}{part}."
        )


def position(kommun: str | int | km.Kommun, year: float = YEAR) -> ArcticPosition:
    """The seat's side of the Arctic Circle and the share of the area north of it."""
    k = km.get(kommun)
    circle = arctic_circle_lat(year)
    area = gpd.GeoSeries([boundaries.boundary(k.name)], crs=boundaries.CRS)
    north = shapely.box(-180.0, circle, 180.0, 90.0)
    clipped = area.to_crs(4326).intersection(north).to_crs(boundaries.CRS)
    share = 100.0 * float(clipped.area.iloc[0]) / float(area.area.iloc[0])
    return ArcticPosition(k.name, k.seat_lat, circle, north_of_arctic_circle(k.seat_lat), share)
