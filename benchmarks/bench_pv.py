"""Benchmark: specific yield of 1,000,000 roof planes against plane-by-plane ModelChain.

Run: ``.venv/bin/python benchmarks/bench_pv.py [--planes 1000000] [--repeats 3]``

Prints planes per second (median of repeated runs, orientation-grid build included: the cache
is cleared before each run), the ratio against pvlib ModelChain measured in the same run on
a sample of planes, the largest deviation of annual energy from ModelChain on random planes
(north-facing, flat and vertical included), and the process's peak memory (ru_maxrss).
Target (issue 3): ≥ 1e6 planes in ≤ 10 s, peak memory < 2 GB, deviation ≤ 0.5 %.
Weather: the Luleå TMYx from ../shared/data when present, else the embedded Luleå year.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.config import PVSystem  # noqa: E402
from workbench.core.outputs import write_json  # noqa: E402
from workbench.pv import grid, specific_yield  # noqa: E402
from workbench.pv.reference import modelchain_specific_yield  # noqa: E402
from workbench.weather import read, typical_year  # noqa: E402

TMYX = REPO.parent / "shared/data/weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"


def planes(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random planes plus flat, vertical and north-facing ones."""
    rng = np.random.default_rng(seed)
    tilt = np.r_[0.0, 90, 90, 90, 90, 35, 60, rng.uniform(0, 90, max(n - 7, 0))][:n]
    azim = np.r_[180.0, 0, 90, 180, 270, 0, 355, rng.uniform(0, 360, max(n - 7, 0))][:n]
    return tilt, azim


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--planes", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--modelchain-sample", type=int, default=20)
    parser.add_argument("--accuracy-sample", type=int, default=100)
    args = parser.parse_args()

    if TMYX.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            weather = read(TMYX, time_offset="detect")
        label = "Luleå TMYx 2009-2023 (detected timing)"
    else:
        weather = typical_year("Luleå")
        label = "embedded Luleå typical year"
    system = PVSystem()  # defaults: Perez, physical IAM, close mount, 14 % + fixed 5 % snow
    tilt, azim = planes(args.planes, seed=1)

    engine_s = []
    for _ in range(args.repeats):
        grid._cache.clear()
        start = time.perf_counter()
        result = specific_yield(weather, tilt, azim, system, method="grid")
        engine_s.append(time.perf_counter() - start)
    cached_s = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        specific_yield(weather, tilt, azim, system, method="grid")
        cached_s.append(time.perf_counter() - start)
    assert len(result) == args.planes and np.isfinite(result.to_numpy()).all()

    mc_tilt, mc_azim = planes(args.modelchain_sample, seed=2)
    mc_s = []
    for t, a in zip(mc_tilt, mc_azim, strict=True):
        start = time.perf_counter()
        modelchain_specific_yield(weather, t, a, system)
        mc_s.append(time.perf_counter() - start)

    acc_tilt, acc_azim = planes(args.accuracy_sample, seed=3)
    reference = modelchain_specific_yield(weather, acc_tilt, acc_azim, system)
    gridded = specific_yield(weather, acc_tilt, acc_azim, system, method="grid")
    deviation = gridded["annual_kwh_per_kwp"] / reference["annual_kwh_per_kwp"] - 1
    worst = int(np.argmax(np.abs(deviation.to_numpy())))

    engine_pps = args.planes / statistics.median(engine_s)
    mc_pps = 1.0 / statistics.median(mc_s)
    summary = {
        "weather": label,
        "planes": args.planes,
        "repeats": args.repeats,
        "engine_seconds_median": round(statistics.median(engine_s), 3),
        "engine_seconds_all": [round(s, 3) for s in engine_s],
        "engine_planes_per_second": round(engine_pps),
        "engine_cached_grid_seconds_median": round(statistics.median(cached_s), 3),
        "modelchain_planes_per_second": round(mc_pps, 2),
        "modelchain_sample": args.modelchain_sample,
        "speedup_vs_modelchain": round(engine_pps / mc_pps),
        "accuracy_sample": args.accuracy_sample,
        "max_abs_deviation_pct": round(100 * float(np.abs(deviation).max()), 4),
        "worst_plane": {
            "surface_tilt": float(acc_tilt[worst]),
            "surface_azimuth": float(acc_azim[worst]),
        },
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"weather: {label}")
    print(
        f"{args.planes:,} planes (annual + 12 months): median {summary['engine_seconds_median']} s "
        f"incl. grid build ({summary['engine_planes_per_second']:,} planes/s); "
        f"cached grid {summary['engine_cached_grid_seconds_median']} s"
    )
    print(
        f"ModelChain plane by plane: {summary['modelchain_planes_per_second']} planes/s "
        f"(median of {args.modelchain_sample}); speed-up x{summary['speedup_vs_modelchain']:,}"
    )
    print(
        f"largest |deviation| of annual energy vs ModelChain on {args.accuracy_sample} planes: "
        f"{summary['max_abs_deviation_pct']} % at tilt {acc_tilt[worst]:.1f}°, "
        f"azimuth {acc_azim[worst]:.1f}°"
    )
    print(f"peak memory (ru_maxrss): {summary['peak_rss_mb']} MB")
    ok = (
        statistics.median(engine_s) <= 10.0
        and summary["peak_rss_mb"] < 2048
        and summary["max_abs_deviation_pct"] <= 0.5
    )
    print("targets (≤ 10 s, < 2 GB, ≤ 0.5 %):", "met" if ok else "NOT met")
    write_json(REPO / "benchmarks/results/bench_pv.json", summary)


if __name__ == "__main__":
    main()
