#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster (Debian's postgresql package, installed
# by scripts/setup.sh): RUBRIC_TEST_POSTGRES names its database, e.g.
#   scripts/with-postgres.sh cargo test -p rubric-receiver
# The cluster lives in a temporary directory, listens on 127.0.0.1 only with trust
# authentication and no fsync (nothing in it outlives the command), and is stopped and removed
# when the command ends. As root its server runs as the `postgres` user: initdb refuses root.
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/rubric-pg.XXXXXX)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; fi
PORT=${PG_PORT:-$((55000 + RANDOM % 5000))}
cleanup() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync >/dev/null
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
  start >/dev/null
export RUBRIC_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
