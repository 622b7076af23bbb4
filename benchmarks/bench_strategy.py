"""Benchmark of the strategy stage for the 14 municipalities: target at most 2 s a stage.

Run: ``.venv/bin/python benchmarks/bench_strategy.py [repeats]``

The demo stage (:func:`workbench.strategy.run.stage`: compute on the embedded tables with the
EXAMPLE action plan, validate every table against its schema, write Parquet and
``summary.json``) runs for each of the 14 municipalities, ``repeats`` times (default 3). Prints
the median seconds per stage and per municipality set (load on the machine: see ``uptime``;
the 2 cores are shared), the throughput in municipalities per
second, the one-off cost of the first call (loading the tables and the indicators of all 15
areas), the peak traced memory, and the ratio against a baseline measured in the same run: the
same compute with the shared per-inputs cache cleared before every municipality (each call then
rebuilds the area split and the indicators of all areas, as a naive implementation would).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

from workbench.config import load_scenario
from workbench.reference import kommuner
from workbench.strategy import run as strategy_run
from workbench.strategy.embedded import load_inputs

TARGET_S = 2.0


def _stage_all(out: Path, scenario) -> list[float]:
    times = []
    for k in kommuner.all_kommuner():
        ctx = SimpleNamespace(out_dir=out, kommuner=[k], scenario=scenario, inputs={},
                              synthetic_inputs=[])  # fmt: skip
        start = time.perf_counter()
        strategy_run.stage(ctx)
        times.append(time.perf_counter() - start)
    return times


def _naive_compute_all(inputs) -> float:
    start = time.perf_counter()
    for k in kommuner.all_kommuner():
        strategy_run._CACHE.clear()
        strategy_run.compute(k, inputs=inputs)
    return time.perf_counter() - start


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    scenario = load_scenario("default")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        inputs = load_inputs()
        strategy_run.compute("2580", inputs=inputs)
        first = time.perf_counter() - start
        per_stage, totals = [], []
        for _ in range(repeats):
            times = _stage_all(out, scenario)
            per_stage += times
            totals.append(sum(times))
        tracemalloc.start()  # a separate pass: tracing slows Python down several times
        _stage_all(out, scenario)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        cached = []
        for _ in range(repeats):
            start = time.perf_counter()
            for k in kommuner.all_kommuner():
                strategy_run.compute(k, inputs=inputs)
            cached.append(time.perf_counter() - start)
        naive = [_naive_compute_all(inputs) for _ in range(max(1, repeats - 1))]
    stage_median = statistics.median(per_stage)
    total_median = statistics.median(totals)
    print(f"strategy stage, 14 municipalities, {repeats} repeats (medians)")
    print(f"  first call (load tables + indicators of 15 areas): {first:.2f} s")
    print(f"  per stage (compute + validate + write Parquet): median {stage_median:.3f} s, "
          f"max {max(per_stage):.3f} s; target <= {TARGET_S:.1f} s: "
          f"{'met' if stage_median <= TARGET_S else 'NOT met'} (median)")  # fmt: skip
    print(
        f"  all 14 stages: {total_median:.2f} s; throughput {14 / total_median:.1f} "
        f"municipalities/s; stricter target, all 14 in <= {TARGET_S:.1f} s: "
        f"{'met' if total_median <= TARGET_S else 'NOT met'}"
    )
    print(f"  compute only, 14 municipalities: {statistics.median(cached):.2f} s with the shared "
          f"cache; baseline (cache cleared each call) {statistics.median(naive):.2f} s; ratio "
          f"{statistics.median(naive) / statistics.median(cached):.1f}x")  # fmt: skip
    print(f"  peak traced memory during the stages: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
