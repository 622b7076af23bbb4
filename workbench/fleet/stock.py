"""Projection of a municipality's registered car stock by fuel (Trafikanalys fuel names).

A simple stock-flow model per year ``t → t+1`` and fuel ``f``::

    stock[t+1, f] = stock[t, f] · (1 − s) + N · share[t+1, f]

``s`` is the scrappage (exit) rate [1/year], ``N`` the yearly new registrations
(held at the last observed year's total) and ``share`` the new-car fuel shares,
moving linearly from the last observed shares to the target shares in the target
year and constant afterwards. Exits are proportional to the stock of each fuel
(no age structure: old petrol and diesel cars leave at the average rate).
"""

from __future__ import annotations

from typing import get_args

import numpy as np
import pandas as pd

from workbench.config.fleet import CarStockAssumptions, StockFuel
from workbench.fleet.trafikanalys import car_stock

FUELS = list(get_args(StockFuel))


def implied_exit_rate(stock_totals: pd.Series, new_totals: pd.Series) -> float:
    """Mean yearly exit rate implied by observed totals [1/year].

    ``(new[t] − (stock[t] − stock[t−1])) / stock[t−1]`` averaged over the years with
    both values and a preceding year in the data (a gap such as 2022 → 2025 gives no
    rate); it includes scrapping, export and net moves of used cars.

    Parameters
    ----------
    stock_totals, new_totals : pandas.Series
        Cars in traffic at year end and new registrations during the year, by year.
    """
    s = stock_totals.astype(float).sort_index()
    n = new_totals.astype(float).reindex(s.index)
    rate = (n - s.diff()) / s.shift(1)
    consecutive = pd.Series(s.index, index=s.index).diff() == 1  # 2022 -> 2025 is no year step
    rate = rate[consecutive].dropna()
    if rate.empty:
        raise ValueError("need at least two consecutive years of stock and new registrations")
    return float(rate.mean())


def project_car_stock(stock: pd.Series, new_registrations: pd.Series, start_year: int,
                      end_year: int, assumptions: CarStockAssumptions | None = None,
                      exit_rate: float | None = None) -> pd.DataFrame:  # fmt: skip
    """Project the car stock by fuel from ``start_year`` (observed) to ``end_year``.

    Parameters
    ----------
    stock : pandas.Series
        Cars in traffic by fuel at the end of ``start_year`` [vehicles].
    new_registrations : pandas.Series
        New cars by fuel during ``start_year`` [vehicles/year].
    assumptions : CarStockAssumptions, optional
        ``scrappage_pct`` [%/year], ``new_share_target_pct`` [%], ``target_year``
        (default: ``CarStockAssumptions()``).
    exit_rate : float, optional
        Exit rate [1/year] used when ``assumptions.scrappage_pct`` is None (calibrated
        with :func:`implied_exit_rate`); required then.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; one column per fuel plus ``totalt``, ``new_registrations`` and
        ``scrapped`` [vehicles]; the first row is the observed stock.
    """
    cfg = assumptions or CarStockAssumptions()
    fuels = [f for f in FUELS if f in stock.index or f in new_registrations.index]
    s0 = stock.reindex(fuels).fillna(0).to_numpy(dtype=float)
    n0 = new_registrations.reindex(fuels).fillna(0).to_numpy(dtype=float)
    total_new = n0.sum()
    share0 = n0 / total_new if total_new > 0 else np.zeros(len(fuels))
    target = np.array([cfg.new_share_target_pct.get(f, 0.0) for f in fuels]) / 100.0
    if target.sum() > 0:
        target = target / target.sum()
    if cfg.scrappage_pct is not None:
        rate = cfg.scrappage_pct / 100.0
    elif exit_rate is not None:
        rate = float(exit_rate)
    else:
        raise ValueError("scrappage_pct is null: pass exit_rate (implied_exit_rate)")
    years = np.arange(start_year, end_year + 1)
    rows, scrapped, new = [s0], [0.0], [0.0]
    for year in years[1:]:
        span = max(1, cfg.target_year - start_year)
        w = min(1.0, (year - start_year) / span)
        share = (1 - w) * share0 + w * target
        prev = rows[-1]
        rows.append(prev * (1 - rate) + total_new * share)
        scrapped.append(float(prev.sum() * rate))
        new.append(float(total_new))
    out = pd.DataFrame(np.vstack(rows), index=pd.Index(years, name="year"), columns=fuels)
    out["totalt"] = out[fuels].sum(axis=1)
    out["new_registrations"] = new
    out["scrapped"] = scrapped
    return out


def project_from_trafikanalys(df: pd.DataFrame, kommun_id_scb: str, end_year: int,
                              assumptions: CarStockAssumptions | None = None
                              ) -> pd.DataFrame:  # fmt: skip
    """Project one municipality's (or county's) car stock from a :func:`read_folder` table."""
    cfg = assumptions or CarStockAssumptions()
    stock = car_stock(df, kommun_id_scb)
    new = car_stock(df, kommun_id_scb, "personbilar_nyregistrerade")
    last = int(stock.index.max())
    rate = implied_exit_rate(stock["totalt"], new["totalt"])
    fuels = [f for f in FUELS if f in stock.columns]
    out = project_car_stock(stock.loc[last, fuels], new.loc[last, fuels], last, end_year, cfg,
                            exit_rate=rate)  # fmt: skip
    out.attrs["exit_rate"] = rate if cfg.scrappage_pct is None else cfg.scrappage_pct / 100
    return out
