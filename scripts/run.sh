#!/usr/bin/env bash
# Installs what is missing, builds, and serves Hallway on http://127.0.0.1:3000
# (SQLite under ./data unless DATABASE_URL says otherwise). Extra arguments go to the build
# (--release).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh "$@"
bin=target/debug/hallway; [ "${1:-}" = "--release" ] && bin=target/release/hallway
exec "$bin"
