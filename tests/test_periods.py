"""Named periods and the play control's steps."""

from datetime import date

from geo.periods import WHOLE, play_step, presets


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
