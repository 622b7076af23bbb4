"""Text keys for matching what users type: case, accents and spacing do not matter.

>>> fold("  Luleå   Kommun ")
'lulea kommun'
>>> fold("Årsmodell")
'arsmodell'
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd


def fold(text: object) -> str:
    """Case-, accent- and whitespace-insensitive key: ``' Årsmodell  '`` -> ``'arsmodell'``.

    Unicode NFKD decomposition with the combining marks dropped (å -> a, ö -> o), case folded,
    leading and trailing space stripped and inner runs of white space made one space.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain)


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` of every value; missing values stay missing (pandas ``string`` dtype)."""
    return (
        values.astype("object")
        .map(lambda v: pd.NA if v is None or v is pd.NA else fold(v))
        .astype("string")
    )
