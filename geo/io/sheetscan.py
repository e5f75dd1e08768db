"""How far the cells of a worksheet's XML reach, read without an XML parser.

:class:`SheetScan` reads a sheet piece by piece with whole-array operations (numpy over the
bytes), so a sheet of millions of cells costs no object per cell; :mod:`geo.io.workbook` uses it
to refuse a workbook whose first sheet asks the reader for more cells than it may build.
"""

import re

import numpy as np

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

    def _ends(self, buf: np.ndarray, at: np.ndarray, following: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
        if shared is None:  # called only when the workbook's shared texts were measured
            return
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


def shared_text_starts(window: bytes, offset: int, owned: int) -> np.ndarray:
    """Where the shared texts (<si> tags) start in ``window``, as places in the part (``window``
    starts at ``offset``), counting only those starting before ``owned``."""
    buf = np.frombuffer(window, dtype=np.uint8)
    padded = np.concatenate([buf, np.zeros(_REF + 2, dtype=np.uint8)])
    opens = np.flatnonzero(buf == 60)
    texts = opens[local_tags(padded, opens, np.flatnonzero(buf == 58), len(buf), b"si")[0]]
    return texts[texts < owned] + offset
