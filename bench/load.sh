#!/usr/bin/env bash
# Load test on loopback: a release build of Hallway on SQLite, seeded with few and with many
# events, measured with wrk at 16 connections. Prints requests/s and p50/p99 per page.
#   bench/load.sh               10 events / 1 group, then 10,000 events / 200 groups
#   DURATION=30s bench/load.sh  longer runs
#   ENCODING="gzip, br" bench/load.sh  as a browser asks: pages compressed on the fly
#   LOG=info LOG_TO=/tmp/hallway.log bench/load.sh   with the request log on (default: warn,
#                                                     to the terminal)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
ENCODING=${ENCODING:-}
LOG=${LOG:-warn}
LOG_TO=${LOG_TO:-/dev/stdout}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null

port=3999
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

serve() {
  HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$1" RUST_LOG=$LOG target/release/hallway >>"$LOG_TO" &
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}

measure() { # label path
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency ${ENCODING:+-H "Accept-Encoding: $ENCODING"} \
    "http://127.0.0.1:$port$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %-22s | %-24s | %10s | %8s | %8s |%s\n' "$1" "$2" "$rps" "$p50" "$p99" "${non2xx:+ non-2xx: $non2xx}"
}

run() { # groups events
  local db="$work/bench-$2.db"
  serve "$db"; kill %1; wait %1 2>/dev/null || true   # creates and migrates the database
  python3 bench/seed.py "$db" "$1" "$2" >/dev/null
  serve "$db"
  curl -fs -o /dev/null "http://127.0.0.1:$port/e/event-1"
  local label="$2 events / $1 groups"
  measure "$label" /e/event-1
  measure "$label" /g/group-0
  [ "$2" -gt 10 ] && measure "$label" /g/group-1
  measure "$label" /
  local peak
  peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$(jobs -p %1)/status")
  printf '| %-22s | %-24s | %10s | %8s | %8s |\n' "$label" "peak resident memory" "$peak MB" "" ""
  kill %1; wait %1 2>/dev/null || true
}

echo "wrk -t1 -c$CONNECTIONS -d$DURATION, release build, SQLite, $(nproc) cores shared by server and wrk${ENCODING:+, Accept-Encoding: $ENCODING}"
echo "| data                   | page                     |  req/s     | p50      | p99      |"
echo "|------------------------|--------------------------|------------|----------|----------|"
run 1 10
run 200 10000
