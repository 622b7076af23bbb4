"""Hourly SE1 day-ahead electricity prices 2016–2024 (ENTSO-E), UTC, with provenance.

>>> from workbench.reference.prices import se1_hourly, missing_hours
>>> p = se1_hourly(2023)
>>> len(p), str(p.index.tz)
(8760, 'UTC')
>>> round(float(p.mean()), 3)  # SEK/kWh, ECB annual mean rate 11.4788 SEK/EUR
0.459

The table is the project's own derived copy, ``data/prices/se1_day_ahead_hourly.csv.gz``
(``data/prices/derive_se1_prices.py``); units, sources, licence and the exchange rate are in
``data/prices/se1_day_ahead_hourly.meta.yaml`` and travel in ``.attrs``. Missing hours are NaN
and are never filled: :func:`missing_hours` lists them as runs (2024: 2,113 hours from
5 October local time).
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import yaml

from workbench.core.paths import data_path

TABLE_FILE = ("prices", "se1_day_ahead_hourly.csv.gz")
META_FILE = ("prices", "se1_day_ahead_hourly.meta.yaml")
RATES_FILE = ("prices", "eur_sek_annual.csv")
UNITS = {"sek_per_kwh": "price_sek_per_kwh", "eur_per_mwh": "price_eur_per_mwh"}


@cache
def _table() -> pd.DataFrame:
    df = pd.read_csv(data_path(*TABLE_FILE), encoding="utf-8")
    df["time_utc"] = pd.to_datetime(df["time_utc"], format="%Y-%m-%dT%H:%MZ", utc=True)
    return df


@cache
def _meta() -> dict:
    with open(data_path(*META_FILE), encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def _rates() -> pd.DataFrame:
    return pd.read_csv(data_path(*RATES_FILE), encoding="utf-8").set_index("year")


def available_years() -> list[int]:
    """Years with hourly SE1 prices in the table."""
    return sorted(int(y) for y in _table()["year"].unique())


def se1_hourly(year: int, unit: str = "sek_per_kwh") -> pd.Series:
    """Hourly SE1 day-ahead prices of one delivery year (Europe/Stockholm calendar year).

    Parameters
    ----------
    year
        Delivery year, one of :func:`available_years` (2016–2024).
    unit
        ``"sek_per_kwh"`` [SEK kWh-1] (ECB annual mean rate of the year) or ``"eur_per_mwh"``
        [EUR MWh-1] as published.

    Returns
    -------
    pandas.Series
        Indexed by the UTC start of each hour (``time_utc``, gap-free, 8760 or 8784 hours),
        named ``price_sek_per_kwh`` or ``price_eur_per_mwh``, NaN where the price is missing.
        ``.attrs``: ``year``, ``unit``, ``source``, ``licence``, ``eur_sek`` and
        ``eur_sek_source`` (the rate used), ``n_hours``, ``n_missing``, ``missing_runs``
        (list of ``{"start_utc", "end_utc", "n_hours"}``), ``table`` (file) and ``method``.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}, got {unit!r}")
    years = available_years()
    if year not in years:
        raise KeyError(
            f"no hourly SE1 prices for {year!r} in data/prices/{TABLE_FILE[1]}; "
            f"available years: {years[0]}–{years[-1]}"
        )
    df = _table()
    rows = df[df["year"] == year]
    column = UNITS[unit]
    series = pd.Series(
        rows[column].to_numpy(dtype=float),
        index=pd.DatetimeIndex(rows["time_utc"], name="time_utc"),
        name=column,
    )
    meta = _meta()
    rate = _rates().loc[year]
    runs = missing_hours(series)
    series.attrs = {
        "year": int(year),
        "unit": meta["columns"][column]["unit"],
        "source": " ".join(meta["source"].split()),
        "licence": " ".join(meta["licence"].split()),
        "eur_sek": float(rate["eur_sek"]),
        "eur_sek_source": str(rate["source"]),
        "n_hours": int(len(series)),
        "n_missing": int(series.isna().sum()),
        "missing_runs": [
            {
                "start_utc": r.start_utc.isoformat(),
                "end_utc": r.end_utc.isoformat(),
                "n_hours": int(r.n_hours),
            }
            for r in runs.itertuples()
        ],  # fmt: skip
        "table": "data/prices/" + TABLE_FILE[1],
        "method": {k: " ".join(v.split()) for k, v in meta["method"].items()},
    }
    return series


def missing_hours(series: pd.Series) -> pd.DataFrame:
    """Runs of consecutive missing hours: ``start_utc``, ``end_utc`` (last missing hour), ``n_hours``."""
    isna = series.isna().to_numpy()
    columns = ["start_utc", "end_utc", "n_hours"]
    if not isna.any():
        return pd.DataFrame(columns=columns)
    run_id = (pd.Series(isna) != pd.Series(isna).shift()).cumsum().to_numpy()
    frame = pd.DataFrame({"t": series.index, "na": isna, "run": run_id})
    gaps = frame[frame["na"]].groupby("run")["t"].agg(["first", "last", "size"])
    gaps.columns = columns
    return gaps.reset_index(drop=True)
