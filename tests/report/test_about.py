"""The "About the data" note (geo/report/about.py) says what the bundled data holds, checked against it."""

from geo.analysis.aggregate import EventFilter
from geo.analysis.dataset import make_view
from geo.report.about import about_the_data


def test_the_note_agrees_with_the_bundled_events(bundle):
    text = about_the_data(len(bundle.events))
    events = bundle.events
    # Later deaths of wounded people are counted on the day they were hurt, not left out.
    assert "none of the later deaths" not in text
    assert "counted on the day they were hurt (Andahuaylas, Ayacucho, Juliaca, Macusani)" in text
    assert events.loc[events["location"].str.startswith("Andahuaylas airport"), "fatalities"].sum() == 3
    # Áncash has no events: its one reference row is an aggregate roadblock report.
    assert "Áncash has no events" in text and (events["admin1"] == "Áncash").sum() == 0
    assert (bundle.roadblocks["admin1"] == "Áncash").sum() == 1
    # The Antapaccay rows are two incidents, not a doubt; Apurímac is not "one death short".
    assert "counted twice" not in text and "one death short" not in text
    assert "two incidents (vehicles burned on the 12th, the water plant set on fire on the 13th)" in text
    # The capitals' origin as data/README gives it; the soldiers drowned.
    assert "IDEP 2016 points" in text and "2007 set" not in text
    assert "six who drowned in the Ilave river" in text


def test_the_note_names_the_excessive_force_rows_it_counts(bundle):
    text = about_the_data(len(bundle.events))
    coded = bundle.events[
        (bundle.events["sub_event_type"] == "Excessive force against protesters") & (bundle.events["fatalities"] > 0)
    ]
    named = "rows coded as excessive force against protesters: Chao, Dec 14; Pichanaki; Juliaca, Jan 9; Macusani"
    assert named in text and len(coded) == 4
    assert {place.split()[0] for place in coded["location"]} == {"Juliaca", "Pichanaki", "Macusani", "Virú"}
    view = make_view(bundle, EventFilter(), "department")
    assert (view.headline.excessive_force_deaths, view.headline.excessive_force_events) == (24, 4)
