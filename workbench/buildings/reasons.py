"""Reason codes for input features that do not become buildings.

Every input feature ends up either in the building table or in the ``excluded``
table with exactly one of these codes; :data:`REASONS` documents them and fixes
their order in reports. Repairs that keep a feature are listed in
:data:`REPAIRS` and recorded per building in the ``repairs`` column.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd


class Reason(StrEnum):
    """Why an input feature is not in the building table (checked in this order)."""

    NOT_A_BUILDING = "not_a_building"
    UNKNOWN_PURPOSE = "unknown_purpose"
    NO_GEOMETRY = "no_geometry"
    BROKEN_RING = "broken_ring"
    EMPTY_GEOMETRY = "empty_geometry"
    POINT_GEOMETRY = "point_geometry"
    LINE_GEOMETRY = "line_geometry"
    INVALID_COORDINATES = "invalid_coordinates"
    UNREPAIRABLE = "unrepairable"
    SLIVER = "sliver"
    IMPLAUSIBLE_SIZE = "implausible_size"
    DUPLICATE = "duplicate"
    DUPLICATE_GEOMETRY = "duplicate_geometry"


REASONS: dict[Reason, str] = {
    Reason.NOT_A_BUILDING: "The feature is not a building (OSM feature without a building tag, "
    "building=no/demolished/proposed, ...).",
    Reason.UNKNOWN_PURPOSE: "Lantmäteriet purpose (ändamål, objekttyp) that is not in the "
    "product's documented code list, so the building type (and roof model) is unknown; "
    "the value is in the detail.",
    Reason.NO_GEOMETRY: "The feature has no geometry in the source file.",
    Reason.BROKEN_RING: "The geometry cannot be read: a ring with too few points or an "
    "unclosed ring that cannot be closed (typical of clipped OSM extracts).",
    Reason.EMPTY_GEOMETRY: "The geometry is empty.",
    Reason.POINT_GEOMETRY: "A point: it carries no footprint area.",
    Reason.LINE_GEOMETRY: "An open line: it carries no footprint area (closed lines are "
    "turned into polygons and kept).",
    Reason.INVALID_COORDINATES: "A vertex is not a finite number (NaN or infinite) in the "
    "source, or becomes one on reprojection to EPSG:3006.",
    Reason.UNREPAIRABLE: "An invalid polygon whose repair (shapely.make_valid) leaves no area.",
    Reason.SLIVER: "The footprint is smaller than roofs.min_footprint_area_m2 (default 10 m²).",
    Reason.IMPLAUSIBLE_SIZE: "The footprint is larger than 1 km² (1,000,000 m²), more than "
    "the largest building footprint in the world (887,800 m²): a wrong unit or CRS, or a "
    "site drawn as one building.",
    Reason.DUPLICATE: "Same id and same geometry as an earlier feature (the first is kept).",
    Reason.DUPLICATE_GEOMETRY: "Same geometry as an earlier feature with another id "
    "(the first is kept).",
}

#: Reasons that only one source schema can produce; reports list them only for that schema.
SCHEMA_REASONS: dict[Reason, str] = {Reason.UNKNOWN_PURPOSE: "lantmateriet"}

REPAIRS: dict[str, str] = {
    "ring_closed": "An unclosed ring was closed when reading the geometry.",
    "made_valid": "An invalid (e.g. self-intersecting) polygon was repaired with shapely.make_valid.",
    "line_to_polygon": "A closed line was turned into a polygon.",
    "collection_polygons": "Only the polygons of a geometry collection were kept.",
    "duplicate_id_renamed": "The source id was already used by another geometry; a suffix "
    "'~2', '~3', ... makes building_id unique.",
    "id_missing": "The source has no id for this feature; building_id is made from the row.",
}


def reasons_for(schema: str) -> list[Reason]:
    """The reasons a source of ``schema`` can produce, in report order."""
    return [r for r in Reason if SCHEMA_REASONS.get(r, schema) == schema]


def reasons_table() -> pd.DataFrame:
    """The reason codes with their meaning, in report order."""
    return pd.DataFrame({"reason": [r.value for r in REASONS], "meaning": list(REASONS.values())})
