"""What every strategy fetcher shares: the cache folder, the answer check, the result.

:func:`answer_check` turns a source's *shared reader* (the function that also reads the
embedded path's published file) into the check :func:`workbench.core.download.fetch` runs on
an answer before it is cached:

* an empty answer, or one cut off mid-way (a JSON text that does not end its outer object,
  a ZIP/Excel file whose directory is missing), is a :class:`RetryableError`: the download is
  tried again, then given up with "try again later";
* an answer the reader cannot read (a key, column or dimension renamed or missing) is a
  :class:`DownloadError` that lists what the reader expected and what came, and says that
  the service may have changed its format; it never reaches the cache.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.core.download import DownloadError, Fetched, RetryableError
from workbench.core.errors import InputError
from workbench.core.paths import data_path

MAX_AGE_DAYS = 400.0  # the statistics are yearly [days]; an older cache is reported as stale
HEAD_CHARS = 60  # characters of an unexpected answer quoted in a message


def cache_folder() -> Path:
    """``data/strategy/cache``: beside the embedded snapshot, not committed."""
    return data_path("strategy") / "cache"


@dataclass
class StrategyFetch:
    """What a fetch wrote: the cached answer, the converted table and the table as read."""

    download: Fetched
    path: Path
    table: pd.DataFrame


def fetch_kwargs(refresh: bool, transport, retry, now) -> dict:
    """The keyword arguments of :func:`~workbench.core.download.fetch` a caller gave."""
    out = {"refresh": refresh, "transport": transport}
    if retry is not None:
        out["retry"] = retry
    if now is not None:
        out["now"] = now
    return out


def _head(raw: bytes) -> str:
    return " ".join(raw[:HEAD_CHARS].decode("utf-8", errors="replace").split())


def _is_zip(raw: bytes) -> bool:
    """An intact ZIP archive (its central directory can be read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)):
            return True
    except zipfile.BadZipFile:
        return False


def _cut_off(raw: bytes, kind: str) -> str | None:
    """Why the answer looks cut off (or empty), or None."""
    if not raw.strip():
        return f"empty answer ({len(raw)} bytes)"
    if kind == "json" and not raw.rstrip().endswith((b"}", b"]")):
        return f"answer cut off: {len(raw)} bytes ending in {raw.rstrip()[-20:]!r}"
    if kind == "xlsx" and raw.startswith(b"PK") and not _is_zip(raw):
        return f"answer cut off: {len(raw)} bytes of an Excel (ZIP) file without its directory"
    return None


def answer_check(asked: str, kind: str, expected: str, url: str,
                 read: Callable[[Path], dict]) -> Callable[[Path], dict]:  # fmt: skip
    """The check of one source's answer (``kind`` ``"json"`` or ``"xlsx"``): cut-off answers
    are retried, an answer ``read`` (the shared reader, returning provenance facts) cannot read
    is a format change named with what was expected (``expected``) and what came."""

    def check(path: Path) -> dict:
        raw = Path(path).read_bytes()
        cut = _cut_off(raw, kind)
        if cut is not None:
            raise RetryableError(asked, cut, "the complete answer")
        if kind == "xlsx" and not raw.startswith(b"PK"):
            raise DownloadError(asked, f"not an Excel workbook: it starts with {_head(raw)!r}",
                                f"{expected}; the service may have changed its format: check "
                                f"{url} and {__name__}", where=url)  # fmt: skip
        try:
            return read(path)
        except InputError as exc:
            came = "; ".join(str(p).replace(str(path), "the answer") for p in exc.problems[:5])
            more = f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
            raise DownloadError(
                asked,
                f"the answer is not in the expected format: {came}{more}",
                f"{expected}; the service may have changed its format: check {url} and update "
                "the reader (docs/strategy.md, 'Refreshing the snapshot')",
                where=url,
            ) from None

    return check
