"""The events layer's payload: one compact JSON document whose size does not grow with the events.

Up to :data:`settings.MAX_POINTS` drawable events go to the browser one row each (position, type,
size, how the position is known, a tooltip and a popup); beyond that they are grouped in square
cells of a grid coarse enough to keep at most :data:`settings.MAX_CELLS` cells, each drawn once
with its count and deaths. Either way the browser receives one JSON value, never code: text from
the events file travels as JSON strings (the popup HTML already escaped) and reaches the page as
text or escaped HTML.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import day, type_label
from geo.place.gazetteer import position_notes

PLACED_CODES = {"": 0, settings.PLACED_AT_TOWN: 1, settings.PLACED_AT_DISTRICT: 2}


# What grid cells need of an event (and what :func:`drawable` reads): above
# :data:`settings.MAX_POINTS` drawn events, the map copies only these columns of the filter.
CELL_COLUMNS = ("latitude", "longitude", "geo_precision", "event_type", "fatalities")


def drawable(events: pd.DataFrame) -> np.ndarray:
    """Events with a position good enough to draw (source coordinates, a town or a district point)."""
    return (
        events["latitude"].notna()
        & events["longitude"].notna()
        & (events["geo_precision"] < settings.GEO_PRECISION_REGION)
    ).to_numpy()


def marker_px(fatalities) -> np.ndarray:
    """Marker diameter in pixels: area grows with the number killed, capped for legibility."""
    f = np.maximum(np.asarray(fatalities, dtype=float), 0)
    return np.round(np.minimum(settings.MARKER_MIN_PX + 3.5 * np.sqrt(f), settings.MARKER_MAX_PX)).astype(int)


@dataclass(frozen=True)
class EventPayload:
    """What the events layer sends: ``mode`` "events" (one row per event) or "cells"."""

    mode: str
    data: dict
    drawn_events: int  # events represented on the map (in cells or one by one)
    cell_degrees: float | None = None

    @property
    def rows(self) -> int:
        return len(self.data["rows"])


_DENSE_CELLS = 4_000_000  # cells in the grid over the points below which they are counted densely


def _cells(points: pd.DataFrame, types: list[str]) -> tuple[dict, float]:
    lat = points["latitude"].to_numpy(float)
    lon = points["longitude"].to_numpy(float)
    for size in settings.CELL_DEGREES:
        row, column = np.floor(lat / size).astype(np.int64), np.floor(lon / size).astype(np.int64)
        row, column = row - row.min(), column - column.min()
        width = int(column.max()) + 1
        keys = row * width + column  # ordered as (row, column), like the cells below
        if (int(row.max()) + 1) * width <= _DENSE_CELLS:  # a grid over the points: count, no sort
            used = np.flatnonzero(np.bincount(keys))
            lookup = np.zeros(len(used) and int(used[-1]) + 1, dtype=np.int64)
            lookup[used] = np.arange(len(used))
            n_cells, inverse = len(used), lookup[keys]
        else:
            cells, inverse = np.unique(keys, return_inverse=True)
            n_cells = len(cells)
        if n_cells <= settings.MAX_CELLS:
            break
    counts = np.bincount(inverse)
    deaths = np.bincount(inverse, weights=points["fatalities"].to_numpy(float)).astype(int)
    centre_lat = np.bincount(inverse, weights=lat) / counts
    centre_lon = np.bincount(inverse, weights=lon) / counts
    type_index = pd.Categorical(points["event_type"], categories=types).codes.astype(np.int64)
    by_type = np.bincount(inverse * len(types) + type_index, minlength=n_cells * len(types))
    dominant = by_type.reshape(n_cells, len(types)).argmax(axis=1)
    px = np.minimum(settings.MARKER_MIN_PX + 2.2 * np.sqrt(counts), settings.CELL_MAX_PX).round().astype(int)
    order = np.argsort(counts, kind="stable")  # biggest drawn last, on top
    rows = [
        [round(float(a), 4), round(float(b), 4), int(c), int(d), int(t), int(p)]
        for a, b, c, d, t, p in zip(
            centre_lat[order], centre_lon[order], counts[order], deaths[order], dominant[order], px[order]
        )
    ]
    return {"rows": rows}, size


def event_payload(events: pd.DataFrame, popup_html, lang: str = "en") -> EventPayload:
    """The payload for the filtered ``events``.

    Parameters
    ----------
    events : DataFrame
        Filtered, assigned events.
    popup_html : callable
        ``popup_html(event)`` giving the escaped popup HTML of one event (a row of
        ``itertuples``). Used up to :data:`settings.MAX_DETAILED_POINTS` events; above, popups are
        built in the browser from the label, type and deaths, and notes and sources stay in the
        events table, to keep the payload small.
    lang : str
        Language of the labels (dates, how a position is known).
    """
    points = events[drawable(events)]
    types = sorted(points["event_type"].unique())
    colors = [settings.EVENT_TYPE_COLORS.get(t, settings.OTHER_TYPE_COLOR) for t in types]
    base = {"types": types, "type_labels": [type_label(t, lang) for t in types], "colors": colors}
    if len(points) > settings.MAX_POINTS:
        cells, size = _cells(points, types)
        return EventPayload("cells", {**base, "mode": "cells", "cell_degrees": size, **cells}, len(points), size)
    points = points.sort_values("fatalities", kind="stable")  # the deadliest drawn last, on top
    placed = points["placed_at"].map(PLACED_CODES).fillna(0).astype(int).to_numpy()
    px = marker_px(points["fatalities"])
    px = np.where(
        placed == PLACED_CODES[settings.PLACED_AT_DISTRICT], np.maximum(px, settings.DISTRICT_MARKER_MIN_PX), px
    )
    type_index = pd.Categorical(points["event_type"], categories=types).codes
    notes = position_notes(points, lang)
    dates = points["event_date"].dt.date
    shown = {d: day(d, lang) for d in dates.unique()}  # Babel once per day, not per event
    labels = [f"{shown[d]} · {loc}" + (f" · {n}" if n else "") for d, loc, n in zip(dates, points["location"], notes)]
    detailed = len(points) <= settings.MAX_DETAILED_POINTS
    # Above the detail limit the browser builds a short popup from the label, type and deaths.
    popups = [popup_html(event) for event in points.itertuples(index=False)] if detailed else None
    rows = [
        [round(float(a), 5), round(float(b), 5), int(t), int(f), int(p), int(s)]
        for a, b, t, f, p, s in zip(
            points["latitude"], points["longitude"], type_index, points["fatalities"], placed, px
        )
    ]
    return EventPayload(
        "events",
        {
            **base,
            "mode": "events",
            "rows": rows,
            "labels": labels,
            "popups": popups,
            "detailed": detailed,
            "groups": colocated(points),
        },
        len(points),
    )


def colocated(points: pd.DataFrame) -> list[list[int]]:
    """Positions (in ``points``' order) of the events that share their exact coordinates with
    another, one list per place, deadliest first, then oldest first. The map draws each place once
    with its count, and its popup lists them all, so no event hides another."""
    lat = points["latitude"].to_numpy(float).round(5)
    lon = points["longitude"].to_numpy(float).round(5)
    if len(lat) < 2:
        return []
    _, place = np.unique(np.column_stack([lat, lon]), axis=0, return_inverse=True)
    place = place.ravel()
    shared = np.bincount(place)[place] > 1
    days = points["event_date"].to_numpy("datetime64[D]").astype(np.int64)
    order = np.lexsort((days, -points["fatalities"].to_numpy(float), place))  # place, deadliest, oldest
    order = order[shared[order]]
    bounds = np.flatnonzero(np.diff(place[order])) + 1
    return [group.tolist() for group in np.split(order, bounds)] if len(order) else []
