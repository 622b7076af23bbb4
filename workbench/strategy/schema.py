"""The strategy package's output tables, declared once: name, file, pandera schema, sheet.

Every table of :class:`~workbench.strategy.result.StrategyResult` is validated against its
schema before it is written (all failures at once). Columns carry their unit as a suffix
(``_co2e_t``, ``_co2_t``, ``_mwh``, ``_frac``, ``_pct``, ``_sek``, ``_year``, ``n_``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from workbench.config.strategy import SCOPES, SECTORS
from workbench.strategy.actions import STATUSES
from workbench.strategy.targets import TREND_STATUSES

YEAR = pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True)
COUNT = pa.Column(int, pa.Check.ge(0), coerce=True)
OPT_YEAR = pa.Column(float, pa.Check.in_range(1990, 2100), nullable=True, coerce=True)
T = pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True)
SIGNED = pa.Column(float, nullable=True, coerce=True)
FRAC = pa.Column(float, pa.Check.in_range(0, 1), nullable=True, coerce=True)
TEXT = pa.Column("string", nullable=True, coerce=True)
BOOL = pa.Column(bool, coerce=True)
STATUS_OF_TREND = pa.Column("string", pa.Check.isin(TREND_STATUSES), coerce=True)
STATUS = pa.Column("string", pa.Check.isin(["value", "suppressed", "not_reported"]), coerce=True)


@dataclass(frozen=True)
class Table:
    """One output table: registry name, file stem, schema, Excel sheet name, description."""

    name: str
    schema: pa.DataFrameSchema
    sheet: str
    description: str

    @property
    def file(self) -> str:
        """File name of the Parquet output."""
        return f"{self.name}.parquet"

    def validate(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` checked (lazily: every failure listed), coerced, columns in declared order."""
        checked = self.schema.validate(df, lazy=True)
        return checked[list(self.schema.columns)]


def _schema(columns: dict, unique: list[str] | None = None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, unique=unique, coerce=False)


TABLES = [
    Table("emissions", _schema({
        "year": YEAR, "sector": pa.Column("string", pa.Check.isin(SECTORS), coerce=True),
        "co2e_t": T, "share_of_total_frac": FRAC, "is_in_headline_scope": BOOL, "source": TEXT,
    }, unique=["year", "sector"]), "Utsläpp per sektor",
        "Territorial greenhouse-gas emissions by RUS main sector and published year"),
    Table("emissions_by_year", _schema({
        "year": YEAR, "total_co2e_t": T, "excl_industry_energy_co2e_t": T,
        "industry_energy_share_frac": FRAC, "total_co2e_t_per_inhabitant": T,
        "excl_industry_energy_co2e_t_per_inhabitant": T,
        "population": pa.Column(int, pa.Check.gt(0)), "population_month": TEXT,
    }, unique=["year"]), "Utsläpp per år",
        "Both views (total; without industry and electricity/district heating), per inhabitant"),
    Table("emission_changes", _schema({
        "scope": pa.Column("string", pa.Check.isin(SCOPES), coerce=True),
        "measure": pa.Column("string", pa.Check.isin(
            ["change_since_1990", "change_since_2010", "cagr_since_2015"]), coerce=True),
        "from_year": YEAR, "to_year": YEAR, "value_pct": SIGNED,
    }), "Förändring", "Change since 1990 and 2010, compound annual rate since 2015"),
    Table("targets", _schema({
        "target_id": TEXT, "target_name": TEXT, "origin": pa.Column(
            "string", pa.Check.isin(["national", "own"]), coerce=True),
        "scope": pa.Column("string", pa.Check.isin(SCOPES), coerce=True),
        "base_year": YEAR, "target_year": YEAR, "reduction_pct": SIGNED, "base_co2e_t": T,
        "target_co2e_t": T, "latest_year": YEAR, "latest_co2e_t": T,
        "change_since_base_pct": SIGNED, "trend_slope_t_per_year": SIGNED,
        "trend_target_year_co2e_t": T, "year_trend_meets_target": OPT_YEAR,
        "trend_target_status": STATUS_OF_TREND, "is_met_by_target_year": BOOL, "gap_target_year_co2e_t": SIGNED,
        "needed_cut_t_per_year": SIGNED, "needed_cut_pct_per_year": SIGNED, "source": TEXT,
    }, unique=["target_id"]), "Mål", "Each target: level, trend, year met, gap, cut needed"),
    Table("paths", _schema({
        "scope": pa.Column("string", pa.Check.isin(SCOPES), coerce=True), "target_id": TEXT,
        "path": pa.Column("string", pa.Check.isin(["observed", "required", "trend",
                                                   "carbon_law"]), coerce=True),
        "year": YEAR, "co2e_t": T,
    }), "Utsläppsbanor", "Observed, required (per target), trend and Carbon Law paths"),
    Table("cumulative", _schema({
        "scope": pa.Column("string", pa.Check.isin(SCOPES), coerce=True),
        "path": pa.Column("string", pa.Check.isin(["trend", "carbon_law"]), coerce=True),
        "from_year": YEAR, "to_year": YEAR, "cumulative_co2e_t": T,
    }), "Ackumulerat", "Cumulative emissions to the horizon under the trend and Carbon Law"),
    Table("road_transport", _schema({
        "year": YEAR, "subsector": TEXT, "co2_t": SIGNED, "share_of_transport_frac": SIGNED,
        "source": TEXT,
    }, unique=["year", "subsector"]), "Vägtrafik (CO2)",
        "RUS CO2 (not CO2e) of cars, light and heavy lorries, buses and other transport"),
    Table("vehicle_stock", _schema({
        "year": YEAR, "table": TEXT, "fuel": TEXT,
        "n_vehicles": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True),
        "share_of_total_frac": FRAC, "source": TEXT,
    }, unique=["year", "table", "fuel"]), "Fordon per drivmedel",
        "Vehicles in traffic (and new cars) by fuel, Trafikanalys, 31 December"),
    Table("cars_by_year", _schema({
        "year": YEAR, "n_cars": T, "n_bev": T, "n_chargeable_cars": T, "bev_share_frac": FRAC,
        "chargeable_share_frac": FRAC, "n_new_cars": T, "new_chargeable_share_frac": FRAC,
    }, unique=["year"]), "Personbilar", "Cars in traffic, electric and chargeable shares"),
    Table("energy_use", _schema({
        "year": YEAR, "category": TEXT, "carrier": TEXT, "energy_mwh": T, "status": STATUS,
        "source": TEXT,
    }, unique=["year", "category", "carrier"]), "Energianvändning",
        "Final energy use by consumer category and carrier; suppressed cells missing"),
    Table("energy_by_year", _schema({
        "year": YEAR, "total_mwh": T, "fossil_mwh": T, "fossil_share_frac": FRAC,
        "total_mwh_per_inhabitant": T, "population_month": TEXT, "missing_reason": TEXT,
    }, unique=["year"]), "Energi per år", "Total final energy, fossil share, per inhabitant"),
    Table("energy_production", _schema({
        "year": YEAR, "output": pa.Column("string", pa.Check.isin(["el", "fjarrvarme"]),
                                          coerce=True),
        "production_type": TEXT, "energy_mwh": T, "status": STATUS, "source": TEXT,
    }, unique=["year", "output", "production_type"]), "Energiproduktion",
        "Electricity and district heat produced by production type; suppressed cells missing"),
    Table("actions", _schema({
        "action_id": TEXT, "name": TEXT,
        "sector": pa.Column("string", pa.Check.isin(SECTORS), coerce=True),
        "responsible": TEXT, "start_year": YEAR, "end_year": YEAR,
        "status": pa.Column("string", pa.Check.isin(STATUSES), coerce=True),
        "budget_sek": T, "spent_sek": T, "effect_co2e_t_per_year": T,
        "effect_mwh_per_year": T, "indicator": TEXT, "is_example": BOOL, "origin": TEXT,
        "source_row": pa.Column(float, nullable=True, coerce=True),
        "is_territorial": BOOL, "electricity_convention": TEXT, "is_synthetic": BOOL,
    }, unique=["action_id"]), "Åtgärder", "The action plan and the workbench's own actions"),
    Table("action_effects", _schema({
        "year": YEAR, "sector": pa.Column("string", pa.Check.isin(SECTORS), coerce=True),
        "effect_co2e_t_per_year": T, "n_actions": COUNT,
    }), "Åtgärdseffekter", "Counted territorial effect of the actions by year and sector"),
    Table("action_gap", _schema({
        "target_id": TEXT, "scope": pa.Column("string", pa.Check.isin(SCOPES), coerce=True),
        "target_year": YEAR, "gap_target_year_co2e_t": SIGNED, "planned_effect_co2e_t": T,
        "n_actions": COUNT, "remaining_gap_co2e_t": SIGNED,
        "is_plan_sufficient": BOOL,
    }, unique=["target_id"]), "Åtgärdsgap", "Gap to each target after the planned actions"),
    Table("action_status", _schema({
        "status": pa.Column("string", pa.Check.isin(STATUSES), coerce=True),
        "n_actions": COUNT, "budget_sek": T, "spent_sek": T,
        "spent_of_budget_frac": SIGNED, "n_without_budget": COUNT,
    }), "Uppföljning status", "Actions by status: count, budget, spent"),
    Table("action_indicators", _schema({
        "action_id": TEXT, "indicator": TEXT, "year": YEAR, "value": SIGNED,
    }), "Indikatorvärden", "Indicator values of the actions over time"),
    Table("scorecard", _schema({
        "indicator": TEXT, "unit": TEXT, "better": TEXT, "latest_year": OPT_YEAR,
        "latest_value": SIGNED, "trend_per_year": SIGNED, "trend_direction": TEXT,
        "target_id": TEXT, "target_year": OPT_YEAR, "target_value": SIGNED,
        "year_trend_meets_target": OPT_YEAR, "trend_target_status": STATUS_OF_TREND,
        "light": pa.Column("string", pa.Check.isin(["green", "yellow", "red", "none"]),
                           coerce=True),
    }), "Styrkort", "Latest value, target, trend and traffic light per indicator"),
    Table("benchmark", _schema({
        "indicator": TEXT, "unit": TEXT, "better": TEXT, "year": YEAR, "value": SIGNED,
        "rank": pa.Column(float, pa.Check.ge(1), nullable=True, coerce=True),
        "n_ranked": COUNT, "median_kommuner": SIGNED,
        "county_value": SIGNED, "n_missing": COUNT, "note": TEXT,
    }, unique=["indicator"]), "Jämförelse", "Rank among the 14 municipalities, median, county"),
    Table("indicator_values", _schema({
        "area_id_scb": TEXT, "indicator": TEXT, "year": YEAR, "value": SIGNED,
    }, unique=["area_id_scb", "indicator", "year"]), "Indikatorer",
        "Indicator series of the municipality and the county"),
    Table("secap_inventory", _schema({
        "inventory": pa.Column("string", pa.Check.isin(["BEI", "MEI"]), coerce=True),
        "year": YEAR, "secap_sector": TEXT, "category": TEXT, "carrier": TEXT,
        "energy_mwh": T, "status": STATUS, "factor_t_co2e_per_mwh": T, "factor_source": TEXT,
        "factor_note": TEXT, "co2e_t": T, "is_counted": BOOL,
    }, unique=["inventory", "category", "carrier"]), "SECAP inventering",
        "Covenant of Mayors baseline and monitoring inventories: energy x factor"),
    Table("secap_totals", _schema({
        "inventory": pa.Column("string", pa.Check.isin(["BEI", "MEI"]), coerce=True),
        "year": YEAR, "secap_sector": TEXT, "energy_mwh": T, "co2e_t": T, "is_counted": BOOL,
        "missing_reason": TEXT,
    }, unique=["inventory", "secap_sector"]), "SECAP summor", "Inventory totals per sector"),
    Table("pv_installed", _schema({
        "year": YEAR, "n_installations": T, "capacity_mw": T, "n_kommuner_missing": COUNT,
        "potential_kwp": T,
        "realised_share_frac": SIGNED, "is_potential_synthetic": pa.Column(
            "boolean", nullable=True, coerce=True), "source": TEXT, "note": TEXT,
    }), "Solceller", "Installed grid-connected PV against the workbench's rooftop potential"),
]  # fmt: skip
BY_NAME = {t.name: t for t in TABLES}
