"""Property-based tests: malformed files in every format (CSV, Excel, Parquet, GeoJSON) never raise
anything but a clear EventFileError, and the records always add up (accepted + rejected = the
records read; in a text file every line is the header, above it, blank, a row, or inside a quoted
value)."""

import datetime
import io
import json
import math

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli import run
from geo.errors import EventFileError
from geo.io.reader import decode, read_data
from geo.place.locate import validate_events

HEADER = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "latitude",
    "longitude",
    "fatalities",
    "injured",
    "admin1",
    "location",
    "notes",
]
SPANISH = ["id", "fecha", "tipo", "latitud", "longitud", "fallecidos", "heridos", "departamento", "lugar", "notas"]

GOOD = {
    "event_id_cnty": st.sampled_from(["A1", "A2", "A3", "", "PERF0001"]),
    "event_date": st.sampled_from(["2023-01-09", "09/01/2023", "9 January 2023", "9 de enero de 2023"]),
    "event_type": st.sampled_from(["Protests", "Riots", ""]),
    "latitude": st.sampled_from(["-15.4997", "-15,4997", "-70.13", ""]),
    "longitude": st.sampled_from(["-70.1331", "-70,1331", "-15.49", ""]),
    "fatalities": st.sampled_from(["0", "1", "18", ""]),
    "injured": st.sampled_from(["", "3"]),
    "admin1": st.sampled_from(["Puno", "Apurímac", "", "Lima"]),
    "location": st.sampled_from(["Juliaca", "Santa Rosa", "", "Andahuaylas"]),
    "notes": st.sampled_from(["x", "${alert(1)}", "C:\\users\\x", "`tick`", "<img src=x onerror=alert(1)>"]),
}
NASTY = st.one_of(
    st.sampled_from(
        [
            "inf",
            "-inf",
            "nan",
            "1e19",
            "1e308",
            "-1e19",
            "9" * 40,
            "0001-01-01",
            "9999-12-31",
            "2262-04-12",
            "1677-09-21",
            "31/02/2023",
            "00/00/0000",
            '"',
            '""',
            '"unclosed',
            'a"b',
            "\n",
            "\r\n",
            ",",
            ";",
            "\t",
            "\x00",
            "é",
            "\ufeff",
            "-",
            "=cmd|' /C calc'!A0",
        ]
    ),
    st.text(max_size=12),
)


@st.composite
def malformed_csv(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.sampled_from([HEADER, SPANISH]))
    lines = [delimiter.join(header)]
    for _ in range(draw(st.integers(0, 12))):
        cells = [draw(st.one_of(GOOD[c], NASTY)) for c in HEADER]
        cut = draw(st.integers(0, len(cells) + 2))  # truncated rows and extra fields
        cells = cells[:cut] + ([""] * (cut - len(cells)) if cut > len(cells) else [])
        if draw(st.booleans()):
            cells = [f'"{c}"' if delimiter in c or '"' in c else c for c in cells]
        lines.append(delimiter.join(cells))
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


def _accounts(data: bytes, name: str) -> None:
    try:
        table = validate_events(read_data(data, name))
    except EventFileError as error:
        assert str(error)
        return
    assert table.accepted + table.rejected_count == table.total
    assert len(table.rejected) == table.rejected_count
    assert table.problems["dropped"].groupby(table.problems["row"]).any().sum() == table.rejected_count
    assert (table.events["fatalities"] >= 0).all() and (table.events["fatalities"] <= 10_000).all()
    assert table.events["event_date"].notna().all()
    if table.line_count is not None:  # every line of a text file accounted for
        text = decode(data)[0]  # a lone carriage return ends a line too, as in a text editor
        lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        assert table.problems["row"].between(1, lines).all()
        count = table.line_count
        assert count.lines == lines - (lines > 1 and text[-1] in "\r\n")  # a break at the end starts no line
        assert count.lines == count.above + 1 + count.blank + count.continued + table.total
    return table


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed_csv())
def test_malformed_csv_never_crashes_and_rows_add_up(data):
    _accounts(data, "f.csv")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data):
    for name in ("f.csv", "f.xlsx", "f.geojson", "f.parquet"):
        try:
            _accounts(data, name)
        except EventFileError:
            pass


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({c: st.one_of(GOOD[c], NASTY) for c in HEADER}), max_size=8))
def test_any_cells_in_a_table_add_up(rows):
    raw = pd.DataFrame(rows, columns=HEADER).fillna("")
    table = validate_events(raw, "t.csv")
    assert table.accepted + table.rejected_count == table.total == len(rows)
    assert int(table.events["fatalities"].sum()) <= 10_000 * len(rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=malformed_csv())
def test_the_command_line_never_crashes(tmp_path, data, capsys):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert run(["validate", str(path), "--rejected", str(tmp_path / "out.csv")]) in (0, 2)
    assert run(["summary", "--events", str(path)]) in (0, 2)
    capsys.readouterr()


# --- Every other format: random content, and the records it holds counted independently ---------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)  # what a workbook can hold
# No infinity: a workbook cannot hold one (openpyxl writes the cell empty).
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(
        ["2023-01-09", "09/01/2023", "Protests", "Riots", "-15.4997", "-70,1331", "18", "Puno", "Juliaca", " "]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.datetimes(datetime.datetime(1900, 1, 1), datetime.datetime(2100, 1, 1)),
)


def _blank(value) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


@st.composite
def workbook(draw) -> tuple[bytes, int]:
    """An .xlsx whose first row with text is a header, then rows at any height with any values; and
    the rows with text after the header (what the reader reads)."""
    book = openpyxl.Workbook()
    sheet = book.active
    start = draw(st.integers(1, 3))
    for column, header in enumerate(draw(st.sampled_from([HEADER, SPANISH, HEADER[:4]])), start=1):
        sheet.cell(start, column, header)
    filled, row = 0, start
    for _ in range(draw(st.integers(0, 8))):
        row += draw(st.integers(1, 40))
        values = draw(st.lists(CELL.filter(lambda v: not (isinstance(v, str) and v.startswith("="))), max_size=12))
        for column, value in enumerate(values, start=draw(st.integers(1, 3))):
            sheet.cell(row, column, value)
        filled += any(not _blank(v) for v in values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), filled


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbook(), st.integers(0, 3), st.binary(min_size=1, max_size=3), st.floats(0, 1))
def test_any_workbook_reads_or_is_refused_and_its_rows_add_up(made, damage, noise, where):
    data, filled = made
    if damage == 0:  # as made: read, whatever its columns
        assert read_data(data, "f.xlsx").total == filled
    elif damage == 1:  # a few bytes changed somewhere in the archive
        at = int(where * (len(data) - len(noise)))
        data = data[:at] + noise + data[at + len(noise) :]
    elif damage == 2:
        data = data[: int(where * len(data))]
    _accounts(data, "f.xlsx")


COLUMN_TYPES = {
    "text": st.lists(st.one_of(st.none(), TEXT, NASTY)).map(lambda v: pa.array(v, pa.string())),
    "int": st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))).map(lambda v: pa.array(v, pa.int64())),
    "float": st.lists(st.one_of(st.none(), st.floats())).map(lambda v: pa.array(v, pa.float64())),
    "time": st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62))).map(
        lambda v: pa.array(v, pa.int64()).cast(pa.timestamp("us"))
    ),
    "date": st.lists(st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1))).map(lambda v: pa.array(v, pa.date32())),
    "bytes": st.lists(st.one_of(st.none(), st.binary(max_size=30))).map(lambda v: pa.array(v, pa.binary())),
    "list": st.lists(st.one_of(st.none(), st.lists(st.integers(-9, 9), max_size=3))).map(pa.array),
    "record": st.lists(st.fixed_dictionaries({"a": st.one_of(st.none(), TEXT)})).map(pa.array),
    "codes": st.lists(st.one_of(st.none(), st.sampled_from(["Protests", "Riots", "x"]))).map(
        lambda v: pa.array(v, pa.string()).dictionary_encode()
    ),
    "points": st.lists(
        st.one_of(
            st.none(),
            st.binary(max_size=25),
            st.tuples(st.floats(-80, -60), st.floats(-20, 0)).map(lambda p: shapely.Point(*p).wkb),
        )
    ).map(lambda v: pa.array(v, pa.binary())),
}
GEO_METADATA = st.one_of(
    st.none(),
    st.sampled_from([b"[1]", b"{", b'{"primary_column": 1}', b'"x"', b"{}"]),
    st.sampled_from(["geometry", "points", "fecha"]).map(lambda c: json.dumps({"primary_column": c}).encode()),
)


@st.composite
def parquet_file(draw) -> tuple[bytes, int]:
    """A Parquet file of random columns of every kind (named as events files name them or not),
    perhaps with GeoParquet metadata, good or not; and its number of rows."""
    rows = draw(st.integers(0, 6))
    names = draw(
        st.lists(st.sampled_from([*HEADER, *SPANISH, "geometry", "points"]), min_size=1, max_size=8, unique=True)
    )
    columns = {}
    for name in names:
        kind = "points" if name in ("geometry", "points") else draw(st.sampled_from(sorted(COLUMN_TYPES)))
        values = draw(COLUMN_TYPES[kind])
        columns[name] = (
            values.take(pa.array([i % len(values) for i in range(rows)], pa.int64()))
            if len(values)
            else pa.nulls(rows, values.type)
        )
    table = pa.table(columns)
    metadata = draw(GEO_METADATA)
    if metadata is not None:
        table = table.replace_schema_metadata({b"geo": metadata})
    out = io.BytesIO()
    pq.write_table(table, out, row_group_size=draw(st.integers(1, 4)))
    return out.getvalue(), rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parquet_file())
def test_any_parquet_file_reads_or_is_refused_and_its_rows_add_up(made):
    data, rows = made
    assert read_data(data, "f.parquet").total == rows
    _accounts(data, "f.parquet")


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, NASTY),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
GEOMETRY = st.one_of(
    st.none(),
    JSON_VALUE,
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Point", "Polygon", "LineString", "point", ""]),
            "coordinates": st.one_of(JSON_VALUE, st.tuples(st.floats(-80, -60), st.floats(-20, 0)).map(list)),
        }
    ),
)
FEATURE = st.one_of(
    JSON_VALUE,
    st.fixed_dictionaries(
        {
            "type": st.just("Feature"),
            "geometry": GEOMETRY,
            "properties": st.one_of(
                JSON_VALUE, st.fixed_dictionaries({c: st.one_of(GOOD[c], NASTY, JSON_VALUE) for c in HEADER[:6]})
            ),
        }
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FEATURE, max_size=8), st.sampled_from(["utf-8", "utf-16"]), st.booleans())
def test_any_geojson_reads_or_is_refused_and_its_features_add_up(features, encoding, collection):
    document = {"type": "FeatureCollection", "features": features} if collection else features
    data = json.dumps(document, ensure_ascii=False).encode(encoding)
    if collection:
        assert read_data(data, "f.geojson").total == len(features)
    _accounts(data, "f.geojson")
