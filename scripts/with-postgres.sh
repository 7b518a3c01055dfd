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
cleanup() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync >/dev/null
# A random port can be taken by another process between our pick and the server's bind (a CI
# run once failed here with only "could not start server"): on failure the log is shown and the
# start is tried again on another port, three times at most.
for attempt in 1 2 3; do
  PORT=${PG_PORT:-$((55000 + RANDOM % 5000))}
  if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
    -o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    start >/dev/null; then
    break
  fi
  echo "with-postgres: the server did not start on port $PORT (attempt $attempt); its log:" >&2
  tail -n 20 "$DIR/log" >&2 || true
  if [ "$attempt" = 3 ]; then exit 1; fi
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  : >"$DIR/log"
done
export RUBRIC_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
