"""Small in-test results for export tests: three buildings, a 12-month table, a fleet trajectory.

The numbers are made up for the tests (they check formatting and files, not physics); they
never reach a real package: the real parts come from the solar, fleet and match stages.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from workbench.export.parts import KommunResults, Missing, Part
from workbench.reference import kommuner as km

MONTHLY_MWH = [0.5, 3.0, 12.0, 25.0, 35.0, 38.0, 36.0, 25.0, 12.0, 5.0, 1.0, 0.2]


def buildings() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "building_id": ["a", "b", "c"],
            "building_type": ["residential", "school", "industrial"],
            "capacity_kwp": [10.0, 50.0, 200.0],
            "annual_kwh": [8000.0, 40000.0, 150000.0],
            "kwh_per_kwp": [800.0, 800.0, 750.0],
        },
        geometry=[
            box(829000, 7292000, 829020, 7292010),
            box(829100, 7292000, 829150, 7292040),
            box(829300, 7292100, 829400, 7292200),
        ],
        crs=3006,
    )


def results(tmp_path, kommun: str = "lulea", with_fleet: bool = True) -> KommunResults:
    gdf = buildings()
    gpkg = tmp_path / "solar_input.gpkg"
    gdf.to_file(gpkg, layer="buildings", driver="GPKG")
    solar = Part(
        "solar",
        {"capacity_kwp": 260.0, "annual_mwh": 198.0, "kwh_per_kwp": 761.5, "n_buildings": 3},
        tables={
            "solar_by_type": pd.DataFrame(
                {
                    "building_type": ["residential", "school", "industrial"],
                    "n_buildings": [1, 1, 1],
                    "capacity_kwp": [10.0, 50.0, 200.0],
                    "annual_mwh": [8.0, 40.0, 150.0],
                }
            ),
            "solar_monthly": pd.DataFrame({"month": range(1, 13), "annual_mwh": MONTHLY_MWH}),
            "solar_buildings": pd.DataFrame(gdf.drop(columns="geometry")),
        },
        key_figures=["capacity_kwp", "annual_mwh", "kwh_per_kwp"],
        gpkg=gpkg,
        buildings=gdf,
        synthetic_inputs=["buildings"],
    )
    parts = {"solar": solar}
    missing = {"match": Missing("reason_module_missing", {"module": "workbench.match"})}
    if with_fleet:
        parts["fleet"] = Part(
            "fleet",
            {
                "n_vehicles": 120,
                "base_year": 2025,
                "base_tco2e_wtw": 450.0,
                "target_year": 2030,
                "target_year_tco2e_wtw": 90.0,
                "year_target_met": 2028,
                "is_target_met_in_target_year": True,
                "cumulative_cost_msek": 45.2,
                "chargers": 60,
            },  # fmt: skip
            tables={
                "fleet_yearly": pd.DataFrame(
                    {"year": range(2025, 2036), "tco2e_wtw": [450.0 - 36 * i for i in range(11)]}
                )
            },
            key_figures=[
                "n_vehicles",
                "base_tco2e_wtw",
                "year_target_met",
                "is_target_met_in_target_year",
            ],
        )
    else:
        missing["fleet"] = Missing("reason_no_output", {"detail": "fleet/summary.json"})
    return KommunResults(km.get(kommun), parts=parts, missing=missing)
