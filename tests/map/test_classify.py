"""Legend classes (geo.map.classify)."""

from geo import settings
from geo.map.classify import classify


def test_integer_classes_have_round_bounds_and_darkest_top():
    classes = classify([0, 1, 2, 3, 10, 44, 6, 18, 29])
    assert classes.labels == ("1–2", "3–6", "7–10", "11–29", "30–44")
    assert classes.colors[-1] == settings.CLASS_COLORS[-1]
    assert classes.color_for(0) == settings.ZERO_COLOR
    assert classes.color_for(2) == classes.colors[0]
    assert classes.color_for(3) == classes.colors[1]
    assert classes.color_for(44) == classes.colors[-1]


def test_few_values_give_few_classes():
    classes = classify([0, 5, 5])
    assert classes.labels == ("1–5",)
    assert classes.colors == (settings.CLASS_COLORS[-1],)


def test_rates_use_two_decimals():
    classes = classify([0.79, 4.44, 1.52, 0.1, 2.57], integer=False)
    assert classes.labels[-1] == "2.58–4.44"
    assert classes.color_for(4.44) == classes.colors[-1]


def test_all_zero_has_no_classes():
    assert classify([0, 0]).labels == ()
