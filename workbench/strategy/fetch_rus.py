"""``workbench fetch strategy --source rus``: greenhouse gases (GGT, t CO2e) and CO2 by sector and
sub-sector from the national emissions database (Nationella emissionsdatabasen, RUS, run by
SMHI for the county administrative boards).

The service's export ``getexcelfile`` answers with the same "Länsrapport" workbook as the
published file the embedded table ``emissions_rus_co2`` is derived from (``rus/
rus_co2_kommuner_1990_2022.xlsx`` in ``../shared``: report name, ``Emissioner av Koldioxid
(CO2)``, ``Enhet: ton/år``, a year row, ``Huvudsektor | Undersektor | Län | Kommun | CO2 …``), so
the cached answer is read by the very same function, :func:`~workbench.strategy.sources.rus.
read_rus_co2`, and reduced by :func:`~workbench.strategy.derive.rus_co2_table` like the
embedded table. Request: ``GET https://nationellaemissionsdatabasen.smhi.se/api/getexcelfile/
?county=25&municipality=0&sub=CO2`` (Norrbotten, all its municipalities; ``county=0`` is the
whole country, the URL Klimatkollen uses).

The greenhouse-gas series the embedded ``emissions_sector`` holds (published via Klimatkollen's
JSON, itself made from this export) is asked with ``sub=GGT``
(:func:`fetch_rus_ggt`) and read by the same RUS reader with the GGT title and unit
(:func:`~workbench.strategy.sources.rus.read_rus_ggt`), then reduced to the main-sector totals
(:func:`~workbench.strategy.derive.ggt_sector_table`). No GGT export is among the published files,
so its title and unit lines ("Emissioner av Växthusgaser …", "Enhet: ton …") are the expected
ones, to be confirmed on the first real fetch (docs/strategy.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.core.download import Request, Source, fetch
from workbench.strategy.derive import ggt_sector_table, rus_co2_table, sort_table
from workbench.strategy.fetch_common import (
    MAX_AGE_DAYS,
    StrategyFetch,
    answer_check,
    cache_folder,
    fetch_kwargs,
)
from workbench.strategy.sources.rus import read_rus_co2, read_rus_ggt

URL = "https://nationellaemissionsdatabasen.smhi.se/api/getexcelfile/"
COUNTY = "25"  # Norrbottens län
LICENCE = ("Källa: Nationella emissionsdatabasen (RUS/SMHI), Länsstyrelserna; official "
           "statistics, free to reuse with the source given")  # fmt: skip
FILE = "rus_co2_lan25.xlsx"
TABLE = "emissions_rus_co2"
EXPECTED = ("the RUS 'Länsrapport' workbook: 'Emissioner av Koldioxid (CO2)', 'Enhet: ton/år', a "
            "year row and a 'Huvudsektor | Undersektor | Län | Kommun' header, one row per "
            "sector × sub-sector × municipality of Norrbottens län")  # fmt: skip


GGT_FILE = "rus_ggt_lan25.xlsx"
GGT_TABLE = "emissions_sector"
GGT_EXPECTED = EXPECTED.replace("Koldioxid (CO2)", "Växthusgaser …").replace("ton/år", "ton …")


def request(sub: str = "CO2") -> Request:
    """The export of ``sub`` (``CO2``, ``GGT``) for Norrbotten's municipalities (every sector
    and sub-sector)."""
    params = (("county", COUNTY), ("municipality", "0"), ("sub", sub))
    what = "CO2" if sub == "CO2" else "greenhouse gases (GGT)"
    return Request(URL, f"RUS {what} by sector and sub-sector, Norrbottens län", params=params)


def _facts(path: Path) -> dict:
    df = read_rus_co2(path)
    return {"years": sorted(int(y) for y in df["year"].unique()), "n_values": len(df)}


def tidy(path: Path, provenance: dict) -> pd.DataFrame:
    """The cached answer in the embedded ``emissions_rus_co2`` layout, its retrieval date in
    every row's ``source``."""
    day = str(provenance.get("retrieved_utc", ""))[:10]
    source = f"Nationella emissionsdatabasen (RUS/SMHI), Länsrapport (uttag {day})"
    return sort_table(rus_co2_table(read_rus_co2(path), source))


def fetch_rus_co2(folder: str | Path | None = None, *, refresh: bool = False, transport=None,
                  retry=None, now=None) -> StrategyFetch:  # fmt: skip
    """CO2 of Norrbotten's municipalities and the county by sector and sub-sector [t/year].

    Writes ``<folder>/rus_co2_lan25.xlsx`` (+ provenance) and returns it read by the embedded
    path's reader. ``transport``/``retry``/``now`` are replaced in tests (no test touches the
    network).
    """
    return _fetch(sub="CO2", file=FILE, expected=EXPECTED, facts=_facts, source_name="rus",
                  table=TABLE, tidy_answer=tidy, folder=folder,
                  kwargs=fetch_kwargs(refresh, transport, retry, now))  # fmt: skip


def _ggt_facts(path: Path) -> dict:
    df = read_rus_ggt(path)
    return {"years": sorted(int(y) for y in df["year"].unique()), "n_values": len(df)}


def tidy_ggt(path: Path, provenance: dict) -> pd.DataFrame:
    """The cached GGT answer in the embedded ``emissions_sector`` layout."""
    day = str(provenance.get("retrieved_utc", ""))[:10]
    source = f"Nationella emissionsdatabasen (RUS/SMHI), växthusgaser (uttag {day})"
    return ggt_sector_table(read_rus_ggt(path), source)


def fetch_rus_ggt(folder: str | Path | None = None, *, refresh: bool = False, transport=None,
                  retry=None, now=None) -> StrategyFetch:  # fmt: skip
    """Greenhouse gases of Norrbotten's municipalities and the county by main sector
    [t CO2e/year]: ``<folder>/rus_ggt_lan25.xlsx`` (+ provenance), read by the RUS reader."""
    return _fetch(sub="GGT", file=GGT_FILE, expected=GGT_EXPECTED, facts=_ggt_facts,
                  source_name="rus-ggt", table=GGT_TABLE, tidy_answer=tidy_ggt, folder=folder,
                  kwargs=fetch_kwargs(refresh, transport, retry, now))  # fmt: skip


def _fetch(*, sub, file, expected, facts, source_name, table, tidy_answer, folder,
           kwargs) -> StrategyFetch:  # fmt: skip
    """One RUS export (``sub`` CO2 or GGT) through the cached download, read by its reader."""
    folder = Path(folder) if folder is not None else cache_folder()
    req = request(sub)
    check = answer_check(req.description, "xlsx", expected, URL, facts)
    source = Source(req, check, LICENCE, MAX_AGE_DAYS,
                    extra={"data_set": f"Nationella emissionsdatabasen, {sub}",
                           "strategy_source": source_name, "strategy_table": table})  # fmt: skip
    got = fetch(source, folder / file, **kwargs)
    return StrategyFetch(got, got.path, tidy_answer(got.path, got.provenance))
