#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test Posture, and nothing it already has.
# Every tool comes from a registry this network reaches (crates.io, npm, Debian); none is
# downloaded from anywhere else. Safe to run again: a second run only checks (a few seconds).
#
#   scripts/setup.sh               everything
#   scripts/setup.sh --fetch-only  only the crates the builds need, into $CARGO_HOME
#                                  (scripts/test.sh uses it to prove a cold cache is enough)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# Runs one install step, saying beforehand what it does and how long it usually takes, and
# afterwards how long it took.
step() {
  local what=$1 usually=$2; shift 2
  local started=$SECONDS
  say "$what (usually $usually) ..."
  "$@"
  say "$what: done in $((SECONDS - started)) s"
}

# Every crate the builds read, fetched into the registry cache: the workspace's own
# dependencies (all targets), and the standard library's dependencies, which the size-tuned web
# build (scripts/build-web.sh) compiles from source. Trunk builds offline, so anything not
# fetched here is an error there. Quick when the cache already holds them.
fetch_crates() {
  cargo fetch --locked --quiet
  RUSTC_BOOTSTRAP=1 cargo fetch --quiet --manifest-path "$(std_library_manifest)"
}

if [ "${1:-}" = "--fetch-only" ]; then
  fetch_crates
  exit 0
fi

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The compiler the size-tuned build was verified with (see scripts/toolchain.sh).
check_toolchain

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding Rust's wasm32-unknown-unknown target" "20 s" \
    rustup target add wasm32-unknown-unknown
fi
# rust-src: the standard library's source, rebuilt by the size-tuned web build.
# rustfmt and clippy: the formatting and lint gates of scripts/test.sh.
for component in rust-src rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    step "adding the $component component" "10 s" rustup component add "$component"
  fi
done

step "fetching the crates the builds need" "30 s on an empty cache, 1 s after" fetch_crates

# Trunk 0.21.14: the last release that builds with rustc 1.95 (0.22 needs 1.96.1).
if ! trunk --version 2>/dev/null | grep -qx 'trunk 0.21.14'; then
  step "compiling trunk 0.21.14" "6-7 minutes on 2 cores" \
    cargo install --quiet --locked trunk --version 0.21.14
fi

# wasm-bindgen CLI at exactly the version Cargo.lock uses (it also provides the test runner).
wbg=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  # Without --locked: its lockfile names a crate version the registry here lacks.
  step "compiling wasm-bindgen-cli $wbg" "2-3 minutes on 2 cores" \
    cargo install --quiet wasm-bindgen-cli --version "$wbg"
fi

# Chromium and its driver from Debian, for browser and end-to-end tests.
if ! have chromium || ! have chromedriver; then
  step "installing Debian's chromium and chromium-driver" "1-2 minutes" \
    apt_install chromium chromium-driver
fi

# Node.js for Playwright, and python3 for Trunk's post-build hook and the local server.
if ! have node || ! have npm; then
  step "installing nodejs and npm" "1 minute" apt_install nodejs npm
fi
if ! have python3; then
  step "installing python3" "30 s" apt_install python3
fi

# npm tools (wasm-opt from binaryen, terser, playwright-core, axe-core), exactly as
# package-lock.json says.
stamp=node_modules/.posture-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "installing npm tools (npm ci)" "20 s" npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
