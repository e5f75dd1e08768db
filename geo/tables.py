"""The tables shown under the map, shaped for reading: chosen columns, readable headers."""

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from . import settings
from .assign import CODE_COLUMNS
from .deaths import describe, kind_columns
from .gazetteer import position_notes
from .mines import NEAREST

SELECTED_STYLE = "background-color: #ffe08a; font-weight: bold"
# Headers of the deaths-by-kind columns in the regions table.
KIND_HEADERS = {"clashes": "killed in clashes", "police": "police killed", "blockade": "deaths at roadblocks",
                "soldiers": "soldiers killed", settings.UNKNOWN_KIND: "deaths, kind not recorded"}


def region_table(counts: pd.DataFrame, selected: str | None = None) -> Styler:
    """Regions with their counts, most events first and the unassigned row last, styled: the
    selected region highlighted, rates to two decimals, deaths by kind under readable headers."""
    unassigned = counts["code"] == settings.UNASSIGNED
    ranked = counts[~unassigned].sort_values(["events", "fatalities", "code"], ascending=[False, False, True])
    table = pd.concat([ranked, counts[unassigned]]).drop(columns=["population"], errors="ignore")
    table = table.rename(columns=KIND_HEADERS).reset_index(drop=True)
    codes = table["code"].tolist()

    def highlight(row: pd.Series) -> list[str]:
        return [SELECTED_STYLE if codes[row.name] == selected else ""] * len(row)

    style = table.style.apply(highlight, axis=1)
    if "events_per_100k" in table:
        style = style.format({"events_per_100k": "{:.2f}"}, na_rep="")
    return style


def mine_table(mines: pd.DataFrame, radius_km: float) -> pd.DataFrame:
    """Mines with status, the events about each (rows naming it) apart from those within the
    radius, deaths by kind within the radius, and "location not available" where unknown; most
    events first."""
    kinds = kind_columns(mines.columns)
    by_kind = [describe({k: int(r[k]) for k in kinds}) if pd.notna(r["fatalities"]) and r["fatalities"] else ""
               for _, r in mines.iterrows()]
    within = f"within {radius_km:g} km"
    table = pd.DataFrame({
        "name": mines["name"],
        "events naming it": mines["named_events"], "deaths naming it": mines["named_fatalities"],
        f"events {within}": mines["events"], f"deaths {within}": mines["fatalities"],
        f"deaths {within} by kind": by_kind, "department": mines["department"],
        "status": mines["is_project"].map({True: "project (contested)", False: "mine"}),
        "commodity": mines["commodity"].str.replace(";", ", "), "location": mines["location"]})
    # Most events first (within the radius, then naming it); mines without a location last.
    order = np.lexsort((-mines["named_events"].to_numpy(), -mines["events"].fillna(-1).to_numpy(int)))
    return table.iloc[order].reset_index(drop=True)


def _position(events: pd.DataFrame) -> list[str]:
    """How each event's point is known, in words (the events table's "position" column)."""
    return [n or ("source coordinates" if has else "no position")
            for n, has in zip(position_notes(events), events["latitude"].notna())]


def event_table(events: pd.DataFrame, level: str, selected: str | None = None,
                radius_km: float = settings.DEFAULT_RADIUS_KM) -> pd.DataFrame:
    """Filtered events, newest last, with who died, how well each is placed, the mine it is about
    (or the nearest, when within ``radius_km``), and its source link; only the selected region's
    if any."""
    if selected:
        events = events[events[CODE_COLUMNS[level]] == selected]
    columns = ["event_date", "event_type", "sub_event_type", "location", "admin2", "admin1",
               "fatalities", "fatality_kind", "injured", "geo_precision", "mine_name", "mine_basis", "mine_km",
               "notes", "source"]
    table = events[columns].copy()
    table.insert(table.columns.get_loc("geo_precision") + 1, "position", _position(events))
    table["event_date"] = table["event_date"].dt.date
    far = (table["mine_basis"] == NEAREST) & ~(table["mine_km"] <= radius_km)
    table.loc[far, ["mine_name", "mine_basis"]] = ""  # a mine 140 km away says nothing about an event
    table["mine_km"] = table["mine_km"].where(~far).round(1)
    table["mine_basis"] = table["mine_basis"].replace(NEAREST, f"nearest, within {radius_km:g} km")
    table = table.rename(columns={"mine_name": "mine", "mine_basis": "mine (why)", "mine_km": "km to mine"})
    return table.sort_values("event_date", kind="stable")



def _oldest_first(dates: np.ndarray) -> np.ndarray:
    """Stable order of ``dates`` (file order within a day). Whole days spanning under 89 years
    sort as 16-bit integers, which numpy sorts by radix: 5x faster at a million rows."""
    days = dates.astype("datetime64[D]").astype(np.int64)
    if len(days) and days.max() - days.min() < np.iinfo(np.int16).max:
        days = (days - days.min()).astype(np.int16)
    return np.argsort(days, kind="stable")


def event_page(events: pd.DataFrame, level: str, selected: str | None = None,
               radius_km: float = settings.DEFAULT_RADIUS_KM, page: int = 1,
               page_rows: int | None = None, rows: np.ndarray | None = None) -> tuple[pd.DataFrame, int, int]:
    """One page of :func:`event_table` (oldest first), built for those rows only.

    ``rows``, when given, are the positions in ``events`` of the rows to list (a filter), so that
    only one page is ever copied out of a large frame.

    Returns
    -------
    (DataFrame, int, int)
        The page's rows, the number of events in the table, and the number of pages.
    """
    page_rows = page_rows or settings.EVENT_PAGE_ROWS
    rows = np.arange(len(events)) if rows is None else rows
    if selected:
        rows = rows[events[CODE_COLUMNS[level]].to_numpy()[rows] == selected]
    pages = max(1, -(-len(rows) // page_rows))
    page = min(max(1, page), pages)
    order = _oldest_first(events["event_date"].to_numpy()[rows])
    shown = events.iloc[rows[order[(page - 1) * page_rows: page * page_rows]]]
    return event_table(shown, level, None, radius_km), len(rows), pages


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"})


def markdown_text(value: object) -> str:
    """Text from a data file made inert for Streamlit's Markdown (no links, emphasis or HTML)."""
    return str(value).translate(_MARKDOWN_SPECIAL)


def toll_markdown(toll, period_deaths: dict[str, int]) -> str:
    """The reconciliation shown beside the headline: the deaths itemized in the selected period,
    the latest published toll on or before its end (date, publisher, source link), the table's
    deaths up to that toll's date, and one sentence on the difference."""
    total = sum(period_deaths.values())
    itemized = f"**{total:,} deaths itemized** in the selected period ({describe(period_deaths)})."
    if toll is None:
        return itemized + " No published toll dates from on or before the period's end."
    url = toll.source_url.replace(")", "%29").replace(" ", "%20")
    source = f"[source]({url})" if url.startswith(("https://", "http://")) else markdown_text(toll.source_url)
    return (f"{itemized} **Latest published toll** on or before the period's end: "
            f"**{toll.published_total:,}**, {markdown_text(toll.published_by)}, "
            f"{toll.as_of.day} {toll.as_of:%b %Y} ({source}); the table itemizes "
            f"{toll.itemized_total:,} deaths up to that day ({describe(toll.itemized)}). "
            f"{markdown_text(toll.explanation())} {markdown_text(toll.later_sentence())}").rstrip()


def tolls_table(comparisons: list) -> pd.DataFrame:
    """Every published toll beside the table's deaths up to its day, for the page's expander.

    The parts of the published split are text: a number, or "not given" where the toll gave none.
    """
    def part(kind: str) -> list[str]:
        return [f"{t.published_split[kind]:,}" if t.published_split[kind] is not None else "not given"
                for t in comparisons]

    return pd.DataFrame({
        "as of": [t.as_of for t in comparisons],
        "published by": [t.published_by for t in comparisons],
        "published total": [t.published_total for t in comparisons],
        "in clashes": part("clashes"), "police": part("police"),
        "linked to roadblocks": part("blockade"), "other or unexplained": part("other"),
        "itemized up to that day": [t.itemized_total for t in comparisons],
        "not itemized": [t.difference for t in comparisons],
        "why": [t.explanation() for t in comparisons],
        "as reported": [t.basis for t in comparisons],
        "source": [t.source_url for t in comparisons],
    }, columns=["as of", "published by", "published total", "in clashes", "police", "linked to roadblocks",
                "other or unexplained", "itemized up to that day", "not itemized", "why", "as reported", "source"])


def plural(n: int, one: str, many: str | None = None) -> str:
    """``"1 event"``, ``"4 events"``, ``"1,200 fatalities"`` (with ``many``)."""
    return f"{int(n):,} {one if n == 1 else (many or one + 's')}"
