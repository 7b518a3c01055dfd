#!/usr/bin/env bash
# Builds the release bundle and runs the benchmarks (bench/bench.mjs: load and answer cost;
# the crafted documents at the size limits, natively (hostile_bench) and in the browser
# (bench/hostile.mjs); the agreement report from 1,000 to 100,000 submissions, natively
# (report_bench) and in the browser (bench/report.mjs)). Numbers go in README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
scripts/build.sh
node bench/bench.mjs
cargo run --release --locked -p rubric-core --example hostile_bench
node bench/hostile.mjs
cargo run --release --locked -p rubric-core --example report_bench 100000
node bench/report.mjs
