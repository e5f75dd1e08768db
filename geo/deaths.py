"""Deaths by kind: who died, as the events file records it (``fatality_kind``).

The reference table separates people killed in clashes with security forces, police officers,
deaths linked to roadblocks and soldiers (:data:`settings.FATALITY_KINDS`). A file that does not
say who died has its deaths counted as ``unknown``; that kind appears only when a file has such
deaths, so the bundled data keeps four columns whose sum is ``fatalities``.
"""

import numpy as np
import pandas as pd

from . import settings


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


def deaths_by_kind_matrix(events: pd.DataFrame, mask: np.ndarray | None = None) -> pd.DataFrame:
    """One column of deaths per kind of :func:`fatality_kinds`, one row per (filtered) event.

    Columns are computed over the whole of ``events`` so that a filter never changes which kind
    columns exist; rows follow ``mask``. Each row sums to the event's ``fatalities``.
    """
    kinds = fatality_kinds(events)
    fatalities = events["fatalities"].to_numpy()
    # "" (no deaths) is category 0, so that kind i has code i once shifted; -1 means no kind.
    codes = pd.Categorical(events["fatality_kind"], categories=("", *kinds)).codes.astype(np.int16) - 1
    index = events.index
    if mask is not None:  # only the two columns needed, never the whole frame
        fatalities, codes, index = fatalities[mask], codes[mask], index[mask]
    return pd.DataFrame({k: np.where(codes == i, fatalities, 0) for i, k in enumerate(kinds)}, index=index)


def deaths_by_kind(events: pd.DataFrame, mask: np.ndarray | None = None) -> dict[str, int]:
    """Total deaths per kind over the (filtered) events, every kind listed, zeros included."""
    return {k: int(v) for k, v in deaths_by_kind_matrix(events, mask).sum().items()}


def describe(by_kind: dict[str, int]) -> str:
    """Short reading of a breakdown, zero kinds left out: ``"48 in clashes, 1 police, 6 soldiers"``."""
    parts = [f"{n:,} {settings.FATALITY_KIND_SHORT[k]}" for k, n in by_kind.items() if n]
    return ", ".join(parts) if parts else "none"
