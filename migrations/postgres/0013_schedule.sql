-- Schedule: rooms, track colours, the organizers' working schedule, and the published
-- versions everyone sees (with their change lists).
alter table track add column colour text not null default '#2563eb';
-- Tracks start in distinct colours (the palette of talks::queries::TRACK_COLOURS).
update track set colour = case position % 8
    when 0 then '#2563eb' when 1 then '#db2777' when 2 then '#059669' when 3 then '#d97706'
    when 4 then '#7c3aed' when 5 then '#0891b2' when 6 then '#dc2626' else '#4d7c0f' end;

create table room (
    room_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    position bigint not null,
    name text not null,
    capacity bigint
);
create index room_event_idx on room (event_id, position);

-- The working schedule: private to the organizers until published. Identity ids are never
-- given twice, so a removed break's id never names a new one (feeds know sessions by it).
create table schedule_slot (
    slot_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    kind text not null check (kind in ('talk', 'break', 'blocker')),
    talk_id bigint references talk (talk_id) on delete cascade,
    -- breaks and blockers: what it is ("Lunch"); talks take their talk's title
    title text not null default '',
    -- null: every room (breaks and blockers only)
    room_id bigint references room (room_id),
    starts_at bigint not null,
    ends_at bigint not null check (ends_at > starts_at),
    -- bumped on every change: a form carries the version it was made from, so a second
    -- organizer editing the same slot meets a conflict instead of overwriting
    version bigint not null default 1,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index schedule_slot_talk_key on schedule_slot (talk_id);
create index schedule_slot_event_idx on schedule_slot (event_id, starts_at);

-- The numbered published versions of an event's schedule.
create table schedule_version (
    version_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    number bigint not null,
    published_at bigint not null,
    published_by bigint references account (account_id) on delete set null,
    unique (event_id, number)
);

-- What a version changed: added, moved and removed sessions (rooms and titles as they were).
create table schedule_change (
    version_id bigint not null references schedule_version (version_id) on delete cascade,
    position bigint not null,
    change text not null check (change in ('added', 'moved', 'removed')),
    title text not null,
    before_room text,
    before_starts_at bigint,
    after_room text,
    after_starts_at bigint,
    primary key (version_id, position)
);

-- The sessions of the latest published version. A session removed later stays, cancelled,
-- so calendars learn it is gone. Known by `session_key`: `talk-{id}` or `slot-{id}`.
create table published_session (
    event_id bigint not null references event (event_id) on delete cascade,
    session_key text not null,
    kind text not null check (kind in ('talk', 'break')),
    talk_id bigint references talk (talk_id) on delete cascade,
    title text not null,
    room_id bigint references room (room_id) on delete set null,
    room_name text,
    starts_at bigint not null,
    ends_at bigint not null,
    -- bumped whenever it moves or is cancelled (the feeds' SEQUENCE)
    sequence bigint not null default 0,
    cancelled integer not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (event_id, session_key)
);
create index published_session_talk_idx on published_session (talk_id);
