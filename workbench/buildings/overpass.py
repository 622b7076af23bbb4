"""A municipality's OpenStreetMap buildings from the Overpass API: query, answer check, footprints.

The query (Overpass QL; :func:`query` writes it) for Luleå::

    [out:json][timeout:600];
    area["ref:se:kommun:kod"="2580"]["boundary"="administrative"]->.kommun;
    .kommun out tags;
    (
      way["building"](area.kommun);
      relation["building"]["type"="multipolygon"](area.kommun);
    );
    out geom;

- Swedish municipality boundaries in OSM are ``boundary=administrative`` relations
  (``admin_level=7``) tagged with the SCB code ``ref:se:kommun:kod`` (e.g. "Malmö kommun",
  ``ref:se:kommun:kod=1280``); Overpass derives a searchable ``area`` from each.
  ``.kommun out tags`` returns that area first, so an answer without it means the
  boundary was not found, which is told apart from a municipality without buildings.
- ``way(area.kommun)`` selects ways with at least one point inside the area
  (https://osmlab.github.io/learnoverpass/en/docs/filters/area/): a building on the
  boundary is in both neighbours' answers.
- Buildings mapped as nodes (no footprint) and ``building:part`` are not asked for.
  ``building=no`` and the like are returned and excluded by the reader with a reason.
- ``out geom`` gives each way its node coordinates and each relation its member ways'
  coordinates, so no second query for nodes is needed.

Data © OpenStreetMap contributors, ODbL 1.0: :data:`LICENCE` goes with every file made from it.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from workbench.buildings.osm import TAGS
from workbench.core.download import DownloadError, Request, RetryableError, Source

ENDPOINT = "https://overpass-api.de/api/interpreter"
TIMEOUT_S = 600  # server-side limit of the query [s]; the public server's default is 180
MAX_AGE_DAYS = 30  # OSM changes daily; a month-old copy is reported as stale
LICENCE = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"
CODE_KEY = "ref:se:kommun:kod"
FORMAT_TODO = (
    "an Overpass API JSON answer ([out:json]) with 'elements'; the service may have changed "
    "its format: report it to the workbench maintainers"
)


def query(kommun_code: str, timeout_s: int = TIMEOUT_S) -> str:
    """The Overpass QL query for the building footprints of one municipality (SCB code)."""
    return (
        f"[out:json][timeout:{timeout_s}];\n"
        f'area["{CODE_KEY}"="{kommun_code}"]["boundary"="administrative"]->.kommun;\n'
        ".kommun out tags;\n"
        "(\n"
        '  way["building"](area.kommun);\n'
        '  relation["building"]["type"="multipolygon"](area.kommun);\n'
        ");\n"
        "out geom;\n"
    )


def source(kommun_code: str, kommun_name: str, endpoint: str = ENDPOINT) -> Source:
    """The download of one municipality's buildings (POST, form field ``data``)."""
    request = Request(
        url=endpoint,
        description=f"OSM buildings of {kommun_name} ({CODE_KEY}={kommun_code})",
        method="POST",
        form=(("data", query(kommun_code)),),
        timeout_s=TIMEOUT_S + 60,
    )
    return Source(
        request=request,
        check=partial(check, kommun_code=kommun_code, asked=request.description),
        licence=LICENCE,
        max_age_days=MAX_AGE_DAYS,
        extra={"dataset": f"osm_buildings_{kommun_code}", "query": query(kommun_code)},
    )


def load(path: str | Path, asked: str | None = None) -> dict:
    """The parsed Overpass answer; an empty, cut-off or foreign answer is a :class:`DownloadError`."""
    path = Path(path)
    asked = asked or str(path)
    text = path.read_bytes().decode("utf-8", errors="replace")
    if not text.strip():
        raise RetryableError(asked, "an empty answer (0 bytes of JSON)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{"):
            raise RetryableError(
                asked, f"answer cut off: JSON ends unfinished after {len(text)} characters ({exc})"
            ) from exc
        raise DownloadError(
            asked, f"not JSON, it begins: {text.strip()[:80]}", FORMAT_TODO
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        keys = ", ".join(sorted(data)) if isinstance(data, dict) else type(data).__name__
        raise DownloadError(asked, f"JSON without an elements list (keys: {keys})", FORMAT_TODO)
    remark = str(data.get("remark", ""))
    if "error" in remark.lower():
        raise DownloadError(
            asked,
            f"the server stopped the query: {remark.strip()}",
            "a complete answer: try again later (the public server limits its load), or "
            "another Overpass server with --endpoint",
        )
    return data


def check(path: Path, *, kommun_code: str, asked: str) -> dict:
    """Facts about a downloaded answer for its provenance; raises when it cannot be used."""
    data = load(path, asked)
    elements = data["elements"]
    areas = [e for e in elements if e.get("type") == "area"]
    if not any(e.get("tags", {}).get(CODE_KEY) == kommun_code for e in areas):
        raise DownloadError(
            asked,
            f"no administrative boundary with {CODE_KEY}={kommun_code} in the answer",
            "the municipality's boundary in OSM; if OSM's tagging changed, report it to the "
            "workbench maintainers",
        )
    kinds = pd.Series([e.get("type") for e in elements]).value_counts()
    footprints = [e for e in elements if e.get("type") in ("way", "relation")]
    if footprints and not any("geometry" in e or "members" in e for e in footprints):
        raise DownloadError(asked, "ways and relations without coordinates", FORMAT_TODO)
    osm3s = data.get("osm3s", {})
    return {
        "osm_base_utc": osm3s.get("timestamp_osm_base"),
        "osm_areas_utc": osm3s.get("timestamp_areas_base"),
        "area_names": sorted(str(e.get("tags", {}).get("name", "")) for e in areas),
        "n_ways": int(kinds.get("way", 0)),
        "n_relations": int(kinds.get("relation", 0)),
    }


def _coords(points: list | None) -> list[tuple[float, float]] | None:
    """(lon, lat) pairs of an ``out geom`` list; ``None`` when any node is missing."""
    if not points or any(p is None for p in points):
        return None
    return [(float(p["lon"]), float(p["lat"])) for p in points]


def way_geometries(ways: list[dict]) -> np.ndarray:
    """Closed ways as polygons, open ones as lines (the reader excludes them), else None.

    Built in two vectorised calls (``shapely.linearrings``/``linestrings`` with ring
    indices), not one geometry at a time (about twice as fast).
    """
    out = np.full(len(ways), None, dtype=object)
    parts = {"closed": ([], [], []), "open": ([], [], [])}  # positions, coordinates, ring index
    for i, element in enumerate(ways):
        coords = _coords(element.get("geometry"))
        if coords is None or len(coords) < 2:
            continue
        kind = "closed" if len(coords) >= 4 and coords[0] == coords[-1] else "open"
        positions, flat, ring = parts[kind]
        ring.extend([len(positions)] * len(coords))
        positions.append(i)
        flat.extend(coords)
    for kind, (positions, flat, ring) in parts.items():
        if positions:
            coords, index = np.asarray(flat, dtype=float), np.asarray(ring)
            made = (
                shapely.polygons(shapely.linearrings(coords, indices=index))
                if kind == "closed"
                else shapely.linestrings(coords, indices=index)
            )
            out[positions] = made
    return out


def relation_geometry(element: dict):
    """A multipolygon from its member ways (outer and inner rings by nesting).

    Member ways are joined end to end (``shapely.line_merge``) and polygonised
    (``shapely.build_area``: a ring inside another becomes its hole). When no ring
    closes, the lines are returned so that the reader excludes the feature as an open
    line; a relation without usable members has no geometry (None).
    """
    lines = []
    for member in element.get("members", []):
        coords = _coords(member.get("geometry")) if member.get("type") == "way" else None
        if coords and len(coords) >= 2:
            lines.append(shapely.LineString(coords))
    if not lines:
        return None
    merged = shapely.line_merge(shapely.MultiLineString(lines))
    area = shapely.build_area(merged)
    return merged if area.is_empty else area


def to_frame(data: dict) -> gpd.GeoDataFrame:
    """Footprints of the answer's ways and relations (EPSG:4326), one row each, in answer order.

    Columns: ``element`` (``way``/``relation``), ``id``, the tags of :data:`TAGS`
    (missing -> <NA>), ``geometry`` (None where the answer has no usable coordinates).
    """
    rows = [e for e in data["elements"] if e.get("type") in ("way", "relation")]
    is_way = np.array([e["type"] == "way" for e in rows], dtype=bool)
    geoms = np.full(len(rows), None, dtype=object)
    geoms[is_way] = way_geometries([e for e, w in zip(rows, is_way, strict=True) if w])
    geoms[~is_way] = [relation_geometry(e) for e, w in zip(rows, is_way, strict=True) if not w]
    frame = {
        "element": pd.Series([e["type"] for e in rows], dtype="string"),
        "id": pd.Series([int(e["id"]) for e in rows], dtype="int64"),
    }
    for key in TAGS:
        frame[key] = pd.Series([e.get("tags", {}).get(key) for e in rows], dtype="string")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
