"""Assigning events to departments, provinces and districts (geo.place.assign)."""

import pytest

from geo import settings
from geo.place.assign import assign_regions, points_in_regions
from geo.place.boundaries import region_names


def test_juliaca_is_in_puno_san_roman(events_from):
    events = assign_regions(events_from([{"latitude": -15.4997, "longitude": -70.1331}]))
    row = events.iloc[0]
    assert region_names("department")[row["department_code"]] == "Puno"
    assert region_names("province")[row["province_code"]] == "San Román"
    assert row["district_code"] == "211101"  # Juliaca district
    assert row["assigned_by"] == "coordinates"


def test_cerro_verde_is_in_arequipa(bundle):
    mine = bundle.mines.set_index("name").loc["Cerro Verde"]
    code = points_in_regions([mine["longitude"]], [mine["latitude"]], "department")[0]
    assert region_names("department")[code] == "Arequipa"


def test_la_paz_bolivia_counts_by_its_department_and_a_point_at_sea_is_unassigned(events_from):
    """La Paz is refused as a point (outside Peru) and counted by the department the row names; a
    point at sea off Callao, near enough to be kept, is in no district: unassigned, not dropped."""
    events = assign_regions(
        events_from(
            [
                {"latitude": -16.4897, "longitude": -68.1193, "admin1": "Puno"},
                {"latitude": -12.05, "longitude": -77.2},
                {"latitude": -12.0464, "longitude": -77.0428},
            ]
        )
    )
    assert len(events) == 3
    assert events["latitude"].isna().tolist() == [True, False, False]
    assert events.iloc[0][["department_code", "assigned_by"]].tolist() == ["21", "admin names"]
    assert events.iloc[1][["department_code", "province_code", "district_code"]].tolist() == [settings.UNASSIGNED] * 3
    assert events.iloc[1]["assigned_by"] == "none"
    assert events.iloc[2]["department_code"] == "15"  # Lima


def test_event_without_coordinates_counts_for_named_region(events_from):
    events = assign_regions(
        events_from(
            [
                {"admin1": "Apurímac", "admin2": "Andahuaylas"},
                {"admin1": "APURIMAC", "admin2": "Andahuaylas; Chincheros"},  # two provinces: none chosen
                {"admin1": ""},
            ]
        )
    )
    assert events["department_code"].tolist() == ["03", "03", settings.UNASSIGNED]
    assert events["province_code"].tolist() == ["0302", settings.UNASSIGNED, settings.UNASSIGNED]
    assert (events["district_code"] == settings.UNASSIGNED).all()
    assert events["assigned_by"].tolist() == ["admin names", "admin names", "none"]


def test_levels_nest(bundle):
    placed = bundle.events[bundle.events["district_code"] != settings.UNASSIGNED]
    assert (placed["district_code"].str[:4] == placed["province_code"]).all()
    assert (placed["province_code"].str[:2] == placed["department_code"]).all()


def test_coordinates_agree_with_the_department_the_source_names(bundle):
    from geo.names import normalize_name
    from geo.place.boundaries import department_codes_by_name

    by_point = bundle.events[bundle.events["assigned_by"] == "coordinates"]
    named = by_point["admin1"].map(normalize_name).map(department_codes_by_name())
    assert len(by_point) == 188
    assert (named == by_point["department_code"]).all()


# The points the 2025 boundaries README checks, as (latitude, longitude) of the place.
README_POINTS = [
    ("Cusco, Plaza de Armas", -13.5167, -71.9787, "080101"),
    ("Wanchaq", -13.529, -71.962, "080108"),
    ("Juliaca", -15.4997, -70.1331, "211101"),
    ("Desaguadero, international bridge", -16.566, -69.04, "210402"),
    ("Arequipa, Plaza de Armas", -16.3989, -71.5369, "040101"),
    ("Piura centre", -5.1945, -80.6328, "200101"),
    ("Pucallpa (Callería)", -8.3791, -74.5539, "250101"),
    ("Huamanga centre (Ayacucho district)", -13.1588, -74.2239, "050101"),
]


@pytest.mark.parametrize("place, latitude, longitude, district", README_POINTS)
def test_places_fall_in_their_2025_district(place, latitude, longitude, district):
    assert points_in_regions([longitude], [latitude], "district")[0] == district, place


def test_newer_districts_and_accented_names_exist():
    districts, provinces = region_names("district"), region_names("province")
    assert len(districts) == 1891 and len(provinces) == 196
    assert districts["030220"] == "José María Arguedas" and districts["211105"] == "San Miguel"
    assert districts["080915"] == "Kumpirushiato"
    assert provinces["0510"] == "Víctor Fajardo" and provinces["0506"] == "Lucanas"


def test_lake_titicaca_and_bolivia_stay_unassigned(events_from):
    events = assign_regions(events_from([{"latitude": -16.0, "longitude": -69.3}]))
    assert events.iloc[0]["district_code"] == settings.UNASSIGNED
    assert events.iloc[0]["assigned_by"] == "none"


def test_a_point_on_a_shared_border_goes_to_the_lower_code():
    """README/assign: a point exactly on the border of two regions (a vertex both share) is counted
    once, for the region with the lower code, at every level, whatever the files' order."""
    import numpy as np
    import pandas as pd
    import shapely

    from geo.place.boundaries import load_regions

    departments = load_regions("department", "full").set_index("code").geometry
    cusco, puno = departments["08"], departments["21"]
    shared = sorted(set(map(tuple, shapely.get_coordinates(cusco))) & set(map(tuple, shapely.get_coordinates(puno))))
    assert len(shared) > 100  # the two departments share a border, vertex for vertex
    longitude, latitude = (np.array(axis) for axis in zip(*shared[::50]))
    assert shapely.intersects_xy(cusco, longitude, latitude).all()
    assert shapely.intersects_xy(puno, longitude, latitude).all()  # on both: a tie
    assert set(points_in_regions(longitude, latitude, "department")) == {"08"}  # Cusco, not Puno
    districts = load_regions("district", "full")
    districts = districts[districts.geometry.notna()]
    placed = points_in_regions(longitude, latitude, "district")
    for lon, lat, code in zip(longitude, latitude, placed):
        touching = sorted(districts.loc[shapely.intersects_xy(districts.geometry.values, lon, lat), "code"])
        assert len(touching) >= 2 and code == touching[0], (lon, lat, touching)
    # The three levels still nest for an event on the border.
    events = assign_regions(
        pd.DataFrame({"latitude": latitude[:1], "longitude": longitude[:1], "admin1": [""], "admin2": [""]})
    )
    assert events.loc[0, "district_code"].startswith(events.loc[0, "department_code"]) and (
        events.loc[0, "department_code"] == "08"
    )
