"""The store's schema as numbered migrations, applied in order and recorded in ``schema_version``:
``init`` on a new database creates everything, on an up-to-date one changes nothing."""

from typing import Any

# Each migration runs once, in one transaction with its record in schema_version. Never edit one
# that has shipped: add the next.
MIGRATIONS: tuple[str, ...] = (
    # 1: events with a point and a GIST index, their history, accounts.
    """
    CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE TABLE events (
        event_id_cnty text PRIMARY KEY,
        version integer NOT NULL DEFAULT 1,
        fields jsonb NOT NULL,             -- every column of the checked event, as text
        event_date date NOT NULL,
        event_type text NOT NULL,
        fatalities integer NOT NULL,
        geom geometry(Point, 4326),        -- NULL for an event placed by no point
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text NOT NULL
    );
    CREATE INDEX events_geom ON events USING GIST (geom);
    CREATE INDEX events_date ON events (event_date);
    CREATE TABLE event_history (
        id bigserial PRIMARY KEY,
        event_id_cnty text NOT NULL,
        version integer NOT NULL,          -- the version this change made
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text NOT NULL,
        reason text NOT NULL DEFAULT '',
        old jsonb,                         -- NULL when the change created the event
        new jsonb NOT NULL,
        source_url text NOT NULL DEFAULT ''
    );
    CREATE INDEX event_history_event ON event_history (event_id_cnty, version);
    CREATE TABLE accounts (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('viewer', 'contributor', 'reviewer')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    """,
)


def applied_version(conn: Any) -> int:
    """The last migration applied to the database of ``conn`` (0 for a new database)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version"
        " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0])


def migrate(conn: Any) -> list[int]:
    """Apply the migrations the database lacks, in one transaction; returns their numbers.
    Two servers migrating at once take turns (an advisory lock)."""
    done: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('peru_map_schema'))")
        current = applied_version(conn)
        for number, sql in enumerate(MIGRATIONS, start=1):
            if number <= current:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
            done.append(number)
    return done
