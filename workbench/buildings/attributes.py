"""Attribute mapping: pick the source schema and map it to the building schema."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.buildings import lantmateriet, osm
from workbench.buildings.fields import (
    HEIGHT_EXPECTED,
    LEVELS_EXPECTED,
    OWNER_CANDIDATES,
    column,
    issue_rows,
    plausible_height_m,
    plausible_levels,
)
from workbench.buildings.reasons import Reason
from workbench.buildings.schema import BUILDING_TYPES, ROOF_SHAPES

ID_CANDIDATES = ("building_id", "id", "objekt_id", "objektidentitet", "uuid", "gml_id", "fid")


def detect_schema(df: pd.DataFrame) -> str:
    """``"workbench"``, ``"lantmateriet"``, ``"osm"`` or ``"generic"``."""
    if "building_type" in df.columns:
        return "workbench"
    if lantmateriet.looks_like_lantmateriet(df):
        return "lantmateriet"
    if osm.looks_like_osm(df):
        return "osm"
    return "generic"


def map_workbench(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table already in the workbench schema (e.g. the synthetic demo buildings)."""
    btype = df["building_type"].astype("string").str.strip().str.lower()
    bad_type = btype.notna() & ~btype.isin(BUILDING_TYPES)
    roof = (
        df["roof_shape"].astype("string").str.strip().str.lower()
        if "roof_shape" in df.columns
        else pd.Series(pd.NA, index=df.index, dtype="string")
    )
    bad_roof = roof.notna() & ~roof.isin(ROOF_SHAPES)
    raw_levels = df["levels"] if "levels" in df.columns else pd.Series(pd.NA, index=df.index)
    raw_height = df["height_m"] if "height_m" in df.columns else pd.Series(pd.NA, index=df.index)
    height, bad_height = osm.parse_number(raw_height)
    levels, bad_levels = osm.parse_number(raw_levels)
    levels, absurd_levels = plausible_levels(levels)
    height, absurd_height = plausible_height_m(height)
    main = (
        df["is_main_building"].astype("boolean")
        if "is_main_building" in df.columns
        else pd.Series(pd.NA, index=df.index, dtype="boolean")
    )
    owner = column(df, *OWNER_CANDIDATES)
    ids = column(df, *ID_CANDIDATES)
    out_frame = pd.DataFrame(
        {
            "source_id": ids.astype("string") if ids is not None else pd.NA,
            "is_building": True,
            "not_building_detail": "",
            "building_type": btype.where(~bad_type, "other").fillna("other"),
            "n_levels": levels,
            "height_m": height,
            "roof_shape": roof.where(~bad_roof, "unknown").fillna("unknown"),
            "owner": owner.astype("string") if owner is not None else pd.NA,
            "is_main_building": main,
        },
        index=df.index,
    )
    issues = issue_rows(
        [
            ("building_type", bad_type, btype, "one of " + ", ".join(BUILDING_TYPES)),
            ("roof_shape", bad_roof, roof, "one of " + ", ".join(ROOF_SHAPES)),
            ("levels", bad_levels, raw_levels, "a number of storeys"),
            ("levels", absurd_levels, raw_levels, LEVELS_EXPECTED),
            ("height_m", bad_height, raw_height, "a height in m"),
            ("height_m", absurd_height, raw_height, HEIGHT_EXPECTED),
        ]
    )
    return out_frame, issues


def map_generic(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A footprint layer without known attributes: every feature is a building of type other."""
    ids = column(df, *ID_CANDIDATES)
    owner = column(df, *OWNER_CANDIDATES)
    return pd.DataFrame(
        {
            "source_id": ids.astype("string") if ids is not None else pd.NA,
            "is_building": True,
            "not_building_detail": "",
            "building_type": "other",
            "n_levels": np.nan,
            "height_m": np.nan,
            "roof_shape": "unknown",
            "owner": owner.astype("string") if owner is not None else pd.NA,
            "is_main_building": pd.Series(pd.NA, index=df.index, dtype="boolean"),
        },
        index=df.index,
    ), issue_rows([])


def map_attributes(
    df: pd.DataFrame, area_m2: pd.Series, schema: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dispatch to the mapper of ``schema``; ``area_m2`` [m2] helps residential typing.

    Returns the mapped table and the attribute values that could not be used
    (``source_row``, ``column``, ``value``, ``expected``; the building keeps a fallback).
    """
    if schema == "osm":
        out, issues = osm.map_attributes(df, area_m2)
    elif schema == "lantmateriet":
        out, issues = lantmateriet.map_attributes(df, area_m2)
    elif schema == "workbench":
        out, issues = map_workbench(df)
    else:
        out, issues = map_generic(df)
    if "not_building_reason" not in out:
        out["not_building_reason"] = Reason.NOT_A_BUILDING.value
    out["source_id"] = out["source_id"].astype("string")
    out["owner"] = out["owner"].astype("string")
    out["building_type"] = out["building_type"].astype("string")
    out["roof_shape"] = out["roof_shape"].astype("string")
    out["n_levels"] = out["n_levels"].astype("float64")
    out["height_m"] = out["height_m"].astype("float64")
    out["is_main_building"] = out["is_main_building"].astype("boolean")
    out["is_building"] = out["is_building"].astype(bool)
    return out, issues
