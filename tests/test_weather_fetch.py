"""PVGIS fetch with a recorded response (no network): cache, provenance, typical_year('pvgis')."""

from __future__ import annotations

import warnings

import pvlib
import pytest
import yaml
from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import PVSystem
from workbench.core.errors import InputError
from workbench.core.outputs import sha256_file
from workbench.pv import specific_yield
from workbench.weather import fetch, typical_year

FIXTURE = "weather/tmy_45.000_8.000_2005_2023.json"


@pytest.fixture
def recorded_pvgis(shared, monkeypatch):
    """Replace pvlib.iotools.get_pvgis_tmy by the recorded PVGIS 5.3 response; record calls."""
    calls = []

    def fake_get_pvgis_tmy(latitude, longitude, **kwargs):
        calls.append({"latitude": latitude, "longitude": longitude, **kwargs})
        return pvlib.iotools.read_pvgis_tmy(shared / FIXTURE, map_variables=False)

    monkeypatch.setattr(pvlib.iotools, "get_pvgis_tmy", fake_get_pvgis_tmy)
    return calls


def test_fetch_caches_json_and_provenance_then_typical_year_reads_it(recorded_pvgis, tmp_path):
    path = fetch.fetch_pvgis_tmy("Kiruna", folder=tmp_path)
    call = recorded_pvgis[0]
    assert (call["latitude"], call["longitude"]) == (67.856, 20.225)
    assert call["url"].startswith("https://re.jrc.ec.europa.eu/api/v5_3/")
    assert "raddatabase=PVGIS-ERA5" in call["url"] and call["map_variables"] is False
    assert path == tmp_path / "pvgis_tmy_2584.json"
    prov = yaml.safe_load((tmp_path / "pvgis_tmy_2584.provenance.yaml").read_text("utf-8"))
    assert prov["sha256"] == sha256_file(path)
    assert prov["raddatabase_requested"] == "PVGIS-ERA5"
    assert prov["raddatabase_used"] == "PVGIS-SARAH3"  # what the recorded response says
    assert prov["years"] == "2005-2023" and prov["retrieved_utc"].endswith("Z")
    assert "v5_3/tmy?lat=67.856&lon=20.225" in prov["url"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        data = typical_year("Kiruna", source="pvgis", folder=tmp_path)
    # the cached file round-trips: same values as the recorded response (1436 kWh m-2)
    assert len(data) == 8760 and round(data["ghi"].sum() / 1000) == 1436
    assert data.attrs["source"] == "PVGIS TMY (PVGIS-SARAH3)"
    assert data.attrs["provenance"]["sha256"] == prov["sha256"]
    assert {"albedo", "snow_depth"} <= set(data.columns)
    # its snow depth is the month's climatological mean: a step each month, no snowfall data
    with pytest.raises(InputError, match="monthly climatology"):
        specific_yield(data, 30.0, 180.0, PVSystem(snow_model="marion"))


def test_typical_year_pvgis_without_cache_says_how_to_fetch(tmp_path):
    with pytest.raises(FileNotFoundError, match="workbench weather fetch --kommun Lulea"):
        typical_year("Luleå", source="pvgis", folder=tmp_path)
    with pytest.raises(ValueError, match="source must be one of"):
        typical_year("Luleå", source="meteonorm")


def test_cli_fetch_and_show(recorded_pvgis, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["weather", "fetch", "--kommun", "2580", "--folder", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Luleå: cached" in result.output and (tmp_path / "pvgis_tmy_2580.json").exists()
    result = runner.invoke(app, ["weather", "show", "--kommun", "lulea"])
    assert result.exit_code == 0 and "year: GHI 944 kWh m-2" in result.output
