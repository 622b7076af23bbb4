"""Orientation grid: the hourly chain on a tilt × azimuth grid, interpolated to many planes.

Annual and monthly yields are smooth functions of orientation, so the full hourly chain
(:func:`workbench.pv.chain.ac_power`) is run once per weather frame and system on a regular
grid (tilt 0–90° every :data:`TILT_STEP`, azimuth 0–360° every :data:`AZIMUTH_STEP`, azimuth
periodic) and the 13 values per plane are interpolated bilinearly. The largest deviation from
plane-by-plane ModelChain, interpolation included, is measured by ``benchmarks/bench_pv.py``
and bounded in ``tests/test_pv.py``. Tables are cached per (weather content, system).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.config.pv import PVSystem
from workbench.pv import chain, sky

TILT_STEP = 2.0  # [°]
AZIMUTH_STEP = 4.0  # [°]
CACHE_SIZE = 8
INTERP_CHUNK = 250_000  # planes per interpolation chunk
_cache: OrderedDict[str, YieldGrid] = OrderedDict()


@dataclass(frozen=True)
class YieldGrid:
    """Annual + monthly yield [kWh kWp-1] on a regular tilt × azimuth grid."""

    tilt_step: float
    azimuth_step: float
    values: np.ndarray  # (n_tilt, n_azimuth + 1, 13); the last azimuth column repeats 0°

    def interpolate(self, tilt: np.ndarray, azim: np.ndarray) -> np.ndarray:
        """Bilinear interpolation to planes; returns (planes × 13) [kWh kWp-1]."""
        n_t, n_a = self.values.shape[0], self.values.shape[1]
        out = np.empty((len(tilt), self.values.shape[2]))
        flat = self.values.reshape(n_t * n_a, -1)
        for start in range(0, len(tilt), INTERP_CHUNK):
            part = slice(start, start + INTERP_CHUNK)
            ft = np.asarray(tilt[part]) / self.tilt_step
            fa = np.mod(np.asarray(azim[part]), 360.0) / self.azimuth_step
            i = np.minimum(ft.astype(np.int64), n_t - 2)
            j = np.minimum(fa.astype(np.int64), n_a - 2)
            wt = (ft - i)[:, None]
            wa = (fa - j)[:, None]
            k = i * n_a + j
            out[part] = (flat[k] * (1 - wa) + flat[k + 1] * wa) * (1 - wt) + (
                flat[k + n_a] * (1 - wa) + flat[k + n_a + 1] * wa
            ) * wt
        return out


def build(
    weather: pd.DataFrame,
    system: PVSystem,
    tilt_step: float = TILT_STEP,
    azimuth_step: float = AZIMUTH_STEP,
) -> YieldGrid:
    """Run the hourly chain on every grid node (tilt 0 once) and tabulate the 13 values."""
    tilts = np.linspace(0.0, 90.0, int(round(90.0 / tilt_step)) + 1)
    azims = np.linspace(0.0, 360.0, int(round(360.0 / azimuth_step)) + 1)[:-1]
    hours = sky.prepare(weather, system)
    tt, aa = np.meshgrid(tilts[1:], azims, indexing="ij")
    node_values = chain.annual_monthly_exact(hours, tt.ravel(), aa.ravel(), system)
    flat0 = chain.annual_monthly_exact(hours, np.array([0.0]), np.array([180.0]), system)
    values = np.empty((len(tilts), len(azims) + 1, 13))
    values[0] = flat0[0]
    values[1:, :-1] = node_values.reshape(len(tilts) - 1, len(azims), 13)
    values[1:, -1] = values[1:, 0]
    return YieldGrid(tilts[1] - tilts[0], azims[1] - azims[0], values)


def _key(weather: pd.DataFrame, system: PVSystem) -> str:
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(weather, index=True).to_numpy().tobytes())
    digest.update(repr(sorted(weather.attrs.items(), key=lambda kv: kv[0])).encode())
    digest.update(system.model_dump_json().encode())
    return digest.hexdigest()


def table_for(weather: pd.DataFrame, system: PVSystem) -> YieldGrid:
    """The grid for this weather and system, from the cache or built now."""
    key = _key(weather, system)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    table = build(weather, system)
    _cache[key] = table
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return table
