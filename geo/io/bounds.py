"""Bounds on a user's file, checked before a reader allocates what the file asks for.

A few kilobytes can ask for gigabytes: an Excel workbook whose one cell is XFD1048576 makes the
reader build a sheet of 17 billion cells; a compressed workbook can unpack to a thousand times its
size; a Parquet file's footer can declare billions of rows; a JSON document can nest deeper than
the parser's stack. Each check here reads only what it needs, stops as soon as a bound of
:mod:`geo.settings` ("Bounds on a user's file") is passed, and says which in the user's terms.
geo/io/reader.py calls them before handing a file to calamine, pyarrow or json.
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
from geo.io.rawtable import size_words
from geo.messages import shown

_PIECE = 16 << 20  # bytes of a part unpacked and scanned at a time
_SMALL_PART = 16 << 20  # the workbook's list of sheets and its relationships are read whole up to this


def _unpacked_limit() -> int:
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
    if unpacked > _unpacked_limit():
        raise EventFileError.said(
            "'{name}' unpacks to {size} (a Parquet file is compressed); up to {most} can be read",
            name=name,
            size=size_words(unpacked),
            most=size_words(_unpacked_limit()),
        )


def unpacked_too_large(name: str) -> EventFileError:
    """The error for a Parquet file whose columns, as read, pass :data:`settings.MAX_UNPACKED_MB`."""
    return EventFileError.said(
        "'{name}' unpacks to more than {most} (a Parquet file is compressed); up to {most} can be read",
        name=name,
        most=size_words(_unpacked_limit()),
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
    for at in range(0, len(data), _PIECE):
        buf = np.frombuffer(data, dtype=np.uint8, count=min(_PIECE, len(data) - at), offset=at)
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


# --- Excel workbooks ----------------------------------------------------------------------------


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
    if declared > _unpacked_limit():
        raise EventFileError.said(
            "'{name}' unpacks to {size} (a workbook is a compressed archive); up to {most} can be read",
            name=name,
            size=size_words(declared),
            most=size_words(_unpacked_limit()),
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
        if self.total > self.plausible and self.total <= _unpacked_limit():
            raise EventFileError.said(
                "'{name}' unpacks to more than {ratio} times its own size, which no real "
                "workbook does (a zip bomb?); it was not read",
                name=self.name,
                ratio=settings.MAX_UNPACK_RATIO,
            )
        if self.total > _unpacked_limit():
            raise EventFileError.said(
                "'{name}' unpacks to more than {most} (a workbook is a compressed archive); up to {most} can be read",
                name=self.name,
                most=size_words(_unpacked_limit()),
            )


def _unpack(data: bytes, part: zipfile.ZipInfo, unpacked: _Unpacked, name: str, piece: int = _PIECE) -> Iterator[bytes]:
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
            pending = inflate.unconsumed_tail
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
            starts.append(_texts_in(overlap + piece, seen - len(overlap), owned=len(overlap) + len(piece) - 64))
            seen += len(piece)
            overlap = (overlap + piece)[-64:]  # a tag cut by the piece's end is read with the next piece
            if sum(map(len, starts)) > settings.MAX_FILE_CELLS:
                raise EventFileError.said(
                    "'{name}' holds more than {most} shared texts; up to {most} can be read",
                    name=name,
                    most=Count(settings.MAX_FILE_CELLS),
                )
        starts.append(_texts_in(overlap, seen - len(overlap), owned=len(overlap)))
        found = np.diff(np.append(np.concatenate(starts), seen))
        lengths = np.maximum(
            np.pad(lengths, (0, max(0, len(found) - len(lengths)))),  # two parts of one name
            np.pad(found, (0, max(0, len(lengths) - len(found)))),
        )
    return lengths


def _texts_in(window: bytes, offset: int, owned: int) -> np.ndarray:
    """Where the shared texts (<si> tags) start in ``window``, as places in the part (``window``
    starts at ``offset``), counting only those starting before ``owned``."""
    buf = np.frombuffer(window, dtype=np.uint8)
    padded = np.concatenate([buf, np.zeros(_REF + 2, dtype=np.uint8)])
    opens = np.flatnonzero(buf == 60)
    texts = opens[local_tags(padded, opens, np.flatnonzero(buf == 58), len(buf), b"si")[0]]
    return texts[texts < owned] + offset


def _check_sheet(pieces: Iterator[bytes], name: str, shared: np.ndarray | None = None) -> None:
    scan = SheetScan(shared)
    for piece in pieces:
        scan.feed(piece)
        _check_extent(scan, name)
    scan.feed(b"", last=True)
    _check_extent(scan, name)


def _check_extent(scan: "SheetScan", name: str) -> None:
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
    if scan.shared_text > _unpacked_limit():
        raise EventFileError.said(
            "'{name}': its first sheet's cells repeat the workbook's shared texts into more "
            "than {most} of text; up to {most} can be read",
            name=name,
            most=size_words(_unpacked_limit()),
        )
    if scan.cells > settings.MAX_FILE_CELLS:
        raise EventFileError.said(
            "'{name}': its first sheet holds more than {most} cells; up to {most} can be read",
            name=name,
            most=Count(settings.MAX_FILE_CELLS),
        )


# Byte classes of a worksheet's XML, looked up for a whole piece at once.
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[9, 10, 13, 32]] = True
_ENDS_NAME = _SPACE.copy()
_ENDS_NAME[[47, 62]] = True  # "/" and ">"
_LETTER = np.zeros(256, dtype=bool)
_LETTER[65:91] = _LETTER[97:123] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[48:58] = True
_REF = 16  # bytes read past a reference's start (4 letters, 10 digits, the quote)
_DIGITS = 10  # digits of a row number read; rows stop at 1,048,576
_FAR = 10**9  # a column past XFD: beyond any bound
_LONGEST_TAG = 1 << 20  # a <c> or <row> tag longer than this is not what a spreadsheet writes
_CELL, _ROW, _ROW_END = 1, 2, 3  # tags that place cells: <c ...>, <row ...>, </row>
_PREFIX = 32  # bytes of a namespace prefix looked at ("x:" in <x:c>)


def _name_at(padded: np.ndarray, at: np.ndarray, local: bytes) -> np.ndarray:
    """Whether the name starting at each of ``at`` is ``local``: those bytes, then a space, "/" or ">"."""
    match = _ENDS_NAME[padded[at + len(local)]]
    for k, byte in enumerate(local):
        match &= padded[at + k] == byte
    return match


def local_tags(
    padded: np.ndarray, opens: np.ndarray, colons: np.ndarray, size: int, local: bytes, closing: bool = False
) -> tuple[np.ndarray, bool]:
    """Which of ``opens`` (places of "<" in a piece of XML, all of them or some; ``colons`` the
    places of ":") start a tag whose local name is ``local`` ("c" matches <c>, <x:c>;
    ``closing``: </c>, </x:c>), and whether some such tag has a namespace prefix longer than any
    spreadsheet writes (_PREFIX bytes)."""
    is_closing = padded[opens + 1] == 47
    start = opens + 1 + is_closing
    found = _name_at(padded, start, local) & (is_closing == closing)
    prefixed, too_long = _prefixed(padded, opens, colons, size, start, local)
    found[prefixed[is_closing[prefixed] == closing]] = True
    return found, too_long


def _prefixed(padded, opens, colons, size, start, local: bytes) -> tuple[np.ndarray, bool]:
    """The indices of ``opens`` whose tag is named ``prefix:local``, and whether a prefix is longer
    than _PREFIX bytes (then the name cannot be told: the caller counts the sheet unusual)."""
    hits = colons[_name_at(padded, colons + 1, local)]
    owner = np.searchsorted(opens, hits) - 1  # the "<" before the ":"
    hits, owner = hits[owner >= 0], owner[owner >= 0]
    named = np.ones(len(hits), dtype=bool)  # no space, "/" or ">" from the name's start to ":"
    for k in range(_PREFIX):
        at = start[owner] + k
        named &= ~((at < hits) & _ENDS_NAME[padded[np.minimum(at, size)]])
    return owner[named], bool((named & (hits - start[owner] > _PREFIX)).any())


class SheetScan:
    """How far the cells of a worksheet's XML reach, read piece by piece with whole-array
    operations (no XML parser, no object per cell): the last row and column holding a value,
    which is the area from A1 that the reader builds, and how many cells hold one.

    Cells are placed as calamine places them: a ``<c>`` element (any namespace prefix) is at its
    ``r`` reference, or, without one, in the current row at the column after the previous cell's;
    the current row is the last ``<row r=…>``, plus one for each ``</row>`` since (which also
    starts the columns again at A). A cell written as ``<c r="Z9" s="1"/>`` holds no value and
    only moves the column on. When unsure it counts more, never less (``<c></c>`` counts as a
    value). A sheet written in a way it does not follow (spaces around "=", a ">" inside an
    attribute, a reference that is not letters and digits) is marked ``unusual``.

    Examples
    --------
    >>> scan = SheetScan()
    >>> scan.feed(b'<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c><c r="Z9" s="1"/></row>', last=True)
    >>> scan.rows, scan.columns, scan.cells
    (2, 3, 2)
    """

    def __init__(self, shared: np.ndarray | None = None):
        self.rows = self.columns = self.cells = 0
        self.shared_text = 0  # bytes of shared texts its cells name (shared: each shared text's length)
        self.unusual = False
        self._shared = shared
        self._row = 1  # the current row at the end of what was read
        self._column = 1  # the column a cell without a reference would take there
        self._tail = b""

    def feed(self, piece: bytes, last: bool = False) -> None:
        """Scan the next ``piece`` of the sheet (``last``: the sheet ends)."""
        text = self._tail + piece if self._tail else piece
        cut = len(text) if last else max(text.rfind(b"<"), 0)  # a tag cut in two waits for its end
        self._tail = text[cut:]
        if len(self._tail) > _LONGEST_TAG:
            if re.match(rb"<(?:[^\s/>]*:)?(?:c|row)[\s/>]", self._tail):
                self.unusual = True
            self._tail = b""  # a long text inside a cell: nothing to count in it
        if cut:
            self._scan(np.frombuffer(text, dtype=np.uint8, count=cut))

    def _scan(self, buf: np.ndarray) -> None:
        padded = np.concatenate([buf, np.zeros(_REF + 2, dtype=np.uint8)])  # reads past the end find zeros
        opens = np.flatnonzero(buf == 60)  # "<"
        colons = np.flatnonzero(buf == 58)  # a namespace prefix ends at ":"
        kind_all = self._kinds(padded, opens, colons, len(buf))
        if self.unusual:
            return
        at, kind = opens[kind_all != 0], kind_all[kind_all != 0]
        if not len(at):
            return
        following = np.append(opens, len(buf))[np.flatnonzero(kind_all != 0) + 1]  # the next "<" after each
        end, closers = self._ends(buf, at, following)
        alone = (padded[np.maximum(end - 1, 0)] == 47) & (kind != _ROW_END)  # <c .../>, <row .../>
        row, column, has_ref, shared = self._references(padded, len(buf), at, kind, end)
        if self.unusual:
            return
        if self._shared is not None:
            after = following[shared & ~alone]  # where the tag after each cell of type "s" starts: its <v>
            self._count_shared(padded, after, local_tags(padded, after, colons, len(buf), b"v")[0], closers)
        # Sort keys: a tag at 2 × its place; a <row/>'s end just after its start.
        cells = kind == _CELL
        set_keys = 2 * at[(kind == _ROW) & has_ref]
        set_rows = row[(kind == _ROW) & has_ref]
        end_keys = np.sort(np.concatenate([2 * at[kind == _ROW_END], 2 * at[(kind == _ROW) & alone] + 1]))
        keys = np.append(2 * at[cells], np.iinfo(np.int64).max)  # and where the piece ends
        rows, columns = np.append(row[cells], 0), np.append(column[cells], 0)
        has_ref = np.append(has_ref[cells], False)
        query = np.flatnonzero(~has_ref)  # cells placed by those before them, and the piece's end
        rows[query], columns[query] = self._places(keys, set_keys, set_rows, end_keys, columns, has_ref, query)
        self._row, self._column = int(rows[-1]), int(columns[-1])
        valued = ~alone[cells]
        if valued.any():
            self.rows = max(self.rows, int(rows[:-1][valued].max()))
            self.columns = max(self.columns, int(columns[:-1][valued].max()))
            self.cells += int(valued.sum())

    def _kinds(self, padded: np.ndarray, opens: np.ndarray, colons: np.ndarray, size: int) -> np.ndarray:
        """For each "<": whether it opens a cell, opens a row or ends a row (else 0)."""
        is_closing = padded[opens + 1] == 47
        start = opens + 1 + is_closing
        cell, row = _name_at(padded, start, b"c"), _name_at(padded, start, b"row")
        for found, local in ((cell, b"c"), (row, b"row")):
            prefixed, too_long = _prefixed(padded, opens, colons, size, start, local)
            found[prefixed] = True
            self.unusual |= too_long
        return np.select([cell & ~is_closing, row & ~is_closing, row & is_closing], [_CELL, _ROW, _ROW_END], 0)

    def _ends(self, buf: np.ndarray, at: np.ndarray, following: np.ndarray) -> np.ndarray:
        """Where each tag ends: its first ">", which must come before the next "<" and be the only
        ">" until then (a ">" inside a value, or text after the tag, is not what a spreadsheet
        writes: unusual)."""
        closers = np.append(np.flatnonzero(buf == 62), [len(buf), len(buf)])
        found = np.searchsorted(closers, at)
        end = closers[found]
        if ((end >= following) | (closers[found + 1] < following)).any():
            self.unusual = True
        return end, closers

    def _count_shared(self, padded: np.ndarray, after: np.ndarray, is_value: np.ndarray, closers: np.ndarray):
        """Add the lengths of the shared texts that cells of type "s" name: the number in the <v>
        right after each (``after``: where the tag after each starts; ``is_value``: whether it is
        a <v>). A number that cannot be read counts as the longest shared text."""
        start = closers[np.searchsorted(closers, after)] + 1  # after the ">" of <v>
        digits, index = self._number(padded, start, _DIGIT, 10, _DIGITS)
        readable = is_value & (digits >= 1) & (padded[np.minimum(start + digits, len(padded) - 1)] == 60)
        shared = self._shared
        known = readable & (index < len(shared))
        longest = int(shared.max()) if len(shared) else 0
        self.shared_text += int(shared[index[known]].sum()) + longest * int((~readable).sum())

    def _references(self, padded: np.ndarray, size: int, at: np.ndarray, kind: np.ndarray, end: np.ndarray):
        """The row and column each tag's ``r`` attribute names, and whether it has one."""
        equals = np.flatnonzero(padded[:size] == 61)  # "="
        self._check_attributes(padded, size, at, kind, end, equals)
        typed = equals
        equals = equals[(padded[equals - 1] == 114) & _SPACE[padded[equals - 2]] & (padded[equals + 1] == 34)]
        owner = np.searchsorted(at, equals, side="right") - 1
        mine = owner >= 0
        mine[mine] = (kind[owner[mine]] != _ROW_END) & (equals[mine] < end[owner[mine]])
        start, owner = equals[mine] + 2, owner[mine]  # where each reference starts
        letters, column = self._number(padded, start, _LETTER, 26, 4)  # "XFD": 3 letters; a 4th is past any bound
        digits, row = self._number(padded, start + letters, _DIGIT, 10, _DIGITS)
        closed = padded[start + letters + digits] == 34
        if not (closed & (digits >= 1) & np.where(kind[owner] == _ROW, letters == 0, letters >= 1)).all():
            self.unusual = True  # not letters then digits: calamine would refuse or misread it
        column[letters > 3] = _FAR
        count = len(at)
        rows, columns, has_ref = np.zeros(count, dtype=np.int64), np.zeros(count, dtype=np.int64), np.zeros(count, bool)
        if len(owner) > 1 and (np.diff(owner) == 0).any():
            self.unusual = True  # two r attributes in one tag
        rows[owner], columns[owner], has_ref[owner] = row, column, True
        return rows, columns, has_ref, self._of_type_shared(padded, at, kind, end, typed)

    @staticmethod
    def _of_type_shared(padded: np.ndarray, at: np.ndarray, kind: np.ndarray, end: np.ndarray, equals: np.ndarray):
        """Which tags are cells of type "s" (t="s"): their value names a shared text."""
        typed = equals[
            (padded[equals - 1] == 116)
            & _SPACE[padded[equals - 2]]
            & (padded[equals + 1] == 34)
            & (padded[equals + 2] == 115)
            & (padded[equals + 3] == 34)
        ]
        owner = np.searchsorted(at, typed, side="right") - 1
        mine = owner >= 0
        mine[mine] = (kind[owner[mine]] == _CELL) & (typed[mine] < end[owner[mine]])
        shared = np.zeros(len(at), dtype=bool)
        shared[owner[mine]] = True
        return shared

    @staticmethod
    def _number(padded: np.ndarray, start: np.ndarray, allowed: np.ndarray, base: int, most: int):
        """How many bytes of ``allowed`` follow each ``start`` (up to ``most``), and their value in
        ``base``: letters A=1 … Z=26 (either case), digits 0 … 9."""
        count = np.zeros(len(start), dtype=np.int64)
        value = np.zeros(len(start), dtype=np.int64)
        going = np.ones(len(start), dtype=bool)  # the numbers still being read
        for k in range(most):
            byte = padded[start + k]
            going &= allowed[byte]
            if not going.any():
                break
            byte = byte.astype(np.int64)
            value = np.where(going, value * base + ((byte & 0xDF) - 64 if base == 26 else byte - 48), value)
            count += going
        return count, value

    def _check_attributes(self, padded, size, at, kind, end, equals) -> None:
        """Mark the sheet unusual when a cell or row tag is not written as spreadsheets write it:
        name="value", no space around "=", no single quote."""
        tags = kind != _ROW_END
        odd = equals[_SPACE[padded[equals - 1]] | (padded[equals + 1] != 34)]
        owner = np.searchsorted(at, odd, side="right") - 1
        inside = owner >= 0
        inside[inside] = tags[owner[inside]] & (odd[inside] < end[owner[inside]])
        singles = np.flatnonzero(padded[:size] == 39)
        single = np.searchsorted(singles, end) > np.searchsorted(singles, at)
        if inside.any() or (tags & single).any():
            self.unusual = True

    def _places(self, keys, set_keys, set_rows, end_keys, column, has_ref, query):
        """The row and column of the cells ``query`` (indices into ``keys``) that have no reference
        of their own: the current row, and the column after the previous cell's in it."""
        at = keys[query]
        last_set = np.searchsorted(set_keys, at) - 1
        base = np.where(last_set >= 0, set_rows[np.maximum(last_set, 0)] if len(set_rows) else 0, self._row)
        since = np.where(last_set >= 0, set_keys[np.maximum(last_set, 0)] if len(set_keys) else -1, -1)
        ends_before = np.searchsorted(end_keys, at)
        current_row = base + ends_before - np.searchsorted(end_keys, since, side="right")
        last_ref = np.maximum.accumulate(np.where(has_ref, np.arange(len(keys)), -1))[query]
        ref_key = np.where(last_ref >= 0, keys[np.maximum(last_ref, 0)], -1)
        end_key = np.where(ends_before > 0, end_keys[np.maximum(ends_before - 1, 0)] if len(end_keys) else -1, -1)
        after_end = query - np.searchsorted(keys, end_key, side="right")  # cells since that </row>
        current_column = np.select(
            [(last_ref >= 0) & (ref_key > end_key), ends_before > 0],
            [column[np.maximum(last_ref, 0)] + query - last_ref, 1 + after_end],
            self._column + query,
        )
        return current_row, current_column
