"""``workbench fetch strategy --source em-pv``: grid-connected PV per municipality and year from
Energimyndigheten's statistics database (PxWeb v1), table EN0123_1 "Nätanslutna
solcellsanläggningar" (number of installations and installed capacity [MW]).

Request (POST JSON, answer JSON-stat 2.0), the last ``n_years`` years of every region::

    POST https://pxexternal.energimyndigheten.se/api/v1/sv/Energimyndighetens_statistikdatabas/
         Officiell_energistatistik/Natanslutna_solcellsanlaggningar/EN0123_1.px
    {"query": [{"code": "År", "selection": {"filter": "top", "values": ["5"]}}],
     "response": {"format": "json-stat2"}}

The answer is turned into the layout of the published PV file the embedded ``pv_installed`` is
derived from (``kommun_id_scb, kommun, year, n_installations, capacity_mw, source``,
:func:`~workbench.strategy.sources.pv_installed.table_from_cube`), written beside it as
``pv_installed_em.csv`` and read by the same reader,
:func:`~workbench.strategy.sources.pv_installed.read_pv_installed` (the Kolada fetcher does the
same). A missing cell stays empty, never zero.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from workbench.core.download import Request, Source, fetch
from workbench.core.outputs import write_csv
from workbench.strategy.embedded import csv_text
from workbench.strategy.fetch_common import (
    MAX_AGE_DAYS,
    StrategyFetch,
    answer_check,
    cache_folder,
    fetch_kwargs,
)
from workbench.strategy.sources import jsonstat
from workbench.strategy.sources.pv_installed import EM_SOURCE, read_pv_installed, table_from_cube

URL = ("https://pxexternal.energimyndigheten.se/api/v1/sv/Energimyndighetens_statistikdatabas/"
       "Officiell_energistatistik/Natanslutna_solcellsanlaggningar/EN0123_1.px")  # fmt: skip
LICENCE = ("Källa: Energimyndigheten, Nätanslutna solcellsanläggningar (EN0123); official "
           "statistics, free to reuse with the source given")  # fmt: skip
TABLE = "pv_installed"
N_YEARS = 5
EXPECTED = ("a JSON-stat 2.0 dataset with the dimensions region, år and one measure whose "
            "categories are the number of installations ('antal') and the capacity in MW "
            "('effekt', 'MW') (Energimyndigheten EN0123_1)")  # fmt: skip


def request(n_years: int = N_YEARS) -> Request:
    body = {"query": [{"code": "År", "selection": {"filter": "top", "values": [str(n_years)]}}],
            "response": {"format": "json-stat2"}}  # fmt: skip
    return Request(URL, f"Energimyndigheten EN0123_1 grid-connected PV, last {n_years} years",
                   method="POST", json_body=json.dumps(body, ensure_ascii=False))  # fmt: skip


def published_layout(path: str | Path, source: str = EM_SOURCE) -> pd.DataFrame:
    """The answer as the published PV file's columns (Norrbotten's municipalities)."""
    return table_from_cube(jsonstat.read(path), str(path), source)


def read_answer(path: str | Path, source: str = EM_SOURCE) -> pd.DataFrame:
    """The answer read by the embedded path's reader (through the published layout's CSV)."""
    return read_pv_installed(io.StringIO(csv_text(published_layout(path, source))), str(path))


def _facts(path: Path) -> dict:
    df = read_answer(path)
    return {"years": sorted(int(y) for y in df["year"].unique()),
            "n_values": int(df["capacity_mw"].notna().sum())}  # fmt: skip


def tidy(path: Path, provenance: dict) -> pd.DataFrame:
    """The cached answer in the embedded ``pv_installed`` layout."""
    day = str(provenance.get("retrieved_utc", ""))[:10]
    return read_answer(path, f"{EM_SOURCE} (uttag {day})")


def fetch_pv_by_year(n_years: int = N_YEARS, folder: str | Path | None = None, *,
                     refresh: bool = False, transport=None, retry=None,
                     now=None) -> StrategyFetch:  # fmt: skip
    """Installed grid-connected PV (count, MW) of the 14 municipalities, the last ``n_years``.

    Writes ``<folder>/em_en0123_1.json`` (+ provenance) and ``pv_installed_em.csv`` in the
    published layout, read back with the embedded path's reader.
    """
    folder = Path(folder) if folder is not None else cache_folder()
    req = request(n_years)
    check = answer_check(req.description, "json", EXPECTED, URL, _facts)
    source = Source(req, check, LICENCE, MAX_AGE_DAYS,
                    extra={"data_set": "Energimyndigheten EN0123_1", "strategy_source": "em-pv",
                           "strategy_table": TABLE})  # fmt: skip
    got = fetch(source, folder / "em_en0123_1.json", **fetch_kwargs(refresh, transport, retry, now))
    day = str(got.provenance.get("retrieved_utc", ""))[:10]
    path = write_csv(folder / "pv_installed_em.csv",
                     published_layout(got.path, f"{EM_SOURCE} (uttag {day})"))  # fmt: skip
    return StrategyFetch(got, path, read_pv_installed(path))
