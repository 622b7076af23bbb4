"""Rooftop potential from file to GeoPackage: time per stage, peak memory, growth 20k -> 200k.

Run: ``.venv/bin/python benchmarks/bench_rooftop.py [--sizes 20000 200000] [--repeats 3]``

For each size, SYNTHETIC town buildings (:func:`workbench.solar.synthetic.generate`,
Luleå layout) are written once to a GeoPackage; then each repeat runs in a fresh child
process (so peak memory is per size) through the stages

    read   pyogrio read of every feature (attributes + WKB)
    clean  decode, repair, reproject, de-duplicate, map attributes (workbench.buildings)
    planes roof planes (workbench.solar.planes.roof_planes)
    yield  PV engine per distinct orientation + energy per plane and building
    write  solar.gpkg (buildings, excluded) + Parquet tables + summary.json

and prints the median seconds per stage, buildings per second, the peak resident memory
(``resource.getrusage(...).ru_maxrss``) and the ratio of each size's time to the first
size's (the baseline measured in the same run; 10.0 = linear for 20k -> 200k).
Targets (issue 4): 200,000 buildings in <= 60 s with peak memory < 3 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("read", "clean", "planes", "yield", "write")


def make_input(n: int, folder: Path) -> Path:
    """Write ``n`` synthetic buildings to a GeoPackage (not timed)."""
    import pyogrio

    from workbench.solar import synthetic

    path = folder / f"synthetic_bench_{n}.gpkg"
    if not path.exists():
        gdf = synthetic.generate("Luleå", n_buildings=n)
        pyogrio.write_dataframe(gdf, path, layer="buildings", driver="GPKG")
    return path


def run_once(path: Path, out: Path) -> dict:
    """One pass through every stage; seconds per stage and peak RSS [MB]."""
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
    seconds = {}
    t = time.perf_counter()
    raw = read_raw(path)
    seconds["read"] = time.perf_counter() - t
    t = time.perf_counter()
    bset = from_raw(raw, min_area_m2=a.min_footprint_area_m2)
    prep = prepare(bset, "2580", wx, a, system)
    seconds["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    planes = roof_planes(prep.buildings, a)
    seconds["planes"] = time.perf_counter() - t
    t = time.perf_counter()
    yields = orientation_yields(planes, wx, system, a.azimuth_resolution_deg)
    result = finish(prep, plane_energy(planes, yields, a), synthetic=True)
    seconds["yield"] = time.perf_counter() - t
    t = time.perf_counter()
    write(result, out)
    seconds["write"] = time.perf_counter() - t
    seconds["total"] = sum(seconds[s] for s in STAGES)
    return {
        "seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "n_buildings": len(result.buildings),
        "n_planes": len(result.planes),
        "n_orientations": len(yields),
        "capacity_kwp": result.summary["capacity_kwp"],
    }


def run_dask_once(path: Path, n_workers: int) -> dict:
    """The same computation with the dask path (read/clean on the client, planes on workers)."""
    from workbench import weather
    from workbench.buildings import read
    from workbench.solar.dask import rooftop_potential_dask

    wx = weather.typical_year("2580")
    t = time.perf_counter()
    bset = read(path)
    result = rooftop_potential_dask(
        bset, "2580", wx, npartitions=4 * n_workers, n_workers=n_workers
    )
    total = time.perf_counter() - t
    return {
        "seconds": {"total": total},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "n_buildings": len(result.buildings),
    }


def child(path: str, out: str, dask_workers: int = 0) -> None:
    if dask_workers:
        print(json.dumps(run_dask_once(Path(path), dask_workers)))
    else:
        print(json.dumps(run_once(Path(path), Path(out))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--dask-workers",
        type=int,
        default=0,
        help="also time the dask path (LocalCluster with N workers, no write) once per size",
    )
    parser.add_argument("--child", nargs=2, metavar=("INPUT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--child-dask", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, dask_workers=args.child_dask)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_rooftop_") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            path = make_input(n, folder)
            runs = []
            for r in range(args.repeats):
                out = folder / f"out_{n}_{r}"
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            med = {s: statistics.median(x["seconds"][s] for x in runs) for s in (*STAGES, "total")}
            peak = max(x["peak_rss_mb"] for x in runs)
            row = {"n": n, "median_s": med, "peak_rss_mb": peak, "first": runs[0]}
            if args.dask_workers:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), "-", "--child-dask",
                     str(args.dask_workers)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                row["dask"] = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
    base = rows[0]
    print(f"rooftop benchmark: median of {args.repeats} runs per size, fresh process per run")
    header = f"{'buildings':>10} " + " ".join(f"{s:>8}" for s in (*STAGES, "total"))
    print(header + f" {'bldg/s':>9} {'peak MB':>8} {'growth':>7}")
    for row in rows:
        med = row["median_s"]
        growth = med["total"] / base["median_s"]["total"]
        print(
            f"{row['n']:>10,} "
            + " ".join(f"{med[s]:>8.2f}" for s in (*STAGES, "total"))
            + f" {row['n'] / med['total']:>9,.0f} {row['peak_rss_mb']:>8.0f} {growth:>7.2f}"
        )
    for row in rows[1:]:
        ratio = {s: row["median_s"][s] / base["median_s"][s] for s in (*STAGES, "total")}
        size_ratio = row["n"] / base["n"]
        print(
            f"growth {base['n']:,} -> {row['n']:,} (size x{size_ratio:g}): "
            + ", ".join(f"{s} x{v:.2f}" for s, v in ratio.items())
        )
    for row in rows:
        if "dask" in row:
            print(
                f"dask path ({args.dask_workers} workers, read..yield, no write) {row['n']:,}: "
                f"{row['dask']['seconds']['total']:.2f} s vs in-memory read..yield "
                f"{row['median_s']['total'] - row['median_s']['write']:.2f} s"
            )
    last = rows[-1]
    print(
        f"target 200k <= 60 s and < 3 GB: {last['n']:,} buildings in {last['median_s']['total']:.1f} s,"
        f" peak {last['peak_rss_mb'] / 1024:.2f} GB; planes {last['first']['n_planes']:,},"
        f" orientations {last['first']['n_orientations']:,}"
    )


if __name__ == "__main__":
    main()
