"""Footprints in batches with the accounting of a whole-file read.

>>> from workbench.buildings.stream import BuildingStream
>>> stream = BuildingStream("byggnad.gpkg", batch_size=50_000)            # doctest: +SKIP
>>> for part in stream:                                                    # doctest: +SKIP
...     use(part.buildings, part.excluded)
>>> stream.report["n_input"] == stream.report["n_included"] + stream.report["n_excluded"]  # doctest: +SKIP
True

Each batch is cleaned like :func:`workbench.buildings.read` cleans a whole file: the same
repairs, reason codes, duplicates (against every earlier batch, through
:class:`workbench.buildings.seen.SeenState`), renamed ids and ``source_row`` numbers, so
concatenating the batches gives exactly the tables of :func:`~workbench.buildings.read`.
Only one batch of features is in memory at a time, plus 24 bytes per feature of seen keys.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from workbench.buildings import (
    DEFAULT_MIN_AREA_M2,
    BuildingSet,
    Counts,
    _resolve_crs,
    check_count,
    clean_batch,
)
from workbench.buildings.attributes import detect_schema
from workbench.buildings.readers import iter_raw
from workbench.buildings.seen import SeenState

DEFAULT_BATCH_SIZE = 50_000  # features per batch


class BuildingStream:
    """Iterate over a footprint file in cleaned batches; ``report`` once exhausted.

    Arguments as for :func:`workbench.buildings.read`, plus ``batch_size`` [features].
    Each item is a :class:`~workbench.buildings.BuildingSet` of one batch (its ``report`` is
    empty); :attr:`report` is the whole file's, with the same keys and numbers as
    ``read(path).report``.
    """

    def __init__(
        self,
        path: str | Path,
        layer: str | None = None,
        crs=None,
        *,
        min_area_m2: float = DEFAULT_MIN_AREA_M2,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ):
        self.path, self.layer, self.crs = Path(path), layer, crs
        self.min_area_m2, self.batch_size = min_area_m2, batch_size
        self.report: dict | None = None
        #: seconds spent reading (GDAL/Arrow) and cleaning, over all batches
        self.timings = {"read": 0.0, "clean": 0.0, "read_cpu": 0.0, "clean_cpu": 0.0}

    def __iter__(self) -> Iterator[BuildingSet]:
        seen, offset, counts, last = SeenState(), 0, None, None
        t = self._tick()
        for raw in iter_raw(self.path, self.layer, self.batch_size):
            t = self._tick("read", t)
            if counts is None:
                src_crs, note = _resolve_crs(raw, self.crs)
                schema = detect_schema(raw.attributes)
                counts = Counts(schema)
            buildings, excluded, issues = clean_batch(
                raw, src_crs, schema, self.min_area_m2, offset, seen
            )
            counts.add(buildings, excluded, issues)
            offset += len(raw.wkb)
            last = raw
            self._tick("clean", t)
            yield BuildingSet(buildings=buildings, excluded=excluded, attribute_issues=issues)
            t = self._tick()
        check_count(last, offset)
        warnings = last.warnings + ([note] if note else [])
        self.report = counts.report(last, src_crs, self.min_area_m2, warnings)

    def _tick(self, step: str | None = None, since: tuple | None = None) -> tuple[float, float]:
        """Now (wall, CPU); with ``step``, add the time ``since`` to :attr:`timings`."""
        now = (time.perf_counter(), time.process_time())
        if step is not None:
            self.timings[step] += now[0] - since[0]
            self.timings[f"{step}_cpu"] += now[1] - since[1]
        return now
