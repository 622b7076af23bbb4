"""``workbench fetch strategy`` (issue 14 item 3), Kolada PV KPIs, against a recorded answer.

The fixture is the project's own: the embedded snapshot ``data/strategy/pv_installed.csv``
written as a Kolada v2 answer (N45974 installations, N45970 MW). Fetching it through the fake
transport and reading the converted file with the embedded path's reader must give the embedded
numbers back (Luleå 2025: 631 installations, 11.16 MW; Arvidsjaur empty, not zero). No test
touches the network.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.core import download
from workbench.core.download import DownloadError, Response, Retry
from workbench.core.paths import data_path
from workbench.strategy.fetch import fetch_pv_installed, kolada_request


def kolada_answer(year: int = 2025) -> bytes:
    """The embedded PV table as Kolada would answer (empty cells left out, as Kolada does)."""
    table = pd.read_csv(data_path("strategy", "pv_installed.csv"), dtype={"area_id_scb": str})
    values = []
    for r in table[table["year"] == year].itertuples():
        for kpi, value in (("N45974", r.n_installations), ("N45970", r.capacity_mw)):
            if pd.notna(value):
                values.append({"kpi": kpi, "municipality": r.area_id_scb, "period": year,
                               "values": [{"count": 1, "gender": "T", "status": "",
                                           "value": float(value)}]})  # fmt: skip
    return json.dumps({"count": len(values), "values": values}).encode("utf-8")


class Transport:
    def __init__(self, *answers):
        self.answers, self.requests = list(answers), []

    def __call__(self, request):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Response(200, {"Content-Length": str(len(answer))}, [answer])


NO_WAIT = Retry(attempts=2, backoff_s=0.0, sleep=lambda s: None)


def test_kolada_answer_becomes_the_embedded_table_through_the_shared_reader(tmp_path):
    transport = Transport(kolada_answer())
    got = fetch_pv_installed(2025, tmp_path, transport=transport, retry=NO_WAIT)
    url = transport.requests[0].url
    assert "N45974,N45970" in url and url.endswith("/year/2025")
    prov = got.download.provenance
    assert prov["licence"].startswith("Kolada") and prov["kpis"] == ["N45970", "N45974"]
    embedded = pd.read_csv(data_path("strategy", "pv_installed.csv"), dtype={"area_id_scb": str})
    table = got.table.set_index("area_id_scb")
    assert table.loc["2580", "n_installations"] == 631 and table.loc["2580", "capacity_mw"] == 11.16
    assert pd.isna(table.loc["2505", "capacity_mw"])  # Arvidsjaur: missing, never zero
    pd.testing.assert_series_equal(
        table["capacity_mw"], embedded.set_index("area_id_scb")["capacity_mw"], check_names=False
    )
    again = fetch_pv_installed(2025, tmp_path, transport=Transport())  # offline: from the cache
    assert again.download.from_cache


def test_a_changed_format_is_named_and_never_cached(tmp_path):
    changed = json.dumps({"data": []}).encode()
    with pytest.raises(DownloadError, match="not in Kolada's v2 format: no list 'values'"):
        fetch_pv_installed(2025, tmp_path, transport=Transport(changed), retry=NO_WAIT)
    assert not (tmp_path / "kolada_pv_2025.json").exists()
    no_total = json.dumps({"values": [{"kpi": "N45970", "municipality": "2580", "period": 2025,
                                       "values": [{"gender": "K", "value": 1.0}]}]}).encode()  # fmt: skip
    with pytest.raises(DownloadError, match="no single gender 'T' value"):
        fetch_pv_installed(2025, tmp_path, transport=Transport(no_total), retry=NO_WAIT)


def test_offline_gives_a_clear_error(tmp_path):
    with pytest.raises(DownloadError, match=r"api\.kolada\.se"):
        fetch_pv_installed(2025, tmp_path, retry=NO_WAIT,
                           transport=Transport(OSError("Name or service not known"),
                                               OSError("Name or service not known")))  # fmt: skip
    assert kolada_request(2025).host == "api.kolada.se"


def test_fetch_strategy_command_writes_the_cache_with_provenance(tmp_path, monkeypatch):
    monkeypatch.setattr(download, "http_transport", Transport(kolada_answer()))
    result = CliRunner().invoke(
        app, ["fetch", "strategy", "--source", "kolada", "--folder", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    # Arvidsjaur has no published value
    assert "13 of 14 municipalities with a capacity in 2025" in result.output
    assert (tmp_path / "kolada_pv_2025.provenance.yaml").exists()
    assert (tmp_path / "pv_installed_2025.csv").exists()
