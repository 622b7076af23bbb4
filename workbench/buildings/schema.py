"""The building table every reader maps to, and its controlled vocabularies."""

from __future__ import annotations

from workbench.config.roofs import BUILDING_TYPES

CRS = "EPSG:3006"  # SWEREF 99 TM

#: Roof shapes after normalisation (OSM ``roof:shape`` values folded into these).
ROOF_SHAPES = (
    "flat",
    "gabled",
    "hipped",
    "half-hipped",
    "pyramidal",
    "skillion",
    "gambrel",
    "mansard",
    "saltbox",
    "sawtooth",
    "dome",
    "round",
    "onion",
    "unknown",
)

#: Columns of the building table, in order (``owner`` only when the source has one).
COLUMNS = (
    "building_id",
    "source_row",
    "source_id",
    "building_type",
    "n_levels",
    "height_m",
    "roof_shape",
    "is_main_building",
    "footprint_area_m2",
    "n_parts",
    "repairs",
)

EXCLUDED_COLUMNS = ("source_row", "source_id", "reason", "detail")

# Plausibility bounds. A value beyond them is a unit, CRS or typing error, not a building.
#: Largest footprint kept [m2]: 1 km². The largest building footprint in the world, the
#: AvtoVAZ main assembly building in Tolyatti, covers 887,800 m² (Wikipedia, "List of largest
#: buildings", footprint section, retrieved 2026); Boeing's Everett factory covers 398,000 m².
#: A larger "footprint" is a wrong unit or CRS, a whole site or a municipality drawn as one
#: building (one 100 km x 100 km square gave 416 GW, issue 15).
MAX_FOOTPRINT_AREA_M2 = 1_000_000.0
#: Storeys [-] kept as given: 0 (a roof or carport, OSM ``building:levels=0``) to 163, the
#: above-ground floors of the Burj Khalifa, the tallest building (CTBUH, "Burj Khalifa",
#: https://www.skyscrapercenter.com/building/burj-khalifa/3, 2010). Outside: unknown (NaN),
#: listed as an attribute issue.
LEVELS_RANGE = (0.0, 163.0)
#: Heights [m] kept as given: above 0 and at most 828 m, the Burj Khalifa's architectural
#: height (CTBUH, same page). Outside: unknown (NaN), listed as an attribute issue.
HEIGHT_RANGE_M = (0.0, 828.0)

__all__ = [
    "BUILDING_TYPES",
    "COLUMNS",
    "CRS",
    "EXCLUDED_COLUMNS",
    "HEIGHT_RANGE_M",
    "LEVELS_RANGE",
    "MAX_FOOTPRINT_AREA_M2",
    "ROOF_SHAPES",
]
