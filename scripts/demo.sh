#!/usr/bin/env bash
# Builds the widget (release) and serves the demo at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
trunk build --release --offline
echo "demo: open http://127.0.0.1:8080/ (Ctrl-C to stop)"
exec node tests/e2e/serve.mjs 8080 dist
