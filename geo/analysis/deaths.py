"""Deaths by kind: who died, as the events file records it (``fatality_kind``).

The reference table separates civilians killed in the protests (the Defensoría's "in clashes"), police officers,
deaths linked to roadblocks and soldiers (:data:`settings.FATALITY_KINDS`). A file that does not
say who died has its deaths counted as ``unknown``; that kind appears only when a file has such
deaths, so the bundled data keeps four columns whose sum is ``fatalities``.
"""

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import count, number, t, translate


def fatality_kinds(events: pd.DataFrame) -> tuple[str, ...]:
    """The kinds to show for a dataset: the four known ones, plus ``unknown`` if it occurs."""
    kinds = tuple(settings.FATALITY_KINDS)
    if (events["fatality_kind"] == settings.UNKNOWN_KIND).any():
        kinds += (settings.UNKNOWN_KIND,)
    return kinds


def kind_columns(columns) -> list[str]:
    """The deaths-by-kind columns among ``columns`` (a table's, or a row's fields), in kind order."""
    present = set(columns)
    return [k for k in settings.FATALITY_KIND_SHORT if k in present]


def kind_codes(events: pd.DataFrame, kinds: tuple[str, ...]) -> np.ndarray:
    """Position of each event's kind in ``kinds`` (int8), -1 for an event without deaths."""
    # "" (no deaths) is category 0, so that kind i has code i once shifted.
    codes = pd.Categorical(events["fatality_kind"], categories=("", *kinds)).codes.astype(np.int8) - 1
    return np.maximum(codes, -1)


def sum_by_kind(kinds: tuple[str, ...], codes: np.ndarray, fatalities: np.ndarray) -> dict[str, int]:
    """Deaths per kind, every kind listed: ``codes`` from :func:`kind_codes`, aligned with ``fatalities``."""
    has = codes >= 0
    totals = np.bincount(codes[has], weights=fatalities[has], minlength=len(kinds))
    return {k: int(v) for k, v in zip(kinds, totals)}


def deaths_by_kind(events: pd.DataFrame, mask: np.ndarray | None = None) -> dict[str, int]:
    """Total deaths per kind over the (filtered) events, every kind listed, zeros included.

    The kinds are those of the whole of ``events``, so a filter never changes which exist.
    """
    kinds = fatality_kinds(events)
    codes, fatalities = kind_codes(events, kinds), events["fatalities"].to_numpy()
    if mask is not None:
        codes, fatalities = codes[mask], fatalities[mask]
    return sum_by_kind(kinds, codes, fatalities)


def deaths_words(n: int, kind: str, lang: str = "en") -> str:
    """``n`` deaths of ``kind`` after their number: ``"1 police officer"``, ``"48 civilians killed
    in protests"`` (in ``lang``: ``"1 policía"``)."""
    label = settings.FATALITY_KIND_ONE.get(kind) if n == 1 else None
    return f"{number(n, lang)} {translate(label or settings.FATALITY_KIND_SHORT[kind], lang)}"


def describe(by_kind: dict[str, int], lang: str = "en", excessive_force: tuple[int, int] = (0, 0)) -> str:
    """Short reading of a breakdown, zero kinds left out: ``"48 civilians killed in protests, 1 police
    officer, 6 soldiers"`` (in ``lang``: ``"48 civiles muertos en protestas, 1 policía, 6 soldados"``).

    ``excessive_force``, (deaths, events) among the civilians killed on rows coded as excessive
    force against protesters, is said within their part when there are any, the parts then
    separated by semicolons: ``"48 civilians killed in protests, of whom 24 in 4 events coded as
    excessive force against protesters; 1 police officer"``.
    """
    parts = [deaths_words(n, k, lang) for k, n in by_kind.items() if n]
    deaths, events = excessive_force
    if deaths and by_kind.get("clashes"):  # "clashes" is the first kind
        parts[0] += ", " + t(
            "of whom {deaths} in {events} as excessive force against protesters",
            lang,
            deaths=number(deaths, lang),
            events=count(events, "1 event coded", "{n} events coded", lang),
        )
        return "; ".join(parts)
    return ", ".join(parts) if parts else translate("none", lang)
