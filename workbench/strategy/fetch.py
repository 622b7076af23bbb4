"""``workbench fetch strategy``: refresh the embedded strategy snapshot from the public services.

Never part of the default job (offline first): the embedded tables under ``data/strategy`` stay
what the demo and the tests use. A fetch writes the service's answer into a cache beside them,
``data/strategy/cache/`` (git-ignored), with ``<file>.provenance.yaml`` (request, time UTC,
sha256, licence) through :func:`workbench.core.download.fetch`, then converts it to the layout
of the published file the embedded table was derived from, so that the *same reader* reads it.

Sources (one module each, sharing :mod:`~workbench.strategy.fetch_common`):

- **RUS**, the national emissions database: :mod:`~workbench.strategy.fetch_rus`;
- **SCB** TAB3654, final energy use 2021 onwards, and TAB3451, electricity production by
  production type 2021 onwards (``scb-production``): :mod:`~workbench.strategy.fetch_scb`;
- **Energimyndigheten** EN0123_1, grid-connected PV per year: :mod:`~workbench.strategy.fetch_em`;
- **Kolada** (RKA, open data, CC0): KPIs N45974 (grid-connected PV installations, number) and
  N45970 (installed capacity, MW) from Energimyndigheten table EN0123, for the 14
  municipalities, read by :func:`~workbench.strategy.sources.pv_installed.
  read_pv_installed` like the embedded snapshot. API: ``https://api.kolada.se/v2/data/kpi/
  <kpis>/municipality/<ids>/year/<years>``, JSON ``{"count", "values": [{"kpi",
  "municipality", "period", "values": [{"gender", "status", "value"}]}]}``.

:func:`fetch_strategy` runs one source or all; :mod:`~workbench.strategy.refresh` lets a
strategy run use what is in the cache instead of the embedded snapshot.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from workbench.core.download import DownloadError, Request, Source, fetch
from workbench.core.outputs import write_csv
from workbench.reference import kommuner
from workbench.strategy.embedded import csv_text
from workbench.strategy.fetch_common import MAX_AGE_DAYS, StrategyFetch, cache_folder, fetch_kwargs
from workbench.strategy.fetch_em import fetch_pv_by_year
from workbench.strategy.fetch_rus import fetch_rus_co2, fetch_rus_ggt
from workbench.strategy.fetch_scb import fetch_energy_final_use, fetch_energy_production
from workbench.strategy.sources.pv_installed import read_pv_installed

KOLADA = "https://api.kolada.se/v2/data/kpi/{kpis}/municipality/{ids}/year/{years}"
KOLADA_LICENCE = (
    "Kolada (RKA), open data CC0; Energimyndigheten EN0123, Nätanslutna solcellsanläggningar"
)
PV_KPIS = {"N45974": "n_installations", "N45970": "capacity_mw"}
SOURCES = ("rus", "scb-energy", "scb-production", "em-pv", "kolada")
__all__ = ["MAX_AGE_DAYS", "SOURCES", "StrategyFetch", "cache_folder", "fetch_pv_installed",
           "fetch_strategy", "kolada_request", "kolada_rows", "pv_table"]  # fmt: skip


def kolada_request(year: int) -> Request:
    """The Kolada request for the PV KPIs of the 14 municipalities in ``year`` (no county: the
    embedded table has none, as the published sum lacks Arvidsjaur)."""
    ids = [k.kommun_id_scb for k in kommuner.all_kommuner()]
    url = KOLADA.format(kpis=",".join(PV_KPIS), ids=",".join(ids), years=year)
    return Request(url, f"Kolada N45974/N45970 (grid-connected PV) {year}, Norrbotten")


def _format_error(path: Path, what: str) -> DownloadError:
    return DownloadError(
        f"Kolada PV KPIs ({path.name})",
        f"the answer is not in Kolada's v2 format: {what}",
        "Kolada v2 JSON {'values': [{'kpi', 'municipality', 'period', 'values': [{'gender', "
        "'value'}]}]}; the service may have changed: check https://api.kolada.se/v2 and "
        "workbench/strategy/fetch.py",
    )


def kolada_rows(path: Path) -> list[dict]:
    """``(kpi, municipality, period, value)`` rows of a Kolada v2 answer (gender ``T``).

    Raises :class:`DownloadError` naming what is not as expected when the format changed.
    """
    try:
        answer = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _format_error(path, f"not JSON ({exc})") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("values"), list):
        raise _format_error(path, "no list 'values' at the top level")
    rows = []
    for i, item in enumerate(answer["values"]):
        keys = {"kpi", "municipality", "period", "values"}
        if not isinstance(item, dict) or not keys <= set(item):
            raise _format_error(path, f"entry {i} lacks {sorted(keys - set(item or {}))}")
        total = [v for v in item["values"] if isinstance(v, dict) and v.get("gender") == "T"]
        if len(total) != 1 or "value" not in total[0]:
            raise _format_error(path, f"entry {i} has no single gender 'T' value")
        rows.append({"kpi": item["kpi"], "municipality": str(item["municipality"]),
                     "period": int(item["period"]), "value": total[0]["value"]})  # fmt: skip
    return rows


def _check(year: int):
    def check(path: Path) -> dict:
        rows = kolada_rows(path)
        found = {r["kpi"] for r in rows if r["period"] == year}
        if not found:
            raise _format_error(path, f"no value for {year} (the year may not be published yet)")
        return {"n_values": len(rows), "kpis": sorted(found)}

    return check


def pv_table(rows: list[dict], year: int) -> pd.DataFrame:
    """The Kolada rows in the layout of the published PV file (``kommun_id_scb, kommun, year,
    n_installations, capacity_mw, source``); a municipality without a value gets an empty cell
    (missing, never zero)."""
    wide: dict[str, dict] = {}
    for r in rows:
        if r["period"] == year and r["kpi"] in PV_KPIS:
            wide.setdefault(r["municipality"], {})[PV_KPIS[r["kpi"]]] = r["value"]
    out = []
    for code, name in ((k.kommun_id_scb, k.name) for k in kommuner.all_kommuner()):
        got = wide.get(code, {})
        out.append({"kommun_id_scb": code, "kommun": name, "year": year,
                    "n_installations": got.get("n_installations"),
                    "capacity_mw": got.get("capacity_mw"),
                    "source": "Kolada N45974/N45970 (Energimyndigheten EN0123)"})  # fmt: skip
    return pd.DataFrame(out).astype({"n_installations": "Int64"})


def kolada_tidy(path: Path, provenance: dict) -> pd.DataFrame:
    """A cached Kolada answer in the embedded ``pv_installed`` layout."""
    year = int(provenance["year"])
    day = str(provenance.get("retrieved_utc", ""))[:10]
    table = pv_table(kolada_rows(path), year)
    table["source"] = f"{table['source'].iloc[0]} (uttag {day})"
    return read_pv_installed(io.StringIO(csv_text(table)), str(path))


def fetch_pv_installed(year: int = 2025, folder: str | Path | None = None, *,
                       refresh: bool = False, transport=None, retry=None,
                       now=None) -> StrategyFetch:  # fmt: skip
    """Installed grid-connected PV of the 14 municipalities and the county from Kolada.

    Writes ``<folder>/kolada_pv_<year>.json`` (+ provenance) and ``pv_installed_<year>.csv`` in
    the published layout, read back with the embedded path's reader. ``transport``/``retry``
    are replaced in tests (no test touches the network).
    """
    folder = Path(folder) if folder is not None else cache_folder()
    source = Source(kolada_request(year), _check(year), KOLADA_LICENCE, MAX_AGE_DAYS,
                    extra={"data_set": "Kolada N45974, N45970", "year": year,
                           "strategy_source": "kolada", "strategy_table": "pv_installed"})  # fmt: skip
    kwargs = fetch_kwargs(refresh, transport, retry, now)
    got = fetch(source, folder / f"kolada_pv_{year}.json", **kwargs)
    path = write_csv(folder / f"pv_installed_{year}.csv", pv_table(kolada_rows(got.path), year))
    return StrategyFetch(got, path, read_pv_installed(path))


def fetch_strategy(source: str = "all", folder: str | Path | None = None, *, year: int = 2025,
                   energy_years: list[int] | None = None, pv_years: int = 5,
                   refresh: bool = False, transport=None, retry=None,
                   now=None) -> dict[str, StrategyFetch]:  # fmt: skip
    """Fetch one source (:data:`SOURCES`) or ``"all"`` into the cache; ``year`` is Kolada's
    statistics year, ``energy_years`` SCB's (both tables; default 2021–2024), ``pv_years`` how many of
    Energimyndigheten's latest years. ``"rus"`` gives two answers: ``"rus-ggt"`` (greenhouse
    gases by main sector) and ``"rus"`` (CO2 by sub-sector)."""
    if source != "all" and source not in SOURCES:
        raise DownloadError(f"strategy source {source!r}", "unknown source",
                            f"one of {', '.join(SOURCES)} or all")  # fmt: skip
    kw = {"refresh": refresh, "transport": transport, "retry": retry, "now": now}
    run = {
        "rus": lambda: {"rus-ggt": fetch_rus_ggt(folder, **kw), "rus": fetch_rus_co2(folder, **kw)},
        "scb-energy": lambda: {"scb-energy": fetch_energy_final_use(energy_years, folder, **kw)},
        "scb-production": lambda: {
            "scb-production": fetch_energy_production(energy_years, folder, **kw)
        },
        "em-pv": lambda: {"em-pv": fetch_pv_by_year(pv_years, folder, **kw)},
        "kolada": lambda: {"kolada": fetch_pv_installed(year, folder, **kw)},
    }
    out = {}
    for name in SOURCES if source == "all" else (source,):
        out |= run[name]()
    return out
