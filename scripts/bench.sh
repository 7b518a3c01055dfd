#!/usr/bin/env bash
# Builds the release bundle and runs the benchmarks (bench/bench.mjs: load and answer cost;
# bench/hostile.mjs: crafted documents at the size limits). Numbers go in README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
scripts/build.sh
node bench/bench.mjs
node bench/hostile.mjs
