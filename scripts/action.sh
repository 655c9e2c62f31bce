#!/usr/bin/env bash
# The GitHub Action's work (action.yml calls it): build `posture` unless POSTURE_BIN names one,
# check the paths, write SARIF for code scanning, and hand the exit code to the next steps.
# It always exits 0 when the check ran, so the SARIF upload happens even when findings fail
# the run; action.yml fails the job afterwards with the code saved here.
#
# Inputs (environment): POSTURE_PATHS (paths separated by spaces or new lines, default "."),
# POSTURE_FAIL_ON, POSTURE_CONFIG, POSTURE_FORMAT (what the log shows, default text),
# POSTURE_SARIF_FILE (default posture.sarif; empty for none), POSTURE_EXTRA_ARGS (more options, split on
# spaces), POSTURE_BIN (a built binary; otherwise built from this repository with cargo).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${POSTURE_BIN:-}"
if [[ -z "$bin" ]]; then
  echo "::group::Build posture"
  cargo build --locked --profile release-native -p posture-cli \
    --manifest-path "$here/Cargo.toml" || exit 2
  bin="$here/target/release-native/posture"
  echo "::endgroup::"
fi

read -r -d '' -a paths <<< "${POSTURE_PATHS:-.}"
[[ ${#paths[@]} -eq 0 ]] && paths=(.)
args=(check --format "${POSTURE_FORMAT:-text}")
# Unset means the default; set but empty means no SARIF file.
sarif="${POSTURE_SARIF_FILE-posture.sarif}"
if [[ -n "$sarif" ]]; then
  args+=(--output "sarif=$sarif")
  # A file left by an earlier run must not be uploaded as this run's result.
  rm -f -- "$sarif"
fi
[[ -n "${POSTURE_FAIL_ON:-}" ]] && args+=(--fail-on "$POSTURE_FAIL_ON")
[[ -n "${POSTURE_CONFIG:-}" ]] && args+=(--config "$POSTURE_CONFIG")
if [[ -n "${POSTURE_EXTRA_ARGS:-}" ]]; then
  read -r -a extra <<< "$POSTURE_EXTRA_ARGS"
  args+=("${extra[@]}")
fi

"$bin" "${args[@]}" -- "${paths[@]}"
code=$?
echo "posture exited with $code"
# Only a file this run wrote is handed on (none after a usage error).
[[ -n "$sarif" && ! -f "$sarif" ]] && sarif=""
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  {
    echo "exit-code=$code"
    echo "sarif-file=$sarif"
  } >> "$GITHUB_OUTPUT"
fi
# A usage or input error (2) stops here; findings (1) fail the job after the upload.
[[ $code -eq 2 ]] && exit 2
exit 0
