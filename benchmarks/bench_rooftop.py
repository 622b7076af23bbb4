"""Rooftop potential from file to outputs: the in-memory path and the streaming path side by side.

Run: ``.venv/bin/python benchmarks/bench_rooftop.py [--sizes 200000 1000000] [--repeats 3]
[--batch-size 50000] [--workers N] [--paths memory stream] [--inputs /tmp/bench_rooftop_inputs]``

For each size, SYNTHETIC town buildings (:func:`workbench.solar.synthetic.generate`, Luleå
layout) are written once to a GeoPackage (kept in ``--inputs`` between runs, not timed);
then each repeat runs each path in a fresh child process (so the peak resident memory,
``resource.getrusage(RUSAGE_SELF).ru_maxrss``, is that path's own) through the steps

    read   pyogrio read of the features (attributes + WKB)
    clean  decode, repair, reproject, de-duplicate, map attributes (workbench.buildings)
    planes roof planes (workbench.solar.planes.roof_planes)
    yield  PV engine per distinct orientation + energy per plane and building + totals
    write  solar.gpkg (buildings, excluded) + Parquet tables + summary.json
           (streaming: also the spill of each batch to Arrow IPC between the two passes)

``memory`` is :func:`workbench.solar.potential.rooftop_potential` then
:func:`workbench.solar.outputs.write`; ``stream`` is :func:`workbench.solar.stream.run_stream`
(batches of ``--batch-size`` features, ``--workers`` worker processes, default
:func:`~workbench.solar.stream.default_workers`). Printed: the median seconds per step of each
path, the ratio memory/stream, buildings per second and peak memory; the load average before and
after (the machine is shared: quote medians with the load).

With workers the stream's step seconds are summed over its processes (so they add up to more
than its wall time), ``total`` is the run's wall time and ``total`` CPU the calling process's
plus its workers'; the peak is the calling process's plus the largest worker's (an upper bound:
forked workers share the parent's pages, which both peaks count). ``PSS MB`` is the peak of
the proportional set size summed over the run's processes (sampled every 100 ms, shared pages
counted once; only with ``--pss``: reading the page tables costs CPU), and the memory target
is checked against the larger of the two.
Targets (issue 14 item 4): 1,000,000 buildings in <= 30 s at <= 1.5 GB; 200,000 in <= 6 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

STEPS = ("read", "clean", "planes", "yield", "write")
TARGETS = {200_000: (6.0, None), 1_000_000: (30.0, 1.5)}  # seconds, GB


def make_input(n: int, folder: Path) -> Path:
    """Write ``n`` synthetic buildings to a GeoPackage once (not timed)."""
    import pyogrio

    from workbench.solar import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"synthetic_bench_{n}.gpkg"
    if not path.exists():
        gdf = synthetic.generate("Luleå", n_buildings=n)
        tmp = path.with_suffix(".tmp.gpkg")
        pyogrio.write_dataframe(gdf, tmp, layer="buildings", driver="GPKG")
        tmp.replace(path)
    return path


def run_memory(path: Path, out: Path) -> dict:
    """The in-memory path, step by step."""
    from workbench import weather
    from workbench.buildings import from_raw
    from workbench.buildings.readers import read_raw
    from workbench.config.pv import PVSystem
    from workbench.config.roofs import RoofAssumptions
    from workbench.solar.outputs import write
    from workbench.solar.planes import roof_planes
    from workbench.solar.potential import finish, orientation_yields, plane_energy, prepare

    wx = weather.typical_year("2580")
    a, system = RoofAssumptions(), PVSystem()
    seconds: dict = {}
    clock = [time.perf_counter(), time.process_time()]

    def tick(step: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        seconds[step], seconds[f"{step}_cpu"] = now[0] - clock[0], now[1] - clock[1]
        clock[:] = now

    raw = read_raw(path)
    tick("read")
    bset = from_raw(raw, min_area_m2=a.min_footprint_area_m2)
    prep = prepare(bset, "2580", wx, a, system)
    tick("clean")
    planes = roof_planes(prep.buildings, a)
    tick("planes")
    yields = orientation_yields(planes, wx, system, a.azimuth_resolution_deg)
    result = finish(prep, plane_energy(planes, yields, a), synthetic=True)
    tick("yield")
    write(result, out)
    tick("write")
    return {"seconds": seconds, "summary": result.summary}


def run_stream(path: Path, out: Path, batch_size: int, workers: int | None) -> dict:
    """The streaming path (its own step clock)."""
    from workbench import weather
    from workbench.buildings.stream import BuildingStream
    from workbench.solar.stream import run_stream as stream

    wx = weather.typical_year("2580")
    seconds: dict = {}
    batches = BuildingStream(path, batch_size=batch_size)
    # the run's own wall and CPU, the workers' included (they are reaped when it returns)
    wall, own, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = stream(
        "2580", out, batches, weather=wx, synthetic=True, timings=seconds, workers=workers
    )
    keys = [*STEPS, *(f"{s}_cpu" for s in STEPS)]
    seconds = {s: seconds.get(s, 0.0) for s in keys}
    seconds["total"] = time.perf_counter() - wall
    seconds["total_cpu"] = time.process_time() - own + _children_cpu() - children
    return {"seconds": seconds, "summary": result.summary}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pss_mb(pid: int) -> float:
    """Proportional set size [MB] of a process (shared pages split among their users)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def _children() -> list[int]:
    pids: list[int] = []
    for task in Path("/proc/self/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


class PssSampler:
    """Peak of this process's PSS plus its children's, sampled every 100 ms in a thread (Linux;
    0 elsewhere): the memory of a run with worker processes, counting shared pages once."""

    def __init__(self, on: bool):
        import threading

        self.peak, self.stop = 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        if on and Path("/proc/self/smaps_rollup").exists():
            self.thread.start()

    def _run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.1):
            total = _pss_mb(me) + sum(_pss_mb(p) for p in _children())
            self.peak = max(self.peak, total)

    def close(self) -> float:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()
        return self.peak


def child(kind: str, path: str, out: str, batch_size: int, workers: int | None, pss: bool) -> None:
    t, cpu = time.perf_counter(), time.process_time()
    sampler = PssSampler(pss)
    if kind == "memory":
        res = run_memory(Path(path), Path(out))
    else:
        res = run_stream(Path(path), Path(out), batch_size, workers)
    res["peak_pss_mb"] = sampler.close()
    res["seconds"].setdefault("total", sum(res["seconds"][s] for s in STEPS))
    res["seconds"].setdefault("total_cpu", sum(res["seconds"][f"{s}_cpu"] for s in STEPS))
    res["process_s"] = [time.perf_counter() - t, time.process_time() - cpu]  # with imports
    res["peak_rss_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                          + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024.0  # fmt: skip
    s = res.pop("summary")
    res["check"] = {k: s[k] for k in ("n_input", "n_included", "n_excluded", "capacity_kwp",
                                      "annual_mwh")}  # fmt: skip
    print(json.dumps(res))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=50_000)
    parser.add_argument("--pss", action="store_true",
                        help="also sample the summed PSS of each run's processes (costs CPU)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=None,
                        help="stream worker processes (default: one per core, at most 3)")  # fmt: skip
    parser.add_argument("--paths", nargs="+", default=["memory", "stream"],
                        choices=["memory", "stream"])  # fmt: skip
    parser.add_argument("--inputs", type=Path, default=Path("/tmp/bench_rooftop_inputs"))
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "INPUT", "OUT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--make-input", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_input:
        make_input(args.make_input, args.inputs)
        return
    if args.child:
        child(*args.child, batch_size=args.batch_size, workers=args.workers, pss=args.pss)
        return
    load_before = os.getloadavg()
    rows = []
    for n in args.sizes:
        # in a child process: Linux keeps a process's peak RSS across fork and exec, so a parent
        # that had generated a large input would raise every child's measured peak
        path = args.inputs / f"synthetic_bench_{n}.gpkg"
        subprocess.run([sys.executable, __file__, "--make-input", str(n), "--inputs",
                        str(args.inputs)], check=True)  # fmt: skip
        runs: dict[str, list[dict]] = {p: [] for p in args.paths}
        for r in range(args.repeats):
            for kind in args.paths:
                out = args.inputs / f"out_{kind}_{n}_{r}"
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", kind, str(path), str(out),
                     "--batch-size", str(args.batch_size),
                     *(["--workers", str(args.workers)] if args.workers is not None else []),
                     *(["--pss"] if args.pss else [])],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                runs[kind].append(json.loads(proc.stdout.strip().splitlines()[-1]))
                subprocess.run(["rm", "-rf", str(out)], check=True)
        rows.append((n, runs))
    load_after = os.getloadavg()
    from workbench.solar.stream import default_workers

    workers = default_workers() if args.workers is None else args.workers
    print(f"rooftop benchmark: median of {args.repeats} runs, fresh process per run and path; "
          f"stream batch {args.batch_size:,} features, {workers} worker process(es) (step "
          f"seconds summed over processes; total = wall); load average before "
          f"{load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, after "
          f"{load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    for n, runs in rows:
        keys = [*STEPS, "total"]
        med = {k: {s: statistics.median(x["seconds"][s] for x in v)
                   for s in (*keys, *(f"{s}_cpu" for s in keys))}
               for k, v in runs.items()}  # fmt: skip
        peak = {k: statistics.median(x["peak_rss_mb"] for x in v) for k, v in runs.items()}
        pss = {k: statistics.median(x["peak_pss_mb"] for x in v) for k, v in runs.items()}
        checks = {json.dumps(x["check"], sort_keys=True) for v in runs.values() for x in v}
        both = len(runs) == 2
        print(f"\n{n:,} buildings (same totals in every run and path: {len(checks) == 1}); "
              "wall s and CPU s (this process) per step")  # fmt: skip
        print(f"{'step':>8} " + " ".join(f"{k + ' wall':>12} {k + ' cpu':>11}" for k in runs)
              + ("  wall ratio m/s  cpu ratio m/s" if both else ""))  # fmt: skip
        for s in keys:
            line = f"{s:>8} " + " ".join(f"{med[k][s]:>12.2f} {med[k][s + '_cpu']:>11.2f}"
                                         for k in runs)  # fmt: skip
            if both and med["stream"][s] > 0 and med["stream"][s + "_cpu"] > 0:
                line += (f"  {med['memory'][s] / med['stream'][s]:>15.2f}"
                         f"  {med['memory'][s + '_cpu'] / med['stream'][s + '_cpu']:>13.2f}")  # fmt: skip
            print(line)
        print(f"{'bldg/s':>8} " + " ".join(f"{n / med[k]['total']:>12,.0f} "
                                           f"{n / med[k]['total_cpu']:>11,.0f}" for k in runs))  # fmt: skip
        print(f"{'peak MB':>8} " + " ".join(f"{peak[k]:>12,.0f} {'':>11}" for k in runs)
              + (f"  {peak['memory'] / peak['stream']:>15.2f}" if both else ""))  # fmt: skip
        if args.pss:
            print(f"{'PSS MB':>8} " + " ".join(f"{pss[k]:>12,.0f} {'':>11}" for k in runs)
                  + (f"  {pss['memory'] / max(pss['stream'], 1e-9):>15.2f}" if both else ""))  # fmt: skip
        if n in TARGETS:
            limit_s, limit_gb = TARGETS[n]
            for k in runs:
                mem_gb = max(peak[k], pss[k]) / 1024
                ok = med[k]["total"] <= limit_s and (limit_gb is None or mem_gb <= limit_gb)
                print(f"target {n:,} <= {limit_s:g} s" + (f", <= {limit_gb:g} GB" if limit_gb else "")
                      + f": {k} {med[k]['total']:.1f} s wall ({med[k]['total_cpu']:.1f} s CPU), "
                      f"{mem_gb:.2f} GB -> " + ("met" if ok else "not met"))  # fmt: skip


if __name__ == "__main__":
    main()
