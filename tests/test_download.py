"""The shared download machinery with fake transports: cache, retry, truncation, offline, stale.

No test here touches the network: every answer comes from a transport written in this file.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from workbench.core import download
from workbench.core.download import DownloadError, Request, Response, Retry, RetryableError, Source
from workbench.core.outputs import sha256_file

BODY = json.dumps({"values": list(range(1000))}).encode()
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _check(path):
    """A source's answer check: complete JSON with 'values'."""
    text = path.read_text()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RetryableError("test data", f"cut off after {len(text)} characters") from exc
    if "values" not in data:
        raise DownloadError("test data", f"keys {sorted(data)}", "a 'values' list")
    return {"n_values": len(data["values"])}


def _source(url="https://example.org/data", max_age_days=30.0):
    return Source(
        request=Request(url=url, description="test data", params=(("q", "1"),)),
        check=_check,
        licence="CC0",
        max_age_days=max_age_days,
        extra={"dataset": "test"},
    )


class Scripted:
    """A transport that plays a script: each entry an exception to raise or a Response."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.calls = []

    def __call__(self, request):
        self.calls.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def ok(body=BODY, **headers):
    return Response(200, {"Content-Length": str(len(body)), **headers}, [body[:100], body[100:]])


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def _retry(attempts=4):
    sleeps = Sleeps()
    return Retry(attempts=attempts, backoff_s=3.0, sleep=sleeps), sleeps


def test_download_writes_file_and_provenance_then_the_second_call_is_offline(tmp_path):
    path = tmp_path / "data.json"
    transport = Scripted(ok())
    got = download.fetch(_source(), path, transport=transport, now=lambda: NOW)
    assert not got.from_cache and path.read_bytes() == BODY
    prov = yaml.safe_load((tmp_path / "data.provenance.yaml").read_text("utf-8"))
    assert prov["sha256"] == sha256_file(path) == got.provenance["sha256"]
    assert prov["bytes"] == len(BODY) and prov["n_values"] == 1000  # what the check found
    assert prov["retrieved_utc"] == "2026-03-01T12:00:00Z" and prov["licence"] == "CC0"
    assert prov["endpoint"] == "https://example.org/data" and prov["request"]["params"] == {
        "q": "1"
    }
    assert prov["dataset"] == "test" and prov["attempts"] == 1
    # second call: no transport call at all (an empty script would fail), age reported
    later = NOW + dt.timedelta(days=2.5)
    again = download.fetch(_source(), path, transport=Scripted(), now=lambda: later)
    assert again.from_cache and again.age_days == pytest.approx(2.5) and not again.is_stale
    assert again.provenance == prov
    assert "2.5 days ago" in again.age_note()
    # --refresh asks again
    refreshed = download.fetch(
        _source(), path, refresh=True, transport=Scripted(ok()), now=lambda: later
    )
    assert (
        not refreshed.from_cache and refreshed.provenance["retrieved_utc"] == "2026-03-04T00:00:00Z"
    )


def test_stale_cache_is_used_and_reported_with_its_age(tmp_path, caplog):
    path = tmp_path / "data.json"
    download.fetch(_source(), path, transport=Scripted(ok()), now=lambda: NOW)
    old = NOW + dt.timedelta(days=45)
    got = download.fetch(_source(max_age_days=30), path, transport=Scripted(), now=lambda: old)
    assert got.from_cache and got.is_stale and got.age_days == pytest.approx(45.0)
    assert (
        "45.0 days ago" in got.age_note()
        and "older than 30 days: run again with --refresh" in got.age_note()
    )
    assert "stale cache" in caplog.text


def test_interrupted_download_is_retried_with_backoff_then_succeeds(tmp_path):
    path = tmp_path / "data.json"
    transport = Scripted(ConnectionError("connection reset"), TimeoutError("read timed out"), ok())
    retry, sleeps = _retry()
    got = download.fetch(_source(), path, transport=transport, retry=retry, now=lambda: NOW)
    assert len(transport.calls) == 3 and got.provenance["attempts"] == 3
    assert sleeps == [3.0, 6.0]  # backoff doubles
    assert path.read_bytes() == BODY


def test_truncated_answer_is_retried_and_never_cached(tmp_path):
    path = tmp_path / "data.json"
    cut = Response(200, {"Content-Length": str(len(BODY))}, [BODY[: len(BODY) // 2]])
    retry, sleeps = _retry(attempts=3)
    with pytest.raises(DownloadError) as err:
        download.fetch(
            _source(), path, transport=Scripted(cut, cut, cut), retry=retry, now=lambda: NOW
        )
    message = str(err.value)
    assert "Could not download test data" in message
    assert f"answer cut off: {len(BODY) // 2} of {len(BODY)} bytes (after 3 attempts)" in message
    assert "try again later" in message
    assert sleeps == [3.0, 6.0]
    assert list(tmp_path.iterdir()) == []  # no file, no provenance, no temp file left


def test_cut_off_json_without_length_is_caught_by_the_check_and_retried(tmp_path):
    path = tmp_path / "data.json"
    chunked = Response(200, {"Transfer-Encoding": "chunked"}, [BODY[:-10]])
    retry, _ = _retry()
    got = download.fetch(
        _source(), path, transport=Scripted(chunked, ok()), retry=retry, now=lambda: NOW
    )
    assert got.provenance["attempts"] == 2 and path.read_bytes() == BODY


def test_offline_gives_a_clear_error_naming_the_host_and_what_to_do(tmp_path):
    path = tmp_path / "data.json"
    offline = ConnectionError("[Errno -2] Name or service not known")
    retry, sleeps = _retry(attempts=2)
    with pytest.raises(DownloadError) as err:
        download.fetch(_source(), path, transport=Scripted(offline, offline), retry=retry)
    message = str(err.value)
    assert "https://example.org/data" in message and "after 2 attempts" in message
    assert "a network connection to example.org" in message
    assert "only fetch commands need the network" in message
    assert sleeps == [3.0] and not path.exists()


def test_refresh_while_offline_points_to_the_cached_copy(tmp_path):
    path = tmp_path / "data.json"
    download.fetch(_source(), path, transport=Scripted(ok()), now=lambda: NOW)
    retry, _ = _retry(attempts=1)
    later = NOW + dt.timedelta(days=10)
    with pytest.raises(DownloadError, match="cached copy from 10 days ago .* without --refresh"):
        download.fetch(_source(), path, refresh=True, transport=Scripted(ConnectionError("down")),
                       retry=retry, now=lambda: later)  # fmt: skip
    assert path.read_bytes() == BODY  # the cache survives a failed refresh


def test_busy_server_retry_after_is_honoured_and_capped(tmp_path):
    busy = Response(429, {"Retry-After": "40"}, [b"rate_limited"])
    gateway = Response(504, {"Retry-After": "999"}, [b"timeout"])
    retry, sleeps = _retry()
    transport = Scripted(busy, gateway, ok())
    download.fetch(
        _source(), tmp_path / "d.json", transport=transport, retry=retry, now=lambda: NOW
    )
    assert sleeps == [40.0, download.MAX_WAIT_S]


def test_refused_request_is_not_retried_and_quotes_the_server(tmp_path):
    refused = Response(
        400,
        {},
        [b'{"message": "Location over the sea. Please, select another location", "status": 400}'],
    )
    retry, sleeps = _retry()
    transport = Scripted(refused)
    with pytest.raises(DownloadError, match="HTTP 400: .*Location over the sea") as err:
        download.fetch(_source(), tmp_path / "d.json", transport=transport, retry=retry)
    assert len(transport.calls) == 1 and sleeps == []
    assert "changed its interface" in str(err.value)


def test_answer_in_a_new_format_is_refused_without_retry(tmp_path):
    new_format = json.dumps({"items": []}).encode()
    transport = Scripted(ok(new_format))
    with pytest.raises(DownloadError, match="keys \\['items'\\].*expected a 'values' list"):
        download.fetch(_source(), tmp_path / "d.json", transport=transport, retry=_retry()[0])
    assert len(transport.calls) == 1 and list(tmp_path.iterdir()) == []


def test_cache_is_reused_only_for_the_same_request_and_intact_file(tmp_path, caplog):
    path = tmp_path / "data.json"
    download.fetch(_source(), path, transport=Scripted(ok()), now=lambda: NOW)
    other = _source(url="https://example.org/other")
    got = download.fetch(other, path, transport=Scripted(ok()), now=lambda: NOW)
    assert not got.from_cache  # another request: asked again
    path.write_bytes(BODY.replace(b"999", b"998"))  # the cached file was edited
    got = download.fetch(other, path, transport=Scripted(ok()), now=lambda: NOW)
    assert not got.from_cache and path.read_bytes() == BODY
    assert "does not match its recorded sha256" in caplog.text


def test_compressed_answer_length_is_not_compared_with_the_decoded_body(tmp_path):
    gzipped = Response(200, {"content-length": "17", "content-encoding": "gzip"}, [BODY])
    got = download.fetch(
        _source(), tmp_path / "d.json", transport=Scripted(gzipped), now=lambda: NOW
    )
    assert got.provenance["bytes"] == len(BODY)
