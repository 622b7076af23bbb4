"""Lantmäteriet building data mapped to the workbench building schema.

Two schemas are understood (column names case-insensitive):

* Fastighetskartan ``by_*`` shapefiles (e.g. the Gothenburg extract): ``OBJEKT_ID``,
  ``ANDAMAL_1`` (purpose code), ``ANDAMAL_1T`` (purpose text such as
  ``"Bostad; Flerfamiljshus"``), ``HUVUDBYGGN`` (main-building flag).
* Byggnad Nedladdning, vektor (GeoPackage per municipality, layer ``byggnad``, free since
  February 2025): ``objektidentitet``, ``objekttyp`` (and ``objekttypnr``, 2061 Bostad …
  2066 Komplementbyggnad), ``andamal1`` (primary purpose, ``"<objekttyp>;<ändamål>"``,
  e.g. ``"Bostad;Småhus friliggande"``), ``huvudbyggnad`` ("Ja"/"Nej").
  ``andamal2`` … ``andamal5`` (further purposes) and ``husnummer`` (the building's number
  within its property) are read past: the primary purpose decides the type.

Purpose categories (the text before ";", the hundreds digit of the code, ``objekttyp``,
``objekttypnr``; the first documented one decides) are mapped as: Bostad -> residential
(small or multi, see :func:`residential_kind`), Industri -> industrial, Samhällsfunktion
-> public, Verksamhet -> commercial, Ekonomibyggnad -> agricultural, Komplementbyggnad and
Övrig byggnad -> other. A feature whose purpose values are all outside this code list is
not guessed: it is excluded with reason ``unknown_purpose`` and the values in the detail.
Sources (what is verified where: docs/rooftop.md): Lantmäteriet GEODOK "Tema byggnadsverk"
(https://geotorget.lantmateriet.se/dokumentation/GEODOK/76/2022.01_gallande/informationsinnehall/tema-byggnadsverk.html),
Lantmäteriet's value lists for Byggnad (https://www.lantmateriet.se/external/BAL/specifikation-GDL/),
domain-solar.md §5.4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.buildings.fields import OWNER_CANDIDATES, column, issue_rows
from workbench.buildings.osm import RESIDENTIAL_MULTI_MIN_AREA_M2
from workbench.buildings.reasons import Reason
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
#: The purposes (objekttyp / byggnadsändamål) as Lantmäteriet writes them.
CATEGORY_NAMES = (
    "Bostad",
    "Industri",
    "Samhällsfunktion",
    "Verksamhet",
    "Ekonomibyggnad",
    "Komplementbyggnad",
    "Övrig byggnad",
)
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


def _purpose_fields(df: pd.DataFrame) -> list[tuple[str, pd.Series, pd.Series]]:
    """(column, raw values, category or <NA>) for each purpose field present, in precedence order.

    The primary purpose (``andamal1`` / ``ANDAMAL_1T`` text, "Bostad;Småhus friliggande":
    the category before ";"), then the Fastighetskartan code ``ANDAMAL_1`` (hundreds digit),
    then ``objekttyp`` (text), then ``objekttypnr`` (2061 ...).
    """
    fields = []
    text_col = _name(df, "ANDAMAL_1T", "andamal1", "andamal_1t", "andamal")
    if text_col is not None:
        raw = df[text_col].astype("string").str.strip().replace("", pd.NA)
        fields.append((text_col, raw, fold_series(raw.str.split(";").str[0])))
    code_col = _name(df, "ANDAMAL_1")
    if code_col is not None:
        code = pd.to_numeric(df[code_col], errors="coerce")
        fields.append((code_col, df[code_col], (code // 100).map(CODE_CATEGORY).astype("string")))
    typ_col = _name(df, "objekttyp")
    if typ_col is not None:
        raw = df[typ_col].astype("string").str.strip().replace("", pd.NA)
        fields.append((typ_col, raw, fold_series(raw)))
    nr_col = _name(df, "objekttypnr")
    if nr_col is not None:
        nr = pd.to_numeric(df[nr_col], errors="coerce")
        fields.append((nr_col, df[nr_col], nr.map(OBJEKTTYPNR_CATEGORY).astype("string")))
    return fields


def _name(df: pd.DataFrame, *names: str) -> str | None:
    """The actual name of the first of ``names`` that is a column (case-insensitive)."""
    found = column(df, *names)
    return None if found is None else str(found.name)


def purpose_category(df: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.DataFrame]:
    """Purpose category per row, which rows have an unknown purpose (and why), unusable values.

    The first purpose field with a documented value decides. A row that gives purpose
    values of which none is documented has an unknown purpose (the detail names the
    values; the reader excludes the row). A row without any purpose value is a building of
    type ``other``. An undocumented value overruled by a later documented one is returned
    as an unusable attribute value; the building stays.
    """
    index = df.index
    category = pd.Series(pd.NA, index=index, dtype="string")
    given = np.zeros(len(df), dtype=bool)
    notes = pd.Series("", index=index, dtype="object")
    undocumented = []
    for name, raw, cat in _purpose_fields(df):
        known = cat.isin(list(CATEGORY_TYPE)).fillna(False).to_numpy()
        present = raw.notna().to_numpy()
        category = category.fillna(cat.where(known))
        given |= present
        bad = present & ~known
        notes[bad] = notes[bad] + [f", {name}={_shown(value)!r}" for value in raw[bad]]
        undocumented.append((name, bad, raw))
    unknown = given & category.isna().to_numpy()
    detail = pd.Series("", index=index, dtype="object")
    detail[unknown] = "undocumented purpose: " + notes[unknown].str[2:]
    expected = f"a documented purpose ({', '.join(CATEGORY_NAMES)}; Lantmäteriet)"
    issues = issue_rows(
        [
            (name, pd.Series(bad & ~unknown, index=index), raw, expected)
            for name, bad, raw in undocumented
        ]
    )
    return category, pd.Series(unknown, index=index), detail, issues


def _shown(value):
    """A value as the user wrote it: 2099, not 2099.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def main_building_flag(df: pd.DataFrame) -> pd.Series:
    """``huvudbyggnad`` / ``HUVUDBYGGN`` ("Ja"/"Nej") as a nullable boolean (other values: <NA>)."""
    is_main = pd.Series(pd.NA, index=df.index, dtype="boolean")
    main = column(df, "HUVUDBYGGN", "huvudbyggnad")
    if main is not None:
        flag = main.astype("string").str.strip().str.lower()
        is_main = is_main.mask(flag.isin(TRUE_FLAGS).fillna(False), True)
        is_main = is_main.mask(flag.isin(FALSE_FLAGS).fillna(False), False)
    return is_main


def map_attributes(df: pd.DataFrame, area_m2: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map a Lantmäteriet table to the building schema (see module docstring)."""
    index = df.index
    empty = pd.Series(pd.NA, index=index, dtype="string")
    category, unknown, detail, issues = purpose_category(df)
    text = column(df, "ANDAMAL_1T", "andamal1", "andamal_1t", "andamal")
    text = empty if text is None else text.astype("string")
    code_col = column(df, "ANDAMAL_1")
    code = (
        pd.Series(np.nan, index=index)
        if code_col is None
        else pd.to_numeric(code_col, errors="coerce")
    )
    btype = category.map(CATEGORY_TYPE).astype("string")
    is_res = (btype == "residential").fillna(False)
    btype = btype.mask(is_res, residential_kind(text, code, area_m2))
    ids = column(df, "OBJEKT_ID", "objektidentitet", "objekt_id")
    owner = column(df, *OWNER_CANDIDATES)
    out = pd.DataFrame(
        {
            "source_id": empty if ids is None else ids.astype("string"),
            "is_building": ~unknown,
            "not_building_reason": Reason.UNKNOWN_PURPOSE.value,
            "not_building_detail": detail,
            "building_type": btype.fillna("other"),
            "n_levels": np.nan,
            "height_m": np.nan,
            "roof_shape": pd.Series("unknown", index=index, dtype="string"),
            "owner": empty if owner is None else owner.astype("string"),
            "is_main_building": main_building_flag(df),
        },
        index=index,
    )
    return out, issues
