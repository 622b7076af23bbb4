"""Correctly rounded sums by group that do not depend on the order or batching of the rows.

A float64 sum (numpy's pairwise sum, pandas' compensated group sum) depends on the order
and the grouping of its terms, so a table summed in one piece and the same table summed in
batches differ in the last bits. :class:`GroupSums` keeps every sum *exactly* (each float64
is an integer times 2**-1126, accumulated as a Python integer) and rounds once at the end:
the result is the float64 nearest to the exact sum (as :func:`math.fsum`), whatever the
order, the batches or the number of rows. NaN values are skipped, as pandas' ``sum`` does.

Cost: one :func:`numpy.frexp` and two :func:`numpy.bincount` per column and batch.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

#: Every finite float64 is an integer multiple of 2**-1074; with the 53-bit mantissa taken as
#: an integer (``m * 2**53``), the unit is 2**-(1074 + 52) = 2**-1126 at most.
UNIT_EXP = 1126
_HALF = 26  # mantissas are split into 27-bit halves so that bincount's float64 sums stay exact
_MASK = (1 << _HALF) - 1
_MAX_ROWS = 1 << 25  # rows per bincount call (each half < 2**27, so partial sums < 2**52)


def _exact_by_bin(code: np.ndarray, values: np.ndarray, n_codes: int) -> dict[int, int]:
    """Exact sum per code as an integer in units of 2**-UNIT_EXP (codes with rows only)."""
    ok = ~np.isnan(values)
    if not np.isfinite(values[ok]).all():
        raise ValueError("GroupSums: infinite value")
    code, values = code[ok], values[ok]
    out: dict[int, int] = {}
    if not len(values):
        return out
    mantissa, exponent = np.frexp(values)
    m = (mantissa * float(1 << 53)).astype(np.int64)  # exact: |mantissa| in [0.5, 1)
    hi, lo = m >> _HALF, m & _MASK  # m = hi * 2**26 + lo (floor shift, also for negatives)
    e_min = int(exponent.min())
    n_exp = int(exponent.max()) - e_min + 1
    for start in range(0, len(values), _MAX_ROWS):
        part = slice(start, start + _MAX_ROWS)
        idx = code[part].astype(np.int64) * n_exp + (exponent[part] - e_min)
        size = n_codes * n_exp
        s_hi = np.bincount(idx, weights=hi[part], minlength=size)
        s_lo = np.bincount(idx, weights=lo[part], minlength=size)
        for k in np.flatnonzero((s_hi != 0) | (s_lo != 0)):
            c, e = divmod(int(k), n_exp)
            total = (int(s_hi[k]) << _HALF) + int(s_lo[k])
            out[c] = out.get(c, 0) + (total << (e + e_min - 53 + UNIT_EXP))
    return out


class GroupSums:
    """Exact sums of ``columns`` and row counts by the group keys ``by``, over batches."""

    def __init__(self, by: list[str], columns: list[str]):
        self.by, self.columns = list(by), list(columns)
        self.sums: dict[tuple, list[int]] = {}
        self.rows: dict[tuple, int] = {}
        self.dtypes: dict[str, object] = {}  # of the key columns, from the first batch

    def add(self, frame: pd.DataFrame) -> GroupSums:
        """Add the rows of ``frame`` (the ``by`` and ``columns`` columns)."""
        for b in self.by:
            self.dtypes.setdefault(b, frame[b].dtype)
        if frame.empty:
            return self
        codes, groups = _group_codes(frame, self.by)
        counts = np.bincount(codes, minlength=len(groups))
        for g, n in zip(groups, counts, strict=True):
            self.rows[g] = self.rows.get(g, 0) + int(n)
            self.sums.setdefault(g, [0] * len(self.columns))
        for j, col in enumerate(self.columns):
            values = frame[col].to_numpy(dtype=float)
            for c, total in _exact_by_bin(codes, values, len(groups)).items():
                self.sums[groups[c]][j] += total
        return self

    def update(self, other: GroupSums) -> GroupSums:
        """Add the sums of ``other`` (same keys and columns), e.g. from another worker."""
        for g, sums in other.sums.items():
            acc = self.sums.setdefault(g, [0] * len(self.columns))
            for j, v in enumerate(sums):
                acc[j] += v
            self.rows[g] = self.rows.get(g, 0) + other.rows[g]
        for b, d in other.dtypes.items():
            self.dtypes.setdefault(b, d)
        return self

    def merged(self, by: list[str]) -> GroupSums:
        """The same sums by a subset ``by`` of the group keys (exact: integers add)."""
        pos = [self.by.index(b) for b in by]
        out = GroupSums(by, self.columns)
        out.dtypes = {b: self.dtypes[b] for b in by if b in self.dtypes}
        for g, sums in self.sums.items():
            key = tuple(g[p] for p in pos)
            acc = out.sums.setdefault(key, [0] * len(self.columns))
            for j, s in enumerate(sums):
                acc[j] += s
            out.rows[key] = out.rows.get(key, 0) + self.rows[g]
        return out

    def total(self, column: str) -> float:
        """Correctly rounded sum of ``column`` over every group (0.0 without rows)."""
        j = self.columns.index(column)
        return _rounded(sum(s[j] for s in self.sums.values()))

    def frame(self) -> pd.DataFrame:
        """One row per group, sorted by the keys: the keys, ``n_rows`` and the rounded sums."""
        groups = sorted(self.sums)
        data: dict[str, object] = {
            b: pd.Series([g[i] for g in groups], dtype=self.dtypes.get(b, object))
            for i, b in enumerate(self.by)
        }
        data["n_rows"] = np.array([self.rows[g] for g in groups], dtype=np.int64)
        for j, col in enumerate(self.columns):
            data[col] = np.array([_rounded(self.sums[g][j]) for g in groups], dtype=float)
        return pd.DataFrame(data)


def _group_codes(frame: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """Group number per row and the key tuple of each group (in order of first appearance)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    levels = []
    for b in by:
        codes, uniques = pd.factorize(frame[b], use_na_sentinel=False)
        combined = combined * (len(uniques) + 1) + codes
        levels.append((codes, uniques))
    group_of = pd.factorize(combined)[0]  # numbered in order of first appearance
    first = np.unique(group_of, return_index=True)[1]
    groups = [tuple(uniques[codes[i]] for codes, uniques in levels) for i in first]
    return group_of, groups


def _rounded(total: int) -> float:
    """The float64 nearest to ``total * 2**-UNIT_EXP`` (Fraction -> float rounds correctly)."""
    return float(Fraction(total, 1 << UNIT_EXP))


def exact_sum(values) -> float:
    """Correctly rounded sum of ``values`` (NaN skipped); equals :func:`math.fsum`."""
    v = np.asarray(values, dtype=float).ravel()
    by_code = _exact_by_bin(np.zeros(len(v), dtype=np.int64), v, 1)
    return _rounded(by_code.get(0, 0))
