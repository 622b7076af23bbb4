"""PV system specification used by :func:`workbench.pv.specific_yield`."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from workbench.config.base import StrictModel, assumption

PVWATTS_SOURCE = "pvlib.pvsystem.pvwatts_losses defaults / NREL PVWatts v5 manual (Dobos 2014)"
# PVGIS's 14 % system loss includes the inverter (JRC PVGIS 6 documentation); the chain
# applies the inverter separately, so the DC loss is PVWatts' 14.08 %, which excludes it.
PVWATTS_DC_LOSS_SOURCE = "NREL PVWatts v5 manual (Dobos 2014); pvlib.pvsystem.pvwatts_losses"
PVWATTS_DC_LOSS_NOTE = (
    "its default losses: soiling 2, "
    "shading 3, snow 0, mismatch 2, wiring 2, connections 0.5, LID 1.5, nameplate 1, age 0, "
    "availability 3 % combined multiplicatively = 14.08 %, excluding the inverter (applied "
    "once, by inverter_efficiency); not PVGIS's 14 %, which includes the inverter"
)


# Estimate (no published monthly table for Norrbotten roofs was found): the snow season of the
# Luleå TMYx snow depth (snow on the ground in every hour Dec-Apr, 40 % of May, 22 % of Oct;
# Climate.OneBuilding.Org TMYx 2009-2023), losses largest in the dark months and falling
# through Feb-Apr as modules shed snow in the spring sun (van Noord et al. 2021: monthly losses
# up to 100 %, most of the loss in winter), scaled so that south 27°/45° and east/west 27°
# roofs in the Luleå typical year average the 5 % annual loss of van Noord et al. 2021.
SNOW_MONTHLY_LOSS_PCT = (70.0, 42.0, 17.0, 7.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 35.0, 70.0)
SNOW_MONTHLY_SOURCE = (
    "Climate.OneBuilding.Org TMYx 2009-2023 (Luleå); van Noord et al. 2021, Energies 14(6):1574"
)
SNOW_MONTHLY_NOTE = (
    "estimate: snow season of the Luleå TMYx snow depth (snow on the ground Dec-Apr, part of "
    "Oct and May), shaped by van Noord et al. "
    "(northern Sweden, monthly losses up to 100 %, most in winter), "
    "scaled to its 5 % annual loss averaged over S27/S45/E27/W27 roofs in the Luleå typical "
    "year (method in docs/weather.md 'Snow loss')"
)


class PVSystem(StrictModel):
    """A crystalline-silicon rooftop system modelled PVWatts-style with pvlib."""

    losses_pct: float = assumption(
        14.08,
        unit="%",
        source=PVWATTS_DC_LOSS_SOURCE,
        note=PVWATTS_DC_LOSS_NOTE,
        year=2014,
        description="Total DC system losses (soiling, shading, mismatch, wiring, connections, "
        "LID, nameplate, availability), excluding the inverter, snow, IAM and temperature",
        ge=0,
        le=100,
    )
    inverter_efficiency: float = assumption(
        0.96,
        unit="-",
        source="NREL PVWatts v5 manual (Dobos 2014); pvlib.inverter.pvwatts",
        note="nominal inverter efficiency 0.96, the pvlib default; not part of the DC system losses",
        year=2014,
        description="Nominal inverter efficiency (PVWatts inverter model), applied once after "
        "the DC losses",
        gt=0,
        le=1,
    )
    dc_ac_ratio: float = assumption(
        1.1,
        unit="-",
        source="NREL PVWatts v5 manual (Dobos 2014)",
        note="default DC/AC ratio 1.2; 1.1 typical for Nordic rooftop (assumption)",
        year=2014,
        description="DC nameplate over inverter AC rating",
        gt=0,
        le=3,
    )
    gamma_pdc_per_c: float = assumption(
        -0.0037,
        unit="1/°C",
        source="shared/docs/domain-solar.md §3.7",
        note="c-Si power temperature coefficient −0.35…−0.40 %/K",
        year=2024,
        description="Temperature coefficient of DC power",
        ge=-0.01,
        le=0,
    )
    mounting: Literal["close_mount", "open_rack"] = assumption(
        "close_mount",
        unit="-",
        source="pvlib.temperature, SAPM (King et al. 2004)",
        note="close_mount -> close_mount_glass_glass, open_rack -> open_rack_glass_polymer",
        year=2004,
        description="Module mounting for the cell temperature model: roof-parallel (close_mount) or tilted racks (open_rack)",
    )
    transposition: Literal[
        "perez", "perez-driesse", "haydavies", "isotropic", "klucher", "reindl"
    ] = assumption(
        "perez",
        unit="-",
        source="shared/docs/domain-solar.md §3.3",
        note="Perez as default at high latitude",
        year=2024,
        description="Sky-diffuse transposition model (pvlib.irradiance.get_total_irradiance)",
    )
    iam: Literal["physical", "martin_ruiz", "ashrae", "no_loss"] = assumption(
        "physical",
        unit="-",
        source="shared/docs/domain-solar.md §3.4",
        note="always apply an IAM model at low sun",
        year=2024,
        description="Incidence angle modifier model (pvlib.iam)",
    )
    snow_model: Literal["none", "fixed", "seasonal", "townsend", "marion"] = assumption(
        "seasonal",
        unit="-",
        source="shared/docs/domain-solar.md §3.5",
        note="default snow loss for Norrbotten roofs should not be 0; seasonal so that summer hours carry none",
        year=2024,
        description="Snow loss model: none, a fixed annual percentage in every hour, a "
        "seasonal monthly profile (snow_monthly_loss_pct), Townsend monthly, or Marion hourly "
        "(the last two need snow_depth or snowfall)",
    )
    snow_monthly_loss_pct: list[float] = assumption(
        lambda: list(SNOW_MONTHLY_LOSS_PCT),
        unit="%",
        source=SNOW_MONTHLY_SOURCE,
        note=SNOW_MONTHLY_NOTE,
        year=2021,
        description="DC snow loss of each calendar month (January first, Europe/Stockholm "
        "months) used when snow_model is 'seasonal'",
        min_length=12,
        max_length=12,
    )
    snow_loss_pct: float = assumption(
        5.0,
        unit="%",
        source="van Noord et al. 2021, Energies 14(6):1574; domain-solar.md §3.5",
        note="263 sites, northern Sweden; range 3–10 %/yr",
        year=2021,
        description="Annual snow loss used when snow_model is 'fixed': a flat DC derate in every "
        "hour (PVWatts 'snow' loss term, as in ModelChain), so monthly and hourly values carry it "
        "in summer too; use 'townsend' or 'marion' with snow data for a seasonal profile",
        ge=0,
        le=100,
    )
    albedo: float = assumption(
        0.2,
        unit="-",
        source="pvlib.albedo.SURFACE_ALBEDOS",
        note="grass 0.20; used only when the weather has no albedo column",
        year=2024,
        description="Ground albedo when the weather carries none",
        ge=0,
        le=1,
    )
    snow_slant_height_m: float = assumption(
        1.7,
        unit="m",
        source="pvlib.snow.loss_townsend",
        note="assumption: one 60-cell/108-half-cell module in portrait (about 1.7 m), the module's slant height",
        year=2024,
        description="Array length along the slope for the Townsend snow model",
        gt=0,
        le=50,
    )
    snow_lower_edge_height_m: float = assumption(
        3.0,
        unit="m",
        source="Townsend & Powers 2011",
        note="assumption: eave height of a one-storey roof; snow slides off the eave (lower_edge_height)",
        year=2024,
        description="Height of the array's lower edge above the ground or snow pile for the Townsend snow model",
        ge=0,
        le=100,
    )
    snow_string_factor: float = assumption(
        1.0,
        unit="-",
        source="pvlib.snow.loss_townsend; Townsend & Previtali 2023",
        note="1.0 for one string in the slant direction, 0.75 otherwise",
        year=2023,
        description="Townsend string factor",
        gt=0,
        le=1,
    )
    snow_relative_humidity_pct: float = assumption(
        85.0,
        unit="%",
        source="Luleå TMYx 2009–2023; domain-solar.md §1.2",
        note="monthly mean relative humidity Nov–Mar 79–94 %; used when the weather has no relative_humidity",
        year=2023,
        description="Relative humidity for the Townsend snow model when the weather carries none",
        ge=0,
        le=100,
    )
    snow_num_strings: int = assumption(
        1,
        unit="-",
        source="pvlib.snow.dc_loss_nrel; Marion et al. 2013",
        note="1 for portrait, 3 for landscape 60-cell modules",
        year=2013,
        description="Strings per module row along the slope for the Marion (NREL) DC snow loss",
        ge=1,
        le=10,
    )

    @field_validator("snow_monthly_loss_pct")
    @classmethod
    def _monthly_percentages(cls, values: list[float]) -> list[float]:
        bad = [(m, v) for m, v in enumerate(values, start=1) if not 0 <= v <= 100]
        if bad:
            raise ValueError(f"monthly snow losses must lie in 0..100 %; got (month, value) {bad}")
        return values
