"""Bounds on a user's file, checked before a reader allocates what the file asks for.

A few kilobytes can ask for gigabytes: an Excel workbook whose one cell is XFD1048576 makes the
reader build a sheet of 17 billion cells; a compressed workbook can unpack to a thousand times its
size; a Parquet file's footer can declare billions of rows; a JSON document can nest deeper than
the parser's stack. Each check here reads only what it needs, stops as soon as a bound of
:mod:`geo.settings` ("Bounds on a user's file") is passed, and says which in the user's terms.
geo/io/reader.py calls them before handing a file to calamine, pyarrow or json.

This module holds the bounds on tables, Parquet footers and JSON nesting; those on Excel
workbooks (the archive, its parts, the first sheet) are in :mod:`geo.io.workbook`, which scans
the sheet with :class:`geo.io.sheetscan.SheetScan`.
"""

import numpy as np

from geo import settings
from geo.errors import Count, EventFileError
from geo.io.rawtable import size_words

PIECE = 16 << 20  # bytes of a text or of a workbook part unpacked and scanned at a time


def unpacked_limit() -> int:
    """:data:`settings.MAX_UNPACKED_MB` in bytes (read when asked: tests lower it)."""
    return settings.MAX_UNPACKED_MB << 20


def column_letters(number: int) -> str:
    """A spreadsheet's name for column ``number`` (1 is A).

    >>> column_letters(1), column_letters(28), column_letters(16384)
    ('A', 'AB', 'XFD')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Tables, Parquet footers, JSON nesting -------------------------------------------------------


def check_table(rows: int, columns: int, name: str) -> None:
    """Refuse a table of more than :data:`settings.MAX_FILE_COLUMNS` columns or
    :data:`settings.MAX_FILE_CELLS` cells (``rows`` may be an upper bound: the lines of a text)."""
    if columns > settings.MAX_FILE_COLUMNS:
        raise EventFileError.said(
            "'{name}' has {columns} columns; up to {most} can be read",
            name=name,
            columns=Count(columns),
            most=Count(settings.MAX_FILE_COLUMNS),
        )
    if rows * columns > settings.MAX_FILE_CELLS:
        raise EventFileError.said(
            "'{name}' has {rows} rows of {columns} columns, {cells} cells; up to {most} can be read",
            name=name,
            rows=Count(rows),
            columns=Count(columns),
            cells=Count(rows * columns),
            most=Count(settings.MAX_FILE_CELLS),
        )


def check_parquet(metadata, name: str) -> None:
    """Refuse a Parquet file by its footer, before any column is read: its rows and columns
    (:func:`check_table`), and its row groups' size once decompressed
    (:data:`settings.MAX_UNPACKED_MB`). ``metadata`` is a ``pyarrow.parquet.FileMetaData``."""
    check_table(metadata.num_rows, metadata.num_columns, name)
    unpacked = sum(max(metadata.row_group(i).total_byte_size, 0) for i in range(metadata.num_row_groups))
    if unpacked > unpacked_limit():
        raise EventFileError.said(
            "'{name}' unpacks to {size} (a Parquet file is compressed); up to {most} can be read",
            name=name,
            size=size_words(unpacked),
            most=size_words(unpacked_limit()),
        )


def unpacked_too_large(name: str) -> EventFileError:
    """The error for a Parquet file whose columns, as read, pass :data:`settings.MAX_UNPACKED_MB`."""
    return EventFileError.said(
        "'{name}' unpacks to more than {most} (a Parquet file is compressed); up to {most} can be read",
        name=name,
        most=size_words(unpacked_limit()),
    )


def json_depth(data: bytes, most: int) -> int:
    """How deep the brackets ("[" and "{") of a JSON text nest, brackets inside strings not
    counted (a quote after an odd number of backslashes is inside the string); the count stops
    once it passes ``most``. Read in pieces with whole-array operations, so a deep or large text
    costs no recursion and no object per bracket.

    >>> json_depth(b'{"a": [[1], "]]]", "\\\\"], "b": {}}', 64)
    3
    """
    depth = deepest = 0
    inside = False  # within a string at the start of the piece
    slashes_before = 0  # backslashes ending the piece before
    for at in range(0, len(data), PIECE):
        buf = np.frombuffer(data, dtype=np.uint8, count=min(PIECE, len(data) - at), offset=at)
        quotes = np.flatnonzero(buf == 34)
        slashes = np.flatnonzero(buf == 92)
        run_start = np.ones(len(slashes), dtype=bool)
        run_start[1:] = slashes[1:] != slashes[:-1] + 1
        first_of_run = slashes[np.maximum.accumulate(np.where(run_start, np.arange(len(slashes)), 0))]
        before = np.searchsorted(slashes, quotes) - 1
        touching = (before >= 0) & (slashes[np.maximum(before, 0)] == quotes - 1) if len(slashes) else before < -1
        run = np.where(touching, quotes - first_of_run[np.maximum(before, 0)] if len(slashes) else 0, 0)
        run = run + np.where(quotes - run == 0, slashes_before, 0)  # a run going on from the piece before
        real = quotes[run % 2 == 0]
        brackets = np.flatnonzero((buf == 91) | (buf == 123) | (buf == 93) | (buf == 125))
        outside = (np.searchsorted(real, brackets) % 2 == 1) == inside
        steps = np.where((buf[brackets] == 91) | (buf[brackets] == 123), 1, -1)[outside]
        levels = depth + np.cumsum(steps)
        deepest = max(deepest, int(levels.max()) if len(levels) else depth)
        if deepest > most:
            return deepest
        depth = int(levels[-1]) if len(levels) else depth
        inside ^= len(real) % 2 == 1
        trailing = len(buf) - 1 - slashes[-1] if len(slashes) else -1
        if trailing == 0:  # the piece ends with backslashes: they may escape the next piece's quote
            slashes_before = len(buf) - first_of_run[-1] + (slashes_before if first_of_run[-1] == 0 else 0)
        else:
            slashes_before = 0
    return deepest


def check_json_depth(data: bytes, name: str) -> None:
    """Refuse a JSON text nested deeper than :data:`settings.MAX_JSON_DEPTH`, before it is parsed."""
    if json_depth(data, settings.MAX_JSON_DEPTH) > settings.MAX_JSON_DEPTH:
        raise EventFileError.said(
            "'{name}' nests brackets more than {most} levels deep; up to {most} can be read",
            name=name,
            most=Count(settings.MAX_JSON_DEPTH),
        )
