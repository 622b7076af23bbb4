"""Benchmark of the register reader: a 100,000-vehicle register read and validated in ≤ 10 s
at ≤ 2 GB peak (issue 15 item 4; a 10⁶-row register took 472 s and 11.6 GB before).

Run: ``.venv/bin/python benchmarks/bench_register.py [n_vehicles] [--xlsx]``

A SYNTHETIC register of ``n_vehicles`` (default 100,000; ``workbench.fleet.synthetic``,
seeded) is written as CSV (and with ``--xlsx`` as an Excel workbook, the format advisors use)
by a child process. Each measured case then runs ``REPEATS`` times, every time in a fresh
child process, so that its peak resident memory (``ru_maxrss`` of the child) is its own:

* ``workbench``: :func:`workbench.fleet.register.read_register` with the plausibility checks
  (``base_year=2025``) and :func:`workbench.fleet.report.register_report`, the path the CLI
  takes;
* ``baseline``: a plain ``pandas.read_csv`` / ``read_excel`` of the same file, the floor any
  reader pays; the ratio is the price of checking every cell and naming every bad one.

Prints the median wall time, the median CPU time of the process (user + system; less
disturbed than the wall time when other jobs share the cores), throughput in rows per second,
the median peak memory, and the ratio to the baseline. Timings on the shared 2-core machine are
noisy: quote medians with the load (``uptime``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPEATS = 3
TARGET_S, TARGET_GB = 10.0, 2.0

WRITE = """
import sys
from workbench.fleet.synthetic import synthetic_fleet
fleet = synthetic_fleet(int(sys.argv[1]), seed=1)
fleet.to_csv(sys.argv[2], index=False)
if len(sys.argv) > 3:
    fleet.to_excel(sys.argv[3], index=False)
"""

CASES = {
    "workbench": """
from workbench.fleet.register import read_register
from workbench.fleet.report import register_report
register = read_register(PATH, base_year=2025)
register_report(register)
n = len(register)
""",
    "baseline": """
import pandas as pd
frame = pd.read_excel(PATH) if PATH.endswith(".xlsx") else pd.read_csv(PATH)
n = len(frame)
""",
}

MEASURE = """
import resource, sys, time
PATH = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
exec(sys.argv[2])
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, cpu, peak_kb * 1024, n)
"""


def measure(path: Path, code: str) -> tuple[float, float, float, int]:
    """(median seconds, median CPU seconds, median peak bytes, rows read) over ``REPEATS``
    fresh processes."""
    runs = []
    for _ in range(REPEATS):
        out = subprocess.run([sys.executable, "-c", MEASURE, str(path), code],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
        seconds, cpu, peak, n = out.split()
        runs.append((float(seconds), float(cpu), float(peak), int(n)))
    return (*(statistics.median(r[i] for r in runs) for i in range(3)), runs[0][3])


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "register.csv"
        files = [csv]
        write = [sys.executable, "-c", WRITE, str(n), str(csv)]
        if "--xlsx" in sys.argv:
            files.append(Path(tmp) / "register.xlsx")
            write.append(str(files[-1]))
        subprocess.run(write, check=True)
        print(f"register of {n:,} SYNTHETIC vehicles; median of {REPEATS} fresh processes")
        print(f"{'file':<6} {'case':<10} {'s':>8} {'cpu s':>8} {'rows/s':>10} {'peak MB':>9} "
              f"{'ratio':>7}")  # fmt: skip
        for path in files:
            base_s, base_cpu, base_peak, _ = measure(path, CASES["baseline"])
            wb_s, wb_cpu, wb_peak, rows = measure(path, CASES["workbench"])
            assert rows == n, f"{rows} rows read of {n}"
            fmt = path.suffix[1:]
            for case, s, cpu, peak in (("baseline", base_s, base_cpu, base_peak),
                                       ("workbench", wb_s, wb_cpu, wb_peak)):  # fmt: skip
                print(f"{fmt:<6} {case:<10} {s:8.2f} {cpu:8.2f} {n / s:10,.0f} "
                      f"{peak / 1e6:9.0f} {s / base_s:7.1f}")  # fmt: skip
            ok = wb_s <= TARGET_S * n / 100_000 and wb_peak <= TARGET_GB * 1e9
            print(f"{fmt}: target {TARGET_S:g} s and {TARGET_GB:g} GB per 100,000 vehicles: "
                  f"{'met' if ok else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
