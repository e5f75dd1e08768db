"""Assigning events to departments, provinces and districts (geo.assign)."""

from geo import settings
from geo.assign import assign_regions, points_in_regions
from geo.boundaries import region_names


def test_juliaca_is_in_puno_san_roman(events_from):
    events = assign_regions(events_from([{"latitude": -15.4997, "longitude": -70.1331}]))
    row = events.iloc[0]
    assert region_names("department")[row["department_code"]] == "Puno"
    assert region_names("province")[row["province_code"]] == "San Roman"
    assert row["district_code"] == "211101"  # Juliaca district
    assert row["assigned_by"] == "coordinates"


def test_cerro_verde_is_in_arequipa(bundle):
    mine = bundle.mines.set_index("name").loc["Cerro Verde"]
    code = points_in_regions([mine["longitude"]], [mine["latitude"]], "department")[0]
    assert region_names("department")[code] == "Arequipa"


def test_la_paz_bolivia_is_unassigned_not_dropped(events_from):
    events = assign_regions(events_from([{"latitude": -16.4897, "longitude": -68.1193, "admin1": "Puno"},
                                         {"latitude": -12.0464, "longitude": -77.0428}]))
    assert len(events) == 2
    assert events.iloc[0][["department_code", "province_code", "district_code"]].tolist() == [settings.UNASSIGNED] * 3
    assert events.iloc[0]["assigned_by"] == "none"
    assert events.iloc[1]["department_code"] == "15"  # Lima


def test_event_without_coordinates_counts_for_named_region(events_from):
    events = assign_regions(events_from([
        {"admin1": "Apurímac", "admin2": "Andahuaylas"},
        {"admin1": "APURIMAC", "admin2": "Andahuaylas; Chincheros"},  # two provinces: none chosen
        {"admin1": ""},
    ]))
    assert events["department_code"].tolist() == ["03", "03", settings.UNASSIGNED]
    assert events["province_code"].tolist() == ["0302", settings.UNASSIGNED, settings.UNASSIGNED]
    assert (events["district_code"] == settings.UNASSIGNED).all()
    assert events["assigned_by"].tolist() == ["admin names", "admin names", "none"]


def test_levels_nest(bundle):
    placed = bundle.events[bundle.events["district_code"] != settings.UNASSIGNED]
    assert (placed["district_code"].str[:4] == placed["province_code"]).all()
    assert (placed["province_code"].str[:2] == placed["department_code"]).all()


def test_coordinates_agree_with_the_department_the_source_names(bundle):
    from geo.boundaries import department_codes_by_name
    from geo.names import normalize_name

    by_point = bundle.events[bundle.events["assigned_by"].str.startswith("coordinates")]
    named = by_point["admin1"].map(normalize_name).map(department_codes_by_name())
    assert len(by_point) == 187
    assert (named == by_point["department_code"]).all()


def test_point_just_outside_its_district_goes_to_the_nearest_one_of_its_province(events_from):
    # Desaguadero's international bridge lies 0.6 km outside the generalised Desaguadero district
    # polygon but inside Chucuito province; a point 30 km into Lake Titicaca stays unassigned.
    events = assign_regions(events_from([{"latitude": -16.566, "longitude": -69.04},
                                         {"latitude": -16.0, "longitude": -69.3}]))
    assert events.iloc[0][["district_code", "province_code"]].tolist() == ["210402", "2104"]
    assert events.iloc[0]["assigned_by"] == "coordinates (nearest district)"
    assert region_names("district")["210402"] == "Desaguadero"
    assert events.iloc[1]["district_code"] == settings.UNASSIGNED
