#!/usr/bin/env python3
"""Seeds a migrated Hallway database for the RSVP write benchmark, and checks the RSVP
invariants after a run.

Usage:
  bench/seed_rsvp.py seed  DATABASE GROUPS EVENTS USERS TOKENS_FILE
  bench/seed_rsvp.py check DATABASE

DATABASE is a SQLite file path or a postgres:// URL (PostgreSQL is driven through psql, so
no Python driver is needed). `seed` inserts GROUPS groups with one owner, EVENTS published
events (slugs event-0 .. event-N) starting between 7 and 30 days from now with capacity 100
and up to 3 plus-ones, and USERS accounts each with one session that expires in ten years.
The session tokens (the cookie values) go to TOKENS_FILE, one a line, in account order.
`check` prints the invariant counts and a few totals, ending with "invariant violations: N".
"""
import hashlib
import random
import sqlite3
import subprocess
import sys
import time

CAPACITY = 100
MAX_PLUS_ONES = 3


def is_postgres(target):
    return target.startswith(("postgres://", "postgresql://"))


def psql(url, script, *extra):
    out = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *extra, url],
        input=script, capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"psql failed: {out.stderr.strip()}")
    return out.stdout


def copy_block(table, columns, rows):
    """A COPY ... FROM stdin block in text format (values here hold no tabs or backslashes)."""
    lines = [f"copy {table} ({', '.join(columns)}) from stdin;"]
    lines += ["\t".join("\\N" if v is None else str(v) for v in row) for row in rows]
    lines.append("\\.")
    return "\n".join(lines) + "\n"


def seed(target, groups, events, users, tokens_file):
    random.seed(11)
    now = int(time.time())
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "UTC"]
    group_rows = [
        (f"group-{g}", f"Group {g}", f"We are **group {g}**.", "Berlin", zones[g % len(zones)], now, now)
        for g in range(groups)
    ]
    event_rows = []
    for e in range(events):
        starts = now + 7 * 86400 + random.randint(0, 23 * 86400)
        event_rows.append((
            e % groups, f"event-{e}", f"Event {e}", "Talks, *pizza* and people.", "meetup",
            zones[e % len(zones)], starts, starts + 3 * 3600, "c-base", "Rungestraße 20, Berlin",
            CAPACITY, MAX_PLUS_ONES, "published", 1, now, now,
        ))
    tokens = ["%064x" % random.getrandbits(256) for _ in range(users)]
    account_rows = [
        (f"bench-{u}@example.org", f"Bench Person {u}", "not-a-hash", now, now) for u in range(users)
    ]
    session_rows = [
        (f"bench-{u}@example.org", hashlib.blake2b(t.encode(), digest_size=32).hexdigest())
        for u, t in enumerate(tokens)
    ]
    expires = now + 10 * 365 * 86400
    account_cols = ("email", "display_name", "password_hash", "created_at", "updated_at")
    group_cols = ("slug", "name", "description", "city", "time_zone", "created_at", "updated_at")
    event_cols = ("slug", "title", "description", "format", "time_zone", "starts_at", "ends_at",
                  "venue_name", "venue_address", "capacity", "max_plus_ones", "status", "revision",
                  "created_at", "updated_at")

    if is_postgres(target):
        # Identity columns are generated; rows refer to each other by email and slug.
        script = ["begin;"]
        script.append(copy_block("account", account_cols,
                                 [("bench-owner@example.org", "Bench Organizer", "not-a-hash", now, now)]))
        script.append(copy_block("account", account_cols, account_rows))
        script.append(copy_block("meetup_group", group_cols, group_rows))
        script.append(
            f"insert into group_member (group_id, account_id, role, added_at)"
            f" select g.group_id, a.account_id, 'owner', {now} from meetup_group g, account a"
            f" where a.email = 'bench-owner@example.org';\n")
        script.append("create temp table bench_event (group_no bigint, "
                      + ", ".join(f"{c} {'bigint' if c in ('starts_at', 'ends_at', 'capacity', 'max_plus_ones', 'revision', 'created_at', 'updated_at') else 'text'}" for c in event_cols)
                      + ");\n")
        script.append(copy_block("bench_event", ("group_no",) + event_cols, event_rows))
        script.append(
            f"insert into event (group_id, {', '.join(event_cols)})"
            f" select g.group_id, {', '.join('b.' + c for c in event_cols)} from bench_event b"
            f" join meetup_group g on g.slug = 'group-' || b.group_no order by cast(substr(b.slug, 7) as bigint);\n")
        script.append("create temp table bench_session (email text, session_id text);\n")
        script.append(copy_block("bench_session", ("email", "session_id"), session_rows))
        script.append(
            f"insert into user_session (session_id, account_id, created_at, expires_at)"
            f" select s.session_id, a.account_id, {now}, {expires} from bench_session s"
            f" join account a on a.email = s.email;\n")
        script.append("commit;\nanalyze;\n")
        psql(target, "".join(script))
    else:
        db = sqlite3.connect(target)
        db.execute(f"insert into account ({', '.join(account_cols)}) values (?, ?, ?, ?, ?)",
                   ("bench-owner@example.org", "Bench Organizer", "not-a-hash", now, now))
        owner = db.execute("select account_id from account where email = 'bench-owner@example.org'").fetchone()[0]
        db.executemany(f"insert into account ({', '.join(account_cols)}) values (?, ?, ?, ?, ?)", account_rows)
        db.executemany(f"insert into meetup_group ({', '.join(group_cols)}) values (?, ?, ?, ?, ?, ?, ?)", group_rows)
        group_ids = {slug: gid for gid, slug in db.execute("select group_id, slug from meetup_group")}
        db.executemany("insert into group_member (group_id, account_id, role, added_at) values (?, ?, 'owner', ?)",
                       [(gid, owner, now) for gid in group_ids.values()])
        db.executemany(
            f"insert into event (group_id, {', '.join(event_cols)}) values ({', '.join('?' * (len(event_cols) + 1))})",
            [(group_ids[f"group-{row[0]}"],) + row[1:] for row in event_rows])
        accounts = dict(db.execute("select email, account_id from account"))
        db.executemany(
            "insert into user_session (session_id, account_id, created_at, expires_at) values (?, ?, ?, ?)",
            [(sid, accounts[email], now, expires) for email, sid in session_rows])
        db.commit()
        db.execute("analyze")
        db.close()
    with open(tokens_file, "w") as f:
        f.write("\n".join(tokens) + "\n")
    print(f"seeded {groups} groups, {events} events (capacity {CAPACITY}, up to {MAX_PLUS_ONES} plus-ones)"
          f" and {users} accounts with sessions into {target}")


# Each query counts violations of one invariant; all must be 0.
CHECKS = [
    ("events with more seats taken than capacity",
     """select count(*) from (
          select e.event_id from event e join rsvp r on r.event_id = e.event_id and r.status = 'going'
          where e.capacity is not null
          group by e.event_id, e.capacity having sum(1 + r.plus_ones) > e.capacity) x"""),
    ("(event, account) pairs with more than one rsvp row",
     """select count(*) from (
          select event_id, account_id from rsvp group by event_id, account_id having count(*) > 1) x"""),
    ("waitlisted parties that fit in their event's free seats",
     """select count(*) from rsvp w join event e on e.event_id = w.event_id
        where w.status = 'waitlisted' and (e.capacity is null or 1 + w.plus_ones <= e.capacity
          - coalesce((select sum(1 + g.plus_ones) from rsvp g
                      where g.event_id = e.event_id and g.status = 'going'), 0))"""),
    ("waitlisted queue_seq values shared within an event",
     """select count(*) from (
          select event_id, queue_seq from rsvp where status = 'waitlisted'
          group by event_id, queue_seq having count(*) > 1) x"""),
]

TOTALS = [
    ("rsvp rows", "select count(*) from rsvp"),
    ("going parties", "select count(*) from rsvp where status = 'going'"),
    ("seats taken", "select coalesce(sum(1 + plus_ones), 0) from rsvp where status = 'going'"),
    ("waitlisted parties", "select count(*) from rsvp where status = 'waitlisted'"),
    ("not going", "select count(*) from rsvp where status = 'not_going'"),
    ("events with RSVPs", "select count(distinct event_id) from rsvp"),
    ("events with a waitlist", "select count(distinct event_id) from rsvp where status = 'waitlisted'"),
]


def query_all(target, queries):
    if is_postgres(target):
        script = "".join(" ".join(q.split()) + ";\n" for q in queries)
        return [int(v) for v in psql(target, script, "-A", "-t").split()]
    db = sqlite3.connect(target)
    values = [db.execute(q).fetchone()[0] for q in queries]
    db.close()
    return values


def check(target):
    values = query_all(target, [q for _, q in CHECKS] + [q for _, q in TOTALS])
    for (label, _), value in zip(CHECKS + TOTALS, values):
        print(f"  {label}: {value}")
    violations = sum(values[:len(CHECKS)])
    print(f"invariant violations: {violations}")
    return violations


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "seed":
        seed(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(1 if check(sys.argv[2]) else 0)
    else:
        sys.exit(__doc__)
