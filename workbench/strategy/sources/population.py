"""Reader for SCB "Folkmängden per månad efter region, ålder, kön och månad" (table 000007SF).

Source: SCB Statistikdatabasen, 2025M12 (via ``Klimatbyran/territorial-data-pipeline``);
cite "Källa: SCB". A title row and blank rows sit above the data; each data row is
``"2580 Luleå" | "totalt, samtliga åldrar" | "totalt, samtliga män och kvinnor" | count``.
The file has no county row: the county is the sum of its 14 municipalities.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.core.errors import InputError, Problem
from workbench.strategy.sources.common import COUNTY_ID, kommun_codes, missing_areas, skeleton

COLUMNS = ["area_id_scb", "year", "month", "population"]
SOURCE = "SCB, Folkmängden per månad (000007SF), {month}"
_MONTH = re.compile(r"^(\d{4})M(\d{2})$")
_TOTALS = (skeleton("totalt, samtliga åldrar"), skeleton("totalt, samtliga män och kvinnor"))


def _month_column(rows: list[tuple], src: str) -> tuple[int, int, str, list[Problem]]:
    """Row index of the month header, its column and the month (``"2025-12"``)."""
    for i, row in enumerate(rows[:10]):
        for j, cell in enumerate(row):
            m = _MONTH.match(str(cell).strip()) if cell is not None else None
            if m:
                return i, j, f"{m.group(1)}-{m.group(2)}", []
    return -1, -1, "", [Problem(src, "a month header such as '2025M12' in the first 10 rows")]


def _records(rows, head, col, month, src) -> tuple[list[dict], list[Problem]]:
    out, problems = [], []
    codes = set(kommun_codes())
    for i, row in enumerate(rows[head + 1 :], start=head + 2):
        label = str(row[0] or "").strip()
        code = label.split(" ", 1)[0]
        if code not in codes:
            continue
        if tuple(skeleton(c or "") for c in row[1:3]) != _TOTALS:
            problems.append(Problem(src, "all ages and both sexes ('totalt, ...')", row=i,
                                    column="B", value=row[1:3]))  # fmt: skip
            continue
        value = row[col] if col < len(row) else None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(Problem(src, "a positive whole number of inhabitants", row=i,
                                    column=get_column_letter(col + 1), value=value))  # fmt: skip
            continue
        out.append({"area_id_scb": code, "year": int(month[:4]), "month": month,
                    "population": value})  # fmt: skip
    return out, problems


def read_population(path: str | Path) -> pd.DataFrame:
    """Population of the 14 municipalities and the county (sum) at the end of the month.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``area_id_scb``, ``year``, ``month`` (``"2025-12"``), ``population``
        [inhabitants]; the county row (``"25"``) is the sum of the 14.
    """
    path = Path(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        src = f"{path}, sheet '{ws.title}'"
    finally:
        wb.close()
    head, col, month, problems = _month_column(rows, src)
    records, bad = _records(rows, head, col, month, src) if not problems else ([], [])
    df = pd.DataFrame(records, columns=COLUMNS)
    problems += bad or missing_areas(df["area_id_scb"], src, kommun_codes())
    if df["area_id_scb"].duplicated().any():
        problems.append(Problem(src, "each municipality once",
                                value=sorted(df.loc[df["area_id_scb"].duplicated(), "area_id_scb"])))  # fmt: skip
    if problems:
        raise InputError(problems, f"{path}: not a readable SCB population table")
    county = {"area_id_scb": COUNTY_ID, "year": df["year"].iloc[0], "month": month,
              "population": int(df["population"].sum())}  # fmt: skip
    return pd.concat([df, pd.DataFrame([county])], ignore_index=True)
