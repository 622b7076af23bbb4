"""PVGIS fetch with a recorded response (no network): cache, provenance, typical_year('pvgis').

The recorded response is pvlib's PVGIS 5.3 test file in ../shared, served by a fake
transport of :mod:`workbench.core.download`, the download machinery every fetch uses.
"""

from __future__ import annotations

import warnings

import pytest
import yaml
from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import PVSystem
from workbench.core import download
from workbench.core.download import DownloadError, Response, Retry
from workbench.core.errors import InputError
from workbench.core.outputs import sha256_file
from workbench.pv import specific_yield
from workbench.weather import fetch, typical_year

FIXTURE = "weather/tmy_45.000_8.000_2005_2023.json"


class Recorded:
    """A transport serving one body to every request (and recording the requests)."""

    def __init__(self, body: bytes):
        self.body, self.requests = body, []

    def __call__(self, request):
        self.requests.append(request)
        return Response(200, {"Content-Length": str(len(self.body))}, [self.body])


@pytest.fixture
def recorded_pvgis(shared, monkeypatch):
    """The recorded PVGIS 5.3 response as the network; returns the transport."""
    transport = Recorded((shared / FIXTURE).read_bytes())
    monkeypatch.setattr(download, "http_transport", transport)
    return transport


@pytest.mark.slow
def test_fetch_caches_json_and_provenance_then_typical_year_reads_it(recorded_pvgis, tmp_path):
    got = fetch.fetch_pvgis_tmy("Kiruna", folder=tmp_path)
    request = recorded_pvgis.requests[0]
    assert request.url == "https://re.jrc.ec.europa.eu/api/v5_3/tmy" and request.method == "GET"
    assert dict(request.params) == {
        "lat": "67.856",
        "lon": "20.225",
        "outputformat": "json",
        "raddatabase": "PVGIS-ERA5",
    }
    path = got.path
    assert path == tmp_path / "pvgis_tmy_2584.json" and not got.from_cache
    assert path.read_bytes() == recorded_pvgis.body  # the answer as PVGIS sent it
    prov = yaml.safe_load((tmp_path / "pvgis_tmy_2584.provenance.yaml").read_text("utf-8"))
    assert prov["sha256"] == sha256_file(path)
    assert prov["raddatabase_requested"] == "PVGIS-ERA5"
    assert prov["raddatabase_used"] == "PVGIS-SARAH3"  # what the recorded response says
    assert prov["years"] == "2005-2023" and prov["retrieved_utc"].endswith("Z")
    assert "v5_3/tmy?lat=67.856&lon=20.225" in prov["url"]
    assert prov["licence"] == "PVGIS (EU JRC): free to use, no restrictions"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        data = typical_year("Kiruna", source="pvgis", folder=tmp_path)
    # the cached file is the recorded response: same values (1436 kWh m-2)
    assert len(data) == 8760 and round(data["ghi"].sum() / 1000) == 1436
    assert data.attrs["source"] == "PVGIS TMY (PVGIS-SARAH3)"
    assert data.attrs["provenance"]["sha256"] == prov["sha256"]
    assert {"albedo", "snow_depth"} <= set(data.columns)
    # its snow depth is the month's climatological mean: a step each month, no snowfall data
    with pytest.raises(InputError, match="monthly climatology"):
        specific_yield(data, 30.0, 180.0, PVSystem(snow_model="marion"))
    # a second call is answered from the cache without a request
    again = fetch.fetch_pvgis_tmy("Kiruna", folder=tmp_path)
    assert again.from_cache and len(recorded_pvgis.requests) == 1


def test_pvgis_answer_that_is_not_a_tmy_is_refused_and_not_cached(shared, tmp_path):
    body = (shared / FIXTURE).read_bytes()
    no_wait = Retry(attempts=2, backoff_s=0.0, sleep=lambda s: None)
    cut = Recorded(body[: len(body) // 2])
    with pytest.raises(
        DownloadError, match=r"answer cut off after \d+ characters \(after 2 attempts\)"
    ):
        fetch.fetch_pvgis_tmy("Kiruna", tmp_path, transport=cut, retry=no_wait)
    assert len(cut.requests) == 2  # retried once, then refused
    with pytest.raises(DownloadError, match="not JSON, it begins: <html>"):
        fetch.fetch_pvgis_tmy("Kiruna", tmp_path, transport=Recorded(b"<html>maintenance</html>"))
    with pytest.raises(DownloadError, match="unreadable PVGIS JSON"):
        fetch.fetch_pvgis_tmy("Kiruna", tmp_path, transport=Recorded(b'{"outputs": {}}'))
    assert list(tmp_path.iterdir()) == []


def test_typical_year_pvgis_without_cache_says_how_to_fetch(tmp_path):
    with pytest.raises(FileNotFoundError, match="workbench weather fetch --kommun Lulea"):
        typical_year("Luleå", source="pvgis", folder=tmp_path)
    with pytest.raises(ValueError, match="source must be one of"):
        typical_year("Luleå", source="meteonorm")


@pytest.mark.parametrize("command", [["weather", "fetch"], ["fetch", "weather"]])
@pytest.mark.slow
def test_cli_fetch_and_show(recorded_pvgis, tmp_path, command):
    runner = CliRunner()
    args = [*command, "--kommun", "2580", "--folder", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Luleå:" in result.output and "(downloaded; PVGIS-SARAH3, 2005-2023" in result.output
    assert (tmp_path / "pvgis_tmy_2580.json").exists()
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "(from the cache, retrieved" in result.output
    assert len(recorded_pvgis.requests) == 1
    result = runner.invoke(app, [*args, "--refresh"])
    assert result.exit_code == 0 and "downloaded" in result.output
    assert len(recorded_pvgis.requests) == 2
    result = runner.invoke(app, ["weather", "show", "--kommun", "lulea"])
    assert result.exit_code == 0 and "year: GHI 944 kWh m-2" in result.output
