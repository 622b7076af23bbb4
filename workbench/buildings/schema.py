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

__all__ = ["BUILDING_TYPES", "COLUMNS", "CRS", "EXCLUDED_COLUMNS", "ROOF_SHAPES"]
