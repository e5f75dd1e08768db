"""An ingested events file is kept on disk and never served stale (geo.cache)."""

import pandas as pd

from geo import cache, settings
from geo.bundle import load_bundle


def _write(path, fatalities):
    path.write_text("event_date,event_type,latitude,longitude,fatalities\n"
                    f"2023-01-09,Protests,-15.4997,-70.1331,{fatalities}\n"
                    "not a date,Protests,-15.5,-70.1,1\n", encoding="utf-8")


def test_a_second_load_comes_from_the_cache_and_matches(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    path = tmp_path / "events.csv"
    _write(path, 3)
    first = load_bundle(path)
    cache.wait_for_writes()  # the entry is written in the background
    assert len(list((tmp_path / "cache").glob("*-????????????????.parquet"))) == 1  # the events frame
    calls = []
    monkeypatch.setattr("geo.bundle.read_events", lambda p: calls.append(p))  # must not be needed
    second = load_bundle(path)
    assert calls == []
    pd.testing.assert_frame_equal(first.events, second.events)
    assert second.table.problem_lines() == first.table.problem_lines()
    assert (second.table.total, second.table.accepted) == (first.table.total, first.table.accepted)
    assert second.table.source_name == "events.csv" and not second.bundled


def test_a_changed_file_is_never_served_stale(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    path = tmp_path / "events.csv"
    _write(path, 3)
    key = cache.cache_key(path)
    assert load_bundle(path).events["fatalities"].sum() == 3
    _write(path, 5)
    assert cache.cache_key(path) != key
    assert load_bundle(path).events["fatalities"].sum() == 5


def test_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setattr(settings, "CACHE_DIR", blocker / "cache")
    path = tmp_path / "events.csv"
    _write(path, 2)
    assert load_bundle(path).events["fatalities"].sum() == 2


def test_a_large_unchanged_file_is_hashed_once_and_a_changed_one_again(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(settings, "HASH_MEMO_MIN_BYTES", 10)
    path = tmp_path / "events.csv"
    _write(path, 3)
    hashed = []
    original = cache._sha256
    monkeypatch.setattr(cache, "_sha256", lambda p: hashed.append(p) or original(p))
    key = cache.cache_key(path)
    assert cache.cache_key(path) == key and len(hashed) == 1  # the second time from the memo
    _write(path, 55)  # another size: read and hashed again
    assert cache.cache_key(path) != key and len(hashed) == 2
