#!/usr/bin/env bash
# Formats every Rust file, including the rule files, which are declared by the catalogue!
# macro and so are not reached by cargo fmt.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all
rustfmt --edition 2021 crates/engine/src/rules/*.rs
