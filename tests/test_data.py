"""The bundled data: derived files match the reference copies they come from."""

import csv

import geopandas as gpd

from geo import settings
from geo.place.boundaries import load_regions


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
    assert precision == {"1": 164, "2": 24, "3": 38}
    assert all(r["latitude"] == "" for r in events if r["geo_precision"] == "3")
    placed = {p: sum(r["placed_at"] == p for r in events if r["geo_precision"] == "2") for p in ("town", "district")}
    assert placed == {"town": 8, "district": 16}
    antauta = next(r for r in events if r["location"] == "Antauta")
    assert antauta["geo_precision"] == "2" and antauta["placed_at"] == "district" and antauta["latitude"] != ""


def test_town_points_are_the_provincial_capitals():
    # "Cajamarca (access roads)" has no coordinates: it is drawn at INEI's point for the capital.
    events = _read(settings.BUNDLED_EVENTS)
    places = _read(settings.DERIVED_DIR / "places.csv")
    capital = next(p for p in places if p["kind"] == "capital" and p["name"] == "Cajamarca")
    cajamarca = next(r for r in events if r["location"] == "Cajamarca (access roads)")
    assert cajamarca["placed_at"] == "town"
    assert (cajamarca["latitude"], cajamarca["longitude"]) == (
        f"{float(capital['latitude']):.5f}",
        f"{float(capital['longitude']):.5f}",
    )
    assert sum(p["kind"] == "capital" for p in places) == 194
    assert next(p for p in places if p["kind"] == "capital" and p["province_code"] == "0402")["name"] == "Camaná"


def test_fatality_kinds_carry_over_from_the_reference():
    events = _read(settings.BUNDLED_EVENTS)
    totals = {}
    for r in events:
        if int(r["fatalities"]):
            totals[r["fatality_kind"]] = totals.get(r["fatality_kind"], 0) + int(r["fatalities"])
    assert totals == {"clashes": 48, "police": 1, "blockade": 3, "soldiers": 6}


def test_decree_dates_come_from_the_notes():
    decrees = {r["event_id_cnty"]: r for r in _read(settings.BUNDLED_DECREES)}
    national = next(r for r in decrees.values() if r["location"] == "(national)")
    assert (national["in_force_from"], national["in_force_to"]) == ("2022-12-15", "2023-01-14")
    feb = [r for r in decrees.values() if r["event_date"] == "2023-02-05"]
    assert {r["duration_days"] for r in feb} == {"60"}


def test_departments_have_accented_names_and_census_population():
    departments = load_regions("department")
    names = set(departments["name"])
    assert {"Apurímac", "Junín", "San Martín", "Áncash", "Huánuco"} <= names
    assert departments["population"].sum() == 29_381_884


def test_map_copies_are_lighter_but_complete():
    for level in settings.LEVELS:
        full = settings.regions_file(level, "full")
        simple = settings.regions_file(level, "map")
        assert simple.stat().st_size < full.stat().st_size
        drawn = gpd.read_file(simple)
        assert len(drawn) == len(gpd.read_file(full)) == {"department": 25, "province": 196, "district": 1891}[level]
        # Every region survives simplification as one valid polygonal shape (no slivers collapsed
        # into lines: folium cannot draw those).
        assert drawn.geometry.is_valid.all() and set(drawn.geom_type) <= {"Polygon", "MultiPolygon"}
