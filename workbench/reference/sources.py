"""Registry of the data sets the workbench uses, from ``data/sources.yaml``."""

from __future__ import annotations

import pandas as pd
import yaml

from workbench.core.paths import data_path

COLUMNS = ["id", "title", "kind", "path", "source", "licence", "year", "notes"]


def table() -> pd.DataFrame:
    """Every registered data set: id, title, kind, path, source, licence, year, notes."""
    with open(data_path("sources.yaml"), encoding="utf-8") as f:
        entries = yaml.safe_load(f)
    return pd.DataFrame(entries).reindex(columns=COLUMNS).fillna("")
