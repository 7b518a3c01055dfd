#!/usr/bin/env bash
# Runs the peer benchmark (issue 14): SurveyJS, react-jsonschema-form, the harness's hand-written
# DOM page (the floor) and this widget render the same neutral review rubrics (20 and 200
# criteria) in headless Chromium, interleaved, and take the same 100 answer changes. The
# harness lives outside this repository (read-only, default /work/shared/bench-peers; its
# README says what it measures); the widget enters it through bench/peers/, a host page on the
# public mount API that converts the neutral rubric (bench/peers/README.md).
#
#   scripts/bench-peers.sh             full run: 9 measured runs + 1 warm-up per cell (10-15 min)
#   scripts/bench-peers.sh --quick     3 runs + 1 warm-up (a smoke test; numbers are noise)
#   scripts/bench-peers.sh --only widget,vanilla --sizes 200   any other bench.mjs option
#
# It uses the release build in dist/ (building it with scripts/build.sh only when there is
# none), copies the harness to a temporary directory, installs its pinned packages (npm ci),
# assembles the contender's folder (the widget's review files from dist/ plus bench/peers/;
# the harness sizes every .js/.wasm/.css in it, so nothing else goes in) and prints where the
# results are. Env: BENCH_PEERS (the harness), DIST (another release build), CHROMIUM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
harness=${BENCH_PEERS:-/work/shared/bench-peers}
dist=${DIST:-dist}

if [ ! -f "$harness/bench.mjs" ]; then
  echo "bench-peers: no harness at $harness (set BENCH_PEERS)" >&2
  exit 1
fi
if [ ! -f "$dist/rubric-widget_bg.wasm" ]; then
  source scripts/setup.sh
  scripts/build.sh
fi
dist=$(cd "$dist" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-peers.XXXXXX")
cp -r "$harness" "$work/harness"
chmod -R u+w "$work/harness"
rm -rf "$work/harness/node_modules" "$work/harness/dist" "$work/harness/results"
(cd "$work/harness" && npm ci --no-audit --no-fund --loglevel=error)

# The contender: what a review page downloads (the glue, the wasm, widget.css and the JS
# snippets the glue imports) and the host page.
contender="$work/widget"
mkdir -p "$contender"
cp "$dist/rubric-widget.js" "$dist/rubric-widget_bg.wasm" "$dist/widget.css" "$contender/"
for snippet in $(grep -o '\./snippets/[^"'\'']*\.js' "$dist/rubric-widget.js" | sort -u); do
  # The release glue has its snippets bundled in (only their module names remain, as the
  # wasm's import keys): there is nothing to copy then.
  [ -f "$dist/$snippet" ] || continue
  mkdir -p "$contender/$(dirname "$snippet")"
  cp "$dist/$snippet" "$contender/$snippet"
done
cp "$repo"/bench/peers/index.html "$repo"/bench/peers/host.js "$repo"/bench/peers/host.css "$contender/"

cd "$work/harness"
node bench.mjs --runs 9 --warmup 1 \
  --extra 'vanilla=contract-example/index.html?rubric={rubric}' \
  --extra "widget=$contender/index.html?rubric=/rubrics/rubric-{n}.neutral.json" \
  "$@"
echo
echo "bench-peers: results in $work/harness/results/latest.md (and .json); the contender's folder is $contender"
