"""Checked events into the store: COPY into a staging table, then one statement that inserts new
events, updates changed ones (their version + 1) and leaves identical ones alone, writing a history
row for every insert and update with who, when, why, the old and the new values."""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo import settings
from geo.io.schema import EventTable

# The id geo.io.tally gives a row without one, by its row number ("row-14"): in a shared store two
# files' row 14 are not one event, so such rows are stored by what they say instead.
_ROW_NUMBER_ID = re.compile(r"row-\d+")

# The staging table lives for one transaction; its rows are the checked file's events.
_STAGING = """
CREATE TEMP TABLE staging (
    event_id_cnty text PRIMARY KEY, fields jsonb NOT NULL, event_date date NOT NULL,
    event_type text NOT NULL, fatalities integer NOT NULL, longitude double precision,
    latitude double precision, source_url text NOT NULL
) ON COMMIT DROP
"""
# Data-modifying CTEs share one snapshot: ``old`` reads the rows before ``upserted`` changes them.
_UPSERT = """
WITH old AS (
    SELECT e.event_id_cnty, e.fields FROM events e JOIN staging s USING (event_id_cnty)
), upserted AS (
    INSERT INTO events AS e (event_id_cnty, fields, event_date, event_type, fatalities, geom, changed_by)
    SELECT event_id_cnty, fields, event_date, event_type, fatalities,
           CASE WHEN longitude IS NULL OR latitude IS NULL THEN NULL
                ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END,
           %(by)s
    FROM staging
    ON CONFLICT (event_id_cnty) DO UPDATE SET
        fields = EXCLUDED.fields, event_date = EXCLUDED.event_date, event_type = EXCLUDED.event_type,
        fatalities = EXCLUDED.fatalities, geom = EXCLUDED.geom, version = e.version + 1,
        changed_at = now(), changed_by = EXCLUDED.changed_by
    WHERE e.fields IS DISTINCT FROM EXCLUDED.fields
    RETURNING e.event_id_cnty, e.version, e.fields
), logged AS (
    INSERT INTO event_history (event_id_cnty, version, changed_by, reason, old, new, source_url)
    SELECT u.event_id_cnty, u.version, %(by)s, %(reason)s, o.fields, u.fields, s.source_url
    FROM upserted u JOIN staging s USING (event_id_cnty) LEFT JOIN old o USING (event_id_cnty)
    RETURNING version
)
SELECT count(*) FILTER (WHERE version = 1), count(*) FILTER (WHERE version > 1) FROM logged
"""


@dataclass(frozen=True)
class Imported:
    """What an import did: events added, changed (version + 1) and left as they were."""

    added: int
    changed: int
    unchanged: int


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _coordinate(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def stored_id(fields: dict[str, str]) -> str:
    """The event's id: its ``event_id_cnty``, or for a row without one an id made from what the
    row says (its date, type, place, deaths, notes and source), so that importing the same file
    again finds the same event."""
    given = fields.get("event_id_cnty", "")
    if given and not _ROW_NUMBER_ID.fullmatch(given):
        return given
    said = [
        fields.get(name, "")
        for name in (
            "event_date",
            "event_type",
            "sub_event_type",
            "latitude",
            "longitude",
            "admin1",
            "admin2",
            "location",
            "fatalities",
            "notes",
            "source",
        )
    ]
    return "PER-" + hashlib.sha256("\x1f".join(said).encode()).hexdigest()[:16]


def staged_rows(events: pd.DataFrame) -> list[tuple]:
    """The rows COPY sends: one per event, its columns as text in ``fields``."""
    columns = [c for c in settings.EVENT_COLUMNS if c in events.columns]
    rows = []
    for record in events[columns].to_dict("records"):
        fields = {name: _text(record[name]) for name in columns}
        fields["event_id_cnty"] = stored_id(fields)
        latitude, longitude = _coordinate(record.get("latitude")), _coordinate(record.get("longitude"))
        point = latitude is not None and longitude is not None
        rows.append(
            (
                fields["event_id_cnty"],
                json.dumps(fields, ensure_ascii=False, sort_keys=True),
                fields["event_date"],
                fields["event_type"],
                int(record["fatalities"]),
                longitude if point else None,
                latitude if point else None,
                fields.get("source", ""),
            )
        )
    return rows


def import_events(conn: Any, table: EventTable, by: str, reason: str = "import") -> Imported:
    """Insert or update ``table``'s accepted events by id, in one transaction."""
    rows = staged_rows(table.events)
    with conn.transaction():
        conn.execute(_STAGING)
        with (
            conn.cursor() as cursor,
            cursor.copy(
                "COPY staging (event_id_cnty, fields, event_date, event_type, fatalities,"
                " longitude, latitude, source_url) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        added, changed = conn.execute(_UPSERT, {"by": by, "reason": reason}).fetchone()
    return Imported(int(added), int(changed), len(rows) - int(added) - int(changed))
