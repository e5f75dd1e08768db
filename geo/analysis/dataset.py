"""Load a dataset once and answer every question the page and the command line ask of it."""

import argparse
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from geo import settings
from geo.analysis.aggregate import (
    EventFilter,
    Headline,
    daily_counts,
    filter_mask,
    headline,
    region_counts,
    unassigned_reasons,
    within_department,
)
from geo.analysis.codes import EventCodes, day_of
from geo.analysis.decrees import (
    decrees_by_department,
    departments_under_emergency,
    load_decrees,
    load_roadblock_counts,
    roadblock_reports,
)
from geo.analysis.memo import LastUsed
from geo.analysis.mines import (
    MineDistances,
    NamedMines,
    about_a_mine,
    attribute_mines,
    load_mines,
    mine_distances,
    mines_near_events,
    named_mine_pairs,
)
from geo.analysis.points import CELL_COLUMNS, drawable
from geo.analysis.tolls import TollComparison, compare_tolls, latest_toll
from geo.i18n import N_, t
from geo.io import cache
from geo.io.events import EventTable, read_events, validate_events, with_bundled
from geo.io.reader import read_data, read_table
from geo.place.assign import assign_regions

# Per-period tables a bundle keeps (two per date range and language): the ranges a page shows again
# (a rerun, a language switch, the periods a few visitors share), not every day of a played period.
PERIOD_MEMO_SIZE = 16


@dataclass
class Bundle:
    """Events assigned to regions and to their mine (computed once), plus the context tables."""

    table: EventTable
    events: pd.DataFrame
    mines: pd.DataFrame
    decrees: pd.DataFrame
    roadblocks: pd.DataFrame
    bundled: bool = True  # the project's own events, not a user's file
    origin: tuple | None = None  # what it was read from, where the page needs to know (an upload's hash)
    _by_period: LastUsed[pd.DataFrame] = field(
        default_factory=lambda: LastUsed(PERIOD_MEMO_SIZE), init=False, repr=False
    )

    @cached_property
    def mine_distances(self) -> MineDistances:
        """Event-mine distances up to the largest radius, measured once per file."""
        return mine_distances(self.events, self.mines)

    @cached_property
    def named_mines(self) -> NamedMines:
        """Events whose row names a mine, found once per file."""
        return named_mine_pairs(self.events, self.mines)

    @cached_property
    def codes(self) -> EventCodes:
        """Integer codes of the events for every filter and count, computed once per file."""
        return EventCodes.of(self.events)

    @cached_property
    def tolls(self) -> list[TollComparison]:
        """Every published toll beside the deaths these events itemize up to its day (filter-free)."""
        return compare_tolls(self.events)

    def emergency(self, start: date | None, end: date | None, lang: str = "en") -> pd.DataFrame:
        """Departments under a decree during the dates (shared, do not modify), kept for the last
        few date ranges asked: the decrees never change while the page runs."""
        key = ("emergency", start, end, lang)
        return self._by_period.get(key, lambda: departments_under_emergency(self.decrees, start, end, lang))

    def decrees_in_force(self, start: date | None, end: date | None, lang: str = "en") -> pd.DataFrame:
        """The decrees in force during the dates, once per department (shared, do not modify),
        kept for the last few date ranges asked."""
        key = ("decrees", start, end, lang)
        return self._by_period.get(key, lambda: decrees_by_department(self.decrees, start, end, lang))

    def source_label(self, lang: str = "en") -> str:
        """Where the events came from, for the page: "the bundled data" or the file's name."""
        if self.bundled:
            return t("the bundled data", lang)
        if self.table.bundled_rows:
            return t("the bundled data and '{name}'", lang, name=self.table.source_name)
        return t("'{name}'", lang, name=self.table.source_name)

    @property
    def first_day(self) -> date | None:
        return day_of(self.codes.day.min()).date() if len(self.events) else None

    @property
    def last_day(self) -> date | None:
        return day_of(self.codes.day.max()).date() if len(self.events) else None

    @property
    def event_types(self) -> list[str]:
        return list(self.codes.event_types)  # sorted

    @property
    def sub_event_types(self) -> list[str]:
        return list(self.codes.sub_event_types)


def events_path_from(argv: list[str], environ: dict[str, str]) -> Path | None:
    """The events file the page should open: ``--events PATH`` among the script's arguments
    (``streamlit run dashboard.py -- --events PATH``), else :data:`settings.EVENTS_ENV`, else
    ``None`` for the bundled events.

    Examples
    --------
    >>> events_path_from(["--events", "acled.csv"], {})
    PosixPath('acled.csv')
    >>> events_path_from([], {"PERU_MAP_EVENTS": "mine.csv"})
    PosixPath('mine.csv')
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events")
    known, _ = parser.parse_known_args(argv)
    path = known.events or environ.get(settings.EVENTS_ENV, "")
    return Path(path) if path else None


def load_bundle(
    events_path: str | Path | None = None,
    add_bundled: bool = False,
    name: str | None = None,
    max_bytes: int | None = None,
    progress=None,
) -> Bundle:
    """Read, validate and assign an events file (the bundled one by default).

    Parameters
    ----------
    events_path : str or Path, optional
        A user's events file (any format :mod:`geo.io.reader` reads).
    add_bundled : bool
        Show the file's events with the bundled ones (a row whose id is bundled is refused).
    name : str, optional
        What messages call the file (an upload's own name rather than where it was saved).
    max_bytes : int, optional
        Refuse larger files.
    progress : callable, optional
        ``progress(fraction, words, **numbers)`` is called as each stage of the work begins: ``words``
        a text of the catalogue (geo/i18n/locale), with ``{n}`` for a number.

    The decrees and aggregate roadblock reports are the bundled ones whatever the events file:
    they describe the 2022–23 period, not a user's events.
    """
    path = Path(events_path) if events_path is not None else None
    key = None
    try:
        if path is not None and path.is_file() and (max_bytes is None or path.stat().st_size <= max_bytes):
            key = cache.cache_key(path, add_bundled)
    except OSError:
        pass  # a name too long, a file that cannot be read: read_table says so
    hit = cache.load(key) if key else None
    if hit is not None:
        events, table = hit
        table.source_name = name or table.source_name
    else:
        events, table = ingest(path, add_bundled, name, max_bytes, progress)
        if key:
            cache.store_in_background(key, events, table)
    return bundle_of(events, table, bundled=path is None)


def ingest(
    source: Path | bytes | None,
    add_bundled: bool = False,
    name: str | None = None,
    max_bytes: int | None = None,
    progress=None,
) -> tuple[pd.DataFrame, EventTable]:
    """Read, validate and place an events file: a path, the bytes of an upload (``name`` then
    says what it is), or ``None`` for the bundled events. Returns the events with their regions
    and mines, and the file's :class:`EventTable`; ``progress`` as in :func:`load_bundle`."""
    step = progress or (lambda fraction, words, **numbers: None)
    if source is None:
        table = read_events()
    else:
        step(0.05, N_("Reading the file"))
        if isinstance(source, bytes):
            raw = read_data(source, name or "upload")
        else:
            raw = read_table(source, name=name, max_bytes=max_bytes)
        step(0.35, N_("Checking {n} rows"), n=len(raw.frame))
        table = validate_events(raw)
        if add_bundled:
            table = with_bundled(table)
    step(0.6, N_("Finding the region of {n} events"), n=len(table.events))
    events = assign_regions(table.events)
    step(0.85, N_("Finding the mines near them"))
    events = events.join(attribute_mines(events, load_mines()))
    events["about_mine"] = about_a_mine(events)
    return events, table


def bundle_of(events: pd.DataFrame, table: EventTable, bundled: bool = False, origin: tuple | None = None) -> Bundle:
    """The :class:`Bundle` of ingested events (see :func:`ingest`), with the context tables."""
    return Bundle(table, events, load_mines(), load_decrees(), load_roadblock_counts(), bundled=bundled, origin=origin)


@dataclass
class View:
    """Everything shown for one filter, level and radius."""

    mask: np.ndarray
    counts: pd.DataFrame  # per region, UNASSIGNED last
    mines: pd.DataFrame  # per mine
    daily: pd.DataFrame  # events per day and type
    daily_fatalities: pd.DataFrame  # deaths per day and kind
    headline: Headline
    unassigned_reasons: pd.Series  # why events lack a region of the level, counts by reason
    emergency: pd.DataFrame  # per department
    decrees: pd.DataFrame  # the decrees in force, once per department they cover, each with its source
    roadblocks: pd.DataFrame
    toll: TollComparison | None  # latest published toll on or before the period's end
    tolls: list[TollComparison]  # every published toll, beside the deaths itemized up to its day
    all_events: pd.DataFrame = field(repr=False)  # the bundle's, unfiltered (shared: do not modify)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The filtered events, copied on first use: the map and the events table need their
        rows, no count does."""
        return self.all_events[self.mask]

    @cached_property
    def rows(self) -> np.ndarray:
        """Positions of the filtered events in the bundle's frame."""
        return np.flatnonzero(self.mask)

    @cached_property
    def map_events(self) -> pd.DataFrame:
        """The filtered events the map needs: every column when few enough can be drawn to be
        drawn one by one (their popups read them), else only what grid cells need, so that a
        million-row filter is never copied whole."""
        positions = self.all_events[list(CELL_COLUMNS[:3])].iloc[self.rows]
        if int(drawable(positions).sum()) <= settings.MAX_POINTS:
            return self.events
        return self.all_events[list(CELL_COLUMNS)].iloc[self.rows]


def make_view(
    bundle: Bundle,
    event_filter: EventFilter,
    level: str,
    radius_km: float = settings.DEFAULT_RADIUS_KM,
    lang: str = "en",
) -> View:
    """Filter once, then aggregate every table from the same mask (the decrees' dates written in
    ``lang``)."""
    codes = bundle.codes
    mask = filter_mask(bundle.events, event_filter, codes)
    counts = region_counts(bundle.events, level, mask, codes)
    if level != "department":
        counts = within_department(counts, event_filter.department)
    about_mine = bundle.events["about_mine"].to_numpy()
    mines, near = mines_near_events(
        bundle.events,
        radius_km,
        mask,
        bundle.mines,
        bundle.mine_distances,
        bundle.named_mines,
        (codes.kinds, codes.kind),
    )
    return View(
        mask=mask,
        all_events=bundle.events,
        counts=counts,
        mines=mines,
        daily=daily_counts(bundle.events, mask, event_filter.start, event_filter.end, codes=codes),
        daily_fatalities=daily_counts(
            bundle.events, mask, event_filter.start, event_filter.end, measure="fatalities", codes=codes
        ),
        headline=headline(
            counts,
            int(about_mine[mask].sum()),
            len(near),
            codes.excessive_force(mask),
            near_about=int(about_mine[near].sum()),
        ),
        unassigned_reasons=unassigned_reasons(bundle.events, level, mask, codes),
        emergency=bundle.emergency(event_filter.start, event_filter.end, lang),
        decrees=bundle.decrees_in_force(event_filter.start, event_filter.end, lang),
        roadblocks=roadblock_reports(bundle.roadblocks, event_filter.start, event_filter.end),
        toll=latest_toll(bundle.events, event_filter.end, bundle.tolls, codes),
        tolls=bundle.tolls,
    )
