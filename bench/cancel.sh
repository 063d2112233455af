#!/usr/bin/env bash
# How fast an organizer's cancellation answers when thousands of people are going, and how long
# the worker then takes to write everyone's mail (the fan-out is a job, not part of the request).
# A release build on loopback; SQLite, then PostgreSQL.
#   bench/cancel.sh                 5,000 people going
#   PEOPLE=20000 bench/cancel.sh
#   ENGINES=sqlite bench/cancel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${PEOPLE:-5000}
ENGINES=${ENGINES:-sqlite postgres}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
PG_DB=hallway_bench_cancel
scripts/setup.sh
[ -x target/release/hallway ] && [ -z "${REBUILD:-}" ] || scripts/build.sh --release >/dev/null

port=3997
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
  HALLWAY_ADDR=127.0.0.1:$port DATABASE_URL="$1" HALLWAY_OUTBOX_DIR="$work/outbox" RUST_LOG=warn \
    target/release/hallway >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
api() { # function field=value...
  local fn=$1; shift
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -fsS -o /dev/null -b "$work/jar" -c "$work/jar" -H 'Accept: application/json' \
    -w '%{time_total}' "${args[@]}" "http://127.0.0.1:$port/api/$fn"
}
sql() { # DATABASE_URL query
  case "$1" in
    postgres*) psql -X -qAt "$1" -c "$2" ;;
    *) python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "${1#sqlite://}" "$2" ;;
  esac
}

run() { # engine DATABASE_URL
  rm -f "$work/jar"
  serve "$2"
  api sign_up display_name=Organizer email=organizer@example.org password='correct horse battery' >/dev/null
  api create_group name='Rust Berlin' slug=rust-berlin description= website= city= time_zone=Europe/Berlin >/dev/null
  api create_event group=rust-berlin title='Big meetup' format=meetup time_zone=Europe/Berlin \
    start=2030-03-05T19:00 end=2030-03-05T22:00 venue_name=Hall >/dev/null
  local slug
  slug=$(sql "$2" "select slug from event limit 1")
  api publish_event event="$slug" >/dev/null
  # PEOPLE accounts going, written straight into the database.
  local event_id now
  event_id=$(sql "$2" "select event_id from event where slug = '$slug'")
  now=$(date +%s)
  local insert="insert into account (email, display_name, password_hash, created_at, updated_at)
      select 'p' || n || '@example.org', 'Person ' || n, '!', $now, $now from SERIES;
    insert into rsvp (event_id, account_id, status, plus_ones, queue_seq, ticket_code, created_at, updated_at)
      select $event_id, account_id, 'going', 0, account_id, 'T' || account_id, $now, $now
      from account where email like 'p%@example.org';"
  case "$2" in
    postgres*) psql -X -q "$2" -c "${insert//SERIES/generate_series(1, $PEOPLE) n}" ;;
    *) python3 - "${2#sqlite://}" "$PEOPLE" "$insert" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
script = sys.argv[3].replace("SERIES", f"(with recursive s(n) as (select 1 union all select n + 1 from s where n < {n}) select n from s)")
db.executescript(script)
db.commit()
PY
    ;;
  esac
  local going
  going=$(sql "$2" "select count(*) from rsvp where status = 'going'")
  local took start written elapsed
  took=$(api cancel_event event="$slug" reason='The venue flooded.')
  start=$(date +%s.%N)
  for _ in $(seq 1 1200); do
    written=$(sql "$2" "select count(*) from outbox where kind = 'event_cancelled'")
    [ "$written" -ge "$going" ] && break
    sleep 0.1
  done
  elapsed=$(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$start")
  printf '| %-10s | %6s | %9.0f ms | %6s mails in %5s s |\n' "$1" "$going" "$(python3 -c "print(float('$took') * 1000)")" "$written" "$elapsed"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

echo "release build, loopback, $(nproc) cores; the cancel request's time is curl's time_total"
echo "| engine     | going  | cancel answered | mails written after the answer |"
echo "|------------|--------|-----------------|--------------------------------|"
for engine in $ENGINES; do
  case $engine in
    sqlite) run sqlite "sqlite://$work/cancel.db" ;;
    postgres) drop_pg; run postgres "$PG/$PG_DB" ;;
  esac
done
