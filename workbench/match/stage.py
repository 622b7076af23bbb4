"""Demo stage ``match``: solar meets fleet for one municipality under ``<out>/<slug>/match``."""

from __future__ import annotations

from workbench.match.pipeline import run
from workbench.match.write import write_outputs

STAGE_KEYS = (
    "n_buildings_selected",
    "capacity_kwp",
    "headline_year",
    "pv_mwh",
    "charging_mwh",
    "pv_to_charging_mwh",
    "coverage_pct",
    "smart_coverage_pct",
    "export_mwh",
)


def stage_match(ctx) -> dict:
    """Match ``ctx.kommuner[0]``'s public-building PV to its depot charging.

    Uses the real footprints (``ctx.inputs["buildings"]``) and register
    (``ctx.inputs["fleet_register"]``) when the demo was given them, else the municipality's
    SYNTHETIC demo buildings and register: the same seeded data the solar and fleet stages use.
    """
    k = ctx.kommuner[0]
    result = run(
        k,
        buildings=ctx.inputs.get("buildings"),
        register=ctx.inputs.get("fleet_register"),
        scenario=ctx.scenario,
    )
    write_outputs(result, ctx.out_dir / k.slug / "match")
    for role in result.synthetic_inputs:
        label = f"match_{role}_{k.slug}"
        if label not in ctx.synthetic_inputs:
            ctx.synthetic_inputs.append(label)
    summary = result.summary()
    return {key: summary.get(key) for key in STAGE_KEYS}
