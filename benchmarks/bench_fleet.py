"""Benchmark of the fleet scenario engine: 10,000 vehicles × 25 years in at most 5 s.

Run: ``.venv/bin/python benchmarks/bench_fleet.py [n_vehicles]``

A SYNTHETIC fleet of ``n_vehicles`` (default 10,000; the Luleå demo register repeated
with new ids and jittered mileage, seeded) runs the ``fast_electrification`` scenario
over 25 years (2025–2049) in Luleå. Prints the median time of repeated runs, the
throughput in vehicle-years per second, the peak traced memory, and the ratio against
a baseline measured in the same run: a naive per-vehicle loop (one call of the engine
per vehicle) on a sample, scaled to the full fleet.

Since issue 16 a run also plans the reference counterpart of the register (the budget's change
against the reference; fast electrification differs from the reference, so every run here
includes it) and, with replacement limits, the plan without them (the backlog's extra
emissions). The "capped" line times a run with a cap of 6 % of the fleet per year and early
replacement allowed: three plans per run, and the queue of each year's due vehicles.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

from workbench.config import load_scenario
from workbench.fleet import run_scenario
from workbench.fleet.synthetic import synthetic_fleet

REPEATS = 5
TARGET_S = 5.0
SAMPLE = 20


def timed(func, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    scenario = load_scenario("fast_electrification")
    scenario.fleet.end_year = scenario.fleet.base_year + 24  # 25 years
    years = scenario.fleet.end_year - scenario.fleet.base_year + 1
    fleet = synthetic_fleet(n, seed=1)
    run_scenario(fleet.head(50), scenario, "Luleå")  # warm caches (factor tables, climate)

    t_full = timed(lambda: run_scenario(fleet, scenario, "Luleå"))
    sample = fleet.head(SAMPLE)
    t_loop = timed(
        lambda: [run_scenario(sample.iloc[[i]], scenario, "Luleå") for i in range(SAMPLE)],
        repeats=3,
    )
    t_naive = t_loop / SAMPLE * n  # per-vehicle loop scaled to the full fleet
    t_one_year = timed(
        lambda: run_scenario(
            fleet,
            scenario.model_copy(
                update={
                    "fleet": scenario.fleet.model_copy(
                        update={
                            "end_year": scenario.fleet.base_year + 1,
                            "target_year": scenario.fleet.base_year + 1,
                        }
                    )
                }
            ),
            "Luleå",
        ),  # fmt: skip
        repeats=3,
    )
    capped = scenario.model_copy(
        update={
            "fleet": scenario.fleet.model_copy(
                update={"max_replacements_per_year": max(1, round(0.06 * n)),
                        "allow_early_replacement": True}
            )
        }
    )  # fmt: skip
    t_capped = timed(lambda: run_scenario(fleet, capped, "Luleå"), repeats=3)
    tracemalloc.start()
    run_scenario(fleet, scenario, "Luleå")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"fleet engine: {n} vehicles x {years} years ({n * years:,} vehicle-years), "
          f"{REPEATS} runs, medians")  # fmt: skip
    print(f"  vectorised run      {t_full:8.3f} s   {n * years / t_full:12,.0f} vehicle-years/s")
    print(f"  capped, early       {t_capped:8.3f} s   {n * years / t_capped:12,.0f} vehicle-years/s"
          f"   (cap {capped.fleet.max_replacements_per_year}/year: 3 plans)")  # fmt: skip
    print(f"  2-year run          {t_one_year:8.3f} s   (fixed cost of tables and setup)")
    print(f"  naive per-vehicle   {t_naive:8.1f} s   (loop over {SAMPLE} vehicles, scaled)")
    print(f"  speed-up vs naive   {t_naive / t_full:8.0f} x")
    print(f"  peak traced memory  {peak / 2**20:8.1f} MiB")
    verdict = "PASS" if max(t_full, t_capped) <= TARGET_S else "FAIL"
    print(f"  target <= {TARGET_S:.0f} s for 10,000 x 25 (plain and capped): {verdict}")


if __name__ == "__main__":
    main()
