"""Life-cycle cost (LCC/TCO) arithmetic in the style of Upphandlingsmyndigheten's LCC calculators.

All amounts are real (fixed prices of the price year) [SEK], discounted with a real
rate [%/year]. An LCC is investment + present value of yearly operating costs −
present value of the residual value at the end of the period
(https://www.upphandlingsmyndigheten.se/omraden/lcc/lcc-kalkyler/parametrar/).

In the year-by-year fleet plan a vehicle's investment appears as its equivalent
annual cost (EAC = price × capital recovery factor over its economic life), so
leased and owned vehicles are comparable and no residual value is left at the
horizon's end; the present value of the EAC stream over the life equals the price.
"""

from __future__ import annotations

import numpy as np


def capital_recovery_factor(rate_pct, years) -> np.ndarray:
    """Annuity factor ``r / (1 − (1 + r)^−n)``; ``1/n`` at ``r = 0`` [1/year].

    Parameters
    ----------
    rate_pct : array_like
        Real discount rate [%/year].
    years : array_like
        Economic life [years], > 0.
    """
    r = np.asarray(rate_pct, dtype=float) / 100.0
    n = np.asarray(years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = np.where(r > 0, r / (1.0 - (1.0 + r) ** (-n)), 1.0 / n)
    return crf


def equivalent_annual_cost(investment_sek, rate_pct, years) -> np.ndarray:
    """Equivalent annual cost of an investment over its life [SEK/year]."""
    return np.asarray(investment_sek, dtype=float) * capital_recovery_factor(rate_pct, years)


def discount_factor(rate_pct, years_from_base) -> np.ndarray:
    """Present-value factor ``(1 + r)^−t`` for costs ``t`` years after the base year [-]."""
    r = np.asarray(rate_pct, dtype=float) / 100.0
    return (1.0 + r) ** (-np.asarray(years_from_base, dtype=float))


def lcc(investment_sek, annual_costs_sek, rate_pct: float, residual_sek: float = 0.0) -> float:
    """Life-cycle cost of one alternative [SEK].

    Parameters
    ----------
    investment_sek : float
        Purchase price paid at the start (year 0) [SEK].
    annual_costs_sek : array_like
        Operating costs (energy, maintenance, monetised emissions) of years 1..n [SEK].
    rate_pct : float
        Real discount rate [%/year].
    residual_sek : float
        Residual value at the end of year n [SEK].
    """
    costs = np.atleast_1d(np.asarray(annual_costs_sek, dtype=float))
    t = np.arange(1, len(costs) + 1)
    pv = float((costs * discount_factor(rate_pct, t)).sum())
    return (
        float(investment_sek)
        + pv
        - float(residual_sek) * float(discount_factor(rate_pct, len(costs)))
    )
