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


class SeenKeys:
    """A map from 128-bit keys to int64 values, kept sorted for vectorised look-ups."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype="S16")
        self.values = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, keys: np.ndarray, default: int = -1) -> np.ndarray:
        """The value of each key, ``default`` where the key is new."""
        out = np.full(len(keys), default, dtype=np.int64)
        if not len(self.keys) or not len(keys):
            return out
        pos = np.searchsorted(self.keys, keys)
        pos_c = np.minimum(pos, len(self.keys) - 1)
        hit = self.keys[pos_c] == keys
        out[hit] = self.values[pos_c[hit]]
        return out

    def set(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Set the values of distinct ``keys`` (existing keys are overwritten)."""
        if not len(keys):
            return
        hit = np.zeros(len(keys), dtype=bool)
        if len(self.keys):
            pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
            hit = self.keys[pos] == keys
            self.values[pos[hit]] = values[hit]
        keys_all = np.concatenate([self.keys, keys[~hit]])
        values_all = np.concatenate([self.values, np.asarray(values, dtype=np.int64)[~hit]])
        order = np.argsort(keys_all, kind="stable")
        self.keys, self.values = keys_all[order], values_all[order]


class SeenState:
    """Everything a streamed read carries from one batch to the next."""

    def __init__(self) -> None:
        self.both = SeenKeys()  # (id, geometry) -> first source_row
        self.geometry = SeenKeys()  # geometry -> first source_row
        self.id_count = SeenKeys()  # source id (or row-N) -> uses so far
        self.building_ids = SeenKeys()  # building ids given out -> source_row
