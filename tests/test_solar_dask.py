"""The dask-geopandas / dask.distributed path gives exactly the in-memory results."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench import weather
from workbench.solar import rooftop_potential

pytest.importorskip("dask_geopandas")  # the optional 'scale' extra
pytest.importorskip("distributed")
from workbench.solar_dask import rooftop_potential_dask  # noqa: E402


@pytest.mark.slow
def test_two_local_workers_identical_to_in_memory(shared):
    path = shared / "geo/pyrosm__pyrosm/test.osm.pbf"
    wx = weather.read(shared / "weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw")
    memory = rooftop_potential(path, kommun="Luleå", weather=wx)
    dask = rooftop_potential_dask(path, kommun="Luleå", weather=wx, npartitions=5, n_workers=2)
    pd.testing.assert_frame_equal(memory.planes, dask.planes, check_exact=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(memory.buildings), pd.DataFrame(dask.buildings), check_exact=True
    )
    for name in ("by_type", "by_kommun", "monthly"):
        pd.testing.assert_frame_equal(getattr(memory, name), getattr(dask, name), check_exact=True)
    assert memory.summary == dask.summary
    assert memory.summary["n_included"] == 2151
