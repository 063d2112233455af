-- Invitations by mail, also to people without an account yet: co-organizers of a group
-- (kind 'organizer'), speakers of an event (kind 'speaker') and co-speakers of a talk
-- (kind 'co_speaker'). The link holds a random token;
-- only its hash is stored. Expiry follows from expires_at (state stays 'pending').
create table invitation (
    invitation_id bigint generated always as identity primary key,
    kind text not null check (kind in ('organizer', 'speaker', 'co_speaker')),
    group_id bigint not null references meetup_group (group_id) on delete cascade,
    -- speakers: the event they are invited to
    event_id bigint references event (event_id) on delete cascade,
    -- co-speakers: the talk they are invited to give with its speakers
    talk_id bigint,
    email text not null,
    message text not null default '',
    -- speakers: a proposed topic and format
    topic text not null default '',
    format_id bigint,
    token_hash text not null,
    state text not null check (state in ('pending', 'accepted', 'declined', 'revoked')),
    invited_by bigint references account (account_id) on delete set null,
    -- the Message-ID of the latest mail, for its delivery status on the outbox
    message_id text,
    sends bigint not null default 1,
    expires_at bigint not null,
    sent_at bigint not null,
    opened_at bigint,
    answered_at bigint,
    accepted_by bigint references account (account_id) on delete set null,
    created_at bigint not null
);
create unique index invitation_token_key on invitation (token_hash);
create index invitation_group_idx on invitation (group_id, created_at);
create index invitation_event_idx on invitation (event_id, created_at);
-- One open invitation per address and group or event (an expired one is sent again, not
-- duplicated).
create unique index invitation_open_key
    on invitation (kind, group_id, coalesce(event_id, 0), coalesce(talk_id, 0), email)
    where state = 'pending';
