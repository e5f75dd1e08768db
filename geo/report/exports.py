"""The filtered events as files that say what they hold: plain CSV tables (header first) named
after the view, GeoJSON with metadata. Every event keeps its id, coordinates, precision and source."""

import csv
import io
import json
import re
import unicodedata
from datetime import date

import numpy as np
import pandas as pd

from geo import settings
from geo.analysis.aggregate import EventFilter
from geo.analysis.deaths import deaths_words
from geo.i18n import count, day, t, type_label
from geo.place.boundaries import region_names

EXPORT_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "location",
    "admin2",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "placed_at",
    "fatalities",
    "fatality_kind",
    "injured",
    "mine",
    "notes",
    "source",
)


def totals_words(headline, metric: str, lang: str = "en") -> str:
    """A caption's counts (a report map's subtitle, figure mode): the events and the deaths, and for
    the ``clashes`` metric the civilians killed that the map shows, all deaths beside them, so that
    the caption's total is the map's. ``headline`` is a :class:`geo.analysis.aggregate.Headline`."""
    events = count(headline.events, "1 event", "{n} events", lang)
    deaths = count(headline.fatalities, "1 death", "{n} deaths", lang)
    if metric == "clashes":
        killed = deaths_words(headline.deaths_by_kind.get("clashes", 0), "clashes", lang)
        return t("{events}, {killed} ({deaths} in all)", lang, events=events, killed=killed, deaths=deaths)
    return f"{events}, {deaths}"


def describe_types(types: tuple[str, ...] | None, all_types: tuple[str, ...] = (), lang: str = "en") -> str:
    """ "all event types" (none left out of ``all_types``), or "event types: Protests, Riots"
    (in ``lang``; ACLED's types keep their English value beside the Spanish label)."""
    if types is None or set(types) >= set(all_types) > set():
        return t("all event types", lang)
    return t("event types: {types}", lang, types=", ".join(type_label(k, lang) for k in types))


def left_out_subtypes(chosen: tuple[str, ...] | None, all_subtypes: tuple[str, ...], lang: str = "en") -> str:
    """ "; leaving out sub-event types: Peaceful protest" when ``chosen`` leaves some out, else ""."""
    left = [type_label(k, lang) for k in all_subtypes if chosen is not None and k not in chosen]
    return t("; leaving out sub-event types: {types}", lang, types=", ".join(left)) if left else ""


def describe_filter(
    period: str,
    types: tuple[str, ...] | None,
    where: str,
    source: str,
    all_types: tuple[str, ...] = (),
    lang: str = "en",
) -> str:
    """One line naming what an export holds, e.g. "Protest events in Peru, Jan 6 – 12, 2023; …"."""
    return t(
        "Protest events in {where}, {period}; {types}; from {source}; exported {day}",
        lang,
        where=where,
        period=period,
        types=describe_types(types, all_types, lang),
        source=source,
        day=day(date.today(), lang),
    )


def _rows(events: pd.DataFrame) -> pd.DataFrame:
    table = events.reindex(columns=list(EXPORT_COLUMNS))
    table["event_date"] = pd.to_datetime(table["event_date"]).dt.strftime("%Y-%m-%d")
    return table


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$"


def _defused(column: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would run as a formula, prefixed with ``'`` (shown as text);
    a plain number such as ``-15.49`` is left as it is."""
    if column.dtype != object and not pd.api.types.is_string_dtype(column):
        return column
    text = column.astype("string")
    risky = text.str.startswith(FORMULA_STARTS).fillna(False)
    if not risky.any():
        return column
    risky[risky] = ~text[risky].str.match(_PLAIN_NUMBER).fillna(False)  # numbers only where needed
    return column.mask(risky, "'" + text)


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so spreadsheets read the accents), a plain table: the
    header is the first line, so pandas, R and spreadsheets read it as it is (what the table holds
    is said by its file name and the page, never by a line above the header); text that a
    spreadsheet would run as a formula is defused."""
    out = io.StringIO()
    table.apply(_defused).to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def events_csv(events: pd.DataFrame) -> bytes:
    """The events' :data:`EXPORT_COLUMNS` as :func:`table_csv`."""
    return table_csv(_rows(events))


def events_geojson(events: pd.DataFrame, description: str) -> bytes:
    """A GeoJSON FeatureCollection with ``metadata.description``; an event without coordinates is
    a feature with a null geometry (it still counts in its region)."""
    table = _rows(events)
    features = []
    for row in table.to_dict("records"):
        lat, lon = row["latitude"], row["longitude"]
        has_point = lat is not None and lon is not None and not (pd.isna(lat) or pd.isna(lon))
        properties = {
            k: (None if (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v)
            for k, v in row.items()
            if k not in ("latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]} if has_point else None,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "metadata": {"description": description, "crs": settings.CRS, "events": len(features)},
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8")


def file_word(text: str) -> str:
    """Words as a part of a file name: ``"Fallecidos por departamento"`` ->
    ``"fallecidos-por-departamento"`` (lower case, no accents, hyphens)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def export_file_name(
    what: str,
    event_filter: EventFilter,
    region: str | None,
    suffix: str,
    all_types: tuple[str, ...] = (),
    all_subtypes: tuple[str, ...] = (),
    lang: str = "en",
) -> str:
    """A name that says what the file holds: ``peru-protests_<what>[_<department>]_<first>_<last>``,
    with ``_2-of-3-types`` (``_2-of-3-subtypes``) when some of the file's ``all_types``
    (``all_subtypes``) are left out; its words in ``lang`` (``what`` is given in it), dates ISO."""
    where = f"_{file_word(region_names('department')[region])}" if region else ""
    dates = f"_{event_filter.start}_{event_filter.end}" if event_filter.start and event_filter.end else ""
    chosen = event_filter.event_types
    types = (
        ""
        if chosen is None or set(chosen) >= set(all_types)
        else "_" + file_word(t("{n} of {all} types", lang, n=len(chosen), all=len(all_types)))
    )
    kept = event_filter.sub_event_types
    shown = sum(k in kept for k in all_subtypes) if kept is not None else len(all_subtypes)
    subtypes = (
        "_" + file_word(t("{n} of {all} subtypes", lang, n=shown, all=len(all_subtypes)))
        if shown < len(all_subtypes)
        else ""
    )
    return f"{file_word(t('peru protests', lang))}_{file_word(what)}{where}{dates}{types}{subtypes}{suffix}"


def rejected_csv(table, lang: str = "en") -> bytes:
    """The rows an :class:`~geo.io.events.EventTable` refused, as the file wrote them, with ``row`` and
    ``reason`` first (:func:`table_csv`); the two columns we add and the reasons in ``lang``. The
    accounting (rows = accepted + rejected) is what ``validate`` prints and the page's file check
    shows, not a line of the file."""
    return table_csv(table.rejected_rows(lang))
