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
