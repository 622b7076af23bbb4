"""Derive ``data/prices/se1_day_ahead_hourly.csv.gz``: hourly SE1 day-ahead prices, UTC, EUR and SEK.

Run from the repository root with the reference data beside the checkout::

    .venv/bin/python data/prices/derive_se1_prices.py

Input: ``../shared/data/prices/SE1_<year>_entsoe.csv`` for 2016–2024 (ENTSO-E Transparency
Platform day-ahead prices, bidding zone SE1, EUR/MWh, one row per hour labelled in CET/CEST;
``../shared/data/prices/SOURCES.md``) and ``data/prices/eur_sek_annual.csv`` (ECB annual mean
EUR/SEK rate; ``derive_eur_sek_annual.py``).

Method (also in ``se1_day_ahead_hourly.meta.yaml``):

* **Time.** The start of each row's delivery period (``"31.03.2024 01:00 - ..."``) is local
  Europe/Stockholm time. The spring DST day has 24 rows in the files but only 23 hours: the row
  labelled 02:00, an hour that does not exist locally, must have an empty price and is dropped
  (a price there is an error). The autumn DST day has 25 rows with 02:00 twice: the first is
  CEST (UTC+2), the second CET (UTC+1). Every hour is stored as its UTC start time, so a year
  is a gap-free hourly UTC index (8760 or 8784 hours) starting at 23:00 UTC on 31 December of
  the year before.
* **Missing prices.** ``n/e`` and empty cells on real hours are missing and stay missing (an
  empty cell in the table); nothing is filled. 2024 has 2,113 such hours (5 October–31
  December 2024); the 2,114 empty cells counted in ``SOURCES.md`` include the non-existent
  spring hour.
* **SEK.** ``price_sek_per_kwh = price_eur_per_mwh × eur_sek(year) / 1000`` with the ECB
  annual mean rate of the delivery year (local calendar year), rounded to 6 decimals.
* **Checks.** Every row's time label, price and currency are checked; all problems are
  collected and reported with file, row (line number, header = 1), column and value.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED_PRICES = REPO.parent / "shared" / "data" / "prices"
RATES = HERE / "eur_sek_annual.csv"
OUT = HERE / "se1_day_ahead_hourly.csv.gz"
YEARS = range(2016, 2025)
TZ = "Europe/Stockholm"
TIME_COL = "MTU (CET/CEST)"
PRICE_COL = "Day-ahead Price [EUR/MWh]"
CURRENCY_COL = "Currency"
MISSING_CODES = ("n/e", "")
COLUMNS = ["year", "time_utc", "price_eur_per_mwh", "price_sek_per_kwh"]


class PriceFileError(ValueError):
    """Problems in a price file, each naming file, row, column, value and what was expected."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:50] + (
            [f"... and {len(problems) - 50} more"] if len(problems) > 50 else []
        )
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in shown))


def source_file(year: int, folder: Path = SHARED_PRICES) -> Path:
    return folder / f"SE1_{year}_entsoe.csv"


def read_year(path: Path, year: int) -> pd.DataFrame:
    """One ENTSO-E SE1 file as ``time_utc`` (UTC start of hour) and ``price_eur_per_mwh``.

    Rows in file order; missing prices are NaN; the non-existent spring DST hour is dropped.
    """
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    problems: list[str] = []
    for col in (TIME_COL, PRICE_COL, CURRENCY_COL):
        if col not in header:
            problems.append(f"{path}, row 1: column {col!r} missing; found {header}")
    if problems:
        raise PriceFileError(problems)
    it, ip, ic = header.index(TIME_COL), header.index(PRICE_COL), header.index(CURRENCY_COL)
    width = max(it, ip, ic) + 1
    body = [row + [""] * (width - len(row)) for row in body]
    labels = pd.Series([row[it] for row in body])
    raw = pd.Series([row[ip].strip() for row in body])
    currency = pd.Series([row[ic].strip() for row in body])
    line_no = pd.Series(range(2, len(body) + 2))
    start = pd.to_datetime(labels.str.slice(0, 16), format="%d.%m.%Y %H:%M", errors="coerce")
    bad_time = start.isna() | ~labels.str.contains(" - ", regex=False)
    for k in bad_time[bad_time].index:
        problems.append(
            f"{path}, row {line_no[k]}, column {TIME_COL!r}: value {labels[k]!r}: expected "
            "'DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM'"
        )
    price = pd.to_numeric(raw, errors="coerce")
    bad_price = price.isna() & ~raw.isin(MISSING_CODES)
    for k in bad_price[bad_price].index:
        problems.append(
            f"{path}, row {line_no[k]}, column {PRICE_COL!r}: value {raw[k]!r}: expected a "
            "price in EUR/MWh, 'n/e' or empty"
        )
    bad_cur = price.notna() & (currency != "EUR")
    for k in bad_cur[bad_cur].index:
        problems.append(
            f"{path}, row {line_no[k]}, column {CURRENCY_COL!r}: value {currency[k]!r}: "
            "expected 'EUR' for a row with a price"
        )
    ok = ~bad_time  # a bad price is reported; its hour still counts for the coverage check
    starts, prices, lines = list(start[ok]), list(price[ok]), list(line_no[ok])
    local = pd.DatetimeIndex(starts)
    exists = _exists_locally(local)
    for k in [i for i, ok in enumerate(exists) if not ok]:
        if not pd.isna(prices[k]):
            problems.append(
                f"{path}, row {lines[k]}, column {PRICE_COL!r}: value {prices[k]!r}: expected no "
                f"price, {local[k]:%Y-%m-%d %H:%M} does not exist in {TZ} (spring DST change)"
            )
    keep = [i for i, ok in enumerate(exists) if ok]
    local = local[keep]
    utc = local.tz_localize(TZ, ambiguous="infer").tz_convert("UTC")
    expected = pd.date_range(
        pd.Timestamp(f"{year}-01-01", tz=TZ), pd.Timestamp(f"{year + 1}-01-01", tz=TZ),
        freq="h", inclusive="left",
    ).tz_convert("UTC")  # fmt: skip
    if not utc.equals(expected):
        extra = utc.difference(expected)
        lacking = expected.difference(utc)
        problems.append(
            f"{path}: expected one row per hour of {year} in {TZ} ({len(expected)} hours); "
            f"{len(lacking)} hour(s) without a row (first {list(lacking[:3])}), "
            f"{len(extra)} row(s) outside the year or duplicated (first {list(extra[:3])})"
        )
    if problems:
        raise PriceFileError(problems)
    return pd.DataFrame({"time_utc": utc, "price_eur_per_mwh": [prices[i] for i in keep]})


def _exists_locally(local: pd.DatetimeIndex) -> list[bool]:
    """False for wall-clock times that the spring DST change skips in Europe/Stockholm."""
    probe = local.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    ambiguous = local.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward")
    return [not (pd.isna(p) and not pd.isna(a)) for p, a in zip(probe, ambiguous, strict=True)]


def read_rates(path: Path = RATES) -> dict[int, float]:
    """ECB annual mean SEK per EUR by year, from ``eur_sek_annual.csv``."""
    df = pd.read_csv(path)
    return dict(zip(df["year"].astype(int), df["eur_sek"].astype(float), strict=True))


def derive(folder: Path = SHARED_PRICES, rates_path: Path = RATES) -> pd.DataFrame:
    """The tidy table (columns :data:`COLUMNS`) for 2016–2024 from the ENTSO-E files."""
    rates = read_rates(rates_path)
    parts, problems = [], []
    for year in YEARS:
        if year not in rates:
            problems.append(f"{rates_path}: no EUR/SEK rate for {year}")
            continue
        try:
            df = read_year(source_file(year, folder), year)
        except PriceFileError as exc:
            problems.extend(exc.problems)
            continue
        df.insert(0, "year", year)
        df["price_sek_per_kwh"] = (df["price_eur_per_mwh"] * rates[year] / 1000.0).round(6)
        parts.append(df)
    if problems:
        raise PriceFileError(problems)
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """Deterministic gzip-compressed CSV (no timestamp in the gzip header)."""
    out = table.copy()
    out["time_utc"] = out["time_utc"].dt.strftime("%Y-%m-%dT%H:%MZ")
    text = out.to_csv(index=False, lineterminator="\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main() -> None:
    table = derive()
    tmp = OUT.with_name(f".{OUT.name}.tmp")
    tmp.write_bytes(to_csv_bytes(table))
    tmp.replace(OUT)
    missing = table["price_eur_per_mwh"].isna().groupby(table["year"]).sum()
    print(f"wrote {OUT}: {len(table)} hours; missing per year {missing[missing > 0].to_dict()}")


if __name__ == "__main__":
    main()
