"""PV system specification used by :func:`workbench.pv.specific_yield`."""

from __future__ import annotations

from typing import Literal

from workbench.config.base import StrictModel, assumption

PVGIS_SOURCE = "PVGIS default system loss, JRC PVGIS 6 documentation"
PVWATTS_SOURCE = "pvlib.pvsystem.pvwatts_losses defaults / NREL PVWatts v5 manual (Dobos 2014)"


class PVSystem(StrictModel):
    """A crystalline-silicon rooftop system modelled PVWatts-style with pvlib."""

    losses_pct: float = assumption(
        14.0,
        unit="%",
        source=PVGIS_SOURCE + "; PVWatts total 14.08 % (pvlib pvwatts_losses)",
        year=2024,
        description="Total DC system losses (soiling, mismatch, wiring, LID, availability), excluding snow, IAM and temperature",
        ge=0,
        le=100,
    )
    inverter_efficiency: float = assumption(
        0.96,
        unit="-",
        source="pvlib.inverter.pvwatts default eta_inv_nom",
        year=2024,
        description="Nominal inverter efficiency (PVWatts inverter model)",
        gt=0,
        le=1,
    )
    dc_ac_ratio: float = assumption(
        1.1,
        unit="-",
        source="NREL PVWatts v5 manual (Dobos 2014), default DC/AC ratio 1.2; 1.1 typical for Nordic rooftop (assumption)",
        year=2014,
        description="DC nameplate over inverter AC rating",
        gt=0,
        le=3,
    )
    gamma_pdc_per_c: float = assumption(
        -0.0037,
        unit="1/°C",
        source="shared/docs/domain-solar.md §3.7: c-Si power temperature coefficient −0.35…−0.40 %/K",
        year=2024,
        description="Temperature coefficient of DC power",
        ge=-0.01,
        le=0,
    )
    mounting: Literal["close_mount", "open_rack"] = assumption(
        "close_mount",
        unit="-",
        source="pvlib SAPM temperature model parameters (King et al. 2004): close_mount -> close_mount_glass_glass, open_rack -> open_rack_glass_polymer",
        year=2004,
        description="Module mounting for the cell temperature model: roof-parallel (close_mount) or tilted racks (open_rack)",
    )
    transposition: Literal[
        "perez", "perez-driesse", "haydavies", "isotropic", "klucher", "reindl"
    ] = assumption(
        "perez",
        unit="-",
        source="shared/docs/domain-solar.md §3.3: Perez as default at high latitude",
        year=2024,
        description="Sky-diffuse transposition model (pvlib.irradiance.get_total_irradiance)",
    )
    iam: Literal["physical", "martin_ruiz", "ashrae", "no_loss"] = assumption(
        "physical",
        unit="-",
        source="shared/docs/domain-solar.md §3.4: always apply an IAM model at low sun",
        year=2024,
        description="Incidence angle modifier model (pvlib.iam)",
    )
    snow_model: Literal["none", "fixed", "townsend", "marion"] = assumption(
        "fixed",
        unit="-",
        source="shared/docs/domain-solar.md §3.5: default snow loss for Norrbotten roofs should not be 0",
        year=2024,
        description="Snow loss model: none, a fixed annual percentage, Townsend monthly, or Marion hourly (needs snow_depth or snowfall)",
    )
    snow_loss_pct: float = assumption(
        5.0,
        unit="%",
        source="van Noord et al. 2021, Energies 14(6):1574 (263 sites, northern Sweden); domain-solar.md §3.5 range 3–10 %/yr",
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
        source="pvlib.albedo.SURFACE_ALBEDOS grass 0.20; used only when the weather has no albedo column",
        year=2024,
        description="Ground albedo when the weather carries none",
        ge=0,
        le=1,
    )
    snow_slant_height_m: float = assumption(
        1.7,
        unit="m",
        source="assumption: one 60-cell/108-half-cell module in portrait (about 1.7 m); pvlib.snow.loss_townsend slant_height",
        year=2024,
        description="Array length along the slope for the Townsend snow model",
        gt=0,
        le=50,
    )
    snow_lower_edge_height_m: float = assumption(
        3.0,
        unit="m",
        source="assumption: eave height of a one-storey roof; snow slides off the eave (Townsend & Powers 2011 lower_edge_height)",
        year=2024,
        description="Height of the array's lower edge above the ground or snow pile for the Townsend snow model",
        ge=0,
        le=100,
    )
    snow_string_factor: float = assumption(
        1.0,
        unit="-",
        source="pvlib.snow.loss_townsend: 1.0 for one string in the slant direction, 0.75 otherwise (Townsend & Previtali 2023)",
        year=2023,
        description="Townsend string factor",
        gt=0,
        le=1,
    )
    snow_relative_humidity_pct: float = assumption(
        85.0,
        unit="%",
        source="Luleå TMYx 2009–2023 monthly mean relative humidity Nov–Mar 79–94 % (domain-solar.md §1.2 file); used when the weather has no relative_humidity",
        year=2023,
        description="Relative humidity for the Townsend snow model when the weather carries none",
        ge=0,
        le=100,
    )
    snow_num_strings: int = assumption(
        1,
        unit="-",
        source="pvlib.snow.dc_loss_nrel: 1 for portrait, 3 for landscape 60-cell modules (Marion et al. 2013)",
        year=2013,
        description="Strings per module row along the slope for the Marion (NREL) DC snow loss",
        ge=1,
        le=10,
    )
