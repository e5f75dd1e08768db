"""Integer columns of an events frame, computed once, from which every filter and count is made.

A filter change at a million events must not copy, sort or group text columns: each count on the
page is a ``numpy.bincount`` over the rows a boolean mask keeps, indexed by these codes.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo import settings
from geo.analysis.deaths import fatality_kinds, kind_codes, sum_by_kind
from geo.place.assign import CODE_COLUMNS
from geo.place.boundaries import region_attributes

_EPOCH = np.datetime64("1970-01-01", "D")


def day_number(day: date | pd.Timestamp) -> int:
    """Days since 1970-01-01, the unit of :attr:`EventCodes.day`."""
    return int((np.datetime64(pd.Timestamp(day).date(), "D") - _EPOCH).astype(np.int64))


def day_numbers(dates: pd.Series) -> np.ndarray:
    """:func:`day_number` of every date of a datetime column."""
    return (dates.to_numpy("datetime64[D]") - _EPOCH).astype(np.int64)


def day_of(number: int) -> pd.Timestamp:
    """The day :func:`day_number` gave ``number``."""
    return pd.Timestamp(_EPOCH + np.timedelta64(int(number), "D"))


def _factorized(values: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    positions, labels = pd.factorize(values, sort=True)
    return positions.astype(np.int32), tuple(str(v) for v in labels)


@dataclass(frozen=True)
class EventCodes:
    """One integer (or boolean) array per question a filter asks, aligned with the frame's rows."""

    day: np.ndarray  # int64, :func:`day_number` of event_date
    event_type: np.ndarray  # int32 positions in event_types (sorted)
    event_types: tuple[str, ...]
    sub_event_type: np.ndarray  # int32 positions in sub_event_types (sorted)
    sub_event_types: tuple[str, ...]
    fatalities: np.ndarray  # int64
    kind: np.ndarray  # int8 position in kinds; -1 for an event without deaths
    kinds: tuple[str, ...]  # :func:`geo.analysis.deaths.fatality_kinds` of the whole frame
    has_point: np.ndarray  # bool: the row has coordinates
    assigned_by: np.ndarray  # object: "coordinates", "admin names" or "none"
    regions: dict[str, np.ndarray]  # per level, int32 position in region_attributes(level), UNASSIGNED last

    @classmethod
    def of(cls, events: pd.DataFrame) -> "EventCodes":
        """Encode ``events`` (a frame from :func:`geo.place.assign.assign_regions`)."""
        kinds = fatality_kinds(events)
        regions = {}
        for level, column in CODE_COLUMNS.items():
            codes = [*region_attributes(level)["code"], settings.UNASSIGNED]
            positions = pd.Categorical(events[column], categories=codes).codes.astype(np.int32)
            regions[level] = np.where(positions < 0, len(codes) - 1, positions)  # unknown code: unassigned
        return cls(
            day=day_numbers(events["event_date"]),
            event_type=(types := _factorized(events["event_type"]))[0],
            event_types=types[1],
            sub_event_type=(subtypes := _factorized(events["sub_event_type"]))[0],
            sub_event_types=subtypes[1],
            fatalities=events["fatalities"].to_numpy(dtype=np.int64),
            kind=kind_codes(events, kinds),
            kinds=kinds,
            has_point=(events["latitude"].notna() & events["longitude"].notna()).to_numpy(),
            assigned_by=events["assigned_by"].to_numpy(dtype=object),
            regions=regions,
        )

    def __len__(self) -> int:
        return len(self.day)

    def deaths_by_kind(self, rows: np.ndarray | None = None) -> dict[str, int]:
        """Deaths per kind over ``rows`` (a mask or positions; all when None), every kind listed."""
        if rows is None:
            return sum_by_kind(self.kinds, self.kind, self.fatalities)
        return sum_by_kind(self.kinds, self.kind[rows], self.fatalities[rows])

    def excessive_force_rows(self) -> np.ndarray:
        """Rows whose civilians were killed where the row is coded as excessive force against
        protesters (:data:`settings.EXCESSIVE_FORCE`): within the ``clashes`` kind."""
        if settings.EXCESSIVE_FORCE not in self.sub_event_types or "clashes" not in self.kinds:
            return np.zeros(len(self), dtype=bool)
        coded = self.sub_event_type == self.sub_event_types.index(settings.EXCESSIVE_FORCE)
        return coded & (self.kind == self.kinds.index("clashes"))

    def excessive_force(self, rows: np.ndarray) -> tuple[int, int]:
        """(deaths, rows) among ``rows`` (a mask) on :meth:`excessive_force_rows`."""
        coded = self.excessive_force_rows() & rows
        return int(self.fatalities[coded].sum()), int(coded.sum())

    def excessive_force_per(self, level: str, rows: np.ndarray) -> np.ndarray:
        """Deaths on :meth:`excessive_force_rows` among ``rows`` (a mask) per region of ``level``,
        aligned with :attr:`regions` (UNASSIGNED last)."""
        coded = self.excessive_force_rows() & rows
        size = len(region_attributes(level)) + 1
        return np.bincount(self.regions[level][coded], weights=self.fatalities[coded], minlength=size).astype(np.int64)

    def deaths_by_kind_per(self, groups: np.ndarray, size: int, rows: np.ndarray | None = None) -> np.ndarray:
        """Deaths per (group, kind): a ``size`` x kinds matrix, ``groups`` aligned with ``rows``."""
        kind = self.kind if rows is None else self.kind[rows]
        fatalities = self.fatalities if rows is None else self.fatalities[rows]
        has = kind >= 0
        flat = np.bincount(
            groups[has] * len(self.kinds) + kind[has], weights=fatalities[has], minlength=size * len(self.kinds)
        )
        return flat.astype(np.int64).reshape(size, len(self.kinds))
