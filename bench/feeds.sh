#!/usr/bin/env bash
# Load test of a group's calendar feed on loopback: a release build on SQLite with one group
# holding about 600 events in its feed window, measured with wrk at 16 connections:
# the full feed (plain and gzip), its 304 answer, and, for scale, a static file of the same
# size served by the same server (tower-http's ServeDir).
#   bench/feeds.sh               10 s per figure
#   DURATION=30s bench/feeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null

port=3998
work=$(mktemp -d)
static=target/site/pkg/bench-feed-copy.ics
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work" "$static"' EXIT

serve() {
  HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$1" RUST_LOG=warn target/release/hallway &
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}

measure() { # label path [header...]
  local label=$1 path=$2 out
  shift 2
  local headers=()
  for h in "$@"; do headers+=(-H "$h"); done
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "http://127.0.0.1:$port$path")
  local rps p50 p99 transfer non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  transfer=$(awk '/Transfer\/sec/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %-34s | %10s | %8s | %8s | %10s |%s\n' "$label" "$rps" "$p50" "$p99" "$transfer" "${non2xx:+ non-2xx: $non2xx}"
}

db="$work/feeds.db"
serve "$db"; kill %1; wait %1 2>/dev/null || true   # creates and migrates the database
python3 bench/seed.py "$db" 2 1010 >/dev/null         # group-1 gets 1,000 events
serve "$db"
feed=/g/group-1/calendar.ics
curl -fs -D "$work/headers" -o "$work/feed.ics" "http://127.0.0.1:$port$feed"
tag=$(awk -F': ' 'tolower($1)=="etag" {print $2}' "$work/headers" | tr -d '\r')
gzip_tag=$(curl -fs -D - -o "$work/feed.ics.gz" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$feed" |
  awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
cp "$work/feed.ics" "$static"
events=$(grep -c '^BEGIN:VEVENT' "$work/feed.ics")
echo "wrk -t1 -c$CONNECTIONS -d$DURATION, release build, SQLite, $(nproc) cores shared by server and wrk"
echo "feed: $events events, $(stat -c %s "$work/feed.ics") bytes plain, $(stat -c %s "$work/feed.ics.gz") bytes gzip"
echo "| request                            |  req/s     | p50      | p99      | transfer/s |"
echo "|------------------------------------|------------|----------|----------|------------|"
measure "feed, full" "$feed"
measure "feed, gzip" "$feed" "Accept-Encoding: gzip"
measure "feed, 304 (If-None-Match)" "$feed" "If-None-Match: $tag"
measure "feed, gzip 304" "$feed" "Accept-Encoding: gzip" "If-None-Match: $gzip_tag"
measure "static file of the same size" "/pkg/$(basename "$static")"
