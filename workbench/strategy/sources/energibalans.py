"""Reader for SCB/Energimyndigheten municipal energy statistics (EN0203, KRE) [MWh].

Source: SCB Statistikdatabasen, "Kommunal och regional energistatistik": EN0203AE (final use
by consumer category × fuel type), EN0203AC (district-heating production and fuel use) and
EN0203AD (electricity production and fuel use), downloaded 2022-12-01 (via
``mnikolop/case3-swedish-energy``, Apache-2.0). Cite as "bearbetad statistik från
SCB/Energimyndigheten".

Traps handled here:

* å/ä/ö were destroyed upstream (U+FFFD): areas are joined on the code at the start of
  ``region`` (``"2580 Lule\\ufffd"`` -> ``"2580"``) and labels are matched on their ASCII
  letters only (:func:`~.common.skeleton`);
* ``..`` is suppressed for confidentiality and ``-`` not reported: both are **missing**
  (``energy_mwh`` NaN, ``status`` says which), never zero;
* the total rows read the other way round from their labels: in the carrier column
  ``summa förbrukarkategori`` is the category's total over all carriers; in the category
  column ``summa bränsletyp`` is the carrier's total over all categories. Both are kept as
  ``carrier = "total"`` and ``category = "total"``;
* a total is checked against its parts wherever all parts are published: the parts are
  integers rounded by SCB, so they may differ from the total by at most half a MWh per
  cell; a larger difference is an :class:`InputError`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.strategy.sources.common import skeleton
from workbench.strategy.sources.jsonstat import Cube, cell_text, find_dimensions

CATEGORIES = {
    "slutanv. jordbruk,skogsbruk,fiske": "jordbruk_skogsbruk_fiske",
    "slutanv. industri, byggverks.": "industri_byggverksamhet",
    "slutanv. offentlig verksamhet": "offentlig_verksamhet",
    "slutanv. transporter": "transporter",
    "slutanv. övriga tjänster": "ovriga_tjanster",
    "slutanv. småhus": "smahus",
    "slutanv. flerbostadshus": "flerbostadshus",
    "slutanv. fritidshus": "fritidshus",
    "kraftvärmeverk": "kraftvarmeverk",
    "kraftvärmeverk + industriellt mottryck": "kraftvarme_industriellt_mottryck",
    "fristående värmeverk": "fristaende_varmeverk",
    "elpannor (1)": "elpannor",
    "värmepumpar (2)": "varmepumpar",
    "spillvärme": "spillvarme",
    "rökgaskondens": "rokgaskondens",
    "övrig värmekraft (kärnkraft, kondenskraft o.dyl.)": "ovrig_varmekraft",
    "vattenkraft": "vattenkraft",
    "vindkraft": "vindkraft",
    "solkraft": "solkraft",  # reported from 2021 (TAB3451); not in the 2009–2020 exports
    "summa bränsletyp": "total",
}
CARRIERS = {
    "flytande (icke förnybara)": "flytande_fossil",
    "fast (icke förnybara)": "fast_fossil",
    "gas (icke förnybara)": "gas_fossil",
    "flytande (förnybara)": "flytande_fornybar",
    "fast (förnybara)": "fast_fornybar",
    "gas (förnybara)": "gas_fornybar",
    "fjärrvärme": "fjarrvarme",
    "el": "el",
    "fjärrvärmeproduktion": "fjarrvarmeproduktion",
    "elproduktion": "elproduktion",
    "summa förbrukarkategori": "total",
    "summa produktionssätt": "total",
}
OUTPUTS = ("fjarrvarmeproduktion", "elproduktion")  # production, not a fuel input: no part
MISSING = {"..": "suppressed", "-": "not_reported"}
COLUMNS = ["area_id_scb", "year", "category", "carrier", "energy_mwh", "status"]
SOURCE = "SCB/Energimyndigheten EN0203, bearbetad (uttag 2022-12-01)"

_CATEGORY = {skeleton(k): v for k, v in CATEGORIES.items()}
_CARRIER = {skeleton(k): v for k, v in CARRIERS.items()}


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _parse_cell(text: str) -> tuple[float, str] | None:
    """``(value, status)`` of one cell; None when the cell is not a number or a missing mark."""
    text = text.strip()
    if text in MISSING:
        return np.nan, MISSING[text]
    try:
        return float(int(text)), "value"
    except ValueError:
        return None


def _header(row: list[str], src: str) -> tuple[list[int], list[Problem]]:
    years = row[3:]
    if len(row) < 4 or skeleton(row[0]) != "region" or not all(y.isdigit() for y in years):
        return [], [Problem(src, "a header 'region;<category>;bränsletyp;<years>'", row=1,
                            value=";".join(row))]  # fmt: skip
    return [int(y) for y in years], []


def _row(cells: list[str], years: list[int], src: str, i: int) -> tuple[list[dict], list]:
    code = cells[0].split(" ", 1)[0]
    category, carrier = _CATEGORY.get(skeleton(cells[1])), _CARRIER.get(skeleton(cells[2]))
    problems = []
    if not code.isdigit():
        problems.append(Problem(src, "a region starting with its SCB code", i, "region", cells[0]))
    if category is None:
        problems.append(Problem(src, "a known consumer category or production type", i,
                                "category", cells[1]))  # fmt: skip
    if carrier is None:
        problems.append(Problem(src, "a known fuel type", i, "bränsletyp", cells[2]))
    if len(cells) != len(years) + 3:
        problems.append(Problem(src, f"{len(years) + 3} cells", i, value=len(cells)))
    if problems:
        return [], problems
    out = []
    for year, text in zip(years, cells[3:], strict=True):
        parsed = _parse_cell(text)
        if parsed is None:
            problems.append(Problem(src, "a whole number of MWh, '..' or '-'", i, str(year), text))
            continue
        out.append({"area_id_scb": code, "year": year, "category": category,
                    "carrier": carrier, "energy_mwh": parsed[0], "status": parsed[1]})  # fmt: skip
    return out, problems


def check_totals(df: pd.DataFrame, src: str) -> list[Problem]:
    """Totals against their parts where every part is published (rounding: 0.5 MWh a cell)."""
    problems = []
    fuel = df[~df["carrier"].isin(OUTPUTS)]
    for total_of, part_of in (("carrier", "category"), ("category", "carrier")):
        keys = ["area_id_scb", "year", part_of]
        parts = fuel[fuel[total_of] != "total"].groupby(keys)["energy_mwh"]
        total = fuel[fuel[total_of] == "total"].set_index(keys)["energy_mwh"]
        summed = parts.sum(min_count=1).where(parts.count() == parts.size())
        tolerance = 0.5 * (parts.size() + 1)
        off = (summed - total.reindex(summed.index)).abs() > tolerance
        problems += [Problem(src, f"parts summing to the published total of {k} (±{tolerance[k]} "
                             f"MWh rounding)", value=float(summed[k])) for k in off.index[off]]  # fmt: skip
    return problems


def parse_energibalans(lines: list[list[str]], src: str,
                       areas: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """The long table of :func:`read_energibalans` from the export's rows of cells (header
    first). The same function reads the embedded path's CSV downloads and a PxWeb answer
    (:func:`lines_from_cube`), so the two cannot drift apart."""
    years, problems = _header(lines[0] if lines else [], src)
    rows: list[dict] = []
    for i, cells in enumerate(lines[1:] if years else [], start=2):
        if not cells:
            continue
        if areas is not None and cells[0].split(" ", 1)[0] not in areas:
            continue
        got, bad = _row(cells, years, src, i)
        rows += got
        problems += bad
    df = pd.DataFrame(rows, columns=COLUMNS)
    if areas is not None and not problems:
        problems += [Problem(src, f"rows for area {a}") for a in areas
                     if a not in set(df["area_id_scb"])]  # fmt: skip
    if not problems:
        problems += check_totals(df, src)
    if problems:
        raise InputError(problems, f"{src}: not a readable EN0203 energy-statistics export")
    return df


def read_energibalans(path: str | Path, areas: list[str] | None = None) -> pd.DataFrame:
    """One EN0203 CSV as a long table [MWh/year].

    Parameters
    ----------
    path
        An ``EN0203A[CDE]_*.csv`` export (semicolon, quoted, UTF-8 or Latin-1).
    areas
        Area codes to keep (e.g. the 14 kommun codes and ``"25"``); all when None. Each must
        be present.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``area_id_scb``, ``year``, ``category`` (consumer category or
        production type id, ``total``), ``carrier`` (fuel id, ``total``, or the production
        output ``fjarrvarmeproduktion``/``elproduktion``), ``energy_mwh`` (NaN when missing),
        ``status`` (``value``, ``suppressed`` for ``..``, ``not_reported`` for ``-``).
    """
    path = Path(path)
    lines = list(csv.reader(io.StringIO(_decode(path.read_bytes())), delimiter=";"))
    return parse_energibalans(lines, str(path), areas)


# PxWeb dimensions of the final-use table (SCB TAB3654: Region, Forbrukningskategri, Bransle,
# ContentsCode, Tid), found by code or label as in the CSV download's header
CUBE_DIMENSIONS = {
    "region": ("region",),
    "förbrukarkategori": ("forbruk",),
    "bränsletyp": ("bransle",),
    "år": ("tid", "ar"),
    "tabellinnehåll": ("contentscode", "tabellinnehall"),
}
# ... and of the electricity-production table (SCB TAB3451 "Elproduktion och bränsleanvändning
# (MWh), efter län och kommun, produktionssätt samt bränsletyp": Region, Produktionssatt,
# Bransle, ContentsCode EN0203AD, Tid)
PRODUCTION_DIMENSIONS = {
    "region": ("region",),
    "produktionssätt": ("produktionss",),
    "bränsletyp": ("bransle",),
    "år": ("tid", "ar"),
    "tabellinnehåll": ("contentscode", "tabellinnehall"),
}
# TAB3451 category codes -> the export's labels, used only when a label is not one the reader
# knows (codes as used against the live API in public code, 2026; docs/strategy.md): the
# production types and the fuel classes (17 = the electricity produced, 950 = all fuels)
PRODUCTION_CODES = {
    "4.1": "vattenkraft",
    "4.2": "vindkraft",
    "4.7": "solkraft",
    "4.5+4.6": "kraftvärmeverk + industriellt mottryck",
    "4.3+4.4": "övrig värmekraft (kärnkraft, kondenskraft o.dyl.)",
    "Totalt": "summa bränsletyp",
}
PRODUCTION_FUEL_CODES = {
    "17": "elproduktion",
    "950": "summa produktionssätt",
    "905": "flytande (icke förnybara)",
    "910": "fast (icke förnybara)",
    "915": "gas (icke förnybara)",
    "920": "flytande (förnybara)",
    "925": "fast (förnybara)",
    "930": "gas (förnybara)",
}
_KINDS = {
    "use": (CUBE_DIMENSIONS, "förbrukarkategori", {}, {}),
    "production": (PRODUCTION_DIMENSIONS, "produktionssätt", PRODUCTION_CODES,
                   PRODUCTION_FUEL_CODES),
}  # fmt: skip


def _known(code: str, label: str, known: dict[str, str], by_code: dict[str, str]) -> str:
    """``label`` if the reader knows it, else the label of ``code``, else ``label`` (which the
    parser then names as unknown)."""
    return label if skeleton(label) in known else by_code.get(code, label)


def lines_from_cube(cube: Cube, src: str, kind: str = "use") -> list[list[str]]:
    """A PxWeb JSON-stat 2.0 answer as the rows of its CSV download, for
    :func:`parse_energibalans`: header ``region;<category>;bränsletyp;<years>``, region
    ``"<code> <name>"``, the category and fuel labels, and per year the cell (``..`` where
    missing). ``kind``: ``"use"`` (TAB3654, category ``förbrukarkategori``) or
    ``"production"`` (TAB3451, category ``produktionssätt``; a label the reader does not know
    is taken from its code, :data:`PRODUCTION_CODES`). One content (MWh) only; dimensions named
    as expected."""
    wanted, role, cat_codes, fuel_codes = _KINDS[kind]
    dims = find_dimensions(cube, wanted, src, single=("tabellinnehåll",))
    region, cat, fuel, year = (dims[k] for k in ("region", role, "bränsletyp", "år"))
    years = [label for _, label in year.categories]
    table: dict[tuple, dict[str, str]] = {}
    for where, value, status in cube.cells():
        code, name = where[region.id]
        key = (f"{code} {name}" if not name.startswith(code) else name,
               _known(*where[cat.id], _CATEGORY, cat_codes),
               _known(*where[fuel.id], _CARRIER, fuel_codes))  # fmt: skip
        table.setdefault(key, {})[where[year.id][1]] = cell_text(value, status)
    head = ["region", role, "bränsletyp", *years]
    return [head, *[[*key, *(cells.get(y, "..") for y in years)] for key, cells in table.items()]]


def read_folder(folder: str | Path, areas: list[str] | None = None) -> pd.DataFrame:
    """Every ``EN0203*.csv`` in ``folder``, with a ``table`` column (``AC``, ``AD``, ``AE``)."""
    files = sorted(Path(folder).glob("EN0203*.csv"))
    if not files:
        raise InputError([Problem(str(folder), "EN0203*.csv files")])
    frames = [read_energibalans(f, areas).assign(table=f.name[6:8]) for f in files]
    df = pd.concat(frames, ignore_index=True)
    dup = df.duplicated(["table", "area_id_scb", "year", "category", "carrier"])
    if dup.any():
        first = df[dup].iloc[0]
        raise InputError([Problem(str(folder), "each table × area × year in one file only",
                                  value=first.to_dict())])  # fmt: skip
    return df
