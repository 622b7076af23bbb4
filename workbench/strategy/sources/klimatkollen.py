"""Readers for Klimatkollen's territorial emission files (RUS/SMHI greenhouse gases, t CO2e).

Source: Nationella emissionsdatabasen (RUS, produced by SMHI for the county administrative
boards), via Klimatkollen (``Klimatbyran/garbo`` ``src/data/``, Apache-2.0). Files:

* ``municipality-sector-emissions.json`` / ``region-sector-emissions.json``: a list of
  ``{"name", "sectors": {year: {sector: t CO2e}}}`` with 9 main sectors;
* ``municipality-data.json`` / ``region-data.json``: totals ``emissions`` {year: t CO2e}
  plus Klimatkollen's own derived fields (trend, Carbon Law budget, ...), read here only as
  a test reference (:func:`read_derived`), never as results.

Names are the only key: they are mapped to the 14 kommun codes (county: ``"25"``). Years jump
(1990, 2000, 2005, 2010, 2015, 2020–2024); the readers keep exactly the published years.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.strategy.sources.common import COUNTY_ID, code_of_name, missing_areas

SECTORS = {
    "Transporter": "transporter",
    "Industri (energi + processer)": "industri",
    "El och fjärrvärme": "el_fjarrvarme",
    "Egen uppvärmning av bostäder och lokaler": "egen_uppvarmning",
    "Arbetsmaskiner": "arbetsmaskiner",
    "Jordbruk": "jordbruk",
    "Avfall (inkl.avlopp)": "avfall",
    "Produktanvändning (inkl. lösningsmedel)": "produktanvandning",
    "Utrikes transporter": "utrikes_transporter",
}
SECTOR_COLUMNS = ["area_id_scb", "year", "sector", "co2e_t"]
TOTAL_COLUMNS = ["area_id_scb", "year", "co2e_t"]
SOURCE = "Nationella emissionsdatabasen (RUS/SMHI), via Klimatkollen"


def _load(path: Path) -> list:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), f"a readable JSON file ({exc})")]) from None
    if not isinstance(data, list):
        raise InputError([Problem(str(path), "a JSON list of areas")])
    return data


def _number(value, where: Problem) -> tuple[float | None, list[Problem]]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, [where]
    return float(value), []


def _entries(path: Path, expected: list[str], key: str = "name") -> tuple[dict, list[Problem]]:
    """``{area code: (entry number, entry)}`` of the expected areas; other areas ignored."""
    found: dict[str, tuple[int, dict]] = {}
    problems: list[Problem] = []
    for i, entry in enumerate(_load(path), start=1):
        name = entry.get(key) if isinstance(entry, dict) else None
        code = code_of_name(str(name)) if name is not None else None
        if code is None or code not in expected:
            continue  # another county's municipality
        if code in found:
            problems.append(Problem(str(path), "each area once", row=i, column=key, value=name))
        found[code] = (i, entry)
    return found, problems + missing_areas(found, str(path), expected)


def _year(text: str, src: str, row: int, column: str) -> tuple[int | None, list[Problem]]:
    if not (isinstance(text, str) and text.isdigit() and len(text) == 4):
        return None, [Problem(src, "a four-digit year", row=row, column=column, value=text)]
    return int(text), []


def _sector_rows(code: str, i: int, entry: dict, src: str) -> tuple[list[dict], list[Problem]]:
    rows, problems = [], []
    sectors = entry.get("sectors")
    if not isinstance(sectors, dict):
        return [], [Problem(src, "a 'sectors' mapping of years", row=i, column="sectors")]
    for year_text, by_sector in sectors.items():
        year, bad = _year(year_text, src, i, "sectors")
        problems += bad
        if year is None or not isinstance(by_sector, dict):
            continue
        unknown = sorted(set(by_sector) - set(SECTORS))
        lacking = sorted(set(SECTORS) - set(by_sector))
        if unknown or lacking:
            problems.append(Problem(src, f"the 9 RUS main sectors {sorted(SECTORS)}", row=i,
                                    column=f"sectors.{year_text}", value=unknown or lacking))  # fmt: skip
            continue
        for label, value in by_sector.items():
            column = f"sectors.{year_text}.{label}"
            v, bad = _number(value, Problem(src, "a number [t CO2e]", i, column, value))
            problems += bad
            rows.append({"area_id_scb": code, "year": year, "sector": SECTORS[label], "co2e_t": v})
    return rows, problems


def read_sector_emissions(path: str | Path, expected: list[str]) -> pd.DataFrame:
    """Emissions by main sector of the ``expected`` areas [t CO2e], long format.

    Parameters
    ----------
    path
        ``municipality-sector-emissions.json`` or ``region-sector-emissions.json``.
    expected
        Area codes that must be present (kommun codes, or ``["25"]`` for the county file).

    Returns
    -------
    pandas.DataFrame
        :data:`SECTOR_COLUMNS`: ``area_id_scb``, ``year``, ``sector`` (ids of :data:`SECTORS`),
        ``co2e_t`` [t CO2e/year].
    """
    found, problems = _entries(Path(path), expected)
    rows: list[dict] = []
    for code, (i, entry) in found.items():
        got, bad = _sector_rows(code, i, entry, str(path))
        rows += got
        problems += bad
    if problems:
        raise InputError(problems, f"{path}: not a readable Klimatkollen sector file")
    return _sorted(pd.DataFrame(rows, columns=SECTOR_COLUMNS), ["area_id_scb", "year", "sector"])


def read_total_emissions(path: str | Path, expected: list[str]) -> pd.DataFrame:
    """Published total emissions per area and year [t CO2e] (``municipality-data.json``)."""
    key = "region" if Path(path).name.startswith("region") else "name"
    found, problems = _entries(Path(path), expected, key=key)
    rows: list[dict] = []
    for code, (i, entry) in found.items():
        emissions = entry.get("emissions")
        if not isinstance(emissions, dict):
            problems.append(Problem(str(path), "an 'emissions' mapping", row=i, column="emissions"))
            continue
        for year_text, value in emissions.items():
            year, bad = _year(year_text, str(path), i, "emissions")
            where = Problem(str(path), "a number [t CO2e]", i, f"emissions.{year_text}", value)
            v, bad2 = _number(value, where)
            problems += bad + bad2
            rows.append({"area_id_scb": code, "year": year, "co2e_t": v})
    if problems:
        raise InputError(problems, f"{path}: not a readable Klimatkollen data file")
    return _sorted(pd.DataFrame(rows, columns=TOTAL_COLUMNS), ["area_id_scb", "year"])


def read_derived(path: str | Path, expected: list[str]) -> dict[str, dict]:
    """Klimatkollen's own derived fields per area (test reference only, never a result)."""
    key = "region" if Path(path).name.startswith("region") else "name"
    found, problems = _entries(Path(path), expected, key=key)
    if problems:
        raise InputError(problems, f"{path}: not a readable Klimatkollen data file")
    return {code: entry for code, (_, entry) in found.items()}


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    df["year"] = df["year"].astype(int)
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


__all__ = ["COUNTY_ID", "SECTORS", "SOURCE", "read_derived", "read_sector_emissions",
           "read_total_emissions"]  # fmt: skip
