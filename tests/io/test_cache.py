"""An ingested events file is kept on disk and never served stale (geo.io.cache)."""

import os
import shutil

import pandas as pd

from geo import settings
from geo.analysis.dataset import load_bundle
from geo.io import cache


def _write(path, fatalities):
    path.write_text(
        "event_date,event_type,latitude,longitude,fatalities\n"
        f"2023-01-09,Protests,-15.4997,-70.1331,{fatalities}\n"
        "not a date,Protests,-15.5,-70.1,1\n",
        encoding="utf-8",
    )


def test_a_second_load_comes_from_the_cache_and_matches(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    path = tmp_path / "events.csv"
    _write(path, 3)
    first = load_bundle(path)
    cache.wait_for_writes()  # the entry is written in the background
    assert len(list((tmp_path / "cache").glob("*.events.parquet"))) == 1  # the events frame
    calls = []
    monkeypatch.setattr("geo.analysis.dataset.read_events", lambda p: calls.append(p))  # must not be needed
    second = load_bundle(path)
    assert calls == []
    pd.testing.assert_frame_equal(first.events, second.events)
    assert second.table.problem_lines() == first.table.problem_lines()
    assert (second.table.total, second.table.accepted) == (first.table.total, first.table.accepted)
    assert second.table.line_count == first.table.line_count and first.table.line_count.lines == 3
    assert second.table.summary() == first.table.summary()
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


def test_a_file_edited_in_place_with_its_size_and_times_restored_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    path = tmp_path / "events.csv"
    _write(path, 3)
    assert load_bundle(path).events["fatalities"].sum() == 3
    cache.wait_for_writes()
    stat = path.stat()
    _write(path, 7)  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert load_bundle(path).events["fatalities"].sum() == 7


def test_a_forged_entry_is_not_served(tmp_path, monkeypatch):
    """An entry's file swapped for another valid entry's (valid Parquet, wrong content) is rebuilt."""
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    three, five = tmp_path / "three.csv", tmp_path / "five.csv"
    _write(three, 3)
    _write(five, 5)
    load_bundle(three), load_bundle(five)
    cache.wait_for_writes()
    forged = cache._frame_file(cache.cache_key(five), "events")
    shutil.copyfile(cache._frame_file(cache.cache_key(three), "events"), forged)
    assert cache.load(cache.cache_key(five)) is None
    assert load_bundle(five).events["fatalities"].sum() == 5
    # A record moved under another key is refused too.
    cache.wait_for_writes()
    shutil.copyfile(cache._record(cache.cache_key(three)), cache._record(cache.cache_key(five)))
    assert cache.load(cache.cache_key(five)) is None


def test_entries_are_keyed_by_the_bundled_events(tmp_path, monkeypatch):
    """A file shown with the bundled events is read again once the bundled events change."""
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    bundled = tmp_path / "bundled.csv"
    shutil.copyfile(settings.BUNDLED_EVENTS, bundled)
    monkeypatch.setattr(settings, "BUNDLED_EVENTS", bundled)
    cache._inputs_fingerprint.cache_clear()
    path = tmp_path / "events.csv"
    _write(path, 3)
    before = load_bundle(path, add_bundled=True)
    cache.wait_for_writes()
    frame = pd.read_csv(bundled, dtype=str, keep_default_na=False)
    lima = frame.index[frame["admin1"] == "Lima"][0]
    frame.loc[lima, "fatalities"] = str(int(frame.loc[lima, "fatalities"]) + 40)
    frame.to_csv(bundled, index=False)
    cache._inputs_fingerprint.cache_clear()
    after = load_bundle(path, add_bundled=True)
    assert after.events["fatalities"].sum() == before.events["fatalities"].sum() + 40
    cache._inputs_fingerprint.cache_clear()


def test_the_folder_stays_under_its_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(settings, "CACHE_MAX_MB", 0.25)  # a few entries
    sizes = []
    for n in range(50):
        path = tmp_path / f"events{n}.csv"
        _write(path, n)
        load_bundle(path)
        cache.wait_for_writes()
        sizes.append(sum(p.stat().st_size for p in (tmp_path / "cache").iterdir()))
    assert max(sizes) <= 0.25 * 2**20
    assert len(list((tmp_path / "cache").glob("*.json"))) >= 2  # kept what fits, newest first
    newest = cache.cache_key(tmp_path / "events49.csv")
    assert cache.load(newest) is not None


def test_entries_are_keyed_by_the_reference_data(tmp_path, monkeypatch):
    """README: an entry is keyed by the reference data too: a changed boundaries or places file
    changes the key, so the file is ingested again, never served from the entry made before."""
    inputs = cache._inputs()
    for name in ["places.csv", *sorted(settings.BOUNDARY_FILES.values())]:
        original = next(p for p in inputs if p.name == name)  # the file is one of the key's inputs
        _ingested_again_after_a_change(tmp_path / name.split(".")[0], monkeypatch, inputs, original)
    cache._inputs_fingerprint.cache_clear()


def _ingested_again_after_a_change(folder, monkeypatch, inputs, original):
    folder.mkdir()
    monkeypatch.setattr(settings, "CACHE_DIR", folder / "cache")
    changed = folder / original.name
    shutil.copyfile(original, changed)
    # The key reads the copy in place of the original (a trailing newline changes no data).
    monkeypatch.setattr(cache, "_inputs", lambda: [changed if p == original else p for p in inputs])
    cache._inputs_fingerprint.cache_clear()
    path = folder / "events.csv"
    _write(path, 3)
    key = cache.cache_key(path)
    load_bundle(path)
    cache.wait_for_writes()
    assert cache.load(key) is not None
    with open(changed, "a", encoding="utf-8") as f:
        f.write("\n")
    cache._inputs_fingerprint.cache_clear()
    assert cache.cache_key(path) != key, original.name
    assert cache.load(cache.cache_key(path)) is None  # the entry made before is not this one
    assert load_bundle(path).events["fatalities"].sum() == 3
    cache.wait_for_writes()
    assert len(list((folder / "cache").glob("*.json"))) == 2, original.name  # ingested again, kept beside
