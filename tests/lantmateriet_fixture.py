"""Project-made GeoPackages in the schema of Lantmäteriet's "Byggnad Nedladdning, vektor".

No Lantmäteriet file is available here; these are written from scratch, with the layer and
attribute names the product uses (sources in docs/rooftop.md, "Lantmäteriet's building
layer"): a ``byggnad`` polygon layer with lower-case attributes (``objektidentitet``,
``objekttyp``, ``objekttypnr``, ``andamal1`` … ``andamal5`` as "<objekttyp>;<ändamål>",
``huvudbyggnad`` "Ja"/"Nej", ``husnummer``, ...), beside point, line and facility-area
layers. Buildings are boxes near Luleå (SWEREF 99 TM, EPSG:3006).

:data:`BUILDINGS` lists every row with what the reader must make of it, so tests compare
against this table, not against the reader.

Run as a script to write both files into a folder: ``python tests/lantmateriet_fixture.py DIR``.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, MultiPolygon, Point, box

E0, N0 = 833_000.0, 7_291_000.0  # central Luleå in SWEREF 99 TM [m]
NAMESPACE = uuid.UUID("6f1c2b1e-0000-4000-8000-000000002580")

# objekttyp, objekttypnr, andamal1, andamal2, huvudbyggnad, width, depth [m],
# then the expected building_type (or the exclusion reason)
BUILDINGS = [
    ("Bostad", 2061, "Bostad;Småhus friliggande", None, "Ja", 12, 10, "residential_small"),
    ("Komplementbyggnad", 2066, "Komplementbyggnad;", None, "Nej", 6, 4, "other"),
    ("Bostad", 2061, "Bostad;Flerfamiljshus", None, "Ja", 60, 14, "residential_multi"),
    (
        "Samhällsfunktion",
        2063,
        "Samhällsfunktion;Skola",
        "Samhällsfunktion;Sporthall",
        "Ja",
        80,
        40,
        "public",
    ),
    ("Industri", 2062, "Industri;Övrig industribyggnad", None, "Ja", 50, 30, "industrial"),
    ("Verksamhet", 2064, "Verksamhet;", None, "Ja", 30, 20, "commercial"),
    ("Ekonomibyggnad", 2065, "Ekonomibyggnad;", None, "Ja", 25, 12, "agricultural"),
    ("Övrig byggnad", None, "Övrig byggnad;", None, "Nej", 5, 4, "other"),
    ("Bostad", 2061, "Bostad;Ospecificerad", None, "Ja", 25, 16, "residential_multi"),
    ("Fritidsanläggning", 2099, "Fritidsanläggning;Bastu", None, "Ja", 5, 4, "unknown_purpose"),
    ("Okänd", 2077, None, None, None, 8, 6, "unknown_purpose"),
    ("Samhällsfunktion", 2063, "Badhus", None, "Ja", 40, 25, "public"),
    (None, None, None, None, None, 10, 10, "other"),
    ("Komplementbyggnad", 2066, "Komplementbyggnad;", None, "Nej", 1.5, 2, "sliver"),
    ("Bostad", 2061, "Bostad;Småhus radhus", None, "Ja", 30, 9, "residential_small"),
]
TWO_PARTS = 14  # this row is a MultiPolygon of two houses (a terrace split by a passage)


def byggnad() -> gpd.GeoDataFrame:
    """The ``byggnad`` layer: one row per entry of :data:`BUILDINGS`."""
    rows, geoms = [], []
    for i, (typ, nr, a1, a2, main, width, depth, _) in enumerate(BUILDINGS):
        x, y = E0 + 100 * i, N0
        geom = MultiPolygon([box(x, y, x + width, y + depth)])
        if i == TWO_PARTS:
            half = width / 2 - 1
            geom = MultiPolygon(
                [box(x, y, x + half, y + depth), box(x + half + 2, y, x + width, y + depth)]
            )
        geoms.append(geom)
        rows.append(
            {
                "objektidentitet": str(uuid.uuid5(NAMESPACE, f"byggnad-{i}")),
                "versiongiltigfran": dt.datetime(2024, 5, 1 + i % 28, 10, 0),
                "objektversion": 1 + i % 3,
                "ursprunglig_organisation": "Luleå kommun" if i % 2 else "Lantmäteriet",
                "objekttypnr": nr,
                "objekttyp": typ,
                "insamlingslage": "Takkant" if i % 2 else "Fasad",
                "byggnadsnamn1": "Centrumskolan" if a1 == "Samhällsfunktion;Skola" else None,
                "byggnadsnamn2": None,
                "byggnadsnamn3": None,
                "husnummer": i + 1,
                "huvudbyggnad": main,
                "andamal1": a1,
                "andamal2": a2,
                "andamal3": None,
                "andamal4": None,
                "andamal5": None,
                "lagesosakerhetplan": 0.6,
                "lagesosakerhethojd": 2.5,
            }
        )
    frame = pd.DataFrame(rows).astype({"objekttypnr": "Int64", "husnummer": "Int64"})
    for col in ("byggnadsnamn2", "byggnadsnamn3", "andamal3", "andamal4", "andamal5"):
        frame[col] = frame[col].astype("string")
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:3006")


def _other_layers() -> dict[str, gpd.GeoDataFrame]:
    """Layers that are not building footprints (points, lines, facility areas)."""
    points = gpd.GeoDataFrame(
        {"objekttyp": ["Byggnad, punkt", "Byggnad, punkt"], "objekttypnr": [2071, 2071]},
        geometry=[Point(E0 + 5, N0 - 50), Point(E0 + 105, N0 - 50)],
        crs="EPSG:3006",
    )
    lines = gpd.GeoDataFrame(
        {"objekttyp": ["Mur"], "objekttypnr": [2081]},
        geometry=[LineString([(E0, N0 - 80), (E0 + 300, N0 - 80)])],
        crs="EPSG:3006",
    )
    areas = gpd.GeoDataFrame(
        {"objekttyp": ["Idrottsplan", "Skola"], "objekttypnr": [2091, 2092]},
        geometry=[
            MultiPolygon([box(E0, N0 - 400, E0 + 200, N0 - 200)]),
            MultiPolygon([box(E0 + 250, N0 - 400, E0 + 450, N0 - 200)]),
        ],
        crs="EPSG:3006",
    )
    return {"byggnadspunkt": points, "byggnadsanlaggningslinje": lines, "anlaggningsomrade": areas}


def write(folder: Path) -> tuple[Path, Path]:
    """Write ``byggnad_kn2580.gpkg`` (all layers) and ``utan_byggnad.gpkg`` (no ``byggnad``)."""
    folder.mkdir(parents=True, exist_ok=True)
    full, without = folder / "byggnad_kn2580.gpkg", folder / "utan_byggnad.gpkg"
    for path in (full, without):
        path.unlink(missing_ok=True)
    others = _other_layers()
    byggnad().to_file(full, layer="byggnad", driver="GPKG")
    for name, layer in others.items():
        layer.to_file(full, layer=name, driver="GPKG")
        layer.to_file(without, layer=name, driver="GPKG")
    return full, without


if __name__ == "__main__":
    print(*write(Path(sys.argv[1])), sep="\n")
