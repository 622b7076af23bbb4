"""Numbers as text in report prose: Swedish grouping and decimal comma by default (Babel/CLDR).

Only for rendering text. Data files and Excel cells keep numbers as numbers.

>>> format_number(1234.5, "sv", 1)
'1\\xa0234,5'
>>> format_number(-0.25, "sv", 2)
'−0,25'
>>> format_number(1234.5, "en", 1)
'1,234.5'
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from typing import Any

from babel.numbers import format_decimal

from workbench import i18n

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
MINUS = "\u2212"


def yes_no(value: Any, lang: str = i18n.DEFAULT_LANG) -> str:
    """A yes/no value as a word (``Ja``/``Nej``), the same in report, workbook and GeoPackage."""
    return i18n.text("target_met_yes" if value else "target_met_no", lang)


def format_number(value: Any, lang: str = i18n.DEFAULT_LANG, decimals: int = 0) -> str:
    """Format a number for text with ``decimals`` decimals in the language's locale.

    Swedish uses a non-breaking space (U+00A0) to group thousands, a decimal comma and
    the minus sign U+2212 (CLDR sv); Babel 2.18 writes an ASCII hyphen, replaced here.
    Missing values (``None``, NaN) give an en dash.
    """
    locale = LOCALES[i18n.check_lang(lang)]
    if value is None or (isinstance(value, Real) and math.isnan(float(value))):
        return "–"
    if isinstance(value, bool):
        return yes_no(value, lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = format_decimal(rounded, format=pattern, locale=locale)
    if lang == "sv":
        text = text.replace("-", MINUS)
    return text


def format_exact(value: Any, lang: str = i18n.DEFAULT_LANG) -> str:
    """A number as text with every decimal it has (up to 10), for assumption values.

    Thousands are grouped from five digits on (``2030`` stays a year, ``1e9`` is
    ``1\xa0000\xa0000\xa0000``), as Swedish typography allows; booleans give Ja/Nej.

    >>> format_exact(-0.0037, "sv"), format_exact(2030, "sv"), format_exact(465.0, "en")
    ('−0,0037', '2030', '465')
    """
    if isinstance(value, bool) or value is None or math.isnan(float(value)):
        return format_number(value, lang)
    pattern = ("#,##0" if abs(value) >= 10_000 else "0") + ".##########"
    text = format_decimal(float(value), format=pattern, locale=LOCALES[i18n.check_lang(lang)])
    return text.replace("-", MINUS) if lang == "sv" else text


def format_quantity(value: Any, column: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """Format a value with the decimals and unit of ``column``: ``"1\\xa0234 kWh"``.

    Shares stored as fractions (``_frac``) are shown as percent.
    """
    u = i18n.unit(column, lang)
    if value is None or (isinstance(value, Real) and math.isnan(float(value))):
        return "–"
    if u is None:
        return format_number(value, lang, 0) if isinstance(value, Real) else str(value)
    if isinstance(value, bool):
        return format_number(value, lang)
    if u.key == "frac" and isinstance(value, Real):
        return f"{format_number(100 * float(value), lang, 1)}\u00a0%"
    if u.key == "year":
        return str(int(value)) if isinstance(value, Real) else str(value)
    number = format_number(value, lang, u.decimals)
    return f"{number}\u00a0{u.display}" if u.display else number


SIGNIFICANT = 3  # significant figures of a key figure
EXACT_UNITS = {"year", "count", "inhabitants", "pct", "frac"}  # counts, years, shares as they are
# a larger unit once the number reaches 1 of it: 222 834 kWp -> 223 MWp, 8 809 MWh -> 8,81 GWh
# (so that a column of a table mixes units only for values a thousand times apart)
SCALES = {"kwh": (("gwh", 1e6), ("mwh", 1e3)), "mwh": (("gwh", 1e3),), "kwp": (("mwp", 1e3),),
          "kw": (("mw", 1e3),)}  # fmt: skip


def significant(value: float, digits: int = SIGNIFICANT) -> tuple[float, int]:
    """``value`` rounded half away from zero to ``digits`` significant figures (``744,5`` ->
    ``745``, as a reader rounds, not Python's half to even) and the decimals to show.

    >>> significant(222.834), significant(1469.2), significant(0.04567), significant(23.94)
    ((223.0, 0), (1470.0, 0), (0.0457, 4), (23.9, 1))
    >>> significant(744.5), significant(-12.45), significant(2995747.8)
    ((745.0, 0), (-12.5, 1), (3000000.0, 0))
    """
    if value == 0 or not math.isfinite(value):
        return value, 0
    before = math.floor(math.log10(abs(value))) + 1  # digits before the decimal point
    exact = Decimal(repr(float(value)))
    rounded = float(exact.quantize(Decimal(1).scaleb(before - digits), rounding=ROUND_HALF_UP))
    if rounded and math.floor(math.log10(abs(rounded))) + 1 > before:  # 999.5 -> 1000
        before += 1
    return rounded, max(0, digits - before)


def figure(value: Any, column: str, lang: str = i18n.DEFAULT_LANG) -> tuple[float, int, str] | None:
    """The displayed form of a quantity: the number in its display unit rounded to three
    significant figures, the decimals to show and the unit's text, or ``None`` for a value shown
    as it is (counts, years, shares, a column without a unit, text, a missing value).

    The one rule for a displayed quantity, on a card, in a report table and on the workbook's
    presentation sheets: a larger unit once the number reaches 10 of it (``SCALES``), then
    three significant figures (:func:`significant`).

    >>> figure(17739.1, "capacity_kwp", "sv"), figure(0.0, "cost_change_msek", "sv")
    ((17.7, 1, 'MWp'), (0.0, 0, 'Mkr'))
    >>> figure(329081, "charging_kwh", "sv"), figure(12, "n_vehicles", "sv") is None
    ((329.0, 0, 'MWh'), True)
    """
    u = i18n.unit(column, lang)
    numeric = isinstance(value, Real) and not isinstance(value, bool)
    if u is None or not numeric or u.key in EXACT_UNITS or not math.isfinite(float(value)):
        return None
    key, number = u.key, float(value)
    for larger, factor in SCALES.get(key, ()):
        if abs(significant(number)[0]) >= factor:  # 999,6 kWp reads 1,00 MWp, not 1 000 kWp
            key, number = larger, number / factor
            break
    rounded, decimals = significant(number)
    return rounded, decimals, i18n.dictionary(lang)["units"][key]


def format_figure(value: Any, column: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """A displayed quantity as text (:func:`figure`): a scaled unit and three significant
    figures (one definition, no false precision); counts, years and shares as
    :func:`format_quantity` gives them.

    >>> format_figure(222834.0, "capacity_kwp", "sv"), format_figure(542.67, "cost_msek", "sv")
    ('223\xa0MWp', '543\xa0Mkr')
    >>> format_figure(163990.7, "annual_mwh", "sv"), format_figure(16249, "n_buildings", "sv")
    ('164\xa0GWh', '16\xa0249\xa0st')
    >>> format_figure(3491431.8, "gap_target_year_co2e_t", "sv")
    '3\xa0490\xa0000\xa0t CO₂e'
    """
    shown = figure(value, column, lang)
    if shown is None:
        return format_quantity(value, column, lang)
    rounded, decimals, display = shown
    return f"{format_number(rounded, lang, decimals)}\u00a0{display}"
