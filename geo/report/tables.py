"""The tables shown under the map, shaped for reading: chosen columns, readable headers."""

import re
from datetime import date
from functools import partial
from typing import cast

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from geo import settings
from geo.analysis.deaths import describe, kind_columns
from geo.analysis.decrees import WHOLE_DEPARTMENT
from geo.analysis.mines import NAMED_IN_ROW, NEAREST, commodity_words
from geo.i18n import N_, SOURCE_LANGUAGE, day, language, number, t, type_label
from geo.place.assign import CODE_COLUMNS
from geo.place.gazetteer import position_notes

SELECTED_STYLE = "background-color: #ffe08a; font-weight: bold"
# Headers of the deaths-by-kind columns in the regions table.
KIND_HEADERS = {
    "clashes": N_("civilians killed in protests"),
    "police": N_("police officers killed"),
    "blockade": N_("deaths linked to roadblocks"),
    "soldiers": N_("soldiers who died"),
    settings.UNKNOWN_KIND: N_("deaths, kind not recorded"),
    "excessive_force": N_("of them, on rows coded as excessive force"),
}
# Headers of the regions table's other columns.
REGION_HEADERS = {
    "code": N_("code"),
    "name": N_("name"),
    "events": N_("events"),
    "fatalities": N_("fatalities"),
    "events_per_100k": N_("events per 100,000"),
    "department": N_("department"),
}


def region_table(
    counts: pd.DataFrame, selected: str | None = None, lang: str = "en", excessive_force: pd.Series | None = None
) -> Styler:
    """Regions with their counts, most events first and the unassigned row last, styled: the
    selected region highlighted, rates to two decimals, deaths by kind under readable headers
    (in ``lang``); ``excessive_force`` (deaths by region code, from
    :func:`geo.analysis.aggregate.excessive_force_by_region`) beside the civilians killed, as a part of them."""
    if excessive_force is not None and "clashes" in counts:
        counts = counts.copy()
        counts.insert(
            _column_position(counts, "clashes") + 1,
            "excessive_force",
            counts["code"].map(excessive_force).fillna(0).astype(int),
        )
    unassigned = counts["code"] == settings.UNASSIGNED
    ranked = counts[~unassigned].sort_values(["events", "fatalities", "code"], ascending=[False, False, True])
    last = counts[unassigned].assign(name=lambda rows: [t(n, lang) for n in rows["name"]])  # aggregate's words
    table = pd.concat([ranked, last]).drop(columns=["population"], errors="ignore")
    rate = t(REGION_HEADERS["events_per_100k"], lang)
    table = table.rename(columns={k: t(v, lang) for k, v in (KIND_HEADERS | REGION_HEADERS).items()})
    table = table.reset_index(drop=True)
    codes = table[t("code", lang)].tolist()

    def highlight(row: pd.Series) -> list[str]:
        return [SELECTED_STYLE if codes[cast(int, row.name)] == selected else ""] * len(row)

    style = table.style.apply(highlight, axis=1)
    if rate in table:
        # English keeps Python's plain two decimals; other languages write their decimal sign.
        two_decimals = "{:.2f}" if language(lang) == SOURCE_LANGUAGE else lambda v: number(cast(float, v), lang, 2)
        style = style.format({rate: two_decimals}, na_rep="")
    return style


def _column_position(table: pd.DataFrame, column: str) -> int:
    """Where ``column`` is among ``table``'s columns (their names are unique)."""
    position = table.columns.get_loc(column)
    if not isinstance(position, int):
        raise ValueError(f"column {column!r} is not unique")
    return position


def mine_table(mines: pd.DataFrame, radius_km: float, lang: str = "en") -> pd.DataFrame:
    """Mines with status, the events about each (rows naming it) apart from those within the
    radius (any cause), deaths by kind within the radius, and "location not available" where
    unknown; most events naming the mine first. Headers and words in ``lang``."""
    kinds = kind_columns(mines.columns)
    by_kind = [
        describe({k: int(r[k]) for k in kinds}, lang) if pd.notna(r["fatalities"]) and r["fatalities"] else ""
        for _, r in mines.iterrows()
    ]
    km = number(radius_km, lang)
    table = pd.DataFrame(
        {
            t("name", lang): mines["name"],
            t("events naming it", lang): mines["named_events"],
            t("deaths naming it", lang): mines["named_fatalities"],
            t("events within {km} km, any cause", lang, km=km): mines["events"],
            t("deaths within {km} km, any cause", lang, km=km): mines["fatalities"],
            t("deaths within {km} km by kind", lang, km=km): by_kind,
            t("department", lang): mines["department"],
            t("status", lang): mines["is_project"].map({True: t("project (contested)", lang), False: t("mine", lang)}),
            t("commodity", lang): mines["commodity"].map(partial(commodity_words, lang=lang)),
            t("location", lang): mines["location"].replace(settings.NO_LOCATION, t(settings.NO_LOCATION, lang)),
        }
    )
    # Most events about the mine first (rows naming it), then most within the radius; mines
    # without a location last among equals.
    order = np.lexsort((-mines["events"].fillna(-1).to_numpy(int), -mines["named_events"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def _position(events: pd.DataFrame, lang: str) -> list[str]:
    """How each event's point is known, in words (the events table's "position" column)."""
    coordinates, nowhere = t("source coordinates", lang), t("no position", lang)
    return [
        n or (coordinates if has else nowhere)
        for n, has in zip(position_notes(events, lang), events["latitude"].notna())
    ]


# Headers of the columns of the tables under the map (events, a mine's events, emergencies,
# roadblock reports): in English ACLED's column names (as in the exports) and ours.
COLUMN_HEADERS = {
    "event_id_cnty": N_("event id"),
    "event_date": N_("date"),
    "event_type": N_("event type"),
    "sub_event_type": N_("sub-event type"),
    "location": N_("place"),
    "admin2": N_("province"),
    "admin1": N_("department"),
    "fatalities": N_("fatalities"),
    "fatality_kind": N_("who died"),
    "injured": N_("injured"),
    "geo_precision": N_("precision"),
    "position": N_("position"),
    "mine_name": N_("mine"),
    "mine_basis": N_("mine (why)"),
    "mine_km": N_("km to mine"),
    "notes": N_("notes"),
    "source": N_("source"),
    "tags": N_("tags"),
    "km": N_("km"),
    "names it": N_("names it"),
    "department": N_("department"),
    "code": N_("code"),
    "name": N_("name"),
    "scope": N_("scope"),
    "decrees": N_("decrees"),
    "sources": N_("sources"),
    "in_force": N_("in force"),
}


def headed(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` for the page: its known columns under :data:`COLUMN_HEADERS` in ``lang``, who died
    and (in Spanish) the ACLED types in words, "whole department" translated."""
    table = table.copy()
    for column in table.select_dtypes("datetime").columns:  # days, not midnights ("2022-12-13 00:00:00")
        table[column] = table[column].dt.date
    if "fatality_kind" in table:  # in words, singular for one death ("police officer")
        ones = table["fatalities"] == 1 if "fatalities" in table else pd.Series(False, index=table.index)
        table["fatality_kind"] = [
            t((one and settings.FATALITY_KIND_ONE.get(k)) or settings.FATALITY_KIND_SHORT[k], lang)
            if k in settings.FATALITY_KIND_SHORT
            else k
            for k, one in zip(table["fatality_kind"], ones)
        ]
    for column in ("event_type", "sub_event_type"):
        if column in table:
            table[column] = table[column].map(lambda k: type_label(k, lang))
    if "scope" in table:
        table["scope"] = table["scope"].replace(WHOLE_DEPARTMENT, t(WHOLE_DEPARTMENT, lang))
    return table.rename(columns={k: t(v, lang) for k, v in COLUMN_HEADERS.items()})


def event_table(
    events: pd.DataFrame,
    level: str,
    selected: str | None = None,
    radius_km: float = settings.DEFAULT_RADIUS_KM,
    lang: str = "en",
) -> pd.DataFrame:
    """Filtered events, newest last, with who died, how well each is placed, the mine it is about
    (or the nearest, when within ``radius_km``), and its source link; only the selected region's
    if any. Headers in ``lang``; in Spanish the types carry their Spanish label (ACLED's value
    beside it)."""
    if selected:
        events = events[events[CODE_COLUMNS[level]] == selected]
    columns = [
        "event_date",
        "event_type",
        "sub_event_type",
        "location",
        "admin2",
        "admin1",
        "fatalities",
        "fatality_kind",
        "injured",
        "geo_precision",
        "mine_name",
        "mine_basis",
        "mine_km",
        "notes",
        "source",
    ]
    table = events[columns].copy()
    table.insert(_column_position(table, "geo_precision") + 1, "position", _position(events, lang))
    table["event_date"] = table["event_date"].dt.date
    far = (table["mine_basis"] == NEAREST) & ~(table["mine_km"] <= radius_km)
    table.loc[far, ["mine_name", "mine_basis"]] = ""  # a mine 140 km away says nothing about an event
    table["mine_km"] = table["mine_km"].where(~far).round(1)
    table["mine_basis"] = table["mine_basis"].replace(
        {NEAREST: t("nearest, within {km} km", lang, km=number(radius_km, lang)), NAMED_IN_ROW: t(NAMED_IN_ROW, lang)}
    )
    return headed(table.sort_values("event_date", kind="stable"), lang)


def _oldest_first(dates: np.ndarray) -> np.ndarray:
    """Stable order of ``dates`` (file order within a day). Whole days spanning under 89 years
    sort as 16-bit integers, which numpy sorts by radix: 5x faster at a million rows."""
    days = dates.astype("datetime64[D]").astype(np.int64)
    if len(days) and days.max() - days.min() < np.iinfo(np.int16).max:
        days = (days - days.min()).astype(np.int16)
    return np.argsort(days, kind="stable")


def event_page(
    events: pd.DataFrame,
    level: str,
    selected: str | None = None,
    radius_km: float = settings.DEFAULT_RADIUS_KM,
    page: int = 1,
    page_rows: int | None = None,
    rows: np.ndarray | None = None,
    lang: str = "en",
) -> tuple[pd.DataFrame, int, int]:
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
    shown = events.iloc[rows[order[(page - 1) * page_rows : page * page_rows]]]
    return event_table(shown, level, None, radius_km, lang), len(rows), pages


# Markdown's special characters escaped; a word joiner (U+2060, invisible) after every colon and
# around every "@" and inside "www.", which Streamlit would otherwise turn into links
# (https://…, www.…, name@host), escaped or not.
_MARKDOWN_SPECIAL = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"}, ":": ":\u2060", "@": "\u2060@\u2060"}
)
_WWW = re.compile(r"(?i)(w)(?=ww\.)")


def markdown_text(value: object) -> str:
    """Text from a data file made inert for Streamlit's Markdown: no links, emphasis or HTML.

    Examples
    --------
    >>> markdown_text("*www.x.pe*: a@b.pe").replace("\u2060", "+")
    '\\\\*w+ww\\\\.x\\\\.pe\\\\*:+ a+@+b\\\\.pe'
    """
    return _WWW.sub("\\1\u2060", str(value)).translate(_MARKDOWN_SPECIAL)


def toll_markdown(
    toll,
    period_deaths: dict[str, int],
    lang: str = "en",
    tolls: list | None = None,
    end: date | None = None,
    excessive_force: tuple[int, int] = (0, 0),
) -> str:
    """The reconciliation shown beside the headline: the deaths itemized in the selected period,
    the latest published toll on or before its end (date, publisher, source link), the table's
    deaths up to that toll's date, and one sentence on the difference.

    When no toll falls on or before the period's ``end``, it says which tolls the page holds
    (``tolls``: every :class:`geo.analysis.tolls.TollComparison`), not that none was published. The
    period's civilians killed say how many of them are on rows coded as excessive force
    (``excessive_force``: deaths, events)."""
    total = sum(period_deaths.values())
    itemized = t(
        "**{n} deaths itemized** in the selected period ({kinds}).",
        lang,
        n=number(total, lang),
        kinds=describe(period_deaths, lang, excessive_force),
    )
    if toll is None:
        held = "; ".join(
            t("{total} on {day}", lang, total=number(c.published_total, lang), day=day(c.as_of, lang))
            for c in tolls or ()
        )
        return (
            itemized
            + " "
            + t(
                "The published tolls this page holds ({tolls}) are all dated after the "
                "period's end ({end}), so none is set beside it.",
                lang,
                tolls=held or t("none", lang),
                end=day(end, lang) if end else "",
            )
        )
    url = toll.source_url.replace(")", "%29").replace(" ", "%20")
    source = (
        f"[{t('source', lang)}]({url})" if url.startswith(("https://", "http://")) else markdown_text(toll.source_url)
    )
    latest = t(
        "**Latest published toll** on or before the period's end: **{total}**, {by}, {day} ({source}); the "
        "table itemizes {n} deaths in all of Peru up to that day ({kinds}).",
        lang,
        total=number(toll.published_total, lang),
        by=markdown_text(toll.published_by),
        day=day(toll.as_of, lang),
        source=source,
        n=number(toll.itemized_total, lang),
        kinds=describe(toll.itemized, lang),
    )
    return (
        f"{itemized} {latest} {markdown_text(toll.explanation(lang))} {markdown_text(toll.later_sentence(lang))}"
    ).rstrip()


# Headers of the published tolls table.
TOLL_HEADERS = (
    N_("as of"),
    N_("published by"),
    N_("published total"),
    N_("civilians killed in the protests"),
    N_("police"),
    N_("linked to roadblocks"),
    N_("other or unexplained"),
    N_("itemized up to that day"),
    N_("not itemized"),
    N_("why"),
    N_("as reported"),
    N_("source"),
)


def tolls_table(comparisons: list, lang: str = "en") -> pd.DataFrame:
    """Every published toll beside the table's deaths up to its day, for the page's expander.

    The parts of the published split are text: a number, or "not given" where the toll gave none.
    """

    def part(kind: str) -> list[str]:
        return [
            number(c.published_split[kind], lang) if c.published_split[kind] is not None else t("not given", lang)
            for c in comparisons
        ]

    columns = [
        [c.as_of for c in comparisons],
        [c.published_by for c in comparisons],
        [c.published_total for c in comparisons],
        part("clashes"),
        part("police"),
        part("blockade"),
        part("other"),
        [c.itemized_total for c in comparisons],
        [c.difference for c in comparisons],
        [c.explanation(lang) for c in comparisons],
        [c.basis for c in comparisons],
        [c.source_url for c in comparisons],
    ]
    headers = [t(h, lang) for h in TOLL_HEADERS]
    return pd.DataFrame(dict(zip(headers, columns, strict=True)), columns=headers)
