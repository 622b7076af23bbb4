"""A scenario: named set of assumptions, read from YAML under ``data/scenarios``.

Sections are added per concern (``pv``, ``roofs``, ``fleet``, ``match``, ...);
every section has defaults, so a scenario file only lists what it changes.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from workbench.config.base import ConfigError, StrictModel, assumption, read_yaml, validate
from workbench.config.fleet import FleetConfig
from workbench.config.match import MatchConfig
from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.config.strategy import StrategyConfig
from workbench.core.paths import scenarios_dir


class Scenario(StrictModel):
    """All assumptions of one analysis run."""

    name: str = assumption(
        "default",
        unit="-",
        source="",
        note="workbench",
        year=2026,
        description="Scenario identifier",
    )
    description: str = assumption(
        "",
        unit="-",
        source="",
        note="workbench",
        year=2026,
        description="Free-text description of the scenario",
    )
    pv: PVSystem = Field(default_factory=PVSystem, description="PV system assumptions")
    roofs: RoofAssumptions = Field(
        default_factory=RoofAssumptions, description="Roof-plane assumptions for rooftop PV"
    )
    fleet: FleetConfig = Field(
        default_factory=FleetConfig, description="Fleet-transition assumptions (reference)"
    )
    match: MatchConfig = Field(
        default_factory=MatchConfig, description="Solar-meets-fleet matching assumptions"
    )
    strategy: StrategyConfig = Field(
        default_factory=StrategyConfig,
        description="Strategy and follow-up: targets, trend method, scorecard, SECAP",
    )


def scenario_path(name_or_path: str | Path) -> Path:
    """Resolve a scenario name (``"default"``) or a path to a YAML file."""
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.exists():
            raise FileNotFoundError(f"{path}: scenario file not found")
        return path
    candidate = scenarios_dir() / f"{name_or_path}.yaml"
    if not candidate.exists():
        names = ", ".join(sorted(p.stem for p in scenarios_dir().glob("*.yaml")))
        raise ConfigError(
            str(name_or_path),
            [f"unknown scenario; shipped scenarios: {names}; or give a path to a .yaml file"],
        )
    return candidate


def load_scenario(name_or_path: str | Path = "default") -> Scenario:
    """Read and validate a scenario file; errors name the file, key, value and what is allowed."""
    path = scenario_path(name_or_path)
    data = read_yaml(path)
    data.setdefault("name", path.stem)
    return validate(Scenario, data, source=str(path))


def resolve_scenario(scenario: str | Path | Scenario = "default") -> Scenario:
    """``scenario`` itself when it is a :class:`Scenario`, else :func:`load_scenario` of it."""
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
