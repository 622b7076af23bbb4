"""The strategy inputs with the refreshed cache laid over the embedded snapshot.

``workbench fetch strategy`` leaves in ``data/strategy/cache/`` each service's answer beside its
``<file>.provenance.yaml`` (which names the source and the embedded table it refreshes).
:func:`refreshed_inputs` reads every such answer again with its source's shared reader (the
same function that reads the published file of the embedded path), and replaces, table by
table, the embedded rows of every (area, year) the answer has (and output, in
``energy_production``: SCB's electricity keeps the embedded district heating); the other rows stay (SCB's
2021 onwards is added to the embedded 2009–2020, a newer RUS export replaces every year it
holds). Two answers for the same table (Kolada and Energimyndigheten for ``pv_installed``) are
laid on in the order they were retrieved, the newest last.

Each answer used gives a :class:`Vintage` (file, years, retrieval time, age, stale or not) and
a note for ``summary.json`` and the report; every replaced row carries its source with the
retrieval date (``uttag YYYY-MM-DD``). Nothing here uses the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from workbench.core.download import provenance_path, utc_now
from workbench.core.errors import InputError, Problem
from workbench.core.outputs import sha256_file
from workbench.strategy import fetch_em, fetch_rus, fetch_scb
from workbench.strategy.derive import sort_table
from workbench.strategy.embedded import StrategyInputs, load_inputs
from workbench.strategy.fetch import kolada_tidy
from workbench.strategy.fetch_common import MAX_AGE_DAYS, cache_folder

log = logging.getLogger(__name__)

TIDY: dict[str, Callable[[Path, dict], pd.DataFrame]] = {
    "rus": fetch_rus.tidy,
    "rus-ggt": fetch_rus.tidy_ggt,
    "scb-energy": fetch_scb.tidy,
    "scb-production": fetch_scb.tidy_production,
    "em-pv": fetch_em.tidy,
    "kolada": kolada_tidy,
}
NOTE = "strategy data refreshed from the cache: {file}"
STALE_NOTE = ("strategy data refreshed from the cache: {file}; the cache is {age} days old, "
              "older than {limit} days: fetch it again with --refresh")  # fmt: skip


@dataclass(frozen=True)
class Vintage:
    """One cached answer a run used: which table it refreshed and how old it is."""

    table: str
    source: str
    file: str
    years: tuple[int, ...]
    retrieved_utc: str
    age_days: float
    max_age_days: float = MAX_AGE_DAYS

    @property
    def is_stale(self) -> bool:
        return self.age_days > self.max_age_days

    def note(self) -> str:
        """The note of ``summary.json`` (translated in a Swedish report, :mod:`export.notes`)."""
        span = f"{self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])
        file = f"{self.file}, {span}, {self.retrieved_utc}"
        if self.is_stale:
            return STALE_NOTE.format(
                file=file, age=round(self.age_days), limit=round(self.max_age_days)
            )
        return NOTE.format(file=file)


def _answers(folder: Path) -> list[tuple[Path, dict]]:
    """``(answer, provenance)`` of every intact strategy answer in ``folder``, oldest first."""
    found, problems = [], []
    for prov_file in sorted(folder.glob("*.provenance.yaml")):
        prov = yaml.safe_load(prov_file.read_text(encoding="utf-8"))
        if not isinstance(prov, dict) or prov.get("strategy_source") not in TIDY:
            continue
        path = folder / str(prov.get("file", ""))
        if provenance_path(path) != prov_file or not path.exists():
            problems.append(Problem(str(prov_file), "the answer it describes beside it",
                                    column="file", value=prov.get("file")))  # fmt: skip
        elif sha256_file(path) != prov.get("sha256"):
            problems.append(Problem(str(path), "the sha256 recorded in its provenance file "
                                    "(the file changed after the fetch: fetch it again with "
                                    "--refresh)", value=sha256_file(path)[:16]))  # fmt: skip
        else:
            found.append((path, prov))
    if problems:
        raise InputError(problems, f"{folder}: the refreshed strategy cache is not intact")
    return sorted(found, key=lambda item: str(item[1].get("retrieved_utc")))


def _typed(df: pd.DataFrame, like: pd.DataFrame, src: str) -> pd.DataFrame:
    if list(df.columns) != list(like.columns):
        raise InputError([Problem(src, f"the columns of the embedded table {list(like.columns)}",
                                  value=list(df.columns))])  # fmt: skip
    return df.astype(like.dtypes.to_dict())  # the embedded table's types (DTYPES on reading)


def overlay(base: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """``base`` with every (area, year) that ``new`` has taken from ``new``; in
    ``energy_production`` per (area, year, output), so that SCB's electricity production keeps
    the embedded district heating of the same years."""
    keys = ["area_id_scb", "year", *(["output"] if "output" in new.columns else [])]
    covered = pd.MultiIndex.from_frame(new[keys].drop_duplicates())
    keep = ~pd.MultiIndex.from_frame(base[keys]).isin(covered)
    return sort_table(pd.concat([base[keep], new], ignore_index=True))


def _age(prov: dict, now: dt.datetime) -> float:
    retrieved = dt.datetime.fromisoformat(str(prov["retrieved_utc"]).replace("Z", "+00:00"))
    return (now - retrieved).total_seconds() / 86400.0


def refreshed_inputs(folder: str | Path | None = None, base: StrategyInputs | None = None, *,
                     now: Callable[[], dt.datetime] = utc_now
                     ) -> tuple[StrategyInputs, list[Vintage]]:  # fmt: skip
    """The embedded tables (or ``base``) with the cached answers in ``folder`` (default
    ``data/strategy/cache``) laid over them, and what was used.

    Raises :class:`InputError` when the folder holds no strategy answer (naming the command
    that fetches them) or an answer no longer matches its recorded sha256. A stale answer is
    used and reported (its note says how old it is and how to refresh it).
    """
    folder = Path(folder) if folder is not None else cache_folder()
    answers = _answers(folder) if folder.is_dir() else []
    if not answers:
        raise InputError([Problem(str(folder), "answers of 'workbench fetch strategy' (run it "
                                  "first, with the network; the embedded snapshot is used "
                                  "without --refreshed)")],
                         f"{folder}: no refreshed strategy data")  # fmt: skip
    base = base if base is not None else load_inputs()
    tables = {n: getattr(base, n) for n in StrategyInputs.names()}
    vintages = []
    for path, prov in answers:
        name = str(prov["strategy_table"])
        new = _typed(TIDY[prov["strategy_source"]](path, prov), tables[name], str(path))
        tables[name] = overlay(tables[name], new)
        vintage = Vintage(name, prov["strategy_source"], path.name,
                          tuple(sorted(int(y) for y in new["year"].unique())),
                          str(prov["retrieved_utc"]), _age(prov, now()))  # fmt: skip
        if vintage.is_stale:
            log.warning("%s: %s", path, vintage.note())
        vintages.append(vintage)
    return dataclasses.replace(base, **tables), vintages
