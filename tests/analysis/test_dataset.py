"""The shared Bundle: what it keeps per period stays bounded, and what it keeps is right."""

from datetime import timedelta

import pandas as pd

from geo.analysis.dataset import PERIOD_MEMO_SIZE, Bundle
from geo.analysis.decrees import decrees_by_department, departments_under_emergency
from geo.analysis.memo import LastUsed


def fresh(bundle: Bundle) -> Bundle:
    """A bundle of the same data with nothing computed yet."""
    return Bundle(bundle.table, bundle.events, bundle.mines, bundle.decrees, bundle.roadblocks)


def test_a_played_period_in_two_languages_keeps_a_bounded_memo(bundle):
    """A 60-day play in two languages asks for 240 tables; the bundle keeps the last few."""
    shared = fresh(bundle)
    first = bundle.first_day
    for offset in range(60):
        end = first + timedelta(days=offset)
        for lang in ("es", "en"):
            shared.emergency(first, end, lang)
            shared.decrees_in_force(first, end, lang)
    assert len(shared._by_period) == PERIOD_MEMO_SIZE < 60
    last = first + timedelta(days=59)
    # The latest is kept (the same table again) and right.
    assert shared.emergency(first, last, "en") is shared.emergency(first, last, "en")
    pd.testing.assert_frame_equal(
        shared.emergency(first, last, "es"), departments_under_emergency(bundle.decrees, first, last, "es")
    )
    pd.testing.assert_frame_equal(
        shared.decrees_in_force(first, last, "en"), decrees_by_department(bundle.decrees, first, last, "en")
    )
    assert len(shared._by_period) == PERIOD_MEMO_SIZE


def test_the_memo_forgets_the_least_recently_used():
    memo: LastUsed[int] = LastUsed(3)
    calls = []

    def compute(key):
        calls.append(key)
        return key * 2

    for key in (1, 2, 3, 1, 4, 1, 2):
        memo.get(key, lambda key=key: compute(key))
    # 1 used again before 4 came, so 2 went first; 2 asked again is computed again, and 3 goes.
    assert calls == [1, 2, 3, 4, 2]
    assert memo.keys() == [4, 1, 2]
