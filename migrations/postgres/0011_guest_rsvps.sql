-- RSVP without an account: a mailed link makes the RSVP real; every RSVP gets a personal
-- link (256 random bits) to manage or cancel it without signing in.
alter table rsvp add column manage_token text;
update rsvp set manage_token =
    replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
create unique index rsvp_manage_token_key on rsvp (manage_token);

-- An RSVP waiting for its address to be confirmed (nothing is held until then).
create table guest_rsvp (
    token_hash text primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    display_name text not null,
    email text not null,
    plus_ones bigint not null,
    -- the answers to the event's questions, as a JSON array of strings (by position)
    answers text not null,
    expires_at bigint not null,
    used_at bigint,
    created_at bigint not null
);
create index guest_rsvp_event_idx on guest_rsvp (event_id);
