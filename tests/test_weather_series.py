"""PVGIS multi-year hourly series (issue 14 item 5): fetch, cache, read, and the yield band.

The recorded response is made at test time by ``tests/pvgis_hourly_fixture.py`` from the Luleå
TMYx in ../shared (2019 as the TMYx, 2020 with the irradiance × 0.9), in the layout of pvlib's
own PVGIS hourly test file; a fake transport of :mod:`workbench.core.download` serves it. No
test touches the network.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pvgis_hourly_fixture as fixture
import pvlib
import pytest
import yaml
from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import PVSystem
from workbench.core import download
from workbench.core.download import DownloadError, Response, Retry
from workbench.core.outputs import sha256_file
from workbench.export.report import input_label
from workbench.pv.reference import modelchain_specific_yield
from workbench.solar import interannual
from workbench.weather import series

NO_WAIT = Retry(attempts=2, backoff_s=0.0, sleep=lambda s: None)


class Recorded:
    """A transport serving one body to every request (and recording the requests)."""

    def __init__(self, body: bytes, length: int | None = None):
        self.body, self.requests = body, []
        self.length = len(body) if length is None else length

    def __call__(self, request):
        self.requests.append(request)
        return Response(200, {"Content-Length": str(self.length)}, [self.body])


@pytest.fixture(scope="module")
def body(shared) -> bytes:
    return fixture.body(shared)


@pytest.fixture
def cached(body, tmp_path):
    """The recorded series fetched into ``tmp_path`` (a Fetched)."""
    return series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=Recorded(body))


def test_fetch_caches_the_answer_with_provenance_then_answers_offline(body, tmp_path):
    transport = Recorded(body)
    got = series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=transport)
    request = transport.requests[0]
    assert request.url == "https://re.jrc.ec.europa.eu/api/v5_3/seriescalc"
    # pvlib.iotools.get_pvgis_hourly's query for a horizontal plane with components
    assert dict(request.params) == {
        "lat": "65.584", "lon": "22.154", "outputformat": "json", "angle": "0", "aspect": "0",
        "pvcalculation": "0", "components": "1", "usehorizon": "1",
        "raddatabase": "PVGIS-ERA5", "startyear": "2019", "endyear": "2020",
    }  # fmt: skip
    assert got.path == tmp_path / "pvgis_hourly_2580_2019_2020.json" and not got.from_cache
    assert got.path.read_bytes() == body
    prov = yaml.safe_load((tmp_path / "pvgis_hourly_2580_2019_2020.provenance.yaml").read_text())
    assert prov["sha256"] == sha256_file(got.path)
    assert prov["raddatabase_used"] == "PVGIS-ERA5" and prov["years"] == "2019-2020"
    assert prov["n_hours"] == 8760 + 8784 and prov["retrieved_utc"].endswith("Z")
    assert "seriescalc?lat=65.584&lon=22.154" in prov["url"]
    assert series.find_cached("Luleå", tmp_path) == got.path
    assert series.find_cached("Kiruna", tmp_path) is None
    again = series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=transport)
    assert again.from_cache and len(transport.requests) == 1


def test_reader_uses_pvlib_and_turns_the_horizontal_components_into_ghi_dni_dhi(cached):
    """Hand check against the raw JSON (json module, not pvlib): GHI = Gb(i) + Gd(i),
    DHI = Gd(i) on a horizontal plane; DNI·cos(zenith) = Gb(i) with the sun above 10°, at the
    sun the PV engine uses.
    The yearly GHI is 937.9 kWh m-2 in 2019 (the Luleå TMYx; its EPW sum over the hours with
    the sun up) and 845.1 in 2020 = 0.9 × (937.9 + 1.0 for the repeated 28 February)."""
    raw = pd.DataFrame(json.loads(cached.path.read_text())["outputs"]["hourly"])
    data = series.read_series(cached.path, "Luleå")
    assert len(data) == 17544 and str(data.index.tz) == "UTC"
    assert data.index[0] == pd.Timestamp("2019-01-01 00:00", tz="UTC")
    assert data.index[-1] == pd.Timestamp("2020-12-31 23:00", tz="UTC")
    np.testing.assert_allclose(data["ghi"], raw["Gb(i)"] + raw["Gd(i)"], atol=1e-9)
    np.testing.assert_allclose(data["dhi"], raw["Gd(i)"], atol=1e-9)
    # the engine's sun (pvlib, apparent zenith at the label + 0 min) gives back Gb(i)
    sun = pvlib.solarposition.get_solarposition(data.index, 65.584, 22.154, method="nrel_numpy",
                                                temperature=data["temp_air"].to_numpy(),
                                                pressure=pvlib.atmosphere.alt2pres(10.0))  # fmt: skip
    high = sun["apparent_zenith"].to_numpy() < 80
    beam = data["dni"].to_numpy() * np.cos(np.radians(sun["apparent_zenith"].to_numpy()))
    np.testing.assert_allclose(beam[high], raw["Gb(i)"].to_numpy()[high], atol=1e-6)
    assert data.attrs["h_sun_offset_min"] == 0.0  # the fixture's H_sun is at its time stamps
    yearly = data["ghi"].groupby(data.index.year).sum() / 1000.0
    assert yearly.round(1).to_dict() == {2019: 937.9, 2020: 845.1}
    assert data.attrs["source"] == "PVGIS hourly (PVGIS-ERA5, meteo ERA5)"
    assert data.attrs["period"] == "2019-2020" and data.attrs["solar_time_offset_min"] == 0.0
    assert data.attrs["provenance"]["sha256"] == cached.provenance["sha256"]
    assert 0 < data.attrs["beam_dropped_kwh_m2"] < 0.5  # beam below 2° sun height, dropped
    assert {"albedo", "snow_depth"} <= set(data.columns)
    years = series.by_year(data)
    assert {y: len(f) for y, f in years.items()} == {2019: 8760, 2020: 8784}
    assert years[2020].attrs["period"] == "2020"


def test_offline_fetch_says_to_connect_and_caches_nothing(tmp_path):
    def offline(request):
        raise ConnectionError("[Errno -3] Temporary failure in name resolution")

    with pytest.raises(DownloadError, match="network connection to re.jrc.ec.europa.eu"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=offline,
                                  retry=NO_WAIT)  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError, match="no PVGIS hourly series"):
        series.read_series(tmp_path / "pvgis_hourly_2580_2019_2020.json")


def test_truncated_or_incomplete_answers_are_refused_and_not_cached(body, tmp_path):
    cut = Recorded(body[: len(body) // 3])
    with pytest.raises(DownloadError, match=r"answer cut off after \d+ characters"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=cut, retry=NO_WAIT)
    assert len(cut.requests) == 2  # retried once, then refused
    short = Recorded(body[:1000], length=len(body))  # the connection dropped mid-way
    with pytest.raises(DownloadError, match=rf"answer cut off: 1000 of {len(body)} bytes"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path, transport=short, retry=NO_WAIT)
    answer = json.loads(body)
    answer["outputs"]["hourly"] = answer["outputs"]["hourly"][:-24]  # 30 Dec 2020 is the end
    with pytest.raises(DownloadError, match=r"incomplete years \(2020: 8760 h\)"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path,
                                  transport=Recorded(json.dumps(answer).encode()))  # fmt: skip
    with pytest.raises(DownloadError, match="not JSON, it begins: <html>"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path,
                                  transport=Recorded(b"<html>maintenance</html>"))  # fmt: skip
    with pytest.raises(DownloadError, match="unreadable PVGIS JSON"):
        series.fetch_pvgis_hourly("Luleå", 2019, 2020, tmp_path,
                                  transport=Recorded(b'{"outputs": {}}'))  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="cover 2005-2023"):
        series.source("Luleå", 2004, 2020)


def test_band_matches_pvlib_modelchain_run_year_by_year(cached):
    """The band's yearly yield of one orientation is pvlib's ModelChain on that year
    (:mod:`workbench.pv.reference`, PVWatts with the same settings): 2019 885.3 and
    2020 804.4 kWh kWp-1 for a 27° south roof (the TMYx year, and 0.9 × its irradiance:
    804.4 / 885.3 = 0.909, above 0.9 as 2020 has one day more, 28 February twice, and its cells
    run cooler under less sun). Two orientations weighted by capacity:
    (3 × y_south + 1 × y_east) / 4, checked by hand."""
    data = series.read_series(cached.path, "Luleå")
    system = PVSystem()
    south = pd.DataFrame({"mounting": ["close_mount"], "tilt_key": [27.0],
                          "azimuth_key": [180.0], "capacity_kwp": [2.0]})  # fmt: skip
    got = interannual.annual_yields(data, south, system)
    assert got["year"].tolist() == [2019, 2020] and got["n_hours"].tolist() == [8760, 8784]
    frames = series.by_year(data)
    system_cm = system.model_copy(update={"mounting": "close_mount"})
    ref = [modelchain_specific_yield(frames[y], 27.0, 180.0, system_cm)["annual_kwh_per_kwp"][0]
           for y in (2019, 2020)]  # fmt: skip
    np.testing.assert_allclose(got["kwh_per_kwp"], ref, rtol=1e-6)
    assert got["kwh_per_kwp"].round(1).tolist() == [885.3, 804.4]
    assert round(got["kwh_per_kwp"][1] / got["kwh_per_kwp"][0], 3) == 0.909
    east = south.assign(azimuth_key=90.0, capacity_kwp=1.0)
    both = pd.concat([south.assign(capacity_kwp=3.0), east], ignore_index=True)
    y_east = interannual.annual_yields(data, east, system)["kwh_per_kwp"]
    mixed = interannual.annual_yields(data, both, system)["kwh_per_kwp"]
    np.testing.assert_allclose(mixed, (3 * got["kwh_per_kwp"] + y_east) / 4, rtol=1e-12)
    band = interannual.band_of(got, data)
    assert (band["kwh_per_kwp_min"], band["year_of_min"]) == (got["kwh_per_kwp"][1], 2020)
    assert (band["kwh_per_kwp_max"], band["year_of_max"]) == (got["kwh_per_kwp"][0], 2019)
    assert band["raddatabase"] == "PVGIS-ERA5" and band["n_years"] == 2
    assert band["sha256"] == cached.provenance["sha256"]


@pytest.mark.slow
def test_cli_fetch_hourly_then_solar_reports_the_band(body, tmp_path, monkeypatch):
    transport = Recorded(body)
    monkeypatch.setattr(download, "http_transport", transport)
    runner = CliRunner()
    args = ["weather", "fetch", "--hourly", "--start", "2019", "--end", "2020",
            "-k", "Luleå", "--folder", str(tmp_path)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "(downloaded; PVGIS-ERA5, 2019-2020" in result.output
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "from the cache" in result.output
    assert len(transport.requests) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "pvgis_hourly_2580_2019_2020.json").write_bytes(body)  # no provenance: unfinished
    monkeypatch.setattr(series, "cache_dir", lambda: empty)
    plain = tmp_path / "plain"
    result = runner.invoke(app, ["solar", "-k", "Luleå", "--out", str(plain)])
    assert result.exit_code == 0 and "years" not in result.output
    assert "interannual" not in json.loads((plain / "summary.json").read_text())
    assert "weather_series" not in json.loads((plain / "manifest.json").read_text())["inputs"]
    monkeypatch.setattr(series, "cache_dir", lambda: tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["solar", "-k", "Luleå", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    band = summary["interannual"]
    assert band["first_year"] == 2019 and band["last_year"] == 2020
    assert band["kwh_per_kwp_min"] < band["kwh_per_kwp_mean"] < band["kwh_per_kwp_max"]
    assert "years 2019-2020 (PVGIS-ERA5)" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert "weather_series" in json.dumps(manifest["inputs"])


@pytest.mark.slow
def test_report_states_the_band_in_swedish_and_names_the_series(cached, tmp_path, monkeypatch):
    """The municipality report of a run with a cached series carries the band sentence and
    the series among its inputs; 2019 (the TMYx) and 2020 (0.9 × its irradiance) of the
    synthetic Luleå roofs, typical year the embedded one."""
    monkeypatch.setattr(series, "cache_dir", lambda: cached.path.parent)
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", "-k", "Luleå", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    summary = json.loads(next(out.rglob("solar/summary.json")).read_text())
    band = summary["interannual"]
    low, high = round(band["kwh_per_kwp_min"]), round(band["kwh_per_kwp_max"])
    assert (band["year_of_min"], band["year_of_max"]) == (2020, 2019)
    sentence = (f"Årlig produktion varierar mellan år: {low}–{high} kWh/kWp (min–max, "
                "PVGIS-ERA5 2019–2020; lägst 2020, högst 2019")  # fmt: skip
    assert sentence in html
    assert "timserie för flera år från PVGIS (JRC)" in html


def test_weather_inputs_are_named_in_the_report_footer():
    """``workbench report -w FILE`` stopped at the footer before: no label for the role."""
    assert input_label("weather", "sv") == "väderfil som användaren angav (--weather)"
    assert input_label("weather_series", "en").startswith("multi-year hourly series from PVGIS")


@pytest.mark.slow
def test_streamed_run_gives_the_in_memory_band(cached, tmp_path, monkeypatch):
    """The streaming path sums kWp per orientation over its batches; same band, same bytes of
    summary.json's ``interannual``, and the in-memory band of the typical year's roofs is the
    run's own ``kwh_per_kwp`` when the "series" is that typical year (1990 as its one year)."""
    from workbench.config import RoofAssumptions
    from workbench.solar.run import Scale, run
    from workbench.weather import typical_year

    monkeypatch.setattr(series, "cache_dir", lambda: cached.path.parent)
    memory = run(
        "Luleå", tmp_path / "memory", tables=("by_kommun",), scale=Scale(stream=False)
    )  # fmt: skip
    streamed = run(
        "Luleå", tmp_path / "stream", tables=("by_kommun",), scale=Scale(stream=True, batch_size=5000)
    )  # fmt: skip
    assert memory.interannual == streamed.interannual
    assert memory.interannual["n_years"] == 2
    for name in ("memory", "stream"):
        saved = json.loads((tmp_path / name / "summary.json").read_text())["interannual"]
        assert saved == memory.interannual
    assert "weather_series" in streamed.inputs
    system = PVSystem()
    resolution = RoofAssumptions().azimuth_resolution_deg
    typical = interannual.band(memory, typical_year("Luleå"), system, resolution)
    assert typical["first_year"] == 1990
    assert typical["kwh_per_kwp_mean"] == pytest.approx(memory.summary["kwh_per_kwp"], rel=1e-12)


def test_h_sun_says_where_pvgis_puts_the_sun():
    """PVGIS's H_sun computed 30 min after the stamps (as for hour-centred values) is found
    at +30 min; at the stamps, 0."""
    times = pd.date_range("2019-06-01", "2019-06-10 23:00", freq="h", tz="UTC")
    later = pvlib.solarposition.get_solarposition(times + pd.Timedelta(minutes=30), 65.584,
                                                  22.154, method="nrel_numpy")  # fmt: skip
    h_sun = pd.Series(np.clip(later["elevation"].to_numpy(), 0, None), index=times)
    assert series.h_sun_offset_min(h_sun, 65.584, 22.154) == 30.0
    now = pvlib.solarposition.get_solarposition(times, 65.584, 22.154, method="nrel_numpy")
    h_now = pd.Series(now["elevation"].to_numpy(), index=times)
    assert series.h_sun_offset_min(h_now, 65.584, 22.154) == 0.0


def test_the_band_sentence_and_the_input_labels_read_in_swedish():
    """No English word or internal key (the scan of tests/test_export_language.py)."""
    from test_export_language import findings

    from workbench.export.content import interannual_paragraphs

    band = {"kwh_per_kwp_min": 697.6, "kwh_per_kwp_max": 770.2, "kwh_per_kwp_mean": 733.9,
            "raddatabase": "PVGIS-ERA5", "first_year": 2005, "last_year": 2023,
            "year_of_min": 2012, "year_of_max": 2018}  # fmt: skip
    (text,) = interannual_paragraphs(band, {"kwh_per_kwp": 775.0}, "sv")
    assert text.startswith("Årlig produktion varierar mellan år: 698–770 kWh/kWp (min–max, "
                           "PVGIS-ERA5 2005–2023; lägst 2012, högst 2018, medelvärde 734")  # fmt: skip
    assert "det typiska väderåret ger 775 kWh/kWp" in text
    assert findings(text) == []
    assert findings(input_label("weather_series", "sv")) == []
    assert findings(input_label("weather", "sv")) == []
    assert interannual_paragraphs(None, {"kwh_per_kwp": 775.0}, "sv") == []


def test_weather_show_series_prints_each_year(cached):
    """GHI per year as in the reader test: 937.9 and 845.1 kWh m-2."""
    args = ["weather", "show", "-k", "Luleå", "--source", "series", "--folder"]
    result = CliRunner().invoke(app, [*args, str(cached.path.parent)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("PVGIS hourly (PVGIS-ERA5, meteo ERA5) | 2019-2020 | ")
    assert lines[3].split()[:2] == ["2019", "937.9"] and lines[4].split()[:2] == ["2020", "845.1"]
    assert "PVGIS's H_sun matches 0 min" in result.output
    empty = CliRunner().invoke(app, [*args, str(cached.path.parent / "none")])
    assert empty.exit_code != 0 and "weather fetch --hourly --kommun Lulea" in empty.output


def test_a_series_older_than_a_year_is_reported_stale(cached):
    import datetime as dt

    data = series.read_series(cached.path, "Luleå")
    retrieved = dt.datetime.fromisoformat(cached.provenance["retrieved_utc"].replace("Z", "+00:00"))
    assert series.stale_note(data, retrieved + dt.timedelta(days=365)) is None
    note = series.stale_note(data, retrieved + dt.timedelta(days=400))
    assert "of Luleå was retrieved" in note and "400 days ago (more than 365)" in note
    assert "workbench weather fetch --hourly --refresh" in note
