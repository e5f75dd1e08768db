"""Read a user's events file, whatever its format, into text columns that keep the file's row numbers.

Formats: CSV or TSV text (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16, or
Windows-1252), Excel ``.xlsx``, GeoJSON points and (Geo)Parquet. Headers are matched to the project's
ACLED names accent- and case-insensitively, Spanish spreadsheet headers included
(:data:`settings.HEADER_ALIASES`).

A row that cannot be split into the header's fields (too many or too few, an opening quote never
closed) is set aside with its row number and text; the rows after it are read on their own, so a
stray quote never swallows the rest of the file. Row numbers are the file's line numbers (header =
row 1, blank lines counted), the spreadsheet's row numbers, or the GeoJSON feature's position.
"""

import codecs
import csv
import io
import json
import math
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from . import settings
from .bounds import check_workbook
from .errors import EventFileError
from .i18n import N_, SOURCE_LANGUAGE, translate
from .messages import SEPARATOR, placeholders, safe_name, shown, write_messages

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": N_("comma-separated"), ";": N_("semicolon-separated"), "\t": N_("tab-separated")}
_CONTINUATION_LINES = 50  # a quoted value may run over this many lines at most
_HEADER_WORD = re.compile(r"[^a-z0-9]+")


@dataclass
class RawTable:
    """What a file holds, as text, before any value is checked.

    ``frame`` has one text column per header (recognised headers renamed to the project's names);
    ``rows`` the file's row number of each of its rows; ``broken`` the rows that could not be
    split into fields (columns ``row``, ``text``, ``message``).
    """

    frame: pd.DataFrame
    rows: np.ndarray
    broken: pd.DataFrame
    name: str
    kind: str  # "CSV (UTF-8, comma)", "Excel", "GeoJSON", ...
    renamed: dict[str, str]  # header as written -> project column
    unit: str = "row"  # what a number in a message counts: "row" or "feature"

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
    aliases = {header_key(alias): column for column, names in settings.HEADER_ALIASES.items()
               for alias in (column, *names)}
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


def kind_words(kind: str, lang: str) -> str:
    """What a file was read as (:attr:`RawTable.kind`) in ``lang``: "CSV (UTF-8, separado por comas)"."""
    for words in DELIMITER_NAMES.values():
        kind = kind.replace(words, translate(words, lang))
    return kind


def _why(template: str, **values) -> tuple[str, str]:
    """Why a row could not be split: a catalogue template and its values, joined."""
    return template, SEPARATOR.join(str(values[name]) for name in placeholders(template))


def _field_count(count: int, width: int) -> tuple[str, str]:
    if count == 1:
        return _why(N_("it has 1 field where the header has {width}"), width=width)
    return _why(N_("it has {count} fields where the header has {width}"), count=count, width=width)


# --- Text ---------------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the name of its encoding: UTF-8 (a BOM is dropped), UTF-16 (by its
    BOM, or by its zero bytes), else Windows-1252, the encoding of Spanish Excel on Windows."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
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
        raise EventFileError(f"the file looks like UTF-16 text but byte {error.start} is not: "
                             "save it again as CSV UTF-8") from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header line uses most outside quotes (comma on a tie)."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _fields(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _fits(fields: list[str], width: int) -> bool:
    """A row fits the header when it has its number of fields (extra empty ones are allowed:
    spreadsheets write them)."""
    return len(fields) == width or (len(fields) > width and not any(f.strip() for f in fields[width:]))


NOTHING_WRONG = ("", "")


def _record_at(lines: list[str], i: int, width: int, delimiter: str) -> tuple[list[str] | None, int, tuple[str, str]]:
    """The record that starts at line ``i``: (fields or None, the line after it, why not)."""
    line = lines[i]
    if line.count('"') % 2:  # a quoted value may go on over the next lines
        j, chunk = i, line
        while chunk.count('"') % 2 and j + 1 < len(lines) and j - i < _CONTINUATION_LINES:
            j += 1
            chunk += "\n" + lines[j]
        parsed = _fields(chunk, delimiter) if not chunk.count('"') % 2 else []
        if len(parsed) == 1 and _fits(parsed[0], width):
            return parsed[0][:width], j + 1, NOTHING_WRONG
        # A quote inside a value (5" pipe) is a character; a quote opening a value must close.
        opens = line.lstrip().startswith('"') or f'{delimiter}"' in line or f'{delimiter} "' in line
        alone = _fields(line, delimiter)
        if not opens and len(alone) == 1 and _fits(alone[0], width):
            return alone[0][:width], i + 1, NOTHING_WRONG
        return None, i + 1, _why(N_("a quote opened in this row is never closed"))
    parsed = _fields(line, delimiter)
    fields = parsed[0] if parsed else []
    if len(parsed) == 1 and _fits(fields, width):
        return fields[:width], i + 1, NOTHING_WRONG
    return None, i + 1, _field_count(len(fields), width)


def _line_by_line(lines: list[str], first: int, width: int, delimiter: str):
    """Split the lines after the header into records with Python's csv module, one record at a
    time (the fallback when pyarrow cannot read the simple lines). ``first`` is the index of the
    first line after the header."""
    records, rows, broken = [], [], []
    i = first
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        fields, after, why = _record_at(lines, i, width, delimiter)
        if fields is None:
            broken.append((i + 1, lines[i], why))
        else:
            records.append(fields)
            rows.append(i + 1)
        i = after
    return records, rows, broken


def _split_simple_lines(lines: list[str], first: int, width: int, delimiter: str):
    """Lines with an odd number of quotes (a value over several lines, or a quote never closed)
    are read one record at a time; returns those records, their rows, the broken ones, and the
    index of every other non-blank line, each one record for pyarrow."""
    records, rows, broken, taken = [], [], [], set()
    odd = [i for i in range(first, len(lines)) if lines[i].count('"') % 2]
    for i in odd:
        if i in taken:
            continue
        fields, after, why = _record_at(lines, i, width, delimiter)
        taken.update(range(i, after))
        if fields is None:
            broken.append((i + 1, lines[i], why))
        else:
            records.append(fields)
            rows.append(i + 1)
    simple = [i for i in range(first, len(lines)) if lines[i].strip() and (not taken or i not in taken)]
    return records, rows, broken, simple


def _columnar(body: bytes, names: list[str], delimiter: str, lines: np.ndarray):
    """pyarrow's reader over lines that are one record each (``lines``: their indices in the
    file): records whose field count is wrong are set aside. Returns the frame, the file row of
    each of its rows, the rows kept apart (file row, fields) and the broken rows."""
    invalid: list[tuple[int, str, int]] = []
    padded: list[tuple[int, list[str]]] = []  # rows with extra empty fields: kept

    def handler(row) -> str:  # row.number counts the body's non-blank lines from 1
        line = int(lines[row.number - 1])
        fields = _fields(row.text, delimiter)
        if len(fields) == 1 and _fits(fields[0], len(names)):
            padded.append((line + 1, fields[0][:len(names)]))
        else:
            invalid.append((line, row.text, row.actual_columns))
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(column_names=names, use_threads=False),  # serial: row numbers
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False,
                                         invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))
    frame = table.to_pandas()
    skipped = np.array([n for n, _, _ in invalid] + [n - 1 for n, _ in padded], dtype=np.int64)
    good = lines[~np.isin(lines, skipped)]
    if len(good) != len(frame):
        raise ValueError("line accounting failed")
    broken = [(int(n) + 1, text, _field_count(count, len(names))) for n, text, count in invalid]
    return frame, good + 1, padded, broken


def _with_records(frame: pd.DataFrame, rows: np.ndarray, records: list[tuple[int, list[str]]]):
    """``frame`` with more records (file row, fields), all in file order."""
    if not records:
        return frame, rows
    extra = pd.DataFrame([fields for _, fields in records], columns=frame.columns, dtype=str)
    frame = pd.concat([frame, extra], ignore_index=True)
    rows = np.concatenate([rows, np.array([r for r, _ in records], dtype=np.int64)])
    order = np.argsort(rows, kind="stable")
    return frame.iloc[order].reset_index(drop=True), rows[order]


_HEAD_CHARS = 1 << 20  # the header is looked for in the first megabyte


def _one_record_per_line(body: bytes) -> np.ndarray | None:
    """Index of each non-blank line of ``body`` when every line is one record (no line has an
    odd number of quotes, no carriage return stands alone), else ``None``. Vectorised: a million
    lines in a fraction of a second, with no Python string per line."""
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
    length = ends - starts
    carriage = (length > 0) & (buffer[np.maximum(ends - 1, 0)] == 13) if len(ends) else length > 0
    return np.flatnonzero(length - carriage > 0)


def read_text(data: bytes, name: str) -> RawTable:
    """A delimited text file: comma, semicolon or tab, in any of :func:`decode`'s encodings."""
    text, encoding = decode(data)
    head = _split(text[:_HEAD_CHARS])
    # The header is the first line with text; "# " lines before it describe the file (our exports).
    header_index = next((i for i, line in enumerate(head) if line.strip() and not line.startswith("# ")), None)
    if header_index is None or (header_index == len(head) - 1 and len(text) > _HEAD_CHARS):
        raise (EventFileError.said("'{name}' is empty", name=name) if not text.strip() else
               EventFileError.said("'{name}' has no header line in its first megabyte", name=name))
    header_line = head[header_index]
    delimiter = sniff_delimiter(header_line)
    headers = _fields(header_line, delimiter)
    headers = headers[0] if headers else []
    while headers and not headers[-1].strip():  # spreadsheets write empty trailing headers
        headers.pop()
    names, renamed = project_names(headers)
    kind = f"CSV ({encoding}, {DELIMITER_NAMES[delimiter]})"
    width, first = len(names), header_index + 1
    readable = bool(headers) and len(set(names)) == len(names)
    if readable:  # the common case: every line one record, read by pyarrow from the bytes
        offset = sum(len(line) + 1 for line in head[:first]) if "\r" not in text[:_HEAD_CHARS] else None
        if offset is not None:
            body = text[offset:].encode("utf-8")
            simple = _one_record_per_line(body)
            if simple is not None:
                try:
                    frame, rows, padded, broken = _columnar(body, names, delimiter, simple + first)
                    frame, rows = _with_records(frame, rows, padded)
                    return RawTable(frame, rows, broken_rows(sorted(broken)), name, kind, renamed)
                except (pa.ArrowInvalid, ValueError):
                    pass
    lines = _split(text)
    if readable:  # lines with an odd number of quotes one at a time, the others by pyarrow
        careful, careful_rows, broken, simple = _split_simple_lines(lines, first, width, delimiter)
        body = "\n".join([lines[i] for i in simple]).encode("utf-8")
        try:
            frame, rows, padded, more = _columnar(body, names, delimiter, np.asarray(simple, dtype=np.int64))
            frame, rows = _with_records(frame, rows, padded + list(zip(careful_rows, careful)))
            return RawTable(frame, rows, broken_rows(sorted(broken + more)), name, kind, renamed)
        except (pa.ArrowInvalid, ValueError):
            pass  # the careful reader below says which rows are wrong
    records, rows, broken = _line_by_line(lines, first, width, delimiter)
    frame = pd.DataFrame(records, columns=names, dtype=str) if records else \
        pd.DataFrame({n: pd.Series(dtype=str) for n in names})
    return RawTable(frame, np.asarray(rows, dtype=np.int64), broken_rows(broken), name, kind, renamed)


# --- Spreadsheets, GeoJSON, Parquet -------------------------------------------------------------

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
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _from_records(records: list[list], headers: list, rows: list[int], name: str, kind: str,
                  unit: str = "row", broken: list | None = None) -> RawTable:
    names, renamed = project_names([cell_text(h) for h in headers])
    width = len(names)
    texts = [[cell_text(v) for v in (r[:width] + [""] * (width - len(r)))] for r in records]
    return _text_table(texts, names, rows, broken or [], name, kind, renamed, unit)


def _text_table(texts: list[list[str]], names: list[str], rows: list[int], broken: list, name: str, kind: str,
                renamed: dict[str, str], unit: str = "row", joiner: str = ", ") -> RawTable:
    """A RawTable of text records; a record holding a value longer than
    :data:`settings.MAX_FIELD_KB` is set aside as a broken row (its values joined by ``joiner``)."""
    frame = pd.DataFrame(texts, columns=names, dtype=str) if texts else \
        pd.DataFrame({n: pd.Series(dtype=str) for n in names})
    rows = np.asarray(rows, dtype=np.int64)
    longest = longest_values(frame)
    long = longest > settings.MAX_FIELD_KB * 1024
    if long.any():
        broken = broken + [(int(row), joiner.join(frame.iloc[i]), _value_too_long(int(longest[i])))
                           for i, row in zip(np.flatnonzero(long), rows[long])]
        frame, rows = frame[~long].reset_index(drop=True), rows[~long]
    return RawTable(frame, rows, broken_rows(sorted(broken, key=lambda b: b[0])), name, kind, renamed, unit)


def longest_values(frame: pd.DataFrame) -> np.ndarray:
    """The length in UTF-8 bytes of each row's longest value (text columns)."""
    longest = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        chars = frame[column].str.len().fillna(0).to_numpy(dtype=np.int64)
        longest = np.maximum(longest, chars)
        wide = chars * 4 > settings.MAX_FIELD_KB * 1024  # only these can be longer in bytes than in characters
        if wide.any():
            encoded = frame[column][wide].str.encode("utf-8").str.len().to_numpy(dtype=np.int64)
            longest[wide] = np.maximum(longest[wide], encoded)
    return longest


def size_words(size: int) -> str:
    """A size in bytes as messages give it: whole kilobytes up to 10 MB, then whole megabytes.

    >>> size_words(131_072), size_words(1_363_149), size_words(52_428_800)
    ('128 KB', '1332 KB', '50 MB')
    """
    return f"{-(-size // 1024)} KB" if size < 10 << 20 else f"{round(size / 2**20)} MB"


def _value_too_long(size: int) -> tuple[str, str]:
    return _why(N_("a value in this row is {size} long; values up to {most} are read"), size=size_words(size),
                most=size_words(settings.MAX_FIELD_KB * 1024))


def read_excel(data: bytes, name: str) -> RawTable:
    """The first sheet of an Excel workbook; row numbers are the sheet's. The workbook is checked
    first (:func:`geo.bounds.check_workbook`): calamine builds the whole area from A1 to the
    farthest cell before any row is read."""
    from python_calamine import CalamineWorkbook

    check_workbook(data, name)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        header, records, rows = _sheet_records(sheet)
    except Exception as error:  # calamine raises its own error types for a damaged workbook
        raise EventFileError.said("'{name}' is not a readable Excel workbook: {error}", name=name,
                                  error=shown(error)) from None
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException) is a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise EventFileError.said("'{name}' is not a readable Excel workbook: {error}", name=name,
                                  error=shown(error)) from None
    if header is None:
        raise EventFileError.said("'{name}' has an empty first sheet", name=name)
    names, renamed = project_names(header)
    width = len(names)
    texts = [r[:width] + [""] * (width - len(r)) for r in records]
    return _text_table(texts, names, rows, [], name, f"Excel (sheet '{shown(sheet.name)}')", renamed)


def _sheet_records(sheet) -> tuple[list[str] | None, list[list[str]], list[int]]:
    """A sheet's first row with text (its header, trailing blanks dropped), and the rows with text
    after it, as texts, with their row numbers. Read a row at a time (no second copy of the sheet
    as Python values); calamine gives rows from row 1 but columns from the first one used."""
    blank = [""] * (sheet.start[1] if sheet.start else 0)
    header, records, rows = None, [], []
    for number, values in enumerate(sheet.iter_rows(), start=1):
        texts = [cell_text(v) for v in values]
        if not any(text.strip() for text in texts):
            continue
        if header is None:
            header = blank + texts
            while header and not header[-1].strip():
                header.pop()
        else:
            records.append(blank + texts)
            rows.append(number)
    return header, records, rows


def read_geojson(data: bytes, name: str) -> RawTable:
    """GeoJSON features: their properties as columns, a Point's coordinates as longitude and
    latitude; a feature that is not a point keeps its properties and no coordinates (noted in
    ``geometry_problem``)."""
    text, _ = decode(data)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise EventFileError.said("'{name}' is not valid JSON: {error}", name=name, error=error) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise EventFileError.said("'{name}' is JSON but not a GeoJSON FeatureCollection (no \"features\" list)",
                                  name=name)
    headers: dict[str, None] = {}
    records, rows, broken = [], [], []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            broken.append((number, cell_text(feature)[:200], _why(N_("it is not a GeoJSON feature"))))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        record = {str(k): v for k, v in properties.items()}
        geometry = feature.get("geometry") or {}
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if isinstance(coordinates, list) and len(coordinates) >= 2:
                record["longitude"], record["latitude"] = coordinates[0], coordinates[1]
        elif geometry:
            kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
            record["geometry_problem"] = str(kind)  # the kind of a geometry that is not a point
        for key in record:
            headers.setdefault(key, None)
        records.append(record)
        rows.append(number)
    columns = list(headers)
    return _from_records([[r.get(c) for c in columns] for r in records], columns, rows, name,
                         "GeoJSON", unit="feature", broken=broken)


def read_parquet(data: bytes, name: str) -> RawTable:
    """A Parquet file; a GeoParquet geometry column of points gives longitude and latitude."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as error:
        raise EventFileError.said("'{name}' is not a readable Parquet file: {error}", name=name, error=error) from None
    geo_meta = json.loads((table.schema.metadata or {}).get(b"geo", b"{}") or b"{}")
    geometry_column = geo_meta.get("primary_column") if geo_meta else None
    frame = table.to_pandas()
    if geometry_column and geometry_column in frame:
        import shapely

        shapes = shapely.from_wkb(frame.pop(geometry_column).to_numpy())
        is_point = shapely.get_type_id(shapes) == 0
        frame["longitude"] = np.where(is_point, shapely.get_x(shapes), np.nan)
        frame["latitude"] = np.where(is_point, shapely.get_y(shapes), np.nan)
        kinds = np.array(GEOMETRY_KINDS, dtype=object)[np.clip(shapely.get_type_id(shapes), 0, len(GEOMETRY_KINDS) - 1)]
        frame["geometry_problem"] = np.where(is_point | shapely.is_missing(shapes), "", kinds)
    records = frame.astype(object).to_numpy().tolist()
    return _from_records(records, list(frame.columns), list(range(1, len(frame) + 1)), name,
                         "GeoParquet" if geometry_column else "Parquet")


# Shapely's geometry type ids, in order (a Parquet file's shapes come as ids).
GEOMETRY_KINDS = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
                  "GeometryCollection")

READERS = {".csv": read_text, ".txt": read_text, ".tsv": read_text, ".xlsx": read_excel, ".xlsm": read_excel,
           ".geojson": read_geojson, ".json": read_geojson, ".parquet": read_parquet,
           ".geoparquet": read_parquet}


OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # an old Office file, or an encrypted new one
ZIP_SIGNATURE = b"PK\x03\x04"


def _reader_for(data: bytes, suffix: str):
    if data.startswith(ZIP_SIGNATURE):
        return read_excel
    if data.startswith(b"PAR1"):
        return read_parquet
    if suffix in READERS:
        return READERS[suffix]
    return read_geojson if data.lstrip()[:1] in (b"{", b"[") else read_text


def _office_file_error(data: bytes, name: str) -> EventFileError:
    """What an OLE2 compound file is, in the user's terms: Excel saves a workbook with a password in
    one (an ``EncryptionInfo`` stream), and Excel 97–2003 saved every workbook in one."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return EventFileError.said("'{name}' is a password-protected workbook: save it without a password and "
                                   "open it again", name=name)
    if any(stream.encode("utf-16-le") in data for stream in ("Workbook", "Book")):
        return EventFileError.said("'{name}' is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV and "
                                   "open it again", name=name)
    return EventFileError.said("'{name}' is an old Microsoft Office document, not a table: save the events as "
                               ".xlsx or CSV", name=name)


def read_table(path: str | Path, name: str | None = None, max_bytes: int | None = None) -> RawTable:
    """Read any supported events file; ``name`` is how messages call it (the path's name by default).

    Only a regular file is opened (a pipe would block the reader, a device never end), and at most
    ``max_bytes`` of it are read (:data:`settings.MAX_FILE_MB` by default; the page passes its
    upload limit).

    Raises
    ------
    EventFileError
        For a file that is missing, a directory, not a regular file, unreadable, larger than
        ``max_bytes``, or not one of the supported formats.
    """
    path = Path(path)
    where = shown(name or str(path))
    name = safe_name(name or path.name)
    try:
        data = _file_bytes(path, name, where, max_bytes)
    except FileNotFoundError:
        raise EventFileError.said("events file '{name}' does not exist", name=where) from None
    except OSError as error:
        raise EventFileError.said("cannot read '{name}': {error}", name=name,
                                  error=shown(error.strerror or error)) from None
    return read_data(data, name, path.suffix.lower())


def _file_bytes(path: Path, name: str, where: str, max_bytes: int | None) -> bytes:
    """The bytes of the regular file at ``path``, refused when larger than ``max_bytes``."""
    limit = settings.MAX_FILE_MB * 2**20 if max_bytes is None else max_bytes
    _check_kind(path.stat(), name, where, limit, max_bytes)  # before opening: opening a pipe blocks
    # Opened without blocking and checked again: the path may have been swapped since stat().
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(handle, "rb", buffering=0) as file:
        status = os.fstat(file.fileno())
        _check_kind(status, name, where, limit, max_bytes)
        chunks, total, want = [], 0, min(status.st_size, limit) + 1
        while chunk := file.read(want):  # a file whose size stat() does not know (/proc) is read in parts
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(name, total, limit, max_bytes)
            want = min(1 << 24, limit + 1 - total)
    return b"".join(chunks)


def _check_kind(status: os.stat_result, name: str, where: str, limit: int, max_bytes: int | None) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise EventFileError.said("'{name}' is a directory, not a file", name=where)
    if not stat.S_ISREG(status.st_mode):
        raise EventFileError.said("'{name}' is not a regular file (it is a pipe, a device or a socket): save "
                                  "the events to a file and open that", name=where)
    if status.st_size > limit:
        raise _too_large(name, status.st_size, limit, max_bytes)


def _too_large(name: str, size: int, limit: int, max_bytes: int | None) -> EventFileError:
    mb = {"name": name, "size": round(size / 2**20), "most": round(limit / 2**20)}
    if max_bytes is None:
        return EventFileError.said("'{name}' is {size} MB; files up to {most} MB can be read", **mb)
    return EventFileError.said("'{name}' is {size} MB; files up to {most} MB can be opened here (the command line "
                               "reads files up to {cli} MB)", cli=settings.MAX_FILE_MB, **mb)


# Exceptions a reader's library may raise on a damaged or hostile file. Each one found is a bug to
# fix where it happens; read_data turns any left into an EventFileError so the user still gets one line.
_LIBRARY_ERRORS = (ValueError, OSError, EOFError, csv.Error, zipfile.BadZipFile, zlib.error, struct.error,
                   pa.ArrowException)


def read_data(data: bytes, name: str, suffix: str = "") -> RawTable:
    """:func:`read_table` for bytes already in memory (an upload); ``name`` is made safe to show
    (:func:`geo.messages.safe_name`).

    Raises
    ------
    EventFileError
        Whatever is wrong with the file: never another exception.
    """
    name = safe_name(name)
    if not data or data.isspace():
        raise EventFileError.said("'{name}' is empty", name=name)
    if data.startswith(OLE2_SIGNATURE):
        raise _office_file_error(data, name)
    reader = _reader_for(data, suffix or Path(name).suffix.lower())
    try:
        return reader(data, name)
    except MemoryError:
        raise EventFileError.said("'{name}' could not be read: there was not enough memory", name=name) from None
    except RecursionError:
        raise EventFileError.said("'{name}' could not be read: it is nested too deeply", name=name) from None
    except _LIBRARY_ERRORS as error:
        raise EventFileError.said("'{name}' could not be read: {reason}", name=name,
                                  reason=shown(str(error) or type(error).__name__)) from None
