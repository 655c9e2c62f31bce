#!/usr/bin/env bash
# Sets up what is missing, then runs every test layer and prints one summary line per layer.
# Exits non-zero if any layer fails.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || { echo "setup failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

summary=()
failed=0
layer() {
  local name=$1; shift
  local started=$SECONDS
  echo "==> $name"
  if "$@"; then
    summary+=("PASS  $name ($((SECONDS - started)) s)")
  else
    summary+=("FAIL  $name ($((SECONDS - started)) s)")
    failed=1
  fi
}
# A layer that cannot run because one it depends on failed: it fails at once, with the reason.
cannot_run() {
  echo "==> $1"
  echo "    not run: $2"
  summary+=("FAIL  $1 (not run: $2)")
  failed=1
}

lints() {
  # The rule files are declared by the catalogue! macro, which cargo fmt does not follow.
  { cargo fmt --all --check && rustfmt --check --edition 2021 crates/engine/src/rules/*.rs; } ||
    { echo "    run scripts/format.sh to format"; return 1; }
  python3 scripts/lint_debug.py &&
    cargo clippy --locked --quiet -p posture-engine -p posture-cli --all-targets -- -D warnings &&
    cargo clippy --locked --quiet -p posture-app --target wasm32-unknown-unknown --all-targets \
      -- -D warnings
}

# The release build, with a cargo home that holds only what `scripts/setup.sh --fetch-only`
# puts there, and cargo offline: any crate the build needs that setup does not fetch fails
# here, as it would on a machine that never built this project. (The home's path stays the
# same between runs, so the target directory's artifacts stay valid and a second run is quick.)
cold_cache_build() {
  local home="$PWD/target/cold-cargo-home" control="$PWD/target/cold-cargo-home-control"
  rm -rf "$home" "$control" dist
  mkdir -p "$home" "$control"
  # The control: a home with the workspace's crates but not the standard library's must fail
  # (in a second), or this layer could not catch the fault it is here for.
  (cd "$PWD" && CARGO_HOME="$control" cargo fetch --locked --quiet) || return 1
  if CARGO_HOME="$control" POSTURE_WEB_TARGET="$PWD/target/web-cold" ./scripts/build-web.sh \
    >"$control/build.log" 2>&1; then
    echo "    the control build succeeded without the standard library's crates: the cold"
    echo "    cache is not cold (is CARGO_HOME ignored?)"
    return 1
  fi
  echo "    control: without the standard library's crates the build fails, as it must"
  CARGO_HOME="$home" ./scripts/setup.sh --fetch-only &&
    CARGO_HOME="$home" POSTURE_WEB_TARGET="$PWD/target/web-cold" ./scripts/build-web.sh
}

layer "formatting and lints (rustfmt; clippy -D warnings: engine, CLI, app for wasm)" lints
layer "engine and CLI, native (cargo test)" \
  cargo test --locked -p posture-engine -p posture-cli
layer "app wasm in headless Chromium (wasm-bindgen-test)" \
  cargo test --locked -p posture-app --target wasm32-unknown-unknown
build="release build from a cold crate cache (scripts/build-web.sh)"
layer "$build" cold_cache_build
if [ -f dist/index.html ]; then
  layer "bundle size budget (gzip, 320 KB)" python3 scripts/bundle_size.py dist 320000
  layer "end to end on dist/ (Playwright, request recorder)" \
    node --test --test-concurrency=1 tests/e2e/
else
  cannot_run "bundle size budget (gzip, 320 KB)" "the release build failed, no dist/"
  cannot_run "end to end on dist/ (Playwright, request recorder)" "the release build failed, no dist/"
fi

echo
echo "Summary"
printf '  %s\n' "${summary[@]}"
passed=$(printf '%s\n' "${summary[@]}" | grep -c '^PASS')
echo "layers: $passed passed, $(( ${#summary[@]} - passed )) failed"
exit $failed
