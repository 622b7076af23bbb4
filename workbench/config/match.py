"""Assumptions for matching rooftop PV to depot charging (issue 7): battery, prices in SE1.

All prices are in SEK/kWh excluding VAT: municipalities deduct input VAT on their taxable
activities and are refunded it on the rest through the municipal VAT compensation scheme
(lag 2005:807 om ersättning för viss mervärdesskatt för kommuner), so VAT is not a cost to
the buyer. Set ``vat_is_cost`` to add VAT to avoided purchases for a buyer that cannot deduct it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from workbench.config.base import StrictModel, assumption

SPOT_SOURCE = "shared/docs/domain-fleet.md §7; https://elpriser24.se/spotpris/"
SPOT_NOTE = (
    "SE1 annual mean spot 2018–2023 = 0.454, 0.401, 0.150, 0.432, 0.634, 0.457 kr/kWh; "
    "default = 2023, the latest full year, as in the fleet's data/fleet/energy_prices.csv "
    "electricity row"
)
TAX_SOURCE = (
    "https://bodensenergi.se/elnat/energiskatt; "
    "https://fastighetstidningen.se/nyhet/valkomnar-sankt-elskatt-men-stodet-for-snavt/; "
    "https://villalivet.se/om-energi/elkostnad-2026/"
)
TAX_NOTE = (
    "energy tax 2025 43.9 öre/kWh, Norrland 34.3 öre/kWh excl. VAT; 2026 cut of 9.88 öre/kWh "
    "incl. VAT gives 36.0 öre/kWh excl. VAT; about 45 öre incl. VAT from 1 January 2026 (not "
    "checked against lag 1994:1776 11 kap. 3 §)"
)

#: Upper limit of a per-kWh price component (margin, grid fee, taxes, export fees) [SEK/kWh]:
#: 2 SEK/kWh, over four times the largest of them (energy tax 0.439 SEK/kWh in 2025), so that a
#: value written in öre (36 for 0.36 SEK/kWh) is refused instead of valuing PV 100 times too high.
MAX_COMPONENT_SEK_PER_KWH = 2.0
COMPONENT_LIMIT = " (at most 2 SEK/kWh: a plausibility limit; a value in öre is refused)"
#: Range of the annual mean SE1 spot price [SEK/kWh]: from the day-ahead market's minimum
#: clearing price, -500 EUR/MWh (SDAC harmonised min/max clearing price, ACER decision 01/2023)
#: at 11.5 SEK/EUR, to 10 SEK/kWh, 15 times the highest SE1 annual mean of 2016–2024
#: (0.634 SEK/kWh in 2022, domain-fleet.md §7); a value in öre (45.7) is refused.
MIN_SPOT_SEK_PER_KWH = -5.75
MAX_SPOT_SEK_PER_KWH = 10.0


class StationaryBattery(StrictModel):
    """An optional stationary battery at the depot, charged only from PV surplus."""

    capacity_kwh: float = assumption(
        0.0,
        unit="kWh",
        source="",
        note="assumption: no battery by default; set a size to study one",
        year=2026,
        description="Usable-range nameplate energy capacity of the battery; 0 means no battery "
        "(at most 1,000,000 kWh: a plausibility limit, about a 1 MWp roof's yearly yield, not a "
        "published value; a larger one is a unit mistake)",
        ge=0,
        le=1_000_000,
    )
    power_kw: float = assumption(
        0.0,
        unit="kW",
        source="",
        note="assumption: no battery by default",
        year=2026,
        description="Maximum charge and discharge power at the AC terminals (at most "
        "100,000 kW: a plausibility limit, not a published value)",
        ge=0,
        le=100_000,
    )
    round_trip_efficiency: float = assumption(
        0.90,
        unit="-",
        source="NREL ATB 2024",
        note="assumption: typical Li-ion AC round-trip efficiency 0.85–0.92 (NREL ATB 2024 uses 0.85 for utility scale)",
        verified=False,
        year=2024,
        description="AC-to-AC round-trip efficiency; split as sqrt on charge and on discharge",
        gt=0,
        le=1,
    )
    soc_min_pct: float = assumption(
        10.0,
        unit="%",
        source="",
        note="assumption: common manufacturer reserve for Li-ion cycle life",
        year=2026,
        description="Lowest allowed state of charge, share of capacity",
        ge=0,
        le=100,
    )
    soc_max_pct: float = assumption(
        100.0,
        unit="%",
        source="",
        note="assumption",
        year=2026,
        description="Highest allowed state of charge, share of capacity",
        ge=0,
        le=100,
    )

    @model_validator(mode="after")
    def _check_soc_range(self) -> StationaryBattery:
        if self.soc_min_pct > self.soc_max_pct:
            raise ValueError(
                f"soc_min_pct {self.soc_min_pct:g} % must not exceed soc_max_pct "
                f"{self.soc_max_pct:g} %"
            )
        return self


class MatchPrices(StrictModel):
    """Electricity prices in SE1 used to value PV used for charging and PV exported.

    The purchase price of depot electricity is by default the fleet work package's dated
    electricity price (``data/fleet/energy_prices.csv``, the same number its cost of ownership
    uses), so both work packages value a kWh alike. ``purchase_price_basis = "components"``
    builds it from the fields below instead, for sensitivity studies.
    """

    purchase_price_basis: Literal["fleet_energy_prices", "components"] = assumption(
        "fleet_energy_prices",
        unit="-",
        source="",
        note="workbench: one electricity price for fleet costs and for matching",
        year=2026,
        description="Where the purchase price comes from: the fleet's energy price table (for the fleet's price_year) or the components below",
    )

    se1_price_year: int | None = assumption(
        2023,
        unit="year",
        source="ENTSO-E Transparency Platform, day-ahead prices BZN|SE1; ECB EUR/SEK",
        note="in data/prices/se1_day_ahead_hourly.csv.gz (2016–2024, UTC, converted at the ECB annual mean EUR/SEK rate of the year, data/prices/eur_sek_annual.csv); default 2023, the latest complete year (2024 lacks 2,113 hours from 5 October) and the fleet's electricity price year",
        year=2023,
        description="Year of the hourly SE1 day-ahead prices that value PV and smart charging "
        "(a scenario choice, 2016–2024); null for the flat annual spot_sek_per_kwh",
        ge=2016,
        le=2024,
    )
    spot_sek_per_kwh: float = assumption(
        0.457,
        unit="SEK/kWh",
        source=SPOT_SOURCE,
        note=SPOT_NOTE,
        year=2023,
        description="SE1 spot price, annual mean, excl. VAT; used only when se1_price_year is "
        "null (flat prices; otherwise the hourly prices of that year and their mean); "
        "-5.75 to 10 SEK/kWh: the market's minimum clearing price to 15 times the highest SE1 "
        "annual mean, so a value in öre is refused",
        ge=MIN_SPOT_SEK_PER_KWH,
        le=MAX_SPOT_SEK_PER_KWH,
    )
    supplier_margin_sek_per_kwh: float = assumption(
        0.0,
        unit="SEK/kWh",
        source="",
        note="assumption: municipal spot-indexed supply contracts; margin left to the user",
        year=2026,
        description="Retail margin on purchased electricity on top of spot, excl. VAT"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    grid_fee_sek_per_kwh: float = assumption(
        0.088,
        unit="SEK/kWh",
        source="Skellefteå Kraft Elnät (https://www.skekraft.se/foretag/elnat/priser/)",
        note="transfer price 8.8 öre/kWh excl. VAT from 2022-01-01; northern DSO, not each municipality's own",
        verified=False,
        year=2022,
        description="Variable grid transfer fee on purchased electricity (power and fixed charges not modelled), excl. VAT"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    energy_tax_sek_per_kwh: float = assumption(
        0.360,
        unit="SEK/kWh",
        source=TAX_SOURCE,
        note=TAX_NOTE,
        verified=False,
        year=2026,
        description="Standard energy tax on electricity, excl. VAT (2025: 0.439); used with purchase_price_basis 'components'"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    northern_tax_reduction_sek_per_kwh: float = assumption(
        0.096,
        unit="SEK/kWh",
        source="shared/docs/domain-fleet.md §7; Bodens Energi 2025 (https://bodensenergi.se/elnat/energiskatt)",
        note="9.6 öre/kWh, all of Norrbotten; 43.9 − 34.3 = 9.6 öre/kWh",
        year=2025,
        description="Reduction of the energy tax for consumers in northern municipalities incl. all of Norrbotten, excl. VAT"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    self_consumed_pv_energy_tax_sek_per_kwh: float = assumption(
        0.0,
        unit="SEK/kWh",
        source="lag 1994:1776 11 kap. 2 §",
        note="self-consumed electricity from solar installations below 500 kW is exempt (whether each installation of the municipality qualifies is not checked)",
        year=2021,
        description="Energy tax paid on PV electricity consumed behind the meter" + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    export_grid_benefit_sek_per_kwh: float = assumption(
        0.05,
        unit="SEK/kWh",
        source="Tibro Energi (https://tibroenergi.se/elnat/mikroproduktion/)",
        note="nätnytta 5 öre/kWh; DSO-specific, the local grid company's rate may differ",
        verified=False,
        year=2024,
        description="Grid-benefit compensation (nätnytta) from the DSO per exported kWh"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    export_trader_fee_sek_per_kwh: float = assumption(
        0.025,
        unit="SEK/kWh",
        source="Tibro Energi (https://tibroenergi.se/elnat/mikroproduktion/)",
        note="spot minus 2.5 öre/kWh for surplus electricity",
        year=2024,
        description="Fee deducted by the electricity trader buying the exported surplus"
        + COMPONENT_LIMIT,
        ge=0,
        le=MAX_COMPONENT_SEK_PER_KWH,
    )
    vat_is_cost: bool = assumption(
        False,
        unit="-",
        source="lag 2005:807; mervärdesskattelagen",
        note="municipalities recover VAT (municipal VAT compensation)",
        year=2005,
        description="Whether VAT is a cost to the buyer (False for municipalities)",
    )
    vat_pct: float = assumption(
        25.0,
        unit="%",
        source="mervärdesskattelagen",
        note="Swedish standard VAT rate on electricity",
        year=2026,
        description="VAT rate applied when vat_is_cost is True",
        ge=0,
        le=100,
    )


class MatchConfig(StrictModel):
    """Solar-meets-fleet matching: battery, smart charging and SE1 prices."""

    battery: StationaryBattery = Field(
        default_factory=StationaryBattery, description="Optional stationary battery at the depot"
    )
    prices: MatchPrices = Field(
        default_factory=MatchPrices, description="SE1 electricity prices for valuing the match"
    )
    years: list[int] = assumption(
        lambda: [2026, 2030, 2035],
        unit="year",
        source="",
        note="assumption: near-term, CVD/2030 target year and a later fleet year",
        year=2026,
        description="Fleet scenario years to match when none are given",
    )
