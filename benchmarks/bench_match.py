"""Benchmark of solar-meets-fleet matching: smart charging and battery dispatch for one year.

Run: ``.venv/bin/python benchmarks/bench_match.py [n_vehicles]``

A synthetic fleet (seeded) of ``n_vehicles`` (default 300) plugging in every working day with
8–16 h windows, against a synthetic PV year. Prints median times of repeated runs, sessions per
second, peak traced memory, and the ratio of smart charging to the vectorised immediate
schedule measured in the same run (the baseline).
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from workbench.config.match import StationaryBattery
from workbench.fleet.schedule import immediate_schedule, profile
from workbench.match import hourly_balance, smart_schedule

YEAR = pd.date_range("2030-01-01", periods=8760, freq="h", tz="UTC")
REPEATS = 5


def fleet(n_vehicles: int, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2030-01-01", "2030-12-31", freq="B", tz="UTC")
    n = n_vehicles * len(days)
    start = days.repeat(n_vehicles) + pd.to_timedelta(rng.integers(13 * 60, 18 * 60, n), unit="min")
    window = rng.uniform(8, 16, n)
    kw = rng.choice([3.7, 11.0, 22.0], n)
    return pd.DataFrame(
        {
            "vehicle_id": np.tile(np.arange(n_vehicles), len(days)).astype(str),
            "depot": "d0",
            "plug_in_utc": start,
            "plug_out_utc": start + pd.to_timedelta(window, unit="h"),
            "energy_kwh": rng.uniform(0, 0.9, n) * kw * window,
            "charger_kw": kw,
        }
    )


def timed(func, *args):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    n_vehicles = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    sessions = fleet(n_vehicles)
    hour = YEAR.hour.to_numpy()
    season = np.sin(np.pi * (YEAR.day_of_year.to_numpy() - 30) / 300).clip(0)
    pv = pd.Series(
        np.clip(np.sin((hour - 2) / 18 * np.pi), 0, None) * 40 * n_vehicles * season, YEAR
    )
    battery = StationaryBattery(capacity_kwh=500, power_kw=100)

    t_dumb, dumb = timed(immediate_schedule, sessions, YEAR)
    t_smart, smart = timed(smart_schedule, sessions, pv)
    charging = profile(smart, YEAR)
    t_plain, _ = timed(hourly_balance, pv, charging)
    t_batt, _ = timed(hourly_balance, pv, charging, battery)
    # memory in a separate run: tracemalloc slows Python-level loops and would skew the times
    tracemalloc.start()
    smart_schedule(sessions, pv)
    hourly_balance(pv, charging, battery)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    n = len(sessions)
    print(
        f"sessions: {n} ({n_vehicles} vehicles x {n // n_vehicles} working days), {REPEATS} runs, medians"
    )
    print(f"immediate schedule (baseline): {t_dumb:8.3f} s  {n / t_dumb:10.0f} sessions/s")
    print(f"smart schedule:                {t_smart:8.3f} s  {n / t_smart:10.0f} sessions/s")
    print(f"ratio smart / immediate:       {t_smart / t_dumb:8.1f}")
    print(f"hourly balance, no battery:    {t_plain * 1000:8.1f} ms (8760 h)")
    print(f"hourly balance, with battery:  {t_batt * 1000:8.1f} ms (8760 h)")
    print(f"peak traced memory:            {peak / 2**20:8.1f} MiB")


if __name__ == "__main__":
    main()
