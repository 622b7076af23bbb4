"""Limits on a year's replacements: how many vehicles, how much investment, and early replacement.

The scenario may cap the replacements of a year (``max_replacements_per_year``, per class
``max_replacements_per_year_by_class``) and the purchase investment in owned replacement vehicles
(``investment_cap_sek_per_year``; leases are operating costs and do not count). When a cap binds,
the vehicles that do not fit wait: they stay in use as they are and are due again next year,
ahead of the vehicles that fall due then.

Order of the queue (:func:`priority`): the most overdue first (earliest due year), then the
largest cut of fossil tailpipe CO2 that the replacement brings, then register order. A vehicle
is taken when it fits every limit still open (:func:`select`); one that does not fit is skipped,
so a cheaper vehicle further down the queue may still use the remaining investment, and the
skipped one moves up the queue next year.

Early replacement (``allow_early_replacement``): once the due vehicles are handled, room left
under the limits is used for vehicles due within ``early_replacement_max_years`` whose
replacement cuts fossil CO2, the soonest due and largest cut first. Without any limit, every
such vehicle is replaced as soon as it is within that window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.config.fleet import FleetConfig
from workbench.fleet.register import CLASSES

NO_LIMIT = np.iinfo(np.int64).max
# why a due vehicle waited (codes in the replacement history)
WAIT_NONE, WAIT_CLASS, WAIT_TOTAL, WAIT_INVESTMENT = 0, 1, 2, 3
WAIT_REASONS = {WAIT_CLASS: "class_cap", WAIT_TOTAL: "total_cap", WAIT_INVESTMENT: "investment_cap"}


@dataclass(frozen=True)
class Limits:
    """The scenario's limits on one year's replacements."""

    total: int  # vehicles per year (NO_LIMIT: none)
    by_class: np.ndarray  # vehicles per year per class code (NO_LIMIT: none)
    investment_sek: float  # purchase investment per year [SEK] (inf: none)
    early_years: int  # how far ahead a vehicle may be replaced early [years] (0: never)

    @property
    def is_binding_possible(self) -> bool:
        """Whether any count or investment limit is set."""
        return (
            self.total < NO_LIMIT
            or bool((self.by_class < NO_LIMIT).any())
            or np.isfinite(self.investment_sek)
        )


def limits(cfg: FleetConfig) -> Limits | None:
    """The limits of ``cfg``, or ``None`` when the plan is unconstrained (no cap, no early)."""
    by_class = np.array(
        [cfg.max_replacements_per_year_by_class.get(c, NO_LIMIT) for c in CLASSES], dtype=np.int64
    )
    out = Limits(
        total=NO_LIMIT if cfg.max_replacements_per_year is None else cfg.max_replacements_per_year,
        by_class=by_class,
        investment_sek=np.inf
        if cfg.investment_cap_sek_per_year is None
        else float(cfg.investment_cap_sek_per_year),
        early_years=cfg.early_replacement_max_years if cfg.allow_early_replacement else 0,
    )
    return out if out.is_binding_possible or out.early_years else None


def unconstrained(cfg: FleetConfig) -> FleetConfig:
    """``cfg`` without caps and without early replacement (the plan the limits are measured by)."""
    return cfg.model_copy(
        update={
            "max_replacements_per_year": None,
            "max_replacements_per_year_by_class": {},
            "investment_cap_sek_per_year": None,
            "allow_early_replacement": False,
        }
    )


def priority(due_year: np.ndarray, fossil_cut_g: np.ndarray) -> np.ndarray:
    """Queue order: earliest due year, then largest fossil-CO2 cut [g/year], then position."""
    return np.lexsort((np.arange(len(due_year)), -fossil_cut_g, due_year))


@dataclass
class Used:
    """What a year's replacements have used of the limits so far."""

    total: int
    by_class: np.ndarray
    investment_sek: float

    @classmethod
    def none(cls) -> Used:
        return cls(0, np.zeros(len(CLASSES), dtype=np.int64), 0.0)


def select(
    cls: np.ndarray, investment_sek: np.ndarray, lim: Limits, used: Used
) -> tuple[np.ndarray, np.ndarray]:
    """Take candidates in the given order while they fit every limit; update ``used``.

    Parameters
    ----------
    cls
        Class code of each candidate, in queue order.
    investment_sek
        Purchase price each replacement would invest [SEK] (0 for a leased replacement).
    lim, used
        The limits and what earlier replacements of the year used of them (updated).

    Returns
    -------
    taken, reason
        Whether each candidate is replaced, and for the others the limit that kept it
        waiting (``WAIT_*`` codes; the first limit checked: class, total, investment).
    """
    n = len(cls)
    taken = np.zeros(n, dtype=bool)
    reason = np.zeros(n, dtype=np.int8)
    by_class = used.by_class
    for i, (c, price) in enumerate(zip(cls.tolist(), investment_sek.tolist(), strict=True)):
        if by_class[c] >= lim.by_class[c]:
            reason[i] = WAIT_CLASS
        elif used.total >= lim.total:
            reason[i] = WAIT_TOTAL
        elif price > 0 and used.investment_sek + price > lim.investment_sek:
            reason[i] = WAIT_INVESTMENT
        else:
            taken[i] = True
            by_class[c] += 1
            used.total += 1
            used.investment_sek += price
    return taken, reason
