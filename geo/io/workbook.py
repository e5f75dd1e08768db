"""Bounds on an Excel ``.xlsx`` workbook, checked before calamine opens it.

A workbook is a zip archive: a few kilobytes can unpack to gigabytes (its parts' declared sizes
can lie), and one cell written as XFD1048576 makes the reader build a sheet of 17 billion cells.
:func:`check_workbook` unpacks every part counting the bytes (never keeping them), then scans the
first sheet with :class:`geo.io.sheetscan.SheetScan` for how far its cells reach.
"""

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

import numpy as np

from geo import settings
from geo.errors import Count, EventFileError
from geo.io.bounds import PIECE, column_letters, unpacked_limit
from geo.io.rawtable import size_words
from geo.io.sheetscan import SheetScan, shared_text_starts
from geo.messages import shown

_SMALL_PART = 16 << 20  # the workbook's list of sheets and its relationships are read whole up to this


def check_workbook(data: bytes, name: str) -> None:
    """Refuse an Excel ``.xlsx`` workbook the reader should not open: one that unpacks to more than
    :data:`settings.MAX_UNPACKED_MB` (the parts' declared sizes, then the bytes actually unpacked:
    a part's header can lie), or whose first sheet, counted from A1 as the reader builds it, holds
    more than :data:`settings.MAX_FILE_CELLS` cells or :data:`settings.MAX_FILE_COLUMNS` columns.
    A zip archive that is not an ``.xlsx`` workbook (an ``.ods`` or ``.xlsb`` file) is refused too.

    Raises
    ------
    EventFileError
        Saying which bound the workbook passes, e.g. "'book.xlsx': its first sheet reaches cell
        XFD1048576, 17,179,869,184 cells; up to 40,000,000 can be read".
    """
    _check_part_count(data, name)
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as error:
        raise EventFileError.said(
            "'{name}' is not a readable Excel workbook: {error}", name=name, error=shown(error)
        ) from None
    _check_kind_of_archive(data, parts, name)
    declared = sum(part.file_size for part in parts)
    if declared > unpacked_limit():
        raise EventFileError.said(
            "'{name}' unpacks to {size} (a workbook is a compressed archive); up to {most} can be read",
            name=name,
            size=size_words(declared),
            most=size_words(unpacked_limit()),
        )
    unpacked = _Unpacked(name, len(data))
    for part in parts:  # unpacked and counted, not kept: a gigabyte a second
        for _ in _unpack(data, part, unpacked, name):
            pass
    counted = _Unpacked(name, len(data))  # the same bytes again: within the bound now
    sheets = _first_sheet_parts(data, parts, counted)
    shared = _shared_lengths(data, parts, counted, name)
    for part in parts:
        if part.filename in sheets:
            _check_sheet(_unpack(data, part, counted, name), name, shared)


def _check_part_count(data: bytes, name: str) -> None:
    """Refuse an archive of more parts than a workbook has, from its end record, before the zip
    module makes an object for each."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return  # not a zip archive's end: zipfile says so
    count = struct.unpack_from("<H", data, end + 10)[0]
    if count > settings.MAX_WORKBOOK_PARTS or count == 0xFFFF:
        raise EventFileError.said(
            "'{name}' is an archive of more than {most} parts, not an Excel workbook",
            name=name,
            most=Count(settings.MAX_WORKBOOK_PARTS),
        )


def _check_kind_of_archive(data: bytes, parts: list[zipfile.ZipInfo], name: str) -> None:
    names = {part.filename for part in parts}
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise EventFileError.said(
            "'{name}' is an Excel binary workbook (.xlsb): save it as .xlsx or CSV and open it again", name=name
        )
    if "content.xml" in names and b"opendocument.spreadsheet" in data[:200]:
        raise EventFileError.said(
            "'{name}' is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV and open it again", name=name
        )
    raise EventFileError.said(
        "'{name}' is a zip archive, not an Excel workbook: open the events file it holds", name=name
    )


class _Unpacked:
    """The bytes unpacked from a workbook of ``packed`` bytes so far, all parts together, refused
    past the bound, or past :data:`settings.MAX_UNPACK_RATIO` times its size (a zip bomb)."""

    def __init__(self, name: str, packed: int):
        self.name, self.total = name, 0
        self.plausible = max(settings.MIN_BOMB_MB << 20, settings.MAX_UNPACK_RATIO * packed)

    def add(self, size: int) -> None:
        self.total += size
        if self.total > self.plausible and self.total <= unpacked_limit():
            raise EventFileError.said(
                "'{name}' unpacks to more than {ratio} times its own size, which no real "
                "workbook does (a zip bomb?); it was not read",
                name=self.name,
                ratio=settings.MAX_UNPACK_RATIO,
            )
        if self.total > unpacked_limit():
            raise EventFileError.said(
                "'{name}' unpacks to more than {most} (a workbook is a compressed archive); up to {most} can be read",
                name=self.name,
                most=size_words(unpacked_limit()),
            )


def _unpack(data: bytes, part: zipfile.ZipInfo, unpacked: _Unpacked, name: str, piece: int = PIECE) -> Iterator[bytes]:
    """The unpacked bytes of ``part``, ``piece`` bytes at a time, each counted in ``unpacked``
    before it is handed on: the sizes the archive declares are not trusted."""
    start = part.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise EventFileError.said(
            "'{name}' is not a readable Excel workbook: {error}",
            name=name,
            error=shown(f"part {part.filename} is not where the archive says"),
        )
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    start += 30 + name_length + extra_length
    packed = memoryview(data)[start : start + part.compress_size]
    if part.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(packed), piece):
            unpacked.add(len(packed[at : at + piece]))
            yield bytes(packed[at : at + piece])
        return
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise EventFileError.said(
            "'{name}' is packed in a way Excel does not use (method {method}): save it again from Excel",
            name=name,
            method=str(part.compress_type),
        )
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    for at in range(0, len(packed), 1 << 20):
        pending = packed[at : at + (1 << 20)]
        while pending:
            out = inflate.decompress(pending, piece)  # never more than a piece at once
            pending = memoryview(inflate.unconsumed_tail)
            unpacked.add(len(out))
            if out:
                yield out
        if inflate.eof:
            return


def _small_parts(data: bytes, parts: list[zipfile.ZipInfo], path: str, unpacked: _Unpacked) -> list[str]:
    """The text of each part named ``path`` (an archive may hold two of one name), as XML is read:
    comments, character data sections and processing instructions left out. A part over
    _SMALL_PART is left out too (the caller then scans every sheet)."""
    texts = []
    for part in (p for p in parts if p.filename == path):
        out = bytearray()
        for chunk in _unpack(data, part, unpacked, unpacked.name, 1 << 20):
            out += chunk
            if len(out) > _SMALL_PART:
                break
        else:
            texts.append(_NOT_MARKUP.sub("", out.decode("utf-8", "replace")))
    return texts


_NOT_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_SHEET_TAG = re.compile(r"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""\s([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(tag: str) -> dict[str, str]:
    """A tag's attributes by local name (``r:id`` is ``id``), entities read."""
    return {key.split(":")[-1]: html.unescape(double or single) for key, double, single in _ATTRIBUTE.findall(tag)}


def _first_sheet_parts(data: bytes, parts: list[zipfile.ZipInfo], unpacked: _Unpacked) -> set[str]:
    """The part holding the workbook's first sheet, as calamine finds it: the first ``<sheet>`` of
    xl/workbook.xml, through the relationship its id names. Where that cannot be told for sure,
    every XML part, so that no sheet goes unscanned."""
    names = {p.filename for p in parts}
    ids = set()
    for text in _small_parts(data, parts, "xl/workbook.xml", unpacked):
        sheet = _SHEET_TAG.search(text)
        ids |= {v for k, v in _attributes(sheet.group(1)).items() if k == "id"} if sheet else set()
    targets = set()
    for text in _small_parts(data, parts, "xl/_rels/workbook.xml.rels", unpacked):
        for tag in _RELATIONSHIP.finditer(text):
            attributes = _attributes(tag.group(1))
            if attributes.get("Id") in ids and "Target" in attributes:
                target = attributes["Target"]
                targets.add(
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                )
    if targets and targets <= names:
        return targets
    return {n for n in names if n.lower().endswith(".xml")}


def _shared_lengths(data: bytes, parts: list[zipfile.ZipInfo], unpacked: _Unpacked, name: str) -> np.ndarray:
    """The length in bytes of each of the workbook's shared texts (xl/sharedStrings.xml, where
    calamine reads them), markup included: more than the text a cell naming it gets, never less.
    A cell of type "s" holds a copy of the text it names, so a short list of long texts named by
    many cells is a bomb of its own."""
    lengths = np.zeros(0, dtype=np.int64)
    for part in (p for p in parts if p.filename == "xl/sharedStrings.xml"):
        starts, seen, overlap = [], 0, b""
        for piece in _unpack(data, part, unpacked, name):
            owned = len(overlap) + len(piece) - 64
            starts.append(shared_text_starts(overlap + piece, seen - len(overlap), owned=owned))
            seen += len(piece)
            overlap = (overlap + piece)[-64:]  # a tag cut by the piece's end is read with the next piece
            if sum(map(len, starts)) > settings.MAX_FILE_CELLS:
                raise EventFileError.said(
                    "'{name}' holds more than {most} shared texts; up to {most} can be read",
                    name=name,
                    most=Count(settings.MAX_FILE_CELLS),
                )
        starts.append(shared_text_starts(overlap, seen - len(overlap), owned=len(overlap)))
        found = np.diff(np.append(np.concatenate(starts), seen))
        lengths = np.maximum(
            np.pad(lengths, (0, max(0, len(found) - len(lengths)))),  # two parts of one name
            np.pad(found, (0, max(0, len(lengths) - len(found)))),
        )
    return lengths


def _check_sheet(pieces: Iterator[bytes], name: str, shared: np.ndarray | None = None) -> None:
    scan = SheetScan(shared)
    for piece in pieces:
        scan.feed(piece)
        _check_extent(scan, name)
    scan.feed(b"", last=True)
    _check_extent(scan, name)


def _check_extent(scan: SheetScan, name: str) -> None:
    if scan.unusual:
        raise EventFileError.said(
            "'{name}': its first sheet is written in a way this reader does not check; save "
            "it again from Excel and open it again",
            name=name,
        )
    if scan.rows * scan.columns > settings.MAX_FILE_CELLS:
        raise EventFileError.said(
            "'{name}': its first sheet reaches cell {cell}, {cells} cells; up to {most} can be read",
            name=name,
            cell=f"{column_letters(scan.columns)}{scan.rows}",
            cells=Count(scan.rows * scan.columns),
            most=Count(settings.MAX_FILE_CELLS),
        )
    if scan.columns > settings.MAX_FILE_COLUMNS:
        raise EventFileError.said(
            "'{name}': its first sheet reaches column {column}, {columns} columns; up to {most} can be read",
            name=name,
            column=column_letters(min(scan.columns, 10**6)),
            columns=Count(scan.columns),
            most=Count(settings.MAX_FILE_COLUMNS),
        )
    if scan.shared_text > unpacked_limit():
        raise EventFileError.said(
            "'{name}': its first sheet's cells repeat the workbook's shared texts into more "
            "than {most} of text; up to {most} can be read",
            name=name,
            most=size_words(unpacked_limit()),
        )
    if scan.cells > settings.MAX_FILE_CELLS:
        raise EventFileError.said(
            "'{name}': its first sheet holds more than {most} cells; up to {most} can be read",
            name=name,
            most=Count(settings.MAX_FILE_CELLS),
        )
