"""The shared store (geo/store): its schema, and importing files by event id with history."""

import subprocess
import sys

import pandas as pd
import psycopg
import pytest

from geo import settings
from geo.store.events import import_events, stored_id
from geo.store.schema import MIGRATIONS, migrate
from tests.conftest import ROOT, make_events


def geo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_init_creates_the_schema_once(db_url):
    first, second = geo("db", "init", "--db", db_url), geo("db", "init", "--db", db_url)
    assert first.returncode == 0 and f"applied {list(range(1, len(MIGRATIONS) + 1))}" in first.stdout
    assert second.returncode == 0 and "nothing to do" in second.stdout
    with psycopg.connect(db_url) as conn:
        index = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'events_geom'").fetchone()[0]
        kind = conn.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'events'").fetchone()
    assert "USING gist (geom)" in index
    assert kind == ("POINT", 4326)


def test_importing_the_same_file_twice_changes_nothing(db_url):
    path = str(settings.BUNDLED_EVENTS)
    first = geo("db", "import", path, "--db", db_url, "--by", "ana")
    assert first.returncode == 0, first.stderr
    assert "226 added, 0 changed, 0 unchanged" in first.stdout
    again = geo("db", "import", path, "--db", db_url, "--by", "ana")
    assert "0 added, 0 changed, 226 unchanged" in again.stdout
    with psycopg.connect(db_url) as conn:
        events, deaths, newest = conn.execute("SELECT count(*), sum(fatalities), max(version) FROM events").fetchone()
        history = conn.execute("SELECT count(*), count(*) FILTER (WHERE old IS NULL) FROM event_history").fetchone()
    bundled = pd.read_csv(path)
    assert (events, deaths, newest) == (len(bundled), bundled["fatalities"].sum(), 1)
    assert history == (226, 226)  # one creation each, nothing for the second import


def test_a_changed_row_is_a_new_version_with_its_old_and_new_values(db_url):
    rows = [
        {
            "event_id_cnty": "PER1",
            "fatalities": 0,
            "admin1": "Puno",
            "location": "Juliaca",
            "source": "https://example.org/a",
        },
        {"event_id_cnty": "PER2", "admin1": "Cusco", "location": "Cusco"},
    ]
    with psycopg.connect(db_url, autocommit=True) as conn:
        migrate(conn)
        assert import_events(conn, _table(rows), "ana").added == 2
        rows[0] = {**rows[0], "fatalities": 3, "source": "https://example.org/b"}
        result = import_events(conn, _table(rows), "luis", "Defensoría update")
        assert (result.added, result.changed, result.unchanged) == (0, 1, 1)
        version, fields = conn.execute("SELECT version, fields FROM events WHERE event_id_cnty = 'PER1'").fetchone()
        change = conn.execute(
            "SELECT version, changed_by, reason, old->>'fatalities', new->>'fatalities', source_url "
            "FROM event_history WHERE event_id_cnty = 'PER1' ORDER BY version DESC LIMIT 1"
        ).fetchone()
    assert version == 2 and fields["fatalities"] == "3"
    assert change == (2, "luis", "Defensoría update", "0", "3", "https://example.org/b")


def test_a_row_without_an_id_is_found_again_by_what_it_says(db_url):
    """Rows without an id are stored by what they say: the same row again is no change, and another
    file's row 2 is another event (not an update of the first file's row 2)."""
    juliaca = [{"admin1": "Puno", "location": "Juliaca", "notes": "march"}]
    cusco = [{"admin1": "Cusco", "location": "Cusco", "notes": "strike"}]
    with psycopg.connect(db_url, autocommit=True) as conn:
        migrate(conn)
        assert import_events(conn, _table(juliaca), "ana").added == 1
        assert import_events(conn, _table(juliaca), "ana").unchanged == 1
        assert import_events(conn, _table(cusco), "ana").added == 1
        ids = [row[0] for row in conn.execute("SELECT event_id_cnty FROM events")]
    assert len(ids) == 2 and all(i.startswith("PER-") for i in ids)
    assert stored_id({"event_id_cnty": "row-2", "notes": "a"}) != stored_id({"event_id_cnty": "row-2", "notes": "b"})
    assert stored_id({"event_id_cnty": "PER1234"}) == "PER1234"


def test_rejected_rows_stay_out_and_the_good_rows_go_in(db_url, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,fatalities,admin1\n"
        "A1,2023-01-09,Protests,0,Puno\nA2,2023-02-31,Protests,0,Puno\nA3,2023-01-10,Riots,1,Cusco\n"
    )
    done = geo("db", "import", str(path), "--db", db_url, "--by", "ana")
    assert done.returncode == 0, done.stderr
    assert "3 rows: 2 accepted, 1 rejected" in done.stdout and "2 added" in done.stdout
    with psycopg.connect(db_url) as conn:
        ids = [row[0] for row in conn.execute("SELECT event_id_cnty FROM events ORDER BY 1")]
    assert ids == ["A1", "A3"]


def test_no_store_is_one_clear_error(monkeypatch):
    monkeypatch.delenv("PERU_MAP_DB", raising=False)
    done = geo("db", "init")
    assert done.returncode == 2 and done.stderr.strip() == "error: no store given: --db URL or PERU_MAP_DB"
    unreachable = geo("db", "init", "--db", "postgresql://nobody@127.0.0.1:9/none")
    assert unreachable.returncode == 2 and unreachable.stderr.startswith("error: cannot reach the store:")


def _table(rows: list[dict]):
    from geo.io.schema import EventTable

    return EventTable(make_events(rows))


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch):
    monkeypatch.delenv("PERU_MAP_DB", raising=False)
