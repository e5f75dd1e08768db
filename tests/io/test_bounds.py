"""A user's file is bounded before a reader allocates what it asks for, and whatever is wrong with
it is one EventFileError (geo.io.bounds, geo.io.reader, geo.io.delimited, geo.io.parquet). Every file here is
made by the test; the bounds are made small where a file at the real bound would be slow to make."""

import datetime
import decimal
import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import geo.io.reader
from geo import settings
from geo.errors import EventFileError
from geo.io.bounds import column_letters, json_depth
from geo.io.events import report_lines
from geo.io.reader import read_data, read_table
from geo.io.sheetscan import SheetScan
from geo.messages import safe_name, shown
from geo.place.locate import validate_events
from tests.conftest import ROOT

HEADER = "event_date,event_type,fatalities,latitude,longitude,notes\n"
ROW = "2023-01-09,Protests,1,-15.5,-70.13,ok\n"


def refusal(data: bytes, name: str) -> EventFileError:
    with pytest.raises(EventFileError) as error:
        read_data(data, name)
    return error.value


# --- Workbooks -----------------------------------------------------------------------------------


def _base_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "event_date"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(sheet: bytes, base: bytes | None = None) -> bytes:
    """An openpyxl workbook whose first sheet's XML is ``sheet``."""
    source = zipfile.ZipFile(io.BytesIO(base or _base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else source.read(name))
    return out.getvalue()


def sheet_xml(rows: str, prefix: str = "") -> bytes:
    space = f"xmlns{':' + prefix[:-1] if prefix else ''}"
    return (
        f'<{prefix}worksheet {space}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>"
    ).encode()


def test_a_workbook_whose_one_cell_is_the_last_is_refused_before_calamine_builds_the_sheet():
    book = openpyxl.Workbook()
    book.active["XFD1048576"] = "x"
    data = io.BytesIO()
    book.save(data)
    error = refusal(data.getvalue(), "book.xlsx")
    assert str(error) == (
        "'book.xlsx': its first sheet reaches cell XFD1048576, 17,179,869,184 cells; up to 40,000,000 can be read"
    )
    assert error.told("es") == (
        "«book.xlsx»: su primera hoja llega hasta la celda XFD1048576, 17.179.869.184 celdas; se leen hasta 40.000.000"
    )


def test_a_column_past_the_bound_is_refused_by_name():
    data = workbook(sheet_xml('<row r="1"><c r="ALM1" t="inlineStr"><is><t>x</t></is></c></row>'))
    assert str(refusal(data, "wide.xlsx")) == (
        "'wide.xlsx': its first sheet reaches column ALM, 1,001 columns; up to 1,000 can be read"
    )


def test_a_formatted_empty_cell_far_away_is_not_counted():
    """Excel writes <c r=".." s="1"/> for a cell that only has a format; calamine skips it, and so
    does the scan, so the workbook is read."""
    data = workbook(
        sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>event_date</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>2023-01-09</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
        )
    )
    raw = read_data(data, "styled.xlsx")
    assert raw.frame["event_date"].tolist() == ["2023-01-09"] and raw.rows.tolist() == [2]


def test_many_copies_of_one_cell_count_as_many_cells(monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_CELLS", 100)
    data = workbook(sheet_xml('<row r="1">' + '<c r="A1"><v>1</v></c>' * 101 + "</row>"))
    assert str(refusal(data, "same.xlsx")) == (
        "'same.xlsx': its first sheet holds more than 100 cells; up to 100 can be read"
    )


@pytest.mark.parametrize(
    "cell",
    [
        '<c r = "XFD9"><v>1</v></c>',
        "<c r='XFD9'><v>1</v></c>",
        '<c r="&#88;FD9"><v>1</v></c>',
        '<c a="x>" r="XFD9"><v>1</v></c>',
    ],
)
def test_a_sheet_written_as_no_spreadsheet_writes_it_is_refused(cell):
    """Spaces around "=", single quotes, a character reference or a ">" inside a value are XML that
    would let a far reference past a plain scan."""
    error = refusal(workbook(sheet_xml(f'<row r="1">{cell}</row>')), "odd.xlsx")
    assert str(error) == (
        "'odd.xlsx': its first sheet is written in a way this reader does not check; save it "
        "again from Excel and open it again"
    )


def test_the_first_sheet_is_found_where_calamine_finds_it(monkeypatch):
    """A sheet kept at a path of its own, named by the first <sheet>'s r:id, behind a commented-out
    <sheet> and a decoy id: calamine reads it as the first sheet (Z30 here), so the scan does."""
    book = openpyxl.Workbook()
    book.active["A1"] = "event_date"
    book.create_sheet("Otra")["A1"] = "x"
    base = io.BytesIO()
    book.save(base)
    source = zipfile.ZipFile(base)
    listed = (
        source.read("xl/workbook.xml")
        .decode()
        .replace(
            '<sheets><sheet name="Sheet" sheetId="1" state="visible" r:id="rId1" />',
            '<sheets><!-- <sheet name="x" r:id="rId2"/> --><sheet name="Sheet" sheetId="1" id="rId2" r:id="rId9" />',
        )
    )
    relations = (
        source.read("xl/_rels/workbook.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="data/evil.xml" Id="rId9" /></Relationships>',
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(
                name, {"xl/workbook.xml": listed, "xl/_rels/workbook.xml.rels": relations}.get(name, source.read(name))
            )
        archive.writestr("xl/data/evil.xml", sheet_xml('<row r="30"><c r="Z30"><v>1</v></c></row>'))
    assert CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).end == (29, 25)
    monkeypatch.setattr(settings, "MAX_FILE_CELLS", 100)
    assert str(refusal(out.getvalue(), "decoy.xlsx")) == (
        "'decoy.xlsx': its first sheet reaches cell Z30, 780 cells; up to 100 can be read"
    )


SHARED = np.array([3, 50, 7], dtype=np.int64)  # lengths of a workbook's shared texts, for the scan


def _random_sheet(rng: random.Random) -> tuple[str, int]:
    """Rows and cells of every kind, and the length of the shared texts its valued cells name."""
    parts, row, shared = [], 0, 0
    for _ in range(rng.randint(0, 6)):
        row += rng.randint(1, 4)
        numbered = rng.random() < 0.7
        if rng.random() < 0.15:
            parts.append(f'<x:row r="{row}"/>' if numbered else "<x:row/>")
            continue
        parts.append(f'<x:row r="{row}" spans="1:3">' if numbered else "<x:row>")
        column = 0
        for _ in range(rng.randint(0, 5)):
            column += rng.randint(1, 3)
            at = rng.choice([row, row, rng.randint(1, 9)])  # a cell's reference may name another row
            ref = f' r="{column_letters(column)}{at}"' if rng.random() < 0.6 else ""
            text = rng.randrange(len(SHARED))
            cell = rng.choice(
                [
                    f'<x:c{ref} s="0"><x:v>{column}</x:v></x:c>',
                    f'<x:c{ref} s="0"/>',
                    f'<x:c{ref} t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>',
                    f'<x:c{ref} t="s"><x:v>{text}</x:v></x:c>',
                    f'<x:c{ref} t="s" s="1"/>',
                ]
            )
            shared += int(SHARED[text]) if 't="s"><' in cell else 0
            parts.append(cell)
        parts.append("</x:row>")
    return "".join(parts), shared


def test_the_scan_places_cells_as_calamine_does():
    """Against calamine itself on 100 random sheets (rows and cells with and without references,
    formatted empty cells, self-closing rows, shared texts, a namespace prefix), read whole and in
    pieces of a few bytes: the scan finds the very area calamine builds from A1, and the length of
    the shared texts the cells name."""
    rng = random.Random(22)
    source = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    base = io.BytesIO()
    with zipfile.ZipFile(base, "w") as archive:  # with the shared texts the cells of type "s" name
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>',
        )
    base = base.getvalue()
    for _ in range(100):
        rows, shared = _random_sheet(rng)
        xml = sheet_xml(rows, prefix="x:")
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(workbook(xml, base))).get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
        expected = (len(values), max(map(len, values))) if sheet.start else (0, 0)
        size = rng.randint(1, 30)
        for pieces in ([xml], [xml[i : i + size] for i in range(0, len(xml), size)]):
            scan = SheetScan(SHARED)
            for piece in pieces:
                scan.feed(piece)
            scan.feed(b"", last=True)
            assert (scan.rows, scan.columns) == expected, xml
            assert not scan.unusual
            # Exact when read whole; in pieces, a cell whose <v> the piece cuts off counts as the longest text.
            assert scan.shared_text == shared if len(pieces) == 1 else scan.shared_text >= shared


def _deflated(data: bytes, final: bool = True) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def zip_bomb(unpacked_mb: int, declared: int | None = None) -> bytes:
    """An .xlsx whose sheet unpacks to ``unpacked_mb`` MB of rows and spaces: one megabyte packed
    once (a full flush makes the block stand alone) and the block repeated, in a zip archive made
    by hand. ``declared``: the size its headers claim instead."""
    source = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    parts = []
    for name in source.namelist():
        content = source.read(name)
        if name != "xl/worksheets/sheet1.xml":
            parts.append((name, _deflated(content), zlib.crc32(content), len(content)))
            continue
        head, tail = content.split(b"</sheetData>")
        chunk = b'<row><c t="inlineStr"><is><t>2023-01-09</t></is></c></row>' * 20
        chunk += b" " * ((1 << 20) - len(chunk))
        packed = _deflated(head, False) + _deflated(chunk, False) * unpacked_mb + _deflated(b"</sheetData>" + tail)
        size = len(head) + unpacked_mb * len(chunk) + len(tail) + 12
        parts.append((name, packed, 0, size if declared is None else declared))  # no CRC: refused before it counts
    out, central = io.BytesIO(), []
    for name, packed, crc, size in parts:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0))
        out.write(encoded + packed)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), out.tell() - start, start, 0))
    return out.getvalue()


def shared_text_workbook(cells: int, length: int) -> bytes:
    """A workbook whose one shared text, ``length`` bytes long, is named by ``cells`` cells under
    a header: small packed, ``cells`` × ``length`` once each cell has its copy."""
    source = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    out = io.BytesIO()
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>notes</t></is></c></row>' + "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, cells + 2)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, sheet_xml(rows) if name == "xl/worksheets/sheet1.xml" else source.read(name))
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main"><si><t>{"a" * length}</t></si></sst>',
        )  # where calamine looks, whatever the links say
    return out.getvalue()


def test_cells_repeating_a_long_shared_text_are_refused(monkeypatch):
    """calamine gives every cell its own copy of the text it names: a 31 KB workbook of 5,000
    cells naming one 1 MB text asked for 5 GB."""
    monkeypatch.setattr(settings, "MAX_UNPACKED_MB", 1)
    raw = read_data(shared_text_workbook(4, 100_000), "few.xlsx")  # 400 KB once copied: read
    assert raw.frame["notes"].str.len().tolist() == [100_000] * 4 and len(raw.broken) == 0
    data = shared_text_workbook(20, 100_000)
    assert len(data) < 10_000
    assert str(refusal(data, "many.xlsx")) == (
        "'many.xlsx': its first sheet's cells repeat the workbook's shared "
        "texts into more than 1024 KB of text; up to 1024 KB can be read"
    )


def test_a_zip_bomb_is_refused_by_its_declared_size(monkeypatch):
    monkeypatch.setattr(settings, "MAX_UNPACKED_MB", 4)
    error = refusal(zip_bomb(6), "bomb.xlsx")
    assert str(error) == (
        "'bomb.xlsx' unpacks to 6161 KB (a workbook is a compressed archive); up to 4096 KB can be read"
    )
    assert error.told("es") == (
        "«bomb.xlsx» ocupa 6161 KB al descomprimirse (un libro de Excel es un archivo "
        "comprimido); se leen hasta 4096 KB"
    )


def test_a_zip_bomb_whose_headers_lie_is_refused_while_unpacking(monkeypatch):
    monkeypatch.setattr(settings, "MAX_UNPACKED_MB", 4)
    data = zip_bomb(6, declared=1000)
    assert sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist()) < 20_000  # what it claims
    assert str(refusal(data, "liar.xlsx")) == (
        "'liar.xlsx' unpacks to more than 4096 KB (a workbook is a compressed archive); up to 4096 KB can be read"
    )


def test_a_zip_bomb_within_the_size_bound_is_refused_by_how_much_it_unpacks():
    """100 MB from a few hundred KB passes the 1 GB bound but no workbook packs that well."""
    data = zip_bomb(100)
    assert len(data) * settings.MAX_UNPACK_RATIO < (100 << 20) < settings.MAX_UNPACKED_MB << 20
    error = refusal(data, "bomba.xlsx")
    assert str(error) == (
        "'bomba.xlsx' unpacks to more than 50 times its own size, which no real workbook does "
        "(a zip bomb?); it was not read"
    )
    assert error.told("es").startswith("«bomba.xlsx» se descomprime a más de 50 veces su tamaño")


def test_archives_that_are_not_workbooks_are_named(monkeypatch):
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert str(refusal(ods.getvalue(), "hoja.ods")) == (
        "'hoja.ods' is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV and open it again"
    )
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("events.csv", HEADER + ROW)
    assert str(refusal(other.getvalue(), "events.zip")) == (
        "'events.zip' is a zip archive, not an Excel workbook: open the events file it holds"
    )
    monkeypatch.setattr(settings, "MAX_WORKBOOK_PARTS", 5)
    assert str(refusal(_base_workbook(), "parts.xlsx")) == (
        "'parts.xlsx' is an archive of more than 5 parts, not an Excel workbook"
    )


def test_password_protected_and_old_workbooks_say_what_to_do():
    ole2 = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    locked = ole2 + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    error = refusal(locked, "x.xlsx")
    assert str(error) == "'x.xlsx' is a password-protected workbook: save it without a password and open it again"
    assert error.told("es") == (
        "«x.xlsx» es un libro protegido con contraseña: guárdelo sin contraseña y ábralo de nuevo"
    )
    old = ole2 + "Workbook".encode("utf-16-le") + bytes(64)
    assert str(refusal(old, "viejo.xls")) == (
        "'viejo.xls' is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV and open it again"
    )


# --- Parquet -------------------------------------------------------------------------------------


def parquet(table: pa.Table, row_group_size: int | None = None) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out, row_group_size=row_group_size)
    return out.getvalue()


EVENTS = {"event_date": ["2023-01-09", "2023-01-10"], "event_type": ["Protests"] * 2, "fatalities": ["1", "0"]}


def test_a_parquet_footer_is_checked_before_any_column_is_read(monkeypatch):
    data = parquet(pa.table({"a": list(range(100)), "b": [1.5] * 100, "c": ["x" * 100] * 100}))
    monkeypatch.setattr(settings, "MAX_FILE_CELLS", 200)
    assert str(refusal(data, "t.parquet")) == (
        "'t.parquet' has 100 rows of 3 columns, 300 cells; up to 200 can be read"
    )
    monkeypatch.setattr(settings, "MAX_FILE_CELLS", 40_000_000)
    monkeypatch.setattr(settings, "MAX_FILE_COLUMNS", 2)
    assert str(refusal(data, "t.parquet")) == "'t.parquet' has 3 columns; up to 2 can be read"


def test_a_parquet_file_that_unpacks_past_the_bound_is_refused(monkeypatch):
    """By its footer; by its row groups as read (the footer counts a repeated text once, in its
    dictionary); by a dictionary column written out (20 copies of 200 KB)."""
    monkeypatch.setattr(settings, "MAX_UNPACKED_MB", 1)
    table = pa.table({"notes": ["a" * 1000] * 3000})  # 3 MB of text, packed to a few kilobytes
    out = io.BytesIO()
    pq.write_table(table, out, use_dictionary=False)
    assert len(out.getvalue()) < 200_000
    assert str(refusal(out.getvalue(), "p.parquet")) == (
        "'p.parquet' unpacks to 2946 KB (a Parquet file is compressed); up to 1024 KB can be read"
    )
    assert str(refusal(parquet(table), "p.parquet")) == (
        "'p.parquet' unpacks to more than 1024 KB (a Parquet file is compressed); up to 1024 KB can be read"
    )
    repeated = pa.array(["b" * 200_000, "c"]).dictionary_encode()
    indices = pa.array([0] * 20 + [1], pa.int32())
    data = parquet(pa.table({"notes": pa.DictionaryArray.from_arrays(indices, repeated.dictionary)}))
    assert str(refusal(data, "d.parquet")) == (
        "'d.parquet' unpacks to more than 1024 KB (a Parquet file is compressed); up to 1024 KB can be read"
    )


def test_every_parquet_column_type_is_read_as_text():
    columns = {
        "list": pa.array([[1, 2], None]),
        "record": pa.array([{"a": 1}, {"a": None}]),
        "map": pa.array([[("k", 1)], []], pa.map_(pa.string(), pa.int64())),
        "bytes": pa.array([b"\xff\x00", b"ok"]),
        "decimal": pa.array([decimal.Decimal("1.50"), None], pa.decimal128(5, 2)),
        "when": pa.array([datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 5, 6, 7)], pa.timestamp("us")),
        "lima": pa.array([datetime.datetime(2023, 1, 9, 15)], pa.timestamp("s", tz="America/Lima")).take([0, 0]),
        "code": pa.array(["a", "b"]).dictionary_encode(),
        "nothing": pa.nulls(2),
        "half": pa.array([1.5, None], pa.float16()),
        "float": pa.array([3.0, float("nan")]),
        "span": pa.array([5, None], pa.duration("s")),
    }
    raw = read_data(parquet(pa.table({**EVENTS, "location": ["Juliaca"] * 2, **columns})), "types.parquet")
    got = raw.frame.to_dict("list")
    assert got["list"] == ["[1, 2]", ""] and got["record"] == ['{"a": 1}', '{"a": null}']
    assert got["map"] == ['[["k", 1]]', "[]"] and got["bytes"] == ["\ufffd\x00", "ok"]
    assert got["decimal"] == ["1.50", ""] and got["when"] == ["0001-01-01", "9999-12-31 05:06:07"]
    assert got["lima"] == ["2023-01-09 10:00:00"] * 2 and got["code"] == ["a", "b"]
    assert got["nothing"] == ["", ""] and got["half"] == ["1.5", ""] and got["float"] == ["3", ""]
    assert got["span"] == ["5", ""]
    assert validate_events(raw).accepted == 2


def geoparquet(geometry: list, metadata: bytes) -> bytes:
    table = pa.table(
        {
            **{k: v * 3 for k, v in EVENTS.items()},
            "location": ["Juliaca"] * 6,
            "geometry": pa.array(geometry, pa.binary()),
        }
    )
    return parquet(table.replace_schema_metadata({b"geo": metadata}))


def test_geoparquet_geometries_that_cannot_be_read_are_problems_of_their_rows():
    shapes = [
        shapely.Point(-70.13, -15.5).wkb,
        b"\x01\x02",
        b"",
        shapely.Point().wkb,
        shapely.box(-70, -16, -69, -15).wkb,
        None,
    ]
    meta = json.dumps({"primary_column": "geometry", "columns": {"geometry": {"encoding": "WKB"}}}).encode()
    table = validate_events(read_data(geoparquet(shapes, meta), "g.parquet"))
    assert table.kind == "GeoParquet" and table.accepted == 6
    assert table.events["latitude"].iloc[0] == -15.5
    geometry = table.problems[table.problems["column"] == "geometry"]
    assert dict(zip(geometry["row"], geometry["message"])) == {
        2: "its geometry cannot be read (not valid WKB); the event is placed by the place it names instead",
        3: "its geometry cannot be read (not valid WKB); the event is placed by the place it names instead",
        4: "its geometry is an empty point; the event is placed by the place it names instead",
        5: "its geometry is a Polygon, not a Point; the event is placed by the place it names instead",
    }


@pytest.mark.parametrize(
    "metadata",
    [
        b"[1, 2]",
        b"{not json",
        b'{"primary_column": 3}',
        b'"geometry"',
        b'{"primary_column": "elsewhere"}',
        b"[" * 10_000,
    ],
)
def test_geoparquet_metadata_that_cannot_be_read_is_ignored_and_said(metadata):
    table = validate_events(read_data(geoparquet([shapely.Point(-70.13, -15.5).wkb] * 6, metadata), "m.parquet"))
    assert table.kind == "GeoParquet (its GeoParquet metadata could not be read and was ignored)"
    assert table.events["longitude"].tolist() == [-70.13] * 6  # the column named geometry, read as points
    assert report_lines(table, lang="es")[0].startswith(
        "m.parquet (GeoParquet (sus metadatos GeoParquet no se pudieron leer y se ignoraron)): 6 filas"
    )


# --- JSON ----------------------------------------------------------------------------------------


def test_json_nested_past_the_bound_is_refused_before_it_is_parsed():
    error = refusal(b"[" * 100_000 + b"]" * 100_000, "deep.geojson")
    assert str(error) == "'deep.geojson' nests brackets more than 64 levels deep; up to 64 can be read"
    deep_inside = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": None,
                "properties": {
                    "event_date": "2023-01-09",
                    "event_type": "Protests",
                    "fatalities": 0,
                    "location": "Juliaca",
                    "notes": "[{" * 5000 + '\\" ]',
                },
            }
        ],
    }
    assert read_data(json.dumps(deep_inside).encode(), "text.geojson").frame["notes"].iloc[0].startswith("[{[{")


def _nesting(text: bytes) -> int:
    """A plain reference: brackets outside strings, backslash escapes inside them."""
    depth = deepest = 0
    inside = escaped = False
    for byte in text:
        if inside:
            escaped, inside = (False, True) if escaped else (byte == 92, byte != 34)
        elif byte == 34:
            inside = True
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
        elif byte == 92:
            break  # not JSON from here: the parser stops here too
    return deepest


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60).map(lambda b: bytes(b'[]{}"\\a,'[x % 8] for x in b)), st.integers(1, 7))
def test_json_depth_counts_as_a_parser_would(text, piece):
    import geo.io.bounds

    saved = geo.io.bounds.PIECE
    try:
        for size in (saved, piece):  # whole, and in pieces of a few bytes
            geo.io.bounds.PIECE = size
            assert json_depth(text, 10**6) >= _nesting(text)
            if b"\\" not in text:
                assert json_depth(text, 10**6) == _nesting(text)
    finally:
        geo.io.bounds.PIECE = saved


def test_geojson_properties_are_bounded_as_columns(monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_COLUMNS", 10)
    features = [{"type": "Feature", "geometry": None, "properties": {f"p{i}": 1}} for i in range(20)]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    assert str(refusal(data, "wide.geojson")) == (
        "'wide.geojson' has features with more than 10 different properties; up to 10 can be read"
    )


# --- Text ----------------------------------------------------------------------------------------


def test_a_long_line_and_a_long_value_are_rejected_rows_and_the_rest_is_read():
    """The failure as it was found: a field over 128 KiB in a line over 1 MiB (pyarrow's block
    failed and the csv module raised its own error)."""
    long_line = "2023-01-09,Protests,1,-15.5,-70.13," + "a" * (200 << 10) + "," + "b" * (1100 << 10) + "\n"
    long_value = "2023-01-09,Protests,1,-15.5,-70.13," + "c" * (200 << 10) + "\n"
    table = validate_events(read_data((HEADER + ROW + long_line + ROW + long_value + ROW).encode(), "long.csv"))
    assert (table.total, table.accepted) == (5, 3)
    assert table.problem_lines() == [
        "row 3, column '(whole row)': this line is 1301 KB long; lines up to 1024 KB are read (row refused)",
        "row 5, column '(whole row)': a value in this row is 200 KB long; values up to 128 KB are read (row refused)",
    ]
    assert table.rejected_by_reason().to_dict() == {"line too long": 1, "value too long": 1}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_bounds_hold_on_both_readers(monkeypatch, newline):
    """Small bounds, a file read by pyarrow (every line one record) and one read a record at a
    time (a value over two lines)."""
    monkeypatch.setattr(settings, "MAX_LINE_KB", 2)
    monkeypatch.setattr(settings, "MAX_FIELD_KB", 1)
    rows = [
        ROW,
        "2023-01-09,Protests,1,-15.5,-70.13," + "x" * 3000 + "\n",
        ROW,
        "2023-01-09,Protests,1,-15.5,-70.13," + "y" * 1500 + "\n",
        ROW,
    ]
    for extra in ("", '2023-01-09,Protests,1,-15.5,-70.13,"two\nlines"\n'):
        text = (HEADER + "".join(rows) + extra).replace("\n", newline)
        table = validate_events(read_data(text.encode(), "small.csv"))
        assert [(r, m) for r, m in zip(table.problems["row"], table.problems["message"])] == [
            (3, "this line is 3 KB long; lines up to 2 KB are read"),
            (5, "a value in this row is 2 KB long; values up to 1 KB are read"),
        ]
        assert table.accepted == 3 + bool(extra)


STRAY = (
    HEADER
    + ROW
    + '2023-01-10,Protests,1,-15.5,-70.13,"a stray quote\n'
    + ROW * 3
    + '2023-01-11,Protests,1,-15.5,-70.13,closes here"\n'
    + ROW
)


def test_a_stray_quote_closed_lines_later_refuses_its_row_and_no_other():
    table = validate_events(read_data(STRAY.encode(), "stray.csv"))
    assert len(STRAY.splitlines()) == 8
    assert (table.total, table.accepted, table.rejected_count) == (7, 6, 1)
    assert table.events["source_row"].tolist() == [2, 4, 5, 6, 7, 8]
    assert table.problem_lines() == [
        "row 3, column '(whole row)': a quote opened in this row is closed only on line "
        "7; the lines between are read as rows of their own (row refused)"
    ]
    assert table.line_count.lines == 8 and table.summary() == "7 rows: 6 accepted, 1 rejected"


def test_every_line_of_a_text_file_is_accounted_for():
    text = (
        "# exported 2023-02-01\n\n"
        + HEADER
        + "\n"
        + ROW
        + '2023-01-10,Protests,1,-15.5,-70.13,"two\nlines"\n'
        + "   \n"
        + ROW
        + "2023-01-12,Protests\n"
    )
    table = validate_events(read_data(text.encode(), "gaps.csv"))
    assert (table.line_count.lines, table.line_count.above, table.line_count.blank, table.line_count.continued) == (
        10,
        2,
        2,
        1,
    )
    assert table.summary() == (
        "4 rows: 3 accepted, 1 rejected (10 lines: 2 lines above the header, the header, "
        "4 rows, 2 blank, 1 inside a quoted value)"
    )
    assert table.summary("es") == (
        "4 filas: aceptadas 3, rechazadas 1 (10 líneas: 2 líneas antes del encabezado, el "
        "encabezado, 4 filas, 2 en blanco, 1 dentro de un valor entre comillas)"
    )


@pytest.mark.parametrize(
    ("deaths", "read", "note"),
    [
        ("1,000", 1000, "'1,000' read as 1000 people (its comma separates thousands)"),
        ("12,500", 12500, None),  # more than anyone counts in one event: refused, but never as 12.5
        ("1.200", 1200, "'1.200' read as 1200 people (its point separates thousands)"),
    ],
)
def test_thousands_written_with_a_comma_are_thousands(deaths, read, note):
    table = validate_events(read_data(f'{HEADER}2023-01-09,Protests,"{deaths}",-15.5,-70.13,x\n'.encode(), "k.csv"))
    if note:
        assert table.events["fatalities"].tolist() == [read]
        assert table.problems["message"].tolist() == [note]
    else:
        assert table.problems["message"].tolist()[-1] == f"'{deaths}' deaths is more than 10000 in one event"


def test_a_decimal_comma_is_not_a_thousands_separator():
    table = validate_events(read_data(f'{HEADER}2023-01-09,Protests,"2,5",-15.5,-70.13,x\n'.encode(), "d.csv"))
    assert table.problem_lines() == ["row 2, column 'fatalities': '2,5' is not a whole number (row refused)"]


def test_too_many_columns_or_cells_in_a_text_are_refused(monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_CELLS", 20)
    assert str(refusal((HEADER + ROW * 4).encode(), "c.csv")) == (
        "'c.csv' has 4 rows of 6 columns, 24 cells; up to 20 can be read"
    )
    assert str(refusal(("a," * 1500 + "\n").encode(), "w.csv")) == "'w.csv' has 1,500 columns; up to 1,000 can be read"


# --- Files that are not files, and what messages quote ---------------------------------------------


def test_a_pipe_or_a_device_is_refused_before_it_is_opened(tmp_path):
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    for path, shown_as in ((fifo, str(fifo)), ("/dev/zero", "/dev/zero")):
        with pytest.raises(EventFileError) as error:
            read_table(path)
        assert str(error.value) == (
            f"'{shown_as}' is not a regular file (it is a pipe, a device or a socket): save "
            "the events to a file and open that"
        )


def test_a_file_is_read_up_to_the_bound_and_no_further(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_MB", 1)
    path = tmp_path / "big.csv"
    path.write_bytes((HEADER + ROW * 30_000).encode())
    with pytest.raises(EventFileError) as error:
        read_table(path)
    assert str(error.value) == "'big.csv' is 1114 KB; files up to 1024 KB can be read"  # 1,140,045 bytes


def test_messages_quote_a_file_safely():
    value = "\x1b]0;owned\x07\x1b[2J\u202eexe.txt"
    assert shown(value) == "\ufffd]0;owned\ufffd\ufffd[2J\ufffdexe.txt"
    assert shown("a\r\nb\tc") == "a b c"
    assert shown("x" * 100_000) == "x" * 80 + "…"
    assert safe_name("../etc/ev\nentos\u202e.csv") == "ev entos\ufffd.csv"
    assert safe_name("a" * 200 + ".csv") == "a" * 75 + "….csv"


def test_the_command_line_never_echoes_control_characters_or_whole_values(tmp_path):
    path = tmp_path / "bad\nname.csv"
    path.write_text(
        "event_date,event_type,fatalities,location\n"
        f"2023-01-09,Protests,\x1b[31m{'9' * 100_000}\x1b[0m,Juliaca\n"
        "2023-01-09,\u202eProtests,0,Juliaca\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "bad name.csv (CSV (UTF-8, comma-separated)): 2 rows: 1 accepted, 1 rejected"
    assert f"row 2, column 'fatalities': '\ufffd[31m{'9' * 75}…' is not a number of people (row refused)" in lines
    assert "event types that are not ACLED's, drawn grey as “other”: \ufffdProtests (1)" in lines
    assert not any(ch in result.stdout for ch in "\x1b\u202e") and max(map(len, lines)) < 200


def test_an_unexpected_error_inside_a_reader_is_one_event_file_error(monkeypatch):
    def broken(data, name):
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setitem(geo.io.reader.READERS, ".csv", broken)
    error = refusal(b"x,y\n1,2\n", "x.csv")
    assert str(error) == "'x.csv' could not be read: unpack requires a buffer of 4 bytes"
    assert error.told("es") == "No se pudo leer «x.csv»: unpack requires a buffer of 4 bytes"


# --- The command line on hostile files: one line, status 2, seconds, little memory -----------------


def run_measured(*args: str) -> tuple[int, str, float, int]:
    """``python -m geo`` in a child process: its exit status, stderr, seconds and peak memory (MB),
    measured by a parent of its own so that no other child of the tests counts."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, seconds, peak // (1 << 20) if sys.platform == 'darwin' else peak // 1024)\n"
        "sys.stderr.write(done.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, seconds, megabytes = done.stdout.split()
    return int(status), done.stderr, float(seconds), int(megabytes)


@pytest.mark.parametrize("made", ["far cell", "zip bomb"])
def test_the_command_line_refuses_hostile_workbooks_in_seconds_and_little_memory(tmp_path, made):
    path = tmp_path / "hostile.xlsx"
    if made == "far cell":
        book = openpyxl.Workbook()
        book.active["XFD1048576"] = 1
        book.save(path)
        expected = (
            "error: 'hostile.xlsx': its first sheet reaches cell XFD1048576, 17,179,869,184 cells; up to "
            "40,000,000 can be read\n"
        )
    else:
        path.write_bytes(zip_bomb(3900))  # 3.9 GB of rows and spaces
        expected = (
            "error: 'hostile.xlsx' unpacks to 3901 MB (a workbook is a compressed archive); up to 1024 MB can be read\n"
        )
    assert path.stat().st_size < 5 << 20
    status, err, seconds, megabytes = run_measured("validate", str(path))
    assert (status, err) == (2, expected)
    assert seconds < 10 and megabytes < 500, (seconds, megabytes)


def test_the_command_line_refuses_a_pipe_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    status, err, seconds, _ = run_measured("validate", str(fifo))
    assert status == 2 and err.count("\n") == 1 and "is not a regular file" in err and seconds < 10
