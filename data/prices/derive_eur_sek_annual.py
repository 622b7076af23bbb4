"""Derive ``data/prices/eur_sek_annual.csv``: annual mean EUR/SEK rate from ECB reference rates.

Run from the repository root with the ECB history file (``eurofxref-hist.csv``, the ECB's
daily euro foreign exchange reference rates since 1999, published at
https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/)::

    .venv/bin/python data/prices/derive_eur_sek_annual.py path/to/eurofxref-hist.csv

The rate of a year is the arithmetic mean of that year's daily ECB reference rates (SEK per
EUR, 4 decimals), the way the ECB computes its annual averages. The table holds the years of
the SE1 price files (2016–2024) and records how many daily fixings each mean uses.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "eur_sek_annual.csv"
YEARS = range(2016, 2025)
SOURCE = "ECB euro foreign exchange reference rates, SEK per EUR: mean of the year's daily fixings"


def annual_means(path: Path) -> tuple[dict[int, tuple[float, int]], str]:
    """Mean SEK per EUR and number of fixings per calendar year; the file's last fixing date."""
    by_year: dict[int, list[float]] = {}
    last = ""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "SEK" not in reader.fieldnames:
            raise ValueError(f"{path}: expected an ECB eurofxref-hist.csv with a 'SEK' column")
        for row_no, row in enumerate(reader, start=2):
            value = (row["SEK"] or "").strip()
            if value in ("", "N/A"):
                continue
            try:
                by_year.setdefault(int(row["Date"][:4]), []).append(float(value))
                last = max(last, row["Date"])
            except ValueError:
                raise ValueError(
                    f"{path}, row {row_no}, column 'SEK': value {value!r}: expected a number"
                ) from None
    return {y: (round(sum(v) / len(v), 4), len(v)) for y, v in by_year.items()}, last


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: derive_eur_sek_annual.py path/to/eurofxref-hist.csv")
    path = Path(argv[0])
    means, last = annual_means(path)
    missing = [y for y in YEARS if y not in means]
    if missing:
        raise SystemExit(f"{path}: no SEK reference rates for {missing}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    lines = ["year,eur_sek,n_fixings,source"]
    for y in YEARS:
        rate, n = means[y]
        lines.append(
            f'{y},{rate:.4f},{n},"{SOURCE}; eurofxref-hist.csv, last fixing {last}, '
            f'sha256 {digest}"'
        )
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    tmp.replace(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
