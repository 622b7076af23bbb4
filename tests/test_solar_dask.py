"""The dask-geopandas / dask.distributed path gives exactly the in-memory results."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench import weather
from workbench.config import RoofAssumptions
from workbench.solar.potential import rooftop_potential

pytest.importorskip("dask_geopandas")  # the optional 'scale' extra
distributed = pytest.importorskip("distributed")
from workbench.solar.dask import rooftop_potential_dask  # noqa: E402

KOTKA = "geo/pyrosm__pyrosm/test.osm.pbf"
TMYX = "weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"


def _assert_identical(memory, dask) -> None:
    pd.testing.assert_frame_equal(memory.planes, dask.planes, check_exact=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(memory.buildings), pd.DataFrame(dask.buildings), check_exact=True
    )
    for name in ("by_type", "by_kommun", "monthly"):
        pd.testing.assert_frame_equal(getattr(memory, name), getattr(dask, name), check_exact=True)
    assert memory.summary == dask.summary


@pytest.mark.slow
def test_two_local_workers_identical_to_in_memory(shared):
    path = shared / KOTKA
    wx = weather.read(shared / TMYX)
    memory = rooftop_potential(path, kommun="Luleå", weather=wx)
    dask = rooftop_potential_dask(path, kommun="Luleå", weather=wx, npartitions=5, n_workers=2)
    _assert_identical(memory, dask)
    assert memory.summary["n_included"] == 2151


@pytest.mark.slow
def test_scheduler_address_and_cli(shared, tmp_path):
    """An already running cluster, reached by its address (here a local one), via the CLI."""
    from workbench.cli import app

    path = shared / KOTKA
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        args = ["solar", "-k", "Haparanda", "-b", str(path), "-w", str(shared / TMYX),
                "--allow-outside"]  # foreign footprints, Luleå weather  # fmt: skip
        res = CliRunner().invoke(
            app, [*args, "-o", str(tmp_path / "d"), "--scheduler", cluster.scheduler_address]
        )
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    for name in ("buildings", "planes", "by_type", "monthly", "excluded"):
        a = (tmp_path / "d" / f"{name}.parquet").read_bytes()
        assert a == (tmp_path / "m" / f"{name}.parquet").read_bytes(), name
    d = json.loads((tmp_path / "d" / "summary.json").read_text(encoding="utf-8"))
    assert d["n_input"] == d["n_included"] + d["n_excluded"] == 2302


@pytest.mark.slow
def test_partitioned_geoparquet_read_lazily_on_workers(tmp_path):
    """Three GeoParquet files read by the workers (no frame scattered from the client): the
    same per-building table and totals as the in-memory path on their concatenation."""
    from workbench.solar import synthetic
    from workbench.solar.dask import rooftop_partitions_dask

    town = synthetic.generate("Luleå", n_buildings=900)
    folder = tmp_path / "parts"
    folder.mkdir()
    for i in range(3):
        town.iloc[i * 300 : (i + 1) * 300].to_parquet(folder / f"part.{i}.parquet")
    wx = weather.typical_year("2580")
    result, figures = rooftop_partitions_dask(
        folder, tmp_path / "out", "2580", wx, n_workers=2, memory_limit="1GB"
    )
    memory = rooftop_potential(town, "2580", wx)
    assert figures["partitions"] == 3 and len(figures["peak_rss_mb_per_worker"]) == 2
    got = pd.concat(
        [pd.read_parquet(p) for p in sorted((tmp_path / "out" / "buildings").iterdir())],
        ignore_index=True,
    )
    want = memory.tables["buildings"]
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True), check_exact=True)
    for name in ("by_type", "by_kommun", "monthly"):
        pd.testing.assert_frame_equal(
            getattr(result, name), getattr(memory, name), check_exact=True
        )
    s, m = result.summary, memory.summary
    for key in ("n_input", "n_included", "n_excluded", "capacity_kwp", "annual_mwh"):
        assert s[key] == m[key], key
    assert s["n_input"] == 900 == s["n_included"] + s["n_excluded"]
    # the kWp per orientation summed over the partitions: the in-memory band's weights
    from workbench.solar import interannual

    resolution = RoofAssumptions().azimuth_resolution_deg
    want_kwp = interannual.capacity_by_orientation(memory.planes, resolution)
    pd.testing.assert_frame_equal(result.orientation_kwp, want_kwp, check_exact=True)
