-- Speakers: an event's call for papers, its session formats and tracks, talks and who gives
-- them, and speakers' public profiles.
create table cfp (
    event_id bigint primary key references event (event_id) on delete cascade,
    -- submissions are taken from opens_at (or at once) until closes_at
    opens_at bigint,
    closes_at bigint not null,
    guidelines text not null default '',
    -- 1: anyone signed in may submit; 0: only invited speakers
    is_public integer not null default 1,
    max_per_speaker bigint not null default 3,
    -- accepted talks are confirmed by their speakers by this instant
    confirm_by bigint,
    -- set when the organizers publish the lineup (confirmed talks become public)
    lineup_published_at bigint,
    -- 1: speakers may keep editing submitted talks after the call closes, until decided
    late_edits integer not null default 0,
    -- 1: reviewers never see who proposed a talk
    blind_review integer not null default 0,
    -- 1: reviewers see others' scores only after scoring the talk themselves
    hide_scores integer not null default 1,
    -- the decision mails' templates (null: Hallway's defaults); placeholders like {title}
    accept_subject text,
    accept_body text,
    reject_subject text,
    reject_body text,
    updated_at bigint not null
);

create table session_format (
    format_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    position bigint not null,
    name text not null,
    minutes bigint not null check (minutes between 1 and 1440),
    description text not null default ''
);
create index session_format_event_idx on session_format (event_id, position);

create table track (
    track_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    position bigint not null,
    name text not null
);
create index track_event_idx on track (event_id, position);

create table talk (
    talk_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    format_id bigint not null references session_format (format_id),
    track_id bigint references track (track_id) on delete set null,
    title text not null,
    abstract text not null,
    level text not null check (level in ('beginner', 'intermediate', 'advanced')),
    -- for the organizers only
    notes text not null default '',
    state text not null check (state in
        ('draft', 'submitted', 'accepted', 'rejected', 'confirmed', 'declined', 'withdrawn')),
    created_by bigint not null references account (account_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null,
    submitted_at bigint,
    decided_at bigint,
    answered_at bigint,
    -- when its speakers were reminded to confirm it (once)
    confirm_reminded_at bigint
);
create index talk_event_idx on talk (event_id, state);

create table talk_speaker (
    talk_id bigint not null references talk (talk_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    position bigint not null,
    primary key (talk_id, account_id)
);
create index talk_speaker_account_idx on talk_speaker (account_id);

create table speaker_profile (
    account_id bigint primary key references account (account_id) on delete cascade,
    bio text not null default '',
    -- up to five http(s) links, one per line
    links text not null default '',
    -- a PNG, JPEG or WebP of up to 2 MB (checked by its content), and its type
    photo bytea,
    photo_type text,
    updated_at bigint not null
);

-- People who score an event's submissions (besides its organizers).
create table event_reviewer (
    event_id bigint not null references event (event_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    added_at bigint not null,
    primary key (event_id, account_id)
);
create index event_reviewer_account_idx on event_reviewer (account_id);

create table review (
    talk_id bigint not null references talk (talk_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    score bigint not null check (score between 1 and 5),
    comment text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    primary key (talk_id, account_id)
);
