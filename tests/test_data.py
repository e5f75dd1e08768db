"""The bundled data: derived files match the reference copies they come from."""

import csv

import geopandas as gpd

from geo import settings


def _read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_reference_row_lands_in_exactly_one_file():
    facts = _read(settings.REFERENCE_DIR / "events_facts.csv")
    events = _read(settings.BUNDLED_EVENTS)
    counts = _read(settings.BUNDLED_ROADBLOCK_COUNTS)
    decrees = _read(settings.BUNDLED_DECREES)
    assert (len(events), len(counts), len(decrees)) == (226, 36, 27)
    assert len(events) + len(counts) + len(decrees) == len(facts) == 289
    ids = [r["event_id_cnty"] for r in events + counts + decrees]
    assert len(set(ids)) == 289
    # Every row keeps the source URL of its reference row.
    by_id = {f"PERF{i:04d}": r for i, r in enumerate(facts, 1)}
    assert all(r["source"] == by_id[r["event_id_cnty"]]["source_url"] for r in events + counts + decrees)
    assert not any("count" in r["tags"].split(";") for r in events)
    assert not any(t in r["tags"] for r in events for t in ("state_of_emergency", "curfew"))


def test_events_without_coordinates_are_placed_or_marked():
    events = _read(settings.BUNDLED_EVENTS)
    precision = {p: sum(r["geo_precision"] == p for r in events) for p in "123"}
    assert precision == {"1": 164, "2": 23, "3": 39}
    assert all(r["latitude"] == "" for r in events if r["geo_precision"] == "3")
    antauta = next(r for r in events if r["location"] == "Antauta")
    assert antauta["geo_precision"] == "2" and antauta["latitude"] != ""


def test_decree_dates_come_from_the_notes():
    decrees = {r["event_id_cnty"]: r for r in _read(settings.BUNDLED_DECREES)}
    national = next(r for r in decrees.values() if r["location"] == "(national)")
    assert (national["in_force_from"], national["in_force_to"]) == ("2022-12-15", "2023-01-14")
    feb = [r for r in decrees.values() if r["event_date"] == "2023-02-05"]
    assert {r["duration_days"] for r in feb} == {"60"}


def test_departments_have_accented_names_and_census_population():
    departments = gpd.read_file(settings.regions_file("department", "full"))
    names = set(departments["name"])
    assert {"Apurímac", "Junín", "San Martín", "Áncash", "Huánuco"} <= names
    assert departments["population"].sum() == 29_381_884


def test_map_copies_are_lighter_but_complete():
    for level in settings.LEVELS:
        full = settings.regions_file(level, "full")
        simple = settings.regions_file(level, "map")
        assert simple.stat().st_size < full.stat().st_size
        assert len(gpd.read_file(simple)) == len(gpd.read_file(full))
