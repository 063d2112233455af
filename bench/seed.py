#!/usr/bin/env python3
"""Seeds a migrated Hallway SQLite database with GROUPS groups and EVENTS published events.

Usage: bench/seed.py DATABASE_FILE GROUPS EVENTS
Events are spread over the two years around now, in a few time zones, one owner per group.
Group 0 always gets exactly 10 events (the rest go round the other groups), so /g/group-0
shows the same amount on a small and a large database and the two figures compare like for like.
"""
import random
import sqlite3
import sys
import time

path, groups, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
now = int(time.time())
zones = ["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]
db = sqlite3.connect(path)
db.execute(
    "insert into account (email, display_name, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?)",
    ("bench@example.org", "Bench Organizer", "not-a-hash", now, now),
)
account_id = db.execute("select account_id from account").fetchone()[0]
for g in range(groups):
    db.execute(
        "insert into meetup_group (slug, name, description, city, time_zone, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)",
        (f"group-{g}", f"Group {g}", f"We are **group {g}**.", "Berlin", zones[g % len(zones)], now, now),
    )
    group_id = db.execute("select group_id from meetup_group where slug = ?", (f"group-{g}",)).fetchone()[0]
    db.execute(
        "insert into group_member (group_id, account_id, role, added_at) values (?, ?, 'owner', ?)",
        (group_id, account_id, now),
    )
group_ids = [row[0] for row in db.execute("select group_id from meetup_group order by group_id")]
rows = []
for e in range(events):
    starts = now + random.randint(-365, 365) * 86400 + random.randint(0, 86399)
    rows.append((
        group_ids[0 if e < 10 or len(group_ids) == 1 else 1 + (e - 10) % (len(group_ids) - 1)], f"event-{e}", f"Event {e}", "Talks, *pizza* and people.\n\nBring a friend.",
        "meetup", zones[e % len(zones)], starts, starts + 3 * 3600, "c-base", "Rungestraße 20, Berlin", 80,
        "published", now, now,
    ))
db.executemany(
    "insert into event (group_id, slug, title, description, format, time_zone, starts_at, ends_at, venue_name, venue_address,"
    " capacity, status, revision, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
    rows,
)
db.commit()
print(f"seeded {groups} groups and {events} events into {path}")
