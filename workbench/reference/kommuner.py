"""The 14 municipalities (kommuner) of Norrbotten county.

>>> from workbench.reference import kommuner
>>> kommuner.get("lulea").kommun_id_scb
'2580'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd
import yaml

from workbench.core.errors import WorkbenchError
from workbench.core.paths import data_path
from workbench.core.text import fold

TABLE_FILE = "kommuner.csv"
META_FILE = "kommuner.meta.yaml"


@dataclass(frozen=True)
class Kommun:
    """One municipality: code, names, seat coordinates [degrees], population, areas [km2]."""

    kommun_id_scb: str
    name: str
    name_ascii: str
    seat: str
    seat_lat: float
    seat_lon: float
    population: int
    population_year: int
    land_area_km2: float
    total_area_km2: float

    @property
    def slug(self) -> str:
        """Lower-case ASCII name for file and folder names, e.g. ``"lulea"``."""
        return self.name_ascii.lower()


class UnknownKommunError(WorkbenchError, KeyError):
    """A lookup that matches none of the 14 municipalities."""

    def __str__(self) -> str:  # KeyError quotes its argument; show the message plainly
        return str(self.args[0])


@cache
def _table() -> pd.DataFrame:
    df = pd.read_csv(data_path(TABLE_FILE), dtype={"kommun_id_scb": str}, encoding="utf-8")
    with open(data_path(META_FILE), encoding="utf-8") as f:
        meta = yaml.safe_load(f)
    df.attrs["columns"] = meta["columns"]
    df.attrs["description"] = meta["description"]
    return df


def table() -> pd.DataFrame:
    """All 14 municipalities, ordered by code; column sources in ``.attrs["columns"]``."""
    return _table().copy()  # copies .attrs too


@cache
def _index() -> dict[str, Kommun]:
    index: dict[str, Kommun] = {}
    for row in _table().itertuples(index=False):
        k = Kommun(**row._asdict())
        for key in (k.kommun_id_scb, k.name, k.name_ascii, f"{k.name} kommun"):
            index[fold(key)] = k
    return index


def get(kommun: str | int | Kommun) -> Kommun:
    """Look up a municipality by code, name or ASCII name, case-insensitively.

    Accepts ``"2580"``, ``2580``, ``"Luleå"``, ``"lulea"``, ``"Luleå kommun"`` or a
    :class:`Kommun`. Raises :class:`UnknownKommunError` listing the valid names.
    """
    if isinstance(kommun, Kommun):
        return kommun
    key = fold(str(kommun))
    found = _index().get(key)
    if found is None:
        valid = ", ".join(f"{r.kommun_id_scb} {r.name}" for r in _table().itertuples())
        raise UnknownKommunError(
            f"Unknown municipality {kommun!r}. Valid Norrbotten municipalities "
            f"(code or name, case-insensitive, å/ä/ö optional): {valid}"
        )
    return found


def all_kommuner() -> list[Kommun]:
    """The 14 municipalities in code order."""
    return [get(code) for code in _table()["kommun_id_scb"]]
