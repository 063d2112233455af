#!/usr/bin/env bash
# Abuse storm on loopback: a release build of Hallway on SQLite takes 500 connections of
# sign-ups and failing sign-ins (bench/abuse.lua) while a second client views a public page.
# Prints the answers by status, the server's peak resident memory, and the page views' p99
# during the storm. Targets: peak memory under 300 MB, no 500, page p99 under 100 ms.
#   bench/abuse.sh                      20 s storm
#   DURATION=60s CONNECTIONS=500 bench/abuse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-500}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null
ulimit -n 4096 2>/dev/null || true

port=3997
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/abuse.db" HALLWAY_OUTBOX_DIR="$work/outbox" \
  HALLWAY_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=error target/release/hallway >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:$port/login"

# The page views: 4 connections on the sign-in page (rendered, not cached) during the storm.
wrk -t1 -c4 -d"$DURATION" --latency "http://127.0.0.1:$port/login" >"$work/pages.txt" &
pages=$!
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/abuse.lua \
  "http://127.0.0.1:$port" -- "$RANDOM" >"$work/storm.txt"
wait "$pages"

peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
echo "abuse storm: $CONNECTIONS connections for $DURATION, release build, SQLite, $(nproc) cores shared by server and wrk"
grep -E '^(RESULT|status)' "$work/storm.txt" | sort
echo "peak resident memory: $((peak_kb / 1024)) MB"
echo "page views during the storm (/login, 4 connections): p50 $(awk '$1=="50%" {print $2}' "$work/pages.txt"), p99 $(awk '$1=="99%" {print $2}' "$work/pages.txt"), $(awk '/Requests\/sec/ {print $2}' "$work/pages.txt") req/s"
if grep -q '^status 500' "$work/storm.txt"; then echo "FAIL: some answers were 500"; exit 1; fi
