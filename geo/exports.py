"""The filtered events as files that say what they hold: CSV with a header line, GeoJSON with
metadata. Every event keeps its id, coordinates, precision and source."""

import csv
import io
import json
from datetime import date

import numpy as np
import pandas as pd

from . import settings
from .aggregate import EventFilter
from .boundaries import region_names

EXPORT_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "admin2", "admin1",
                  "latitude", "longitude", "geo_precision", "placed_at", "fatalities", "fatality_kind", "injured",
                  "mine", "notes", "source")


def describe_types(types: tuple[str, ...] | None, all_types: tuple[str, ...] = ()) -> str:
    """"all event types" (none left out of ``all_types``), or "event types: Protests, Riots"."""
    return "all event types" if types is None or set(types) >= set(all_types) > set() else \
        "event types: " + ", ".join(types)


def left_out_subtypes(chosen: tuple[str, ...] | None, all_subtypes: tuple[str, ...]) -> str:
    """"; leaving out sub-event types: Peaceful protest" when ``chosen`` leaves some out, else ""."""
    left = [t for t in all_subtypes if chosen is not None and t not in chosen]
    return f"; leaving out sub-event types: {', '.join(left)}" if left else ""


def describe_filter(period: str, types: tuple[str, ...] | None, where: str, source: str,
                    all_types: tuple[str, ...] = ()) -> str:
    """One line naming what an export holds, e.g. "Protest events in Peru, 6 Jan 2023 – 12 Jan 2023; …"."""
    kinds = describe_types(types, all_types)
    return (f"Protest events in {where}, {period}; {kinds}; from {source}; "
            f"exported {date.today():%d %b %Y}")


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


def table_csv(table: pd.DataFrame, description: str) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so spreadsheets read the accents) whose first line is
    ``# `` and the description; text that a spreadsheet would run as a formula is defused."""
    out = io.StringIO()
    out.write(f"# {description}\n")
    table.apply(_defused).to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def events_csv(events: pd.DataFrame, description: str) -> bytes:
    """The events' :data:`EXPORT_COLUMNS` as :func:`table_csv`."""
    return table_csv(_rows(events), description)


def events_geojson(events: pd.DataFrame, description: str) -> bytes:
    """A GeoJSON FeatureCollection with ``metadata.description``; an event without coordinates is
    a feature with a null geometry (it still counts in its region)."""
    table = _rows(events)
    features = []
    for row in table.to_dict("records"):
        lat, lon = row["latitude"], row["longitude"]
        has_point = lat is not None and lon is not None and not (pd.isna(lat) or pd.isna(lon))
        properties = {k: (None if isinstance(v, float) and np.isnan(v) or v is pd.NA else v)
                      for k, v in row.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]} if has_point
                         else None})
    collection = {"type": "FeatureCollection", "metadata": {"description": description, "crs": settings.CRS,
                                                            "events": len(features)},
                  "features": features}
    return json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8")


def export_file_name(what: str, event_filter: EventFilter, region: str | None, suffix: str,
                     all_types: tuple[str, ...] = (), all_subtypes: tuple[str, ...] = ()) -> str:
    """A name that says what the file holds: ``peru-protests_<what>[_<department>]_<first>_<last>``,
    with ``_2-of-3-types`` (``_2-of-3-subtypes``) when some of the file's ``all_types``
    (``all_subtypes``) are left out."""
    where = f"_{region_names('department')[region].lower().replace(' ', '-')}" if region else ""
    dates = f"_{event_filter.start}_{event_filter.end}" if event_filter.start and event_filter.end else ""
    chosen = event_filter.event_types
    types = "" if chosen is None or set(chosen) >= set(all_types) else f"_{len(chosen)}-of-{len(all_types)}-types"
    kept = event_filter.sub_event_types
    shown = sum(t in kept for t in all_subtypes) if kept is not None else len(all_subtypes)
    subtypes = f"_{shown}-of-{len(all_subtypes)}-subtypes" if shown < len(all_subtypes) else ""
    return f"peru-protests_{what}{where}{dates}{types}{subtypes}{suffix}"


def rejected_csv(table) -> bytes:
    """The rows an :class:`~geo.events.EventTable` refused, as the file wrote them, with ``row`` and
    ``reason`` first (:func:`table_csv`)."""
    return table_csv(table.rejected, f"Rows of '{table.source_name}' that were not loaded, with the reason; "
                                     f"{table.summary()}")
