"""Deaths by kind (geo.analysis.deaths)."""

from geo.analysis.deaths import deaths_by_kind, describe, fatality_kinds


def test_bundled_kinds_sum_to_the_fatalities(bundle):
    assert fatality_kinds(bundle.events) == ("clashes", "police", "blockade", "soldiers")
    assert deaths_by_kind(bundle.events) == {"clashes": 48, "police": 1, "blockade": 3, "soldiers": 6}


def test_a_file_that_does_not_say_who_died_counts_unknown(events_from):
    events = events_from(
        [{"fatalities": 3}, {"fatalities": 2, "fatality_kind": "Police"}, {"fatalities": 0, "fatality_kind": "clashes"}]
    )
    assert events["fatality_kind"].tolist() == ["unknown", "police", ""]
    assert fatality_kinds(events)[-1] == "unknown"
    assert deaths_by_kind(events) == {"clashes": 0, "police": 2, "blockade": 0, "soldiers": 0, "unknown": 3}


def test_describe_leaves_out_zero_kinds():
    assert describe({"clashes": 48, "police": 1, "blockade": 0, "soldiers": 6}) == (
        "48 civilians killed in protests, 1 police officer, 6 soldiers"
    )
    assert describe({"clashes": 1, "police": 2, "blockade": 1, "soldiers": 1}, "es") == (
        "1 civil muerto en protestas, 2 policías, 1 muerte vinculada a bloqueos, 1 soldado"
    )
    assert describe({"clashes": 48, "police": 0, "blockade": 0, "soldiers": 0}, excessive_force=(24, 4)) == (
        "48 civilians killed in protests, of whom 24 in 4 events coded as excessive force against protesters"
    )
    assert describe({"clashes": 2, "police": 1, "blockade": 0, "soldiers": 0}, excessive_force=(2, 1)) == (
        "2 civilians killed in protests, of whom 2 in 1 event coded as excessive force against protesters; "
        "1 police officer"
    )
    assert describe({"clashes": 0}) == "none"


def test_an_unknown_kind_is_reported_and_counted_as_unknown():
    import pandas as pd

    from geo.place.locate import validate_events

    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09", "2023-01-09"],
            "event_type": ["Protests"] * 2,
            "latitude": ["", ""],
            "longitude": ["", ""],
            "fatalities": ["2", "1"],
            "fatality_kind": ["shot", "blockade"],
            "placed_at": ["", "village"],
        }
    )
    table = validate_events(raw, "f.csv")
    assert table.events["fatality_kind"].tolist() == ["unknown", "blockade"]
    assert [line for line in table.problem_lines() if "no place" not in line] == [
        "row 2, column 'fatality_kind': 'shot' is not one of clashes, police, blockade, soldiers; "
        "these deaths count as 'unknown' (row kept)",
        "row 3, column 'placed_at': 'village' is not 'town' or 'district'; ignored (row kept)",
    ]
