"""The page in Spanish or English: the message catalogue, and dates and numbers as each language
writes them.

Texts are written in English in the code and wrapped in :func:`translate` (``t`` where it is
called); their Spanish lives in one catalogue, ``geo/i18n/locale/es.po`` (gettext's format, read with
Babel, so any PO editor can maintain it). ``tests/test_i18n.py`` fails when a text is wrapped in the
code but missing from a catalogue, or kept in a catalogue but no longer used. Dates and numbers
follow the Unicode CLDR data through Babel: "9 ene 2023" and "1.234" in Spanish, "Jan 9, 2023" and
"1,234" in English.

A new language is its catalogue, ``geo/i18n/locale/<code>.po`` (a copy of ``es.po`` translated),
and one line in :data:`LANGUAGES`; its formats (numbers, days, the timeline's axis) come from the
CLDR for its code, so no table in the code is keyed by language (tests/test_new_language.py).
ACLED's types keep their Spanish labels beside them on the Spanish page only (:func:`type_label`).
"""

from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_interval
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from geo import settings

LANGUAGES = {"es": "Español", "en": "English"}
# Constants of the package that hold texts for the reader, translated where they are shown:
# module -> names (a text, or a table whose texts are its values, or its keys when the values
# are not texts). tests/test_i18n.py keeps their texts in the catalogue.
TRANSLATED_CONSTANTS = {
    "geo.settings": (
        "FATALITY_KINDS",
        "FATALITY_KIND_SHORT",
        "FATALITY_KIND_ONE",
        "METRICS",
        "BOUNDARIES_CREDIT",
        "NO_LOCATION",
        "COMMODITIES",
    ),
    "geo.analysis.periods": ("PERIODS", "WHOLE", "CUSTOM"),
}
SOURCE_LANGUAGE = "en"  # the language the code's texts are written in
CATALOGUE_DIR = Path(__file__).parent / "locale"


def catalogue_path(lang: str) -> Path:
    """The catalogue of ``lang``: ``geo/i18n/locale/<lang>.po``."""
    return CATALOGUE_DIR / f"{lang}.po"


@cache
def _catalogue(lang: str) -> dict[str, str]:
    with open(catalogue_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang)
    # Plural entries (an id of several forms) are not used: counts choose their form in count().
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and not m.fuzzy
    }


def clear_caches() -> None:
    """Forget the catalogues and signs read so far (after :data:`CATALOGUE_DIR` or
    :data:`LANGUAGES` changed, as in a test that adds a language)."""
    _catalogue.cache_clear()
    _symbols.cache_clear()


def language(lang: str | None) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else the source language."""
    return lang if lang in LANGUAGES else SOURCE_LANGUAGE


def translate(text: str, lang: str) -> str:
    """``text`` (English, as written in the code) in ``lang``; the English when the catalogue
    lacks it (a test keeps the catalogue complete).

    Examples
    --------
    >>> translate("Events", "es")
    'Eventos'
    """
    if language(lang) == SOURCE_LANGUAGE:
        return text
    return _catalogue(lang).get(text, text)


def N_(text: str) -> str:  # gettext's name for it
    """``text`` unchanged: marks a text kept in a constant, translated where it is shown with
    :func:`t`, so that tests/test_i18n.py finds it in the code (gettext's ``N_``)."""
    return text


def t(text: str, lang: str, **values) -> str:
    """:func:`translate`, then ``values`` put into its ``{placeholders}``.

    >>> t("{n} events", "es", n="1.234")
    '1.234 eventos'
    """
    translated = translate(text, lang)
    return translated.format(**values) if values else translated


def type_label(value: str, lang: str) -> str:
    """An ACLED event type or sub-type as the page shows it: with its Spanish label first in
    Spanish (``"Protestas (Protests)"``), as ACLED writes it in English; a value the table does
    not know stays as written."""
    spanish = settings.EVENT_TYPE_SPANISH.get(value) or settings.SUB_EVENT_TYPE_SPANISH.get(value)
    if language(lang) != "es" or not spanish:
        return value
    return f"{spanish} ({value})"


@cache
def _symbols(lang: str) -> tuple[str, str]:
    """The language's (group, decimal) signs, from the CLDR."""
    return get_group_symbol(lang), get_decimal_symbol(lang)


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """``1.234`` in Spanish, ``1,234`` in English; ``decimals`` fixes the digits after the
    decimal sign (``0,50``).

    Whole numbers and fixed decimals are written with the CLDR's signs by Python's own formatting
    (a map of 1,891 districts writes thousands of numbers per redraw); other values go through
    Babel.

    >>> number(1234.5, "es", decimals=2)
    '1.234,50'
    """
    lang = language(lang)
    if decimals is None and float(value).is_integer():
        decimals = 0
    if decimals is None:
        return format_decimal(value, locale=lang)
    group, point = _symbols(lang)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def count(n: int, one: str, many: str, lang: str, shown: str | None = None) -> str:
    """``"1 event"``, ``"1.234 eventos"``: ``one`` (the catalogue's text for one, written with
    "1") or ``many`` (with ``{n}``) in ``lang``; ``shown`` is how the number is written (by default
    :func:`number`), e.g. in bold.

    >>> count(1234, "1 event", "{n} events", "es")
    '1.234 eventos'
    """
    shown = number(n, lang) if shown is None else shown
    return t(one, lang).replace("1", shown, 1) if n == 1 else t(many, lang, n=shown)


def level_word(level: str, lang: str, plural: bool = False, capital: bool = False) -> str:
    """ "department", "Departments", "provincia"…: a level of :data:`settings.LEVELS` in words."""
    words = {  # (one, many, One, Many)
        "department": (t("department", lang), t("departments", lang), t("Department", lang), t("Departments", lang)),
        "province": (t("province", lang), t("provinces", lang), t("Province", lang), t("Provinces", lang)),
        "district": (t("district", lang), t("districts", lang), t("District", lang), t("Districts", lang)),
    }[level]
    return words[2 * capital + plural]


def day(value: date, lang: str) -> str:
    """``9 ene 2023`` in Spanish, ``Jan 9, 2023`` in English."""
    return format_date(value, "medium", locale=language(lang))


def days(start: date, end: date, lang: str) -> str:
    """A range of days: ``7 dic 2022 – 21 mar 2023``, ``Dec 7, 2022 – Mar 21, 2023``."""
    if start == end:
        return day(start, lang)
    # CLDR puts thin spaces around the dash; plain ones match the rest of the page (and a search).
    return format_interval(start, end, "yMMMd", locale=language(lang)).replace("\u2009", " ")


def preferred_language(accept_language: str | None) -> str:
    """The first of :data:`LANGUAGES` a browser's ``Accept-Language`` header asks for (English
    when it asks for neither).

    >>> preferred_language("es-PE,es;q=0.9,en;q=0.8")
    'es'
    """
    weighted = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        weighted.append((-weight, position, tag.split("-")[0].lower()))
    for _, _, tag in sorted(weighted):
        if tag in LANGUAGES:
            return tag
    return SOURCE_LANGUAGE
