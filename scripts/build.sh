#!/usr/bin/env bash
# The release build: the review widget and demo page into dist/, then the calibration quiz, the
# rubric designer and the agreement report (each its own wasm, so the review widget carries
# none of them) into dist/quiz/, dist/designer/ and dist/report/. In this order:
# Trunk replaces its whole dist directory. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
trunk build --release --offline
trunk build demo/quiz.html --release --dist dist/quiz --offline
trunk build demo/designer.html --release --dist dist/designer --offline
trunk build demo/report.html --release --dist dist/report --offline
