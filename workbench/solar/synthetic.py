"""SYNTHETIC demo buildings for the 14 municipalities (seeded, reproducible, clearly labelled).

No public building footprints of Norrbotten could be found (``../shared/data/geo/SOURCES.md``),
so the demo uses generated towns. They are **not real buildings**: every file name starts
with ``synthetic_``, every row carries ``data_origin`` = :data:`SYNTHETIC_LABEL`, the
GeoPackage metadata says ``synthetic=true``, and the rooftop outputs repeat it.

How a town is generated (:func:`generate`, all randomness from
``numpy.random.default_rng(SEED + kommun code)``):

* **Count.** ``round(population × BUILDINGS_PER_INHABITANT)`` buildings. SCB counts 2,115,329
  dwellings in one- or two-dwelling buildings and 2,626,837 in multi-dwelling buildings in
  Sweden at end-2021 (population 10.45 M), i.e. about 0.2 main residential buildings per
  inhabitant (≈ 2.05 M small houses + ≈ 0.16 M multi-dwelling buildings at ~16 dwellings
  each); with non-residential buildings and detached garages this gives 0.25 per inhabitant
  (Luleå: 76,770 × 0.25 ≈ 19,200). Sheds and other small ancillary buildings are left out.
* **Type mix** (:data:`TYPE_MIX`): small houses ≈ 13 per multi-dwelling building (the SCB
  ratio above); shares of commercial, public, industrial and agricultural buildings and
  garages are assumptions (judgement).
* **Layout.** The town is a square spiral of 400 m cells around the seat coordinates
  (``data/kommuner.csv``): mixed centre cells (multi-dwelling, commercial, public) first,
  then villa cells (a house per 28 m × 32 m plot, some with a detached garage), then
  industrial cells; farms are scattered 1–10 km beyond the town.
* **Orientation** (:func:`grid_angles`). Each cell has its own street grid. The street
  grids of Norrbotten towns are close to uniform in azimuth (Luleå, Piteå, Kiruna and Boden
  grew in stages, each district with its own grid, and villa streets follow the terrain), so
  the cells' grid angles are drawn near-uniformly over 0–180°: stratified, one angle in each
  of n equal sectors (a random phase, then shuffled among the cells), so even a small town
  with a handful of villa cells has no preferred direction; every building turns a further
  N(0°, 2°). Ridges run along each rectangle's long side, so roof azimuths are near-uniform
  too. (Until December 2026 every cell turned only 0–45° from one town-wide direction, which
  gave some towns 75 % east/west roofs.) Farms have uniform random directions.
* **Sizes** (:data:`SIZES`): rectangles with footprints typical of each type (villa
  9–15 m × 7.5–11 m, lamellhus 25–45 m × 10–14 m, ...); levels and a roof shape for a
  minority of buildings (the rest ``unknown``, as in real data).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely

from workbench.core.gdal import gdal_current_date
from workbench.core.outputs import atomic_path
from workbench.reference import kommuner as km
from workbench.solar.schema import SYNTHETIC_LABEL

SEED = 20_260_401
SYNTHETIC_FILE_DATE = "2026-04-01T00:00:00Z"  # fixed GeoPackage timestamp: same seed, same bytes
BUILDINGS_PER_INHABITANT = 0.25
TYPE_MIX = {
    "residential_small": 0.66,
    "residential_multi": 0.05,
    "commercial": 0.04,
    "public": 0.02,
    "industrial": 0.03,
    "agricultural": 0.05,
    "other": 0.15,  # detached garages in villa plots
}
# (length min, max, width min, max) [m], levels (min, max)
SIZES = {
    "residential_small": ((9.0, 15.0, 7.5, 11.0), (1, 2)),
    "residential_multi": ((25.0, 45.0, 10.0, 14.0), (3, 5)),
    "commercial": ((15.0, 45.0, 12.0, 30.0), (1, 3)),
    "public": ((25.0, 50.0, 15.0, 35.0), (1, 3)),
    "industrial": ((25.0, 70.0, 15.0, 40.0), (1, 1)),
    "agricultural": ((15.0, 40.0, 8.0, 18.0), (1, 1)),
    "other": ((4.0, 7.0, 5.0, 8.0), (1, 1)),
}
# share of buildings with a roof_shape tag, and the shapes drawn for them
ROOF_TAGGED_SHARE = 0.2
ROOF_SHAPES = {
    "residential_small": (["gabled", "hipped", "flat"], [0.7, 0.25, 0.05]),
    "residential_multi": (["flat", "gabled", "hipped"], [0.5, 0.3, 0.2]),
    "commercial": (["flat", "gabled"], [0.8, 0.2]),
    "public": (["flat", "gabled", "hipped"], [0.6, 0.3, 0.1]),
    "industrial": (["flat", "gabled"], [0.8, 0.2]),
    "agricultural": (["gabled", "gambrel"], [0.8, 0.2]),
    "other": (["gabled", "flat", "skillion"], [0.5, 0.3, 0.2]),
}
CELL_M = 400.0
PLOT_SPAN_M = 280.0  # plots fill the central 280 m of a cell so rotated grids never overlap
CENTRE_SPACING_M = 56.0
VILLA_SPACING_M = (28.0, 32.0)
INDUSTRY_SPACING_M = 80.0
CELL_ANGLE_JITTER_DEG = 2.0
GARAGE_OFFSET_M = (9.5, 11.0)


def counts(kommun, total: int | None = None) -> dict[str, int]:
    """Number of synthetic buildings per type: ``total`` (default population × 0.25) by the mix."""
    k = km.get(kommun)
    total = round(k.population * BUILDINGS_PER_INHABITANT) if total is None else total
    out = {t: int(round(share * total)) for t, share in TYPE_MIX.items()}
    out["other"] = min(out["other"], out["residential_small"])  # one garage per villa at most
    return out


def _spiral_cells(n: int) -> np.ndarray:
    """Integer cell offsets (i, j) ordered by distance from the centre, then angle."""
    r = int(np.ceil(np.sqrt(n))) + 2
    i, j = np.meshgrid(np.arange(-r, r + 1), np.arange(-r, r + 1), indexing="ij")
    cells = np.column_stack([i.ravel(), j.ravel()])
    order = np.lexsort((np.arctan2(cells[:, 1], cells[:, 0]), np.hypot(*cells.T)))
    return cells[order][:n]


def _plots(spacing: tuple[float, float]) -> np.ndarray:
    """Plot centres [m] of one cell in local (along-street, across-street) coordinates."""
    nx, ny = int(PLOT_SPAN_M // spacing[0]), int(PLOT_SPAN_M // spacing[1])
    u = (np.arange(nx) - (nx - 1) / 2) * spacing[0]
    v = (np.arange(ny) - (ny - 1) / 2) * spacing[1]
    uu, vv = np.meshgrid(u, v, indexing="ij")
    return np.column_stack([uu.ravel(), vv.ravel()])


def _rectangles(cx, cy, length, width, angle_deg) -> np.ndarray:
    """Rotated rectangles (shapely polygons) centred at (cx, cy)."""
    a = np.radians(angle_deg)
    ux, uy = np.cos(a), np.sin(a)
    corners = []
    for sl, sw in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        dx = sl * length / 2 * ux - sw * width / 2 * uy
        dy = sl * length / 2 * uy + sw * width / 2 * ux
        corners.append(np.column_stack([cx + dx, cy + dy]))
    return shapely.polygons(np.stack(corners, axis=1))


def grid_angles(rng: np.random.Generator, n_cells: int) -> np.ndarray:
    """Street-grid angles [°, 0–180] of ``n_cells`` cells, stratified near-uniform.

    One angle in each of ``n_cells`` equal sectors of 180° (a common random phase), shuffled
    among the cells, plus N(0°, :data:`CELL_ANGLE_JITTER_DEG`) per cell: the empirical
    distribution is uniform to within one sector whatever the town's size.
    """
    if n_cells == 0:
        return np.empty(0)
    sector = 180.0 / n_cells
    angles = rng.uniform(0.0, sector) + sector * np.arange(n_cells)
    rng.shuffle(angles)
    return angles + rng.normal(0.0, CELL_ANGLE_JITTER_DEG, n_cells)


def _place_in_cells(rng, n, cells, spacing, origin):
    """Positions and grid angles of ``n`` plots filled cell by cell."""
    plots = _plots(spacing)
    per_cell = len(plots)
    n_cells = int(np.ceil(n / per_cell)) if n else 0
    use, rest = cells[:n_cells], cells[n_cells:]
    angles = grid_angles(rng, n_cells)
    cell_of = np.repeat(np.arange(n_cells), per_cell)[:n]
    local = np.tile(plots, (max(n_cells, 1), 1))[:n]
    a = np.radians(angles[cell_of])
    x = origin[0] + use[cell_of, 0] * CELL_M + local[:, 0] * np.cos(a) - local[:, 1] * np.sin(a)
    y = origin[1] + use[cell_of, 1] * CELL_M + local[:, 0] * np.sin(a) + local[:, 1] * np.cos(a)
    return x, y, angles[cell_of], rest


def _dims(rng, btype: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    (lmin, lmax, wmin, wmax), (vmin, vmax) = SIZES[btype]
    length = rng.uniform(lmin, lmax, n)
    width = np.minimum(rng.uniform(wmin, wmax, n), length)
    levels = rng.integers(vmin, vmax + 1, n).astype(float)
    return length, width, levels


def generate(kommun, seed: int = SEED, n_buildings: int | None = None) -> gpd.GeoDataFrame:
    """The synthetic buildings of one municipality (EPSG:3006), deterministic for a seed.

    ``n_buildings`` overrides the population-scaled count (benchmarks use 20,000 and 200,000).
    """
    k = km.get(kommun)
    rng = np.random.default_rng(seed + int(k.kommun_id_scb))
    n = counts(k, n_buildings)
    origin = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(
        k.seat_lon, k.seat_lat
    )
    n_central = n["residential_multi"] + n["commercial"] + n["public"]
    estimate = (
        n_central / len(_plots((CENTRE_SPACING_M,) * 2))
        + n["residential_small"] / len(_plots(VILLA_SPACING_M))
        + n["industrial"] / len(_plots((INDUSTRY_SPACING_M,) * 2))
    )
    cells = _spiral_cells(int(estimate) + 16)
    parts = []

    central_types = np.array(
        ["residential_multi"] * n["residential_multi"]
        + ["commercial"] * n["commercial"]
        + ["public"] * n["public"]
    )
    rng.shuffle(central_types)
    x, y, ang, cells = _place_in_cells(rng, n_central, cells, (CENTRE_SPACING_M,) * 2, origin)
    parts.append(pd.DataFrame({"building_type": central_types, "x": x, "y": y, "angle": ang}))
    x, y, ang, cells = _place_in_cells(rng, n["residential_small"], cells, VILLA_SPACING_M, origin)
    villas = pd.DataFrame({"building_type": "residential_small", "x": x, "y": y, "angle": ang})
    parts.append(villas)
    garages = villas.sample(n=n["other"], random_state=rng.integers(2**31)).sort_index()
    a = np.radians(garages["angle"].to_numpy())
    gx, gy = GARAGE_OFFSET_M
    parts.append(
        pd.DataFrame(
            {
                "building_type": "other",
                "x": garages["x"].to_numpy() + gx * np.cos(a) - gy * np.sin(a),
                "y": garages["y"].to_numpy() + gx * np.sin(a) + gy * np.cos(a),
                "angle": garages["angle"].to_numpy(),
            }
        )
    )
    x, y, ang, cells = _place_in_cells(
        rng, n["industrial"], cells, (INDUSTRY_SPACING_M,) * 2, origin
    )
    parts.append(pd.DataFrame({"building_type": "industrial", "x": x, "y": y, "angle": ang}))
    m = n["agricultural"]
    town_radius = np.hypot(*cells[0]) * CELL_M if len(cells) else 0.0  # first unused cell
    radius = rng.uniform(town_radius + 1000.0, town_radius + 10000.0, m)
    theta = rng.uniform(0, 2 * np.pi, m)
    parts.append(
        pd.DataFrame(
            {
                "building_type": "agricultural",
                "x": origin[0] + radius * np.cos(theta),
                "y": origin[1] + radius * np.sin(theta),
                "angle": rng.uniform(0.0, 180.0, m),
            }
        )
    )
    town = pd.concat(parts, ignore_index=True)
    return _finish(rng, town, k)


def _finish(rng, town: pd.DataFrame, k: km.Kommun) -> gpd.GeoDataFrame:
    n = len(town)
    length, width, levels = np.empty(n), np.empty(n), np.empty(n)
    roof = np.full(n, "unknown", dtype=object)
    for btype in TYPE_MIX:
        sel = np.flatnonzero(town["building_type"].to_numpy() == btype)
        length[sel], width[sel], levels[sel] = _dims(rng, btype, len(sel))
        shapes, weights = ROOF_SHAPES[btype]
        tagged = sel[rng.random(len(sel)) < ROOF_TAGGED_SHARE]
        roof[tagged] = rng.choice(shapes, size=len(tagged), p=weights)
    jitter = rng.normal(0.0, 2.0, n)
    geoms = _rectangles(
        town["x"].to_numpy(), town["y"].to_numpy(), length, width, town["angle"] + jitter
    )
    btype = town["building_type"].to_numpy()
    owner = np.full(n, "privat", dtype=object)
    owner[btype == "public"] = "kommun"
    multi = np.flatnonzero(btype == "residential_multi")
    owner[multi[rng.random(len(multi)) < 0.35]] = "kommunalt_bostadsbolag"
    frame = pd.DataFrame(
        {
            "building_id": [f"SYN-{k.kommun_id_scb}-{i:06d}" for i in range(1, n + 1)],
            "building_type": btype,
            "levels": levels,
            "roof_shape": roof,
            "owner": owner,
            "is_main_building": btype != "other",
            "kommun_id_scb": k.kommun_id_scb,
            "data_origin": SYNTHETIC_LABEL,
        }
    )
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:3006")


def file_name(kommun) -> str:
    """``synthetic_demo_buildings_<slug>.gpkg``."""
    return f"synthetic_demo_buildings_{km.get(kommun).slug}.gpkg"


def write(kommun, out_dir: str | Path, seed: int = SEED) -> Path:
    """Write the municipality's synthetic buildings to ``out_dir/<file_name>`` (atomic)."""
    k = km.get(kommun)
    path = Path(out_dir) / file_name(k)
    gdf = generate(k, seed)
    with atomic_path(path) as tmp, gdal_current_date(SYNTHETIC_FILE_DATE):
        pyogrio.write_dataframe(
            gdf,
            tmp,
            layer="synthetic_buildings",
            driver="GPKG",
            # layer metadata: dataset metadata would be copied to a .aux.xml on every read
            layer_metadata={
                "synthetic": "true",
                "data_origin": SYNTHETIC_LABEL,
                # the generator's name before the move to workbench.solar.synthetic, kept so
                # that the demo GeoPackages stay byte-identical (see schema.SYNTHETIC_LABEL)
                "generator": f"workbench.demo_buildings.generate(seed={seed})",
                "kommun_id_scb": k.kommun_id_scb,
            },
        )
    return path
