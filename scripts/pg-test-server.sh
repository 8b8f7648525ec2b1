#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's postgresql package) for dyad's tests, and print its URL.
#   scripts/pg-test-server.sh start   -> prints postgresql://postgres@127.0.0.1:PORT/dyad_test
#   scripts/pg-test-server.sh stop
# Installs the package when it is missing (CI runs as root). The cluster lives under $DYAD_PG_DIR.
set -euo pipefail
DIR=${DYAD_PG_DIR:-/tmp/dyad-pg}
PORT=${DYAD_PG_PORT:-55432}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  echo "installing postgresql from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN=$(pg_bin)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-start}" in
  start)
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      as_pg "$BIN/initdb -D '$DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl -D '$DIR/data' status" >/dev/null 2>&1; then
      rm -f "$DIR/data/postmaster.pid"  # left by a server that was killed with its session
      as_pg "$BIN/pg_ctl -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c max_connections=50\" start" >/dev/null
    fi
    as_pg "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='dyad_test'\"" | grep -q 1 \
      || as_pg "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres dyad_test"
    echo "postgresql://postgres@127.0.0.1:$PORT/dyad_test"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D '$DIR/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
esac
