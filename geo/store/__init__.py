"""The team's shared event store: PostgreSQL + PostGIS (``--db URL`` or ``PERU_MAP_DB``).

``schema`` holds the versioned migrations, ``events`` the import (COPY into a staging table, then
one upsert that keeps every change in the history), ``cli`` the ``python -m geo db …`` commands.
The files-only default needs none of it: psycopg is imported only when a store is used.
"""
