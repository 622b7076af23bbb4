"""Benchmark: an Overpass answer of N buildings to GeoParquet, against parsing its JSON alone.

Run: ``.venv/bin/python benchmarks/bench_fetch.py [--buildings 100000] [--repeats 3]``

Builds a synthetic Overpass answer (boxes near Luleå, every tenth building a multipolygon
relation with a hole and its outer ring split in two member ways), serves it through a fake
transport (no network) and times ``workbench.buildings.fetch.fetch_buildings`` end to end
(download into the cache with checks, conversion, EPSG:3006, GeoParquet, provenance), then
the cached second call. The baseline, measured in the same run, is ``json.loads`` of the same
bytes: the least any reader of the answer must do. Prints medians, buildings per second, the
ratio to the baseline and the process's peak memory (ru_maxrss). No target in the issue; a
Swedish municipality has a few thousand to ~60,000 OSM buildings.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.buildings.fetch import fetch_buildings  # noqa: E402
from workbench.core.download import Response, Retry  # noqa: E402

CHUNK = 1 << 16


def ring(lon, lat, w, h):
    pts = [(lon, lat), (lon + w, lat), (lon + w, lat + h), (lon, lat + h), (lon, lat)]
    return [{"lat": round(y, 7), "lon": round(x, 7)} for x, y in pts]


def answer(n: int) -> bytes:
    elements = [
        {
            "type": "area",
            "id": 3600002580,
            "tags": {"ref:se:kommun:kod": "2580", "name": "Luleå kommun"},
        }
    ]
    for i in range(n):
        lon, lat = 22.0 + (i % 500) * 0.0006, 65.5 + (i // 500) * 0.0003
        tags = {"building": "house" if i % 3 else "apartments", "building:levels": str(1 + i % 4)}
        if i % 10:
            elements.append(
                {"type": "way", "id": i, "geometry": ring(lon, lat, 0.0002, 0.0001), "tags": tags}
            )
            continue
        outer = ring(lon, lat, 0.0004, 0.0002)
        members = [
            {"type": "way", "ref": 10 * i + 1, "role": "outer", "geometry": outer[:3]},
            {"type": "way", "ref": 10 * i + 2, "role": "outer", "geometry": outer[2:]},
            {
                "type": "way",
                "ref": 10 * i + 3,
                "role": "inner",
                "geometry": ring(lon + 0.0001, lat + 0.00005, 0.0001, 0.00005),
            },
        ]
        elements.append(
            {
                "type": "relation",
                "id": i,
                "members": members,
                "tags": {**tags, "type": "multipolygon"},
            }
        )
    data = {
        "version": 0.6,
        "osm3s": {"timestamp_osm_base": "2026-01-01T00:00:00Z"},
        "elements": elements,
    }
    return json.dumps(data).encode()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    body = answer(args.buildings)

    def transport(request):
        chunks = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)]
        return Response(200, {"Content-Length": str(len(body))}, chunks)

    baseline, full, cached = [], [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        json.loads(body)
        baseline.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            got = fetch_buildings("lulea", folder=tmp, transport=transport, retry=Retry(attempts=1))
            full.append(time.perf_counter() - start)
            start = time.perf_counter()
            fetch_buildings("lulea", folder=tmp, transport=transport, retry=Retry(attempts=1))
            cached.append(time.perf_counter() - start)
            size_mb = got.path.stat().st_size / 1e6
    b, f, c = (statistics.median(x) for x in (baseline, full, cached))
    print(
        f"buildings: {args.buildings:,}  answer: {len(body) / 1e6:.1f} MB  GeoParquet: {size_mb:.1f} MB"
    )
    print(f"json.loads (baseline):        {b:6.2f} s")
    print(
        f"fetch, download + convert:    {f:6.2f} s  {args.buildings / f:,.0f} buildings/s  {f / b:.1f} x baseline"
    )
    print(
        f"fetch, from the cache:        {c:6.2f} s  {args.buildings / c:,.0f} buildings/s  {c / b:.1f} x baseline"
    )
    print(
        f"peak memory (ru_maxrss):      {peak_rss_mb():,.0f} MB   (medians of {args.repeats} runs)"
    )


if __name__ == "__main__":
    main()
