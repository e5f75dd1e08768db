"""Delimited text files (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16, or
Windows-1252) read into text columns, every line of the file accounted for.

Each line after the header is a row (read, or set aside with its row number and why), blank, or
the continuation of a quoted value begun on a line above (:class:`geo.io.rawtable.LineCount`). A row
that cannot be split into the header's fields (too many or too few, an opening quote never
closed) is set aside and the rows after it are read on their own, so a stray quote never swallows
the rest of the file; so is a line longer than :data:`settings.MAX_LINE_KB` or a row holding a
value longer than :data:`settings.MAX_FIELD_KB`. Row numbers are the file's line numbers (header
= row 1, blank lines counted).
"""

import codecs
import csv
import io
import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from geo import settings
from geo.errors import EventFileError
from geo.i18n import N_
from geo.io.bounds import check_table
from geo.io.rawtable import (
    LINE_TOO_LONG,
    NOTHING_WRONG,
    LineCount,
    RawTable,
    field_count,
    project_names,
    raw_table,
    size_words,
    why,
)

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": N_("comma-separated"), ";": N_("semicolon-separated"), "\t": N_("tab-separated")}
_CONTINUATION_LINES = 50  # a quoted value may run over this many lines at most
_HEAD_CHARS = 1 << 20  # the header is looked for in the first megabyte
# The csv module refuses a value over 128 KiB by default; our own bounds (a line, a value) are
# checked around it, so its limit is the longest record we may hand it.
csv.field_size_limit(max(csv.field_size_limit(), (_CONTINUATION_LINES + 1) * settings.MAX_LINE_KB * 1024))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the name of its encoding: UTF-8 (a BOM is dropped), UTF-16 (by its
    BOM, or by its zero bytes), else Windows-1252, the encoding of Spanish Excel on Windows."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16"), "UTF-16"
    else:
        sample = data[:4000]
        if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
            zeros_odd = sample[1::2].count(0) > sample[0::2].count(0)
            return _utf16(data, "utf-16-le" if zeros_odd else "utf-16-be"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return data.decode("latin-1"), "Latin-1"


def _utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise EventFileError(
            f"the file looks like UTF-16 text but byte {error.start} is not: save it again as CSV UTF-8"
        ) from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header line uses most outside quotes (comma on a tie)."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best


def _split(text: str) -> list[str]:
    """The lines of ``text`` (a lone carriage return ends a line too, as in a text editor); a
    line break at the very end starts no line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def _fields(text: str, delimiter: str) -> list[list[str]]:
    """The records the csv module reads in ``text``; none when it refuses the text."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return []


def _fits(fields: list[str], width: int) -> bool:
    """A row fits the header when it has its number of fields (extra empty ones are allowed:
    spreadsheets write them)."""
    return len(fields) == width or (len(fields) > width and not any(f.strip() for f in fields[width:]))


def _line_limit() -> int:
    return settings.MAX_LINE_KB * 1024


def _line_too_long(size: int) -> tuple[str, str]:
    return why(LINE_TOO_LONG, size=size_words(size), most=size_words(_line_limit()))


def _is_long(line: str) -> bool:
    return len(line) > _line_limit() or (len(line) * 4 > _line_limit() and len(line.encode("utf-8")) > _line_limit())


def _whole_record(line: str, width: int, delimiter: str) -> bool:
    """Whether ``line`` alone is a record that fits the header."""
    parsed = _fields(line, delimiter)
    return len(parsed) == 1 and _fits(parsed[0], width)


def _record_at(lines: list[str], i: int, width: int, delimiter: str, long: set[int]):
    """The record that starts at line ``i``: (fields or None, the line after it, why not)."""
    line = lines[i]
    if line.count('"') % 2:  # a quoted value may go on over the next lines
        j, chunk = i, line
        while chunk.count('"') % 2 and j + 1 < len(lines) and j - i < _CONTINUATION_LINES and j + 1 not in long:
            j += 1
            chunk += "\n" + lines[j]
        parsed = _fields(chunk, delimiter) if not chunk.count('"') % 2 else []
        merged = len(parsed) == 1 and _fits(parsed[0], width)
        # The lines a quote would join, each a whole row on its own: the quote is a stray one,
        # and taking them as one value would make those rows vanish.
        between = [k for k in range(i + 1, j) if lines[k].strip()] or [j]
        stray = merged and all(_whole_record(lines[k], width, delimiter) for k in between)
        if merged and not stray:
            return parsed[0][:width], j + 1, NOTHING_WRONG
        # A quote inside a value (5" pipe) is a character; a quote opening a value must close.
        opens = line.lstrip().startswith('"') or f'{delimiter}"' in line or f'{delimiter} "' in line
        if not opens and _whole_record(line, width, delimiter):
            return _fields(line, delimiter)[0][:width], i + 1, NOTHING_WRONG
        if stray:
            return (
                None,
                i + 1,
                why(
                    N_(
                        "a quote opened in this row is closed only on line {line}; the lines "
                        "between are read as rows of their own"
                    ),
                    line=j + 1,
                ),
            )
        return None, i + 1, why(N_("a quote opened in this row is never closed"))
    parsed = _fields(line, delimiter)
    fields = parsed[0] if parsed else []
    if len(parsed) == 1 and _fits(fields, width):
        return fields[:width], i + 1, NOTHING_WRONG
    return None, i + 1, field_count(len(fields), width)


class _Careful:
    """Lines read one record at a time with Python's csv module: the records, their rows, the
    rows set aside, and the lines that went on with a quoted value."""

    def __init__(self, lines: list[str], width: int, delimiter: str, long: set[int]):
        self.lines, self.width, self.delimiter, self.long = lines, width, delimiter, long
        self.records: list[list[str]] = []
        self.rows: list[int] = []
        self.broken: list = []
        self.continued = 0

    def read_at(self, i: int) -> int:
        """Read the record at line ``i``; returns the line after it."""
        if i in self.long:
            self.broken.append((i + 1, self.lines[i], _line_too_long(len(self.lines[i].encode("utf-8")))))
            return i + 1
        fields, after, reason = _record_at(self.lines, i, self.width, self.delimiter, self.long)
        if fields is None:
            self.broken.append((i + 1, self.lines[i], reason))
        else:
            self.records.append(fields)
            self.rows.append(i + 1)
            self.continued += after - i - 1
        return after


def _line_by_line(lines: list[str], first: int, width: int, delimiter: str, long: set[int]):
    """Split the lines after the header into records with Python's csv module, one record at a
    time (the fallback when pyarrow cannot read the simple lines). ``first`` is the index of the
    first line after the header. Returns the reader and the number of blank lines."""
    careful, blank = _Careful(lines, width, delimiter, long), 0
    i = first
    while i < len(lines):
        if not lines[i].strip():
            blank += 1
            i += 1
            continue
        i = careful.read_at(i)
    return careful, blank


def _split_simple_lines(lines: list[str], first: int, width: int, delimiter: str, long: set[int]):
    """Lines with an odd number of quotes (a value over several lines, or a quote never closed),
    and lines too long to read, are read one record at a time; returns that reader, the index of
    every other non-blank line (each one record for pyarrow), and the number of blank lines."""
    careful, taken = _Careful(lines, width, delimiter, long), set[int]()
    for i in sorted({i for i in range(first, len(lines)) if lines[i].count('"') % 2} | long):
        if i not in taken:
            taken.update(range(i, careful.read_at(i)))
    simple = [i for i in range(first, len(lines)) if lines[i].strip() and i not in taken]
    blank = sum(1 for i in range(first, len(lines)) if not lines[i].strip() and i not in taken)
    return careful, simple, blank


def _columnar(body: bytes, names: list[str], delimiter: str, lines: np.ndarray):
    """pyarrow's reader over lines that are one record each (``lines``: their indices in the
    file): records whose field count is wrong are set aside. Returns the frame, the file row of
    each of its rows, the rows kept apart (file row, fields), the broken rows and the number of
    lines holding only spaces (blank)."""
    invalid: list[tuple[int, str, int]] = []
    padded: list[tuple[int, list[str]]] = []  # rows with extra empty fields: kept
    spaces: list[int] = []

    def handler(row) -> str:  # row.number counts the body's non-blank lines from 1
        line = int(lines[row.number - 1])
        fields = _fields(row.text, delimiter)
        if not row.text.strip():
            spaces.append(line)
        elif len(fields) == 1 and _fits(fields[0], len(names)):
            padded.append((line + 1, fields[0][: len(names)]))
        else:
            invalid.append((line, row.text, row.actual_columns if fields else 0))
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(
            column_names=names,
            use_threads=False,  # serial: row numbers
            block_size=max(1 << 20, 2 * _line_limit() + 2),
        ),  # a block holds a line
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False, invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.large_string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame = table.to_pandas()
    skipped = np.array([n for n, _, _ in invalid] + [n - 1 for n, _ in padded] + spaces, dtype=np.int64)
    good = lines[~np.isin(lines, skipped)]
    if len(good) != len(frame):
        raise ValueError("line accounting failed")
    broken = [(int(n) + 1, text, field_count(count, len(names))) for n, text, count in invalid]
    return frame, good + 1, padded, broken, len(spaces)


def _with_records(frame: pd.DataFrame, rows: np.ndarray, records: list[tuple[int, list[str]]]):
    """``frame`` with more records (file row, fields), all in file order."""
    if not records:
        return frame, rows
    extra = pd.DataFrame([fields for _, fields in records], columns=frame.columns, dtype=str)
    frame = pd.concat([frame, extra], ignore_index=True)
    rows = np.concatenate([rows, np.array([r for r, _ in records], dtype=np.int64)])
    order = np.argsort(rows, kind="stable")
    return frame.iloc[order].reset_index(drop=True), rows[order]


def _line_spans(body: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Where each line of ``body`` starts and ends (its line break and a carriage return before
    it left out) when every line is one record (no line has an odd number of quotes, no carriage
    return stands alone), else ``None``. Vectorised: a million lines in a fraction of a second,
    with no Python string per line."""
    buffer = np.frombuffer(body, dtype=np.uint8)
    if body.count(b"\r") != body.count(b"\r\n"):
        return None
    ends = np.flatnonzero(buffer == 10)
    if len(buffer) and buffer[-1] != 10:
        ends = np.append(ends, len(buffer))
    quotes = np.flatnonzero(buffer == 34)
    if len(quotes) and (np.bincount(np.searchsorted(ends, quotes), minlength=len(ends) + 1) & 1).any():
        return None
    starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else np.zeros(0, dtype=np.int64)
    carriage = (ends > starts) & (buffer[np.maximum(ends - 1, 0)] == 13) if len(ends) else ends > starts
    return starts, ends - carriage


def _header(text: str, name: str) -> tuple[int, list[str], str]:
    """The header's line index, its fields and the delimiter. The header is the first line with
    text; "# " lines before it describe the file (our old exports)."""
    head = text[:_HEAD_CHARS].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_index = next((i for i, line in enumerate(head) if line.strip() and not line.startswith("# ")), None)
    if header_index is None or (header_index == len(head) - 1 and len(text) > _HEAD_CHARS):
        raise (
            EventFileError.said("'{name}' is empty", name=name)
            if not text.strip()
            else EventFileError.said("'{name}' has no header line in its first megabyte", name=name)
        )
    delimiter = sniff_delimiter(head[header_index])
    fields = _fields(head[header_index], delimiter)
    headers = fields[0] if fields else []
    while headers and not headers[-1].strip():  # spreadsheets write empty trailing headers
        headers.pop()
    check_table(0, len(headers), name)
    return header_index, headers, delimiter


def read_text(data: bytes, name: str) -> RawTable:
    """A delimited text file: comma, semicolon or tab, in any of :func:`decode`'s encodings."""
    text, encoding = decode(data)
    header_index, headers, delimiter = _header(text, name)
    names, renamed = project_names(headers)
    table: dict[str, Any] = {
        "name": name,
        "kind": f"CSV ({encoding}, {DELIMITER_NAMES[delimiter]})",
        "renamed": renamed,
        "joiner": delimiter,
    }
    first = header_index + 1
    readable = bool(headers) and len(set(names)) == len(names)
    if readable and "\r" not in text[:_HEAD_CHARS]:  # the common case: every line one record, read by pyarrow
        read = _every_line_a_record(text, first, names, delimiter, name)
        if read is not None:
            frame, rows, broken, line_count = read
            return raw_table(frame, rows, broken, line_count=line_count, **table)
    lines = _split(text)
    long = {i for i in range(first, len(lines)) if _is_long(lines[i])}
    check_table(sum(1 for i in range(first, len(lines)) if lines[i].strip()), len(names), name)
    if readable:  # lines with an odd number of quotes one at a time, the others by pyarrow
        careful, simple, blank = _split_simple_lines(lines, first, len(names), delimiter, long)
        body = "\n".join([lines[i] for i in simple]).encode("utf-8")
        try:
            frame, rows, padded, more, spaces = _columnar(body, names, delimiter, np.asarray(simple, dtype=np.int64))
        except (pa.ArrowInvalid, ValueError):
            pass  # the careful reader below says which rows are wrong
        else:
            frame, rows = _with_records(frame, rows, padded + list(zip(careful.rows, careful.records)))
            line_count = LineCount(len(lines), header_index, blank + spaces, careful.continued)
            return raw_table(frame, rows, careful.broken + more, line_count=line_count, **table)
    careful, blank = _line_by_line(lines, first, len(names), delimiter, long)
    frame = (
        pd.DataFrame(careful.records, columns=names, dtype=str)
        if careful.records
        else pd.DataFrame({n: pd.Series(dtype=str) for n in names})
    )
    line_count = LineCount(len(lines), header_index, blank, careful.continued)
    return raw_table(frame, careful.rows, careful.broken, line_count=line_count, **table)


def _every_line_a_record(text: str, first: int, names: list[str], delimiter: str, name: str):
    """pyarrow's reader over the lines after the header when each is one record: the frame, its
    rows, the rows set aside and the line count; ``None`` when some line is not one record."""
    offset = sum(len(line) + 1 for line in text[:_HEAD_CHARS].split("\n")[:first])
    body = text[offset:].encode("utf-8")
    spans = _line_spans(body)
    if spans is None:
        return None
    starts, ends = spans
    long = np.flatnonzero(ends - starts > _line_limit())
    broken = [
        (
            first + int(i) + 1,
            body[starts[i] : ends[i]].decode("utf-8", "replace"),
            _line_too_long(int(ends[i] - starts[i])),
        )
        for i in long
    ]
    if len(long):  # read as blank lines: pyarrow never sees them
        cuts = np.ravel(np.column_stack([starts[long], ends[long]]))
        kept = list(zip(np.concatenate([[0], cuts]), np.append(cuts, len(body))))[::2]  # between the long lines
        body = b"".join(body[a:b] for a, b in kept)
    filled = ends > starts
    filled[long] = False
    simple = np.flatnonzero(filled)
    check_table(len(simple), len(names), name)
    try:
        frame, rows, padded, more, spaces = _columnar(body, names, delimiter, simple + first)
    except (pa.ArrowInvalid, ValueError):
        return None
    frame, rows = _with_records(frame, rows, padded)
    blank = int((ends == starts).sum()) + spaces
    return frame, rows, broken + more, LineCount(first + len(starts), first - 1, blank)
