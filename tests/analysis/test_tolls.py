"""Published death tolls beside the deaths the table itemizes (geo.analysis.tolls)."""

from datetime import date

from geo.analysis.tolls import compare_tolls, latest_toll


def test_each_toll_is_compared_with_the_deaths_up_to_its_day(bundle):
    """The Defensoría's five tolls, each on the day it was published (data/reference/published_tolls.csv)."""
    tolls = compare_tolls(bundle.events)
    assert [(t.as_of, t.published_total, t.itemized_total, t.difference) for t in tolls] == [
        (date(2022, 12, 17), 25, 21, 4),
        (date(2023, 1, 12), 49, 43, 6),
        (date(2023, 1, 19), 55, 48, 7),
        (date(2023, 1, 30), 58, 51, 7),
        (date(2023, 2, 20), 60, 52, 8),
    ]
    assert [t.published_split for t in tolls][1::3] == [
        {"clashes": 41, "police": 1, "blockade": 7, "other": 0},
        {"clashes": 48, "police": 1, "blockade": 11, "other": 0},
    ]
    # By 12 Jan: the police officer killed in Juliaca on the night of 9 Jan is counted on that day.
    assert tolls[1].itemized == {"clashes": 41, "police": 1, "blockade": 1, "soldiers": 0}
    assert "66" not in [str(t.published_total) for t in tolls]


def test_the_difference_is_explained_in_the_published_split(bundle):
    december, first, second, third, fourth = (t.explanation() for t in compare_tolls(bundle.events))
    # The table counts Ayacucho's tenth death (21 Dec) on the day of the shooting, 15 Dec.
    assert december == (
        "5 deaths linked to roadblocks are not itemized in the table. The table itemizes "
        "1 civilian killed in the protests more than the published split."
    )
    assert first == "6 deaths linked to roadblocks are not itemized in the table."
    assert second == "7 deaths linked to roadblocks are not itemized in the table."
    assert third == "The published toll gives no split; in all, 7 of its deaths are not itemized in the table."
    assert fourth == "8 deaths linked to roadblocks are not itemized in the table."


def test_deaths_after_the_latest_toll_are_named(bundle):
    toll = latest_toll(bundle.events, date(2023, 3, 21))
    # The six soldiers drowned in the Ilave river (5 Mar); Iscahuaca (9 Feb) is in the toll of 20 Feb.
    assert toll.later == {"clashes": 0, "police": 0, "blockade": 0, "soldiers": 6}
    assert toll.later_sentence() == (
        "The table has 6 deaths dated after Feb 20, 2023 (6 soldiers), which no bundled toll covers."
    )
    assert latest_toll(bundle.events, date(2023, 1, 17)).later_sentence() == ""
    # Macusani (2 shot) and Chao (2 deaths linked to the roadblock), both on 18 Jan.
    assert latest_toll(bundle.events, date(2023, 1, 18)).later_sentence() == (
        "The table has 4 deaths dated after Jan 12, 2023 (2 civilians killed in protests, 2 linked to "
        "roadblocks), which no bundled toll covers."
    )


def test_latest_toll_on_or_before_the_end(bundle):
    assert latest_toll(bundle.events, date(2023, 1, 17)).published_total == 49
    assert latest_toll(bundle.events, date(2023, 1, 12)).published_total == 49  # the Juliaca week's end
    assert latest_toll(bundle.events, date(2023, 1, 11)).published_total == 25
    assert latest_toll(bundle.events, date(2023, 3, 21)).as_of == date(2023, 2, 20)
    assert latest_toll(bundle.events, date(2022, 12, 16)) is None


def test_a_file_without_kinds_is_not_split(events_from):
    events = events_from([{"event_date": "2023-01-10", "fatalities": 40}])
    toll = latest_toll(events, date(2023, 1, 13))
    assert toll.explanation() == (
        "The events file does not say who died, so the difference cannot be split by "
        "kind; in all, 9 of its deaths are not in the file."
    )


def test_more_itemized_than_published_is_said_plainly(events_from):
    events = events_from(
        [
            {"event_date": "2023-01-10", "fatalities": 45, "fatality_kind": "clashes"},
            {"event_date": "2023-01-11", "fatalities": 2, "fatality_kind": "police"},
        ]
    )
    toll = latest_toll(events, date(2023, 1, 13))
    assert toll.explanation() == (
        "7 deaths linked to roadblocks are not itemized in the table. "
        "The table itemizes 4 civilians killed in the protests and 1 death of a police "
        "officer "
        "more than the published split."
    )
