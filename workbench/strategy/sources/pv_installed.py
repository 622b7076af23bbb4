"""Reader for grid-connected PV per municipality (Kolada N45974 count, N45970 capacity).

Source: Energimyndigheten, "Nätanslutna solcellsanläggningar" (table EN0123), as Kolada KPIs
N45974 (number of installations) and N45970 (installed capacity, MW), 2025. One year only. An
empty cell (Arvidsjaur in 2025) is missing, never zero.
"""

from __future__ import annotations

import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.text import fold
from workbench.reference import kommuner
from workbench.strategy.sources.common import (
    COUNTY_ID,
    COUNTY_NAME,
    area_codes,
    kommun_codes,
    missing_areas,
)
from workbench.strategy.sources.jsonstat import Cube, Dimension, pick

REQUIRED = ["kommun_id_scb", "kommun", "year", "n_installations", "capacity_mw", "source"]
COLUMNS = ["area_id_scb", "year", "n_installations", "capacity_mw", "source"]


def _number(value, src, row, column, whole: bool) -> tuple[float | None, list[Problem]]:
    if pd.isna(value) or str(value).strip() == "":
        return None, []
    try:
        v = float(value)
    except ValueError:
        v = float("nan")
    if not v >= 0 or (whole and v != int(v)):
        kind = "a whole number >= 0" if whole else "a number >= 0"
        return None, [Problem(src, f"{kind} or an empty cell", row, column, value)]
    return v, []


def read_pv_installed(path, src: str | None = None) -> pd.DataFrame:
    """Installed grid-connected PV per municipality: count and capacity [MW], NaN when missing.

    ``path``: the published file (or a text buffer of it); ``src`` names it in messages. Rows
    of the 14 municipalities are kept, and the county's (``"25"``) when the file has one (the
    embedded snapshot has none; Energimyndigheten's EN0123_1 has a county row); every
    municipality must be present."""
    src = src or str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    lacking = [c for c in REQUIRED if c not in raw.columns]
    if lacking:
        raise InputError([Problem(src, f"columns {REQUIRED}", row=1, value=lacking)])
    problems, rows = [], []
    for i, r in enumerate(raw.itertuples(index=False), start=2):
        if r.kommun_id_scb not in area_codes():  # the 14 and a county row when published
            continue
        n, bad = _number(r.n_installations, src, i, "n_installations", whole=True)
        mw, bad2 = _number(r.capacity_mw, src, i, "capacity_mw", whole=False)
        if not str(r.year).isdigit():
            bad2 = [*bad2, Problem(src, "a year", i, "year", r.year)]
        problems += bad + bad2
        rows.append({"area_id_scb": r.kommun_id_scb, "year": int(r.year) if str(r.year).isdigit()
                     else None, "n_installations": n, "capacity_mw": mw, "source": r.source})  # fmt: skip
    df = pd.DataFrame(rows, columns=COLUMNS)
    problems += missing_areas(df["area_id_scb"], src, kommun_codes())
    if problems:
        raise InputError(problems, f"{src}: not a readable installed-PV table")
    return df.astype({"n_installations": "Int64"})


# Energimyndigheten's PxWeb table EN0123_1 (grid-connected PV per municipality and year): a
# region, a year and one measure dimension with the count and the capacity [MW]
REGION = ("region", "kommun", "lan")
YEAR = ("ar", "tid")
MEASURES = {"n_installations": "antal", "capacity_mw": "effekt"}
EM_SOURCE = "Energimyndigheten EN0123_1, Nätanslutna solcellsanläggningar"


def _one(cube: Cube, role: str, names: tuple[str, ...], src: str) -> tuple[Dimension | None, list]:
    hits = pick(cube, names)
    if len(hits) == 1:
        return hits[0], []
    came = [d.names() for d in cube.dimensions]
    return None, [Problem(src, f"one dimension '{role}' (code or label starting with "
                          f"{' or '.join(repr(n) for n in names)})", column="id", value=came)]  # fmt: skip


def _measures(dim: Dimension | None, src: str) -> tuple[dict[str, str], list[Problem]]:
    """Category code per measure, the capacity's unit checked to be MW."""
    if dim is None:
        return {}, []
    out, problems = {}, []
    for key, word in MEASURES.items():
        hits = [c for c, label in dim.categories if word in fold(label)]
        if len(hits) != 1:
            problems.append(Problem(src, f"one category of '{dim.id}' whose label contains "
                                    f"'{word}'", column=f"dimension.{dim.id}",
                                    value=[label for _, label in dim.categories]))  # fmt: skip
            continue
        out[key] = hits[0]
    label = dict(dim.categories).get(out.get("capacity_mw"), "")
    if out.get("capacity_mw") and "mw" not in fold(label).replace(" ", ""):
        problems.append(Problem(src, "the capacity in MW ('MW' in its label)",
                                column=f"dimension.{dim.id}", value=label))  # fmt: skip
    return out, problems


def table_from_cube(cube: Cube, src: str, source: str = EM_SOURCE) -> pd.DataFrame:
    """Energimyndigheten's JSON-stat 2.0 answer as the published PV file's layout
    (:data:`REQUIRED`), every Norrbotten municipality × year of the answer and the county's
    row (``"25 Norrbottens län"``) when the answer has it, for :func:`read_pv_installed`. A missing cell (``null``, ``..``) stays empty, never zero.

    The region is matched on a four-digit code, either the category code or the start of its
    label (``"2580 Luleå"``); years are the labels of the year dimension (PxWeb v1 codes them
    0, 1, 2, ...). Raises :class:`InputError` naming the dimensions expected and found.
    """
    region, bad = _one(cube, "region", REGION, src)
    year, bad2 = _one(cube, "år", YEAR, src)
    used = {d.id for d in (region, year) if d is not None}
    rest = [d for d in cube.dimensions if d.id not in used and len(d.categories) > 1]
    problems = bad + bad2
    if len(rest) != 1:
        problems.append(Problem(src, "one measure dimension besides region and year (count "
                                "and capacity)", column="id",
                                value=[d.names() for d in rest]))  # fmt: skip
    codes, bad3 = _measures(rest[0] if len(rest) == 1 else None, src)
    problems += bad3
    if problems:
        raise InputError(problems, f"{src}: the PV table's dimensions are not as expected")
    measure = {c: k for k, c in codes.items()}
    names = {k.kommun_id_scb: k.name for k in kommuner.all_kommuner()} | {COUNTY_ID: COUNTY_NAME}
    wide: dict[tuple[str, str], dict] = {}
    for where, value, _status in cube.cells():
        code, label = where[region.id]
        head = label.split(" ", 1)[0]
        kommun = head if head.isdigit() else code  # "2580 Luleå" / "25 Norrbottens län" first
        key = measure.get(where[rest[0].id][0])
        if kommun in names and key is not None:
            wide.setdefault((kommun, where[year.id][1]), {})[key] = value
    rows = [{"kommun_id_scb": k, "kommun": names[k], "year": y,
             "n_installations": v.get("n_installations"), "capacity_mw": v.get("capacity_mw"),
             "source": source} for (k, y), v in sorted(wide.items())]  # fmt: skip
    return pd.DataFrame(rows, columns=REQUIRED).astype({"n_installations": "Int64"})
