"""Assumptions of the strategy package (issue 11): targets, trend method, traffic lights, SECAP.

National targets are dated, sourced configuration; a municipality's own targets are scenario
input (``strategy.own_targets``) or a targets file (:func:`load_targets`), validated by the
same models, so a misspelt key, an unknown scope or a target year before its base year is a
:class:`~workbench.config.base.ConfigError` naming the key, the value and what is allowed.

Scopes: ``total`` (all 9 RUS main sectors), ``excl_industry_energy`` (without
``industri`` and ``el_fjarrvarme``, dominated in Luleå, Kiruna and Gällivare by plants in the
EU ETS: the view a municipality can influence) or one RUS main-sector id (``transporter``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from workbench.config.base import StrictModel, assumption, read_yaml, validate
from workbench.config.fleet import ElectricityFactor

SECTORS = ("transporter", "industri", "el_fjarrvarme", "egen_uppvarmning", "arbetsmaskiner",
           "jordbruk", "avfall", "produktanvandning", "utrikes_transporter")  # fmt: skip
EXCLUDED_FROM_INFLUENCEABLE = ("industri", "el_fjarrvarme")
SCOPES = ("total", "excl_industry_energy", *SECTORS)
OWN = "the target's own decision (user input, stated in the 'source' field)"
FRAMEWORK = (
    "Klimatpolitiska ramverket: prop. 2016/17:146 Ett klimatpolitiskt ramverk för Sverige, "
    "bet. 2016/17:MJU24, rskr. 2016/17:320 (Riksdagen, 15 juni 2017)"
)


class EmissionTarget(StrictModel):
    """A target: cut emissions of a scope by ``reduction_pct`` from base year to target year."""

    id: str = assumption(
        ...,
        unit="-",
        source="",
        note=OWN,
        year=2026,
        min_length=1,
        description="Short identifier, unique within the targets",
    )
    name: str = assumption(
        ...,
        unit="-",
        source="",
        note=OWN,
        year=2026,
        min_length=1,
        description="Name shown in exports (Swedish)",
    )
    scope: str = assumption(
        ...,
        unit="-",
        source="",
        note=OWN,
        year=2026,
        description="total, excl_industry_energy (without industry and "
        "electricity/district heating) or a RUS main sector id",
    )
    base_year: int = assumption(
        ...,
        unit="year",
        source="",
        note=OWN,
        year=2026,
        description="Reference year of the cut (a published RUS year)",
    )
    target_year: int = assumption(
        ...,
        unit="year",
        source="",
        note=OWN,
        year=2026,
        le=2100,
        description="Year by which the cut is reached",
    )
    reduction_pct: float = assumption(
        ...,
        unit="%",
        source="",
        note=OWN,
        year=2026,
        ge=0,
        le=100,
        description="Cut against the base year",
    )
    source: str = assumption(
        ...,
        unit="-",
        source="",
        note=OWN,
        year=2026,
        description="Where the target is decided (decision, document)",
    )
    decided: str = assumption(
        "",
        unit="-",
        source="",
        note=OWN,
        year=2026,
        description="Date or year the target was decided",
    )

    @field_validator("scope")
    @classmethod
    def _known_scope(cls, value: str) -> str:
        if value not in SCOPES:
            raise ValueError(f"unknown scope {value!r}; allowed: {', '.join(SCOPES)}")
        return value

    @model_validator(mode="after")
    def _years_in_order(self) -> EmissionTarget:
        if self.target_year <= self.base_year:
            raise ValueError(
                f"target_year {self.target_year} must be after base_year {self.base_year}"
            )
        return self


def _national_targets() -> list[EmissionTarget]:
    return [
        EmissionTarget(
            id="sverige_2045",
            name="Nettonollutsläpp 2045: minst 85 % lägre än 1990",
            scope="total",
            base_year=1990,
            target_year=2045,
            reduction_pct=85.0,
            source=f"{FRAMEWORK}: senast 2045 inga nettoutsläpp; utsläppen från verksamheter "
            "inom Sveriges territorium minst 85 % lägre än 1990 (resten med kompletterande "
            "åtgärder)",
            decided="2017-06-15",
        ),
        EmissionTarget(
            id="sverige_2045_exkl_industri_energi",
            name="Nettonoll 2045, utan industri och el/fjärrvärme: minst 85 % lägre än 1990",
            scope="excl_industry_energy",
            base_year=1990,
            target_year=2045,
            reduction_pct=85.0,
            source=f"{FRAMEWORK}; the national 2045 cut applied by the workbench to the view "
            "without industry and electricity/district heating (a municipal follow-up choice, "
            "not a separate national target)",
            decided="2017-06-15",
        ),
        EmissionTarget(
            id="inrikes_transporter_2030",
            name="Inrikes transporter: minst 70 % lägre 2030 än 2010",
            scope="transporter",
            base_year=2010,
            target_year=2030,
            reduction_pct=70.0,
            source=f"{FRAMEWORK}: utsläppen från inrikes transporter (utom inrikes luftfart, "
            "som ingår i EU ETS) minst 70 % lägre senast 2030 jämfört med 2010. RUS "
            "'Transporter' includes domestic aviation (Luleå 2022: 5.5 of 124 kt CO2)",
            decided="2017-06-15",
        ),
    ]


class TrendMethod(StrictModel):
    """How the trend projection is fitted to the published years (never interpolated)."""

    method: Literal["ols", "lad"] = assumption(
        "ols",
        unit="-",
        source="Klimatkollen (Klimatbyran/territorial-data-pipeline kpis/emissions/trend_calculations.py, 2025)",
        note="workbench choice; 'lad' (least absolute deviations, median regression) is the method of Klimatkollen",
        year=2026,
        description="Straight-line fit: ordinary least squares (ols) or least absolute "
        "deviations (lad), on the published years as they are (gaps are not filled)",
    )
    data_years: int = assumption(
        6,
        unit="years",
        source="Klimatkollen",
        note="workbench choice: the six published years 2015, 2020–2024 (Klimatkollen fits the years from 2015)",
        year=2026,
        description="Number of latest published data years the line is fitted to",
        ge=2,
        le=20,
    )
    anchor: Literal["latest", "fit"] = assumption(
        "latest",
        unit="-",
        source="Klimatkollen",
        note="workbench choice, as Klimatkollen: the projection starts at the latest published value and keeps the fitted slope",
        year=2026,
        description="Start the projection at the latest published value (latest) or on the "
        "fitted line (fit)",
    )


class TrafficLightRule(StrictModel):
    """Scorecard traffic lights for indicators with a target."""

    grace_years: int = assumption(
        5,
        unit="years",
        source="docs/strategy.md",
        note="workbench choice: green = the trend meets the target by the target year; yellow = up to grace_years later; red = later or not before the horizon",
        year=2026,
        description="Years after the target year within which a trend that meets the target "
        "still gives yellow instead of red",
        ge=0,
        le=25,
    )


class StrategyConfig(StrictModel):
    """Assumptions of the strategy and follow-up package."""

    national_targets: list[EmissionTarget] = assumption(
        _national_targets,
        unit="-",
        source=FRAMEWORK,
        year=2017,
        description="National targets applied to every municipality (scope, base year, target "
        "year, cut, source)",
    )
    own_targets: dict[str, list[EmissionTarget]] = assumption(
        lambda: {},
        unit="-",
        source="",
        note="the municipality's own decisions (scenario input)",
        year=2026,
        description="Own targets per municipality (code or name -> list of targets)",
    )
    trend: TrendMethod = Field(default_factory=TrendMethod, description="Trend projection")
    horizon_year: int = assumption(
        2050,
        unit="year",
        source="Klimatkollen",
        note="workbench choice: paths, trends and cumulative emissions run to 2050, the end of Klimatkollen's trend and Carbon Law paths",
        year=2026,
        description="Last year of the projected paths ('not before <horizon>' beyond it)",
        ge=2030,
        le=2100,
    )
    carbon_law_cut_pct: float = assumption(
        11.72,
        unit="%/year",
        source="Klimatkollen (Klimatbyrån), Klimatbyran/territorial-data-pipeline kpis/emissions/emission_data_calculations.py (CARBON_LAW_REDUCTION_RATE = 0.1172); Anderson, Broderick & Stoddard 2020, Climate Policy 20:10",
        note="a Paris-aligned cut for Sweden after the carbon budgets of Uppsala universitet",
        verified=False,
        year=2024,
        description="Yearly compound cut of the Carbon Law path from the latest data year",
        gt=0,
        lt=100,
    )
    light: TrafficLightRule = Field(
        default_factory=TrafficLightRule, description="Scorecard traffic-light rule"
    )
    industry_dominated_share_pct: float = assumption(
        40.0,
        unit="%",
        source="RUS 2024 (via Klimatkollen)",
        note="workbench choice at the natural break of RUS 2024: industry plus electricity/district heating is 91 % of Luleå's emissions, 79 % of Kiruna's, 47 % of Boden's and 45 % of Gällivare's, then 25 % (Pajala) and less",
        year=2026,
        description="A municipality whose industry plus electricity/district heating exceeds "
        "this share of its latest total is flagged as not comparable on totals",
        ge=0,
        le=100,
    )
    action_effect_from: Literal["start_year", "end_year"] = assumption(
        "end_year",
        unit="-",
        source="",
        note="workbench choice: an action counts its full yearly effect from the year it is completed (end_year) on; start_year counts it from the start",
        year=2026,
        description="First year in which an action's expected effect counts",
    )
    electricity_factor: ElectricityFactor = assumption(
        "nordic_mix",
        unit="-",
        source="IVL/SMED Rapport 4 2021 (Naturvårdsverket); Covenant of Mayors",
        note="Nordic mix incl. import/export, 90 g CO2e/kWh (data/fleet/electricity_factors.csv); the Covenant of Mayors accepts a national or regional grid factor",
        year=2021,
        description="Electricity convention of the SECAP inventory and of the rooftop-solar "
        "action (label shown with every figure)",
    )
    secap_base_year: int = assumption(
        2010,
        unit="year",
        source="",
        note="workbench choice: first year with both the energy balance (2009–2020) and RUS emissions; the national transport target's base year",
        year=2026,
        description="Year of the baseline emission inventory (BEI)",
        ge=2009,
        le=2020,
    )
    secap_monitoring_year: int = assumption(
        2020,
        unit="year",
        source="SCB EN0203, 2009–2020",
        note="the latest year of the municipal energy balance in ../shared",
        year=2022,
        description="Year of the monitoring emission inventory (MEI)",
        ge=2009,
        le=2020,
    )
    secap_district_heating: Literal["fuel_inputs", "territorial"] = assumption(
        "fuel_inputs",
        unit="-",
        source="Covenant of Mayors guidebook (JRC 2018); docs/strategy.md",
        note="local heat factor from the fuel mix of the local plants; 'territorial' shares RUS 'El och fjärrvärme' over the local electricity and heat output (trap: Luleå's steel-works gases)",
        year=2018,
        description="District-heating factor of the SECAP inventory",
    )
    secap_include_industry: bool = assumption(
        False,
        unit="-",
        source="Covenant of Mayors guidebook (JRC 2018)",
        note="industry in the EU ETS is recommended to be left out of the inventory",
        verified=False,
        year=2018,
        description="Count the industry category in the SECAP inventory totals",
    )

    @model_validator(mode="after")
    def _check(self) -> StrategyConfig:
        if self.secap_monitoring_year < self.secap_base_year:
            raise ValueError(
                f"secap_monitoring_year {self.secap_monitoring_year} is before "
                f"secap_base_year {self.secap_base_year}"
            )
        targets = [*self.national_targets, *(t for ts in self.own_targets.values() for t in ts)]
        late = [t.id for t in targets if t.target_year > self.horizon_year]
        if late:
            raise ValueError(f"targets {late} end after horizon_year {self.horizon_year}")
        return self


class TargetsFile(StrictModel):
    """A municipality's own targets file (YAML): ``kommun`` and a list of ``targets``."""

    kommun: str = assumption(
        ...,
        unit="kommun code",
        source="",
        note=OWN,
        year=2026,
        description="Municipality (code or name)",
    )
    targets: list[EmissionTarget] = assumption(
        ..., unit="-", source="", note=OWN, year=2026, description="The municipality's own targets"
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> TargetsFile:
        ids = [t.id for t in self.targets]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"target ids used more than once: {twice}")
        return self


def load_targets(path: str | Path) -> TargetsFile:
    """Read and validate an own-targets YAML file (errors name the file, key and value)."""
    return validate(TargetsFile, read_yaml(Path(path)), source=str(path))
