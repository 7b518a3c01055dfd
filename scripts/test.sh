#!/usr/bin/env bash
# Every check, in the order that fails fastest: format, lints (native and wasm32), core and
# receiver tests (the receiver's on SQLite, then on PostgreSQL), component tests in headless
# Chromium, the release build and its size budget, end-to-end tests in headless Chromium, then
# the main flows in Firefox and WebKit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
step() { echo; echo "== $*"; }

step "format"
cargo fmt --all --check

step "clippy (native and wasm32)"
cargo clippy --workspace --all-targets --locked -- -D warnings
# The core's tests use proptest, which does not build for wasm32; its library must.
cargo clippy -p rubric-core --lib --locked --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p rubric-widget --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "core and receiver tests (native; the receiver over real HTTP with a real SQLite file; the catalogues: none lacks a message)"
cargo test -p rubric-core -p rubric-receiver --locked

step "receiver tests again, on PostgreSQL (a throwaway cluster; two receiver processes on one database)"
scripts/with-postgres.sh cargo test -p rubric-receiver --locked

step "component tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p rubric-widget --locked --target wasm32-unknown-unknown

step "release build, and the bundle-size budget"
scripts/build.sh
node bench/bundle.mjs --check

step "end-to-end tests (Playwright in headless Chromium, against the reference receiver)"
cargo build -p rubric-receiver --locked
npx playwright test --config tests/e2e/playwright.config.mjs

step "cross-browser tests (Firefox ESR over WebDriver BiDi, WebKitGTK over WebDriver, against the reference receiver)"
npm run --silent xbrowser

echo; echo "all tests passed"
