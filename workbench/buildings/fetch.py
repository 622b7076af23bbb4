"""``workbench fetch buildings``: a municipality's OSM footprints as GeoParquet in EPSG:3006.

The raw Overpass answer is cached as ``data/osm/overpass_buildings_<code>.json`` (with its
provenance, :mod:`workbench.core.download`); the footprints are written to
``data/osm/osm_buildings_<code>.parquet`` (or ``out``) with the OSM tags the building
reader understands (:data:`workbench.buildings.osm.TAGS`), plus
``osm_buildings_<code>.provenance.yaml``: the query, the endpoint, the retrieval time
(UTC), the sha256 of the answer and of the file, and the ODbL attribution.
``workbench demo -k X --buildings <file>`` and ``workbench report -k X --buildings <file>``
read the file like any other footprint file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from workbench.buildings import overpass
from workbench.buildings.schema import CRS
from workbench.core.download import Fetched, Retry, Transport, fetch, provenance_path
from workbench.core.errors import InputError, Problem
from workbench.core.outputs import atomic_path, sha256_file, write_text
from workbench.core.paths import data_dir
from workbench.reference import kommuner as km


def cache_dir() -> Path:
    """Folder of the cached Overpass answers and the footprint files (``data/osm``)."""
    return data_dir() / "osm"


@dataclass(frozen=True)
class FetchedBuildings:
    """The footprint file, its provenance and the download it came from."""

    path: Path
    provenance: dict
    download: Fetched

    @property
    def n_features(self) -> int:
        return int(self.provenance["n_features"])


def fetch_buildings(
    kommun,
    out: str | Path | None = None,
    *,
    folder: str | Path | None = None,
    refresh: bool = False,
    endpoint: str = overpass.ENDPOINT,
    transport: Transport | None = None,
    retry: Retry = Retry(),
) -> FetchedBuildings:
    """Download (or take from the cache) a municipality's OSM buildings and write the footprints.

    Parameters
    ----------
    kommun
        Code or name (:func:`workbench.reference.kommuner.get`).
    out
        GeoParquet file to write (default ``<folder>/osm_buildings_<code>.parquet``).
    folder
        Cache folder for the Overpass answer (default ``data/osm``).
    refresh
        Ask Overpass again even when a cached answer exists.
    endpoint, transport, retry
        Overpass server, network and retry policy (:mod:`workbench.core.download`).

    Raises
    ------
    workbench.core.download.DownloadError
        Offline, the server refused or answered in an unexpected form.
    workbench.core.errors.InputError
        The answer holds no building of the municipality.
    """
    k = km.get(kommun)
    folder = Path(folder) if folder is not None else cache_dir()
    out = Path(out) if out is not None else folder / f"osm_buildings_{k.kommun_id_scb}.parquet"
    source = overpass.source(k.kommun_id_scb, k.name, endpoint)
    raw = folder / f"overpass_buildings_{k.kommun_id_scb}.json"
    download = fetch(source, raw, refresh=refresh, transport=transport, retry=retry)
    frame = overpass.to_frame(overpass.load(download.path, source.request.description))
    if frame.empty:
        raise InputError(
            [
                Problem(
                    f"{download.path} ({source.request.description})",
                    "building footprints; OSM has none mapped in this municipality. Use "
                    "Lantmäteriet's 'Byggnad Nedladdning, vektor' (free, per municipality) "
                    "with --buildings instead, or map the buildings in OSM",
                    value="0 buildings",
                )
            ],
            summary=f"No buildings in OpenStreetMap for {k.name}",
        )
    with atomic_path(out) as tmp:
        frame.to_crs(CRS).to_parquet(tmp, index=False, compression="snappy")
    provenance = _provenance(k, out, frame, download)
    write_text(provenance_path(out), yaml.safe_dump(provenance, sort_keys=True, allow_unicode=True))
    return FetchedBuildings(out, provenance, download)


def _provenance(k: km.Kommun, out: Path, frame, download: Fetched) -> dict:
    raw = download.provenance
    return {
        "dataset": f"osm_buildings_{k.kommun_id_scb}",
        "kommun": k.name,
        "kommun_id_scb": k.kommun_id_scb,
        "file": out.name,
        "sha256": sha256_file(out),
        "crs": CRS,
        "n_features": len(frame),
        "n_by_element": {str(key): int(n) for key, n in frame["element"].value_counts().items()},
        "columns": [c for c in frame.columns if c != "geometry"],
        "attribution": overpass.LICENCE,
        "licence": "ODbL 1.0: share-alike applies to databases derived from this file",
        "source": {
            key: raw.get(key)
            for key in ("endpoint", "query", "retrieved_utc", "osm_base_utc", "sha256", "file")
        },
    }
