#!/usr/bin/env bash
# Builds the release bundle and runs the benchmark (bench/bench.mjs). Numbers go in README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
scripts/build.sh
node bench/bench.mjs
