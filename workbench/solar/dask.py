"""The rooftop computation on dask-geopandas partitions with dask.distributed.

Same functions, same numbers as :func:`workbench.solar.potential.rooftop_potential`:

1. **Client:** read and clean the footprints (:func:`workbench.buildings.read`). This
   step stays global because duplicate detection must see every feature, and the
   OSM driver cannot read a ``.osm.pbf`` in parallel slices.
2. **Workers:** roof planes per partition (:func:`workbench.solar.planes.roof_planes`, a
   row-wise function, so partitioning does not change a single plane).
3. **Client:** the PV engine once for the distinct plane orientations of *all*
   partitions (:func:`workbench.solar.potential.orientation_yields`), exactly the orientation
   set the in-memory path uses, so every plane gets the identical specific yield.
4. **Workers:** energy per plane for each partition (:func:`workbench.solar.potential.plane_energy`).
5. **Client:** per-building sums and summaries (:func:`workbench.solar.potential.finish`).

Without ``scheduler_address`` a :class:`distributed.LocalCluster` with ``n_workers``
processes is started and closed; with an address (``"tcp://host:8786"``) the work
goes to that cluster, whose workers need the workbench installed.

dask-geopandas and distributed are the optional ``scale`` extra: this module imports them at
the top, and :mod:`workbench.solar.run` imports this module only when dask is asked for.
"""

from __future__ import annotations

import contextlib
import logging

import dask_geopandas
from distributed import Client, LocalCluster

from workbench.config.pv import PVSystem
from workbench.config.roofs import RoofAssumptions
from workbench.solar.planes import roof_planes
from workbench.solar.potential import (
    RooftopResult,
    finish,
    orientation_yields,
    plane_energy,
    prepare,
)

log = logging.getLogger(__name__)


@contextlib.contextmanager
def client_for(scheduler_address: str | None, n_workers: int):
    """A dask.distributed client: on ``scheduler_address`` or on a fresh local cluster."""
    if scheduler_address:
        with Client(scheduler_address) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def rooftop_potential_dask(
    buildings,
    kommun=None,
    weather=None,
    assumptions: RoofAssumptions | None = None,
    system: PVSystem | None = None,
    *,
    npartitions: int = 8,
    scheduler_address: str | None = None,
    n_workers: int = 2,
    synthetic: bool = False,
) -> RooftopResult:
    """:func:`workbench.solar.potential.rooftop_potential` on dask partitions (see module docstring).

    Parameters
    ----------
    buildings, kommun, weather, assumptions, system, synthetic
        As for :func:`workbench.solar.potential.rooftop_potential`.
    npartitions
        Number of dask-geopandas partitions of the building table.
    scheduler_address
        Address of a running dask scheduler; ``None`` starts a LocalCluster.
    n_workers
        Worker processes of the LocalCluster.
    """
    prep = prepare(buildings, kommun, weather, assumptions, system)
    a, b = prep.assumptions, prep.buildings
    if b.empty:
        return finish(prep, roof_planes(b, a), synthetic)
    parts = dask_geopandas.from_geopandas(b, npartitions=max(1, min(npartitions, len(b))))
    plane_meta = roof_planes(b.iloc[:1], a).iloc[:0]
    with client_for(scheduler_address, n_workers) as client:
        planes_dd = parts.map_partitions(roof_planes, a, meta=plane_meta).persist()
        columns = ["mounting", "surface_tilt", "surface_azimuth", "is_suitable"]
        yields = orientation_yields(
            planes_dd[columns].compute(), prep.weather, prep.system, a.azimuth_resolution_deg
        )
        energy_meta = plane_energy(plane_meta, yields, a)
        planes = planes_dd.map_partitions(plane_energy, yields, a, meta=energy_meta).compute()
        log.info("dask: %d partitions on %s", parts.npartitions, client.scheduler.address)
    return finish(prep, planes.reset_index(drop=True), synthetic)
