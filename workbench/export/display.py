"""Tables for notebooks: numbers in Swedish format with the unit of each column.

A thin layer over :mod:`workbench.export.numformat` and the column units of
``workbench/i18n/units.yaml``: ``5225474.3`` in ``annual_kwh`` shows as ``5 225 474`` under the
header ``annual_kwh [kWh]``, never as ``5.225474e+06``. The data stay numbers (a pandas
``Styler`` only changes how they are shown); years are written without decimals or grouping.

>>> import pandas as pd
>>> html = formatted(pd.DataFrame({"year": [2030.0], "annual_kwh": [5225474.3]})).to_html()
>>> "5\\xa0225\\xa0474" in html and "2030<" in html and "annual_kwh [kWh]" in html
True
"""

from __future__ import annotations

import math
from numbers import Real

import pandas as pd
from pandas.io.formats.style import Styler

from workbench import i18n
from workbench.export.numformat import format_number

#: rows shown at most (a Styler renders every row it is given)
MAX_ROWS = 60


def _unit(column) -> i18n.Unit | None:
    try:
        return i18n.unit(str(column), "sv")
    except (ValueError, KeyError):
        return None


def _decimals(values: pd.Series) -> int:
    """Decimals for a column without a unit: none for whole numbers, else by magnitude."""
    finite = pd.to_numeric(values, errors="coerce").dropna()
    finite = finite[finite.abs() < math.inf]
    if finite.empty or (finite == finite.round()).all():
        return 0
    top = float(finite.abs().max())
    return 0 if top >= 1000 else 1 if top >= 10 else 2 if top >= 1 else 3


def _formatter(name, values: pd.Series, lang: str):
    u = _unit(name)
    if u is not None and u.key == "year" or str(name) in {"year", "month"}:
        return lambda v: f"{int(v)}" if _num(v) else _text(v)
    if u is not None and u.key == "frac":
        return lambda v: f"{format_number(100 * float(v), lang, 1)}\u00a0%" if _num(v) else _text(v)
    decimals = u.decimals if u is not None else _decimals(values)
    return lambda v: format_number(v, lang, decimals) if _num(v) else _text(v)


def _num(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and not pd.isna(value)


def _text(value) -> str:
    return "–" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _header(name) -> str:
    u = _unit(name)
    return f"{name} [{u.display}]" if u is not None and u.display else str(name)


def formatted(data: pd.DataFrame | pd.Series, lang: str = "sv", max_rows: int = MAX_ROWS) -> Styler:
    """``data`` as a Styler: every number in ``lang``'s format (Swedish: space-grouped
    thousands, decimal comma) with its column's decimals; the unit in the header.

    A Series (e.g. a summary of named figures) is shown as one ``value`` column formatted row
    by row with the unit of each row's name. More than ``max_rows`` rows: the first ones, with
    a caption saying how many there are.
    """
    if isinstance(data, pd.Series):
        frame = data.to_frame("value")
        shown = frame.head(max_rows)
        styler = shown.style
        for name in shown.index:
            fmt = _formatter(name, pd.Series([shown.at[name, "value"]]), lang)
            styler = styler.format(fmt, subset=pd.IndexSlice[[name], ["value"]])
        styler = styler.format_index(_header, axis=0)
    else:
        frame = data
        shown = frame.head(max_rows)
        styler = shown.style
        for column in shown.columns:
            styler = styler.format(
                _formatter(column, shown[column], lang), subset=pd.IndexSlice[:, [column]]
            )
        styler = styler.format_index(_header, axis=1)
        if shown.index.name in {"year", "month"} or _unit(shown.index.name or "") is not None:
            styler = styler.format_index(
                _formatter(shown.index.name, shown.index.to_series(), lang), axis=0
            )
    if isinstance(shown.index, pd.RangeIndex) and not isinstance(data, pd.Series):
        styler = styler.hide(axis="index")  # 0, 1, 2 ... says nothing
    if len(frame) > len(shown):
        styler = styler.set_caption(f"first {len(shown)} of {len(frame)} rows")
    return styler


def pivoted(frame: pd.DataFrame, index: str, columns: str, values: str,
            where: dict | None = None, aggfunc: str | None = None, lang: str = "sv") -> Styler:  # fmt: skip
    """The rows of ``frame`` that match ``where`` (column -> value), one column per value of
    ``columns``, formatted as :func:`formatted` formats ``values`` (its decimals, its unit in
    every header: ``immediate [%]``). ``aggfunc`` (``"sum"``...) adds up several rows per cell;
    without it a cell must come from one row (``DataFrame.pivot`` raises otherwise).

    >>> monthly = pd.DataFrame({"month": [1, 1, 2, 2], "strategy": ["immediate", "smart"] * 2,
    ...                         "coverage_pct": [12.345, 20.0, 31.25, 40.0]})
    >>> html = pivoted(monthly, "month", "strategy", "coverage_pct").to_html()
    >>> "immediate [%]" in html and "12,3" in html and "31,2" in html
    True
    """
    rows = frame
    for column, value in (where or {}).items():
        rows = rows[rows[column] == value]
    if aggfunc is None:
        wide = rows.pivot(index=index, columns=columns, values=values)
    else:
        wide = rows.pivot_table(index=index, columns=columns, values=values, aggfunc=aggfunc)
    wide.columns.name = None
    shown = wide.head(MAX_ROWS)
    styler = shown.style
    fmt = _formatter(values, rows[values], lang)
    styler = styler.format(fmt)
    u = _unit(values)
    suffix = f" [{u.display}]" if u is not None and u.display else ""
    styler = styler.format_index(lambda c: f"{c}{suffix}", axis=1)
    if index in {"year", "month"} or _unit(index) is not None:
        styler = styler.format_index(_formatter(index, shown.index.to_series(), lang), axis=0)
    if len(wide) > len(shown):
        styler = styler.set_caption(f"first {len(shown)} of {len(wide)} rows")
    return styler
