"""Notebook tables: Swedish number format with units, never 5.225474e+06."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbench.export.display import formatted

NBSP = "\u00a0"


def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", html)]


def test_frame_numbers_in_swedish_format_with_units_in_headers():
    frame = pd.DataFrame(
        {
            "year": [2030.0, 2045.0],
            "annual_kwh": [5225474.3, np.nan],
            "capacity_kwp": [221126.1133, 0.04],
            "coverage_pct": [12.345, 100.0],
            "building_type": ["public", None],
        }
    )
    cells = _cells(formatted(frame).to_html())
    assert "annual_kwh [kWh]" in cells and "capacity_kwp [kWp]" in cells
    assert "coverage_pct [%]" in cells and "year" in cells
    # hand-formatted: space-grouped thousands (U+00A0), decimal comma, unit decimals
    assert f"5{NBSP}225{NBSP}474" in cells and "–" in cells
    assert f"221{NBSP}126,1" in cells and "0,0" in cells
    assert "12,3" in cells and "100,0" in cells
    assert "2030" in cells and "2045" in cells and "2030.0" not in cells
    assert not any("e+" in c for c in cells)
    assert "public" in cells


def test_series_rows_by_name_and_long_tables_say_what_is_shown():
    s = pd.Series({"kommun": "Luleå", "n_input": 19194, "annual_mwh": 162720.444646})
    cells = _cells(formatted(s).to_html())
    assert "n_input [st]" in cells and f"19{NBSP}194" in cells
    assert "annual_mwh [MWh]" in cells and f"162{NBSP}720,4" in cells and "Luleå" in cells
    long = pd.DataFrame({"n_vehicles": range(100)})
    html = formatted(long, max_rows=10).to_html()
    assert "first 10 of 100 rows" in html and len(_cells(html)) == 1 + 10
    english = _cells(formatted(pd.DataFrame({"annual_kwh": [5225474.3]}), lang="en").to_html())
    assert "5,225,474" in english


def test_pivot_of_a_match_table_formatted_with_the_values_unit():
    """Notebook 04's monthly coverage and depot charging pivots showed raw floats; the values'
    unit goes into every strategy column's header and the numbers into Swedish format."""
    from workbench.export.display import pivoted

    monthly = pd.DataFrame({"year": [2035] * 4 + [2030], "month": [1, 1, 2, 2, 1],
                            "strategy": ["immediate", "smart"] * 2 + ["smart"],
                            "with_battery": [False] * 5, "coverage_pct": [0.04, 1.5, 12.345, 46.2, 9.0]})  # fmt: skip
    cells = _cells(pivoted(monthly, "month", "strategy", "coverage_pct",
                           where={"year": 2035, "with_battery": False}).to_html())  # fmt: skip
    assert [c for c in cells if c != "&nbsp;"] == ["immediate [%]", "smart [%]", "month", "1",
                                                   "0,0", "1,5", "2", "12,3", "46,2"]  # fmt: skip
    depots = pd.DataFrame({"year": 2035, "depot": ["Hamn", "Hamn", "Centrum"], "month": [1, 2, 1],
                           "strategy": "immediate", "charging_kwh": [160574.4, 1000.0, 5.2]})  # fmt: skip
    cells = _cells(pivoted(depots, "depot", "strategy", "charging_kwh", where={"year": 2035},
                           aggfunc="sum").to_html())  # fmt: skip
    assert [c for c in cells if c != "&nbsp;"] == ["immediate [kWh]", "depot", "Centrum", "5",
                                                   "Hamn", f"161{NBSP}574"]  # fmt: skip
