#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS store for the tests and for trying the shared store on one
# machine: `bash scripts/db.sh start` starts it (installing Debian's postgresql and
# postgresql-15-postgis-3 first when missing and run as root) in .db/ of this checkout and prints its
# URL on its last line; `stop` stops it; `url` prints the URL of a running one. As root the server
# runs as the `postgres` system user (PostgreSQL refuses to run as root). PERU_MAP_DB_PORT picks
# the port (default 54329). A real deployment points --db / PERU_MAP_DB at its own server instead.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${PERU_MAP_DB_DIR:-$ROOT/.db}
[ -f "$DIR/elsewhere" ] && DIR=$(cat "$DIR/elsewhere")
PORT=${PERU_MAP_DB_PORT:-54329}
BIN=/usr/lib/postgresql/15/bin
DBNAME=peru_map
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
url() { echo "postgresql://$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)@127.0.0.1:$PORT/$DBNAME"; }
install() {
  if [ -x "$BIN/postgres" ] && [ -f /usr/share/postgresql/15/extension/postgis.control ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "The store needs Debian's PostgreSQL 15 and PostGIS: sudo apt-get install -y postgresql postgresql-15-postgis-3" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-15-postgis-3 >/dev/null
}
case "${1:-}" in
  start)
    install
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$DIR"
      # A checkout under a folder only root may enter (mktemp -d makes one): the server keeps its
      # files in a folder of its own outside it instead, named after the checkout.
      if ! runuser -u postgres -- test -w "$DIR"; then
        DIR=/var/tmp/peru-map-db-$(echo "$ROOT" | md5sum | cut -c1-12)
        mkdir -p "$DIR" && chown postgres "$DIR" && chmod 700 "$DIR"
        echo "$DIR" >"$ROOT/.db/elsewhere"
      fi
    fi
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      as_owner "$BIN/initdb" -D "$DIR/data" -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    fi
    owner=$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)
    as_owner "$BIN/../bin/psql" -h 127.0.0.1 -p "$PORT" -U "$owner" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" | grep -q 1 ||
      as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$owner" "$DBNAME"
    url
    ;;
  stop)
    if [ -f "$DIR/data/PG_VERSION" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true; fi
    ;;
  url)
    url
    ;;
  *)
    echo "usage: bash scripts/db.sh start|stop|url" >&2
    exit 2
    ;;
esac
