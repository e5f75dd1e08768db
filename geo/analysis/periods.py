"""Named periods of the crisis offered as date presets, and the steps of the play control."""

from datetime import date, timedelta

WHOLE = "The whole file"
CUSTOM = "Dates chosen below"

# Named periods, each clipped to the events file's dates; a period outside them is not offered.
PERIODS = {
    "December 2022 (from Castillo's removal)": (date(2022, 12, 7), date(2022, 12, 31)),
    "Juliaca week (6–12 Jan 2023)": (date(2023, 1, 6), date(2023, 1, 12)),
    "“Toma de Lima” week (19–25 Jan 2023)": (date(2023, 1, 19), date(2023, 1, 25)),
}


def presets(first: date | None, last: date | None) -> dict[str, tuple[date, date]]:
    """The periods a file's dates ``first``..``last`` can show, whole file first, each clipped."""
    if first is None or last is None:
        return {}
    shown = {WHOLE: (first, last)}
    for name, (start, end) in PERIODS.items():
        if start <= last and end >= first:
            shown[name] = (max(start, first), min(end, last))
    return shown


def play_step(start: date, shown_to: date | None, end: date, days: int) -> date:
    """The next last day of a map played from ``start`` to ``end`` ``days`` at a time: back to the
    first step after the end, so "Play" on a finished run starts again."""
    if shown_to is None or shown_to >= end:
        return min(start + timedelta(days=days - 1), end)
    return min(shown_to + timedelta(days=days), end)


def linked_dates(
    start: str | None, end: str | None, dates: list[str], first: date, last: date
) -> tuple[date, date] | None:
    """The date range a page's address names, clipped to the file's dates ``first``..``last``.

    The address writes a range as ``start=YYYY-MM-DD&end=YYYY-MM-DD`` (either may be left out: the
    file's first or last day); links written before it hold ``dates=`` twice or once with a comma.
    Days in the wrong order are turned round. None when the address names no readable day.

    Examples
    --------
    >>> first, last = date(2022, 12, 7), date(2023, 3, 21)
    >>> linked_dates("2023-01-06", "2023-01-20", [], first, last)
    (datetime.date(2023, 1, 6), datetime.date(2023, 1, 20))
    >>> linked_dates(None, None, ["2023-01-20", "2023-01-06"], first, last)
    (datetime.date(2023, 1, 6), datetime.date(2023, 1, 20))
    >>> linked_dates("2023-02-30", None, [], first, last) is None
    True
    """
    if start is None and end is None:
        days = [part.strip() for value in dates for part in value.split(",") if part.strip()]
        if len(days) != 2:
            return None
        start, end = days
    try:
        chosen = [date.fromisoformat(text.strip()) if text else bound for text, bound in ((start, first), (end, last))]
    except ValueError:
        return None
    low, high = sorted(min(max(day, first), last) for day in chosen)
    return low, high


def dates_in_address(start: date, end: date) -> dict[str, str]:
    """The address's words for a range of dates chosen by hand (see :func:`linked_dates`)."""
    return {"start": start.isoformat(), "end": end.isoformat()}
