"""Roof-plane assumptions for rooftop PV potential from building footprints.

Every number used by :mod:`workbench.solar.planes` is a field here, with a unit, a
reference year and a source. Values per building type live in small models with
one field per type (``residential_small`` ... ``other``), so a scenario file can
change a single type: ``roofs: {pitch_deg: {industrial: 8}}``.

Size classes follow Gagnon et al. 2016 (NREL/TP-6A20-65298): small < 5,000 ft²
(≈ 465 m²), medium 5,000–25,000 ft² (≈ 2,323 m²), large > 25,000 ft² footprint.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workbench.config.base import StrictModel, assumption

GAGNON = "Gagnon et al. 2016, NREL/TP-6A20-65298, Rooftop Solar PV Technical Potential in the US"
PYPSA_EARTH = "PyPSA-Earth, pypsa-meets-earth/pypsa-earth:config.default.yaml @082b56ee, PR #1629"
JUDGEMENT = "assumption (engineering judgement for Norrbotten stock; validate against LiDAR)"
JUDGEMENT_DOC = "domain-solar.md §5.4"

BUILDING_TYPES = (
    "residential_small",
    "residential_multi",
    "commercial",
    "public",
    "industrial",
    "agricultural",
    "other",
)


def _typed(description: str, unit: str, source: str, note: str, year: int, **constraints):
    """Field factory for one per-type value (``source``: the citation, ``note``: our words)."""

    def field(default: float):
        return assumption(default, unit=unit, source=source, note=note, year=year,
                          description=description, **constraints)  # fmt: skip

    return field


_pitch = _typed(
    "Default roof pitch of a pitched roof of this building type",
    "°",
    JUDGEMENT_DOC,
    JUDGEMENT + "; "
    "27° is the classic Swedish small-house pitch, low-pitch roofs on larger buildings",
    2026,
    verified=False,
    ge=0,
    le=60,
)


class PitchByType(StrictModel):
    """Default pitch [°] of a pitched roof, by building type."""

    residential_small: float = _pitch(27.0)
    residential_multi: float = _pitch(18.0)
    commercial: float = _pitch(15.0)
    public: float = _pitch(18.0)
    industrial: float = _pitch(12.0)
    agricultural: float = _pitch(27.0)
    other: float = _pitch(22.0)


_flat = _typed(
    "Footprint above which a roof of unknown shape is taken as flat (below: pitched)",
    "m2",
    JUDGEMENT_DOC,
    JUDGEMENT + "; large commercial, industrial and public buildings mostly have flat or "
    "very low-pitch roofs, small houses pitched",
    2026,
    ge=0,
)


class FlatAboveAreaByType(StrictModel):
    """Rule for roofs without a ``roof_shape``: flat when the footprint [m2] exceeds this."""

    residential_small: float = _flat(1.0e9)
    residential_multi: float = _flat(800.0)
    commercial: float = _flat(500.0)
    public: float = _flat(800.0)
    industrial: float = _flat(300.0)
    agricultural: float = _flat(1.0e9)
    other: float = _flat(400.0)


_factor = _typed(
    "Multiplier on the size-class usable fraction for this building type "
    "(roof-top equipment, hatches, weak structures, shading by neighbouring main buildings)",
    "-",
    JUDGEMENT_DOC,
    JUDGEMENT,
    2026,
    ge=0,
    le=1.5,
)


class UsableFactorByType(StrictModel):
    """Type multiplier [-] on the usable fraction of the size class."""

    residential_small: float = _factor(1.0)
    residential_multi: float = _factor(0.9)
    commercial: float = _factor(0.9)
    public: float = _factor(0.9)
    industrial: float = _factor(1.0)
    agricultural: float = _factor(0.9)
    other: float = _factor(0.8)


_usable_source = f"{GAGNON}; {PYPSA_EARTH}"
_usable_note = (
    "derived from Gagnon et al. (26 % of small-building roof area suitable including "
    "orientation, shading and 10 m² minimum) and the PyPSA-Earth install ratio by footprint "
    "area (0.30 at 10 m², 0.36 at 100, 0.41 at 200, 0.49 at 450, 0.66 at 2300); applied here "
    "after the explicit north, setback and minimum-area exclusions, so central values sit "
    "above 26 %"
)
_usable = _typed(
    "Share of the non-north roof plane area left after edge setbacks that is usable for modules "
    "(obstructions, shading, windows, structure)",
    "-",
    _usable_source,
    _usable_note,
    2016,
    ge=0,
    le=1,
)


class UsableFractionBySize(StrictModel):
    """Usable fraction [-] by Gagnon size class: central value and the low/high band."""

    small_low: float = _usable(0.30)
    small_central: float = _usable(0.45)
    small_high: float = _usable(0.60)
    medium_low: float = _usable(0.40)
    medium_central: float = _usable(0.55)
    medium_high: float = _usable(0.70)
    large_low: float = _usable(0.50)
    large_central: float = _usable(0.65)
    large_high: float = _usable(0.80)


class RoofAssumptions(StrictModel):
    """How footprints become roof planes, usable areas and capacities."""

    min_footprint_area_m2: float = assumption(
        10.0,
        unit="m2",
        source=GAGNON,
        note="planes need >= 10 m² contiguous area; footprints below are slivers",
        year=2016,
        description="Footprints smaller than this are excluded as slivers (at most "
        "10,000 m²: a plausibility limit; a larger threshold would exclude every house and "
        "most other buildings as 'slivers')",
        ge=0,
        le=10_000,
    )
    small_max_area_m2: float = assumption(
        465.0,
        unit="m2",
        source=GAGNON,
        note="small buildings < 5,000 ft² footprint",
        year=2016,
        description="Upper footprint bound of the 'small' size class (at most 1,000,000 m², "
        "the largest footprint the reader keeps)",
        gt=0,
        le=1_000_000,
    )
    medium_max_area_m2: float = assumption(
        2323.0,
        unit="m2",
        source=GAGNON,
        note="medium buildings 5,000–25,000 ft² footprint",
        year=2016,
        description="Upper footprint bound of the 'medium' size class (at most 1,000,000 m², "
        "the largest footprint the reader keeps)",
        gt=0,
        le=1_000_000,
    )
    pitch_deg: PitchByType = Field(default_factory=PitchByType, description="Pitch by type")
    flat_above_area_m2: FlatAboveAreaByType = Field(
        default_factory=FlatAboveAreaByType, description="Flat/pitched rule by type and size"
    )
    usable_fraction: UsableFractionBySize = Field(
        default_factory=UsableFractionBySize, description="Usable fraction by size class"
    )
    usable_factor: UsableFactorByType = Field(
        default_factory=UsableFactorByType, description="Usable-fraction multiplier by type"
    )
    setback_m: float = assumption(
        0.5,
        unit="m",
        source="US IFC 2018 §1204",
        note="assumption: installer practice for snow guards and roof access at eaves, ridge and gables (US IFC 2018 §1204 requires 0.9 m fire setbacks, a stricter bound)",
        year=2018,
        description="Edge setback on every side of a roof plane",
        ge=0,
        le=5,
    )
    min_plane_usable_area_m2: float = assumption(
        10.0,
        unit="m2",
        source=GAGNON,
        note=">= 10 m² contiguous suitable area",
        year=2016,
        description="Planes with less usable area (central case) get no modules (at most "
        "10,000 m²: a plausibility limit; a larger one leaves almost every roof without modules)",
        ge=0,
        le=10_000,
    )
    exclude_north: bool = assumption(
        True,
        unit="-",
        source=GAGNON,
        note="north-facing planes are not suitable",
        year=2016,
        description="Exclude planes facing north (within north_half_width_deg of 0°)",
    )
    north_half_width_deg: float = assumption(
        45.0,
        unit="°",
        source=GAGNON,
        note="north-facing sector; the exact sector is not checked at data.nrel.gov/submissions/121",
        verified=False,
        year=2016,
        description="Half-width of the excluded north sector around azimuth 0°",
        ge=0,
        le=90,
    )
    north_min_tilt_deg: float = assumption(
        10.0,
        unit="°",
        source="domain-solar.md §3.1",
        note="assumption: near-flat planes lose little by facing north",
        year=2026,
        description="Planes flatter than this are never excluded for facing north",
        ge=0,
        le=90,
    )
    flat_layout: Literal["south", "east_west"] = assumption(
        "south",
        unit="-",
        source="",
        note="assumption: south-facing ballasted racks are the common Swedish flat-roof layout",
        year=2026,
        description="Rack layout on flat roofs: south-facing rows or east-west pairs",
    )
    rack_tilt_south_deg: float = assumption(
        15.0,
        unit="°",
        source="",
        note="assumption: typical ballasted flat-roof racks 10–15° (wind load limits steeper rows)",
        year=2026,
        description="Module tilt of south-facing racks on flat roofs",
        ge=0,
        le=60,
    )
    rack_tilt_east_west_deg: float = assumption(
        10.0,
        unit="°",
        source="",
        note="assumption: typical east-west ballasted systems 10°",
        year=2026,
        description="Module tilt of east-west racks on flat roofs",
        ge=0,
        le=60,
    )
    gcr_south: float = assumption(
        0.40,
        unit="-",
        source="",
        note="assumption: wide row spacing needed at 65–68° N low sun; GCR 0.3–0.5 typical",
        year=2026,
        description="Ground coverage ratio (module area / usable roof area) of south racks",
        gt=0,
        le=1,
    )
    gcr_east_west: float = assumption(
        0.80,
        unit="-",
        source="",
        note="assumption: east-west pairs are laid back to back, GCR 0.7–0.9 typical",
        year=2026,
        description="Ground coverage ratio (module area / usable roof area) of east-west racks",
        gt=0,
        le=1,
    )
    module_power_density_kwp_per_m2: float = assumption(
        0.21,
        unit="kWp/m2",
        source="Fraunhofer ISE Photovoltaics Report (29 July 2024); " + GAGNON,
        note="current residential c-Si modules: 108 half-cell M10 TOPCon/PERC modules of "
        "1722 mm × 1134 mm = 1.953 m² rated 400–440 Wp, i.e. 0.205–0.225 kWp/m² (20.5–22.5 % "
        "STC efficiency, 2024 datasheets); Fraunhofer ISE: average commercial wafer-based Si modules about 21 %; "
        "Gagnon et al. used 16 % modules (0.16 kWp/m²)",
        year=2024,
        description="Nameplate DC power per m² of module area (STC), not per m² of roof",
        verified=False,
        gt=0,
        le=0.3,
    )
    packing_factor: float = assumption(
        0.80,
        unit="-",
        source=GAGNON + "; Yang & Yan (Västerås)",
        note="assumption bracketed by Gagnon et al."
        " (1,118 GW on 8.13 billion m² suitable roof with 0.16 kWp/m² modules: 0.86 m² of "
        "module per m² of suitable roof) and whole-module layouts on the 19 m × 4.6 m plane of "
        "a 20 m × 10 m gabled house after the 0.5 m inset (2 rows of 16 portrait modules of "
        "1.722 m × 1.134 m cover 0.71 of it, 4 rows of 11 landscape 0.98); clamp gaps of about "
        "2 cm (1–2 %) and service paths on larger roofs; gives 0.168 kWp per m² usable roof, "
        "inside the Swedish 0.13–0.17 (Yang & Yan, Västerås: 727/848/956 MWp on 5.74 km²)",
        year=2024,
        description="Module area per m² of usable area (gaps between modules, walkways, whole "
        "modules that do not fill the plane's edges); on flat roofs applied to the rack area "
        "before the ground coverage ratio",
        gt=0,
        le=1,
    )
    weather_uncertainty_pct: float = assumption(
        6.0,
        unit="%",
        source="SMHI (Luleå); domain-solar.md §1.1",
        note="judgement: 2015, the lowest year of 2002–2015, had 847 kWh/m², 10 % below the TMYx 944 kWh/m²; ±6 % covers most years but not the extremes",
        year=2015,
        description="Symmetric yield band for weather (inter-annual) uncertainty",
        ge=0,
        le=50,
    )
    azimuth_resolution_deg: float = assumption(
        1.0,
        unit="°",
        source="",
        note="assumption: yield changes < 0.1 % per degree of azimuth; planes are grouped by rounded orientation so the yield model runs once per orientation",
        year=2026,
        description="Rounding of plane azimuth and tilt before the yield model",
        gt=0,
        le=10,
    )
