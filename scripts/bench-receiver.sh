#!/usr/bin/env bash
# The receiver's listing at scale (issue 16), measured rather than tested: a database of ROWS
# (default 1,000,000) made-up submissions is read whole through its pages (JSON Lines, 10,000
# a page, following each Link rel="next") by curl while /usr/bin/time -v watches the receiver,
# and a reviewer's submit is timed meanwhile. Prints rows, bytes, seconds, the receiver's peak
# resident memory and the submit's time. Not in scripts/test.sh (making the database takes
# minutes); crates/rubric-receiver/tests/cli.rs checks the same bound on 20,000 rows.
# The database is kept in BENCH_DIR (default /tmp/rubric-receiver-bench) for the next run.
# README's figures were taken with CARGO_PROFILE_RELEASE_LTO=false
# CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=2 in the environment
# (the workspace's release profile is tuned for the wasm: size first, LTO, slow to build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-1000000}
DIR=${BENCH_DIR:-/tmp/rubric-receiver-bench}
PORT=${PORT:-8391}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$DIR"
DB="$DIR/rows-$ROWS.sqlite"
# The release build, as README's "Running it for a real team" deploys it.
cargo build -q --release --locked -p rubric-receiver --bin rubric-receiver --example fill
[ -f "$DB" ] || "$TARGET/release/examples/fill" "$DB" "$ROWS"
echo "database: $(du -h "$DB" | cut -f1) for $ROWS submissions"

/usr/bin/time -v -o "$DIR/time.txt" "$TARGET/release/rubric-receiver" --addr "127.0.0.1:$PORT" \
  --db "$DB" >"$DIR/log.jsonl" &
TIMED=$!
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
# SIGTERM goes to the receiver itself (time's child), so time can report when it exits.
RECEIVER=$(pgrep -P "$TIMED")
trap 'kill -TERM $RECEIVER 2>/dev/null || true' EXIT

# A submit while the listing streams: it must not wait for the reader.
(sleep 2; curl -sS -o /dev/null -w 'a submit during the listing: %{http_code} in %{time_total} s\n' \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: bench-during' \
  --data '{"schema_version":"1.1","submission_id":"bench-during","rubric":{"id":"hhh","version":"2.1"},"task_id":"t1","annotator":"ann","answers":{},"response_order":[],"started_at":"2026-11-25T14:00:00.000Z","submitted_at":"2026-11-25T14:01:00.000Z","active_ms":0,"client":{"name":"bench","version":"0"}}' \
  "http://127.0.0.1:$PORT/api/submissions") &

next="/api/submissions?format=jsonl&limit=10000"
rows=0 bytes=0 pages=0
started=$(date +%s.%N)
while [ -n "$next" ]; do
  read -r lines size < <(curl -sS -D "$DIR/headers" "http://127.0.0.1:$PORT$next" | wc -lc)
  rows=$((rows + lines)) bytes=$((bytes + size)) pages=$((pages + 1))
  next=$(tr -d '\r' <"$DIR/headers" | sed -nE 's/^[Ll]ink: <([^>]*)>; rel="next"$/\1/p')
done
ended=$(date +%s.%N)
wait %2 2>/dev/null || true
kill -TERM "$RECEIVER"
wait "$TIMED" || true
trap - EXIT
echo "listed $rows rows, $bytes bytes, in $pages pages, in $(echo "$ended - $started" | bc) s"
echo "receiver peak RSS: $(sed -nE 's/^\s*Maximum resident set size \(kbytes\): //p' "$DIR/time.txt") KiB"
