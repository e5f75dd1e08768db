"""The timeline's chart: whole days, ticks by day, week or month, the page's language."""

import pandas as pd
import pytest

from geo.report.timeline import daily_chart, vega_locale


def _table(first: str, days: int) -> pd.DataFrame:
    index = pd.date_range(first, periods=days, freq="D", name="date")
    return pd.DataFrame({"Protests": range(days), "Riots": [1] * days}, index=index)


def _spec(table, lang="es"):
    return daily_chart(
        table,
        {"Protests": "Protestas", "Riots": "Disturbios"},
        {"Protests": "#111111", "Riots": "#222222"},
        "eventos",
        lang,
        "tipo",
        "día",
    ).to_dict()


def test_a_week_is_ticked_by_day_in_spanish():
    spec = _spec(_table("2023-01-06", 7))
    axis = spec["encoding"]["x"]["axis"]
    assert [v["date"] for v in axis["values"]] == [6, 7, 8, 9, 10, 11, 12]  # one tick per day, none at 13
    assert axis["format"] == "%-d %b"
    assert spec["config"]["locale"]["time"]["shortMonths"][0] == "ene"
    assert spec["config"]["locale"]["number"] == {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", ""],
    }
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Protestas", "Disturbios"],
        "range": ["#111111", "#222222"],
    }


@pytest.mark.parametrize("days, interval, form", [(40, "week", "%b %-d"), (200, "month", "%b %Y")])
def test_longer_periods_are_ticked_by_week_or_month(days, interval, form):
    axis = _spec(_table("2022-12-07", days), "en")["encoding"]["x"]["axis"]
    assert axis["tickCount"] == {"interval": interval, "step": 1} and axis["format"] == form
    assert "values" not in axis


def test_the_english_locale_names_months_in_english():
    locale = vega_locale("en")
    assert locale["time"]["shortMonths"][0] == "Jan" and locale["time"]["days"][0] == "Sunday"
    assert vega_locale("es")["time"]["days"][0] == "domingo"
