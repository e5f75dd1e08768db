"""Placing a row without coordinates at the town it names: one lookup (geo.place.gazetteer.find_place)
for the data build (scripts/build_data.py) and for users' files (geo.place.locate)."""

import pandas as pd

from geo import settings
from geo.place.gazetteer import find_place
from geo.place.locate import validate_events
from scripts.build_data import build_events

FACT_COLUMNS = (
    "event_date,location,province,department,latitude,longitude,event_type,sub_event_type,tags,actor1,actor2,"
    "fatalities,injured,fatality_kind,mine,notes,source_url"
).split(",")


def _facts(**values: str) -> pd.DataFrame:
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "event_date": "2022-12-13",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "tags": "march",
        "fatalities": "0",
    }
    # build_events splits out the decrees too, and wants one.
    decree = row | {"tags": "state_of_emergency", "department": "Cusco", "notes": "30-day state of emergency"}
    return pd.DataFrame([row | values, decree])


def test_the_build_places_cuzco_where_a_users_file_does():
    """ "Cuzco" is the old spelling of Cusco (settings.PLACE_ALIASES). The build's own lookup
    (gazetteer.locate, now gone) did not know it and left such a row at region precision while a
    user's file put it at the town: the two now agree."""
    cusco = find_place("Cuzco", "Cusco", "Cusco").place
    assert cusco is not None and (cusco.name, cusco.kind) == ("Cusco", "capital")

    built = build_events(_facts(location="Cuzco", province="Cusco", department="Cusco"))["events"].iloc[0]
    assert (built["geo_precision"], built["placed_at"]) == (str(settings.GEO_PRECISION_TOWN), settings.PLACED_AT_TOWN)
    assert (float(built["latitude"]), float(built["longitude"])) == (
        round(cusco.latitude, 5),
        round(cusco.longitude, 5),
    )

    rows = pd.DataFrame(
        {
            "event_date": ["2022-12-13"],
            "event_type": ["Protests"],
            "fatalities": ["0"],
            "location": ["Cuzco"],
            "admin1": ["Cusco"],
            "admin2": ["Cusco"],
        }
    )
    user = validate_events(rows).events.iloc[0]
    assert (user["placed_at"], user["geo_precision"]) == (settings.PLACED_AT_TOWN, settings.GEO_PRECISION_TOWN)
    assert (user["latitude"], user["longitude"]) == (cusco.latitude, cusco.longitude)


def test_the_build_leaves_an_unknown_place_at_its_region():
    built = build_events(_facts(location="Nowhere Town", province="Cusco", department="Cusco"))["events"].iloc[0]
    assert (built["geo_precision"], built["placed_at"], built["latitude"]) == (
        str(settings.GEO_PRECISION_REGION),
        "",
        "",
    )


def test_a_name_in_two_provinces_is_placed_only_when_the_province_says_which():
    found = find_place("Huachocolpa", "Huancavelica")
    assert found.place is None and found.reason == "ambiguous place"
    assert (
        found.problem
        == "'Huachocolpa' names places in 2 provinces of Huancavelica; add the province (admin2) to place it"
    )
    built = build_events(_facts(location="Huachocolpa", department="Huancavelica"))["events"].iloc[0]
    assert built["geo_precision"] == str(settings.GEO_PRECISION_REGION)
