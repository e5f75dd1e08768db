"""The timeline: stacked bars per day (events by type, or deaths by kind), drawn by Vega-Lite
(Altair) with its axis, tooltips and numbers in the page's language."""

import re
from datetime import date, timedelta
from functools import cache
from typing import Literal

import altair as alt
import pandas as pd
from babel import Locale
from babel.dates import get_day_names, get_month_names, get_period_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from geo.i18n import language

# The axis's ticks: one a day for a short period, one a week, then one a month.
DAILY_TICKS_UP_TO_DAYS = 16
WEEKLY_TICKS_UP_TO_DAYS = 120
# The CLDR skeletons of a day tick ("9 ene"), a month tick ("ene 2023") and a tooltip's day ("9 ene
# 2023", as geo.i18n.day writes a day): each language's pattern for them comes from Babel, so a new
# language needs no table here.
TICK_SKELETON = "MMMd"
MONTH_TICK_SKELETON = "yMMM"
DAY_SKELETON = "yMMMd"
# CLDR pattern fields -> d3's time format directives (the fields a day's skeleton can give).
_D3_DIRECTIVES = {
    "d": "%-d",
    "dd": "%d",
    "M": "%-m",
    "MM": "%m",
    "MMM": "%b",
    "MMMM": "%B",
    "L": "%-m",
    "LL": "%m",
    "LLL": "%b",
    "LLLL": "%B",
    "y": "%Y",
    "yyyy": "%Y",
    "yy": "%y",
    "E": "%a",
    "EE": "%a",
    "EEE": "%a",
    "EEEE": "%A",
}
# A CLDR pattern's pieces: a quoted literal ('de', '' for a quote), a run of one field letter, or
# other literal text.
_CLDR_PIECE = re.compile(r"'((?:[^']|'')*)'|([A-Za-z])\2*|([^'A-Za-z]+)")
CHART_HEIGHT = 300
# The legend's entries side by side on a wide chart, one under another on a phone's (a row of
# three long Spanish labels is wider than the phone); and room right of the axis for the last
# day's label, which starts at its day.
LEGEND_COLUMNS = alt.expr("width < 560 ? 1 : 3")
RIGHT_PADDING_PX = 40


@cache
def d3_format(skeleton: str, lang: str) -> str:
    """d3's time format of the CLDR ``skeleton`` in ``lang`` (Babel's pattern for it, translated).

    >>> d3_format("yMMMd", "es"), d3_format("yMMMd", "en"), d3_format("MMMd", "pt")
    ('%-d %b %Y', '%b %-d, %Y', '%-d de %b')
    """
    pattern = Locale.parse(lang).datetime_skeletons[skeleton].pattern
    pieces = []
    for match in _CLDR_PIECE.finditer(pattern):
        quoted, field, literal = match.group(1), match.group(2), match.group(3)
        if field:
            if match.group(0) not in _D3_DIRECTIVES:
                raise ValueError(f"CLDR field {match.group(0)!r} of {pattern!r} has no d3 directive")
            pieces.append(_D3_DIRECTIVES[match.group(0)])
        else:
            text = (quoted.replace("''", "'") if quoted is not None else literal) or "'"
            pieces.append(text.replace("%", "%%"))
    return "".join(pieces)


def vega_locale(lang: str) -> dict:
    """Vega-Lite's ``config.locale`` (d3's number and time locales) for ``lang``, from the CLDR
    (Babel): the month and day names of the axis, the decimal and group signs of the numbers.

    >>> vega_locale("es")["time"]["shortMonths"][:3]
    ['ene', 'feb', 'mar']
    """
    locale = Locale.parse(language(lang))
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday

    def months(width):
        names = get_month_names(width, context="stand-alone", locale=locale)
        return [names[m] for m in range(1, 13)]

    def days(width):
        names = get_day_names(width, context="stand-alone", locale=locale)
        return [names[d] for d in sunday_first]

    periods = _am_pm(locale)
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": periods,
            "days": days("wide"),
            "shortDays": days("abbreviated"),
            "months": months("wide"),
            "shortMonths": months("abbreviated"),
        },
    }


def _am_pm(locale: Locale) -> list[str]:
    """The language's words for before and after noon: the wide stand-alone ones (``a. m.``),
    else the abbreviated ones of a date (some locales, Portuguese among them, hold only those)."""
    tries: tuple[tuple[Literal["wide", "abbreviated"], Literal["stand-alone", "format"]], ...] = (
        ("wide", "stand-alone"),
        ("abbreviated", "format"),
    )
    for width, context in tries:
        names = get_period_names(width, context, locale=locale)
        if names.get("am") and names.get("pm"):
            return [names["am"], names["pm"]]
    return ["AM", "PM"]


def day_ticks(first: date, last: date) -> tuple[dict, str]:
    """The axis's tick interval (Vega-Lite's ``tickCount``) for days ``first``..``last`` and
    whether its labels name days or months."""
    span = (last - first).days + 1
    if span <= DAILY_TICKS_UP_TO_DAYS:
        return {"interval": "day", "step": 1}, "day"
    if span <= WEEKLY_TICKS_UP_TO_DAYS:
        return {"interval": "week", "step": 1}, "day"
    return {"interval": "month", "step": 1}, "month"


def daily_chart(
    table: pd.DataFrame,
    labels: dict[str, str],
    colors: dict[str, str],
    y_title: str,
    lang: str,
    series_title: str,
    day_title: str,
) -> alt.Chart:
    """Stacked bars of ``table`` (indexed by day, a column per series, as
    :func:`geo.analysis.aggregate.daily_counts` gives it): ``labels`` and ``colors`` by column, in column
    order from the bottom. Every day is a whole bar whatever the period's length; the axis ticks
    days, weeks or months, never hours."""
    lang = language(lang)
    long = table.rename_axis("date").reset_index().melt(id_vars="date", var_name="column", value_name="n")
    long["series"] = long["column"].map(labels)
    long["order"] = long["column"].map({c: i for i, c in enumerate(table.columns)})
    first, last = table.index.min().date(), table.index.max().date()
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=_day_axis(first, last, lang),
            y=alt.Y("sum(n):Q", title=y_title, axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=[labels[c] for c in table.columns], range=[colors[c] for c in table.columns]),
                legend=alt.Legend(orient="bottom", columns=LEGEND_COLUMNS, labelLimit=alt.expr("width - 40")),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("yearmonthdate(date):T", title=day_title, format=d3_format(DAY_SKELETON, lang)),
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("sum(n):Q", title=y_title, format=",d"),
            ],
        )
        .transform_filter(alt.datum.n > 0)
        # fit-x: the chart as wide as the page; its plot CHART_HEIGHT high, the legend below it.
        .properties(
            height=CHART_HEIGHT,
            padding={"left": 5, "top": 5, "bottom": 5, "right": RIGHT_PADDING_PX},
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(locale=vega_locale(lang))
    )


def _day_axis(first: date, last: date, lang: str) -> alt.X:
    """The x encoding of days ``first``..``last``: ticks of days, weeks or months, labelled as
    ``lang`` writes them."""
    ticks, unit = day_ticks(first, last)
    # Each bar spans its day, so the axis runs to the day after the last; a label starts at its
    # day's bar. Days as Vega-Lite DateTimes: local midnights, as the bars' days are.
    axis = (
        {"values": [_datetime(first + timedelta(days=i)) for i in range((last - first).days + 1)]}
        if unit == "day" and ticks["interval"] == "day"
        else {"tickCount": ticks}
    )
    return alt.X(
        "yearmonthdate(date):T",
        title=None,
        scale=alt.Scale(domain=[_datetime(first), _datetime(last + timedelta(days=1))]),
        axis=alt.Axis(
            format=d3_format(TICK_SKELETON if unit == "day" else MONTH_TICK_SKELETON, lang),
            labelAngle=0,
            labelAlign="left",
            labelOverlap=True,
            grid=False,
            **axis,
        ),
    )


def _datetime(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)
