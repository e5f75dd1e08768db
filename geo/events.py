"""Read and validate events files with ACLED's column names.

Good rows are never lost because of bad ones: every row that cannot be used is reported as a
:class:`RowProblem` in the user's terms (file row number, column, what is wrong), and a value that
is wrong but not essential (a latitude out of range, an unreadable injured count) is cleared with a
problem noted while the row itself is kept.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import settings
from .errors import EventFileError

ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 first; Spanish Excel on Windows saves Windows-1252
TEXT_COLUMNS = ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
                "admin2", "location", "notes", "source", "tags", "mine", "fatality_kind", "placed_at")
PLACED_AT_VALUES = ("", settings.PLACED_AT_TOWN, settings.PLACED_AT_DISTRICT)


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row of the user's file.

    ``row`` is the line number a spreadsheet shows (header = row 1).
    """

    row: int
    column: str
    message: str
    dropped: bool  # True when the row could not be kept at all

    def __str__(self) -> str:
        fate = "row skipped" if self.dropped else "value ignored"
        return f"row {self.row}, column '{self.column}': {self.message} ({fate})"


@dataclass
class EventTable:
    """Validated events and the problems found while reading them."""

    events: pd.DataFrame
    problems: list[RowProblem] = field(default_factory=list)
    source_name: str = ""

    @property
    def rows_read(self) -> int:
        """Rows in the file, header excluded."""
        return len(self.events) + sum(p.dropped for p in self.problems)


def _read_csv(path: Path) -> pd.DataFrame:
    """Every column the project uses, as text. A well-formed UTF-8 file is parsed by pyarrow's
    multi-threaded reader (about 4x faster at a million rows); anything else (Windows-1252, a
    ragged row) goes through pandas' own parser, whose messages name the problem."""
    if not path.is_file():
        raise EventFileError(f"events file '{path}' does not exist")
    try:
        header = pd.read_csv(path, nrows=0, encoding=ENCODINGS[0]).columns
        wanted = [c for c in header if c in settings.EVENT_COLUMNS]
        if len(set(wanted)) == len(wanted):  # pyarrow refuses repeated names; pandas renames them
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=ENCODINGS[0],
                               engine="pyarrow", usecols=wanted)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        pass  # read again below, with pandas' parser and its messages
    last_error: Exception | None = None
    for encoding in ENCODINGS:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError as error:
            last_error = error
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise EventFileError(f"'{path.name}' is not a readable CSV file: {error}") from error
    raise EventFileError(f"'{path.name}' is neither UTF-8 nor Windows-1252 text: {last_error}")


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in any of :data:`settings.DATE_FORMATS`; unreadable ones become NaT."""
    text = values.str.strip()
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for date_format in settings.DATE_FORMATS:
        todo = parsed.isna() & (text != "")
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=date_format, errors="coerce")
    return parsed


def _numbers(values: pd.Series) -> pd.Series:
    """Numbers written as text; blanks and unreadable values become NaN."""
    text = values.str.strip()
    try:  # pyarrow's cast: 4x faster than to_numeric when every value reads
        arrow = pa.array(text.array)
        arrow = pc.if_else(pc.equal(arrow, ""), pa.scalar(None, arrow.type), arrow)
        return pd.Series(pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False), index=values.index)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(text.replace("", np.nan), errors="coerce")


def validate_events(raw: pd.DataFrame, source_name: str = "") -> EventTable:
    """Check a frame of text columns read from an events file and convert its types.

    Parameters
    ----------
    raw : DataFrame
        All columns as strings, as read by :func:`read_events`.
    source_name : str
        File name, for messages.

    Returns
    -------
    EventTable
        ``events`` has one row per usable event with ``event_date`` (datetime), ``latitude`` and
        ``longitude`` (float, NaN when unknown), ``geo_precision``, ``fatalities`` and ``injured``
        (integers; injured may be missing), and every column of :data:`settings.EVENT_COLUMNS`.
    """
    missing = [c for c in settings.REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        raise EventFileError(
            f"'{source_name or 'the file'}' lacks the required column(s) {', '.join(missing)}; "
            f"an events file needs at least {', '.join(settings.REQUIRED_COLUMNS)} (ACLED names)")
    frame = raw.copy()
    for column in settings.EVENT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    file_row = pd.Series(np.arange(len(frame)) + 2, index=frame.index)  # header is row 1
    problems: list[RowProblem] = []
    drop = pd.Series(False, index=frame.index)

    def report(mask: pd.Series, column: str, message, dropped: bool) -> None:
        for i in frame.index[mask]:
            problems.append(RowProblem(int(file_row[i]), column, message(frame.at[i, column]), dropped))

    dates = parse_dates(frame["event_date"])
    report(dates.isna(), "event_date", lambda v: f"'{v}' is not a date (expected e.g. 2023-01-09)"
           if v.strip() else "no date given", True)
    drop |= dates.isna()

    no_type = frame["event_type"].str.strip() == ""
    report(no_type & ~drop, "event_type", lambda v: "no event type given", True)
    drop |= no_type

    fatalities = _numbers(frame["fatalities"]).where(lambda s: s.isna() | (s >= 0))
    blank_fatalities = frame["fatalities"].str.strip() == ""
    bad = fatalities.isna() & ~blank_fatalities
    bad |= fatalities.notna() & (fatalities != fatalities.round())
    report(bad & ~drop, "fatalities", lambda v: f"'{v}' is not a whole number of people", True)
    drop |= bad
    fatalities = fatalities.fillna(0)  # ACLED writes 0 when none were reported; blank means the same

    injured = _numbers(frame["injured"])
    bad = injured.isna() & (frame["injured"].str.strip() != "")
    bad |= injured.notna() & ((injured < 0) | (injured != injured.round()))
    report(bad & ~drop, "injured", lambda v: f"'{v}' is not a whole number of people", False)
    injured = injured.where(~bad)

    latitude, longitude = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    for column, values, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        bad = (values.isna() & (frame[column].str.strip() != "")) | (values.abs() > limit)
        report(bad & ~drop, column, lambda v, lim=limit: f"'{v}' is not a coordinate between "
               f"-{lim} and {lim}; the event is counted by its admin1/admin2 names instead", False)
        values[bad] = np.nan
    half = latitude.isna() ^ longitude.isna()
    latitude[half], longitude[half] = np.nan, np.nan

    kind = frame["fatality_kind"].str.strip().str.lower()
    bad = (fatalities > 0) & (kind != "") & ~kind.isin(settings.FATALITY_KINDS)
    report(bad & ~drop, "fatality_kind", lambda v: f"'{v}' is not one of "
           f"{', '.join(settings.FATALITY_KINDS)}; these deaths count as '{settings.UNKNOWN_KIND}'", False)
    # A file that does not say who died counts its deaths as of unknown kind.
    kind = kind.where(kind.isin(settings.FATALITY_KINDS), settings.UNKNOWN_KIND).where(fatalities > 0, "")

    placed_at = frame["placed_at"].str.strip().str.lower()
    bad = ~placed_at.isin(PLACED_AT_VALUES)
    report(bad & ~drop, "placed_at", lambda v: f"'{v}' is not 'town' or 'district'", False)
    placed_at = placed_at.where(~bad, "")

    precision = _numbers(frame["geo_precision"])
    precision = precision.where(precision.isin([1, 2, 3]))
    has_point = latitude.notna()
    precision = precision.fillna(pd.Series(np.where(has_point, settings.GEO_PRECISION_EXACT,
                                                    settings.GEO_PRECISION_REGION), index=frame.index))

    events = frame[list(settings.EVENT_COLUMNS)].copy()
    for column in TEXT_COLUMNS:
        events[column] = events[column].str.strip()
    events["event_date"] = dates
    events["latitude"], events["longitude"] = latitude, longitude
    events["geo_precision"] = precision.astype("int8")
    events["fatalities"] = fatalities.astype("int64")
    events["fatality_kind"] = kind
    events["placed_at"] = placed_at.where(latitude.notna(), "")
    events["injured"] = injured.astype("Int64")
    events = events[~drop]

    ids = events["event_id_cnty"]
    duplicate = (ids != "") & ids.duplicated(keep="first")
    for i in events.index[duplicate]:
        problems.append(RowProblem(int(file_row[i]), "event_id_cnty",
                                   f"'{ids[i]}' repeats an earlier row (re-exports overlap)", True))
    events = events[~duplicate]
    missing_id = events["event_id_cnty"] == ""
    events.loc[missing_id, "event_id_cnty"] = [f"row-{r}" for r in file_row[events.index[missing_id]]]
    problems.sort(key=lambda p: (p.row, p.column))
    return EventTable(events.reset_index(drop=True), problems, source_name)


def read_events(path: str | Path | None = None) -> EventTable:
    """Read an events CSV (ACLED column names, ACLED's 31-column export included).

    Parameters
    ----------
    path : str or Path, optional
        The file; the bundled events when omitted.

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
    return validate_events(_read_csv(path), path.name)
