"""Property-based tests: malformed files never raise anything but a clear EventFileError, and the
rows always add up (accepted + rejected = total)."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli import run
from geo.errors import EventFileError
from geo.events import validate_events
from geo.reader import decode, read_data

HEADER = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities", "injured",
          "admin1", "location", "notes"]
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
    st.sampled_from(["inf", "-inf", "nan", "1e19", "1e308", "-1e19", "9" * 40, "0001-01-01", "9999-12-31",
                     "2262-04-12", "1677-09-21", "31/02/2023", "00/00/0000", '"', '""', '"unclosed', "a\"b",
                     "\n", "\r\n", ",", ";", "\t", "\x00", "é", "\ufeff", "-", "=cmd|' /C calc'!A0"]),
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
    text = decode(data)[0]  # a lone carriage return ends a line too, as in a text editor
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert table.problems["row"].between(1, lines).all()


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
