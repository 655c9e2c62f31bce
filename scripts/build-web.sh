#!/usr/bin/env bash
# Release build of the page into dist/.
#
# The standard library is rebuilt for wasm with panic=immediate-abort, which removes panic
# formatting and unwinding support from the bundle (about 18 KB gzip; a panic still stops the
# page, as panic=abort already does). That needs the rust-src component and unstable cargo/rustc
# flags, enabled on the stable toolchain with RUSTC_BOOTSTRAP=1 for this build only; its
# artifacts live in target/web so they never mix with the normal builds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Smaller (slower) implementations inside core and alloc, e.g. of slice sorting.
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
export CARGO_TARGET_DIR="$PWD/target/web"
exec trunk build --release "$@"
