"""Checking a file is apart from placing its events (geo.io.validate, geo.place.locate)."""

import pandas as pd

from geo import settings
from geo.io.validate import COLUMN_RULES, LATER_RULES, check_events
from geo.place.locate import validate_events

ROWS = pd.DataFrame(
    {
        "event_date": ["2023-01-09", "2023-01-09"],
        "event_type": ["Protests", "Protests"],
        "fatalities": ["0", "1"],
        "latitude": ["", "-70.13"],
        "longitude": ["", "-15.5"],
        "location": ["Juliaca", ""],
        "admin1": ["Puno", ""],
    }
)


def test_io_alone_checks_without_placing():
    """Without a locator nothing is looked up: no town, no swap; the same rows through
    geo.place.locate are placed and put right."""
    alone = check_events(ROWS, "t.csv")
    assert alone.events["placed_at"].tolist() == ["", ""]
    assert alone.events["geo_precision"].tolist() == [settings.GEO_PRECISION_REGION, settings.GEO_PRECISION_EXACT]
    assert alone.events["latitude"].iloc[1] == -70.13  # not known to be swapped without Peru's outline
    placed = validate_events(ROWS, "t.csv")
    assert placed.events["placed_at"].tolist() == [settings.PLACED_AT_TOWN, ""]
    assert placed.events["latitude"].iloc[1] == -15.5
    assert placed.problems["reason"].tolist() == ["latitude and longitude swapped"]


def test_every_rule_is_of_an_event_column_and_its_checks_say_why():
    columns = [rule.column for rule in (*COLUMN_RULES, *LATER_RULES)]
    assert set(columns) <= set(settings.EVENT_COLUMNS) and len(set(columns)) == len(columns)
    for rule in (*COLUMN_RULES, *LATER_RULES):
        assert rule.checks and all(check.reason and check.template for check in rule.checks)
