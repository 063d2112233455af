#!/usr/bin/env python3
"""Seeds a migrated Hallway SQLite database with a published three-day conference schedule.

Usage: bench/seed_schedule.py DATABASE_FILE
Group `bench-conf` (one owner) holds the published event `conf`, "Bench Conf", in Europe/Berlin:
from 09:00 local 30 days from now to 18:00 local two days later. Its lineup is published: 150
confirmed talks (3 session formats, 4 tracks) by about 120 speakers, placed in 5 rooms without a
conflict (10 talks per room and day, back to back from 09:00 with changeovers, and a lunch break
in every room each day), and published as schedule version 1. Deterministic apart from `now`.
"""
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

path = sys.argv[1]
random.seed(11)
now = int(time.time())
zone = ZoneInfo("Europe/Berlin")
DAYS, ROOMS, PER_ROOM_DAY, SPEAKERS = 3, 5, 10, 120
CHANGEOVER = 10  # minutes between two sessions in a room
LUNCH = ((12, 30), (13, 30))


def local(day: date, hour: int, minute: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).timestamp())


first_day = datetime.fromtimestamp(now, zone).date() + timedelta(days=30)
days = [first_day + timedelta(days=d) for d in range(DAYS)]
event_starts, event_ends = local(days[0], 9), local(days[-1], 18)

db = sqlite3.connect(path)
db.execute("pragma foreign_keys = on")


def insert(table: str, row: dict) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"insert into {table} ({cols}) values ({marks})", tuple(row.values())).lastrowid


# --- the group, its owner and the event ------------------------------------------------------
owner = insert("account", dict(email="organizer@bench-conf.example.org", display_name="Bench Conf Team",
                               password_hash="not-a-hash", created_at=now, updated_at=now))
group_id = insert("meetup_group", dict(
    slug="bench-conf", name="Bench Conf", city="Berlin", time_zone="Europe/Berlin",
    description="The people behind **Bench Conf**, three days of talks and workshops in Berlin.",
    website="https://bench-conf.example.org", created_at=now, updated_at=now))
insert("group_member", dict(group_id=group_id, account_id=owner, role="owner", added_at=now))
event_id = insert("event", dict(
    group_id=group_id, slug="conf", title="Bench Conf", format="conference", time_zone="Europe/Berlin",
    description="Three days, five rooms, 150 sessions on building and running software.\n\n"
                "Coffee from 08:30, lunch is included. The schedule may still change a little: "
                "subscribe to the calendar feed to follow it.",
    starts_at=event_starts, ends_at=event_ends, venue_name="Bench Conference Centre",
    venue_address="Alexanderstraße 7, 10178 Berlin", capacity=800, status="published", revision=1,
    created_at=now - 150 * 86400, updated_at=now - 35 * 86400))
insert("cfp", dict(
    event_id=event_id, opens_at=now - 140 * 86400, closes_at=now - 80 * 86400,
    guidelines="We welcome talks from first-time speakers. Tell us **what people will learn**.",
    is_public=1, max_per_speaker=3, confirm_by=now - 45 * 86400, lineup_published_at=now - 35 * 86400,
    updated_at=now - 35 * 86400))

FORMATS = [("Talk", 30, "A talk with a few minutes of questions."),
           ("Long talk", 45, "A deep dive, questions included."),
           ("Workshop", 90, "Hands on: bring a laptop.")]
format_ids = {}
for pos, (name, minutes, text) in enumerate(FORMATS):
    format_ids[minutes] = insert("session_format", dict(event_id=event_id, position=pos, name=name,
                                                        minutes=minutes, description=text))

# Per track: a colour and topics that its talks are about.
TRACKS = [
    ("Systems", "#2563eb", ["memory allocators", "async runtimes", "io_uring", "kernel bypass networking",
                            "lock-free queues", "garbage collectors", "WebAssembly runtimes", "eBPF",
                            "SQLite internals", "distributed consensus", "zero-copy parsing", "build caches"]),
    ("Web", "#16a34a", ["server-side rendering", "web accessibility", "CSS container queries", "HTTP/3",
                        "progressive enhancement", "web components", "form validation", "service workers",
                        "calendar feeds", "image pipelines", "edge caching", "OAuth and passkeys"]),
    ("Data", "#d97706", ["time-series storage", "query planners", "stream processing", "data contracts",
                         "PostgreSQL indexing", "columnar formats", "schema migrations", "search relevance",
                         "feature stores", "event sourcing", "vector search", "data privacy"]),
    ("People & Practice", "#9333ea", ["on-call rotations", "code review", "incident retrospectives",
                                      "technical writing", "mentoring juniors", "open-source maintenance",
                                      "estimating work", "remote teams", "accessible hiring",
                                      "conference organizing", "refactoring legacy code", "release trains"]),
]
track_ids = []
for pos, (name, colour, _) in enumerate(TRACKS):
    track_ids.append(insert("track", dict(event_id=event_id, position=pos, name=name, colour=colour)))

ROOM_LIST = [("Main hall", 450), ("Room Ada", 180), ("Room Grace", 120), ("Room Linus", 80),
             ("Workshop room", 40)]
rooms = []  # (room_id, name)
for pos, (name, capacity) in enumerate(ROOM_LIST):
    rooms.append((insert("room", dict(event_id=event_id, position=pos, name=name, capacity=capacity)), name))

# --- the grid: 10 sessions per room and day, morning and afternoon around lunch ---------------
MIX = [30] * 7 + [45] * 2 + [90]  # 390 minutes of sessions in 480 minutes minus changeovers


def fill(day: date, formats: list, start: tuple, end: tuple) -> list:
    at, limit, out = local(day, *start), local(day, *end), []
    for minutes in formats:
        out.append((at, at + minutes * 60, minutes))
        at += (minutes + CHANGEOVER) * 60
    assert not out or out[-1][1] <= limit
    return out


def day_plan(day: date) -> list:
    """One room's sessions on one day: a shuffled mix split so both halves fit."""
    morning_minutes = (LUNCH[0][0] - 9) * 60 + LUNCH[0][1]
    afternoon_minutes = (18 - LUNCH[1][0]) * 60 - LUNCH[1][1]
    while True:
        mix = MIX[:]
        random.shuffle(mix)
        for split in range(len(mix), 0, -1):
            morning, afternoon = mix[:split], mix[split:]
            if (sum(morning) + CHANGEOVER * (len(morning) - 1) <= morning_minutes
                    and sum(afternoon) + CHANGEOVER * max(len(afternoon) - 1, 0) <= afternoon_minutes):
                return fill(day, morning, (9, 0), LUNCH[0]) + fill(day, afternoon, LUNCH[1], (18, 0))


grid = []  # (room_id, room_name, starts_at, ends_at, minutes)
for day in days:
    for room_id, room_name in rooms:
        plan = day_plan(day)
        assert len(plan) == PER_ROOM_DAY
        grid += [(room_id, room_name, s, e, m) for s, e, m in plan]
random.shuffle(grid)  # talk ids in submission order, not in schedule order

# --- speakers ---------------------------------------------------------------------------------
FIRST = ["Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ines", "Jonas", "Kemal",
         "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko", "Ulla", "Vikram",
         "Wen", "Ximena", "Yusuf", "Zofia"]
LAST = ["Adeyemi", "Becker", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Hoffmann", "Ivanova",
        "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt",
        "Tanaka", "Varga", "Weber", "Yilmaz", "Zhang"]
names = random.sample([f"{f} {l}" for f in FIRST for l in LAST], SPEAKERS)
speakers = []
for i, name in enumerate(names):
    account_id = insert("account", dict(
        email=f"speaker-{i}@example.org", display_name=name, password_hash="not-a-hash",
        created_at=now - 130 * 86400, updated_at=now - 130 * 86400))
    speakers.append(account_id)
    first = name.split()[0]
    insert("speaker_profile", dict(
        account_id=account_id,
        bio=f"{first} builds things at {random.choice(['a bank', 'a small agency', 'a game studio', 'a university', 'a logistics start-up', 'a public broadcaster', 'a hospital'])} "
            f"and has been writing software for {random.randint(3, 25)} years.\n\n"
            f"Off the keyboard: {random.choice(['climbing', 'sourdough', 'choir', 'cycling', 'chess', 'pottery', 'birding'])}.",
        links=f"https://example.org/~speaker-{i}\nhttps://social.example.org/@speaker{i}",
        updated_at=now - 130 * 86400))

booked = {s: [] for s in speakers}  # speaker -> [(starts, ends)]


def free(speaker: int, slot: tuple) -> bool:
    return all(not (s < slot[3] and slot[2] < e) for s, e in booked[speaker])


# Each speaker gives one talk; the remaining 30 talks and about a quarter of co-speakers go to
# speakers with a free hour then, up to three talks each.
talk_speakers = [[] for _ in grid]
order = speakers[:]
random.shuffle(order)
for i, slot in enumerate(grid):
    if i < len(order):
        who = order[i]
    else:
        who = random.choice([s for s in speakers if len(booked[s]) < 2 and free(s, slot)])
    talk_speakers[i].append(who)
    booked[who].append((slot[2], slot[3]))
for i, slot in enumerate(grid):
    if random.random() < 0.25:
        who = random.choice([s for s in speakers if len(booked[s]) < 3 and s not in talk_speakers[i]
                             and free(s, slot)])
        talk_speakers[i].append(who)
        booked[who].append((slot[2], slot[3]))

# --- talks --------------------------------------------------------------------------------------
PATTERNS = ["{T}: what we learned in production", "A practical guide to {t}", "Understanding {t} from first principles",
            "{T} without the hype", "Debugging {t} at 3 a.m.", "How we rebuilt our {t} in six months",
            "The hidden costs of {t}", "Ten lessons from a decade of {t}", "{T} for the rest of us",
            "Beyond the basics: {t}", "Testing {t} the boring way", "{T}, measured"]
OPENINGS = ["Everyone talks about {t}, but few teams get it right the first time.",
            "Two years ago our team knew next to nothing about {t}.",
            "{T} looks simple on a slide and turns out to be anything but in practice.",
            "This talk is the one I wish I had seen before I started working on {t}."]
MIDDLES = ["We will walk through a real system, look at the numbers, and see where the time actually goes.",
           "Expect live examples, a few failure stories, and the tools we now use every day.",
           "We start from the problem, build a small version from scratch, then compare it to what ships in the wild.",
           "Along the way we look at `perf`, flame graphs and a handful of queries you can run tomorrow."]
TAKEAWAYS = ["when *not* to reach for it", "the three metrics worth watching", "a checklist for code review",
             "how to explain it to your manager", "common mistakes and their fixes", "where to read more"]
LEVELS = ["beginner", "intermediate", "advanced"]
used_titles = set()
talks = []  # (talk_id, title, slot)
for i, slot in enumerate(grid):
    track = random.randrange(len(TRACKS))
    while True:
        topic = random.choice(TRACKS[track][2])
        title = random.choice(PATTERNS).format(t=topic, T=topic[0].upper() + topic[1:])
        if title not in used_titles:
            used_titles.add(title)
            break
    fmt = {30: "talk", 45: "long talk", 90: "workshop"}[slot[4]]
    abstract = (
        random.choice(OPENINGS).format(t=topic, T=topic[0].upper() + topic[1:]) + " "
        + random.choice(MIDDLES) + "\n\n"
        + f"In this {fmt} you will learn:\n\n"
        + "".join(f"- {x}\n" for x in random.sample(TAKEAWAYS, 3)) + "\n"
        + f"No prior knowledge of {topic} is needed, though **some experience** with "
          f"{random.choice(['Rust', 'Python', 'Go', 'TypeScript', 'SQL', 'Linux'])} helps."
    )
    submitted = now - random.randint(85, 135) * 86400
    talk_id = insert("talk", dict(
        event_id=event_id, format_id=format_ids[slot[4]], track_id=track_ids[track], title=title,
        abstract=abstract, level=random.choice(LEVELS), notes="", state="confirmed",
        created_by=talk_speakers[i][0], created_at=submitted - 3600, updated_at=now - 50 * 86400,
        submitted_at=submitted, decided_at=now - 60 * 86400, answered_at=now - 50 * 86400))
    for pos, who in enumerate(talk_speakers[i]):
        insert("talk_speaker", dict(talk_id=talk_id, account_id=who, position=pos))
    talks.append((talk_id, title, slot))

# --- working schedule, published sessions, version 1 ------------------------------------------
published_at = now - 7 * 86400
sessions = []  # (key, kind, talk_id, title, room_id, room_name, starts, ends)
for talk_id, title, (room_id, room_name, starts, ends, _) in talks:
    insert("schedule_slot", dict(event_id=event_id, kind="talk", talk_id=talk_id, title="", room_id=room_id,
                                 starts_at=starts, ends_at=ends, version=1, created_at=published_at,
                                 updated_at=published_at))
    sessions.append((f"talk-{talk_id}", "talk", talk_id, title, room_id, room_name, starts, ends))
for day in days:
    starts, ends = local(day, *LUNCH[0]), local(day, *LUNCH[1])
    slot_id = insert("schedule_slot", dict(event_id=event_id, kind="break", talk_id=None, title="Lunch",
                                           room_id=None, starts_at=starts, ends_at=ends, version=1,
                                           created_at=published_at, updated_at=published_at))
    sessions.append((f"slot-{slot_id}", "break", None, "Lunch", None, None, starts, ends))
for key, kind, talk_id, title, room_id, room_name, starts, ends in sessions:
    insert("published_session", dict(
        event_id=event_id, session_key=key, kind=kind, talk_id=talk_id, title=title, room_id=room_id,
        room_name=room_name, starts_at=starts, ends_at=ends, sequence=0, cancelled=0,
        created_at=published_at, updated_at=published_at))
version_id = insert("schedule_version", dict(event_id=event_id, number=1, published_at=published_at,
                                             published_by=owner))
# The change list in the order the app writes it: by start, then title.
for pos, (_, _, _, title, _, room_name, starts, _) in enumerate(sorted(sessions, key=lambda s: (s[6], s[3]))):
    insert("schedule_change", dict(version_id=version_id, position=pos, change="added", title=title,
                                   before_room=None, before_starts_at=None, after_room=room_name,
                                   after_starts_at=starts))
db.commit()
distinct = len({s for ss in talk_speakers for s in ss})
print(f"seeded bench-conf/conf into {path}: {len(talks)} talks by {distinct} speakers, {len(rooms)} rooms, "
      f"{len(TRACKS)} tracks, {len(sessions)} published sessions, {days[0]} to {days[-1]} Europe/Berlin")
