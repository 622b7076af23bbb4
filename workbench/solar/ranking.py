"""Which roofs first: buildings ranked by what each square metre of roof yields, not by size.

Ranking by annual energy alone lists the largest (industrial) roofs. Here the measure is the
annual energy per m² of roof (slope area of all planes, ``roof_kwh_per_m2`` [kWh m-2 per year]),
or the specific yield (``kwh_per_kwp`` [kWh kWp-1 per year], what sets the cost per kWh), among
systems of at least :data:`MIN_CAPACITY_KWP`; ties go to the larger annual energy.
"""

from __future__ import annotations

import geopandas as gpd

from workbench.solar.potential import RooftopResult

#: smallest system listed [kWp]: house-sized systems (a Swedish villa system is typically
#: 5–10 kWp) are not the municipality's first roofs; a choice of the list, not a physical limit
MIN_CAPACITY_KWP = 10.0
MEASURES = ("roof_kwh_per_m2", "kwh_per_kwp")
COLUMNS = [
    "building_id",
    "building_type",
    "roof_model",
    "footprint_area_m2",
    "roof_area_m2",
    "capacity_kwp",
    "annual_kwh",
    "kwh_per_kwp",
    "roof_kwh_per_m2",
]


def roof_areas(result: RooftopResult) -> gpd.GeoDataFrame:
    """The buildings with ``roof_area_m2`` (sum of the planes' slope area [m²]) and
    ``roof_kwh_per_m2`` (annual energy per m² of that roof [kWh m-2]; 0 for an empty roof)."""
    area = result.planes.groupby("building_id")["plane_area_m2"].sum()
    b = result.buildings.copy()
    b["roof_area_m2"] = b["building_id"].map(area).fillna(0.0).astype(float)
    per_m2 = b["annual_kwh"].astype(float) / b["roof_area_m2"].where(b["roof_area_m2"] > 0)
    b["roof_kwh_per_m2"] = per_m2.fillna(0.0)
    return b


def best_roofs(
    result: RooftopResult,
    n: int = 20,
    by: str = "roof_kwh_per_m2",
    min_capacity_kwp: float = MIN_CAPACITY_KWP,
) -> gpd.GeoDataFrame:
    """The ``n`` best roofs by ``by`` (``roof_kwh_per_m2`` or ``kwh_per_kwp``) among those
    with at least ``min_capacity_kwp`` [kWp], best first; ties by larger ``annual_kwh``.

    Returns the columns :data:`COLUMNS` with geometry and a 1-based ``rank``.
    """
    if by not in MEASURES:
        raise ValueError(f"best_roofs: by={by!r}; expected one of {', '.join(MEASURES)}")
    b = roof_areas(result)
    b = b[b["capacity_kwp"] >= min_capacity_kwp]
    b = b.sort_values([by, "annual_kwh", "building_id"], ascending=[False, False, True])
    top = b.head(n)[[*COLUMNS, "geometry"]].reset_index(drop=True)
    top.insert(0, "rank", range(1, len(top) + 1))
    return top
