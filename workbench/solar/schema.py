"""Checks on the rooftop tables before they are written (pandera, all failures at once)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from workbench.buildings.schema import BUILDING_TYPES, ROOF_SHAPES

# Written into every table, GeoPackage and summary made from the synthetic demo buildings. The text
# (with the generator's module name before it moved to workbench.solar.synthetic) is output data:
# it stays as it is so that demo outputs remain byte-identical.
SYNTHETIC_LABEL = "SYNTHETIC demo buildings (workbench.demo_buildings), not real footprints"

# No Norrbotten plane can exceed the clear-sky bound (~1,240 kWh/m² GHI, domain-solar.md §2)
# by enough to pass this; values above 1,000 are already suspect (§1.4).
MAX_KWH_PER_KWP = 1300.0


def _ordered(low: str, mid: str, high: str) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        tol = 1e-9 * (1.0 + df[high].abs())
        return (df[low] <= df[mid] + tol) & (df[mid] <= df[high] + tol)

    return pa.Check(check, error=f"{low} <= {mid} <= {high}")


BUILDINGS = pa.DataFrameSchema(
    {
        "building_id": pa.Column("string", unique=True),
        "building_type": pa.Column("string", pa.Check.isin(BUILDING_TYPES)),
        "roof_shape": pa.Column("string", pa.Check.isin(ROOF_SHAPES)),
        "footprint_area_m2": pa.Column(float, pa.Check.gt(0)),
        "usable_area_m2": pa.Column(float, pa.Check.ge(0)),
        "capacity_kwp": pa.Column(float, pa.Check.ge(0)),
        "annual_kwh": pa.Column(float, pa.Check.ge(0)),
        "kwh_per_kwp": pa.Column(float, pa.Check.in_range(0, MAX_KWH_PER_KWP), nullable=True),
        "kommun_id_scb": pa.Column("string"),
    },
    checks=[
        _ordered("capacity_low_kwp", "capacity_kwp", "capacity_high_kwp"),
        _ordered("annual_low_kwh", "annual_kwh", "annual_high_kwh"),
        pa.Check(
            lambda df: df["usable_area_m2"] <= df["footprint_area_m2"] / 0.5 + 1e-6,
            error="usable_area_m2 <= footprint / cos(60°)",
        ),
    ],
    strict=False,
)

PLANES = pa.DataFrameSchema(
    {
        "plane_id": pa.Column("string", unique=True),
        "surface_tilt": pa.Column(float, pa.Check.in_range(0, 90), nullable=True),
        "surface_azimuth": pa.Column(float, pa.Check.in_range(0, 360), nullable=True),
        "capacity_kwp": pa.Column(float, pa.Check.ge(0)),
        "is_suitable": pa.Column(bool),
    },
    strict=False,
)


def validate(buildings: pd.DataFrame, planes: pd.DataFrame) -> None:
    """Raise :class:`pandera.errors.SchemaErrors` listing every failed check."""
    BUILDINGS.validate(pd.DataFrame(buildings.drop(columns="geometry", errors="ignore")), lazy=True)
    PLANES.validate(planes, lazy=True)
