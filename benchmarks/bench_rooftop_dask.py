"""The dask path on a simulated national-size input: partitioned GeoParquet read lazily.

Run: ``.venv/bin/python benchmarks/bench_rooftop_dask.py [--buildings 6000000]
[--per-partition 250000] [--workers 2] [--memory-limit 1.5GB] [--folder /tmp/bench_rooftop_dask]``

Input (written once to ``--folder``, not timed, never committed): ``--buildings`` SYNTHETIC
footprints as one GeoParquet file per partition. Each partition is the Luleå synthetic town
of ``--per-partition`` buildings (:func:`workbench.solar.synthetic.generate`) moved to its own
place on a 40 km grid across Norrbotten (SWEREF 99 TM), with ids ``SYN-P<part>-<n>`` — like
a national extract split into municipalities or tiles, so that duplicates share a partition.

Run: :func:`workbench.solar.dask.rooftop_partitions_dask` on a LocalCluster of ``--workers``
processes (one thread each, ``memory_limit`` per worker): the workers read their partitions
(``dask_geopandas.read_parquet``), clean, plane, compute energy and write the per-building
files; the client computes the yields once and the totals. Printed: wall time, throughput,
partitions, peak resident memory per worker (``ru_maxrss``), the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import shapely

from workbench import weather
from workbench.solar import synthetic
from workbench.solar.dask import rooftop_partitions_dask

GRID_M = 40_000.0


def make_partitions(n: int, per_part: int, folder: Path) -> Path:
    """``n`` buildings in ``ceil(n / per_part)`` GeoParquet files under ``folder/input``."""
    target = folder / f"input_{n}_{per_part}"
    if (target / "done").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    base = synthetic.generate("Luleå", n_buildings=per_part)
    n_parts = -(-n // per_part)
    for i in range(n_parts):
        rows = min(per_part, n - i * per_part)
        part = base.iloc[:rows].copy()
        dx, dy = -(i % 6) * GRID_M, (i // 6) * GRID_M  # west and north of Luleå
        shift = np.array([dx, dy])
        part = part.set_geometry(shapely.transform(part.geometry.to_numpy(), shift.__radd__))
        part["building_id"] = [f"SYN-P{i:03d}-{j:07d}" for j in range(rows)]
        part.to_parquet(target / f"part.{i:04d}.parquet")
    (target / "done").write_text(str(n_parts))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buildings", type=int, default=6_000_000)
    parser.add_argument("--per-partition", type=int, default=250_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1.5GB")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench_rooftop_dask"))
    args = parser.parse_args()
    t = time.perf_counter()
    path = make_partitions(args.buildings, args.per_partition, args.folder)
    made = time.perf_counter() - t
    out = args.folder / f"out_{args.buildings}"
    shutil.rmtree(out, ignore_errors=True)
    wx = weather.typical_year("2580")
    load_before = os.getloadavg()
    t = time.perf_counter()
    result, figures = rooftop_partitions_dask(
        path, out, "2580", wx, n_workers=args.workers, memory_limit=args.memory_limit,
        synthetic=True,
    )  # fmt: skip
    wall = time.perf_counter() - t
    s = result.summary
    print(
        json.dumps(
            {
                "buildings": args.buildings,
                "partitions": figures["partitions"],
                "per_partition": args.per_partition,
                "workers": args.workers,
                "memory_limit_per_worker": args.memory_limit,
                "wall_s": round(wall, 1),
                "buildings_per_s": round(args.buildings / wall),
                "peak_rss_mb_per_worker": figures["peak_rss_mb_per_worker"],
                "n_input": s["n_input"],
                "n_included": s["n_included"],
                "n_excluded": s["n_excluded"],
                "capacity_mwp": round(s["capacity_kwp"] / 1000, 1),
                "annual_gwh": round(s["annual_mwh"] / 1000, 1),
                "input_written_s": round(made, 1),
                "load_average_before": [round(x, 1) for x in load_before],
                "load_average_after": [round(x, 1) for x in os.getloadavg()],
                "cores": os.cpu_count(),
                "input_mb": round(sum(p.stat().st_size for p in path.glob("*.parquet")) / 1e6),
                "partition_files": len(list(path.glob("*.parquet"))),
                "mean_footprint_m2": round(s["footprint_area_m2"] / max(s["n_included"], 1), 1),
                "rows_check": bool(s["n_input"] == s["n_included"] + s["n_excluded"]),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
