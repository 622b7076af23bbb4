"""Reader for the raw RUS "Länsrapport" export: CO2 by main sector × sub-sector × municipality.

Source: Nationella emissionsdatabasen (RUS/SMHI), report of 2024-04-18, as used by
Klimatkollen as a test reference (``Klimatbyran/klimatkollen``, MIT). **CO2 only, not CO2e**:
never mix this series with the greenhouse-gas totals of :mod:`.klimatkollen`.

Layout: a report name, ``Emissioner av Koldioxid (CO2)``, ``Enhet: ton/år``, a year row and a
``Huvudsektor | Undersektor | Län | Kommun | CO2 …`` header, then one row per main sector ×
sub-sector × county × municipality. ``Alla`` marks totals (all sub-sectors, all
municipalities of a county). Published spelling slips are kept in ``subsector_label`` and
mapped to clean ids (``Egen uppärmning`` is the heating sector; ``fran`` is ``från``).
Years: 1990, 2000, 2005, 2010, then yearly 2015–2022.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.core.errors import InputError, Problem
from workbench.core.text import fold
from workbench.strategy.sources.common import (
    COUNTY_ID,
    area_codes,
    code_of_name,
    missing_areas,
    skeleton,
)
from workbench.strategy.sources.klimatkollen import SECTORS

HEADER = ["huvudsektor", "undersektor", "lan", "kommun"]
MAIN_SECTORS = {skeleton(k): v for k, v in SECTORS.items()} | {
    skeleton("Egen uppärmning av bostäder och lokaler"): "egen_uppvarmning",  # as published
    "alla": "alla",
}
COLUMNS = ["area_id_scb", "year", "sector", "subsector", "subsector_label", "co2_t"]
SOURCE = "Nationella emissionsdatabasen (RUS/SMHI), Länsrapport 2024-04-18, via Klimatkollen"
ROUNDING_T = 1.0  # the published floats add up to < 0.31 t; 1 t flags a real inconsistency
UNALLOCATED = "ej_fordelat"
UNALLOCATED_LABEL = "Ej fördelat på undersektor (sektorns Alla-rad minus undersektorerna)"


def subsector_id(label: str) -> str:
    """``"Lätta lastbilar"`` -> ``"latta_lastbilar"``; ``"Alla"`` -> ``"alla"``."""
    words = fold(label.replace("fran ", "från ")).replace("-", " ")
    return "_".join("".join(c if c.isalnum() else " " for c in words).split())


# the title and unit lines of each substance's export; GGT (greenhouse gases, t CO2e) as
# expected from the service's export with ``sub=GGT``, not yet seen in a published file
SUBSTANCES = {"CO2": ("Koldioxid (CO2)", "ton/år"), "GGT": ("Växthusgaser", "ton")}


def _header(rows: list[tuple], src: str, substance: str = "CO2"
            ) -> tuple[int, list[int], list[Problem]]:  # fmt: skip
    """Header row index, the years of the value columns, and layout problems."""
    head = next((i for i, r in enumerate(rows[:15])
                 if [fold(c or "") for c in r[:4]] == HEADER), None)  # fmt: skip
    if head is None:
        return -1, [], [Problem(src, "a 'Huvudsektor | Undersektor | Län | Kommun' header row")]
    top = " ".join(str(c) for r in rows[:head] for c in r if c is not None)
    problems = []
    title, unit = SUBSTANCES[substance]
    if title not in top or f"Enhet: {unit}" not in top:
        problems.append(Problem(src, f"'Emissioner av {title}' and 'Enhet: {unit}' above "
                                "the header", value=top[:120]))  # fmt: skip
    years = list(rows[head - 1][4:]) if head > 0 else []
    if not years or not all(isinstance(y, int) and 1990 <= y <= 2100 for y in years):
        problems.append(Problem(src, "a row of years above the header", row=head, value=years))
    return head, years, problems


def _records(rows, head, years, src) -> tuple[list[dict], list[Problem]]:
    out, problems = [], []
    for i, row in enumerate(rows[head + 1 :], start=head + 2):
        if not row or row[0] is None or row[2] not in ("Norrbottens län",):
            continue
        sector = MAIN_SECTORS.get(skeleton(row[0]))
        area = COUNTY_ID if row[3] == "Alla" else code_of_name(str(row[3]))
        if sector is None or area is None:
            problems.append(Problem(src, "a known RUS main sector and a Norrbotten municipality",
                                    row=i, column="A" if sector is None else "D",
                                    value=row[0] if sector is None else row[3]))  # fmt: skip
            continue
        for j, year in enumerate(years, start=4):
            value = row[j] if j < len(row) else None
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(Problem(src, "a number [t CO2/year]", row=i,
                                        column=get_column_letter(j + 1), value=value))  # fmt: skip
                continue
            out.append({"area_id_scb": area, "year": year, "sector": sector,
                        "subsector": subsector_id(str(row[1])),
                        "subsector_label": str(row[1]).strip(), "co2_t": float(value)})  # fmt: skip
    return out, problems


def remainders(df: pd.DataFrame) -> pd.DataFrame:
    """Rows ``subsector = "ej_fordelat"``: the sector's ``Alla`` row minus its sub-sectors.

    In the real export the sub-sectors of ``Avfall`` are empty in 2005 and 2018–2021 while
    the sector total is not (up to 12.4 kt CO2 for the county), and the transport
    sub-sectors of 1990 and 2000 exceed their total by up to 110 t (0.02 %). The
    remainder is kept as its own row, so sub-sectors always add up to the published total.
    """
    keys = ["area_id_scb", "year", "sector"]
    parts = df[(df["subsector"] != "alla") & (df["sector"] != "alla")]
    alla = df[(df["subsector"] == "alla") & (df["sector"] != "alla")].set_index(keys)["co2_t"]
    rest = alla - parts.groupby(keys)["co2_t"].sum().reindex(alla.index, fill_value=0.0)
    rest = rest[rest.abs() > ROUNDING_T].rename("co2_t").reset_index()
    rest["subsector"] = UNALLOCATED
    rest["subsector_label"] = UNALLOCATED_LABEL
    return rest[COLUMNS]


def _check_totals(df: pd.DataFrame, src: str) -> list[Problem]:
    """Main sectors add up to the ``Alla`` total; municipalities add up to the county."""
    keys = ["area_id_scb", "year"]
    mains = df[(df["subsector"] == "alla") & (df["sector"] != "alla")].groupby(keys)["co2_t"]
    total = df[df["sector"] == "alla"].set_index(keys)["co2_t"]
    off = (mains.sum() - total.reindex(mains.sum().index)).abs() > ROUNDING_T
    problems = [Problem(src, f"main sectors summing to the 'Alla' total of {k}")
                for k in off.index[off]]  # fmt: skip
    keys = ["year", "sector", "subsector"]
    kommun = df[df["area_id_scb"] != COUNTY_ID].groupby(keys)["co2_t"].sum()
    county = df[df["area_id_scb"] == COUNTY_ID].set_index(keys)["co2_t"]
    off = (kommun - county.reindex(kommun.index)).abs() > ROUNDING_T
    problems += [Problem(src, f"municipalities summing to the county row of {k}")
                 for k in off.index[off]]  # fmt: skip
    return problems


def load_rows(path: str | Path) -> tuple[list[tuple], str]:
    """Cell values of the export's first sheet and its display name (file, sheet)."""
    path = Path(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return list(ws.iter_rows(values_only=True)), f"{path}, sheet '{ws.title}'"
    finally:
        wb.close()


def parse_rus_co2(rows: list[tuple], src: str, substance: str = "CO2") -> pd.DataFrame:
    """The long table of :func:`read_rus_co2` from the sheet's cell values (``src`` names it);
    ``substance`` ``"GGT"`` reads the greenhouse-gas export (values still in ``co2_t``)."""
    head, years, problems = _header(rows, src, substance)
    records, bad = ([], []) if problems else _records(rows, head, years, src)
    problems += bad
    df = pd.DataFrame(records, columns=COLUMNS)
    if not problems:
        problems += missing_areas(df["area_id_scb"], src, area_codes())
        problems += _check_totals(df, src) if not problems else []
    if problems:
        raise InputError(problems, f"{src}: not a readable RUS Länsrapport export")
    df = pd.concat([df, remainders(df)], ignore_index=True)
    return df.sort_values(["area_id_scb", "sector", "subsector", "year"], kind="stable",
                          ignore_index=True)  # fmt: skip


def read_rus_co2(path: str | Path) -> pd.DataFrame:
    """Norrbotten rows of the RUS CO2 export, long format [t CO2/year].

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``area_id_scb`` (kommun code or ``"25"``), ``year``, ``sector``
        (main-sector id as in :data:`~.klimatkollen.SECTORS`, ``alla`` for the total),
        ``subsector`` (clean id, ``alla`` for the sector total), ``subsector_label`` (as
        published), ``co2_t``. Where the sub-sectors do not add up to the sector's ``Alla``
        row, a ``ej_fordelat`` row holds the difference (:func:`remainders`). Raises
        :class:`InputError` naming sheet, row and column for a changed layout, a non-numeric
        cell, a missing municipality or totals that do not add up.
    """
    return parse_rus_co2(*load_rows(path))


def read_rus_ggt(path: str | Path) -> pd.DataFrame:
    """Norrbotten rows of the RUS greenhouse-gas export (``sub=GGT``) [t CO2e/year]: the
    layout of :func:`read_rus_co2` with ``co2e_t`` for ``co2_t``."""
    return parse_rus_co2(*load_rows(path), substance="GGT").rename(columns={"co2_t": "co2e_t"})
