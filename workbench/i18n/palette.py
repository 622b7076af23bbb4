"""One colour per fuel and drive train, the same in every chart (reports, county overview,
notebooks).

Fossil fuels are drawn in greys, browns, oranges and reds, never green; renewable fuels in
greens; electricity in blue. The keys are the coded values of the ``powertrain``, ``fuel`` and
``carrier`` columns (several codes name the same fuel and share its colour: ``el`` and
``electricity``, ``gas_fornybar`` and ``biogas``). An unknown key raises ``KeyError`` rather
than borrowing some other fuel's colour.

>>> fuel_color("diesel"), fuel_color("bev") == fuel_color("el")
('#4d4d4d', True)
"""

from __future__ import annotations

FOSSIL = {
    "diesel": "#4d4d4d",  # dark grey
    "petrol": "#d95f02",  # orange
    "bensin": "#d95f02",
    "gas_fossil": "#b03a2e",  # brick red (natural gas, LPG)
    "gas": "#b03a2e",  # Trafikanalys 'gas': mostly fossil CNG/LNG in the statistics' years
    "gas_flytande": "#b03a2e",
    "gas_komprimerad": "#b03a2e",
    "flytande_fossil": "#8c564b",  # brown (heating oil)
    "fast_fossil": "#222222",  # near black (coal, coke)
}
"""Fossil fuels [hex sRGB]."""

RENEWABLE = {
    "hvo": "#4d9a4d",  # green
    "hvo100": "#4d9a4d",
    "biodiesel": "#4d9a4d",
    "flytande_fornybar": "#4d9a4d",
    "biogas": "#2a8c6e",  # blue-green
    "gas_fornybar": "#2a8c6e",
    "e85": "#9cbf3b",  # yellow-green
    "etanol": "#9cbf3b",
    "fast_fornybar": "#6b7d2a",  # olive (wood, pellets)
}
"""Renewable fuels [hex sRGB]."""

ELECTRIC = {
    "bev": "#1f5f8b",  # blue
    "el": "#1f5f8b",
    "electricity": "#1f5f8b",
    "phev": "#7d5ba6",  # violet: electricity and petrol
    "laddhybrid": "#7d5ba6",
    "hev": "#b39ddb",  # lavender: petrol with a battery
    "elhybrid": "#b39ddb",
    "elhybrid_eller_laddhybrid": "#9a7cc0",
    "fcev": "#17a2b8",  # cyan (hydrogen)
    "hydrogen": "#17a2b8",
    "fjarrvarme": "#e377c2",  # pink (district heating)
}
"""Electricity, hybrids, hydrogen and district heating [hex sRGB]."""

OTHER = {"ovriga": "#bbbbbb", "other": "#bbbbbb", "total": "#888888", "totalt": "#888888"}
"""Other and totals [hex sRGB]."""

FUEL_COLORS = {**FOSSIL, **RENEWABLE, **ELECTRIC, **OTHER}
"""Every declared fuel and drive-train code and its colour."""


SECTOR_COLORS = {
    "arbetsmaskiner": "#1f5f8b",
    "avfall": "#e0a100",
    "egen_uppvarmning": "#4d9a4d",
    "el_fjarrvarme": "#b03a2e",
    "industri": "#7d5ba6",
    "jordbruk": "#5f6b73",
    "produktanvandning": "#2aa198",
    "transporter": "#c2185b",
    "utrikes_transporter": "#8c564b",
}
"""The nine RUS main sectors [hex sRGB]: one colour per sector in every chart, whichever sectors
a chart shows (the headline scope leaves out industry and electricity/district heating)."""


def sector_color(key: str) -> str:
    """The colour of a RUS main-sector code (hex sRGB); an unknown code raises ``KeyError``.

    >>> sector_color("transporter")
    '#c2185b'
    """
    try:
        return SECTOR_COLORS[str(key)]
    except KeyError:
        raise KeyError(
            f"no colour for sector {key!r}: add it to workbench/i18n/palette.py"
        ) from None


def fuel_color(key: str) -> str:
    """The colour of a fuel, drive-train or energy-carrier code (hex sRGB)."""
    try:
        return FUEL_COLORS[str(key)]
    except KeyError:
        raise KeyError(
            f"no colour for fuel {key!r}: add it to workbench/i18n/palette.py "
            "(fossil fuels never green)"
        ) from None


def is_fuel_column(column: str) -> bool:
    """Whether a column holds fuel or drive-train codes (its values take :func:`fuel_color`)."""
    return column in ("powertrain", "old_powertrain", "new_powertrain", "planned_powertrain",
                      "actual_powertrain", "powertrain_end_year", "fuel", "carrier")  # fmt: skip
