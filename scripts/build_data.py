"""Derive every file in data/derived/ from the verbatim copies in data/reference/.

Run from the repository root:  .venv/bin/python scripts/build_data.py

Nothing in data/derived/ is edited by hand; rerunning this script rewrites it identically.
"""

import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import gazetteer, settings  # noqa: E402
from geo.boundaries import department_codes_by_name, province_codes_by_name  # noqa: E402
from geo.names import normalize_name, title_name  # noqa: E402

REF = settings.REFERENCE_DIR
BOUNDARIES = REF / "boundaries"
COORD_DECIMALS = 5  # ~1 m; the INEI "simple" files are far coarser than that
MAP_COORD_DECIMALS = 3  # ~100 m: below what a screen or a printed page at country scale shows
DECREE_TAGS = ("state_of_emergency", "curfew")
COUNT_TAG = "count"
ASSUMED_DECREE_DAYS = 30  # the usual length of a Peruvian state of emergency
MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}


def _write_geojson(frame: gpd.GeoDataFrame, path: Path, decimals: int = COORD_DECIMALS) -> None:
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=decimals, RFC7946="YES")


def build_regions() -> dict[str, gpd.GeoDataFrame]:
    """Departments, provinces and districts with codes and display names."""
    population = pd.read_csv(settings.POPULATION_FILE, dtype={"ubigeo": str})
    raw = gpd.read_file(BOUNDARIES / "peru_departamental_simple.geojson").to_crs(settings.CRS)
    departments = raw.rename(columns={"FIRST_IDDP": "code"}).merge(
        population.rename(columns={"ubigeo": "code", "department": "name",
                                   "population_2017_census": "population"}),
        on="code", how="left", validate="one_to_one")
    missing = departments[departments["name"].isna()]
    if not missing.empty:
        raise SystemExit(f"no population row for departments {list(missing['code'])}")
    departments = departments[["code", "name", "population", "geometry"]]

    raw = gpd.read_file(BOUNDARIES / "peru_provincial_simple.geojson").to_crs(settings.CRS)
    # Two provinces (0510 Lucanas, 2001 Piura) come as two features each: dissolve by code.
    provinces = raw.dissolve(by="FIRST_IDPR", aggfunc={"NOMBPROV": "first"}).reset_index()
    provinces = gpd.GeoDataFrame({
        "code": provinces["FIRST_IDPR"],
        "name": provinces["NOMBPROV"].map(title_name),
        "department_code": provinces["FIRST_IDPR"].str[:2],
    }, geometry=provinces.geometry.values, crs=settings.CRS)

    raw = gpd.read_file(BOUNDARIES / "peru_distrital_simple.geojson").to_crs(settings.CRS)
    districts = gpd.GeoDataFrame({
        "code": raw["IDDIST"],
        "name": raw["NOMBDIST"].map(title_name),
        "province_code": raw["IDPROV"],
        "department_code": raw["IDDPTO"],
        "capital": raw["NOM_CAP"].fillna("").map(title_name),
    }, geometry=raw.geometry.values, crs=settings.CRS)
    return {"department": departments, "province": provinces, "district": districts}


def write_regions(regions: dict[str, gpd.GeoDataFrame]) -> None:
    for level, frame in regions.items():
        frame = frame.sort_values("code").reset_index(drop=True)
        _write_geojson(frame, settings.regions_file(level, "full"))
        # coverage_simplify keeps the borders that neighbours share identical: no slivers, no gaps.
        simple = frame.copy()
        simple["geometry"] = _simplify_coverage(frame.geometry.values,
                                                settings.MAP_SIMPLIFY_TOLERANCE[level])
        _write_geojson(simple, settings.regions_file(level, "map"), MAP_COORD_DECIMALS)


def _simplify_coverage(geometries, tolerance: float):
    """Simplify polygons together so that borders shared by neighbours stay identical.

    shapely.coverage_simplify mis-shapes its result when given MultiPolygons (shapely 2.2), so it
    is given single polygons and the parts of each region are gathered again afterwards.
    """
    parts, owner = shapely.get_parts(geometries, return_index=True)
    simplified = shapely.coverage_simplify(parts, tolerance)
    keep = ~shapely.is_empty(simplified)
    result = np.full(len(geometries), None, dtype=object)  # 8 INEI districts have no geometry
    present = np.unique(owner[keep])
    result[present] = shapely.multipolygons(simplified[keep], indices=np.searchsorted(present, owner[keep]))
    return result


def build_places(regions: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Gazetteer rows: provincial capitals (the town) and districts (a point inside).

    Reads the code lookups from the derived region files, so call it after write_regions.
    """
    capitals = gpd.read_file(BOUNDARIES / "peru_capital_provincia.geojson").to_crs(settings.CRS)
    department_code = department_codes_by_name()
    province_code = province_codes_by_name()
    capitals["department_code"] = capitals["DEPARTAM"].map(normalize_name).map(department_code)
    capitals["province_code"] = [province_code.get((d, normalize_name(p)))
                                 for d, p in zip(capitals["department_code"], capitals["PROVINCIA"])]
    capital_rows = pd.DataFrame({
        "name": capitals["CAPITAL"].map(title_name), "kind": "capital",
        "department_code": capitals["department_code"], "province_code": capitals["province_code"],
        "latitude": capitals.geometry.y.round(COORD_DECIMALS),
        "longitude": capitals.geometry.x.round(COORD_DECIMALS)})
    districts = regions["district"]
    points = districts.geometry.representative_point()
    district_rows = pd.DataFrame({
        "name": districts["name"], "kind": "district",
        "department_code": districts["department_code"], "province_code": districts["province_code"],
        "latitude": points.y.round(COORD_DECIMALS), "longitude": points.x.round(COORD_DECIMALS)})
    places = pd.concat([capital_rows, district_rows], ignore_index=True)
    if places["department_code"].isna().any():
        raise SystemExit("a provincial capital names an unknown department")
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
        return (start.date().isoformat(), end.date().isoformat(), (end - start).days + 1,
                f"notes: {stated.group(0)}")
    days_match = re.search(r"(\d+)-day", notes)
    if days_match:
        days, basis = int(days_match.group(1)), f"notes: {days_match.group(0)}"
    elif "month" in notes:
        days, basis = 30, "notes: one month"
    else:
        days, basis = ASSUMED_DECREE_DAYS, f"assumed {ASSUMED_DECREE_DAYS} days"
    end = issued + pd.Timedelta(days=days - 1)
    return issued.date().isoformat(), end.date().isoformat(), days, basis


def build_events(facts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split the fact table into incidents (ACLED columns), roadblock counts and decrees."""
    tags = facts["tags"].str.split(";")
    is_count = tags.map(lambda t: COUNT_TAG in t)
    is_decree = tags.map(lambda t: any(tag in t for tag in DECREE_TAGS))
    national = facts["department"] == "(national)"
    admin1 = facts["department"].where(~national, "")

    department_code = department_codes_by_name()
    province_code = province_codes_by_name()

    events = pd.DataFrame({
        "event_id_cnty": [f"PERF{i:04d}" for i in range(1, len(facts) + 1)],
        "event_date": facts["event_date"],
        "event_type": facts["event_type"],
        "sub_event_type": facts["sub_event_type"],
        "actor1": facts["actor1"], "actor2": facts["actor2"],
        "admin1": admin1, "admin2": facts["province"], "location": facts["location"],
        "latitude": facts["latitude"], "longitude": facts["longitude"],
        "geo_precision": "",
        "fatalities": facts["fatalities"], "notes": facts["notes"], "source": facts["source_url"],
        "tags": facts["tags"], "injured": facts["injured"], "mine": facts["mine"],
    })
    has_coords = (events["latitude"] != "") & (events["longitude"] != "")
    events.loc[has_coords, "geo_precision"] = str(settings.GEO_PRECISION_EXACT)
    for i in events.index[~has_coords & ~is_count & ~is_decree]:
        dept = department_code.get(normalize_name(events.at[i, "admin1"]), "")
        names = re.split(r"[;,] ", events.at[i, "admin2"]) if events.at[i, "admin2"] else []
        provs = tuple(c for c in (province_code.get((dept, normalize_name(n))) for n in names) if c)
        place = gazetteer.locate(events.at[i, "location"], dept, provs)
        if place is None:
            events.at[i, "geo_precision"] = str(settings.GEO_PRECISION_REGION)
        else:
            events.at[i, "latitude"] = f"{place.latitude:.{COORD_DECIMALS}f}"
            events.at[i, "longitude"] = f"{place.longitude:.{COORD_DECIMALS}f}"
            events.at[i, "geo_precision"] = str(settings.GEO_PRECISION_TOWN)

    decrees = events[is_decree].copy()
    dates = decrees.apply(_decree_dates, axis=1, result_type="expand")
    decrees["in_force_from"], decrees["in_force_to"] = dates[0], dates[1]
    decrees["duration_days"], decrees["duration_basis"] = dates[2], dates[3]
    decrees = decrees[["event_id_cnty", "event_date", "in_force_from", "in_force_to", "duration_days",
                       "duration_basis", "admin1", "admin2", "location", "tags", "notes", "source"]]
    counts = events[is_count][["event_id_cnty", "event_date", "admin1", "admin2", "location",
                               "tags", "notes", "source"]]
    return {"events": events[~is_count & ~is_decree], "roadblock_counts": counts, "decrees": decrees}


def main() -> None:
    settings.DERIVED_DIR.mkdir(parents=True, exist_ok=True)
    regions = build_regions()
    write_regions(regions)
    places = build_places(regions)
    places.to_csv(gazetteer.PLACES_FILE, index=False)
    gazetteer._places.cache_clear()

    facts = pd.read_csv(REF / "events_facts.csv", dtype=str, keep_default_na=False)
    tables = build_events(facts)
    tables["events"].to_csv(settings.BUNDLED_EVENTS, index=False)
    tables["roadblock_counts"].to_csv(settings.BUNDLED_ROADBLOCK_COUNTS, index=False)
    tables["decrees"].to_csv(settings.BUNDLED_DECREES, index=False)

    events = tables["events"]
    print(f"regions: {', '.join(f'{k} {len(v)}' for k, v in regions.items())}; places {len(places)}")
    print(f"fact rows {len(facts)} -> events {len(events)}, roadblock counts "
          f"{len(tables['roadblock_counts'])}, decrees {len(tables['decrees'])}")
    print("events by geo_precision:", events["geo_precision"].value_counts().sort_index().to_dict())


if __name__ == "__main__":
    main()
