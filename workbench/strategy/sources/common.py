"""Shared steps of the strategy readers: area codes from names, completeness of the 14.

The published files key Norrbotten by name (Klimatkollen, Power Circle, the RUS workbook)
or by ``"2580 Luleå"`` labels (SCB). Names are matched through the workbench's own
municipality lookup (case- and accent-insensitive), so ``"LULEÅ"`` and ``"Luleå"`` both give
``"2580"``. The county is area ``"25"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.core.errors import Problem
from workbench.reference import kommuner

COUNTY_ID = "25"
COUNTY_NAME = "Norrbottens län"
SKELETON = re.compile(r"[^a-z0-9]")


def kommun_codes() -> list[str]:
    """The 14 municipality codes in code order."""
    return [k.kommun_id_scb for k in kommuner.all_kommuner()]


def area_codes() -> list[str]:
    """The 14 municipality codes and the county code ``"25"``."""
    return [*kommun_codes(), COUNTY_ID]


def code_of_name(name: str) -> str | None:
    """Kommun code of a Norrbotten municipality name, ``"25"`` for the county, else None."""
    if skeleton(name) == skeleton(COUNTY_NAME):
        return COUNTY_ID
    try:
        return kommuner.get(name).kommun_id_scb
    except kommuner.UnknownKommunError:
        return None


def skeleton(text: str) -> str:
    """ASCII letters and digits only, lower case: ``"slutanv. småhus"`` -> ``"slutanvsmhus"``.

    The energy-balance files lost å/ä/ö upstream (U+FFFD), so labels are compared on what
    survives in both spellings: the plain ASCII letters and digits.
    """
    return SKELETON.sub("", str(text).lower())


def missing_areas(found: Iterable[str], source: str, expected: Iterable[str]) -> list[Problem]:
    """One problem per expected area code that ``found`` lacks."""
    have = set(found)
    names = {k.kommun_id_scb: k.name for k in kommuner.all_kommuner()} | {COUNTY_ID: COUNTY_NAME}
    return [
        Problem(source, f"a row for {code} {names.get(code, '')}".strip())
        for code in expected
        if code not in have
    ]
