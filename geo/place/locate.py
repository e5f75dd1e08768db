"""Read, check and place an events file: what the page, the command line and the tests call.

:func:`geo.io.validate.check_events` checks a file's columns without knowing Peru; it is handed a
:class:`PeruLocator`, which checks each point against Peru's outline (swapped, outside, in no
district) and places the rows without one at the town or district they name
(:func:`geo.place.gazetteer.find_place`, the one lookup the data build uses too).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_
from geo.io.coordinates import Report
from geo.io.events import combined
from geo.io.rawtable import RawTable
from geo.io.reader import read_table
from geo.io.schema import EventTable
from geo.io.validate import check_events
from geo.messages import shown
from geo.place.boundaries import near_peru, on_land
from geo.place.gazetteer import place_rows

# The column a gazetteer note is about (the others are about the location).
_NOTE_COLUMNS = {"unknown department": "admin1", "other province": "admin2"}


class PeruLocator:
    """Points checked against Peru's outline, and rows without one placed by the gazetteer
    (:class:`geo.io.coordinates.Locator`)."""

    def check_points(self, latitude: pd.Series, longitude: pd.Series, report: Report) -> tuple[pd.Series, pd.Series]:
        """Swap a pair written the wrong way round, clear a point outside Peru (the row is placed
        by the place it names instead), note a point in no district; each in ``report``."""
        has = latitude.notna().to_numpy()
        as_given = has & near_peru(longitude.to_numpy(), latitude.to_numpy())
        swapped = has & ~as_given & near_peru(latitude.to_numpy(), longitude.to_numpy())
        given = {
            "latitude": lambda f: shown(f["latitude"].str.strip()),
            "longitude": lambda f: shown(f["longitude"].str.strip()),
        }
        report(
            swapped,
            "latitude",
            N_("latitude and longitude swapped"),
            N_(
                "latitude {latitude} and longitude {longitude} are the wrong way round (no place in Peru has that "
                "latitude); read as latitude {longitude}, longitude {latitude}"
            ),
            False,
            **given,
        )
        # Copies first: with every row selected, pandas 3 hands out a view of the column being written.
        given_latitude, given_longitude = latitude.to_numpy(copy=True), longitude.to_numpy(copy=True)
        latitude[swapped], longitude[swapped] = given_longitude[swapped], given_latitude[swapped]
        outside = has & ~as_given & ~swapped
        report(
            outside,
            "latitude",
            N_("outside Peru"),
            N_(
                "the point ({latitude}, {longitude}) is outside Peru; the event is placed by the place it names instead"
            ),
            False,
            **given,
        )
        latitude[outside], longitude[outside] = np.nan, np.nan
        near = as_given | swapped
        off_land = near.copy()
        off_land[near] = ~on_land(longitude[near].to_numpy(), latitude[near].to_numpy())
        report(
            off_land,
            "latitude",
            N_("in no district"),
            N_(
                "the point ({latitude}, {longitude}) is in no district of "
                "Peru (a lake, the sea, or just across the border); it is drawn but counted as unassigned"
            ),
            False,
            **given,
        )
        return latitude, longitude

    def place(self, named: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The gazetteer's points for rows that name a place (:func:`geo.place.gazetteer.place_rows`),
        and its notes with the column each is about."""
        placed, noted = place_rows(named)
        noted = noted.assign(column=noted["reason"].map(_NOTE_COLUMNS).fillna("location"))
        return placed, noted


def validate_events(raw: RawTable | pd.DataFrame, source_name: str = "") -> EventTable:
    """Check the text columns read from an events file, convert their types and place its events
    (:func:`geo.io.validate.check_events` with a :class:`PeruLocator`).

    Examples
    --------
    >>> rows = pd.DataFrame({"event_date": ["2023-01-09"], "event_type": ["Protests"],
    ...                      "fatalities": ["0"], "location": ["Juliaca"], "admin1": ["Puno"]})
    >>> validate_events(rows).events[["placed_at", "geo_precision"]].values.tolist()
    [['town', 2]]
    """
    return check_events(raw, source_name, PeruLocator())


def read_events(path: str | Path | None = None, max_bytes: int | None = None) -> EventTable:
    """Read, check and place an events file (CSV, Excel, GeoJSON or Parquet; ACLED or Spanish headers).

    Parameters
    ----------
    path : str or Path, optional
        The file; the bundled events when omitted.
    max_bytes : int, optional
        Refuse larger files (the page's upload limit).

    Returns
    -------
    EventTable

    Raises
    ------
    EventFileError
        When the file is missing, unreadable, or lacks a required column.

    Examples
    --------
    >>> table = read_events()
    >>> int(table.events["fatalities"].sum())
    58
    """
    path = Path(path) if path is not None else settings.BUNDLED_EVENTS
    return validate_events(read_table(path, max_bytes=max_bytes))


def with_bundled(user: EventTable) -> EventTable:
    """The bundled events followed by a user's accepted rows, one event per id: a row whose
    ``event_id_cnty`` the bundled events already hold is refused as a duplicate."""
    return combined(read_events(), user)
