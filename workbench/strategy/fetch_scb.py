"""``workbench fetch strategy --source scb-energy``: final energy use per municipality from 2021
(SCB table TAB3654, "Slutanvändning (MWh), efter län och kommun, förbrukarkategori samt
bränsletyp"), the continuation of the EN0203AE exports the embedded ``energy_final_use`` is
derived from (2009–2020 in ``../shared``).

SCB's PxWeb API v2 is asked with a POST JSON selection and answers in JSON-stat 2.0::

    POST https://statistikdatabasen.scb.se/api/v2/tables/TAB3654/data?lang=sv&outputFormat=json-stat2
    {"selection": [{"variableCode": "Region", "valueCodes": ["2505", ..., "2584", "25"]},
                   {"variableCode": "Forbrukningskategri", "valueCodes": ["*"]},
                   {"variableCode": "Bransle", "valueCodes": ["*"]},
                   {"variableCode": "ContentsCode", "valueCodes": ["EN0203AE"]},
                   {"variableCode": "Tid", "valueCodes": ["2021", "2022", ...]}]}

The answer is turned into the rows of the CSV download
(:func:`~workbench.strategy.sources.energibalans.lines_from_cube`: region ``"2580 Luleå"``,
category and fuel labels, one cell per year, ``..`` where suppressed) and read by the same
function as the embedded path, :func:`~workbench.strategy.sources.energibalans.
parse_energibalans` (labels mapped, ``..`` missing and never zero, totals checked against their
parts). Dimensions are found by code or label, so ``förbrukarkategori`` and
``Forbrukningskategri`` both work; a renamed or extra dimension is named in the error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from workbench.core.download import Request, Source, fetch
from workbench.strategy.derive import sort_table
from workbench.strategy.fetch_common import (
    MAX_AGE_DAYS,
    StrategyFetch,
    answer_check,
    cache_folder,
    fetch_kwargs,
)
from workbench.strategy.sources import jsonstat
from workbench.strategy.sources.common import area_codes
from workbench.strategy.sources.energibalans import lines_from_cube, parse_energibalans

URL = "https://statistikdatabasen.scb.se/api/v2/tables/TAB3654/data"
TABLE_ID = "TAB3654"
CONTENTS = "EN0203AE"
FIRST_YEAR = 2021  # the year the table's new series starts after the 2009–2020 exports
LICENCE = ("Källa: SCB/Energimyndigheten, Kommunal och regional energistatistik (TAB3654); "
           "official statistics, free to reuse with the source given; processed figures cited as "
           "'bearbetad statistik från SCB/Energimyndigheten'")  # fmt: skip
TABLE = "energy_final_use"
EXPECTED = ("a JSON-stat 2.0 dataset with the dimensions region, förbrukarkategori, bränsletyp, "
            "one content (MWh) and år (SCB TAB3654)")  # fmt: skip


def query(years: list[int]) -> dict:
    """The PxWeb v2 selection: the 14 municipalities and the county, every consumer category
    and fuel, final use [MWh], the ``years``."""
    return {"selection": [
        {"variableCode": "Region", "valueCodes": area_codes()},
        {"variableCode": "Forbrukningskategri", "valueCodes": ["*"]},
        {"variableCode": "Bransle", "valueCodes": ["*"]},
        {"variableCode": "ContentsCode", "valueCodes": [CONTENTS]},
        {"variableCode": "Tid", "valueCodes": [str(y) for y in years]},
    ]}  # fmt: skip


def request(years: list[int]) -> Request:
    return Request(URL, f"SCB {TABLE_ID} final energy use {years[0]}–{years[-1]}, Norrbotten",
                   method="POST", params=(("lang", "sv"), ("outputFormat", "json-stat2")),
                   json_body=json.dumps(query(years), ensure_ascii=False))  # fmt: skip


def read_answer(path: str | Path) -> pd.DataFrame:
    """A TAB3654 JSON-stat 2.0 answer as :func:`parse_energibalans` reads it (the 15 areas)."""
    src = str(path)
    return parse_energibalans(lines_from_cube(jsonstat.read(path), src), src, area_codes())


def _facts(path: Path) -> dict:
    df = read_answer(path)
    return {"years": sorted(int(y) for y in df["year"].unique()), "n_values": len(df),
            "n_missing": int(df["energy_mwh"].isna().sum())}  # fmt: skip


def tidy(path: Path, provenance: dict) -> pd.DataFrame:
    """The cached answer in the embedded ``energy_final_use`` layout."""
    day = str(provenance.get("retrieved_utc", ""))[:10]
    source = f"SCB/Energimyndigheten {TABLE_ID} ({CONTENTS}), bearbetad (uttag {day})"
    return sort_table(read_answer(path).assign(source=source))


def fetch_energy_final_use(years: list[int] | None = None, folder: str | Path | None = None, *,
                           refresh: bool = False, transport=None, retry=None,
                           now=None) -> StrategyFetch:  # fmt: skip
    """Final energy use of the 14 municipalities and the county by consumer category × fuel
    [MWh/year] for ``years`` (default 2021–2024).

    Writes ``<folder>/scb_tab3654_<first>-<last>.json`` (+ provenance) and returns it read by
    the embedded path's parser.
    """
    years = sorted(years or range(FIRST_YEAR, 2025))
    folder = Path(folder) if folder is not None else cache_folder()
    req = request(years)
    check = answer_check(req.description, "json", EXPECTED, URL, _facts)
    source = Source(req, check, LICENCE, MAX_AGE_DAYS,
                    extra={"data_set": f"SCB {TABLE_ID}", "strategy_source": "scb-energy",
                           "strategy_table": TABLE})  # fmt: skip
    path = folder / f"scb_tab3654_{years[0]}-{years[-1]}.json"
    got = fetch(source, path, **fetch_kwargs(refresh, transport, retry, now))
    return StrategyFetch(got, got.path, tidy(got.path, got.provenance))


# --- electricity production: TAB3451 ------------------------------------------------------------
# "Elproduktion och bränsleanvändning (MWh), efter län och kommun, produktionssätt samt
# bränsletyp", 2009 onwards (solkraft from 2021), the continuation of the EN0203AD export the
# embedded ``energy_production`` (output ``el``) is derived from
PRODUCTION_URL = "https://statistikdatabasen.scb.se/api/v2/tables/TAB3451/data"
PRODUCTION_TABLE_ID = "TAB3451"
PRODUCTION_CONTENTS = "EN0203AD"
PRODUCTION_LICENCE = LICENCE.replace(TABLE_ID, PRODUCTION_TABLE_ID)
PRODUCTION_TABLE = "energy_production"
PRODUCTION_EXPECTED = ("a JSON-stat 2.0 dataset with the dimensions region, produktionssätt, "
                       "bränsletyp, one content (MWh) and år (SCB TAB3451, electricity "
                       "production and fuel use)")  # fmt: skip


def production_query(years: list[int]) -> dict:
    """The PxWeb v2 selection: the 14 municipalities and the county, every production type
    and fuel (with the electricity produced, ``Bransle`` 17), [MWh], the ``years``."""
    return {"selection": [
        {"variableCode": "Region", "valueCodes": area_codes()},
        {"variableCode": "Produktionssatt", "valueCodes": ["*"]},
        {"variableCode": "Bransle", "valueCodes": ["*"]},
        {"variableCode": "ContentsCode", "valueCodes": [PRODUCTION_CONTENTS]},
        {"variableCode": "Tid", "valueCodes": [str(y) for y in years]},
    ]}  # fmt: skip


def production_request(years: list[int]) -> Request:
    return Request(PRODUCTION_URL, f"SCB {PRODUCTION_TABLE_ID} electricity production "
                   f"{years[0]}–{years[-1]}, Norrbotten", method="POST",
                   params=(("lang", "sv"), ("outputFormat", "json-stat2")),
                   json_body=json.dumps(production_query(years), ensure_ascii=False))  # fmt: skip


def read_production_answer(path: str | Path) -> pd.DataFrame:
    """A TAB3451 JSON-stat 2.0 answer as :func:`parse_energibalans` reads the EN0203AD export
    (the 15 areas; production type × fuel, ``elproduktion`` the electricity produced)."""
    src = str(path)
    lines = lines_from_cube(jsonstat.read(path), src, kind="production")
    return parse_energibalans(lines, src, area_codes())


def _production_facts(path: Path) -> dict:
    df = read_production_answer(path)
    made = df[(df["carrier"] == "elproduktion") & (df["category"] != "total")]
    return {"years": sorted(int(y) for y in df["year"].unique()), "n_values": len(df),
            "n_missing": int(df["energy_mwh"].isna().sum()),
            "production_types": sorted(made["category"].unique())}  # fmt: skip


def tidy_production(path: Path, provenance: dict) -> pd.DataFrame:
    """The cached answer in the embedded ``energy_production`` layout (output ``el``)."""
    day = str(provenance.get("retrieved_utc", ""))[:10]
    source = (f"SCB/Energimyndigheten {PRODUCTION_TABLE_ID} ({PRODUCTION_CONTENTS}), bearbetad "
              f"(uttag {day})")  # fmt: skip
    df = read_production_answer(path).assign(output="el", source=source)
    return sort_table(df[["area_id_scb", "year", "output", "category", "carrier", "energy_mwh",
                          "status", "source"]])  # fmt: skip


def fetch_energy_production(years: list[int] | None = None, folder: str | Path | None = None, *,
                            refresh: bool = False, transport=None, retry=None,
                            now=None) -> StrategyFetch:  # fmt: skip
    """Electricity production and fuel use of the 14 municipalities and the county by
    production type × fuel [MWh/year] for ``years`` (default 2021–2024).

    Writes ``<folder>/scb_tab3451_<first>-<last>.json`` (+ provenance) and returns it read by
    the embedded path's parser, in the ``energy_production`` layout.
    """
    years = sorted(years or range(FIRST_YEAR, 2025))
    folder = Path(folder) if folder is not None else cache_folder()
    req = production_request(years)
    check = answer_check(req.description, "json", PRODUCTION_EXPECTED, PRODUCTION_URL,
                         _production_facts)  # fmt: skip
    source = Source(req, check, PRODUCTION_LICENCE, MAX_AGE_DAYS,
                    extra={"data_set": f"SCB {PRODUCTION_TABLE_ID}",
                           "strategy_source": "scb-production",
                           "strategy_table": PRODUCTION_TABLE})  # fmt: skip
    path = folder / f"scb_tab3451_{years[0]}-{years[-1]}.json"
    got = fetch(source, path, **fetch_kwargs(refresh, transport, retry, now))
    return StrategyFetch(got, got.path, tidy_production(got.path, got.provenance))
