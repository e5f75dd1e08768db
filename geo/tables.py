"""The tables shown under the map, shaped for reading: chosen columns, readable headers."""

import pandas as pd
from pandas.io.formats.style import Styler

from .assign import CODE_COLUMNS

SELECTED_STYLE = "background-color: #ffe08a; font-weight: bold"


def region_table(counts: pd.DataFrame, selected: str | None = None) -> Styler:
    """Regions with their counts, styled: the selected region highlighted, rates to two decimals."""
    table = counts.drop(columns=["population"], errors="ignore").reset_index(drop=True)
    codes = table["code"].tolist()

    def highlight(row: pd.Series) -> list[str]:
        return [SELECTED_STYLE if codes[row.name] == selected else ""] * len(row)

    style = table.style.apply(highlight, axis=1)
    if "events_per_100k" in table:
        style = style.format({"events_per_100k": "{:.2f}"}, na_rep="")
    return style


def mine_table(mines: pd.DataFrame) -> pd.DataFrame:
    """Mines with status, counts within the radius, and "location not available" where unknown."""
    table = mines.assign(status=mines["is_project"].map({True: "project (contested)", False: "mine"}),
                         commodity=mines["commodity"].str.replace(";", ", "))
    return table[["name", "department", "status", "commodity", "events", "fatalities", "location"]]


def event_table(events: pd.DataFrame, level: str, selected: str | None = None) -> pd.DataFrame:
    """Filtered events, newest last, with their source links; only the selected region's if any."""
    if selected:
        events = events[events[CODE_COLUMNS[level]] == selected]
    columns = ["event_date", "event_type", "sub_event_type", "location", "admin2", "admin1",
               "fatalities", "injured", "geo_precision", "nearest_mine", "nearest_mine_km", "notes", "source"]
    table = events[columns].copy()
    table["event_date"] = table["event_date"].dt.date
    table["nearest_mine_km"] = table["nearest_mine_km"].round(1)
    return table.sort_values("event_date", kind="stable")
