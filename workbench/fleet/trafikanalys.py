"""Reader for Trafikanalys "Fordon i län och kommuner" Excel files (2015–2022 and 2025 layouts).

Tables are found by their Swedish titles, not by sheet position (the layout
changes between years): passenger cars in use and newly registered by
municipality and fuel, and from 2018 light lorries, heavy lorries and buses in use
by municipality and fuel. Values are the stock at 31 December (new registrations:
during the year). ``–`` is 0, ``..`` is not available (NA); a ``Totalt`` cell that
holds a formula (2015–2017 files) is recomputed as the sum of the fuel columns. Any
other text in a count cell, an unknown fuel label or a fuel table without ``Totalt``
is an :class:`~workbench.core.errors.InputError` naming the file, sheet, row and column.
The 2025 file (sheets ``Tabell 1``…``Tabell 8``) has no ``25AA`` okänd kommun row per
county and splits heavy-lorry gas into ``gas_komprimerad`` (CNG) and ``gas_flytande``
(LNG); the years 2023 and 2024 are missing (:func:`missing_years`).

Rows are kept as published: municipalities (``level = "kommun"``), the county's
"okänd kommun" row (``level = "okand_kommun"``, code ``25AA``) and the county total
(``level = "lan"``, code = county code, e.g. ``25``), which equals the sum of its
municipality rows including okänd kommun. Source: Trafikanalys (Källa: Trafikanalys).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.core.errors import InputError, Problem
from workbench.core.text import fold

TABLE_TITLES = {
    "personbilar i trafik efter kommun och drivmedel": "personbilar_i_trafik",
    "nyregistrerade personbilar efter kommun och drivmedel": "personbilar_nyregistrerade",
    "latta lastbilar i trafik efter kommun och drivmedel": "latta_lastbilar_i_trafik",
    "tunga lastbilar i trafik efter kommun och drivmedel": "tunga_lastbilar_i_trafik",
    "bussar i trafik efter kommun och drivmedel": "bussar_i_trafik",
}
COLUMNS = ["year", "table", "kommun_id_scb", "kommun", "level", "drivmedel",
           "drivmedel_original", "antal"]  # fmt: skip
NON_FUEL = ("totalt", "darav_miljobil", "darav_miljobil_mb2007", "darav_miljobil_mb2013")


def harmonise_fuel(label: str) -> str:
    """Trafikanalys fuel label -> harmonised name (``bensin``, ``el``, ``laddhybrid``, ...)."""
    f = re.sub(r"\d\)", " ", fold(label)).strip()
    if f.startswith("darav"):
        if "mb2013" in f:
            return "darav_miljobil_mb2013"
        if "mb2007" in f:
            return "darav_miljobil_mb2007"
        return "darav_miljobil"
    if "elhybrid" in f and "laddhybrid" in f:
        return "elhybrid_eller_laddhybrid"
    for key, name in (("laddhybrid", "laddhybrid"), ("elhybrid", "elhybrid"),
                      ("komprimerad", "gas_komprimerad"), ("flytande", "gas_flytande"),
                      ("biodiesel", "biodiesel"), ("bensin", "bensin"), ("diesel", "diesel"),
                      ("etanol", "etanol"), ("gas", "gas"), ("ovrig", "ovriga"),
                      ("totalt", "totalt")):  # fmt: skip
        if key in f:
            return name
    if f == "el":
        return "el"
    raise ValueError(f"unknown Trafikanalys fuel label {label!r}")


def _title(rows: list[tuple]) -> tuple[str | None, int | None]:
    for row in rows[:8]:
        for cell in row[:4]:
            if not isinstance(cell, str):
                continue
            text = fold(cell)
            for title, name in TABLE_TITLES.items():
                if title in text:
                    m = re.search(r"(20\d\d)", text)
                    return name, int(m.group(1)) if m else None
    return None, None


def _labels(rows: list[tuple], at: int) -> list[str]:
    top = [str(c).strip() if c is not None else "" for c in rows[at]]
    sub = (
        [str(c).strip() if c is not None else "" for c in rows[at + 1]]
        if at + 1 < len(rows)
        else []
    )
    sub += [""] * (len(top) - len(sub))
    labels = []
    for j, t in enumerate(top):
        s = sub[j]
        if fold(t) == "darav" or (not t and s.upper().startswith("MB")):
            labels.append(f"därav {s}".strip())
        elif t.endswith(("/", "-")) or fold(t).endswith(" och"):  # "Gas-" / "komprimerad"
            labels.append(f"{t} {s}".strip())
        else:
            labels.append(t)
    return labels


_CODE = re.compile(r"^(\d{3,4}|\d\d[A-Z]{2}|AAAA)$")


def _value(cell):
    if cell is None:
        return None  # empty: a formula without cached value, recomputed for Totalt
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    if text in {"–", "-", "—"}:
        return 0.0
    if text == "..":
        return np.nan
    if text.startswith("="):
        return None  # formula without cached value: recomputed for Totalt
    return float(text.replace(" ", "").replace("\u00a0", ""))  # ValueError: reported by caller


def _letter(j: int) -> str:
    """Excel column letter of the 0-based column ``j``."""
    return get_column_letter(j + 1)


def _header_row(rows: list[tuple]) -> int | None:
    """Index of the header row (first cell starts with "Kommun"), None for a contents sheet."""
    return next(
        (i for i, r in enumerate(rows[:15]) if r and fold(r[0] or "").startswith("kommun")), None
    )


def _fuel_columns(labels: list[str], src: str, head: int) -> tuple[int, dict, list[Problem]]:
    """Column of the municipality name and ``{column: (harmonised, published label)}``."""
    name_col = next((j for j, lab in enumerate(labels) if fold(lab) == "kommun"), 1)
    fuel_cols, problems = {}, []
    for j, lab in enumerate(labels[name_col + 1 :], start=name_col + 1):
        if not lab:
            continue
        try:
            fuel_cols[j] = (harmonise_fuel(lab), lab)
        except ValueError:
            problems.append(Problem(src, "a known Trafikanalys fuel label", row=head + 1,
                                    column=_letter(j), value=lab))  # fmt: skip
    names = [h for h, _ in fuel_cols.values()]
    twice = sorted({lab for h, lab in fuel_cols.values() if names.count(h) > 1})
    if twice:
        problems.append(Problem(src, "one column per fuel", row=head + 1, value=twice))
    if "totalt" not in names:
        problems.append(Problem(src, "a 'Totalt' column", row=head + 1))
    return name_col, fuel_cols, problems


def _row_key(row: tuple, name_col: int, county_code: str | None):
    """``(code, level, name)`` of a municipality, okänd kommun or county row; None otherwise."""
    if not row or row[0] is None:
        return None
    first = str(row[0]).strip()
    if isinstance(row[0], int | float) or _CODE.match(first):
        code = f"{int(row[0]):04d}" if isinstance(row[0], int | float) else first
        if code == "AAAA":
            return None  # unknown county's unknown kommun: counted in "Okänt län"
        level = "okand_kommun" if code.endswith("AA") else "kommun"
        name = str(row[name_col]).strip() if row[name_col] is not None else ""
        return code, level, name
    if fold(first).endswith(" lan") and not fold(first).startswith("okant") and county_code:
        return county_code, "lan", first
    return None


def _row_values(row: tuple, fuel_cols: dict, where: tuple[str, int]) -> tuple[dict, list]:
    """Value per fuel column [vehicles]; ``Totalt`` without a cached value is recomputed."""
    values, problems = {}, []
    for j in fuel_cols:
        cell = row[j] if j < len(row) else None
        try:
            values[j] = _value(cell)
        except ValueError:
            values[j] = np.nan
            problems.append(Problem(where[0], "a count, '–' (0) or '..' (not available)",
                                    row=where[1], column=_letter(j), value=cell))  # fmt: skip
    fuels = [j for j, (h, _) in fuel_cols.items() if h not in NON_FUEL]
    for j, (h, _) in fuel_cols.items():
        if values[j] is None:
            values[j] = (
                float(np.nansum([values[k] or 0.0 for k in fuels])) if h == "totalt" else np.nan
            )
    return values, problems


def _read_sheet(rows: list[tuple], table: str, year: int, src: str) -> tuple[list[dict], list]:
    """Long records of one fuel table and the problems found in it."""
    head = _header_row(rows)
    if head is None:
        return [], []  # a contents sheet that lists the titles, not a table
    name_col, fuel_cols, problems = _fuel_columns(_labels(rows, head), src, head)
    if problems:
        return [], problems
    out, county_code = [], None
    for i, row in enumerate(rows[head + 1 :], start=head + 2):
        key = _row_key(row, name_col, county_code)
        if key is None:
            continue
        code, level, name = key
        county_code = code[:2]
        values, bad = _row_values(row, fuel_cols, (src, i))
        problems += bad
        out += [{"year": year, "table": table, "kommun_id_scb": code, "kommun": name,
                 "level": level, "drivmedel": h, "drivmedel_original": lab, "antal": values[j]}
                for j, (h, lab) in fuel_cols.items()]  # fmt: skip
    return out, problems


def read_fordon_lan_kommuner(path: str | Path) -> pd.DataFrame:
    """All municipality and county rows of the fuel tables of one Trafikanalys file.

    Parameters
    ----------
    path
        A "Fordon i län och kommuner" ``.xlsx`` file (years 2015–2022 and 2025 tested).

    Returns
    -------
    pandas.DataFrame
        Long table :data:`COLUMNS`: ``year``, ``table``, ``kommun_id_scb`` (4-character
        municipality code, ``25AA`` for okänd kommun, ``25`` for the county row),
        ``kommun``, ``level`` (kommun, okand_kommun, lan), ``drivmedel`` (harmonised),
        ``drivmedel_original`` (as published), ``antal`` [vehicles] (Int64, NA for ``..``).
    """
    path = Path(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows_out: list[dict] = []
    problems: list[Problem] = []
    titled: dict[str, str] = {}  # table -> first sheet whose title names it
    try:
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            table, year = _title(rows)
            if table is None:
                continue
            src = f"{path}, sheet '{ws.title}'"
            titled.setdefault(table, src)
            if year is None:
                problems.append(Problem(src, "a year in the table title", row=1))
                continue
            records, bad = _read_sheet(rows, table, year, src)
            rows_out += records
            problems += bad
    finally:
        wb.close()
    read = {r["table"] for r in rows_out}
    problems += [Problem(src, f"a header row starting with 'Kommun' for table '{table}'")
                 for table, src in titled.items() if table not in read and not problems]  # fmt: skip
    if problems:
        raise InputError(problems, f"{path}: not a readable 'Fordon i län och kommuner' file")
    if not rows_out:
        raise InputError(
            [Problem(str(path), "at least one '... efter kommun och drivmedel' table")]
        )
    df = pd.DataFrame(rows_out, columns=COLUMNS)
    df["antal"] = df["antal"].round().astype("Int64")
    return df


def read_folder(folder: str | Path, county: str = "25") -> pd.DataFrame:
    """Read every ``fordon_lan_och_kommuner_*.xlsx`` in ``folder``, keeping one county's rows."""
    files = sorted(Path(folder).glob("fordon_lan_och_kommuner_*.xlsx"))
    if not files:
        raise FileNotFoundError(f"{folder}: no fordon_lan_och_kommuner_*.xlsx files")
    frames = [read_fordon_lan_kommuner(f) for f in files]
    df = pd.concat(frames, ignore_index=True)
    return df[df["kommun_id_scb"].str.startswith(county)].reset_index(drop=True)


def missing_years(df: pd.DataFrame, table: str = "personbilar_i_trafik") -> list[int]:
    """Years between the first and the last year of ``table`` that no file covers.

    With the files in ``../shared/data/fleet`` this is ``[2023, 2024]`` (Trafikanalys
    municipal tables for those years are not there); the series jumps from 2022 to 2025
    and is never interpolated.
    """
    years = set(df.loc[df["table"] == table, "year"].astype(int))
    if not years:
        return []
    return [y for y in range(min(years), max(years) + 1) if y not in years]


def car_stock(df: pd.DataFrame, kommun_id_scb: str, table: str = "personbilar_i_trafik"):
    """Wide table year × fuel [vehicles] for one municipality (or county code) and table."""
    sub = df[(df["kommun_id_scb"] == kommun_id_scb) & (df["table"] == table)]
    return sub.pivot_table(index="year", columns="drivmedel", values="antal", aggfunc="sum")
