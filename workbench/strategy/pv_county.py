"""Norrbotten's installed grid-connected PV: the county row, or the sum of the 14 municipalities.

Input: the ``pv_installed`` table (Energimyndigheten EN0123 via Kolada N45974/N45970 in the
embedded snapshot; EN0123_1 once ``workbench fetch strategy --source em-pv`` has run), count of
installations and capacity [MW] per area and year. The embedded snapshot has no county row,
and Arvidsjaur has no published value in 2025.

Rules (the same as for the energy balance: a missing part is never counted as zero):

* a published county row (area ``"25"``, as EN0123_1 has) is the county's figure; when all 14
  municipalities are published for the same year, it is checked against their sum (the
  capacity within the rounding of 15 published figures of 0.01 MW, the count exactly) and the
  note says whether they agree;
* without a county row, the figure is the sum of the published municipalities; when some are
  missing it is a **lower bound**: ``n_kommuner_missing`` counts them and the note names them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from workbench.reference import kommuner
from workbench.strategy.sources.common import COUNTY_ID, kommun_codes

ROUNDING_MW = 0.005  # EN0123 publishes the capacity to 0.01 MW
# the notes' phrases (fixed English pieces, translated in a Swedish export: i18n values.strategy_phrase)
COUNTY_ROW = "the county row as published"
AGREES = "agrees with the sum of the 14 municipalities"
DISAGREES = "DISAGREES with the sum of the 14 municipalities (the county row is used)"
CANNOT_CHECK = "not checked against the sum of the municipalities, which lacks "
NO_VALUE = "no published value: missing, not zero"
PARTIAL_SUM = "sum of the published municipalities, which lacks "
LOWER_BOUND = ", so the county total is at least this"
NO_COUNTY_ROW = "no county row published"
FULL_SUM = "sum of the 14 municipalities"
NONE_PUBLISHED = "no municipality has a published value"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CountyPV:
    """The county's installed PV of one year and how it was obtained."""

    year: int
    n_installations: float | None
    capacity_mw: float | None
    n_kommuner_missing: int  # municipalities missing from the sum (0 when the county row is used)
    sum_capacity_mw: float  # sum of the published municipalities [MW]
    sum_installations: float  # sum of the published municipalities [installations]
    missing: tuple[str, ...]  # names of the municipalities without a value
    source: str
    note: str

    @property
    def is_lower_bound(self) -> bool:
        return self.n_kommuner_missing > 0


def _names(codes) -> str:
    names = {k.kommun_id_scb: k.name for k in kommuner.all_kommuner()}
    return ", ".join(names[c] for c in codes)


def _value(x) -> float | None:
    return None if pd.isna(x) else float(x)


def county_total(pv_installed: pd.DataFrame, year: int | None = None) -> CountyPV:
    """The county's installed PV in ``year`` (default: the latest year of the table).

    Raises :class:`KeyError` when the table has no row for that year.
    """
    year = int(pv_installed["year"].max()) if year is None else int(year)
    rows = pv_installed[pv_installed["year"] == year]
    if rows.empty:
        raise KeyError(f"no installed-PV rows for {year}")
    parts = rows[rows["area_id_scb"].isin(kommun_codes())].set_index("area_id_scb")
    parts = parts.reindex(kommun_codes())
    have = parts["capacity_mw"].notna() & parts["n_installations"].notna()
    missing = tuple(parts.index[~have])
    sum_mw = round(float(parts.loc[have, "capacity_mw"].sum()), 6)
    sum_n = float(parts.loc[have, "n_installations"].sum())
    sources = parts.loc[have, "source"].dropna().unique()
    county = rows[rows["area_id_scb"] == COUNTY_ID]
    n_parts = len(kommun_codes())
    if len(county) and pd.notna(county["capacity_mw"].iloc[0]):
        c = county.iloc[0]
        mw, n = float(c["capacity_mw"]), _value(c["n_installations"])
        if missing:
            note = (f"{COUNTY_ROW}; {CANNOT_CHECK}{_names(missing)} "
                    f"({NO_VALUE})")  # fmt: skip
        else:
            tolerance = ROUNDING_MW * (n_parts + 1)
            agree = abs(mw - sum_mw) <= tolerance and (n is None or n == sum_n)
            if not agree:
                log.warning("installed PV %d: the county row (%.2f MW, %s installations) "
                            "disagrees with the sum of the 14 municipalities (%.2f MW, %.0f; "
                            "rounding allows ±%.3f MW)", year, mw, n, sum_mw, sum_n, tolerance)  # fmt: skip
            note = f"{COUNTY_ROW}; {AGREES if agree else DISAGREES}"
        return CountyPV(year, n, mw, 0, sum_mw, sum_n, missing, str(c["source"]), note)
    source = "; ".join(sorted(str(s) for s in sources))
    if not have.any():
        return CountyPV(year, None, None, len(missing), 0.0, 0.0, missing, source, NONE_PUBLISHED)
    if missing:
        note = f"{PARTIAL_SUM}{_names(missing)} ({NO_VALUE}){LOWER_BOUND}; {NO_COUNTY_ROW}"
    else:
        note = f"{FULL_SUM} ({NO_COUNTY_ROW})"
    return CountyPV(year, sum_n, sum_mw, len(missing), sum_mw, sum_n, missing, source, note)
