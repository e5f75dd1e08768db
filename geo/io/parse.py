"""Reading the values of an events file's text columns: dates (Spanish month names too),
numbers (a decimal comma), counts of people with their thousands grouped, and event types written
in Spanish. Whole columns at once: a million values take a second or two.
"""

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo import settings
from geo.i18n import N_
from geo.names import normalize_name

_SPANISH_MONTHS = {
    "enero": "January",
    "febrero": "February",
    "marzo": "March",
    "abril": "April",
    "mayo": "May",
    "junio": "June",
    "julio": "July",
    "agosto": "August",
    "septiembre": "September",
    "setiembre": "September",
    "octubre": "October",
    "noviembre": "November",
    "diciembre": "December",
    "ene": "Jan",
    "abr": "Apr",
    "ago": "Aug",
    "set": "Sep",
    "dic": "Dec",
}
_SPANISH_MONTH = re.compile(r"\b(" + "|".join(sorted(_SPANISH_MONTHS, key=len, reverse=True)) + r")\b\.?")
# Dates written with numbers only: year first (2023-02-31) or day first (31/02/2023).
_YEAR_FIRST = re.compile(r"^(?P<y>\d{1,6})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{1,6})$")


def _spanish_months(text: pd.Series) -> pd.Series:
    """ "9 de enero de 2023", "9-ene-2023" -> "9 January 2023", "9-Jan-2023"."""
    text = text.str.lower().str.replace(r"\s+de\s+", " ", regex=True)
    return text.str.replace(_SPANISH_MONTH, lambda m: _SPANISH_MONTHS[m.group(1)], regex=True)


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in any of :data:`settings.DATE_FORMATS` (Spanish month names too);
    unreadable ones, and days outside :data:`settings.FIRST_YEAR`-:data:`settings.LAST_YEAR`,
    become NaT. Each spelling is tried only on the values no earlier one read."""
    text = values.str.strip().to_numpy(dtype=object)
    parsed = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    todo = np.flatnonzero(text != "")
    for spanish in (False, True):
        attempt = pd.Series(text[todo], dtype=str)
        if spanish:
            if not len(todo):
                break
            attempt = _spanish_months(attempt)
            attempt = attempt.str.replace("-", " ").where(attempt.str.contains(r"[a-zA-Z]"), attempt)
        for date_format in settings.DATE_FORMATS:
            if not len(todo):
                break
            got = pd.to_datetime(attempt, format=date_format, errors="coerce")
            years = got.dt.year
            ok = (got.notna() & (years >= settings.FIRST_YEAR) & (years <= settings.LAST_YEAR)).to_numpy()
            parsed[todo[ok]] = got[ok].to_numpy().astype("datetime64[ns]")
            todo, attempt = todo[~ok], attempt[~ok].reset_index(drop=True)
    return pd.Series(parsed, index=values.index)


def date_problem(value: str) -> tuple[str, str]:
    """Why ``value`` is not a date the map can use: (reason, message).
    The message is a catalogue template of ``value`` and the years ``first``-``last`` allowed."""
    value = value.strip()
    if not value:
        return N_("no date"), N_("no date given")
    match = _YEAR_FIRST.match(value) or _DAY_FIRST.match(value)
    if match:
        y, m, _ = (int(match.group(k)) for k in "ymd")
        if not settings.FIRST_YEAR <= y <= settings.LAST_YEAR:
            return N_("date out of range"), N_("date {value} is outside the years {first}–{last}")
        if _DAY_FIRST.match(value) and m > 12:
            return N_("impossible date"), N_(
                "date {value} does not exist (dates are read day first: 09/01/2023 is 9 January)"
            )
        return N_("impossible date"), N_("date {value} does not exist")
    return N_("unreadable date"), N_("'{value}' is not a date (write e.g. 2023-01-09 or 09/01/2023)")


def numbers(values: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Numbers written as text; blanks and unreadable values become NaN. With ``decimal_comma``
    a comma in a value without a point is its decimal mark (-15,49)."""
    text = values.str.strip()
    if decimal_comma:
        text = text.where(text.str.contains(".", regex=False), text.str.replace(",", ".", regex=False))
    try:  # pyarrow's cast: 4x faster than to_numeric when every value reads
        arrow = pa.array(text.array)
        arrow = pc.if_else(pc.equal(arrow, ""), pa.scalar(None, arrow.type), arrow)
        return pd.Series(pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False), index=values.index)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(text.mask(text == ""), errors="coerce").astype(float)


# A whole number whose points (Spanish) or commas (English) group its thousands: 1.234, 12,000.
GROUPED_WHOLE = {".": r"\d{1,3}(?:\.\d{3})+", ",": r"\d{1,3}(?:,\d{3})+"}
GROUPED_NOTE = {
    ".": N_("{value} read as {number} people (its point separates thousands)"),
    ",": N_("{value} read as {number} people (its comma separates thousands)"),
}


def grouped_thousands(text: pd.Series, decimal_comma: bool) -> list[tuple[str, np.ndarray, pd.Series]]:
    """The values of ``text`` (stripped) that are whole numbers written with their thousands
    grouped, as (mark, which, the number without its marks), for each mark that groups in a file
    with (or without) decimal commas: "." and "," with them, "," only without."""
    found = []
    for mark in (".", ",") if decimal_comma else (",",):
        # 12.000 reads as 12.0, 1,200 as 1.2: the text says which were written grouped (RE2, vectorized).
        grouped = pc.match_substring_regex(pa.array(text.array, pa.string()), f"^{GROUPED_WHOLE[mark]}$")
        grouped = grouped.to_numpy(zero_copy_only=False).astype(bool)
        if grouped.any():
            found.append((mark, grouped, text[grouped].str.replace(mark, "", regex=False)))
    return found


def acled_types(values: pd.Series) -> pd.Series:
    """Event types or sub-types with those written in Spanish ("Protestas", "protesta pacífica")
    read as the ACLED value they name (settings.EVENT_TYPE_SPANISH), so they keep ACLED's colours
    and filters; other values as written. Each distinct value is looked at once."""
    english = {
        normalize_name(es): en
        for table in (settings.EVENT_TYPE_SPANISH, settings.SUB_EVENT_TYPE_SPANISH)
        for en, es in table.items()
    }
    codes, distinct = pd.factorize(values)
    named = np.array([english.get(normalize_name(v), v) for v in distinct], dtype=object)
    if len(distinct) == 0 or (named == distinct.to_numpy(dtype=object)).all():
        return values
    return pd.Series(named[codes], index=values.index, dtype=values.dtype)
