#!/usr/bin/env bash
# Sets up what is missing, builds the release page into dist/ and serves it on
# http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
./scripts/build-web.sh
echo "Posture is at http://127.0.0.1:8080"
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory dist
