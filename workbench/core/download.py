"""Downloads for the explicit ``fetch`` commands: cache, bounded retries, provenance, clear errors.

Nothing else in the workbench uses the network (offline first). A download is described
by a :class:`Request`; :func:`fetch` returns the cached file when its provenance matches
the request (offline and instant), otherwise it downloads with bounded retries and
exponential backoff, lets the caller's ``check`` inspect the answer, and only then puts
the file under its final name beside ``<file>.provenance.yaml`` (endpoint, request, time
UTC, bytes, sha256, licence, and what the check found). A bad answer never reaches the
cache.

Neither service used so far (Overpass, PVGIS) can resume a transfer: both compute the
answer per request, so an interrupted or truncated transfer is started again, at most
``attempts`` times. Every failure is a :class:`DownloadError` naming what was asked, what
happened and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import yaml

from workbench import __version__
from workbench.core.errors import InputError, Problem
from workbench.core.outputs import atomic_path, sha256_file, write_text

log = logging.getLogger(__name__)

USER_AGENT = f"workbench/{__version__} (Norrbotten solar and fleet workbench; Energikontor Norr)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
ATTEMPTS = 4
BACKOFF_S = 3.0  # first wait [s]; doubled after each failed attempt
MAX_WAIT_S = 120.0  # longest single wait [s], also caps a server's Retry-After
ERROR_BODY_CHARS = 300  # characters of an error answer quoted in messages
CHUNK_BYTES = 1 << 16


class DownloadError(InputError):
    """A download that failed: offline, refused, or answered in an unexpected form.

    ``asked``: what was asked for; ``happened``: what went wrong; ``todo``: what is
    expected, or what to do; ``where``: the endpoint or file (default: ``asked``).
    """

    def __init__(self, asked: str, happened: str, todo: str, where: str | None = None):
        self.asked = asked
        super().__init__(
            [Problem(where or asked, todo, value=happened)], summary=f"Could not download {asked}"
        )


class RetryableError(DownloadError):
    """A failure worth another attempt (connection lost, answer cut off, server busy).

    ``retry_after_s`` is the server's own wait [s] (HTTP ``Retry-After``); ``offline``
    marks a connection that could not be made at all.
    """

    def __init__(
        self, asked: str, happened: str, todo: str = "", *, retry_after_s=0.0, offline=False
    ):
        super().__init__(asked, happened, todo)
        self.happened = happened
        self.todo = todo
        self.retry_after_s = retry_after_s
        self.offline = offline


@dataclass(frozen=True)
class Request:
    """What to download. ``form`` is sent as a POST form body, ``params`` as the query string,
    ``json_body`` (JSON text, e.g. a PxWeb query) as a POST body of type ``application/json``."""

    url: str
    description: str
    method: str = "GET"
    params: tuple[tuple[str, str], ...] = ()
    form: tuple[tuple[str, str], ...] = ()
    timeout_s: float = 120.0
    json_body: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def record(self) -> dict:
        """The request as written to the provenance file (``json`` only when there is a body, so
        the identity of the requests without one is unchanged)."""
        out = {
            "method": self.method,
            "url": self.url,
            "params": dict(self.params),
            "form": dict(self.form),
        }
        if self.json_body:
            out["json"] = json.loads(self.json_body)
        return out

    def sha256(self) -> str:
        """Identity of the request: a cached answer is reused only for the same request."""
        text = json.dumps(self.record(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Response:
    """What a transport returns: status, headers and the body in chunks."""

    status: int
    headers: Mapping[str, str]
    chunks: Iterable[bytes]
    close: Callable[[], None] = field(default=lambda: None)


class Transport(Protocol):
    def __call__(self, request: Request) -> Response: ...


def http_transport(request: Request) -> Response:
    """The real network, through ``requests`` (streamed, so large answers are not held twice)."""
    # a network library, imported only when a fetch really goes out: offline runs never load it
    import requests

    headers = {"User-Agent": USER_AGENT}
    if request.json_body:
        headers["Content-Type"] = "application/json"
    resp = requests.request(
        request.method,
        request.url,
        params=list(request.params) or None,
        data=request.json_body.encode("utf-8") if request.json_body else list(request.form) or None,
        headers=headers,
        timeout=request.timeout_s,
        stream=True,
    )
    return Response(
        status=resp.status_code,
        headers=resp.headers,
        chunks=resp.iter_content(CHUNK_BYTES),
        close=resp.close,
    )


@dataclass(frozen=True)
class Fetched:
    """A file in the cache and where it came from."""

    path: Path
    provenance: dict
    from_cache: bool
    age_days: float
    max_age_days: float | None

    @property
    def is_stale(self) -> bool:
        return self.max_age_days is not None and self.age_days > self.max_age_days

    def age_note(self) -> str:
        """``"cached 3.2 days ago"`` and, when stale, what to do about it."""
        note = (
            f"retrieved {self.provenance.get('retrieved_utc', '?')} ({self.age_days:.1f} days ago)"
        )
        if self.is_stale:
            note += f"; older than {self.max_age_days:g} days: run again with --refresh"
        return note


def provenance_path(path: Path) -> Path:
    """``x.json`` -> ``x.provenance.yaml``."""
    return path.with_name(f"{path.stem}.provenance.yaml")


def read_provenance(path: Path) -> dict:
    """The provenance record beside a cached file."""
    with open(provenance_path(Path(path)), encoding="utf-8") as f:
        return yaml.safe_load(f)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _age_days(provenance: dict, now: dt.datetime) -> float:
    retrieved = dt.datetime.fromisoformat(str(provenance["retrieved_utc"]).replace("Z", "+00:00"))
    return (now - retrieved).total_seconds() / 86400.0


def _cached(path: Path, request: Request) -> dict | None:
    """The provenance of a usable cached answer to ``request``, else ``None`` (with the reason logged)."""
    if not path.exists() or not provenance_path(path).exists():
        return None
    prov = read_provenance(path)
    if prov.get("request_sha256") != request.sha256():
        log.info("%s: cached for another request; downloading again", path)
        return None
    if prov.get("sha256") != sha256_file(path):
        log.warning("%s: file does not match its recorded sha256; downloading again", path)
        return None
    return prov


@dataclass(frozen=True)
class Source:
    """A downloadable data set: the request, how to check an answer, its licence.

    ``check`` is called with the downloaded file before it is cached; it returns facts for
    the provenance (e.g. the data's own time stamp) or raises :class:`DownloadError`
    (:class:`RetryableError` to try again, e.g. for an answer cut off mid-way).
    ``max_age_days``: a cached answer older than this [days] is reported as stale (and
    still used). ``extra``: more provenance fields (data set name, municipality, ...).
    """

    request: Request
    check: Callable[[Path], dict]
    licence: str
    max_age_days: float | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Retry:
    """At most ``attempts`` tries; waits start at ``backoff_s`` [s] and double (cap :data:`MAX_WAIT_S`)."""

    attempts: int = ATTEMPTS
    backoff_s: float = BACKOFF_S
    sleep: Callable[[float], None] = time.sleep

    def waits(self) -> list[float]:
        """The planned pause before each retry [s] (a server's Retry-After can lengthen one)."""
        return [min(self.backoff_s * 2**i, MAX_WAIT_S) for i in range(self.attempts - 1)]


def fetch(
    source: Source,
    path: str | Path,
    *,
    refresh: bool = False,
    transport: Transport | None = None,
    retry: Retry = Retry(),
    now: Callable[[], dt.datetime] = utc_now,
) -> Fetched:
    """The answer to ``source.request`` at ``path``: from the cache, or downloaded, checked, cached.

    ``refresh`` downloads even when a matching cached answer exists. ``transport`` (the
    network, :func:`http_transport`), ``retry`` and ``now`` (the clock) are replaced in tests.
    """
    path = Path(path)
    cached = None if refresh else _cached(path, source.request)
    if cached is not None:
        result = Fetched(path, cached, True, _age_days(cached, now()), source.max_age_days)
        if result.is_stale:
            log.warning("%s: stale cache, %s", path, result.age_note())
        return result
    note = _cache_note(path, now)
    with atomic_path(path) as tmp:
        found, used = _download(source, tmp, transport or http_transport, retry, note)
    prov = {
        **source.extra,
        **found,
        "description": source.request.description,
        "endpoint": source.request.url,
        "request": source.request.record(),
        "request_sha256": source.request.sha256(),
        "retrieved_utc": now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "attempts": used,
        "file": path.name,
        "bytes": path.stat().st_size,
        "sha256": sha256_file(path),
        "licence": source.licence,
        "workbench_version": __version__,
    }
    write_text(provenance_path(path), yaml.safe_dump(prov, sort_keys=True, allow_unicode=True))
    return Fetched(path, prov, False, 0.0, source.max_age_days)


def _cache_note(path: Path, now: Callable[[], dt.datetime]) -> str:
    """What an error message says about an older cached copy, if there is one."""
    if not (path.exists() and provenance_path(path).exists()):
        return ""
    age = _age_days(read_provenance(path), now())
    return f" A cached copy from {age:.0f} days ago is at {path}; run without --refresh to use it."


def _download(source: Source, tmp: Path, transport: Transport, retry: Retry, cache_note: str):
    """Download into ``tmp`` and check it; retry what is worth retrying. Returns (facts, attempt)."""
    request = source.request
    waits = retry.waits()
    last: RetryableError | None = None
    for attempt in range(1, retry.attempts + 1):
        try:
            _transfer(request, tmp, transport)
            return source.check(tmp), attempt
        except RetryableError as exc:
            last = exc
        except OSError as exc:  # includes requests' ConnectionError, Timeout, ChunkedEncodingError
            last = RetryableError(
                request.description, _short(exc), offline=_is_connection_error(exc)
            )
        log.warning(
            "%s: attempt %d of %d failed: %s", request.host, attempt, retry.attempts, last.happened
        )
        if attempt < retry.attempts:
            retry.sleep(min(max(waits[attempt - 1], last.retry_after_s), MAX_WAIT_S))
    raise _gave_up(request, retry.attempts, last, cache_note)


def _short(exc: OSError) -> str:
    """``ConnectionError: [Errno -2] Name or service not known`` rather than urllib3's page."""
    text = str(exc)
    errno = re.search(r"\[Errno [^\]]+\][^'\")]*", text)
    detail = errno.group(0).strip() if errno else text[:200]
    return f"{type(exc).__name__}: {detail}"


def _is_connection_error(exc: OSError) -> bool:
    """No connection at all (builtin or ``requests`` ConnectionError, DNS failure)."""
    return any(c.__name__ == "ConnectionError" for c in type(exc).__mro__)


def _gave_up(request: Request, attempts: int, last: RetryableError, cache_note: str):
    if last.offline:
        todo = (
            f"a network connection to {request.host}. The workbench runs offline; only fetch "
            "commands need the network: connect and run the command again."
        )
    else:
        todo = f"a complete answer from {request.host}: try again later" + (
            f" ({last.todo})" if last.todo else ""
        )
    return DownloadError(
        request.description,
        f"{last.happened} (after {attempts} attempts)",
        todo + cache_note,
        where=request.url,
    )


def _transfer(request: Request, tmp: Path, transport: Transport) -> None:
    """One attempt: status check, then the body into ``tmp``, length checked when declared."""
    resp = transport(request)
    try:
        if resp.status in RETRY_STATUS:
            raise RetryableError(
                request.description,
                f"HTTP {resp.status}",
                "the server was busy or timed out",
                retry_after_s=_seconds(_header(resp.headers, "Retry-After")),
            )
        if resp.status >= 400:
            raise DownloadError(
                request.description,
                f"HTTP {resp.status}: {_head(resp.chunks)}",
                "a request the service accepts; the service may have changed its interface "
                "(report this to the workbench maintainers)",
                where=request.url,
            )
        written = 0
        with open(tmp, "wb") as f:
            for chunk in resp.chunks:
                f.write(chunk)
                written += len(chunk)
        declared = _header(resp.headers, "Content-Length")
        encoded = _header(resp.headers, "Content-Encoding") not in (None, "identity")
        # a compressed body is decoded on the way in, so its declared length is not comparable
        if not encoded and declared is not None and declared.isdigit() and int(declared) != written:
            raise RetryableError(
                request.description, f"answer cut off: {written} of {declared} bytes"
            )
    finally:
        resp.close()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name, whatever its case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _seconds(value: str | None) -> float:
    try:
        return float(value) if value is not None else 0.0
    except ValueError:  # an HTTP date: not worth parsing, the backoff applies
        return 0.0


def _head(chunks: Iterable[bytes]) -> str:
    """The first characters of an error answer, on one line."""
    data = b""
    for chunk in chunks:
        data += chunk
        if len(data) >= ERROR_BODY_CHARS:
            break
    text = data[:ERROR_BODY_CHARS].decode("utf-8", errors="replace")
    return " ".join(text.split()) or "(empty answer)"
