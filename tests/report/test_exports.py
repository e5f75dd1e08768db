"""Exports of the filtered events: every event with its id, position and source, and a first line
(CSV) or metadata (GeoJSON) that says which filter the file holds."""

import io
import json
from datetime import date

import pandas as pd

from geo.analysis.aggregate import EventFilter, filter_mask
from geo.report.exports import events_csv, events_geojson, export_file_name

WEEK = EventFilter(date(2023, 1, 6), date(2023, 1, 12))


def _week(bundle):
    return bundle.events[filter_mask(bundle.events, WEEK)]


def test_csv_is_a_plain_table_and_keeps_every_event(bundle):
    events = _week(bundle)
    data = events_csv(events)
    first = data.decode("utf-8-sig").split("\n", 1)[0]
    assert first.startswith("event_id_cnty,event_date,")  # the header first: no comment line above it
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"event_id_cnty": str})
    assert len(back) == len(events) == 36 and int(back["fatalities"].sum()) == 21
    assert set(back["event_id_cnty"]) == set(events["event_id_cnty"])
    assert list(back["source"]) == list(events["source"])  # each event keeps its source
    assert "Juliaca (airport area)" in set(back["location"])  # accents and text as in the data


def test_geojson_has_metadata_and_a_feature_per_event(bundle):
    events = _week(bundle)
    collection = json.loads(events_geojson(events, "what it holds"))
    assert collection["metadata"] == {"description": "what it holds", "crs": "EPSG:4326", "events": 36}
    assert len(collection["features"]) == 36
    unplaced = int((events["latitude"].isna() | events["longitude"].isna()).sum())
    assert sum(f["geometry"] is None for f in collection["features"]) == unplaced
    massacre = next(f for f in collection["features"] if f["properties"]["fatalities"] == 18)
    assert massacre["properties"]["event_date"] == "2023-01-09"
    lon, lat = massacre["geometry"]["coordinates"]
    assert -71 < lon < -70 and -16 < lat < -15  # Juliaca


def test_export_names_say_what_they_hold():
    assert export_file_name("events", WEEK, "21", ".csv") == "peru-protests_events_puno_2023-01-06_2023-01-12.csv"


def test_sub_event_types_left_out_are_named_in_the_description_and_the_file_name():
    from geo.report.exports import left_out_subtypes

    every = ("Peaceful protest", "Protest with intervention", "Violent demonstration")
    assert left_out_subtypes(every, every) == "" and left_out_subtypes(None, every) == ""
    assert left_out_subtypes(every[1:], every) == "; leaving out sub-event types: Peaceful protest"
    some = EventFilter(WEEK.start, WEEK.end, None, every[1:])
    assert (
        export_file_name("events", some, None, ".csv", (), every)
        == "peru-protests_events_2023-01-06_2023-01-12_2-of-3-subtypes.csv"
    )


def test_text_a_spreadsheet_would_run_as_a_formula_is_defused(events_from):
    """README: text cells starting with = + - @ (or a tab or carriage return) are written with a
    leading ' so that a spreadsheet shows them as text; numbers, signed ones too, stay numbers."""
    from geo.report.exports import table_csv

    table = pd.DataFrame(
        {
            "notes": ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "plain", None],
            "location": ["Juliaca", "-15.49", "+7", "-1e3", "\tTAB", "=CR"],
            "latitude": [-15.49, -12.0, 0.0, 1.5, -3.25, 2.0],
        }
    )
    back = pd.read_csv(io.BytesIO(table_csv(table)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back["notes"]) == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1)",
        "plain",
        "",
    ]
    assert list(back["location"])[:4] == ["Juliaca", "-15.49", "+7", "-1e3"]  # plain numbers left alone
    assert list(back["location"])[4:] == ["'\tTAB", "'=CR"]
    # A carriage return first: CSV does not quote it (lines end in \n), so look at the text written.
    assert "\n'\rCR\n" in table_csv(pd.DataFrame({"notes": ["\rCR"]})).decode("utf-8-sig")
    assert list(back["latitude"]) == ["-15.49", "-12.0", "0.0", "1.5", "-3.25", "2.0"]  # numeric columns untouched


def test_exported_events_with_formula_notes_are_defused(events_from):
    events = events_from([{"notes": "=1+1 said the sign", "location": "@home"}])
    back = pd.read_csv(io.BytesIO(events_csv(events)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.loc[0, "notes"] == "'=1+1 said the sign"
    assert back.loc[0, "location"] == "'@home"
