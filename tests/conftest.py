"""Shared fixtures: the bundled data loaded once, and a builder for hand-made event frames."""

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Ingested files are cached on disk (geo/io/cache.py): the tests keep theirs out of the repository.
os.environ.setdefault("PERU_MAP_CACHE", tempfile.mkdtemp(prefix="peru-map-cache-"))

from geo.analysis.dataset import load_bundle  # noqa: E402
from geo.place.locate import validate_events  # noqa: E402

# The 31 columns of ACLED's standard export, in order (notes/acled-format.md).
ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
).split(",")


@pytest.fixture(scope="session")
def bundle():
    return load_bundle()


def make_events(rows: list[dict]) -> pd.DataFrame:
    """Validated events from a few hand-written rows (missing columns left blank)."""
    defaults = {
        "event_date": "2023-01-09",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "fatalities": "0",
        "latitude": "",
        "longitude": "",
    }
    raw = pd.DataFrame([{**defaults, **{k: str(v) for k, v in row.items()}} for row in rows])
    return validate_events(raw, "test.csv").events


@pytest.fixture
def events_from():
    return make_events


def pytest_collection_modifyitems(items):
    """Everything under tests/browser carries the `browser` marker (elsewhere a test that opens
    Chromium says so itself), so `pytest -m "not browser"` is the fast suite."""
    for item in items:
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)
        if item.path.parent.name == "store":
            item.add_marker(pytest.mark.db)
