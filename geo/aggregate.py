"""Counts for a filter: per region, per day, and the headline numbers.

A filter is a boolean mask over the events frame, so changing it never re-reads or re-joins
anything; every table below is a groupby on columns computed once at load.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from . import settings
from .assign import CODE_COLUMNS
from .boundaries import check_level, region_attributes, region_names
from .deaths import deaths_by_kind_matrix, kind_columns
from .errors import ArgumentError


@dataclass(frozen=True)
class EventFilter:
    """Which events to count. ``None`` means no restriction; dates are inclusive."""

    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] | None = None
    sub_event_types: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ArgumentError(f"the start date {self.start} is after the end date {self.end}")


def filter_mask(events: pd.DataFrame, event_filter: EventFilter) -> np.ndarray:
    """Boolean array: which rows of ``events`` the filter keeps."""
    mask = np.ones(len(events), dtype=bool)
    days = events["event_date"]
    if event_filter.start is not None:
        mask &= (days >= pd.Timestamp(event_filter.start)).to_numpy()
    if event_filter.end is not None:
        mask &= (days < pd.Timestamp(event_filter.end) + pd.Timedelta(days=1)).to_numpy()
    if event_filter.event_types is not None:
        mask &= events["event_type"].isin(event_filter.event_types).to_numpy()
    if event_filter.sub_event_types is not None:
        mask &= events["sub_event_type"].isin(event_filter.sub_event_types).to_numpy()
    return mask


def select_rows(events: pd.DataFrame, mask: np.ndarray | None, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of the rows ``mask`` keeps: copying only what a count needs keeps a filter
    cheap on wide frames of a million rows."""
    return events[columns] if mask is None else events.loc[mask, columns]


def region_counts(events: pd.DataFrame, level: str, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Events and fatalities (in all, and by kind) per region of ``level``, every region listed.

    Returns
    -------
    DataFrame
        Columns ``code``, ``name``, ``events``, ``fatalities``, then one column per kind of
        :func:`geo.deaths.fatality_kinds` (``clashes``, ``police``, ``blockade``, ``soldiers``
        and, for files that do not say who died, ``unknown``; they sum to ``fatalities``), plus
        ``department`` below department level, and ``population`` and ``events_per_100k`` at
        department level; one row per region ordered by INEI code, zeros included, then one row
        with code ``UNASSIGNED``. The ``events`` column sums to the number of filtered events.
    """
    code_column = CODE_COLUMNS[check_level(level)]
    selected = select_rows(events, mask, ["fatalities", code_column])
    kinds = deaths_by_kind_matrix(events, mask)
    sums = kinds.assign(events=1, fatalities=selected["fatalities"].to_numpy(),
                        code=selected[code_column].to_numpy())
    grouped = sums.groupby("code", observed=True).sum()
    regions = region_attributes(level)
    table = regions[["code", "name"]].copy()
    unassigned = {"code": settings.UNASSIGNED, "name": "Not assigned to a " + level}
    table = pd.concat([table, pd.DataFrame([unassigned])], ignore_index=True)
    numbers = ["events", "fatalities", *kinds.columns]
    table = table.join(grouped[numbers], on="code")
    table[numbers] = table[numbers].fillna(0).astype("int64")
    if level != "department":
        parents = regions.set_index("code")["department_code"].map(region_names("department"))
        table.insert(2, "department", table["code"].map(parents))
    if level == "department":
        table["population"] = table["code"].map(regions.set_index("code")["population"]).astype("Int64")
        table["events_per_100k"] = (table["events"] / table["population"] * 1e5).round(2)
    return table


def daily_counts(events: pd.DataFrame, mask: np.ndarray | None = None,
                 start: date | None = None, end: date | None = None,
                 measure: str = "events") -> pd.DataFrame:
    """Events per day and event type, or deaths per day and kind, one row per day from ``start``
    to ``end``.

    Parameters
    ----------
    measure : {"events", "fatalities"}
        Count events by event type, or add up their deaths by kind (one column per kind of
        :func:`geo.deaths.fatality_kinds`, in that order).

    Returns
    -------
    DataFrame
        Indexed by ``date``; days without events hold zeros.
    """
    if measure not in ("events", "fatalities"):
        raise ArgumentError(f"measure must be 'events' or 'fatalities', not '{measure}'")
    selected = select_rows(events, mask, ["event_date", "event_type"])
    days = selected["event_date"]  # whole days already: every accepted date format is a day
    if measure == "events":
        table = pd.crosstab(days, selected["event_type"])
    else:
        table = deaths_by_kind_matrix(events, mask).groupby(days).sum()
    table = table.rename_axis(index="date", columns=None)
    first = pd.Timestamp(start) if start else (days.min() if len(days) else None)
    last = pd.Timestamp(end) if end else (days.max() if len(days) else None)
    if first is None or last is None:
        return table
    return table.reindex(pd.date_range(first, last, freq="D", name="date"), fill_value=0)


def unassigned_reasons(events: pd.DataFrame, level: str, mask: np.ndarray | None = None) -> pd.Series:
    """Why the filtered events that have no region of ``level`` have none, as counts.

    Returns
    -------
    Series
        Counts indexed by reason, zero reasons left out; sums to the ``UNASSIGNED`` row of
        :func:`region_counts` for the same filter.
    """
    code_column = CODE_COLUMNS[check_level(level)]
    selected = select_rows(events, mask, [code_column, "latitude", "assigned_by"])
    selected = selected[selected[code_column] == settings.UNASSIGNED]
    has_point = selected["latitude"].notna()
    reasons = np.select(
        [has_point & (selected["assigned_by"] == "none"),
         ~has_point & (selected["assigned_by"] == "none"),
         selected["assigned_by"] == "admin names"],
        ["coordinates outside Peru (or in a lake the boundaries leave out)",
         "no coordinates and no department named",
         f"only a larger region is known (no coordinates, no {level} named)"],
        default="")
    return pd.Series(reasons, dtype=str).value_counts()


@dataclass(frozen=True)
class Headline:
    """The numbers at the top of the page, for one filter and level."""

    events: int
    fatalities: int
    deaths_by_kind: dict[str, int]  # sums to fatalities
    regions_affected: int  # regions of the level with at least one event
    regions_total: int  # regions of the level
    about_mines: int  # rows that name a mine or are tagged as mining events
    near_mines: int  # events placed within the radius of a mine (whatever they are about)
    unassigned: int


def headline(counts: pd.DataFrame, about_mines: int, near_mines: int) -> Headline:
    """Headline numbers from a :func:`region_counts` table and the two mine counts."""
    regions = counts[counts["code"] != settings.UNASSIGNED]
    unassigned = counts.loc[counts["code"] == settings.UNASSIGNED, "events"]
    kinds = kind_columns(counts.columns)
    return Headline(
        events=int(counts["events"].sum()),
        fatalities=int(counts["fatalities"].sum()),
        deaths_by_kind={k: int(counts[k].sum()) for k in kinds},
        regions_affected=int((regions["events"] > 0).sum()),
        regions_total=len(regions),
        about_mines=int(about_mines),
        near_mines=int(near_mines),
        unassigned=int(unassigned.sum()),
    )


def period_label(start: date | None, end: date | None) -> str:
    """Human date range for titles and legends: ``"7 Dec 2022 – 21 Mar 2023"``."""
    if start is None or end is None:
        return "all dates"
    fmt = lambda d: f"{d.day} {d:%b %Y}"  # noqa: E731 (no zero padding, any platform)
    return fmt(start) if start == end else f"{fmt(start)} – {fmt(end)}"
