"""``python -m geo db init`` and ``db import``: the store's commands (the administrator's tool)."""

import argparse
import os
import sys
from typing import Any

from geo.errors import GeoDashError
from geo.i18n import SOURCE_LANGUAGE, t
from geo.io.events import report_lines
from geo.io.reader import read_table
from geo.place.locate import validate_events
from geo.store.events import import_events
from geo.store.schema import MIGRATIONS, migrate

DB_ENV = "PERU_MAP_DB"


def add_db_commands(commands: Any) -> None:
    """``db init`` and ``db import PATH --by NAME``, each with ``--db URL``."""
    db = commands.add_parser("db", help="the team's shared store (PostgreSQL + PostGIS): init, import")
    actions = db.add_subparsers(dest="db_command", required=True, parser_class=type(db))
    init = actions.add_parser("init", help="create or update the store's tables (safe to run again)")
    imported = actions.add_parser("import", help="read an events file and insert or update its events by id")
    imported.add_argument("path", metavar="PATH", help="any events file the page reads")
    imported.add_argument("--by", required=True, metavar="NAME", help="who imports (kept in each event's history)")
    imported.add_argument("--reason", default="import", help="why (kept in the history)")
    for parser in (init, imported):
        parser.add_argument("--db", metavar="URL", help=f"postgresql://… (default: ${DB_ENV})")


def _connect(url: str | None) -> Any:
    url = url or os.environ.get(DB_ENV)
    if not url:
        raise GeoDashError(f"no store given: --db URL or {DB_ENV}")
    import psycopg  # only when a store is used: the files-only page never loads it

    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as error:
        raise GeoDashError(f"cannot reach the store: {str(error).strip().splitlines()[0]}") from None


def run_db(args: argparse.Namespace) -> int:
    """Run a ``db`` command; returns the exit status."""
    try:
        with _connect(args.db) as conn:
            if args.db_command == "init":
                done = migrate(conn)
                print(f"store at version {len(MIGRATIONS)}" + (f" (applied {done})" if done else " (nothing to do)"))
                return 0
            table = validate_events(read_table(args.path))
            print("\n".join(report_lines(table)))
            if migrate(conn):
                print("store initialised")
            result = import_events(conn, table, args.by, args.reason)
            print(f"{result.added:,} added, {result.changed:,} changed, {result.unchanged:,} unchanged")
            return 0
    except GeoDashError as error:
        print(t("error: {error}", SOURCE_LANGUAGE, error=error.told(SOURCE_LANGUAGE)), file=sys.stderr)
        return 2
