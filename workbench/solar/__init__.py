"""Rooftop solar: roof planes, PV potential per building and per municipality.

* :mod:`~workbench.solar.planes`: footprints to roof planes (orientation, tilt, usable area, kWp);
* :mod:`~workbench.solar.potential`: specific yield per orientation, energy per plane, building,
  building type, municipality and month (:func:`rooftop_potential`, :class:`RooftopResult`);
* :mod:`~workbench.solar.dask`: the same computation on dask partitions (optional ``scale`` extra);
* :mod:`~workbench.solar.schema`: checks of the tables before they are written;
* :mod:`~workbench.solar.outputs`: the files (GeoPackage, Parquet, ``summary.json``);
* :mod:`~workbench.solar.plots`: figures and maps;
* :mod:`~workbench.solar.run`: the run on a municipality's files and the demo stage;
* :mod:`~workbench.solar.synthetic`: the SYNTHETIC demo buildings.
"""

from workbench.solar.planes import roof_planes
from workbench.solar.potential import (
    Prepared,
    RooftopResult,
    building_monthly_kwh,
    orientation_keys,
    per_orientation,
    prepare,
    rooftop_potential,
)
from workbench.solar.run import compute

__all__ = [
    "Prepared",
    "RooftopResult",
    "building_monthly_kwh",
    "compute",
    "orientation_keys",
    "per_orientation",
    "prepare",
    "roof_planes",
    "rooftop_potential",
]
