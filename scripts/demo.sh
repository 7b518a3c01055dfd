#!/usr/bin/env bash
# Builds the widget (release) and the reference receiver, and serves the demo at
# http://127.0.0.1:8080: the receiver serves the page and stores what the demo submits in
# demo.sqlite (see http://127.0.0.1:8080/api/submissions). A demo.sqlite without submissions
# is first seeded with example reviews of the bundled rubrics by six annotators and two model
# judges (--seed-demo, crates/rubric-receiver/src/demo_seed.rs), for the agreement report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
scripts/build.sh
cargo build -p rubric-receiver --locked
echo "demo: open http://127.0.0.1:8080/ (Ctrl-C to stop)"
exec target/debug/rubric-receiver --addr 127.0.0.1:8080 --db demo.sqlite --static dist --seed-demo
