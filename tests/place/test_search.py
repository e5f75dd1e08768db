"""Finding places by name, whatever their accents or case, and the bounds to show them."""

from geo.place.search import find_places, region_bounds


def test_a_town_is_found_as_its_district_without_accents_or_capitals():
    found = find_places("juliaca")
    assert list(found["code"]) == ["211101"]
    assert found["label"].iloc[0] == "Juliaca (district, San Román, Puno)"


def test_what_a_place_is_is_said_in_the_page_language():
    assert list(find_places("andahuaylas", lang="es")["label"][:2]) == [
        "Andahuaylas (provincia, Apurímac)",
        "Andahuaylas (distrito, Andahuaylas, Apurímac)",
    ]
    assert find_places("apurimac", lang="es")["label"].iloc[0] == "Apurímac (departamento)"


def test_larger_regions_come_first_and_accents_do_not_matter():
    assert list(find_places("Andahuaylas")["code"][:2]) == ["0302", "030201"]  # province, then district
    assert find_places("APURIMAC")["label"].iloc[0] == "Apurímac (department)"
    assert find_places("san roman")["code"].iloc[0] == "2111"
    assert find_places("x").empty and find_places("zzzz").empty


def test_bounds_of_a_department_hold_its_capital():
    (south, west), (north, east) = region_bounds("21")
    assert south < -15.84 < north and west < -70.02 < east  # Puno city
    (south, west), (north, east) = region_bounds("211101")
    assert north - south < 1 and east - west < 1  # a district is small
