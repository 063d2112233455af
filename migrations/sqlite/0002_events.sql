-- Events: drafts, published and cancelled meetups and conferences, and a group time zone.

alter table meetup_group add column time_zone text not null default 'UTC';

create table event (
    event_id integer primary key,
    group_id bigint not null references meetup_group (group_id) on delete cascade,
    slug text not null,
    title text not null,
    description text not null default '',
    format text not null check (format in ('meetup', 'hackathon', 'conference', 'other')),
    time_zone text not null,
    starts_at bigint not null,
    ends_at bigint not null,
    venue_name text,
    venue_address text,
    online_url text,
    capacity bigint,
    rsvp_opens_at bigint,
    rsvp_closes_at bigint,
    status text not null check (status in ('draft', 'published', 'cancelled')),
    cancel_reason text,
    -- the first event of a series; null for a one-off
    series_id bigint,
    -- bumped on every change of time, place or status; calendar feeds use it as SEQUENCE
    revision bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index event_slug_key on event (slug);
create index event_group_start_idx on event (group_id, starts_at);
create index event_start_idx on event (starts_at);
create index event_series_idx on event (series_id, starts_at);
