#!/usr/bin/env bash
# Release build of the page into dist/.
#
# Size-tuned (the default): the standard library is rebuilt for wasm with
# panic=immediate-abort, no Debug formatting and no panic locations, and core/alloc pick their
# smaller implementations. That removes panic formatting and unwinding support from the bundle
# (a panic still stops the page, as panic=abort already does). It needs the rust-src component,
# the standard library's dependency crates in the registry cache (scripts/setup.sh fetches
# them) and unstable flags, enabled on the stable compiler with RUSTC_BOOTSTRAP=1 for this
# build only; so it is declared for the compiler it was verified with (scripts/toolchain.sh).
#
# Plain (POSTURE_PLAIN_BUILD=1): `trunk build --release` with stable flags only, for any other
# compiler; the bundle is larger (figure in the README).
#
# Artifacts live in target/web (or $POSTURE_WEB_TARGET) so they never mix with other builds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${POSTURE_WEB_TARGET:-$PWD/target/web}"
# Trunk itself never downloads (Trunk.toml); nor may cargo: what the build needs must already
# be in the registry cache.
export CARGO_NET_OFFLINE=true

if plain_build; then
  echo "build-web: plain build (stable flags only)"
  export CARGO_TARGET_DIR="$CARGO_TARGET_DIR-plain"
  exec trunk build --release "$@"
fi

check_toolchain
if [ ! -f "$(std_library_manifest)" ]; then
  echo "build-web: the rust-src component is missing; run scripts/setup.sh" >&2
  exit 1
fi
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Smaller (slower) implementations inside core and alloc, e.g. of slice sorting.
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
exec trunk build --release "$@"
