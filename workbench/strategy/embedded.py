"""The embedded strategy tables under ``data/strategy/``: the default inputs of the package.

Written by ``data/strategy/derive_strategy_tables.py`` (from ``../shared/data``) and read
here, so the main job runs offline without ``../shared``. Column units and sources:
``data/strategy/strategy.meta.yaml``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from workbench.core.outputs import write_text
from workbench.core.paths import data_dir, data_path

FOLDER = "strategy"
META_FILE = "strategy.meta.yaml"
DTYPES = {"area_id_scb": "string", "year": "int64", "month": "string", "sector": "string",
          "subsector": "string", "category": "string", "carrier": "string", "status": "string",
          "output": "string", "table": "string", "fuel": "string", "source": "string",
          "n_vehicles": "Int64", "population": "int64", "n_installations": "Int64"}  # fmt: skip


@dataclass(frozen=True)
class StrategyInputs:
    """The published data behind one strategy run (all 14 municipalities and the county)."""

    emissions_sector: pd.DataFrame
    emissions_rus_co2: pd.DataFrame
    energy_final_use: pd.DataFrame
    energy_production: pd.DataFrame
    vehicles: pd.DataFrame
    population: pd.DataFrame
    pv_installed: pd.DataFrame
    charging: pd.DataFrame

    @classmethod
    def names(cls) -> list[str]:
        """Table names, in file order."""
        return [f.name for f in fields(cls)]

    def by_area(self) -> dict[str, StrategyInputs]:
        """The same tables split by ``area_id_scb`` once (small frames for per-area work)."""
        groups = {n: dict(tuple(getattr(self, n).groupby("area_id_scb", sort=True)))
                  for n in self.names()}  # fmt: skip
        areas = sorted(set().union(*(g.keys() for g in groups.values())))
        empty = {n: getattr(self, n).iloc[0:0] for n in self.names()}
        return {a: StrategyInputs(**{n: groups[n].get(a, empty[n]).reset_index(drop=True)
                                     for n in self.names()}) for a in areas}  # fmt: skip


def csv_text(df: pd.DataFrame) -> str:
    """The exact CSV text of an embedded table (comma, point decimal, ``\\n``, no index)."""
    buffer = io.StringIO()
    df.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_table(name: str, df: pd.DataFrame, folder: Path) -> Path:
    """Write one embedded table atomically as ``<folder>/<name>.csv``."""
    return write_text(Path(folder) / f"{name}.csv", csv_text(df))


def read_table(path: str | Path) -> pd.DataFrame:
    """Read one embedded table with its declared column types."""
    head = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: t for c, t in DTYPES.items() if c in head},
                       keep_default_na=False, na_values=[""])  # fmt: skip


@cache
def _load(folder: Path) -> StrategyInputs:
    return StrategyInputs(**{n: read_table(folder / f"{n}.csv") for n in StrategyInputs.names()})


def load_inputs(folder: str | Path | None = None) -> StrategyInputs:
    """The embedded tables (``data/strategy`` unless ``folder`` is given); cached per folder."""
    folder = Path(folder) if folder is not None else data_dir() / FOLDER
    return _load(folder.resolve())


@cache
def meta() -> dict:
    """``strategy.meta.yaml``: per table a description and per column unit and meaning."""
    with open(data_path(FOLDER, META_FILE), encoding="utf-8") as f:
        return yaml.safe_load(f)
