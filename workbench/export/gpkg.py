"""The municipality GeoPackage: the rooftop layers plus a one-row ``kommun_summary`` layer.

All layers are in EPSG:3006 (SWEREF 99 TM), the CRS of Swedish municipal GIS.
The summary layer's geometry is the municipality's polygon, the simplified SCB boundary of
:mod:`workbench.reference.boundaries` (the project's own derived table), unless another
polygon is given.
Field names and coded values are in the export language, as in the workbook: the field is
named by its label and unit (``Möjlig installerad effekt (kWp)``), a coded value by its word
(``Samhällsfunktion`` for ``public``) and a yes/no value by ``Ja``/``Nej``
(:func:`translate_layer`); the layer descriptions too. The stage's own ``solar.gpkg`` keeps the
internal names.
"""

from __future__ import annotations

from numbers import Real
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry.base import BaseGeometry

from workbench import i18n
from workbench.core.gdal import gdal_current_date, no_aux_files
from workbench.core.outputs import atomic_path
from workbench.core.reproducible import source_date
from workbench.export.excel import translate_values
from workbench.export.notes import translate_origin
from workbench.export.numformat import yes_no
from workbench.export.parts import PART_NAMES, KommunResults, population
from workbench.reference import boundaries

SUMMARY_LAYER = "kommun_summary"
CRS = "EPSG:3006"


def summary_layer(results: KommunResults, boundary: BaseGeometry | None = None) -> gpd.GeoDataFrame:
    """One row for the municipality: identity, population and every part's scalar key figures.

    ``boundary`` is a polygon in EPSG:3006; without one the municipality's simplified SCB
    boundary (:func:`workbench.reference.boundaries.boundary`) is used.
    """
    k = results.kommun
    people, year = population(k)
    row: dict[str, Any] = {
        "kommun_id_scb": k.kommun_id_scb,
        "name": k.name,
        "seat": k.seat,
        "population": people,
        "population_year": year,
        "geometry_kind": "boundary",
    }
    for name in PART_NAMES:
        row[f"has_{name}"] = name in results.parts
        part = results.parts.get(name)
        for key, value in part.summary.items() if part else []:
            if isinstance(value, Real | bool):
                row[key if key not in row else f"{name}_{key}"] = value  # match_capacity_kwp
    geometry = gpd.GeoSeries([boundaries.boundary(k) if boundary is None else boundary], crs=CRS)
    return gpd.GeoDataFrame([row], geometry=geometry.values, crs=CRS)


def translate_layer(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """A layer with field names, coded values and yes/no values in ``lang``.

    Every field needs a label (:class:`workbench.i18n.MissingLabelError` lists the ones that
    lack one); two fields with the same label are an error.
    """
    data = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    data = translate_values(data, lang)
    for column in data.columns:
        values = data[column]
        flag = str(column).startswith(("is_", "has_"))  # a 0/1 flag read back as a number too
        if flag or values.map(lambda v: isinstance(v, bool)).any():
            data[column] = values.map(lambda v: v if pd.isna(v) else yes_no(bool(v), lang))
        elif column == "data_origin":
            data[column] = values.map(lambda v: translate_origin(v, lang))
    names = i18n.headers([str(c) for c in data.columns], lang)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"GeoPackage fields with the same label in {lang}: {', '.join(twice)}")
    data.columns = names
    return gpd.GeoDataFrame(data, geometry=frame.geometry.values, crs=frame.crs)


def write_kommun_gpkg(
    path: str | Path,
    results: KommunResults,
    metadata: dict[str, str],
    lang: str = i18n.DEFAULT_LANG,
    boundary: BaseGeometry | None = None,
) -> Path:
    """Write the municipality GeoPackage atomically.

    Writes the layers of the solar part's GeoPackage (when there is one) and the
    :data:`SUMMARY_LAYER`, translated (:func:`translate_layer`); ``metadata`` (version, commit,
    scenario, config hash, creation time) is stored as GeoPackage metadata on the summary
    layer. With ``SOURCE_DATE_EPOCH`` set, GDAL stamps the file with that time (same inputs,
    same bytes).
    """
    layer = summary_layer(results, boundary)
    solar = results.parts.get("solar")
    source = solar.gpkg if solar is not None else None
    description = i18n.text("title", lang, kommun=results.kommun.name)
    with no_aux_files(), gdal_current_date(source_date()):
        _write(path, layer, source, metadata, description, lang)
    return Path(path)


def _check_language(path, lang: str) -> None:
    """A package GeoPackage written again keeps its translated rooftop layers: only in the
    language they are in (the solar stage's ``solar.gpkg``, with internal names, is gone)."""
    fields = pyogrio.read_info(path, layer=SUMMARY_LAYER)["fields"]
    if i18n.header("kommun_id_scb", lang) not in fields:
        raise ValueError(
            f"{path}: its rooftop layers are in another language than {lang!r}; run the solar "
            "stage again (workbench report) to write the package in that language"
        )


def _write(path, layer, source, metadata, description, lang) -> None:
    with atomic_path(path) as tmp:
        if source is not None and Path(source).exists():
            again = Path(source).resolve() == Path(path).resolve()  # the package's own, rewritten
            if again:
                _check_language(source, lang)
            for name, _ in pyogrio.list_layers(source):
                if name == SUMMARY_LAYER:
                    if again:
                        continue
                    raise ValueError(f"{source} already has a layer {SUMMARY_LAYER!r}")
                frame = pyogrio.read_dataframe(source, layer=name)
                kind = pyogrio.read_info(source, layer=name)["geometry_type"]
                key = f"gpkg_layer_{name}"
                text = (
                    i18n.text(key, lang) if key in i18n.dictionary(lang)["texts"] else description
                )
                pyogrio.write_dataframe(frame if again else translate_layer(frame, lang), tmp,
                                        layer=name, driver="GPKG", append=Path(tmp).exists(),
                                        geometry_type=kind,
                                        layer_options={"DESCRIPTION": text})  # fmt: skip
        translate_layer(layer, lang).to_file(
            tmp,
            layer=SUMMARY_LAYER,
            driver="GPKG",
            engine="pyogrio",
            metadata={k: str(v) for k, v in metadata.items()},
            layer_options={"DESCRIPTION": description},
        )
