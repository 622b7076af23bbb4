"""Benchmark: ``workbench demo`` for all 14 municipalities on the embedded data (target <= 3 min).

Prints the wall time of the whole demo, the time per municipality and per stage
(median over ``--repeat`` runs), throughput, peak memory, and a ratio against a
baseline measured in the same run: writing one package with no analysis parts
(the fixed cost of the export: workbook, GeoPackage, HTML report, manifest).

    .venv/bin/python benchmarks/bench_demo.py [--repeat 3] [--kommun Arjeplog ...]
"""

from __future__ import annotations

import argparse
import logging
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbench.config import load_scenario
from workbench.demo import run_demo
from workbench.export.package import write_kommun_package
from workbench.export.parts import KommunResults
from workbench.reference import kommuner as km

TARGET_S = 180.0
log = logging.getLogger("bench_demo")


def baseline_seconds(repeat: int = 5) -> float:
    """Median seconds to write an empty package (no analysis parts) for Arjeplog."""
    scenario = load_scenario("default")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            k = km.get("Arjeplog")
            start = time.perf_counter()
            write_kommun_package(k, Path(tmp) / str(i), scenario=scenario,
                                 results=KommunResults(kommun=k))  # fmt: skip
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="full demo runs (median reported)")
    parser.add_argument("--kommun", action="append", help="subset of municipalities")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    base = baseline_seconds()
    walls, runs = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            out = args.out or Path(tmp) / "demo"
            start = time.perf_counter()
            result = run_demo(out, kommuner=args.kommun, progress=False)
            walls.append(time.perf_counter() - start)
            runs.append(result)
    codes = runs[0]["kommuner"]
    stages = sorted({s for run in runs for per in run["seconds"].values() for s in per},
                    key=lambda s: (s == "package", s))  # fmt: skip
    med = {c: {s: statistics.median(r["seconds"][c].get(s, 0.0) for r in runs) for s in stages}
           for c in codes}  # fmt: skip

    name_w = 14
    print(f"workbench demo, {len(codes)} municipalities, {args.repeat} run(s), median seconds")
    print(f"{'kommun':<{name_w}}" + "".join(f"{s:>10}" for s in stages) + f"{'total':>10}")
    for c in codes:
        row = med[c]
        print(f"{km.get(c).name:<{name_w}}" + "".join(f"{row[s]:>10.2f}" for s in stages)
              + f"{sum(row.values()):>10.2f}")  # fmt: skip
    totals = {s: sum(med[c][s] for c in codes) for s in stages}
    print(f"{'sum':<{name_w}}" + "".join(f"{totals[s]:>10.2f}" for s in stages)
          + f"{sum(totals.values()):>10.2f}")  # fmt: skip
    county = {
        k: statistics.median(r["county_seconds"][k] for r in runs)
        for k in runs[0]["county_seconds"]
    }
    print("county stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in county.items()))
    wall = statistics.median(walls)
    per_kommun = wall / len(codes)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"wall time: {wall:.1f} s (target <= {TARGET_S:.0f} s): {'OK' if wall <= TARGET_S else 'TOO SLOW'}"
    )
    print(f"throughput: {len(codes) / wall * 60:.1f} municipalities/min ({per_kommun:.2f} s each)")
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB main process, "
          f"{peak_child_mb:.0f} MB largest worker")  # fmt: skip
    print(f"baseline (empty package, median of 5): {base:.3f} s; "
          f"ratio per-municipality time / baseline: {per_kommun / base:.1f}x")  # fmt: skip
    return 0 if wall <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
