"""Packages are atomic as a whole: built in a staging folder beside the target, then swapped in.

A package (a municipality's ``<out>/<slug>/``, a demo's ``<out>/``) is many files. Each file is
written atomically (:mod:`workbench.core.outputs`), but a run killed halfway through a package
used to leave a folder mixing two runs, and a finished run kept the files of an earlier run that
it did not write again. :func:`staged` fixes both:

1. the package is built from empty in ``<parent>/.<name>.staging-<pid>/<name>/`` (the same file
   system as the target, so that the swap is a rename; the folder keeps its final name inside);
2. when the run finishes, the new folder is swapped in for the old one, and the old one is
   removed. A killed or failing run leaves the previous package untouched; a finished one holds
   exactly the files it wrote, which are the files its manifest lists.

The swap, by platform:

* Linux: ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in one system call: the target
  path always holds a complete package (the old one, then the new one).
* elsewhere (macOS, Windows; or a Linux file system without the exchange): two renames, the old
  package into the staging folder (``.../old``), then the new one into place. Between them (two
  system calls, microseconds) the target path does not exist. A run killed exactly there leaves
  both complete packages in the staging folder; the next run into the same parent puts the old
  one back (:func:`recover`) before it starts. On Windows a folder cannot be renamed while a
  program holds one of its files open (a workbook open in Excel): the first rename then fails,
  is retried for about a second, and the run stops with an :class:`OutputError` asking to close
  the file, leaving the old package as it was.

What the next run removes (:func:`recover`, :func:`remove_stale_temp`) is only what matches this
module's own names (``.<name>.staging-<pid>`` folders, ``.<stem>.<random>.<pid>.tmp<suffix>``
files of :func:`workbench.core.outputs.atomic_path` and folders of :func:`temp_folder`, e.g. the
streaming rooftop stage's spill folder ``.stream.<random>.<pid>.tmp``) and only when the process
that made it is no longer running, or the leftover is older than :data:`STALE_AFTER_S` (its
process id then belongs to another program). A temporary file or folder of the older naming (no
process id: ``.<stem>.<random>.tmp<suffix>``; in the streaming stage's output folder its spill
folder ``.stream_<random>``) is removed when it is older than :data:`LEGACY_STALE_AFTER_S`. A process on another machine writing to the same shared
folder is not seen: do not write one package from two machines at once.

A target that exists is replaced only if it is empty or is a package of the workbench (it holds a
``manifest.json`` the workbench wrote); a folder of other files is refused, never deleted
(:func:`check_replaceable`), and so is a target holding an input of the run or the working
directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.core.boundary import OutputError, writing

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
#: Seconds after which a leftover whose process id is still in use counts as stale anyway: the id
#: was reused by another program (2 days; the longest national run takes hours).
STALE_AFTER_S = 2 * 24 * 3600
#: Seconds after which a temporary file of the older naming, without a process id, is stale.
LEGACY_STALE_AFTER_S = 3600
OLD_NAME = "old"  # the replaced package inside the staging folder, during a two-rename swap

_STAGING = re.compile(r"\.(?P<name>.+)\.staging-(?P<pid>\d+)")
#: ``atomic_path``'s temporary files: ``.<stem>.<8 random>.<pid>.tmp<suffix>`` (and the side
#: files a library adds to the temporary name, e.g. ``-journal``, ``.aux.xml``).
_TEMP = re.compile(r"\..*\.[a-z0-9_]{8}\.(?P<pid>\d+)\.tmp(\.[^./\\]+)*")
_LEGACY_TEMP = re.compile(r"\..*\.[a-z0-9_]{8}\.tmp(\.[^./\\]+)*")


def staging_name(name: str, pid: int | None = None) -> str:
    """The staging folder's name for a package folder called ``name``: ``.<name>.staging-<pid>``."""
    return f".{name}.staging-{os.getpid() if pid is None else pid}"


def temp_affixes(path: Path) -> tuple[str, str]:
    """Prefix and suffix of a temporary file for ``path`` (``tempfile.mkstemp`` puts 8 random
    characters between): hidden, carrying this process's id and the final suffix (writers such as
    GDAL and xlsxwriter choose the format by the suffix)."""
    return f".{path.stem}.", f".{os.getpid()}.tmp{path.suffix}"


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` is running on this machine (``True`` when it cannot be told)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it on Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: another user's process
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except OSError:
        return 0.0


def is_stale(path: Path, pid: int | None) -> bool:
    """Whether a leftover ``path`` made by process ``pid`` (``None``: unknown) may be removed."""
    if pid is None:
        return _age_s(path) > LEGACY_STALE_AFTER_S
    if pid == os.getpid():
        return False  # this process's own: maybe in use
    return not pid_alive(pid) or _age_s(path) > STALE_AFTER_S


def temp_pid(name: str) -> tuple[bool, int | None]:
    """Whether ``name`` is a temporary file of :func:`workbench.core.outputs.atomic_path`, and
    the process id it carries (``None`` for the older naming)."""
    match = _TEMP.fullmatch(name)
    if match:
        return True, int(match["pid"])
    return bool(_LEGACY_TEMP.fullmatch(name)), None


def remove_stale_temp(folder: str | Path, legacy_dir: re.Pattern | None = None) -> list[Path]:
    """Remove the stale temporary files and folders (:func:`temp_folder`) of killed writes
    directly in ``folder`` (not below it), and folders whose name matches ``legacy_dir`` (an
    older naming without process id) when older than :data:`LEGACY_STALE_AFTER_S`; the paths
    removed. A symbolic link is never followed or removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        ours, pid = temp_pid(entry.name)
        path = Path(entry.path)
        if entry.is_symlink():
            continue
        if entry.is_dir() and (ours or (legacy_dir and legacy_dir.fullmatch(entry.name))):
            if is_stale(path, pid):
                _remove_tree(path)
                if not os.path.lexists(path):
                    removed.append(path)
                    log.info("removed %s, left by a killed run", path)
        elif ours and entry.is_file() and is_stale(path, pid):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
                log.info("removed %s, left by a killed write", path)
    return removed


@contextlib.contextmanager
def temp_folder(parent: str | Path, stem: str) -> Iterator[Path]:
    """A temporary folder in ``parent`` for the duration of the block, removed afterwards:
    ``.<stem>.<random>.<pid>.tmp``, the naming :func:`remove_stale_temp` knows, so that the
    folder a killed run leaves is removed by the next run into ``parent``. Stale ones are
    removed first, and so are those of the older naming ``.<stem>_<random>``
    (``tempfile.TemporaryDirectory(prefix=".<stem>_")``, no process id) older than an hour."""
    remove_stale_temp(parent, re.compile(rf"\.{re.escape(stem)}_[a-z0-9_]{{8}}"))
    with writing(Path(parent)):
        path = Path(tempfile.mkdtemp(prefix=f".{stem}.", suffix=f".{os.getpid()}.tmp",
                                     dir=parent))  # fmt: skip
    try:
        yield path
    finally:
        _remove_tree(path)


def _remove_tree(path: Path) -> None:
    """Remove a staging folder; what cannot be removed now (a file held open on Windows) is left
    for the next run's :func:`recover`."""
    shutil.rmtree(path, ignore_errors=True)


def recover(parent: str | Path) -> list[Path]:
    """Clean up after killed runs in ``parent``: put back an old package that a swap had moved
    away when the target is missing, then remove the stale staging folders and temporary files.
    The staging folders removed."""
    parent = Path(parent)
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        match = _STAGING.fullmatch(entry.name)
        path = Path(entry.path)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        if not is_stale(path, int(match["pid"])):
            continue
        target, old = parent / match["name"], path / OLD_NAME
        if old.is_dir() and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                _rename(old, target)
                log.warning("%s: restored the previous package (a run was killed during its swap)",
                            target)  # fmt: skip
        _remove_tree(path)
        removed.append(path)
        log.info("removed %s, left by a killed run", path)
    remove_stale_temp(parent)
    return removed


def is_package(folder: Path) -> bool:
    """Whether ``folder`` holds a manifest the workbench wrote (``workbench_version``, ``outputs``)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "workbench_version" in data and "outputs" in data


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_replaceable(target: Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse to replace ``target`` unless it is missing, empty (but for leftovers of killed
    writes) or a package of the workbench; and refuse a target that holds an input of the run or
    the working directory. An :class:`OutputError` names the path and what is expected."""
    real = Path(os.path.realpath(target))
    if _inside(Path(os.path.realpath(Path.cwd())), real):
        raise OutputError(f"{target}: is the working directory or holds it; expected a folder for "
                          "the package (it is replaced as a whole), e.g. outputs/demo")  # fmt: skip
    for given in inputs:
        if _inside(Path(os.path.realpath(given)), real):
            raise OutputError(f"{target}: holds the input {given}, which replacing the package "
                              "would delete; expected an output folder apart from the inputs")  # fmt: skip
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise OutputError(f"{target}: cannot write (File exists); expected a folder (a file of "
                          "that name is in the way)")  # fmt: skip
    with writing(target):
        names = [p.name for p in real.iterdir()
                 if not temp_pid(p.name)[0] and not _STAGING.fullmatch(p.name)]  # fmt: skip
    if names and not is_package(real):
        shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
        raise OutputError(f"{target}: holds files that are not a workbench package (no "
                          f"{MANIFEST_NAME}: {shown}); expected an empty folder, a new one or an "
                          "earlier package (which is replaced as a whole): move the files or "
                          "choose another output folder")  # fmt: skip


def _rename(src: Path, dst: Path) -> None:
    """``os.rename``; on Windows retried for about a second while a file is held open (a virus
    scanner, an indexer)."""
    delays = (0.05, 0.1, 0.2, 0.3, 0.4) if sys.platform == "win32" else ()
    for delay in delays:
        try:
            Path(src).rename(dst)
            return
        except PermissionError:
            time.sleep(delay)
    Path(src).rename(dst)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one system call (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``); ``False`` when the platform or file system cannot (nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (musl before 1.2.?)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]  # fmt: skip
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP, errno.EXDEV):
        return False  # not supported here (or refused by a sandbox): the two renames
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target``; the old package (if any) ends in ``new``'s
    staging folder, which the caller removes. On failure the old package stays at ``target``."""
    with writing(target):
        if not os.path.lexists(target):
            _rename(new, target)
            return
        if _exchange(new, target):
            return
        old = new.parent / OLD_NAME
        try:
            _rename(target, old)
        except PermissionError as exc:
            raise OutputError(f"{target}: cannot be replaced ({exc.strerror}); expected no "
                              "program to hold one of its files open (close the workbook or "
                              "report and run again)") from exc  # fmt: skip
        try:
            _rename(new, target)
        except OSError:
            _rename(old, target)
            raise


@contextlib.contextmanager
def staged(target: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Build the package folder ``target`` in a staging folder and swap it in on success.

    Yields the empty folder to write into (``<parent>/.<name>.staging-<pid>/<name>``). Before it,
    cleans up after killed runs in the parent (:func:`recover`) and refuses a target that is not
    the workbench's to replace (:func:`check_replaceable`; ``inputs`` are the run's input files).
    On an exception (or a kill) the target stays as it was; an :class:`OutputError` naming a file
    in the staging folder names it at the target instead (the path the user gave).
    """
    given = Path(target)  # a symbolic link to a folder: the folder it points to is replaced
    target = Path(
        os.path.realpath(given) if given.is_symlink() else os.path.normpath(Path.cwd() / given)
    )
    with writing(target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
    recover(target.parent)
    check_replaceable(target, inputs)
    root = target.parent / staging_name(target.name)
    _remove_tree(root)  # a leftover of this process id (reused, or an earlier failed call)
    new = root / target.name
    with writing(root):
        new.mkdir(parents=True)
    try:
        yield new
        swap(new, target)
        log.info("%s: package swapped in", target)
    except OutputError as exc:
        shown = str(exc).replace(str(new), str(target))
        if shown == str(exc):
            raise
        raise OutputError(shown) from exc
    finally:
        if (root / OLD_NAME).is_dir() and not os.path.lexists(target):  # pragma: no cover
            log.error("%s: the previous package is in %s (the swap failed); the next run puts it "
                      "back", target, root / OLD_NAME)  # fmt: skip
        else:
            _remove_tree(root)
