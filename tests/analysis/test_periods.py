"""Named periods and the play control's steps."""

from datetime import date

from geo.analysis.periods import WHOLE, dates_in_address, linked_dates, play_step, presets


def test_presets_are_clipped_to_the_file_and_absent_outside_it():
    shown = presets(date(2023, 1, 8), date(2023, 1, 20))
    assert shown[WHOLE] == (date(2023, 1, 8), date(2023, 1, 20))
    assert shown["Juliaca week (6–12 Jan 2023)"] == (date(2023, 1, 8), date(2023, 1, 12))
    assert shown["“Toma de Lima” week (19–25 Jan 2023)"] == (date(2023, 1, 19), date(2023, 1, 20))
    assert not any(name.startswith("December") for name in shown)
    assert presets(None, None) == {}


def test_play_steps_by_day_or_week_and_starts_again_after_the_end():
    start, end = date(2023, 1, 1), date(2023, 1, 10)
    assert play_step(start, None, end, 1) == date(2023, 1, 1)
    assert play_step(start, date(2023, 1, 1), end, 1) == date(2023, 1, 2)
    assert play_step(start, None, end, 7) == date(2023, 1, 7)
    assert play_step(start, date(2023, 1, 7), end, 7) == end  # never past the end
    assert play_step(start, end, end, 7) == date(2023, 1, 7)  # a finished run starts again


def test_linked_dates_read_the_address_in_its_new_and_old_forms():
    first, last = date(2022, 12, 7), date(2023, 3, 21)
    jan = (date(2023, 1, 6), date(2023, 1, 20))
    assert linked_dates("2023-01-06", "2023-01-20", [], first, last) == jan
    assert linked_dates(None, None, ["2023-01-06", "2023-01-20"], first, last) == jan  # dates= twice
    assert linked_dates(None, None, ["2023-01-06,2023-01-20"], first, last) == jan  # dates= with a comma
    assert linked_dates("2023-01-06", None, [], first, last) == (date(2023, 1, 6), last)
    assert linked_dates("2022-01-01", "2024-01-01", [], first, last) == (first, last)  # clipped to the file
    assert linked_dates("2023-01-20", "2023-01-06", [], first, last) == jan  # turned round
    assert linked_dates("6 Jan", "2023-01-20", [], first, last) is None
    assert linked_dates(None, None, ["2023-01-06"], first, last) is None
    assert dates_in_address(*jan) == {"start": "2023-01-06", "end": "2023-01-20"}
