"""What earlier batches of a streamed read have seen: duplicate keys and id counts.

Reading footprints in batches (:func:`workbench.buildings.stream`) must give the same
duplicates and the same renamed ids as reading the file at once. The only state that
crosses batches is kept here as sorted arrays of 128-bit hashes (24 bytes per entry:
a 16-byte key and an int64 value), not as the geometries or ids themselves:

* the first ``source_row`` of each (id, geometry) and each geometry (duplicates);
* how often each source id has been used (``~2``, ``~3`` renaming) and every
  ``building_id`` given out (uniqueness across batches).

Two different keys share a 128-bit hash with probability about n² / 2**129
(1e-26 for ten million features).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_KEYS = ("wb-seen-key-0001", "wb-seen-key-0002")  # two 16-byte siphash keys -> 128 bits


def hash128(frame: pd.DataFrame | pd.Series) -> np.ndarray:
    """128-bit hash (``S16``) per row of ``frame`` (str/bytes/number columns)."""
    parts = [
        pd.util.hash_pandas_object(frame, index=False, hash_key=key).to_numpy(np.uint64)
        for key in _KEYS
    ]
    return np.ascontiguousarray(np.stack(parts, axis=1)).view("S16").ravel()


def _halves(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two 64-bit halves of ``S16`` keys (as :func:`hash128` stacks them)."""
    pairs = np.ascontiguousarray(keys, dtype="S16").view(np.uint64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


class SeenKeys:
    """A map from 128-bit keys to int64 values, kept sorted for vectorised look-ups.

    The keys are held as two ``uint64`` halves sorted by (first, second): a look-up is a
    binary search of integers (a 16-byte string search is 10-20 times slower at a million
    keys), and a batch of new keys is merged in, not sorted with all the others.
    """

    def __init__(self) -> None:
        self.hi = np.empty(0, dtype=np.uint64)
        self.lo = np.empty(0, dtype=np.uint64)
        self.values = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.hi)

    def _find(self, hi: np.ndarray, lo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each key (``hi``, ``lo``) is or would be inserted, and whether it is there."""
        order = np.argsort(hi)  # a search of sorted values walks the array once: cache-friendly
        left, right = np.empty(len(hi), dtype=np.intp), np.empty(len(hi), dtype=np.intp)
        left[order] = np.searchsorted(self.hi, hi[order], side="left")
        right[order] = np.searchsorted(self.hi, hi[order], side="right")
        run = right - left  # keys with the same first half: almost always 0 or 1
        pos = left.copy()
        one = np.flatnonzero(run == 1)
        pos[one] += self.lo[left[one]] < lo[one]
        for j in np.flatnonzero(run > 1):
            pos[j] = left[j] + np.searchsorted(self.lo[left[j] : right[j]], lo[j])
        at = np.minimum(pos, len(self.hi) - 1)
        hit = (pos < len(self.hi)) & (self.hi[at] == hi) & (self.lo[at] == lo)
        return pos, hit

    def get(self, keys: np.ndarray, default: int = -1) -> np.ndarray:
        """The value of each key, ``default`` where the key is new."""
        out = np.full(len(keys), default, dtype=np.int64)
        if not len(self.hi) or not len(keys):
            return out
        pos, hit = self._find(*_halves(keys))
        out[hit] = self.values[pos[hit]]
        return out

    def set(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Set the values of distinct ``keys`` (existing keys are overwritten)."""
        if not len(keys):
            return
        hi, lo = _halves(keys)
        values = np.asarray(values, dtype=np.int64)
        if not len(self.hi):
            pos, hit = np.zeros(len(keys), dtype=np.intp), np.zeros(len(keys), dtype=bool)
        else:
            pos, hit = self._find(hi, lo)
            self.values[pos[hit]] = values[hit]
        new = np.flatnonzero(~hit)
        new = new[np.lexsort((lo[new], hi[new]))]  # sorted, so equal positions keep order
        self.hi = np.insert(self.hi, pos[new], hi[new])
        self.lo = np.insert(self.lo, pos[new], lo[new])
        self.values = np.insert(self.values, pos[new], values[new])


class SeenState:
    """Everything a streamed read carries from one batch to the next."""

    def __init__(self) -> None:
        self.both = SeenKeys()  # (id, geometry) -> first source_row
        self.geometry = SeenKeys()  # geometry -> first source_row
        self.id_count = SeenKeys()  # source id (or row-N) -> uses so far
        self.building_ids = SeenKeys()  # building ids given out -> source_row
