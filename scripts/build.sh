#!/usr/bin/env bash
# The release build: the review widget and demo page into dist/, then the calibration quiz, the
# rubric designer and the agreement report (each its own wasm, so the review widget carries
# none of them) into dist/quiz/, dist/designer/ and dist/report/. In this order:
# Trunk replaces its whole dist directory. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Smaller wasm (ARCHITECTURE.md, "Bundle size"): the standard library is compiled again with
# the widget, by this same compiler (from rustup's rust-src component and the crates setup.sh
# fetches), so that a panic can stop the wasm at once instead of formatting a message: those
# messages, their source locations and the formatting code they need were about 12 KiB brotli
# of the review widget's 156. A panic is a bug and stops the widget either way (`panic =
# "abort"`); to read its message, build with `PANIC_MESSAGES=1 scripts/build.sh`
# (console_error_panic_hook prints it). These options are unstable in stable Rust:
# RUSTC_BOOTSTRAP enables them for this build only. (std's `optimize_for_size` feature saved
# 0.5 KiB more and cost about 5% of the time to show the form: not used.)
if [ "${PANIC_MESSAGES:-}" != 1 ]; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  # RUSTFLAGS replaces .cargo/config.toml's rustflags for the wasm target: keep `--cfg
  # erase_components` here as there.
  export RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort"
fi
trunk build --release --offline
trunk build demo/quiz.html --release --dist dist/quiz --offline
trunk build demo/designer.html --release --dist dist/designer --offline
trunk build demo/report.html --release --dist dist/report --offline
