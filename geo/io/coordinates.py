"""The coordinates of an events file's rows, and the hand-over to what places events.

:func:`check_coordinates` reads the latitude and longitude (unreadable values and half pairs are
cleared, each noted); a :class:`Locator` (:class:`geo.place.locate.PeruLocator`) then checks the
points against Peru and places the rows that name a town instead, through :func:`place_unplaced`.
io never imports geo.place: the locator is handed in.
"""

from functools import partial
from typing import Any, Protocol

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_
from geo.io.parse import numbers
from geo.io.rawtable import EMPTY_GEOMETRY, UNREADABLE_GEOMETRY
from geo.io.tally import Problems, quoted
from geo.messages import shown

# -15,49: Spanish spreadsheets write decimal commas; no number of ours has a thousands comma.
DECIMAL_COMMA = True


class Report(Protocol):
    """:meth:`geo.io.tally.Problems.report`: note a problem in some rows."""

    def __call__(self, mask: Any, column: str, reason: str, template: Any, dropped: bool, **values: Any) -> None: ...


class Locator(Protocol):
    """What places events (:class:`geo.place.locate.PeruLocator`); io knows only this shape."""

    def check_points(self, latitude: pd.Series, longitude: pd.Series, report: Report) -> tuple[pd.Series, pd.Series]:
        """The points with those swapped put right, those outside Peru cleared, each noted."""
        ...

    def place(self, named: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Points for rows without one from the place they name (text columns location, admin1,
        admin2, admin3): ``placed`` (latitude, longitude, placed_at) and ``noted`` (column,
        reason, template, fields) for the rows it could not settle, indexed like ``named``."""
        ...


def check_coordinates(problems: Problems, locator: Locator | None) -> tuple[pd.Series, pd.Series]:
    """The coordinates of each row, checked: unreadable, half a pair, then (by ``locator``)
    swapped or outside Peru; and the notes on a geometry that gave no point."""
    frame, report = problems.frame, problems.report
    latitude = numbers(frame["latitude"], DECIMAL_COMMA)
    longitude = numbers(frame["longitude"], DECIMAL_COMMA)
    for column, values, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        given = (frame[column].str.strip() != "").to_numpy()
        bad = given & (values.isna() | ~np.isfinite(values) | (values.abs() > limit)).to_numpy()
        report(
            bad,
            column,
            N_("unreadable coordinate"),
            N_(
                "{value} is not a coordinate between -{limit} and "
                "{limit}; the event is placed by the place it names instead"
            ),
            False,
            value=partial(quoted, column=column),
            limit=limit,
        )
        values[bad] = np.nan
    half = (latitude.isna() ^ longitude.isna()).to_numpy()
    for column, other_values, template in (
        (
            "longitude",
            latitude,
            N_("no longitude given with the latitude; the event is placed by the place it names instead"),
        ),
        (
            "latitude",
            longitude,
            N_("no latitude given with the longitude; the event is placed by the place it names instead"),
        ),
    ):
        blank = frame[column].str.strip().eq("").to_numpy()
        report(half & blank & other_values.notna().to_numpy(), column, N_("half a coordinate pair"), template, False)
    latitude[half], longitude[half] = np.nan, np.nan
    if locator is not None:
        latitude, longitude = locator.check_points(latitude, longitude, report)
    _note_geometry(frame, report)
    return latitude, longitude


def _note_geometry(frame: pd.DataFrame, report: Report) -> None:
    """Say why a row read from a geometry column has no point (geo.io.parquet, GeoJSON)."""
    geometry = frame["geometry_problem"].str.strip()
    unreadable, empty = (geometry == UNREADABLE_GEOMETRY).to_numpy(), (geometry == EMPTY_GEOMETRY).to_numpy()
    report(
        unreadable,
        "geometry",
        N_("unreadable geometry"),
        N_("its geometry cannot be read (not valid WKB); the event is placed by the place it names instead"),
        False,
    )
    report(
        empty,
        "geometry",
        N_("empty geometry"),
        N_("its geometry is an empty point; the event is placed by the place it names instead"),
        False,
    )
    report(
        (geometry != "").to_numpy() & ~unreadable & ~empty,
        "geometry",
        N_("not a point"),
        N_("its geometry is a {kind}, not a Point; the event is placed by the place it names instead"),
        False,
        kind=shown(geometry),
    )


def place_unplaced(problems: Problems, parsed: dict[str, pd.Series], locator: Locator | None) -> None:
    """Place the rows without a point that name a place (by ``locator``), note those it could
    not, and settle each row's ``geo_precision`` from how it was placed."""
    frame, report = problems.frame, problems.report
    latitude, longitude = parsed["latitude"], parsed["longitude"]
    precision, placed_at = parsed["geo_precision"], parsed["placed_at"]
    unplaced = (
        latitude.isna() & (precision != settings.GEO_PRECISION_REGION) & (placed_at == "")
    ).to_numpy() & ~problems.drop
    if locator is not None and unplaced.any():
        placed, noted = locator.place(frame.loc[unplaced, ["location", "admin1", "admin2", "admin3"]])
        latitude[placed.index], longitude[placed.index] = placed["latitude"], placed["longitude"]
        placed_at[placed.index] = placed["placed_at"]
        precision[placed.index] = settings.GEO_PRECISION_TOWN
        for reason in noted["reason"].unique():
            rows = noted[noted["reason"] == reason]
            mask = np.zeros(len(frame), dtype=bool)
            mask[rows.index] = True
            templates, fields = pd.Series("", index=frame.index), pd.Series("", index=frame.index)
            templates[rows.index], fields[rows.index] = rows["template"], rows["fields"]
            report(mask, str(rows["column"].iloc[0]), reason, templates, False, fields=fields)
    has_point = latitude.notna()
    named = frame[list(settings.PLACE_COLUMNS)].apply(lambda c: c.str.strip() != "").any(axis=1)
    report(
        (~has_point & ~named).to_numpy(),
        "location",
        N_("no place"),
        N_("no coordinates and no place named; the event counts in the totals as unassigned"),
        False,
    )
    precision = precision.fillna(
        pd.Series(np.where(has_point, settings.GEO_PRECISION_EXACT, settings.GEO_PRECISION_REGION), index=frame.index)
    )
    # A point given at region precision is a region's centre, whatever a file claims for a blank.
    parsed["geo_precision"] = precision.where(
        has_point | (precision == settings.GEO_PRECISION_REGION) | (placed_at != ""), settings.GEO_PRECISION_REGION
    ).astype("int8")
    parsed["placed_at"] = placed_at.where(latitude.notna(), "")
