"""The command line contract (python -m geo), run as a user would run it."""

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT


def geo(*args):
    result = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def rows(stdout):
    return list(csv.reader(io.StringIO(stdout)))


def test_summary_lists_every_department_then_unassigned():
    status, out, err = geo("summary")
    table = rows(out)
    assert status == 0 and err == ""
    assert table[0] == ["code", "name", "events", "fatalities", "clashes", "police", "blockade", "soldiers"]
    assert [r[0] for r in table[1:-1]] == [f"{i:02d}" for i in range(1, 26)]  # leading zeros kept
    assert table[-1][0] == "UNASSIGNED"
    by_name = {r[1]: r for r in table[1:]}
    assert by_name["Puno"][2:] == ["44", "29", "21", "1", "1", "6"]
    assert by_name["Loreto"][2:] == ["0"] * 6  # zeros included
    assert all(int(r[3]) == sum(map(int, r[4:])) for r in table[1:])  # the kinds add up
    assert sum(int(r[2]) for r in table[1:]) == 226


def test_summary_filters_by_date_type_and_level():
    status, out, _ = geo(
        "summary", "--level", "province", "--start", "2023-01-09", "--end", "2023-01-09", "--type", "Protests"
    )
    table = rows(out)
    assert status == 0 and len(table) == 1 + 196 + 1
    san_roman = next(r for r in table if r[0] == "2111")
    assert san_roman[1] == "San Román" and san_roman[3:5] == ["18", "18"]  # Juliaca, 9 January


def test_district_summary_lists_the_1891_districts_then_unassigned():
    status, out, _ = geo("summary", "--level", "district")
    table = rows(out)
    assert status == 0 and len(table) == 1 + 1891 + 1
    assert table[-1][0] == "UNASSIGNED" and table[1][0] == "010101"
    names = {r[0]: r[1] for r in table[1:]}
    assert names["030220"] == "José María Arguedas" and names["211105"] == "San Miguel"


def test_tolls_set_published_totals_beside_itemized_deaths():
    status, out, err = geo("tolls", "--end", "2023-01-17")
    table = rows(out)
    assert status == 0 and err == ""
    assert table[0] == ["as_of", "published_total", "itemized_total", "difference", "source_url"]
    assert [r[:4] for r in table[1:]] == [["2022-12-17", "25", "21", "4"], ["2023-01-12", "49", "43", "6"]]
    assert table[2][4] == "https://hch.tv/2023/01/12/peru-registra-49-muertes-en-protestas-contra-dina-boluarte"
    everything = rows(geo("tolls")[1])
    assert [r[:4] for r in everything[1:]] == [
        ["2022-12-17", "25", "21", "4"],
        ["2023-01-12", "49", "43", "6"],
        ["2023-01-19", "55", "48", "7"],
        ["2023-01-30", "58", "51", "7"],
        ["2023-02-20", "60", "52", "8"],
    ]


def test_revised_victims_and_district_points():
    """Chincheros counts 1 death (the Defensoría withdrew a victim who does not exist), Andahuaylas 5
    (Cristian Rojas, hurt 10 Dec at the airport, died 14 Dec), Apurímac still 7; the Arequipa airport and
    Cono Norte rows now fall in Cerro Colorado district."""
    provinces = {r[0]: r for r in rows(geo("summary", "--level", "province")[1])}
    assert provinces["0306"][1:4] == ["Chincheros", "2", "1"] and provinces["0302"][1:4] == ["Andahuaylas", "8", "5"]
    departments = {r[0]: r for r in rows(geo("summary")[1])}
    assert departments["03"][3:5] == ["7", "7"]
    districts = {r[0]: r for r in rows(geo("summary", "--level", "district")[1])}
    assert districts["040104"][1:4] == ["Cerro Colorado", "7", "2"]
    assert districts["150122"][1] == "Miraflores" and int(districts["150122"][2]) >= 1  # Parque Kennedy
    assert int(districts["080105"][2]) >= 1  # San Sebastián (Cusco)


def test_mines_csv_with_radius():
    status, out, _ = geo("mines", "--radius-km", "25")
    table = rows(out)
    assert status == 0
    assert table[0] == [
        "mine",
        "department",
        "latitude",
        "longitude",
        "events",
        "fatalities",
        "clashes",
        "police",
        "blockade",
        "soldiers",
        "named_events",
        "named_fatalities",
    ]
    assert len(table) == 1 + 25  # Cerro Lindo has no coordinates
    cerro_verde = next(r for r in table if r[0] == "Cerro Verde")
    # 11 events within 25 km (Arequipa city is 15 km away), 1 row naming the mine.
    assert cerro_verde[1] == "Arequipa" and cerro_verde[4:] == ["11", "2", "2", "0", "0", "0", "1", "0"]
    wider = {r[0]: int(r[4]) for r in rows(geo("mines", "--radius-km", "60")[1])[1:]}
    assert wider["Cerro Verde"] >= 11


def test_user_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "event_date,event_type,latitude,longitude,fatalities\n"
        "2023-01-09,Protests,-15.4997,-70.1331,3\n"
        "2023-01-09,Protests,-16.4897,-68.1193,1\n"
        "not a date,Protests,-15.5,-70.1,1\n",
        encoding="utf-8",
    )
    status, out, err = geo("summary", "--events", str(path))
    table = {r[0]: r for r in rows(out)}
    assert status == 0
    # The file does not say who died: its deaths are of unknown kind, in a column of their own.
    assert rows(out)[0][-1] == "unknown"
    assert table["21"][2:] == ["1", "3", "0", "0", "0", "0", "3"] and table["UNASSIGNED"][2:4] == ["1", "1"]
    assert err.splitlines() == [
        "note: mine.csv (CSV (UTF-8, comma-separated)): 3 rows: 2 accepted, 1 rejected",
        "note: rejected:",
        "note:           1  unreadable date",
        "note: kept, with a value cleared or corrected:",
        "note:           1  outside Peru",
        "note:           1  no place",
        "note: row 3, column 'latitude': the point (-16.4897, -68.1193) is outside Peru; the event is placed by "
        "the place it names instead (row kept)",
        "note: row 3, column 'location': no coordinates and no place named; the event counts in the totals as "
        "unassigned (row kept)",
        "note: row 4, column 'event_date': 'not a date' is not a date (write e.g. 2023-01-09 or 09/01/2023) "
        "(row refused)",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "--start", "2023-02-30"], "'2023-02-30' is not a real date"),
        (["summary", "--level", "county"], "invalid choice: 'county'"),
        (["summary", "--events", "/no/such.csv"], "does not exist"),
        (["summary", "--type", "Parades"], "unknown event type(s) Parades"),
        (["mines", "--radius-km", "abc"], "'abc' is not a number"),
        (["mines", "--radius-km", "0"], "between 0 and 200 km"),
        (["summary", "--start", "2023-02-01", "--end", "2023-01-01"], "after the end date"),
    ],
)
def test_bad_input_is_one_clear_line(args, message):
    status, out, err = geo(*args)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_validate_counts_every_row_and_writes_the_rejected_ones(tmp_path):
    from tests.io.test_formats import write_delimited

    path = write_delimited(tmp_path / "eventos.txt", "\t", "utf-16", True, "\r\n")  # Excel "Unicode text"
    out_csv = tmp_path / "rechazadas.csv"
    status, out, err = geo("validate", str(path), "--rejected", str(out_csv))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "eventos.txt (CSV (UTF-16, tab-separated)): 8 rows: 5 accepted, 3 rejected"
    assert "          1  impossible date" in lines and "          1  latitude and longitude swapped" in lines
    assert "placed by the gazetteer (no coordinates): 2 (2 at a town, 0 somewhere in a district)" in lines
    assert lines[-1] == f"wrote 3 rejected row(s) to {out_csv}"
    written = rows(out_csv.read_text(encoding="utf-8-sig"))
    assert written[0][:4] == ["row", "reason", "ID", "Fecha"]  # the header first: a plain table
    assert [r[0] for r in written[1:]] == ["4", "5", "8"]
    assert written[2][written[0].index("Fallecidos")] == "-1"  # a plain number is not defused as a formula
    read = pd.read_csv(out_csv, encoding="utf-8-sig", dtype=str)  # as pandas reads it, no option needed
    assert list(read.columns[:4]) == ["row", "reason", "ID", "Fecha"] and read["row"].tolist() == ["4", "5", "8"]


@pytest.mark.parametrize(
    ("target", "words"),
    [("dir", "is a directory, not a file"), ("long", "File name too long"), ("missing", "does not exist")],
)
def test_unreadable_paths_are_one_line_status_2(tmp_path, target, words):
    path = {"dir": tmp_path, "long": tmp_path / ("x" * 300 + ".csv"), "missing": tmp_path / "no.csv"}[target]
    for args in (("validate", str(path)), ("summary", "--events", str(path))):
        status, out, err = geo(*args)
        assert status == 2 and out == "" and len(err.splitlines()) == 1 and words in err


def test_extreme_values_are_rejected_rows_not_a_crash(tmp_path):
    path = tmp_path / "extreme.csv"
    path.write_text(
        "event_date,event_type,fatalities,injured,latitude,longitude\n"
        "1600-01-01,Protests,1,,-15.5,-70.1\n"
        "2023-01-09,Protests,inf,1e19,-15.5,-70.1\n"
        + "2023-01-09,Protests,1e18,,-15.5,-70.1\n" * 10
        + "2023-01-09,Protests,7,,-15.5,-70.1\n",
        encoding="utf-8",
    )
    status, out, err = geo("summary", "--events", str(path))
    assert status == 0
    puno = next(r for r in rows(out) if r[0] == "21")
    assert puno[2:4] == ["1", "7"]  # ten rows of 1e18 deaths never reach the sum
    assert "13 rows: 1 accepted, 12 rejected" in err
