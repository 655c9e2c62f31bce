# The toolchain the web build relies on, shared by setup.sh and build-web.sh (sourced).
#
# The size-tuned release build rebuilds the standard library with unstable cargo and rustc
# flags (RUSTC_BOOTSTRAP=1, -Zbuild-std, -Zfmt-debug=none, -Zlocation-detail=none,
# -Cpanic=immediate-abort, optimize_for_size). Such flags may change in any compiler release,
# so the build is declared for the compiler it was verified with. Any other compiler can still
# build the page the plain way: POSTURE_PLAIN_BUILD=1 (stable flags only; a larger bundle, see
# the README).

# rustc versions (major.minor) the size-tuned build has been verified with.
SIZE_TUNED_RUSTC="1.95"

rustc_minor() { rustc --version | awk '{ split($2, v, "."); print v[1] "." v[2] }'; }

# Cargo.toml of the standard library's source tree (from the rust-src component).
std_library_manifest() { echo "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"; }

plain_build() { [ "${POSTURE_PLAIN_BUILD:-0}" = 1 ]; }

# Fails with a clear message when the size-tuned build cannot be trusted on this compiler.
check_toolchain() {
  plain_build && return 0
  local have
  have=$(rustc_minor)
  if [ "$have" != "$SIZE_TUNED_RUSTC" ]; then
    cat >&2 <<MSG
toolchain: rustc $have found, but the size-tuned web build is verified only with rustc
$SIZE_TUNED_RUSTC.x: it rebuilds the standard library with unstable flags that may differ in other
releases. Use rustc $SIZE_TUNED_RUSTC, or build the plain way with POSTURE_PLAIN_BUILD=1 (stable
flags only; the bundle is larger, see the README).
MSG
    return 1
  fi
}
