#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test the widget, idempotently: each tool is
# checked first and installed only when missing or at the wrong version. Sourced by demo.sh and
# test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "setup: $*" >&2; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source, and the crates it depends on: the release build compiles it
# with the widget (so a panic can stop without a message), and Trunk builds offline
# (scripts/build.sh).
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding the rust-src component"
  rustup component add rust-src
fi
std_manifest="$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
if ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --quiet --manifest-path "$std_manifest" 2>/dev/null; then
  say "fetching the standard library's dependencies"
  RUSTC_BOOTSTRAP=1 cargo fetch --quiet --manifest-path "$std_manifest"
fi

# Trunk 0.21.14: 0.22 needs a newer rustc than the toolchain this project is built with.
TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen CLI at exactly the version in Cargo.lock, or the glue and the wasm disagree.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF "$WBG_VERSION"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# Browsers, from Debian (test tools cannot download their own here): Chromium and its driver
# for the component and Playwright tests; Firefox ESR, WebKitGTK's WebDriver (it brings
# MiniBrowser) and a virtual X server for the cross-browser suite (tests/xbrowser). Each
# package only when a file it provides is missing; one `apt-get update` for all of them.
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || apt_missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] && [ -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ] || apt_missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || apt_missing+=(xvfb)
command -v xauth >/dev/null || apt_missing+=(xauth) # xvfb-run needs it; xvfb only recommends it
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# PostgreSQL from Debian, for the receiver's tests against its second store (each run starts a
# throwaway cluster of its own: scripts/with-postgres.sh; the cluster Debian sets up is unused).
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  say "installing postgresql"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

# npm packages: wasm-opt (binaryen 132) for the release build, Playwright for browser tests,
# puppeteer-core and selenium-webdriver for the cross-browser suite.
# Reinstalled only when package-lock.json changed.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-sum 2>/dev/null || true)" != "$lock_sum" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sum
fi

# Never let Trunk pick Debian's wasm-opt 108: its output dies at start-up.
if [ "$(command -v wasm-opt)" != "$PWD/node_modules/.bin/wasm-opt" ]; then
  echo "setup: wasm-opt resolves to $(command -v wasm-opt), not node_modules/.bin" >&2
  exit 1
fi
