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

layer "engine and CLI, native (cargo test)" \
  cargo test --locked -p posture-engine -p posture-cli
layer "app wasm in headless Chromium (wasm-bindgen-test)" \
  cargo test --locked -p posture-app --target wasm32-unknown-unknown
layer "release build (scripts/build-web.sh: trunk, size-tuned std)" \
  ./scripts/build-web.sh
layer "bundle size budget (gzip, 250 KB)" \
  python3 scripts/bundle_size.py dist 250000
layer "end to end on dist/ (Playwright, request recorder)" \
  node --test --test-concurrency=1 tests/e2e/

echo
echo "Summary"
printf '  %s\n' "${summary[@]}"
passed=$(printf '%s\n' "${summary[@]}" | grep -c '^PASS')
echo "layers: $passed passed, $(( ${#summary[@]} - passed )) failed"
exit $failed
