#!/usr/bin/env bash
# RSVP write load test on loopback: a release build of Hallway on SQLite, then on PostgreSQL,
# seeded with many events and people, driven with wrk and bench/rsvp.lua at 16 connections.
# Prints accepted RSVPs/s, p50/p99 latency and the invariant check of each run.
#   bench/rsvp.sh                      10 s per engine, 200 events, 20,000 people
#   DURATION=30s bench/rsvp.sh         longer runs
#   ENGINES=sqlite CONNECTIONS=1 bench/rsvp.sh   one engine, one connection (bare latency)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
ENGINES=${ENGINES:-sqlite postgres}
GROUPS_N=${GROUPS_N:-4}
EVENTS=${EVENTS:-200}
USERS=${USERS:-20000}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=hallway_bench
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null

port=3998
work=$(mktemp -d)
server=
drop_pg() { psql -X -q "$PG/postgres" -c "drop database if exists $PG_DB with (force)" >/dev/null 2>&1 || true; }
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  case " $ENGINES " in *" postgres "*) drop_pg ;; esac
  rm -rf "$work"
}
trap cleanup EXIT

serve() { # DATABASE_URL
  HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="$1" RUST_LOG=${RUST_LOG:-warn} target/release/hallway >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }          # utime + stime of a process
idle_ticks() { awk '/^cpu / {print $5 + $6; exit}' /proc/stat; }   # idle + iowait, all cores
total_ticks() { awk '/^cpu / {s = 0; for (i = 2; i <= NF; i++) s += $i; print s; exit}' /proc/stat; }

rows=()
violations_total=0
run() { # engine
  local url db=$work/rsvp.db
  : >"$work/server.log"
  case "$1" in
    sqlite) url="sqlite://$db" ;;
    postgres) drop_pg; url="$PG/$PG_DB" ;;
  esac
  serve "$url"; stop   # creates and migrates the database
  python3 bench/seed_rsvp.py seed "${url#sqlite://}" "$GROUPS_N" "$EVENTS" "$USERS" "$work/tokens.txt"
  serve "$url"
  # One RSVP by hand first: the endpoint must answer 200 with a Location, or the run means nothing.
  local headers
  headers=$(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$port/api/rsvp_going" \
    -H 'Content-Type: application/x-www-form-urlencoded' -H 'Accept: application/json' \
    -H "Origin: http://127.0.0.1:$port" -H "Cookie: hallway_session=$(tail -n 1 "$work/tokens.txt")" \
    --data "event=event-$((EVENTS - 1))&plus_ones=1")
  grep -qi '^location: /e/.*done=' <<<"$headers" || { echo "RSVP by hand failed:"; echo "$headers"; exit 1; } >&2

  local out cpu0 cpu1 idle0 idle1 total0 total1
  cpu0=$(cpu_ticks "$server"); idle0=$(idle_ticks); total0=$(total_ticks)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/rsvp.lua "http://127.0.0.1:$port" \
    -- "$work/tokens.txt" "$EVENTS")
  cpu1=$(cpu_ticks "$server"); idle1=$(idle_ticks); total1=$(total_ticks)
  stop
  local result; result=$(grep '^RESULT' <<<"$out") || { echo "$out" >&2; exit 1; }
  grep '^STATUS' <<<"$out" || true
  val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${result#RESULT}"; }
  local seconds; seconds=$(val seconds)
  local server_cpu busy
  server_cpu=$(awk -v t="$((cpu1 - cpu0))" -v s="$seconds" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz / s}')
  busy=$(awk -v i="$((idle1 - idle0))" -v t="$((total1 - total0))" 'BEGIN {printf "%.0f%%", 100 * (1 - i / t)}')

  echo "== $1: wrk"
  grep -v -e '^RESULT' -e '^STATUS' <<<"$out"
  echo "== $1: server log: $(grep -c -e WARN -e ERROR "$work/server.log" || true) warnings or errors"
  sed 's/\x1b\[[0-9;]*m//g; s/^[^ ]* *//' "$work/server.log" | sort | uniq -c | sort -rn | head -n 5
  echo "== $1: invariants after the run"
  local check violations
  check=$(python3 bench/seed_rsvp.py check "${url#sqlite://}") || true
  echo "$check"
  violations=$(sed -n 's/^invariant violations: //p' <<<"$check")
  violations_total=$((violations_total + ${violations:-1}))
  rows+=("$(printf '| %-8s | %7s | %10s | %8s ms | %8s ms | %7s | %30s | %4s cores | %4s | %10s |' \
    "$1" "$(val rps)" "$(val ok_rps)" "$(val p50_ms)" "$(val p99_ms)" \
    "$(( $(val non2xx) + $(val socket_errors) ))" "$(val going) / $(val waitlisted) / $(val not_going)" \
    "$server_cpu" "$busy" "$violations")")
}

echo "wrk -t1 -c$CONNECTIONS -d$DURATION -s bench/rsvp.lua, release build, $EVENTS events (capacity 100," \
  "up to 3 plus-ones), $USERS people, $(nproc) cores shared by server and wrk"
for engine in $ENGINES; do run "$engine"; done
echo
echo "| engine   |   req/s | accepted/s |         p50 |         p99 |  failed | going / waitlisted / not going | server CPU | busy | violations |"
echo "|----------|---------|------------|-------------|-------------|---------|--------------------------------|------------|------|------------|"
printf '%s\n' "${rows[@]}"
echo "(failed: answers other than 200 plus wrk socket errors and timeouts)"
[ "$violations_total" -eq 0 ]   # the exit status says whether the invariants held
