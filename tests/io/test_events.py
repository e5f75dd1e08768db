"""Reading, validating and placing events files (geo.io.validate, geo.place.locate)."""

import pandas as pd
import pytest

from geo.errors import EventFileError
from geo.place.locate import read_events
from tests.conftest import ACLED_COLUMNS


def _write(path, header, rows, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _acled_row(event_id, day, lat, lon, fatalities, admin1="Puno"):
    values = dict.fromkeys(ACLED_COLUMNS, "")
    values.update(
        event_id_cnty=event_id,
        event_date=day,
        year=day[:4],
        time_precision="1",
        disorder_type="Demonstrations",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1="Protesters (Peru)",
        inter1="Protesters",
        interaction="Protesters only",
        iso="604",
        region="South America",
        country="Peru",
        admin1=admin1,
        admin2="San Roman",
        location="Juliaca",
        latitude=lat,
        longitude=lon,
        geo_precision="1",
        source="La Republica",
        source_scale="National",
        notes="March",
        fatalities=fatalities,
        tags="crowd size=no report",
        timestamp="1700000000",
    )
    return [values[c] for c in ACLED_COLUMNS]


def test_acled_standard_export_loads_unchanged(tmp_path):
    path = _write(
        tmp_path / "acled.csv",
        ACLED_COLUMNS,
        [
            _acled_row("PER1", "2023-01-09", "-15.4997", "-70.1331", "18"),
            _acled_row("PER2", "2023-01-10", "-15.5", "-70.13", "1"),
        ],
    )
    table = read_events(path)
    assert table.problems.empty
    assert list(table.events["event_id_cnty"]) == ["PER1", "PER2"]
    assert table.events["fatalities"].sum() == 19
    assert table.events["event_date"].iloc[0] == pd.Timestamp("2023-01-09")
    assert table.events["latitude"].iloc[0] == pytest.approx(-15.4997)


def test_missing_required_columns_named_in_one_error(tmp_path):
    path = _write(tmp_path / "bad.csv", ["event_date", "event_type"], [["2023-01-09", "Protests"]])
    with pytest.raises(EventFileError) as error:
        read_events(path)
    message = str(error.value)
    assert "lacks the column(s) fatalities (fallecidos), latitude (latitud), longitude (longitud)" in message
    assert "bad.csv" in message


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(EventFileError, match="does not exist"):
        read_events(tmp_path / "nope.csv")


def test_bad_rows_reported_by_row_and_column_good_rows_kept(tmp_path):
    header = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities"]
    path = _write(
        tmp_path / "mixed.csv",
        header,
        [
            ["A1", "2023-01-09", "Protests", "-15.5", "-70.13", "2"],
            ["A2", "31/02/2023", "Protests", "-15.5", "-70.13", "0"],  # no such day
            ["A3", "2023-01-10", "Riots", "-95", "-70.13", "1"],  # latitude out of range: kept
            ["A4", "2023-01-11", "Riots", "-15.5", "-70.13", "two"],  # fatalities not a number
            ["A1", "2023-01-09", "Protests", "-15.5", "-70.13", "2"],  # duplicate id
        ],
    )
    table = read_events(path)
    assert list(table.events["event_id_cnty"]) == ["A1", "A3"]
    assert table.rows_read == 5
    assert table.problem_lines() == [
        "row 3, column 'event_date': date 31/02/2023 does not exist (row refused)",
        "row 4, column 'latitude': '-95' is not a coordinate between -90 and 90; the event is placed by the "
        "place it names instead (row kept)",
        "row 4, column 'location': no coordinates and no place named; the event counts in the totals as "
        "unassigned (row kept)",
        "row 5, column 'fatalities': 'two' is not a number of people (row refused)",
        "row 6, column 'event_id_cnty': 'A1' repeats row 2 (re-exports overlap) (row refused)",
    ]
    assert (table.total, table.accepted, table.rejected_count) == (5, 2, 3)
    kept = table.events.set_index("event_id_cnty")
    assert pd.isna(kept.loc["A3", "latitude"]) and kept.loc["A3", "geo_precision"] == 3


@pytest.mark.parametrize("text", ["2023-02-16", "16 February 2023", "16-02-2023", "16/02/2023"])
def test_date_spellings_users_bring(tmp_path, text):
    path = _write(
        tmp_path / "d.csv",
        ["event_date", "event_type", "latitude", "longitude", "fatalities"],
        [[text, "Protests", "", "", "0"]],
    )
    assert read_events(path).events["event_date"].iloc[0] == pd.Timestamp("2023-02-16")


def test_windows_1252_spreadsheet_keeps_accents(tmp_path):
    path = _write(
        tmp_path / "excel.csv",
        ["event_date", "event_type", "admin1", "latitude", "longitude", "fatalities"],
        [["2023-01-09", "Protests", "Apurímac", "", "", "0"]],
        encoding="cp1252",
    )
    assert read_events(path).events["admin1"].iloc[0] == "Apurímac"


def test_bundled_events_keep_their_source_and_total():
    table = read_events()
    events = table.events
    assert table.problems.empty
    assert len(events) == 226
    assert events["fatalities"].sum() == 58  # the reference README's table total
    assert (events["source"].str.len() > 0).all()
    assert events["event_id_cnty"].is_unique


def test_columnar_reader_keeps_quoted_newlines_bom_and_blank_cells(tmp_path, monkeypatch):
    """The pyarrow path reads the file (the fallback parser is switched off here): a UTF-8 BOM,
    a quoted note over two lines, a doubled quote and blank cells come through as written."""
    import geo.io.events

    def no_fallback(*args, **kwargs):
        if kwargs.get("engine") != "pyarrow" and kwargs.get("nrows") != 0:
            raise AssertionError("the columnar reader was not used")
        return original(*args, **kwargs)

    original = pd.read_csv
    monkeypatch.setattr(geo.io.events.pd, "read_csv", no_fallback)
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffevent_date,event_type,latitude,longitude,fatalities,notes,extra\n"
        '2023-01-09,Protests,-15.4997,-70.1331,18,"line one\nline ""two""",x\n'
        "2023-01-10,Protests,,,,,\n".encode("utf-8")
    )
    events = read_events(path).events
    assert events["notes"].tolist() == ['line one\nline "two"', ""]
    assert events["fatalities"].tolist() == [18, 0]
    assert events["latitude"].isna().tolist() == [False, True]


def test_one_unreadable_number_does_not_spoil_the_column(tmp_path):
    header = ["event_date", "event_type", "latitude", "longitude", "fatalities"]
    path = _write(
        tmp_path / "e.csv",
        header,
        [["2023-01-09", "Protests", "-15.5", "-70.1", "2"], ["2023-01-09", "Protests", "15°30S", "-70.1", "1"]],
    )
    table = read_events(path)
    assert table.events["latitude"].tolist()[0] == pytest.approx(-15.5)
    assert pd.isna(table.events["latitude"].iloc[1])
    assert table.problems[["row", "column"]].values.tolist() == [[3, "latitude"], [3, "location"]]


def test_counts_written_with_points_grouping_thousands(tmp_path):
    """In a Spanish spreadsheet 1.200 heridos are twelve hundred people: read so, with a note on
    the row; 1.5 deaths stays refused (a point before other than three digits is a decimal)."""
    path = tmp_path / "eventos.csv"
    path.write_text(
        "fecha;tipo;departamento;latitud;longitud;fallecidos;heridos\n"
        "09/01/2023;Protestas;Puno;-15,49;-70,13;18;1.200\n"
        "10/01/2023;Protestas;Puno;-15,49;-70,13;1.5;0\n"
        "11/01/2023;Protestas;Puno;-15,49;-70,13;2.000;12.000\n",
        encoding="utf-8",
    )
    table = read_events(path)
    assert list(table.events["fatalities"]) == [18, 2000]
    assert table.events["injured"].iloc[0] == 1200 and pd.isna(table.events["injured"].iloc[1])  # 12000: too many
    notes = table.problems[table.problems["reason"] == "thousands grouped"]
    assert list(notes["row"]) == [2, 4, 4] and not notes["dropped"].any()
    assert "'1.200' read as 1200 people (its point separates thousands)" in list(notes["message"])
    assert table.messages(notes, "es").iloc[0] == "'1.200' se lee como 1200 personas (su punto separa los miles)"
    refused = table.problems[table.problems["dropped"]]
    assert list(refused["row"]) == [3] and list(refused["reason"]) == ["deaths not whole"]
