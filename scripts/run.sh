#!/usr/bin/env bash
# Installs what is missing, builds, and serves Hallway on http://127.0.0.1:3000
# (SQLite under ./data unless DATABASE_URL says otherwise).
#   --demo      fill the database with a demo first (once; see `hallway seed-demo --help`)
#   --release   an optimised build
set -euo pipefail
cd "$(dirname "$0")/.."
demo=0
build_args=()
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    *) build_args+=("$arg") ;;
  esac
done
scripts/setup.sh
scripts/build.sh "${build_args[@]}"
bin=target/debug/hallway
for arg in "${build_args[@]}"; do [ "$arg" = "--release" ] && bin=target/release/hallway; done
if [ "$demo" = 1 ]; then
  "$bin" seed-demo
elif [ -z "${DATABASE_URL:-}" ] && [ ! -e data/hallway.db ]; then
  echo "First start: an empty Hallway. For a demo to click through, run: scripts/run.sh --demo"
fi
exec "$bin" serve
