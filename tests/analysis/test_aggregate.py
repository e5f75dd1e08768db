"""Counting per region and per day for a filter (geo.analysis.aggregate)."""

import csv
from datetime import date

import pytest

from geo import settings
from geo.analysis.aggregate import (
    EventFilter,
    daily_counts,
    filter_mask,
    headline,
    period_label,
    region_counts,
    unassigned_reasons,
)
from geo.errors import ArgumentError
from geo.place.assign import assign_regions


@pytest.mark.parametrize("level", settings.LEVELS)
def test_region_counts_plus_unassigned_equal_filtered_total(bundle, level):
    event_filter = EventFilter(date(2023, 1, 1), date(2023, 1, 31), ("Protests", "Riots"))
    mask = filter_mask(bundle.events, event_filter)
    counts = region_counts(bundle.events, level, mask)
    assert counts["events"].sum() == mask.sum() > 0
    assert counts["fatalities"].sum() == bundle.events.loc[mask, "fatalities"].sum()
    assert counts["code"].iloc[-1] == settings.UNASSIGNED
    codes = counts["code"].iloc[:-1]
    assert codes.is_monotonic_increasing and codes.str.len().eq(settings.LEVEL_CODE_LENGTH[level]).all()
    assert len(codes) == {"department": 25, "province": 196, "district": 1891}[level]
    kinds = counts[["clashes", "police", "blockade", "soldiers"]].sum(axis=1)
    assert (kinds == counts["fatalities"]).all()


def test_bundled_fatalities_by_department_match_the_reference(bundle):
    counts = region_counts(bundle.events, "department").set_index("name")["fatalities"]
    expected = {
        "Puno": 29,
        "Ayacucho": 10,
        "Apurímac": 7,
        "La Libertad": 4,
        "Arequipa": 3,
        "Junín": 3,
        "Cusco": 1,
        "Lima": 1,
    }  # events_facts README, "By department"
    assert counts[counts > 0].to_dict() == expected


@pytest.mark.parametrize(
    "end, expected",
    [
        (date(2023, 3, 21), {"clashes": 48, "police": 1, "blockade": 3, "soldiers": 6}),
        (date(2023, 1, 17), {"clashes": 41, "police": 1, "blockade": 1, "soldiers": 0}),
    ],
)
def test_deaths_by_kind_over_the_period(bundle, end, expected):
    counts = region_counts(bundle.events, "department", filter_mask(bundle.events, EventFilter(end=end)))
    assert counts[list(expected)].sum().to_dict() == expected
    assert counts["fatalities"].sum() == sum(expected.values())


def test_puno_deaths_by_kind(bundle):
    puno = region_counts(bundle.events, "department").set_index("name").loc["Puno"]
    # Juliaca 18 + Macusani 2 + Ilave 1 in clashes; the Juliaca officer; the Chucuito newborn;
    # the six soldiers drowned in the Ilave river (reference README).
    assert puno[["fatalities", "clashes", "police", "blockade", "soldiers"]].tolist() == [29, 21, 1, 1, 6]


def test_date_range_is_inclusive(events_from):
    events = assign_regions(
        events_from([{"event_date": "2023-01-09"}, {"event_date": "2023-01-10"}, {"event_date": "2023-01-11"}])
    )
    mask = filter_mask(events, EventFilter(date(2023, 1, 9), date(2023, 1, 10)))
    assert mask.tolist() == [True, True, False]


def test_reversed_dates_are_refused():
    with pytest.raises(ArgumentError, match="after the end date"):
        EventFilter(date(2023, 2, 1), date(2023, 1, 1))


def test_sub_event_type_filter_matches_the_reference_table(bundle):
    subtype = "Excessive force against protesters"
    with open(settings.REFERENCE_DIR / "events_facts.csv", encoding="utf-8") as f:
        reference = [r for r in csv.DictReader(f) if r["sub_event_type"] == subtype]
    mask = filter_mask(bundle.events, EventFilter(sub_event_types=(subtype,)))
    assert mask.sum() == len(reference) == 5
    assert bundle.events.loc[mask, "fatalities"].sum() == sum(int(r["fatalities"]) for r in reference) == 24


def test_rate_per_100k_uses_2017_census(bundle):
    counts = region_counts(bundle.events, "department").set_index("name")
    assert counts.loc["Puno", "events_per_100k"] == round(44 / 1172697 * 1e5, 2)


def test_daily_counts_cover_every_day_with_zeros(bundle):
    mask = filter_mask(bundle.events, EventFilter(date(2022, 12, 24), date(2022, 12, 31)))
    daily = daily_counts(bundle.events, mask, date(2022, 12, 24), date(2022, 12, 31))
    assert len(daily) == 8
    assert daily.to_numpy().sum() == mask.sum()


def test_daily_deaths_by_kind(bundle):
    daily = daily_counts(bundle.events, measure="fatalities")
    assert list(daily.columns) == ["clashes", "police", "blockade", "soldiers"]
    assert daily.sum().to_dict() == {"clashes": 48, "police": 1, "blockade": 3, "soldiers": 6}
    # Juliaca 18, the police officer attacked that night, the Chucuito newborn.
    assert daily.loc["2023-01-09"].to_dict() == {"clashes": 18, "police": 1, "blockade": 1, "soldiers": 0}
    assert daily.loc["2023-03-05", "soldiers"] == 6 and len(daily) == 105  # 7 Dec to 21 Mar, every day
    with pytest.raises(ArgumentError, match="measure"):
        daily_counts(bundle.events, measure="injured")


@pytest.mark.parametrize("level", settings.LEVELS)
def test_unassigned_reasons_add_up(bundle, level):
    counts = region_counts(bundle.events, level)
    reasons = unassigned_reasons(bundle.events, level)
    assert reasons.sum() == counts.iloc[-1]["events"]
    assert reasons["no coordinates and no department named"] == 1  # "(caravans to Lima)"
    if level == "district":
        assert reasons["only a larger region is known (no coordinates, no district named)"] == 37


def test_headline_reconciles(bundle):
    counts = region_counts(bundle.events, "district")
    numbers = headline(counts, about_mines=3, near_mines=7)
    assert numbers.events == len(bundle.events)
    assert numbers.unassigned == counts.iloc[-1]["events"]
    assert numbers.regions_affected == (counts.iloc[:-1]["events"] > 0).sum()
    assert numbers.near_mines == 7 and numbers.about_mines == 3
    assert sum(numbers.deaths_by_kind.values()) == numbers.fatalities == 58


def test_period_label():
    assert period_label(date(2022, 12, 7), date(2023, 3, 21)) == "Dec 7, 2022 – Mar 21, 2023"
    assert period_label(date(2023, 1, 9), date(2023, 1, 9)) == "Jan 9, 2023"
    assert period_label(date(2022, 12, 7), date(2023, 3, 21), "es") == "7 dic 2022 – 21 mar 2023"
    assert period_label(None, None, "es") == "todas las fechas"


@pytest.mark.parametrize("level", settings.LEVELS)
def test_counts_from_codes_match_a_pandas_groupby(bundle, level):
    """The bincounts over integer codes give what a plain groupby of the filtered rows gives."""
    import pandas as pd

    event_filter = EventFilter(
        date(2022, 12, 10),
        date(2023, 2, 15),
        sub_event_types=("Peaceful protest", "Violent demonstration", "Protest with intervention"),
    )
    rows = bundle.events[
        (bundle.events["event_date"] >= "2022-12-10")
        & (bundle.events["event_date"] <= "2023-02-15")
        & bundle.events["sub_event_type"].isin(event_filter.sub_event_types)
    ]
    mask = filter_mask(bundle.events, event_filter, bundle.codes)
    assert mask.sum() == len(rows) > 50
    counts = region_counts(bundle.events, level, mask, bundle.codes).set_index("code")
    column = f"{level}_code"
    expected = rows.groupby(column).agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
    got = counts.loc[counts["events"] > 0, ["events", "fatalities"]]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_names=False, check_dtype=False)
    clashes = rows[rows["fatality_kind"] == "clashes"].groupby(column)["fatalities"].sum()
    assert counts.loc[clashes.index, "clashes"].tolist() == clashes.tolist()
    daily = daily_counts(bundle.events, mask, date(2022, 12, 10), date(2023, 2, 15), codes=bundle.codes)
    crosstab = pd.crosstab(rows["event_date"], rows["event_type"])
    assert daily.loc[crosstab.index, list(crosstab.columns)].to_numpy().tolist() == crosstab.to_numpy().tolist()
    assert daily.to_numpy().sum() == len(rows)
