"""Derive every file in data/derived/ (and the map shapes in static/regions/) from the verbatim
copies in data/reference/.

Run from the repository root:  .venv/bin/python scripts/build_data.py

Nothing in data/derived/ is edited by hand; rerunning this script rewrites it identically.
"""

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.io import reference
from geo.names import normalize_name, title_name
from geo.place.assign import points_in_regions
from geo.place.boundaries import load_regions, region_names
from geo.place.gazetteer import find_place

REF = settings.REFERENCE_DIR
COORD_DECIMALS = 5  # ~1 m; the INEI "simple" files are far coarser than that
MAP_COORD_DECIMALS = 3  # ~100 m: below what a screen or a printed page at country scale shows
DECREE_TAGS = ("state_of_emergency", "curfew")
COUNT_TAG = "count"
ASSUMED_DECREE_DAYS = 30  # the usual length of a Peruvian state of emergency
MONTHS = {
    m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}


def _write_geojson(frame: gpd.GeoDataFrame, path: Path, decimals: int = COORD_DECIMALS) -> None:
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=decimals, RFC7946="YES")


def write_map_regions() -> dict[str, gpd.GeoDataFrame]:
    """Simplified display copies of the three reference layers; returns the full layers."""
    regions = {}
    for level in settings.LEVELS:
        frame = load_regions(level, "full").drop(columns="population", errors="ignore")
        regions[level] = frame
        # coverage_simplify keeps the borders that neighbours share identical: no slivers, no gaps.
        simple = frame.copy()
        simple["geometry"] = _simplify_coverage(frame.geometry.values, settings.MAP_SIMPLIFY_TOLERANCE[level])
        _write_geojson(simple, settings.regions_file(level, "map"), MAP_COORD_DECIMALS)
    return regions


def _simplify_coverage(geometries, tolerance: float):
    """Simplify polygons together so that borders shared by neighbours stay identical.

    shapely.coverage_simplify mis-shapes its result when given MultiPolygons (shapely 2.2), so it
    is given single polygons and the parts of each region are gathered again afterwards. The result
    is snapped to the grid of the written coordinates, and parts that collapse there (slivers of a
    few metres) are dropped, so every region stays one valid (Multi)Polygon.
    """
    parts, owner = shapely.get_parts(geometries, return_index=True)
    simplified = shapely.coverage_simplify(parts, tolerance)
    simplified = shapely.set_precision(simplified, 10.0**-MAP_COORD_DECIMALS)
    pieces, piece_owner = shapely.get_parts(simplified, return_index=True)
    keep = (shapely.get_type_id(pieces) == shapely.GeometryType.POLYGON) & (shapely.area(pieces) > 0)
    pieces, piece_owner = pieces[keep], owner[piece_owner[keep]]
    present = np.unique(piece_owner)
    if len(present) != len(geometries):
        raise SystemExit(f"simplifying at {tolerance} removed {len(geometries) - len(present)} regions")
    result = shapely.multipolygons(pieces, indices=np.searchsorted(present, piece_owner))
    invalid = ~shapely.is_valid(result)  # parts of one region that touch along an edge once snapped
    result[invalid] = [shapely.union_all(shapely.get_parts(g)) for g in result[invalid]]
    return result


def build_places(regions: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Gazetteer rows: provincial capitals (the town) and districts (a point inside).

    A capital's province and department are those its point falls in; its name takes the accents
    of its district's name when the two are the same place ("CAMANA" -> "Camaná").
    """
    capitals = gpd.read_file(settings.CAPITALS_FILE).to_crs(settings.CRS)
    district = points_in_regions(capitals.geometry.x.to_numpy(), capitals.geometry.y.to_numpy(), "district")
    if (district == settings.UNASSIGNED).any():
        raise SystemExit("a provincial capital lies outside every district")
    district_name = pd.Series(district).map(region_names("district"))
    own = [normalize_name(c) == normalize_name(d) for c, d in zip(capitals["CAPITAL"], district_name)]
    capital_rows = pd.DataFrame(
        {
            "name": np.where(own, district_name, capitals["CAPITAL"].map(title_name)),
            "kind": "capital",
            "department_code": [c[:2] for c in district],
            "province_code": [c[:4] for c in district],
            "latitude": capitals.geometry.y.round(COORD_DECIMALS).to_numpy(),
            "longitude": capitals.geometry.x.round(COORD_DECIMALS).to_numpy(),
        }
    )
    districts = regions["district"]
    points = districts.geometry.representative_point()
    district_rows = pd.DataFrame(
        {
            "name": districts["name"],
            "kind": "district",
            "department_code": districts["department_code"],
            "province_code": districts["province_code"],
            "latitude": points.y.round(COORD_DECIMALS),
            "longitude": points.x.round(COORD_DECIMALS),
        }
    )
    places = pd.concat([capital_rows, district_rows], ignore_index=True)
    return places.sort_values(["kind", "department_code", "province_code", "name"])


def _day_in_notes(day: str, month: str, after: pd.Timestamp) -> pd.Timestamp:
    """The date "14 Jan" written in a note, in the year that puts it on or after ``after``."""
    stamp = pd.Timestamp(after.year, MONTHS[month], int(day))
    return stamp if stamp >= after - pd.Timedelta(days=31) else pd.Timestamp(after.year + 1, MONTHS[month], int(day))


def _decree_dates(row: pd.Series) -> tuple[str, str, int, str]:
    """(in force from, to, days, basis) of a decree row, read from its notes where stated."""
    notes = row["notes"]
    issued = pd.Timestamp(row["event_date"])
    stated = re.search(r"in force (\d{1,2}) ([A-Z][a-z]{2})\s*[-–]\s*(\d{1,2}) ([A-Z][a-z]{2})", notes)
    if stated:  # e.g. "in force 15 Dec-14 Jan"
        start = _day_in_notes(stated.group(1), stated.group(2), issued)
        end = _day_in_notes(stated.group(3), stated.group(4), start)
        return (start.date().isoformat(), end.date().isoformat(), (end - start).days + 1, f"notes: {stated.group(0)}")
    days_match = re.search(r"(\d+)-day", notes)
    if days_match:
        days, basis = int(days_match.group(1)), f"notes: {days_match.group(0)}"
    elif "month" in notes:
        days, basis = 30, "notes: one month"
    else:
        days, basis = ASSUMED_DECREE_DAYS, f"assumed {ASSUMED_DECREE_DAYS} days"
    end = issued + pd.Timedelta(days=days - 1)
    return issued.date().isoformat(), end.date().isoformat(), days, basis


def _place_by_name(events: pd.DataFrame, rows: pd.Index) -> None:
    """Put each of ``rows`` (events without coordinates) at the town or district it names, as a
    user's file is placed (geo.place.locate.validate_events); one the gazetteer cannot settle
    stays at its region."""
    for i in rows:
        place = find_place(events.at[i, "location"], events.at[i, "admin1"], events.at[i, "admin2"]).place
        if place is None:
            events.at[i, "geo_precision"] = str(settings.GEO_PRECISION_REGION)
        else:
            events.at[i, "latitude"] = f"{place.latitude:.{COORD_DECIMALS}f}"
            events.at[i, "longitude"] = f"{place.longitude:.{COORD_DECIMALS}f}"
            events.at[i, "geo_precision"] = str(settings.GEO_PRECISION_TOWN)
            events.at[i, "placed_at"] = (
                settings.PLACED_AT_TOWN if place.kind == "capital" else settings.PLACED_AT_DISTRICT
            )


def build_events(facts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split the fact table into incidents (ACLED columns), roadblock counts and decrees."""
    tags = facts["tags"].str.split(";")
    is_count = tags.map(lambda t: COUNT_TAG in t)
    is_decree = tags.map(lambda t: any(tag in t for tag in DECREE_TAGS))
    national = facts["department"] == "(national)"
    admin1 = facts["department"].where(~national, "")

    events = pd.DataFrame(
        {
            "event_id_cnty": [f"PERF{i:04d}" for i in range(1, len(facts) + 1)],
            "event_date": facts["event_date"],
            "event_type": facts["event_type"],
            "sub_event_type": facts["sub_event_type"],
            "actor1": facts["actor1"],
            "actor2": facts["actor2"],
            "admin1": admin1,
            "admin2": facts["province"],
            "location": facts["location"],
            "latitude": facts["latitude"],
            "longitude": facts["longitude"],
            "geo_precision": "",
            "fatalities": facts["fatalities"],
            "notes": facts["notes"],
            "source": facts["source_url"],
            "tags": facts["tags"],
            "injured": facts["injured"],
            "mine": facts["mine"],
            "fatality_kind": facts["fatality_kind"],
            "placed_at": "",
        }
    )
    has_coords = (events["latitude"] != "") & (events["longitude"] != "")
    events.loc[has_coords, "geo_precision"] = str(settings.GEO_PRECISION_EXACT)
    _place_by_name(events, events.index[~has_coords & ~is_count & ~is_decree])

    decrees = events[is_decree].copy()
    dates = decrees.apply(_decree_dates, axis=1, result_type="expand")
    decrees["in_force_from"], decrees["in_force_to"] = dates[0], dates[1]
    decrees["duration_days"], decrees["duration_basis"] = dates[2], dates[3]
    decrees = decrees[
        [
            "event_id_cnty",
            "event_date",
            "in_force_from",
            "in_force_to",
            "duration_days",
            "duration_basis",
            "admin1",
            "admin2",
            "location",
            "tags",
            "notes",
            "source",
        ]
    ]
    counts = events[is_count][
        ["event_id_cnty", "event_date", "admin1", "admin2", "location", "tags", "notes", "source"]
    ]
    return {"events": events[~is_count & ~is_decree], "roadblock_counts": counts, "decrees": decrees}


def main() -> None:
    settings.DERIVED_DIR.mkdir(parents=True, exist_ok=True)
    regions = write_map_regions()
    places = build_places(regions)
    places.to_csv(reference.PLACES_FILE, index=False)
    reference.clear()  # the gazetteer and the map shapes were just rewritten

    facts = pd.read_csv(REF / "events_facts.csv", dtype=str, keep_default_na=False)
    tables = build_events(facts)
    tables["events"].to_csv(settings.BUNDLED_EVENTS, index=False)
    tables["roadblock_counts"].to_csv(settings.BUNDLED_ROADBLOCK_COUNTS, index=False)
    tables["decrees"].to_csv(settings.BUNDLED_DECREES, index=False)

    events = tables["events"]
    print(f"regions: {', '.join(f'{k} {len(v)}' for k, v in regions.items())}; places {len(places)}")
    print(
        f"fact rows {len(facts)} -> events {len(events)}, roadblock counts "
        f"{len(tables['roadblock_counts'])}, decrees {len(tables['decrees'])}"
    )
    print(
        "events by geo_precision:",
        events["geo_precision"].value_counts().sort_index().to_dict(),
        "placed at:",
        events["placed_at"].value_counts().to_dict(),
    )


if __name__ == "__main__":
    main()
