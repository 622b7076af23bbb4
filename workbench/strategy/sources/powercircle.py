"""Reader for Power Circle's municipal charging statistics (ELIS, as compiled by Klimatkollen).

Counts per municipality: plug-in hybrids, battery-electric cars, all chargeable vehicles,
public charge points, charging stations and DC stations. The first column has no name and
holds the municipality (``"LULEÅ"`` in the December 2025 file, ``"Luleå"`` earlier). Attribute
"Power Circle"; its redistribution terms were not verified. The counts are publicly listed
charge points, not depot chargers, and Power Circle's car counts differ from Trafikanalys'
(never mix the two in one ratio).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.strategy.sources.common import code_of_name, kommun_codes, missing_areas

FIELDS = {
    "Antal laddhybrider": "n_phev",
    "Antal elbilar": "n_bev",
    "Antal laddbara fordon": "n_chargeable_vehicles",
    "Antal laddpunkter": "n_charge_points",
    "Antal laddstationer": "n_charging_stations",
    "DC laddstationer": "n_dc_stations",
}
COLUMNS = ["area_id_scb", *FIELDS.values()]


def read_powercircle(path: str | Path) -> pd.DataFrame:
    """Counts of the 14 municipalities, one row each (:data:`COLUMNS`)."""
    src = str(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    lacking = [c for c in FIELDS if c not in raw.columns]
    if lacking or raw.columns[0] not in ("", "Unnamed: 0"):
        raise InputError([Problem(src, f"an unnamed municipality column and {list(FIELDS)}",
                                  row=1, value=lacking or raw.columns[0])])  # fmt: skip
    problems, rows = [], []
    codes = kommun_codes()
    for i, r in enumerate(raw.to_dict("records"), start=2):
        code = code_of_name(r[raw.columns[0]])
        if code not in codes:
            continue
        row = {"area_id_scb": code}
        for label, key in FIELDS.items():
            text = r[label].strip()
            if not text.isdigit():
                problems.append(Problem(src, "a whole number", i, label, r[label]))
            row[key] = int(text) if text.isdigit() else None
        rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    problems += missing_areas(df["area_id_scb"], src, codes)
    if df["area_id_scb"].duplicated().any():
        problems.append(Problem(src, "each municipality once"))
    if problems:
        raise InputError(problems, f"{path}: not a readable Power Circle table")
    return df.sort_values("area_id_scb", ignore_index=True)
