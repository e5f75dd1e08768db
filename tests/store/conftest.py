"""A real PostgreSQL + PostGIS store for these tests (scripts/db.sh, never a mock): each test gets a
database of its own in it, dropped afterwards."""

import subprocess
import uuid

import pytest

from tests.conftest import ROOT


def _running(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def server_url():
    """The URL of the store scripts/db.sh starts (stopped again if these tests started it)."""
    script = str(ROOT / "scripts" / "db.sh")
    url = subprocess.run(["bash", script, "url"], capture_output=True, text=True, check=True).stdout.strip()
    was_running = _running(url)
    started = subprocess.run(["bash", script, "start"], capture_output=True, text=True, timeout=900)
    assert started.returncode == 0, started.stderr
    yield started.stdout.strip().splitlines()[-1]
    if not was_running:
        subprocess.run(["bash", script, "stop"], capture_output=True, timeout=120)


@pytest.fixture
def db_url(server_url):
    """A new, empty database on the store for one test."""
    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield server_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
