"""What a user's file holds, as text, before any value is checked: the table every reader returns
(:class:`RawTable`), the project's names for its headers, and the rows set aside because they could
not be split into fields or hold a value too long to read."""

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_, SOURCE_LANGUAGE
from geo.messages import SEPARATOR, placeholders, write_messages

_HEADER_WORD = re.compile(r"[^a-z0-9]+")
NOTHING_WRONG = ("", "")
# ``geometry_problem`` values that are not a geometry's kind (geo.io.events words them).
UNREADABLE_GEOMETRY = "unreadable"
EMPTY_GEOMETRY = "empty"


@dataclass(frozen=True)
class LineCount:
    """Where each line of a text file went: ``lines`` = ``above`` + 1 (the header) + ``blank`` +
    ``continued`` + the rows read (accepted or rejected). ``continued`` lines go on with a quoted
    value begun on a line above; ``above`` are "# " notes or blank lines before the header."""

    lines: int
    above: int = 0
    blank: int = 0
    continued: int = 0

    @property
    def rows(self) -> int:
        """The lines that are rows (each a record, read or set aside)."""
        return self.lines - self.above - 1 - self.blank - self.continued


@dataclass
class RawTable:
    """What a file holds, as text, before any value is checked.

    ``frame`` has one text column per header (recognised headers renamed to the project's names);
    ``rows`` the file's row number of each of its rows; ``broken`` the rows that could not be
    split into fields (columns ``row``, ``text``, ``message``); ``line_count``, for a text file,
    where each of its lines went.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    broken: pd.DataFrame
    name: str
    kind: str  # "CSV (UTF-8, comma)", "Excel", "GeoJSON", ...
    renamed: dict[str, str]  # header as written -> project column
    unit: str = "row"  # what a number in a message counts: "row" or "feature"
    line_count: LineCount | None = None

    @property
    def total(self) -> int:
        """Records in the file: the rows read and the rows that could not be split."""
        return len(self.frame) + len(self.broken)


def header_key(header: object) -> str:
    """A header as compared with the known names: no accents, lower case, words joined by "_".

    Examples
    --------
    >>> header_key(" Fecha del Evento ")
    'fecha_del_evento'
    >>> header_key("LATITUD")
    'latitud'
    """
    text = unicodedata.normalize("NFKD", str(header).replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _HEADER_WORD.sub("_", text).strip("_")


def project_names(headers: list[str]) -> tuple[list[str], dict[str, str]]:
    """Rename recognised headers to the project's column names; the first header claiming a name
    gets it, later ones keep their own. Repeated headers are made unique (``name.2``)."""
    aliases = {
        header_key(alias): column for column, names in settings.HEADER_ALIASES.items() for alias in (column, *names)
    }
    keys = [header_key(h) for h in headers]
    exact = {k for k in keys if k in settings.HEADER_ALIASES}  # a file's own ACLED names come first
    names, renamed, taken = [], {}, set(exact)
    for header, key in zip(headers, keys):
        column = aliases.get(key)
        if key in exact and key not in names:
            names.append(key)
            if key != header:
                renamed[header] = key
        elif column is not None and column not in taken:
            taken.add(column)
            names.append(column)
            renamed[header] = column
        else:
            names.append(str(header).replace("\ufeff", "").strip() or "column")
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}.{seen[name]}")
    return unique, renamed


def broken_rows(rows: list[tuple[int, str, tuple[str, str]]]) -> pd.DataFrame:
    """The rows that could not be split: row, text, and why (a catalogue ``template`` and its
    ``fields``, as geo.messages joins them; ``message`` in English)."""
    frame = pd.DataFrame([(row, text, *why) for row, text, why in rows], columns=["row", "text", "template", "fields"])
    frame = frame.astype({"row": "int64", "text": str, "template": str, "fields": str})
    return frame.assign(message=write_messages(frame["template"], frame["fields"], SOURCE_LANGUAGE))


LINE_TOO_LONG = N_("this line is {size} long; lines up to {most} are read")
VALUE_TOO_LONG = N_("a value in this row is {size} long; values up to {most} are read")
# The reason a broken row is counted under, by what is wrong with it (else "malformed row").
BROKEN_REASONS = {LINE_TOO_LONG: N_("line too long"), VALUE_TOO_LONG: N_("value too long")}


def why(template: str, **values) -> tuple[str, str]:
    """Why a row could not be read: a catalogue template and its values, joined."""
    return template, SEPARATOR.join(str(values[name]) for name in placeholders(template))


def field_count(count: int, width: int) -> tuple[str, str]:
    """Why a row with the wrong number of fields was set aside."""
    if count == 0:
        return why(N_("it cannot be split into fields"))
    if count == 1:
        return why(N_("it has 1 field where the header has {width}"), width=width)
    return why(N_("it has {count} fields where the header has {width}"), count=count, width=width)


def size_words(size: int) -> str:
    """A size in bytes as messages give it: whole kilobytes below 10 MB, then whole megabytes,
    rounded up (a file a byte over a bound is never said to be the bound's size).

    >>> size_words(131_072), size_words(1_363_149), size_words(200 << 20), size_words((200 << 20) + 1)
    ('128 KB', '1332 KB', '200 MB', '201 MB')
    """
    return f"{-(-size // 1024)} KB" if size < 10 << 20 else f"{-(-size // (1 << 20))} MB"


def value_too_long(size: int) -> tuple[str, str]:
    """Why a row holding a value longer than :data:`settings.MAX_FIELD_KB` was set aside."""
    return why(VALUE_TOO_LONG, size=size_words(size), most=size_words(settings.MAX_FIELD_KB * 1024))


def cell_text(value: object) -> str:
    """A spreadsheet or JSON value written as the text a CSV would hold.

    Examples
    --------
    >>> cell_text(3.0), cell_text(-15.4997), cell_text(datetime(2023, 1, 9)), cell_text(None)
    ('3', '-15.4997', '2023-01-09', '')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def longest_values(frame: pd.DataFrame) -> np.ndarray:
    """The length in UTF-8 bytes of each row's longest value (text columns)."""
    longest = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        chars = frame[column].str.len().fillna(0).to_numpy(dtype=np.int64)
        longest = np.maximum(longest, chars)
        wide = chars * 4 > settings.MAX_FIELD_KB * 1024  # only these can be longer in bytes than in characters
        if wide.any():
            encoded = frame[column][wide].map(lambda v: len(str(v).encode("utf-8"))).to_numpy(dtype=np.int64)
            longest[wide] = np.maximum(longest[wide], encoded)
    return longest


def raw_table(
    frame: pd.DataFrame,
    rows,
    broken: list,
    name: str,
    kind: str,
    renamed: dict[str, str],
    unit: str = "row",
    joiner: str = ", ",
    line_count: LineCount | None = None,
) -> RawTable:
    """A RawTable of a frame of text columns; a row holding a value longer than
    :data:`settings.MAX_FIELD_KB` is set aside as a broken row (its values joined by ``joiner``)."""
    rows = np.asarray(rows, dtype=np.int64)
    longest = longest_values(frame)
    long = longest > settings.MAX_FIELD_KB * 1024
    if long.any():
        broken = broken + [
            (int(row), joiner.join(frame.iloc[i]), value_too_long(int(longest[i])))
            for i, row in zip(np.flatnonzero(long), rows[long])
        ]
        frame, rows = frame[~long].reset_index(drop=True), rows[~long]
    return RawTable(frame, rows, broken_rows(sorted(broken, key=lambda b: b[0])), name, kind, renamed, unit, line_count)


def text_table(
    texts: list[list[str]],
    names: list[str],
    rows: list[int],
    broken: list,
    name: str,
    kind: str,
    renamed: dict[str, str],
    unit: str = "row",
) -> RawTable:
    """:func:`raw_table` of records already written as text, one list per row."""
    frame = (
        pd.DataFrame(texts, columns=names, dtype=str)
        if texts
        else pd.DataFrame({n: pd.Series(dtype=str) for n in names})
    )
    return raw_table(frame, rows, broken, name, kind, renamed, unit)


def from_records(
    records: list[list],
    headers: list,
    rows: list[int],
    name: str,
    kind: str,
    unit: str = "row",
    broken: list | None = None,
) -> RawTable:
    """:func:`text_table` of records of any values (:func:`cell_text` writes them)."""
    names, renamed = project_names([cell_text(h) for h in headers])
    width = len(names)
    texts = [[cell_text(v) for v in (r[:width] + [""] * (width - len(r)))] for r in records]
    return text_table(texts, names, rows, broken or [], name, kind, renamed, unit)
