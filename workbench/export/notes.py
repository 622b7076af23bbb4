"""The caveats the stages write (``summary.json`` ``notes``) in the export language.

The solar, fleet, match and strategy stages write their notes in English, with numbers and
internal codes in them ("9 vehicle(s) drive more ... unless allow_bev_beyond_winter_range",
"selection of buildings: building_type == 'public'"). A Swedish export shows each note in
Swedish: ``i18n`` section ``notes`` maps the English template of every note the stages write
to its Swedish text. A template's ``{placeholders}`` take the values of the English note:

* a placeholder named after a column with coded values (``{building_type}``, ``{vehicle_class}``)
  is translated like a table cell (:func:`workbench.i18n.value_label`);
* a year stays as written; another number keeps its decimals (a placeholder not in
  :data:`WORDS` matches a number only) and is written with the language's decimal comma and minus sign;
* other text goes through the strategy phrase table (an electricity factor's label).

A note without a template in a non-English export is an error (:class:`MissingLabelError`
names it), so a new caveat cannot reach a Swedish report in English.

>>> translate_note("selection of buildings: building_type == 'public'", "sv")
'Urval av byggnader: byggnadstyp Samhällsfunktion.'
>>> translate_note("winter design temperature -20.9 °C is below the -20 °C limit of EVI-Pro-type "
...                "models: the linear cold model is extrapolated there", "sv")[:51]
'Den dimensionerande vintertemperaturen, −20,9 °C, l'
"""

from __future__ import annotations

import re
from functools import cache

from workbench import i18n
from workbench.export.numformat import format_number
from workbench.export.strategy import translate_text

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")
# placeholders that hold words (a file, a label, a code); every other one holds a number
WORDS = {"file", "electricity_label", "vehicle_class", "building_type", "owner"}


@cache
def _patterns(lang: str) -> list[tuple[re.Pattern, str]]:
    """(compiled English template, translation) pairs, the most literal text first."""
    table = i18n.dictionary(lang).get("notes") or {}
    pairs = []
    for english, translated in table.items():
        parts = _PLACEHOLDER.split(english)  # literal, name, literal, name, ...
        regex = "".join(
            re.escape(p)
            if i % 2 == 0
            else f"(?P<{p}>{_NUMBER.pattern if p not in WORDS else '.+?'})"
            for i, p in enumerate(parts)
        )
        literal = sum(len(p) for p in parts[::2])
        pairs.append((literal, re.compile(regex + r"\Z", re.S), translated))
    pairs.sort(key=lambda t: -t[0])
    return [(pattern, translated) for _, pattern, translated in pairs]


def _value(name: str, raw: str, lang: str) -> str:
    """A placeholder's value in ``lang``: coded value, number or phrase."""
    if name == "year" or name.endswith("_year"):
        return raw  # 2045, not "2 045"
    codes = (i18n.dictionary(lang).get("values") or {}).get(name)
    if codes is not None:
        return str(i18n.value_label(name, raw, lang))
    number = _NUMBER.fullmatch(raw)
    if number is not None:
        return format_number(float(raw), lang, len(number[1] or ""))
    return str(translate_text(raw, lang))


def translate_note(note: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """A stage's note in ``lang`` (English notes are shown as the stages write them)."""
    if i18n.check_lang(lang) == "en":
        return note
    for pattern, translated in _patterns(lang):
        match = pattern.match(note)
        if match is not None:
            return _filled(translated, match, lang)
    for pattern, translated in _patterns(lang):  # a note of several sentences: one by one
        for cut in _sentence_ends(note):
            match = pattern.fullmatch(note[:cut])
            if match is not None:
                try:
                    rest = translate_note(note[cut + 1 :], lang)
                except i18n.MissingLabelError:
                    break
                return f"{_filled(translated, match, lang)} {rest}"
    raise i18n.MissingLabelError("notes", [note], lang)


def _filled(translated: str, match: re.Match, lang: str) -> str:
    return translated.format(**{k: _value(k, v, lang) for k, v in match.groupdict().items()})


def _sentence_ends(note: str) -> list[int]:
    """Positions of the spaces after a sentence's full stop (where a second note may start)."""
    return [m.start() for m in re.finditer(r"(?<=\.) (?=[A-Z0-9])", note)]


def translate_origin(value, lang: str = i18n.DEFAULT_LANG):
    """A building's ``data_origin`` in ``lang``: the SYNTHETIC label translated, a file name kept."""
    if not isinstance(value, str) or not value:
        return value
    try:
        return translate_note(value, lang)
    except i18n.MissingLabelError:
        return value  # the footprint file's name
