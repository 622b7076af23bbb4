"""OpenStreetMap building tags mapped to the workbench building schema.

Works on both kinds of OSM tables: GDAL's OSM driver (``.osm.pbf``, layer
``multipolygons``: a few tags as columns, the rest in the hstore-like
``other_tags`` string) and tag-per-column exports (OSMnx/pyrosm GeoParquet,
Overpass GeoJSON).

Tags used (https://wiki.openstreetmap.org/wiki/Key:building and linked pages):
``building``, ``building:levels``, ``height``, ``roof:shape`` (fallback
``building:roof:shape``), ``amenity``/``shop``/``office`` for ``building=yes``,
``owner``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbench.buildings.fields import (
    HEIGHT_EXPECTED,
    LEVELS_EXPECTED,
    issue_rows,
    plausible_height_m,
    plausible_levels,
)

#: The OSM keys :func:`map_attributes` reads (``workbench fetch buildings`` keeps these).
TAGS = (
    "building",
    "building:levels",
    "height",
    "roof:shape",
    "building:roof:shape",
    "amenity",
    "shop",
    "office",
    "owner",
)
# building=* value -> building type. Unlisted values become "other".
BUILDING_VALUE_TYPE: dict[str, str] = {
    **dict.fromkeys(
        [
            "house",
            "detached",
            "semidetached_house",
            "semi",
            "terrace",
            "bungalow",
            "cabin",
            "farm",
            "villa",
            "static_caravan",
        ],
        "residential_small",
    ),
    **dict.fromkeys(["apartments", "dormitory", "flats", "block"], "residential_multi"),
    **dict.fromkeys(
        ["commercial", "retail", "office", "hotel", "kiosk", "supermarket", "shop", "bank"],
        "commercial",
    ),
    **dict.fromkeys(
        [
            "public",
            "civic",
            "government",
            "school",
            "university",
            "college",
            "kindergarten",
            "hospital",
            "church",
            "chapel",
            "cathedral",
            "mosque",
            "synagogue",
            "temple",
            "religious",
            "fire_station",
            "sports_hall",
            "sports_centre",
            "train_station",
            "transportation",
            "museum",
            "prison",
            "public_building",
            "townhall",
            "library",
            "stadium",
        ],
        "public",
    ),
    **dict.fromkeys(
        ["industrial", "warehouse", "manufacture", "factory", "hangar", "storage_tank", "depot"],
        "industrial",
    ),
    **dict.fromkeys(
        [
            "farm_auxiliary",
            "barn",
            "cowshed",
            "stable",
            "greenhouse",
            "glasshouse",
            "sty",
            "silo",
            "shed_farm",
        ],
        "agricultural",
    ),
}
# building=residential / yes need more evidence: size/levels or amenity-like tags.
AMBIGUOUS_RESIDENTIAL = {"residential"}
NOT_BUILDINGS = {"no", "demolished", "destroyed", "razed", "proposed", "abandoned:yes", "removed"}

AMENITY_TYPE: dict[str, str] = {
    **dict.fromkeys(
        [
            "school",
            "kindergarten",
            "college",
            "university",
            "hospital",
            "clinic",
            "townhall",
            "library",
            "fire_station",
            "police",
            "community_centre",
            "place_of_worship",
            "social_facility",
            "courthouse",
        ],
        "public",
    ),
    **dict.fromkeys(["restaurant", "cafe", "bank", "fuel", "pharmacy", "fast_food"], "commercial"),
}

ROOF_SHAPE_ALIASES: dict[str, str] = {
    "flat": "flat",
    "gabled": "gabled",
    "hipped": "hipped",
    "half-hipped": "half-hipped",
    "half_hipped": "half-hipped",
    "side_hipped": "hipped",
    "pyramidal": "pyramidal",
    "quadruple_saltbox": "hipped",
    "skillion": "skillion",
    "lean_to": "skillion",
    "monopitch": "skillion",
    "gambrel": "gambrel",
    "mansard": "mansard",
    "saltbox": "saltbox",
    "cross_gabled": "gabled",
    "sawtooth": "sawtooth",
    "dome": "dome",
    "round": "round",
    "onion": "onion",
    "cone": "dome",
    # legacy or misspelt values seen in OSM (building:roof:shape=pitched is the old gabled)
    "pitched": "gabled",
    "gable": "gabled",
    "hip": "hipped",
    "pyramid": "pyramidal",
    "shed": "skillion",
}

# building=residential without more detail: multi-dwelling when it is this large or this tall.
# Judgement: SCB counts a flerbostadshus from 3 dwellings; Swedish småhus footprints are mostly
# 80–200 m² with 1–2 storeys (SCB new småhus 2019: 145 m² living area), so ≥ 300 m² or ≥ 3
# storeys is rarely a single-family house.
RESIDENTIAL_MULTI_MIN_AREA_M2 = 300.0
RESIDENTIAL_MULTI_MIN_LEVELS = 3.0

_NUMBER = r"(-?\d+(?:[.,]\d+)?)"


def other_tag(other_tags: pd.Series, key: str) -> pd.Series:
    """Value of one key from GDAL's ``other_tags`` strings (``"k"=>"v","k2"=>"v2"``)."""
    pattern = r'(?:^|,)"' + re.escape(key) + r'"=>"((?:[^"\\]|\\.)*)"'
    return other_tags.astype("string").str.extract(pattern, expand=False)


def tag(df: pd.DataFrame, key: str) -> pd.Series:
    """A tag from a column if present, else from ``other_tags``; missing -> <NA>."""
    values = pd.Series(pd.NA, index=df.index, dtype="string")
    if key in df.columns:
        values = df[key].astype("string")
    if "other_tags" in df.columns:
        values = values.fillna(other_tag(df["other_tags"], key))
    return values.str.strip().replace("", pd.NA)


def parse_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First number in each string (``"3;4"`` -> 3, ``"2,5"`` -> 2.5); returns (values, unparsed).

    ``unparsed`` is True where a value was given but holds no number. Floats whose text has
    no exponent (0 or 1e-4 <= |x| < 1e16: Python writes them as digits, which parse back to
    the same float) and columns without any value skip the text round trip.
    """
    fast = _parse_number_fast(values)
    if fast is not None:
        return fast
    text = values.astype("string")
    number = text.str.extract(_NUMBER, expand=False).str.replace(",", ".", regex=False)
    out = pd.to_numeric(number, errors="coerce").astype("float64")
    unparsed = text.notna() & out.isna()
    return out, unparsed.fillna(False).astype(bool)


def _parse_number_fast(values: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """:func:`parse_number` without text where its result is known (else ``None``)."""
    if pd.api.types.is_float_dtype(values.dtype):
        v = values.to_numpy(dtype="float64", na_value=np.nan)
        size = np.abs(v)
        if not (np.isnan(v) | (size == 0) | ((size >= 1e-4) & (size < 1e16))).all():
            return None
    elif values.isna().all():
        v = np.full(len(values), np.nan)
    else:
        return None
    unparsed = pd.Series(False, index=values.index, name=values.name)
    return pd.Series(v, index=values.index, name=values.name, dtype="float64"), unparsed


def parse_height_m(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """OSM ``height`` in metres: ``"18"``, ``"18 m"``; feet (``"60'"``, ``"60 ft"``) converted."""
    number, unparsed = parse_number(values)
    feet = values.astype("string").str.contains(r"'|ft|feet", regex=True, na=False)
    return number.where(~feet, number * 0.3048), unparsed


def normalise_roof_shape(values: pd.Series) -> pd.Series:
    """OSM ``roof:shape`` folded into :data:`~workbench.buildings.schema.ROOF_SHAPES`."""
    key = values.astype("string").str.strip().str.lower().str.replace(" ", "_", regex=False)
    return key.map(ROOF_SHAPE_ALIASES).fillna("unknown").astype("string")


def building_type(
    building: pd.Series,
    amenity: pd.Series,
    shop: pd.Series,
    office: pd.Series,
    levels: pd.Series,
    area_m2: pd.Series,
) -> pd.Series:
    """Building type from ``building=*`` and, for ``yes``/``residential``, other evidence."""
    value = building.astype("string").str.strip().str.lower()
    out = value.map(BUILDING_VALUE_TYPE).astype("string")
    large = (area_m2 >= RESIDENTIAL_MULTI_MIN_AREA_M2) | (levels >= RESIDENTIAL_MULTI_MIN_LEVELS)
    residential = value.isin(AMBIGUOUS_RESIDENTIAL).fillna(False)
    out = out.mask(residential & large, "residential_multi")
    out = out.mask(residential & ~large, "residential_small")
    from_amenity = amenity.astype("string").str.lower().map(AMENITY_TYPE).astype("string")
    out = out.fillna(from_amenity)
    commercial_hint = shop.notna() | office.notna()
    out = out.mask(out.isna() & commercial_hint, "commercial")
    return out.fillna("other").astype("string")


def map_attributes(df: pd.DataFrame, area_m2: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map OSM tags to the building schema.

    Parameters
    ----------
    df
        Attribute table, one row per feature (tag columns and/or ``other_tags``).
    area_m2
        Footprint area per row [m2] (NaN where unknown), used for ``building=residential``.

    Returns
    -------
    (DataFrame, DataFrame)
        The mapped table (``source_id``, ``is_building``, ``not_building_detail``,
        ``building_type``, ``n_levels``, ``height_m``, ``roof_shape``, ``owner``,
        ``is_main_building``) and the tag values that could not be used.
    """
    building = tag(df, "building")
    raw_levels, raw_height = tag(df, "building:levels"), tag(df, "height")
    levels, bad_levels = parse_number(raw_levels)
    height, bad_height = parse_height_m(raw_height)
    levels, absurd_levels = plausible_levels(levels)
    height, absurd_height = plausible_height_m(height)
    roof = tag(df, "roof:shape").fillna(tag(df, "building:roof:shape"))
    roof_shape = normalise_roof_shape(roof)
    bad_roof = roof.notna() & (roof_shape == "unknown")
    lower = building.str.lower()
    is_building = building.notna() & ~lower.isin(NOT_BUILDINGS).fillna(False)
    detail = pd.Series(
        np.where(building.isna(), "no building tag", "building=" + building.fillna("")),
        index=df.index,
    )
    out = pd.DataFrame(
        {
            "source_id": osm_ids(df),
            "is_building": is_building.astype(bool),
            "not_building_detail": detail,
            "building_type": building_type(
                building,
                tag(df, "amenity"),
                tag(df, "shop"),
                tag(df, "office"),
                levels,
                area_m2,
            ),
            "n_levels": levels,
            "height_m": height,
            "roof_shape": roof_shape,
            "owner": tag(df, "owner"),
            "is_main_building": pd.Series(pd.NA, index=df.index, dtype="boolean"),
        },
        index=df.index,
    )
    issues = issue_rows(
        [
            ("building:levels", bad_levels, raw_levels, "a number of storeys"),
            ("building:levels", absurd_levels, raw_levels, LEVELS_EXPECTED),
            ("height", bad_height, raw_height, "a height in m (or ft)"),
            ("height", absurd_height, raw_height, HEIGHT_EXPECTED),
            ("roof:shape", bad_roof.fillna(False), roof, "an OSM roof:shape value"),
        ]
    )
    return out, issues


def osm_ids(df: pd.DataFrame) -> pd.Series:
    """``way/123`` or ``relation/456`` ids from GDAL (osm_way_id/osm_id) or OSMnx (element/id)."""
    out = pd.Series(pd.NA, index=df.index, dtype="string")
    if "osm_way_id" in df.columns:
        way = df["osm_way_id"].astype("string")
        out = out.fillna(("way/" + way).where(way.notna()))
    if "osm_id" in df.columns:
        rel = df["osm_id"].astype("string")
        out = out.fillna(("relation/" + rel).where(rel.notna()))
    if {"element", "id"} <= set(df.columns):
        el = df["element"].astype("string") + "/" + df["id"].astype("string")
        out = out.fillna(el)
    elif "element_type" in df.columns and "osmid" in df.columns:
        out = out.fillna(df["element_type"].astype("string") + "/" + df["osmid"].astype("string"))
    elif "id" in df.columns:
        out = out.fillna(df["id"].astype("string"))
    return out


def looks_like_osm(df: pd.DataFrame) -> bool:
    """True for GDAL OSM tables and tag-per-column OSM exports."""
    cols = set(df.columns)
    return (
        "other_tags" in cols
        or "osm_way_id" in cols
        or ("building" in cols and "building_type" not in cols)
    )
