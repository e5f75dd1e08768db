"""Read a user's events file, whatever its format, into text columns that keep the file's row numbers.

Formats: CSV or TSV text (geo/io/delimited.py), Excel ``.xlsx``, GeoJSON points and (Geo)Parquet
(geo/io/parquet.py). Headers are matched to the project's ACLED names accent- and case-insensitively,
Spanish spreadsheet headers included (:data:`settings.HEADER_ALIASES`). Row numbers are the file's
line numbers (header = row 1, blank lines counted), the spreadsheet's row numbers, or the GeoJSON
feature's position.

Every reader is bounded before it allocates (geo/io/bounds.py, :mod:`geo.settings`' "Bounds on a
user's file"), and whatever is wrong with a file is an :class:`~geo.errors.EventFileError`: never
another exception.
"""

import csv
import io
import json
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pyarrow as pa

from geo import settings
from geo.errors import Count, EventFileError
from geo.i18n import N_, translate
from geo.io.bounds import check_json_depth
from geo.io.delimited import DELIMITER_NAMES, decode, read_text
from geo.io.parquet import PARQUET_NOTES, read_parquet
from geo.io.rawtable import (
    EMPTY_GEOMETRY,
    RawTable,
    cell_text,
    from_records,
    project_names,
    size_words,
    text_table,
    why,
)
from geo.io.workbook import check_workbook
from geo.messages import safe_name, shown

# What a file was read as, in words that are translated where they are shown.
KIND_WORDS = (*DELIMITER_NAMES.values(), *PARQUET_NOTES)


def kind_words(kind: str, lang: str) -> str:
    """What a file was read as (:attr:`RawTable.kind`) in ``lang``: "CSV (UTF-8, separado por comas)"."""
    for words in KIND_WORDS:
        kind = kind.replace(words, translate(words, lang))
    return kind


def read_excel(data: bytes, name: str) -> RawTable:
    """The first sheet of an Excel workbook; row numbers are the sheet's. The workbook is checked
    first (:func:`geo.io.bounds.check_workbook`): calamine builds the whole area from A1 to the
    farthest cell before any row is read."""
    from python_calamine import CalamineWorkbook

    check_workbook(data, name)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        header, records, rows = _sheet_records(sheet)
    except Exception as error:  # calamine raises its own error types for a damaged workbook
        raise EventFileError.said(
            "'{name}' is not a readable Excel workbook: {error}", name=name, error=shown(error)
        ) from None
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException) is a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise EventFileError.said(
            "'{name}' is not a readable Excel workbook: {error}", name=name, error=shown(error)
        ) from None
    if header is None:
        raise EventFileError.said("'{name}' has an empty first sheet", name=name)
    names, renamed = project_names(header)
    width = len(names)
    texts = [r[:width] + [""] * (width - len(r)) for r in records]
    return text_table(texts, names, rows, [], name, f"Excel (sheet '{shown(sheet.name)}')", renamed)


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
    ``geometry_problem``). The nesting is checked before the JSON is parsed, and the table's
    columns and cells are bounded as they are found."""
    text, encoding = decode(data)
    check_json_depth(data if encoding != "UTF-16" else text.encode("utf-8"), name)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise EventFileError.said("'{name}' is not valid JSON: {error}", name=name, error=shown(error)) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise EventFileError.said(
            "'{name}' is JSON but not a GeoJSON FeatureCollection (no \"features\" list)", name=name
        )
    headers: dict[str, None] = {}
    records, rows, broken = [], [], []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            text = shown(json.dumps(feature, default=str), 200)
            broken.append((number, text, why(N_("it is not a GeoJSON feature"))))
            continue
        record = _feature_record(feature)
        for key in record:
            headers.setdefault(key, None)
        _check_properties(len(headers), len(features), name)
        records.append(record)
        rows.append(number)
    columns = list(headers)
    return from_records(
        [[r.get(c) for c in columns] for r in records], columns, rows, name, "GeoJSON", unit="feature", broken=broken
    )


def _check_properties(columns: int, features: int, name: str) -> None:
    """The table GeoJSON features make has a column for every property any of them has."""
    if columns > settings.MAX_FILE_COLUMNS:
        raise EventFileError.said(
            "'{name}' has features with more than {most} different properties; up to {most} can be read",
            name=name,
            most=Count(settings.MAX_FILE_COLUMNS),
        )
    if columns * features > settings.MAX_FILE_CELLS:
        raise EventFileError.said(
            "'{name}' has {features} features with {columns} different properties, {cells} "
            "values; up to {most} can be read",
            name=name,
            features=Count(features),
            columns=Count(columns),
            cells=Count(columns * features),
            most=Count(settings.MAX_FILE_CELLS),
        )


def _feature_record(feature: dict) -> dict:
    """A feature's properties, and its point's coordinates or what its geometry is instead."""
    properties = feature.get("properties") or {}
    record = {str(k): v for k, v in properties.items()} if isinstance(properties, dict) else {}
    geometry = feature.get("geometry") or {}
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates") or []
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            record["longitude"], record["latitude"] = coordinates[0], coordinates[1]
        else:
            record["geometry_problem"] = EMPTY_GEOMETRY
    elif geometry:
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        record["geometry_problem"] = str(kind)  # the kind of a geometry that is not a point
    return record


READERS = {
    ".csv": read_text,
    ".txt": read_text,
    ".tsv": read_text,
    ".xlsx": read_excel,
    ".xlsm": read_excel,
    ".geojson": read_geojson,
    ".json": read_geojson,
    ".parquet": read_parquet,
    ".geoparquet": read_parquet,
}

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
        return EventFileError.said(
            "'{name}' is a password-protected workbook: save it without a password and open it again", name=name
        )
    if any(stream.encode("utf-16-le") in data for stream in ("Workbook", "Book")):
        return EventFileError.said(
            "'{name}' is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV and open it again", name=name
        )
    return EventFileError.said(
        "'{name}' is an old Microsoft Office document, not a table: save the events as .xlsx or CSV", name=name
    )


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
        raise EventFileError.said(
            "cannot read '{name}': {error}", name=name, error=shown(error.strerror or error)
        ) from None
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
        raise EventFileError.said(
            "'{name}' is not a regular file (it is a pipe, a device or a socket): save "
            "the events to a file and open that",
            name=where,
        )
    if status.st_size > limit:
        raise _too_large(name, status.st_size, limit, max_bytes)


def _too_large(name: str, size: int, limit: int, max_bytes: int | None) -> EventFileError:
    sizes = {"name": name, "size": size_words(size), "most": size_words(limit)}
    if max_bytes is None:
        return EventFileError.said("'{name}' is {size}; files up to {most} can be read", **sizes)
    return EventFileError.said(
        "'{name}' is {size}; files up to {most} can be opened here (the command line reads files up to {cli})",
        cli=size_words(settings.MAX_FILE_MB << 20),
        **sizes,
    )


# Exceptions a reader's library may raise on a damaged or hostile file. Each one found is a bug to
# fix where it happens; read_data turns any left into an EventFileError so the user still gets one line.
_LIBRARY_ERRORS = (
    ValueError,
    OSError,
    EOFError,
    csv.Error,
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    pa.ArrowException,
)


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
        raise EventFileError.said(
            "'{name}' could not be read: {reason}", name=name, reason=shown(str(error) or type(error).__name__)
        ) from None
