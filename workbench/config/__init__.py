"""Typed, documented configuration for the workbench (pydantic models, YAML scenarios)."""

from workbench.config.base import (
    ConfigError,
    StrictModel,
    assumption,
    assumptions_table,
    config_hash,
    validate,
)
from workbench.config.fleet import CarStockAssumptions, FleetConfig
from workbench.config.match import MatchConfig, MatchPrices, StationaryBattery
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.config.scenario import Scenario, load_scenario, resolve_scenario, scenario_path
from workbench.config.strategy import EmissionTarget, StrategyConfig, TargetsFile, load_targets

__all__ = [
    "CarStockAssumptions",
    "ConfigError",
    "FleetConfig",
    "MatchConfig",
    "MatchPrices",
    "PVSystem",
    "RoofAssumptions",
    "Scenario",
    "StationaryBattery",
    "EmissionTarget",
    "StrategyConfig",
    "TargetsFile",
    "load_targets",
    "StrictModel",
    "assumption",
    "assumptions_table",
    "config_hash",
    "load_scenario",
    "resolve_scenario",
    "scenario_path",
    "validate",
]
