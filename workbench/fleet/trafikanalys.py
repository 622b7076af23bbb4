"""Reader for Trafikanalys "Fordon i län och kommuner" Excel files (2015–2022 layouts).

Tables are found by their Swedish titles, not by sheet position (the layout
changes between years): passenger cars in use and newly registered by
municipality and fuel, and from 2018 light lorries, heavy lorries and buses in use
by municipality and fuel. Values are the stock at 31 December (new registrations:
during the year). ``–`` is 0, ``..`` is not available (NA); a ``Totalt`` cell that
holds a formula (2015–2017 files) is recomputed as the sum of the fuel columns.

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

from workbench.errors import InputError, Problem
from workbench.fleet.register import fold

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
        elif t.endswith("/") or fold(t).endswith(" och"):
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
    try:
        return float(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        return np.nan


def _read_sheet(rows: list[tuple], table: str, year: int, src: str) -> list[dict]:
    head = next(
        (i for i, r in enumerate(rows[:15]) if r and fold(r[0] or "").startswith("kommun")), None
    )
    if head is None:
        return []  # a contents sheet that lists the titles, not a table
    labels = _labels(rows, head)
    name_col = next((j for j, lab in enumerate(labels) if fold(lab) == "kommun"), 1)
    fuel_cols = {}
    for j, lab in enumerate(labels[name_col + 1 :], start=name_col + 1):
        if lab:
            fuel_cols[j] = (harmonise_fuel(lab), lab)
    out = []
    county_code = None
    for row in rows[head + 1 :]:
        if not row or row[0] is None:
            continue
        first = str(row[0]).strip()
        if isinstance(row[0], int | float) or _CODE.match(first):
            code = f"{int(row[0]):04d}" if isinstance(row[0], int | float) else first
            if code == "AAAA":
                continue  # unknown county's unknown kommun: counted in "Okänt län"
            level = "okand_kommun" if code.endswith("AA") else "kommun"
            name = str(row[name_col]).strip() if row[name_col] is not None else ""
            county_code = code[:2]
        elif fold(first).endswith(" lan") and not fold(first).startswith("okant"):
            level, code, name = "lan", county_code, first.strip()
        else:
            continue
        values = {j: _value(row[j]) if j < len(row) else np.nan for j in fuel_cols}
        fuels = [j for j, (h, _) in fuel_cols.items() if h not in NON_FUEL]
        for j, (h, lab) in fuel_cols.items():
            v = values[j]
            if v is None and h == "totalt":
                v = float(np.nansum([values[k] or 0.0 for k in fuels]))
            elif v is None:
                v = np.nan
            out.append({"year": year, "table": table, "kommun_id_scb": code, "kommun": name,
                        "level": level, "drivmedel": h, "drivmedel_original": lab,
                        "antal": v})  # fmt: skip
    return out


def read_fordon_lan_kommuner(path: str | Path) -> pd.DataFrame:
    """All municipality and county rows of the fuel tables of one Trafikanalys file.

    Parameters
    ----------
    path
        A "Fordon i län och kommuner" ``.xlsx`` file (years 2015–2022 tested).

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
    try:
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            table, year = _title(rows)
            if table is None:
                continue
            if year is None:
                raise InputError([Problem(str(path), "a year in the table title", column=ws.title)])
            rows_out += _read_sheet(rows, table, year, f"{path}:{ws.title}")
    finally:
        wb.close()
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


def car_stock(df: pd.DataFrame, kommun_id_scb: str, table: str = "personbilar_i_trafik"):
    """Wide table year × fuel [vehicles] for one municipality (or county code) and table."""
    sub = df[(df["kommun_id_scb"] == kommun_id_scb) & (df["table"] == table)]
    return sub.pivot_table(index="year", columns="drivmedel", values="antal", aggfunc="sum")
