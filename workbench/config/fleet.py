"""Fleet-transition assumptions: horizon, target, replacement rules, cold climate, costs, charging.

The defaults are the *reference* scenario (``data/scenarios/reference.yaml`` and
``default.yaml`` change nothing here). Factor tables with one source and year per
row live in ``data/fleet/`` and are read by :mod:`workbench.fleet.factors`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from workbench.config.base import StrictModel, assumption

DOMAIN = "shared/docs/domain-fleet.md"

VehicleClass = Literal["car", "van", "truck", "bus", "machine"]
Fuel = Literal["petrol", "diesel", "hvo100", "e85", "biogas", "bev", "phev", "hev", "fcev"]
ReplacementChoice = Literal[
    "same", "petrol", "diesel", "hvo100", "e85", "biogas", "bev", "phev", "hev", "fcev"
]
ElectricityFactor = Literal[
    "swedish_mix", "nordic_mix", "nordic_supplier_mix", "residual_mix", "renewable_labelled"
]
BlendScenario = Literal["current_law", "restored_2030_path", "no_blend"]
# Trafikanalys fuel names of the registered car stock (workbench.fleet.stock.FUELS)
StockFuel = Literal["bensin", "diesel", "el", "elhybrid", "laddhybrid", "etanol", "gas", "ovriga"]

CLASSES = ("car", "van", "truck", "bus", "machine")
# An investment cap below this cannot buy one vehicle of data/fleet/vehicle_types.csv (the cheapest,
# a petrol car, costs 260,000 SEK): taken as a cap given in MSEK or tkr instead of SEK.
MIN_INVESTMENT_CAP_SEK = 100_000
ReplacementCap = Annotated[int, Field(ge=1, le=100_000)]
#: Replacement age [year]: at least 1 (0 would replace every vehicle every year) and at most
#: 50, a plausibility limit (the oldest municipal machines are some 30-40 years old; a larger
#: value is a unit mistake, e.g. months).
LifetimeYears = Annotated[int, Field(ge=1, le=50)]
#: Depot charging power [kW]: above 0 and at most 3,750 kW, the most the Megawatt Charging
#: System defines (CharIN MCS: 3,000 A at 1,250 V DC, 2022); a larger value makes every
#: session one hour long and moves the whole charging load into the arrival hour.
ChargerKw = Annotated[float, Field(gt=0, le=3_750)]
#: Cold-heating multiplier [-] by parking: 0 (no cold penalty) to 2, twice the outdoor case
#: (1.0, domain-fleet.md §5); a plausibility limit, not a published value.
ParkingHeatMult = Annotated[float, Field(ge=0, le=2)]


def _per_class(**values):
    return lambda: dict(values)


class FleetConfig(StrictModel):
    """Assumptions of a municipal fleet-transition scenario (reference defaults)."""

    base_year: int = assumption(
        2025,
        unit="year",
        source="",
        note="workbench: year of the vehicle register (stock at 1 January)",
        year=2026,
        description="Base year: the register as read; replacements start the year after "
        "(not before 2016, the first year of the factor tables in data/fleet)",
        ge=2016,
        le=2040,
    )
    end_year: int = assumption(
        2045,
        unit="year",
        source="klimatpolitiska ramverket, prop. 2016/17:146",
        note="Sweden's climate goal: net-zero greenhouse gas emissions by 2045",
        year=2026,
        description="Last year of the horizon",
        ge=2016,
        le=2070,
    )
    target_year: int = assumption(
        2030,
        unit="year",
        source="Miljöfordonsdiagnos (miljofordonsverige.se/nyheter/miljofordonsdiagnos-2023)",
        note="70 % fossil-CO2 cut of municipal fleets, commonly by 2030",
        year=2023,
        description="Year by which the fossil-CO2 target should be met",
        ge=2016,
        le=2070,
    )
    target_fossil_cut_pct: float = assumption(
        70.0,
        unit="%",
        source="Miljöfordonsdiagnos 2023; domain-fleet.md §8.4",
        note="53 kommuner reached a 70 % cut in fossil CO2; 100 means fossil-free",
        year=2023,
        description="Required cut of tailpipe fossil CO2 against the base year (100 = fossil-free)",
        ge=0,
        le=100,
    )
    electricity_factor: ElectricityFactor = assumption(
        "swedish_mix",
        unit="-",
        source="domain-fleet.md §1.2",
        note="Energimyndigheten uses the Swedish consumption mix for fuel comparisons (47 g CO2e/kWh); alternatives 90/240/468/0 g/kWh in data/fleet/",
        year=2021,
        description="Electricity emission-factor convention (label shown in every output)",
    )
    blend_scenario: BlendScenario = assumption(
        "current_law",
        unit="-",
        source="Reduktionsplikt (lag 2017:1201), prop. 2023/24:28; domain-fleet.md §2",
        note="6 % in 2024, 10 % from 1 July 2025",
        year=2025,
        description="Reduktionsplikt path for blended petrol and diesel (data/fleet/"
        "reduktionsplikt.csv)",
    )
    petrol_ethanol_max_vol_pct: float = assumption(
        10.0,
        unit="vol-%",
        source="EN 228:2012+A1:2017; Fuel Quality Directive 98/70/EC as amended by 2009/30/EC",
        note="petrol (E10) holds at most 10 vol-% ethanol; the rest of the reduktionsplikt reduction comes from bio-naphtha (data/fleet/fuel_components.csv)",
        year=2017,
        description="Ethanol limit of petrol as sold; beyond it the blend takes bio-naphtha",
        ge=0,
        le=10,
    )
    hvo_switch_year: int | None = assumption(
        None,
        unit="year",
        source="",
        note="assumption: reference keeps fossil diesel; HVO100 bridge scenarios set a year",
        year=2026,
        description="From this year, diesel vehicles of hvo_switch_classes run on HVO100 "
        "(null = no switch)",
    )
    hvo_switch_classes: list[VehicleClass] = assumption(
        lambda: list(CLASSES),
        unit="-",
        source="domain-fleet.md §11.7",
        note="HVO100 needs manufacturer approval (assumed for all diesel vehicles after 2018 model year, see hvo_min_model_year)",
        year=2024,
        description="Vehicle classes whose diesel vehicles switch to HVO100",
    )
    hvo_min_model_year: int = assumption(
        2015,
        unit="year",
        source="domain-fleet.md §11.7",
        note="assumption: Euro 6 diesel vehicles are generally HVO100-approved (approval per make not checked)",
        verified=False,
        year=2024,
        description="Oldest model year of a diesel vehicle approved for HVO100",
        ge=1990,
        le=2040,
    )
    replacement_fuels: dict[VehicleClass, list[ReplacementChoice]] = assumption(
        _per_class(
            car=["bev", "same"],
            van=["same"],
            truck=["same"],
            bus=["same"],
            machine=["same"],
        ),
        unit="-",
        source="domain-fleet.md §3",
        note="assumption: reference = cars battery-electric where the winter range fits (CVD 38.5 % ZEV light-duty from 2026), other classes like for like",
        year=2026,
        description="Per class, powertrains tried in order at replacement; the first feasible "
        "one is chosen ('same' = like for like)",
    )
    bev_available_from: dict[VehicleClass, int] = assumption(
        _per_class(car=2015, van=2020, truck=2026, bus=2022, machine=2030),
        unit="year",
        source="domain-fleet.md §7",
        note="assumption from market availability of battery-electric models per class (not yet checked against the Adda Fordon 2022 framework)",
        verified=False,
        year=2025,
        description="First year a battery-electric replacement is offered per class",
    )
    biogas_kommuner: list[str] = assumption(
        lambda: ["2580", "2581", "2582"],
        unit="kommun code",
        source="domain-fleet.md §0.4, §8.4",
        note="biogas stations essentially only around Boden, Luleå and Piteå",
        year=2022,
        description="Municipalities with a biogas filling station (biogas replacements allowed)",
    )
    hydrogen_kommuner: list[str] = assumption(
        lambda: [],
        unit="kommun code",
        source="",
        note="assumption: no public hydrogen filling station in Norrbotten",
        verified=False,
        year=2025,
        description="Municipalities with a hydrogen filling station (fuel-cell replacements allowed)",
    )
    lifetime_years: dict[VehicleClass, LifetimeYears] = assumption(
        _per_class(car=8, van=8, truck=12, bus=12, machine=15),
        unit="year",
        source="domain-fleet.md §6",
        note="owned vehicles 8–15 years by class, special vehicles the longest (assumption)",
        year=2024,
        description="Age at which an owned vehicle is replaced (1–50 years: 0 would replace "
        "every vehicle every year; above 50 is a unit mistake)",
    )
    lease_term_years: int = assumption(
        3,
        unit="year",
        source="domain-fleet.md §6",
        note="municipal cars commonly leased for 36 months",
        year=2010,
        description="Term of a new lease; leased vehicles are replaced at contract end",
        ge=1,
        le=10,
    )
    annual_efficiency_gain_pct: float = assumption(
        0.0,
        unit="%/year",
        source="",
        note="assumption: no efficiency improvement of new vehicles (conservative)",
        year=2026,
        description="Yearly improvement of the energy use of new vehicles of a model year",
        ge=0,
        le=5,
    )
    phev_electric_share_pct: float = assumption(
        40.0,
        unit="%",
        source="ICCT 2022",
        note="assumption: utility factor of plug-in hybrids in municipal duty in a cold climate; ICCT 2022 real-world PHEV studies report 11–54 % electric driving",
        verified=False,
        year=2022,
        description="Share of PHEV distance driven on electricity",
        ge=0,
        le=100,
    )
    # constraints of the replacement plan
    max_replacements_per_year: int | None = assumption(
        None,
        unit="vehicles/year",
        source="",
        note="assumption: no limit by default; set the organisation's yearly capacity to procure, take delivery of and put vehicles into service",
        year=2026,
        description="Most vehicles replaced in one year, all classes together (null = no limit); "
        "vehicles beyond it wait for the next year, the most overdue and largest fossil cut first",
        ge=1,
        le=100_000,
    )
    max_replacements_per_year_by_class: dict[VehicleClass, ReplacementCap] = assumption(
        lambda: {},
        unit="vehicles/year",
        source="",
        note="assumption: no limit by default (e.g. the buses or refuse trucks a depot can take into service in one year)",
        year=2026,
        description="Most replacements per year for a vehicle class; a class not listed has no "
        "limit",
    )
    investment_cap_sek_per_year: float | None = assumption(
        None,
        unit="SEK/year",
        source="",
        note="assumption: no cap by default; the yearly investment budget (investeringsbudget) for vehicle purchases, real SEK of price_year excl. VAT; leases are operating costs and depot chargers have their own line, neither counts against it",
        year=2026,
        description="Most purchase investment in owned replacement vehicles per year "
        f"(null = no cap; at least {MIN_INVESTMENT_CAP_SEK:,} SEK: smaller values are taken as "
        "MSEK or tkr given by mistake)",
        ge=MIN_INVESTMENT_CAP_SEK,
    )
    allow_early_replacement: bool = assumption(
        False,
        unit="-",
        source="",
        note="assumption: vehicles are replaced at contract end or age limit, never before (no residual values written off, no lease buy-outs)",
        year=2026,
        description="Replace vehicles up to early_replacement_max_years before they are due, "
        "where that cuts fossil CO2 and a year's limits leave room; the remaining book value "
        "(owned) or lease payments (leased) are shown in the budget",
    )
    early_replacement_max_years: int = assumption(
        2,
        unit="year",
        source="",
        note="assumption: a replacement is brought forward by at most two years (one procurement round)",
        year=2026,
        description="How many years before its due year a vehicle may be replaced early",
        ge=1,
        le=10,
    )
    # cold climate
    cold_t_ref_c: float = assumption(
        20.0,
        unit="°C",
        source="domain-fleet.md §5",
        note="suggested model: T_ref ≈ 15–20 °C",
        year=2024,
        description="Temperature below which energy use per km rises",
        ge=0,
        le=30,
    )
    cold_drive_per_c: float = assumption(
        0.0051,
        unit="1/°C",
        source="AAA 2019; domain-fleet.md §5",
        note="lab test: −12 % BEV range at −6.7 °C vs 24 °C without HVAC (0.136/26.7 °C)",
        year=2019,
        description="BEV drivetrain/battery energy increase per °C below T_ref",
        ge=0,
        le=0.05,
    )
    cold_heat_per_c: float = assumption(
        0.0209,
        unit="1/°C",
        source="AAA 2019; domain-fleet.md §5, test T4",
        note="−41 % range at −6.7 °C with heater on an urban cycle; calibrated as (1/0.59 − 1/0.88)/26.7 °C for short-trip duty",
        year=2019,
        description="BEV cabin-heating energy increase per °C below T_ref at a duty heat "
        "multiplier of 1 (short trips) and outdoor parking",
        ge=0,
        le=0.1,
    )
    cold_ice_per_c: float = assumption(
        0.0062,
        unit="1/°C",
        source="FleetCarma/Geotab; domain-fleet.md §5",
        note="~−19 % fuel economy of ICE vehicles at −18 °C ((1/0.81 − 1)/38 °C below T_ref)",
        year=2019,
        description="Combustion-vehicle energy increase per °C below T_ref at a duty heat "
        "multiplier of 1",
        ge=0,
        le=0.05,
    )
    parking_heat_mult: dict[
        Literal["heated_garage", "engine_heater", "outdoors"], ParkingHeatMult
    ] = assumption(
        lambda: {"heated_garage": 0.6, "engine_heater": 0.8, "outdoors": 1.0},
        unit="-",
        source="Fossilfritt Sverige, Norrbotten project; domain-fleet.md §5",
        note="~25 % of energy to cabin heat; garage or pre-heating on cable saves 2–3 mil of range (assumption)",
        year=2021,
        description="Multiplier on the cold heating term by overnight parking (0–2: a "
        "plausibility limit, twice the outdoor case)",
    )
    winter_design_offset_c: float = assumption(
        12.0,
        unit="K",
        source="ASHRAE; domain-fleet.md §5",
        note="assumption: a cold working day is 12 K below the coldest monthly mean (Luleå: −8.9 − 12 ≈ −21 °C, between ASHRAE 99 % −23.1 and the Jan mean)",
        year=2021,
        description="Design day for the winter-range check: coldest monthly mean minus this",
        ge=0,
        le=30,
    )
    peak_day_factor: float = assumption(
        1.3,
        unit="-",
        source="",
        note="assumption: a heavy working day drives 30 % more than the average day",
        year=2026,
        description="Ratio of a heavy day's distance to the average working day",
        ge=1,
        le=3,
    )
    battery_reserve_pct: float = assumption(
        15.0,
        unit="%",
        source="NAF El Prix 2026; domain-fleet.md §5",
        note="assumption: arrive with 15 % state of charge; power limitation before empty in the cold",
        year=2026,
        description="Battery share not planned for use",
        ge=0,
        le=60,
    )
    allow_bev_beyond_winter_range: bool = assumption(
        False,
        unit="-",
        source="domain-fleet.md §5",
        note="workbench planning rule: a vehicle whose winter daily driving exceeds the usable winter range (cold-climate range loss: AAA −41 % at −7 °C with the heater, Geotab ~54 % of rated range at −15 °C) is not planned as battery-electric",
        year=2026,
        description="Plan battery-electric replacements even where the winter range does not fit",
    )
    # economics
    discount_rate_real_pct: float = assumption(
        3.5,
        unit="%/year",
        source="Trafikverket ASEK 7.0; Upphandlingsmyndigheten LCC",
        note="ASEK real discount rate 3.5 %; the LCC guidance says to use the organisation's real rate",
        verified=False,
        year=2020,
        description="Real discount rate for the equivalent annual cost and present values",
        ge=0,
        le=20,
    )
    price_year: int = assumption(
        2026,
        unit="year",
        source="",
        note="data/fleet/energy_prices.csv: latest dated prices (rows for 2022 and 2026)",
        year=2026,
        description="Year of the energy price rows used (prices held constant in real terms); "
        "the latest row not after it, so not before the table's first year 2022",
        ge=2022,
        le=2030,
    )
    # charging
    charger_kw: dict[VehicleClass, ChargerKw] = assumption(
        _per_class(car=11.0, van=11.0, truck=50.0, bus=100.0, machine=22.0),
        unit="kW",
        source="Klimatklivet; domain-fleet.md §7",
        note="assumption: 11 kW AC depot points for light vehicles, DC for heavy (Klimatklivet non-public DC charging)",
        year=2024,
        description="Charging power of the depot point per vehicle class (above 0 and at most "
        "3,750 kW, the Megawatt Charging System's maximum, CharIN 2022)",
    )
    vehicles_per_charger: float = assumption(
        1.0,
        unit="vehicles/point",
        source="",
        note="assumption: one depot point per plug-in vehicle (overnight charging)",
        year=2026,
        description="Plug-in vehicles sharing one depot charging point",
        ge=1,
        le=10,
    )
    charging_efficiency: float = assumption(
        0.90,
        unit="-",
        source="domain-fleet.md §5",
        note="charging losses of 10–15 %",
        year=2024,
        description="Battery energy over energy at the socket",
        gt=0.5,
        le=1,
    )
    charger_life_years: int = assumption(
        10,
        unit="year",
        source="",
        note="assumption: depot charger service life",
        year=2024,
        description="Service life of a depot charging point (for its equivalent annual cost)",
        ge=1,
        le=30,
    )
    charger_subsidy_pct: float = assumption(
        50.0,
        unit="%",
        source="Naturvårdsverket, Ladda bilen; Klimatklivet; domain-fleet.md §7",
        note="Ladda bilen 50 % up to 15,000 kr per point; Klimatklivet non-public DC up to 50 %",
        year=2024,
        description="Subsidy share of charger investment",
        ge=0,
        le=100,
    )
    charger_subsidy_cap_sek: float = assumption(
        15000.0,
        unit="SEK/point",
        source="Naturvårdsverket, Ladda bilen; domain-fleet.md §7",
        note="max 15,000 kr per AC point; applied to AC points (≤ 22 kW) only",
        year=2024,
        description="Subsidy cap per AC charging point",
        ge=0,
    )

    @field_validator("investment_cap_sek_per_year", mode="before")
    @classmethod
    def _cap_in_sek(cls, value):
        """A cap written with a unit ('12 MSEK') or too small to be SEK is a unit mistake."""
        if isinstance(value, str):
            number = re.sub(r"[^0-9.,]", "", value).replace(",", ".")
            raise PydanticCustomError(
                "sek_unit",
                "a yearly cap must be a number in SEK without a unit, e.g. {example}",
                {"ge": MIN_INVESTMENT_CAP_SEK, "example": _sek_example(number, value)},
            )
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 0 < value < MIN_INVESTMENT_CAP_SEK:
                raise PydanticCustomError(
                    "sek_unit",
                    "{value} SEK per year cannot buy a single vehicle: the cap is in SEK, not "
                    "MSEK or tkr ({value} MSEK = {msek}, {value} tkr = {tkr})",
                    {"ge": MIN_INVESTMENT_CAP_SEK, "value": f"{value:g}",
                     "msek": f"{value * 1e6:.0f}", "tkr": f"{value * 1e3:.0f}"},
                )  # fmt: skip
        return value

    @model_validator(mode="after")
    def _check_years(self) -> FleetConfig:
        if not self.base_year < self.end_year:
            raise ValueError(f"base_year {self.base_year} must be before end_year {self.end_year}")
        if not self.base_year < self.target_year <= self.end_year:
            raise ValueError(
                f"target_year {self.target_year} must be after base_year {self.base_year} and "
                f"not after end_year {self.end_year}"
            )
        for name in ("replacement_fuels", "bev_available_from", "lifetime_years", "charger_kw"):
            missing = [c for c in CLASSES if c not in getattr(self, name)]
            if missing:
                raise ValueError(f"{name} lacks vehicle classes {missing}; give all of {CLASSES}")
        return self


class CarStockAssumptions(StrictModel):
    """Assumptions of the projection of a municipality's registered car stock by fuel
    (:mod:`workbench.fleet.stock`, on Trafikanalys files).

    Not part of a scenario: no stage of the workbench writes the projection, so these keys
    would change no output there (they were ``fleet.stock_*`` until 2026-12); pass them to
    :func:`workbench.fleet.stock.project_car_stock` directly.
    """

    scrappage_pct: float | None = assumption(
        None,
        unit="%/year",
        source="Trafikanalys 2015–2022; SCB; domain-fleet.md §6",
        note="null = calibrated per municipality from Trafikanalys 2015–2022: (new cars − stock change) / stock, which includes net used-car moves; national reference 1/16.5 = 6.06 % (SCB average car lifetime 16.5 years)",
        year=2022,
        description="Share of the registered car stock leaving it each year (every fuel alike)",
        ge=0,
        le=50,
    )
    new_share_target_pct: dict[StockFuel, float] = assumption(
        lambda: {"el": 70.0, "laddhybrid": 10.0, "elhybrid": 10.0, "bensin": 5.0, "diesel": 5.0},
        unit="%",
        source="domain-fleet.md §8.1",
        note="assumption: new-car fuel shares in the target year, from Norrbotten 2022 (BEV 33.9 %, PHEV 16.4 %, HEV 15.4 %) continuing the trend",
        year=2022,
        description="Fuel shares of new cars reached linearly by target_year "
        "(Trafikanalys fuel names)",
    )
    target_year: int = assumption(
        2030,
        unit="year",
        source="",
        note="assumption: year the new-car shares reach new_share_target_pct",
        year=2022,
        description="Year of the target new-car fuel shares in the stock projection",
        ge=2023,
        le=2060,
    )

    @model_validator(mode="after")
    def _check_shares(self) -> CarStockAssumptions:
        shares = self.new_share_target_pct
        if any(v < 0 for v in shares.values()) or abs(sum(shares.values()) - 100.0) > 0.01:
            raise ValueError(
                f"new_share_target_pct must be shares >= 0 summing to 100 %, got {shares} "
                f"(sum {sum(shares.values()):g} %)"
            )
        return self


def _sek_example(number: str, text: str) -> str:
    """'12 MSEK' -> '12000000'; '500 tkr' -> '500000'; otherwise the digits as they are."""
    try:
        amount = float(number)
    except ValueError:
        return "12000000"
    factor = 1e6 if re.search(r"m(sek|kr)|miljon", text, re.I) else 1e3 if re.search(
        r"t(sek|kr)|tusen|k(sek|kr)", text, re.I) else 1.0  # fmt: skip
    return f"{amount * factor:.0f}"
