"""Published death tolls beside the deaths the table itemizes (geo.tolls)."""

from datetime import date

from geo.tolls import compare_tolls, latest_toll


def test_each_toll_is_compared_with_the_deaths_up_to_its_day(bundle):
    tolls = compare_tolls(bundle.events)
    assert [(t.as_of, t.published_total, t.itemized_total, t.difference) for t in tolls] == [
        (date(2023, 1, 13), 49, 43, 6), (date(2023, 1, 23), 55, 50, 5),
        (date(2023, 1, 30), 58, 51, 7), (date(2023, 2, 2), 66, 51, 15)]
    assert tolls[0].itemized == {"clashes": 41, "police": 1, "blockade": 1, "soldiers": 0}


def test_the_difference_is_explained_in_the_published_split(bundle):
    first, second, third, fourth = (t.explanation() for t in compare_tolls(bundle.events))
    assert first == "6 deaths linked to roadblocks are not itemized in the table."
    assert second == ("The published toll does not separate deaths linked to roadblocks; "
                      "in all, 5 of its deaths are not itemized in the table.")
    assert third == "The published toll gives no split; in all, 7 of its deaths are not itemized in the table."
    assert fourth == ("8 deaths linked to roadblocks and 7 other or unexplained deaths "
                      "are not itemized in the table.")


def test_deaths_after_the_latest_toll_are_named(bundle):
    toll = latest_toll(bundle.events, date(2023, 3, 21))
    # Iscahuaca (9 Feb) and the six soldiers drowned in the Ilave river (5 Mar).
    assert toll.later == {"clashes": 1, "police": 0, "blockade": 0, "soldiers": 6}
    assert toll.later_sentence() == ("The table has 7 deaths dated after Feb 2, 2023 (1 in clashes, 6 soldiers), "
                                     "which no bundled toll covers.")
    assert latest_toll(bundle.events, date(2023, 1, 17)).later_sentence() == ""


def test_latest_toll_on_or_before_the_end(bundle):
    assert latest_toll(bundle.events, date(2023, 1, 17)).published_total == 49
    assert latest_toll(bundle.events, date(2023, 1, 13)).published_total == 49
    assert latest_toll(bundle.events, date(2023, 3, 21)).as_of == date(2023, 2, 2)
    assert latest_toll(bundle.events, date(2023, 1, 12)) is None


def test_a_file_without_kinds_is_not_split(events_from):
    events = events_from([{"event_date": "2023-01-10", "fatalities": 40}])
    toll = latest_toll(events, date(2023, 1, 13))
    assert toll.explanation() == ("The events file does not say who died, so the difference cannot be split by "
                                  "kind; in all, 9 of its deaths are not in the file.")


def test_more_itemized_than_published_is_said_plainly(events_from):
    events = events_from([{"event_date": "2023-01-10", "fatalities": 45, "fatality_kind": "clashes"},
                          {"event_date": "2023-01-11", "fatalities": 2, "fatality_kind": "police"}])
    toll = latest_toll(events, date(2023, 1, 13))
    assert toll.explanation() == ("7 deaths linked to roadblocks are not itemized in the table. "
                                  "The table itemizes 4 deaths in clashes and 1 death of a police officer "
                                  "more than the published split.")
