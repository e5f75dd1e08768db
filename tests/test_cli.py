"""The command line contract (python -m geo), run as a user would run it."""

import csv
import io
import subprocess
import sys

import pytest
from conftest import ROOT


def geo(*args):
    result = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def rows(stdout):
    return list(csv.reader(io.StringIO(stdout)))


def test_summary_lists_every_department_then_unassigned():
    status, out, err = geo("summary")
    table = rows(out)
    assert status == 0 and err == ""
    assert table[0] == ["code", "name", "events", "fatalities"]
    assert [r[0] for r in table[1:-1]] == [f"{i:02d}" for i in range(1, 26)]  # leading zeros kept
    assert table[-1][0] == "UNASSIGNED"
    by_name = {r[1]: r for r in table[1:]}
    assert by_name["Puno"][2:] == ["44", "29"]
    assert by_name["Loreto"][2:] == ["0", "0"]  # zeros included
    assert sum(int(r[2]) for r in table[1:]) == 226


def test_summary_filters_by_date_type_and_level():
    status, out, _ = geo("summary", "--level", "province", "--start", "2023-01-09", "--end", "2023-01-09",
                         "--type", "Protests")
    table = rows(out)
    assert status == 0 and len(table) == 1 + 195 + 1
    san_roman = next(r for r in table if r[0] == "2111")
    assert san_roman[1] == "San Roman" and san_roman[3] == "18"  # Juliaca, 9 January


def test_mines_csv_with_radius():
    status, out, _ = geo("mines", "--radius-km", "25")
    table = rows(out)
    assert status == 0
    assert table[0] == ["mine", "department", "latitude", "longitude", "events", "fatalities"]
    assert len(table) == 1 + 25  # Cerro Lindo has no coordinates
    cerro_verde = next(r for r in table if r[0] == "Cerro Verde")
    assert cerro_verde[1] == "Arequipa" and cerro_verde[4:] == ["13", "2"]
    wider = {r[0]: int(r[4]) for r in rows(geo("mines", "--radius-km", "60")[1])[1:]}
    assert wider["Cerro Verde"] >= 13


def test_user_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("event_date,event_type,latitude,longitude,fatalities\n"
                    "2023-01-09,Protests,-15.4997,-70.1331,3\n"
                    "2023-01-09,Protests,-16.4897,-68.1193,1\n"
                    "not a date,Protests,-15.5,-70.1,1\n", encoding="utf-8")
    status, out, err = geo("summary", "--events", str(path))
    table = {r[0]: r for r in rows(out)}
    assert status == 0
    assert table["21"][2:] == ["1", "3"] and table["UNASSIGNED"][2:] == ["1", "1"]
    assert err.strip() == ("warning: row 4, column 'event_date': 'not a date' is not a date "
                           "(expected e.g. 2023-01-09) (row skipped)")


@pytest.mark.parametrize("args, message", [
    (["summary", "--start", "2023-02-30"], "'2023-02-30' is not a real date"),
    (["summary", "--level", "county"], "invalid choice: 'county'"),
    (["summary", "--events", "/no/such.csv"], "does not exist"),
    (["summary", "--type", "Parades"], "unknown event type(s) Parades"),
    (["mines", "--radius-km", "abc"], "'abc' is not a number"),
    (["mines", "--radius-km", "0"], "between 0 and 200 km"),
    (["summary", "--start", "2023-02-01", "--end", "2023-01-01"], "after the end date"),
])
def test_bad_input_is_one_clear_line(args, message):
    status, out, err = geo(*args)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err
