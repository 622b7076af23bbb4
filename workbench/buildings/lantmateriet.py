"""Lantmäteriet building data mapped to the workbench building schema.

Two schemas are understood (column names case-insensitive):

* Fastighetskartan ``by_*`` (e.g. the Gothenburg extract): ``OBJEKT_ID``,
  ``ANDAMAL_1`` (purpose code), ``ANDAMAL_1T`` (purpose text such as
  ``"Bostad; Flerfamiljshus"``), ``HUVUDBYGGN`` (main-building flag).
* Byggnad Nedladdning, vektor (layer ``byggnad``): ``objektidentitet``,
  ``objekttyp``/``objekttypnr`` (2061 Bostad … 2066 Komplementbyggnad),
  ``andamal1`` (purpose text), ``huvudbyggnad``.

Purpose categories (the text before ";", or the hundreds digit of the code) are
mapped as: Bostad -> residential (small or multi, see :func:`residential_kind`),
Industri -> industrial, Samhällsfunktion -> public, Verksamhet -> commercial,
Ekonomibyggnad -> agricultural, Komplementbyggnad and Övrig byggnad -> other.
Sources: Lantmäteriet GEODOK "Tema byggnadsverk"
(https://geotorget.lantmateriet.se/dokumentation/GEODOK/76/2022.01_gallande/informationsinnehall/tema-byggnadsverk.html),
domain-solar.md §5.4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.buildings.fields import OWNER_CANDIDATES, column, issue_rows
from workbench.buildings.osm import RESIDENTIAL_MULTI_MIN_AREA_M2
from workbench.core.text import fold_series

CATEGORY_TYPE: dict[str, str] = {
    "bostad": "residential",
    "industri": "industrial",
    "samhallsfunktion": "public",
    "verksamhet": "commercial",
    "ekonomibyggnad": "agricultural",
    "komplementbyggnad": "other",
    "ovrig byggnad": "other",
}
# Fastighetskartan ANDAMAL code: hundreds digit -> category
CODE_CATEGORY = {
    1: "bostad",
    2: "industri",
    3: "samhallsfunktion",
    4: "verksamhet",
    5: "ekonomibyggnad",
    6: "komplementbyggnad",
    7: "ovrig byggnad",
}
# Byggnad Nedladdning objekttypnr -> category
OBJEKTTYPNR_CATEGORY = {
    2061: "bostad",
    2062: "industri",
    2063: "samhallsfunktion",
    2064: "verksamhet",
    2065: "ekonomibyggnad",
    2066: "komplementbyggnad",
}
SMALL_HOUSE_CODES = {130, 131, 132, 134}  # småhus friliggande/kedjehus/radhus/med flera lgh
MULTI_DWELLING_CODES = {133}  # flerfamiljshus

TRUE_FLAGS = {"j", "ja", "y", "yes", "true", "1", "t"}
FALSE_FLAGS = {"n", "nej", "no", "false", "0", "f"}


def looks_like_lantmateriet(df: pd.DataFrame) -> bool:
    """True when the table carries a Lantmäteriet purpose or object-type field."""
    cols = {c.lower() for c in df.columns}
    return bool(cols & {"andamal_1", "andamal_1t", "andamal1", "objekttyp", "objekttypnr"})


def residential_kind(purpose_text: pd.Series, code: pd.Series, area_m2: pd.Series) -> pd.Series:
    """``residential_small`` or ``residential_multi`` from purpose text, code, then size.

    Unspecified housing of at least ``RESIDENTIAL_MULTI_MIN_AREA_M2`` [m2] footprint is
    multi-dwelling, the rule of :mod:`workbench.buildings.osm`.
    """
    text = fold_series(purpose_text)
    multi = text.str.contains("flerfamiljshus|flerbostadshus", regex=True, na=False) | code.isin(
        MULTI_DWELLING_CODES
    )
    small = text.str.contains("smahus", regex=False, na=False) | code.isin(SMALL_HOUSE_CODES)
    by_size = np.where(
        area_m2 >= RESIDENTIAL_MULTI_MIN_AREA_M2, "residential_multi", "residential_small"
    )
    out = np.where(multi, "residential_multi", np.where(small, "residential_small", by_size))
    return pd.Series(out, index=purpose_text.index, dtype="string")


def map_attributes(df: pd.DataFrame, area_m2: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map a Lantmäteriet table to the building schema (see module docstring)."""
    index = df.index
    empty = pd.Series(pd.NA, index=index, dtype="string")
    text = column(df, "ANDAMAL_1T", "andamal1", "andamal_1t", "andamal")
    text = empty if text is None else text.astype("string")
    code_col = column(df, "ANDAMAL_1")
    code = (
        pd.Series(np.nan, index=index)
        if code_col is None
        else pd.to_numeric(code_col, errors="coerce")
    )
    category = fold_series(text.str.split(";").str[0])
    category = category.fillna((code // 100).map(CODE_CATEGORY).astype("string"))
    objekttyp = column(df, "objekttyp")
    if objekttyp is not None:
        category = category.fillna(fold_series(objekttyp.astype("string")))
    typnr = column(df, "objekttypnr")
    if typnr is not None:
        nr = pd.to_numeric(typnr, errors="coerce")
        category = category.fillna(nr.map(OBJEKTTYPNR_CATEGORY).astype("string"))
    btype = category.map(CATEGORY_TYPE).astype("string")
    is_res = btype == "residential"
    btype = btype.mask(is_res.fillna(False), residential_kind(text, code, area_m2))
    main = column(df, "HUVUDBYGGN", "huvudbyggnad")
    is_main = pd.Series(pd.NA, index=index, dtype="boolean")
    if main is not None:
        flag = main.astype("string").str.strip().str.lower()
        is_main = is_main.mask(flag.isin(TRUE_FLAGS).fillna(False), True)
        is_main = is_main.mask(flag.isin(FALSE_FLAGS).fillna(False), False)
    ids = column(df, "OBJEKT_ID", "objektidentitet", "objekt_id")
    owner = column(df, *OWNER_CANDIDATES)
    out = pd.DataFrame(
        {
            "source_id": empty if ids is None else ids.astype("string"),
            "is_building": True,
            "not_building_detail": "",
            "building_type": btype.fillna("other"),
            "levels": np.nan,
            "height_m": np.nan,
            "roof_shape": pd.Series("unknown", index=index, dtype="string"),
            "owner": empty if owner is None else owner.astype("string"),
            "is_main_building": is_main,
        },
        index=index,
    )
    unknown = (text.notna() & btype.isna()).fillna(False)
    expected = (
        "a purpose such as 'Bostad; Småhus friliggande' (categories "
        + ", ".join(sorted(CATEGORY_TYPE))
        + ")"
    )
    return out, issue_rows([("ANDAMAL_1T", unknown, text, expected)])
