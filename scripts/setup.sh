#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test Posture, and nothing it already has.
# Every tool comes from a registry this network reaches (crates.io, npm, Debian); none is
# downloaded from anywhere else. Safe to run again: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source, for the size-tuned release build (scripts/build-web.sh).
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  say "adding the rust-src component"
  rustup component add rust-src
fi

# Trunk 0.21.14: the last release that builds with rustc 1.95 (0.22 needs 1.96.1).
if ! trunk --version 2>/dev/null | grep -qx 'trunk 0.21.14'; then
  say "installing trunk 0.21.14 (about 6 minutes)"
  cargo install --locked trunk --version 0.21.14
fi

# wasm-bindgen CLI at exactly the version Cargo.lock uses (it also provides the test runner).
wbg=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "installing wasm-bindgen-cli $wbg (about 2 minutes)"
  # Without --locked: its lockfile names a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# Chromium and its driver from Debian, for browser and end-to-end tests.
if ! have chromium || ! have chromedriver; then
  say "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# Node.js for Playwright, and python3 for Trunk's post-build hook and the local server.
if ! have node || ! have npm; then
  say "installing nodejs and npm"
  apt_install nodejs npm
fi
if ! have python3; then
  say "installing python3"
  apt_install python3
fi

# npm tools (wasm-opt from binaryen, playwright-core, axe-core), exactly as package-lock.json says.
stamp=node_modules/.posture-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing npm tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
