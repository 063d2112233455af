#!/usr/bin/env bash
# Load test of a conference's published schedule on loopback: a release build on SQLite with
# one three-day event (5 rooms, 150 confirmed talks by about 120 speakers, a lunch break a day;
# bench/seed_schedule.py), measured with wrk at 16 connections: the schedule page, one talk's
# page, and the schedule as iCalendar, JSON and XML.
#   bench/schedule.sh               10 s per figure
#   DURATION=30s CONNECTIONS=64 bench/schedule.sh
#   LOG=info LOG_TO=/tmp/hallway.log bench/schedule.sh   with the request log on (default:
#                                                         warn, to the terminal)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
LOG=${LOG:-warn}
LOG_TO=${LOG_TO:-/dev/stdout}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null

port=3996
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

serve() {
  HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$1" RUST_LOG=$LOG target/release/hallway >>"$LOG_TO" &
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}

measure() { # label path
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port$2")
  local rps p50 p99 transfer non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  transfer=$(awk '/Transfer\/sec/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %-20s | %-26s | %10s | %8s | %8s | %10s |%s\n' "$1" "$2" "$rps" "$p50" "$p99" "$transfer" "${non2xx:+ non-2xx: $non2xx}"
}

db="$work/schedule.db"
serve "$db"; kill %1; wait %1 2>/dev/null || true   # creates and migrates the database
python3 bench/seed_schedule.py "$db" >/dev/null
talk=$(python3 - "$db" <<'EOF'
import sqlite3, sys
# A talk given by two speakers (its page shows both), on the first day.
print(sqlite3.connect(sys.argv[1]).execute(
    "select p.talk_id from published_session p"
    " join (select talk_id from talk_speaker group by talk_id having count(*) = 2) s using (talk_id)"
    " order by p.starts_at, p.room_id limit 1 offset 10").fetchone()[0])
EOF
)
serve "$db"

labels=("schedule page" "talk page" "speakers page" "event page" "schedule, iCalendar" "schedule, JSON" "schedule, XML")
paths=(/e/conf/schedule "/e/conf/talks/$talk" /e/conf/speakers /e/conf /e/conf/schedule.ics /e/conf/schedule.json /e/conf/schedule.xml)
sizes=
failed=0
for i in "${!paths[@]}"; do
  rm -f "$work/body"
  status=$(curl -fs -o "$work/body" -w '%{http_code}' "http://127.0.0.1:$port${paths[$i]}") || true
  if [ "$status" != 200 ]; then
    echo "GET ${paths[$i]} answered HTTP ${status:-000} (expected 200)" >&2
    failed=1
    continue
  fi
  sizes+="${sizes:+; }${paths[$i]} $(stat -c %s "$work/body") bytes"
done
[ "$failed" = 0 ] || { echo "not measuring: fix the failing URLs first" >&2; exit 1; }

echo "wrk -t1 -c$CONNECTIONS -d$DURATION, release build, SQLite, $(nproc) cores shared by server and wrk"
sessions=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from published_session").fetchone()[0])' "$db")
echo "schedule: $sessions published sessions (150 talks, 3 breaks) in 5 rooms over 3 days, talk $talk"
echo "sizes: $sizes"
echo "| request              | path                       |  req/s     | p50      | p99      | transfer/s |"
echo "|----------------------|----------------------------|------------|----------|----------|------------|"
for i in "${!paths[@]}"; do
  measure "${labels[$i]}" "${paths[$i]}"
done
