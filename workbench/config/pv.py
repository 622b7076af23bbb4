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
        source="pvlib SAPM temperature model parameters (King et al. 2004), glass/polymer close-mount for roof-parallel",
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
        description="Annual snow loss used when snow_model is 'fixed'",
        ge=0,
        le=100,
    )
