"""Counts for a filter: per region, per day, and the headline numbers.

A filter is a boolean mask over the events frame, so changing it never re-reads or re-joins
anything; every table below is a ``bincount`` over integer codes computed once per file
(:class:`geo.analysis.codes.EventCodes`). Each function takes those codes when the caller keeps them (the
page's bundle does), and encodes the frame itself otherwise.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from geo import settings
from geo.analysis.codes import EventCodes, day_number, day_of
from geo.analysis.deaths import kind_columns
from geo.errors import ArgumentError
from geo.i18n import N_, days, level_word, t
from geo.place.boundaries import check_level, region_attributes, region_names


@dataclass(frozen=True)
class EventFilter:
    """Which events to count. ``None`` means no restriction; dates are inclusive."""

    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] | None = None
    sub_event_types: tuple[str, ...] | None = None
    department: str | None = None  # a department's code: only its events (the map's focus)

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ArgumentError.said(
                "the start date {start} is after the end date {end}", start=self.start, end=self.end
            )


def filter_mask(events: pd.DataFrame, event_filter: EventFilter, codes: EventCodes | None = None) -> np.ndarray:
    """Boolean array: which rows of ``events`` the filter keeps."""
    codes = EventCodes.of(events) if codes is None else codes
    mask = np.ones(len(codes), dtype=bool)
    if event_filter.start is not None:
        mask &= codes.day >= day_number(event_filter.start)
    if event_filter.end is not None:
        mask &= codes.day <= day_number(event_filter.end)
    for wanted, positions, labels in (
        (event_filter.event_types, codes.event_type, codes.event_types),
        (event_filter.sub_event_types, codes.sub_event_type, codes.sub_event_types),
    ):
        if wanted is not None:
            mask &= np.isin(np.asarray(labels, dtype=object), np.asarray(wanted, dtype=object))[positions]
    if event_filter.department is not None:
        departments = list(region_attributes("department")["code"])
        if event_filter.department not in departments:
            raise ArgumentError.said("no department has the code '{code}'", code=event_filter.department)
        mask &= codes.regions["department"] == departments.index(event_filter.department)
    return mask


def within_department(counts: pd.DataFrame, department: str | None) -> pd.DataFrame:
    """The rows of a :func:`region_counts` table (below department level) inside ``department``,
    and the UNASSIGNED row. Region codes nest (INEI ubigeo): a province's code starts with its
    department's. Counted under a department filter, the rows left out are all zero."""
    if department is None:
        return counts
    keep = counts["code"].str.startswith(department) | (counts["code"] == settings.UNASSIGNED)
    return counts[keep].reset_index(drop=True)


def region_counts(
    events: pd.DataFrame, level: str, mask: np.ndarray | None = None, codes: EventCodes | None = None
) -> pd.DataFrame:
    """Events and fatalities (in all, and by kind) per region of ``level``, every region listed.

    Returns
    -------
    DataFrame
        Columns ``code``, ``name``, ``events``, ``fatalities``, then one column per kind of
        :func:`geo.analysis.deaths.fatality_kinds` (``clashes``, ``police``, ``blockade``, ``soldiers``
        and, for files that do not say who died, ``unknown``; they sum to ``fatalities``), plus
        ``department`` below department level, and ``population`` and ``events_per_100k`` at
        department level; one row per region ordered by INEI code, zeros included, then one row
        with code ``UNASSIGNED``. The ``events`` column sums to the number of filtered events.
    """
    check_level(level)
    codes = EventCodes.of(events) if codes is None else codes
    table = _region_table(level)
    population = table.pop("population") if level == "department" else None
    size = len(table)
    region = codes.regions[level] if mask is None else codes.regions[level][mask]
    fatalities = codes.fatalities if mask is None else codes.fatalities[mask]
    table["events"] = np.bincount(region, minlength=size)
    table["fatalities"] = np.bincount(region, weights=fatalities, minlength=size).astype(np.int64)
    by_kind = codes.deaths_by_kind_per(region, size, mask)
    for i, kind in enumerate(codes.kinds):
        table[kind] = by_kind[:, i]
    if population is not None:
        table["population"] = population
        table["events_per_100k"] = (table["events"] / table["population"] * 1e5).round(2)
    return table


def excessive_force_by_region(codes: EventCodes, level: str, mask: np.ndarray) -> pd.Series:
    """Deaths among the filtered civilians killed on rows coded as excessive force against
    protesters, per region code of ``level`` (UNASSIGNED included): a part of ``clashes``."""
    index = [*region_attributes(level)["code"], settings.UNASSIGNED]
    return pd.Series(codes.excessive_force_per(level, mask), index=index, name="excessive_force")


# The name of the unassigned row, per level (written in English, shown in the page's language).
UNASSIGNED_NAMES = {
    "department": N_("Not assigned to a department"),
    "province": N_("Not assigned to a province"),
    "district": N_("Not assigned to a district"),
}


@cache
def _regions_listed(level: str) -> pd.DataFrame:
    regions = region_attributes(level)
    table = regions[["code", "name"]].copy()
    unassigned = {"code": settings.UNASSIGNED, "name": UNASSIGNED_NAMES[level]}
    table = pd.concat([table, pd.DataFrame([unassigned])], ignore_index=True)
    if level != "department":
        parents = regions.set_index("code")["department_code"].map(region_names("department"))
        table.insert(2, "department", table["code"].map(parents))
    if level == "department":
        table["population"] = table["code"].map(regions.set_index("code")["population"]).astype("Int64")
    return table


def _region_table(level: str) -> pd.DataFrame:
    """Every region of ``level`` in code order, then UNASSIGNED, with the columns that never
    change (name, department, population); a fresh copy to fill in."""
    return _regions_listed(level).copy()


def daily_counts(
    events: pd.DataFrame,
    mask: np.ndarray | None = None,
    start: date | None = None,
    end: date | None = None,
    measure: str = "events",
    codes: EventCodes | None = None,
) -> pd.DataFrame:
    """Events per day and event type, or deaths per day and kind, one row per day from ``start``
    to ``end``.

    Parameters
    ----------
    measure : {"events", "fatalities"}
        Count events by event type (the types among the filtered events, in alphabetical
        order), or add up their deaths by kind (one column per kind of
        :func:`geo.analysis.deaths.fatality_kinds`, in that order).

    Returns
    -------
    DataFrame
        Indexed by ``date``; days without events hold zeros.
    """
    if measure not in ("events", "fatalities"):
        raise ArgumentError(f"measure must be 'events' or 'fatalities', not '{measure}'")
    codes = EventCodes.of(events) if codes is None else codes
    rows = np.arange(len(codes)) if mask is None else np.flatnonzero(mask)
    days = codes.day[rows]
    first = day_number(start) if start else (int(days.min()) if len(days) else None)
    last = day_number(end) if end else (int(days.max()) if len(days) else None)
    if first is None or last is None or last < first:
        columns = list(codes.kinds) if measure == "fatalities" else []
        return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="date"), dtype=np.int64)
    inside = (days >= first) & (days <= last)
    rows, offset, size = rows[inside], days[inside] - first, last - first + 1
    if measure == "events":
        types = codes.event_type[rows]
        flat = np.bincount(offset * len(codes.event_types) + types, minlength=size * len(codes.event_types))
        present = np.unique(types)
        table = pd.DataFrame(
            flat.reshape(size, len(codes.event_types))[:, present].astype(np.int64),
            columns=[codes.event_types[i] for i in present],
        )
    else:
        table = pd.DataFrame(codes.deaths_by_kind_per(offset, size, rows), columns=list(codes.kinds))
    table.index = pd.date_range(day_of(first), day_of(last), freq="D", name="date")
    return table


def unassigned_reasons(
    events: pd.DataFrame, level: str, mask: np.ndarray | None = None, codes: EventCodes | None = None
) -> pd.Series:
    """Why the filtered events that have no region of ``level`` have none, as counts.

    Returns
    -------
    Series
        Counts indexed by reason, zero reasons left out; sums to the ``UNASSIGNED`` row of
        :func:`region_counts` for the same filter.
    """
    check_level(level)
    codes = EventCodes.of(events) if codes is None else codes
    unassigned = codes.regions[level] == len(_regions_listed(level)) - 1  # UNASSIGNED is listed last
    rows = np.flatnonzero(unassigned if mask is None else unassigned & mask)
    has_point, assigned_by = codes.has_point[rows], codes.assigned_by[rows]
    reasons = np.select(
        [has_point & (assigned_by == "none"), ~has_point & (assigned_by == "none"), assigned_by == "admin names"],
        [why.format(level=level) for why in UNASSIGNED_REASONS],
        default="",
    )
    return pd.Series(reasons, dtype=str).value_counts()


# Why an event has no region of a level (``{level}``: the level's name), as unassigned_reasons says.
UNASSIGNED_REASONS = (
    N_("coordinates outside Peru (or in a lake the boundaries leave out)"),
    N_("no coordinates and no department named"),
    N_("only a larger region is known (no coordinates, no {level} named)"),
)


def reason_text(why: str, level: str, lang: str) -> str:
    """A reason of :func:`unassigned_reasons` (English, for ``level``) in ``lang``."""
    for template in UNASSIGNED_REASONS:
        if template.format(level=level) == why:
            return t(template, lang, level=level_word(level, lang))
    return why


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
    # Within deaths_by_kind["clashes"]: deaths on rows coded "Excessive force against protesters"
    # (no protester violence reported), and how many such rows.
    excessive_force_deaths: int = 0
    excessive_force_events: int = 0
    near_mines_about: int = 0  # of near_mines, the events about a mine


def headline(
    counts: pd.DataFrame,
    about_mines: int,
    near_mines: int,
    excessive_force: tuple[int, int] = (0, 0),
    near_about: int = 0,
) -> Headline:
    """Headline numbers from a :func:`region_counts` table, the two mine counts, the (deaths, rows)
    coded as excessive force among the civilians killed, and the near events about a mine."""
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
        excessive_force_deaths=int(excessive_force[0]),
        excessive_force_events=int(excessive_force[1]),
        near_mines_about=int(near_about),
    )


def period_label(start: date | None, end: date | None, lang: str = "en") -> str:
    """Human date range for titles and legends: ``"Dec 7, 2022 – Mar 21, 2023"``,
    ``"7 dic 2022 – 21 mar 2023"`` (:func:`geo.i18n.days`)."""
    if start is None or end is None:
        return t("all dates", lang)
    return days(start, end, lang)
