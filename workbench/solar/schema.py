"""The rooftop tables and ``summary.json``, declared once (the table registry's solar part).

Each :class:`~workbench.core.tables.Table` names its file, formats, columns (unit as suffix,
dtype, checks, meaning), workbook sheet and description; :mod:`workbench.solar.outputs` validates
every table against it before writing, and the exports read the files back through
:mod:`workbench.registry`. Labels live in ``workbench/i18n/sv.yaml`` and ``en.yaml``.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from workbench.buildings.reasons import Reason
from workbench.buildings.schema import BUILDING_TYPES, ROOF_SHAPES
from workbench.core.tables import TEXT, Column, Figure, GpkgLayer, Summary, Table

PART = "solar"

# Written into every table, GeoPackage and summary made from the synthetic demo buildings. The text
# (with the generator's module name before it moved to workbench.solar.synthetic) is output data:
# it stays as it is so that demo outputs remain byte-identical.
SYNTHETIC_LABEL = "SYNTHETIC demo buildings (workbench.demo_buildings), not real footprints"

# No Norrbotten plane can exceed the clear-sky bound (~1,240 kWh/m² GHI, domain-solar.md §2)
# by enough to pass this; values above 1,000 are already suspect (§1.4).
MAX_KWH_PER_KWP = 1300.0
GPKG_STEM = "solar"
ROOF_MODELS = ("flat", "two_planes", "four_planes", "one_plane", "unsuitable")
MOUNTINGS = ("close_mount", "open_rack", "none")
UNSUITABLE_REASONS = ("", "curved_roof", "north_facing", "below_min_area")
SIZE_CLASSES = ("small", "medium", "large")

GE0 = (pa.Check.ge(0),)


def _ordered(low: str, mid: str, high: str) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        tol = 1e-9 * (1.0 + df[high].abs())
        return (df[low] <= df[mid] + tol) & (df[mid] <= df[high] + tol)

    return pa.Check(check, error=f"{low} <= {mid} <= {high}")


def _c(name: str, dtype: str, meaning: str, *checks: pa.Check, **options) -> Column:
    return Column(name, dtype, meaning, checks=tuple(checks), **options)


# --- columns shared by several tables (one meaning per name) ----------------------------------
KOMMUN_ID = _c("kommun_id_scb", TEXT, "Municipality code (SCB, four digits)",
               pa.Check.str_matches(r"^(\d{4})?$"))  # fmt: skip
BUILDING_ID = _c("building_id", TEXT, "Building id, unique in the run (from the source id or row)")
BUILDING_TYPE = _c("building_type", TEXT, "Building type after mapping the source's attributes",
                   pa.Check.isin(BUILDING_TYPES))  # fmt: skip
N_BUILDINGS = _c("n_buildings", "int64", "Buildings modelled", *GE0)
N_WITH_PV = _c("n_buildings_with_pv", "int64", "Buildings with at least one suitable roof plane",
               *GE0)  # fmt: skip
FOOTPRINT = _c("footprint_area_m2", "float64", "Footprint area of the building(s)", pa.Check.gt(0))
USABLE = _c("usable_area_m2", "float64", "Roof area usable for modules, central case", *GE0)
CAPACITY = _c("capacity_kwp", "float64", "PV capacity that fits on the usable roof area, central "
              "case", *GE0)  # fmt: skip
CAPACITY_LOW = _c("capacity_low_kwp", "float64", "PV capacity, low case (low usable fraction)",
                  *GE0)  # fmt: skip
CAPACITY_HIGH = _c("capacity_high_kwp", "float64", "PV capacity, high case (high usable "
                   "fraction)", *GE0)  # fmt: skip
ANNUAL_KWH = _c("annual_kwh", "float64", "PV electricity per year of the typical weather year, "
                "central case (AC, after all losses)", *GE0)  # fmt: skip
ANNUAL_LOW_KWH = _c("annual_low_kwh", "float64", "PV electricity per year, low case (low area, "
                    "weather band)", *GE0)  # fmt: skip
ANNUAL_HIGH_KWH = _c("annual_high_kwh", "float64", "PV electricity per year, high case (high "
                     "area, weather band)", *GE0)  # fmt: skip
ANNUAL_MWH = ANNUAL_KWH.with_(name="annual_mwh")
ANNUAL_LOW_MWH = ANNUAL_LOW_KWH.with_(name="annual_low_mwh")
ANNUAL_HIGH_MWH = ANNUAL_HIGH_KWH.with_(name="annual_high_mwh")
KWH_PER_KWP = _c("kwh_per_kwp", "float64", "Specific yield: annual PV electricity per kWp "
                 "(empty without capacity)", pa.Check.in_range(0, MAX_KWH_PER_KWP),
                 nullable=True)  # fmt: skip
ROOF_MODEL = _c("roof_model", TEXT, "How the roof is split into planes", pa.Check.isin(ROOF_MODELS))
MONTH = _c(
    "month", "int64", "Calendar month (1 = January), Europe/Stockholm", pa.Check.in_range(1, 12)
)
PV_KWH = _c("pv_kwh", "float64", "PV electricity produced (AC, after all losses)", *GE0)
PV_LOW_KWH = _c("pv_low_kwh", "float64", "PV electricity produced, low case", *GE0)
PV_HIGH_KWH = _c("pv_high_kwh", "float64", "PV electricity produced, high case", *GE0)
SOURCE_ROW = _c("source_row", "int64", "Position of the feature in the input file (0 = first)",
                *GE0)  # fmt: skip
SOURCE_ID = _c("source_id", TEXT, "The feature's id in the input file", nullable=True)
REASON = _c("reason", TEXT, "Reason code: why the feature is not modelled",
            pa.Check.isin([r.value for r in Reason]))  # fmt: skip
DETAIL = _c("detail", TEXT, "What exactly was wrong with the feature", nullable=True)
DATA_ORIGIN = _c("data_origin", TEXT, "Where the buildings come from (SYNTHETIC for demo data)")

SUMMARY_TOTALS = (N_BUILDINGS, N_WITH_PV, FOOTPRINT, USABLE, CAPACITY, CAPACITY_LOW, CAPACITY_HIGH,
                  ANNUAL_MWH, ANNUAL_LOW_MWH, ANNUAL_HIGH_MWH, KWH_PER_KWP)  # fmt: skip
BANDS = (_ordered("capacity_low_kwp", "capacity_kwp", "capacity_high_kwp"),)

BUILDINGS = Table(
    PART,
    "buildings",
    "Rooftop PV potential per building: attributes, planes, capacity and "
    "annual energy with low/high bands",
    columns=(
        BUILDING_ID,
        SOURCE_ROW,
        SOURCE_ID,
        BUILDING_TYPE,
        _c(
            "n_levels",
            "float64",
            "Storeys above ground (empty when the source has none)",
            *GE0,
            nullable=True,
        ),
        _c(
            "height_m",
            "float64",
            "Building height (empty when the source has none)",
            *GE0,
            nullable=True,
        ),
        _c(
            "roof_shape",
            TEXT,
            "Roof shape after normalisation (OSM roof:shape values)",
            pa.Check.isin(ROOF_SHAPES),
        ),
        _c(
            "is_main_building",
            "boolean",
            "Main building of its property (empty when unknown)",
            nullable=True,
        ),
        FOOTPRINT,
        _c("n_parts", "int64", "Polygons the footprint is made of", pa.Check.ge(1)),
        _c("repairs", TEXT, "Repairs made when reading the feature (empty: none)", nullable=True),
        _c(
            "owner",
            TEXT,
            "Owner category (only when the source has one)",
            nullable=True,
            required=False,
        ),
        KOMMUN_ID,
        _c("size_class", TEXT, "Footprint size class", pa.Check.isin(SIZE_CLASSES)),
        _c("n_planes", "int64", "Roof planes of the building", *GE0),
        _c("n_planes_suitable", "int64", "Roof planes suitable for PV", *GE0),
        ROOF_MODEL,
        USABLE,
        CAPACITY,
        CAPACITY_LOW,
        CAPACITY_HIGH,
        ANNUAL_KWH,
        ANNUAL_LOW_KWH,
        ANNUAL_HIGH_KWH,
        KWH_PER_KWP,
        DATA_ORIGIN.with_(required=False),
        _c("centroid_e_m", "float64", "Footprint centroid, easting (SWEREF 99 TM)"),
        _c("centroid_n_m", "float64", "Footprint centroid, northing (SWEREF 99 TM)"),
    ),  # fmt: skip
    key=("building_id",),
    checks=(
        *BANDS,
        _ordered("annual_low_kwh", "annual_kwh", "annual_high_kwh"),
        pa.Check(
            lambda df: df["usable_area_m2"] <= df["footprint_area_m2"] / 0.5 + 1e-6,
            error="usable_area_m2 <= footprint / cos(60°)",
        ),  # fmt: skip
    ),
    sheet="solar_buildings",
    workbook_columns=(
        "building_id",
        "source_id",
        "building_type",
        "owner",
        "n_levels",
        "footprint_area_m2",
        "roof_shape",
        "roof_model",
        "n_planes_suitable",
        "usable_area_m2",
        "capacity_kwp",
        "annual_kwh",
        "annual_low_kwh",
        "annual_high_kwh",
        "kwh_per_kwp",
    ),  # fmt: skip
    gpkg=GpkgLayer(
        GPKG_STEM,
        "buildings",
        "Rooftop PV potential per building.",
        without=("centroid_e_m", "centroid_n_m"),
    ),
)

PLANES = Table(
    PART,
    "planes",
    "Roof planes of every building: orientation, areas, capacity and energy",
    columns=(
        BUILDING_ID,
        _c("plane_id", TEXT, "Roof plane id: building_id#plane number"),
        ROOF_MODEL,
        _c(
            "mounting",
            TEXT,
            "close_mount (flush with the roof) or open_rack (racks on a flat roof)",
            pa.Check.isin(MOUNTINGS),
        ),
        _c(
            "surface_tilt",
            "float64",
            "Plane tilt from horizontal (pvlib)",
            pa.Check.in_range(0, 90),
            nullable=True,
        ),
        _c(
            "surface_azimuth",
            "float64",
            "Plane azimuth, clockwise from true north, 180 = south (pvlib)",
            pa.Check.in_range(0, 360),
            nullable=True,
        ),
        _c("plane_area_m2", "float64", "Slope area of the plane", *GE0),
        USABLE,
        _c("usable_area_low_m2", "float64", "Usable roof area, low case", *GE0),
        _c("usable_area_high_m2", "float64", "Usable roof area, high case", *GE0),
        _c(
            "module_area_m2",
            "float64",
            "Module area on the plane (usable area x ground coverage)",
            *GE0,
        ),
        CAPACITY,
        CAPACITY_LOW,
        CAPACITY_HIGH,
        _c("is_suitable", "bool", "The plane gets modules"),
        _c(
            "unsuitable_reason",
            TEXT,
            "Why the plane gets no modules (empty: suitable)",
            pa.Check.isin(UNSUITABLE_REASONS),
        ),
        KWH_PER_KWP,
        ANNUAL_KWH,
        ANNUAL_LOW_KWH,
        ANNUAL_HIGH_KWH,
    ),  # fmt: skip
    key=("plane_id",),
    checks=BANDS,
    sheet="solar_planes",
)

EXCLUDED = Table(
    PART,
    "excluded",
    "Input features not modelled, with the reason (geometry where one could be read)",
    columns=(
        SOURCE_ROW,
        SOURCE_ID,
        REASON,
        DETAIL,
        _c("has_geometry", "bool", "A geometry could be read for the feature"),
    ),  # fmt: skip
    sheet="solar_excluded",
    gpkg=GpkgLayer(
        GPKG_STEM,
        "excluded",
        "Input features not modelled, with reason code",
        without=("has_geometry",),
    ),
)

BY_TYPE = Table(
    PART,
    "by_type",
    "Rooftop PV potential per building type",
    columns=(BUILDING_TYPE, KOMMUN_ID, *SUMMARY_TOTALS),
    key=("kommun_id_scb", "building_type"),
    checks=BANDS,
    sheet="solar_by_type",
)

BY_KOMMUN = Table(
    PART,
    "by_kommun",
    "Rooftop PV potential of the municipality",
    columns=(KOMMUN_ID, *SUMMARY_TOTALS),
    key=("kommun_id_scb",),
    checks=BANDS,
    sheet=None,
    no_sheet="the municipality's totals are the summary sheet's solar rows",
)

MONTHLY = Table(
    PART,
    "monthly",
    "PV electricity per calendar month with low/high bands, 12 rows per municipality",
    columns=(
        MONTH,
        PV_KWH,
        PV_LOW_KWH.with_(dtype="double[pyarrow]"),
        PV_HIGH_KWH.with_(dtype="double[pyarrow]"),
        KOMMUN_ID,
    ),  # fmt: skip
    key=("kommun_id_scb", "month"),
    sheet="solar_monthly",
)

MONTHLY_BY_TYPE = Table(
    PART,
    "monthly_by_type",
    "PV electricity per building type and calendar month",
    columns=(KOMMUN_ID, BUILDING_TYPE, MONTH, PV_KWH),
    key=("kommun_id_scb", "building_type", "month"),
    sheet="solar_monthly_by_type",
)

TABLES = (BY_TYPE, MONTHLY, MONTHLY_BY_TYPE, BUILDINGS, PLANES, EXCLUDED, BY_KOMMUN)


def _f(key: str, meaning: str, shown: bool = True) -> Figure:
    return Figure(key, meaning, shown)


SUMMARY = Summary(
    figures=(
        _f("n_input", "Features in the input file"),
        _f("n_included", "Buildings modelled (n_input = n_included + n_excluded)"),
        _f("n_excluded", "Features not modelled (the excluded table, with reasons)"),
        _f("n_buildings_with_pv", N_WITH_PV.meaning),
        _f("footprint_area_m2", FOOTPRINT.meaning),
        _f("usable_area_m2", USABLE.meaning),
        _f("capacity_kwp", CAPACITY.meaning),
        _f("capacity_low_kwp", CAPACITY_LOW.meaning),
        _f("capacity_high_kwp", CAPACITY_HIGH.meaning),
        _f("annual_mwh", ANNUAL_KWH.meaning),
        _f("annual_low_mwh", ANNUAL_LOW_KWH.meaning),
        _f("annual_high_mwh", ANNUAL_HIGH_KWH.meaning),
        _f("kwh_per_kwp", KWH_PER_KWP.meaning),
        _f("is_synthetic", "The buildings are SYNTHETIC demo data", shown=False),
        _f("data_origin", DATA_ORIGIN.meaning, shown=False),
        _f("kommun_id_scb", KOMMUN_ID.meaning, shown=False),
        _f("kommun", "Municipality name", shown=False),
        _f("source", "File name of the footprint input", shown=False),
        _f("format", "Format of the footprint input", shown=False),
        _f("schema", "Attribute schema the reader recognised", shown=False),
        _f("source_crs", "CRS of the footprint input", shown=False),
        _f("n_excluded_by_reason", "Features not modelled, by reason code", shown=False),
        _f("n_repaired_by_kind", "Features kept after a repair, by kind of repair", shown=False),
        _f("n_unparsed_attribute_values", "Attribute values that could not be used", shown=False),
        _f(
            "unparsed_attribute_values_by_column",
            "Unusable attribute values by column",
            shown=False,
        ),
        _f("weather_source", "Weather year used (embedded typical year or a file)", shown=False),
        _f("reader_warnings", "Warnings of the footprint reader", shown=False),
        _f("location_checks", "Where the input files lie against the municipality", shown=False),
        _f(
            "interannual",
            "Specific yield [kWh kWp-1] of the same roofs under each year of a cached PVGIS "
            "multi-year series, with min, mean and max (only when one was fetched)",
            shown=False,
        ),
    ),
    key_figures=("capacity_kwp", "annual_mwh", "kwh_per_kwp", "n_buildings_with_pv"),
)
