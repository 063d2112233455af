-- Co-organizer invitations by mail, also to people without an account yet. The link holds a
-- random token; only its hash is stored. Expiry follows from expires_at (state stays 'pending').
create table organizer_invitation (
    invitation_id bigint generated always as identity primary key,
    group_id bigint not null references meetup_group (group_id) on delete cascade,
    email text not null,
    message text not null default '',
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
create unique index organizer_invitation_token_key on organizer_invitation (token_hash);
create index organizer_invitation_group_idx on organizer_invitation (group_id, created_at);
-- One open invitation per address and group (an expired one is sent again, not duplicated).
create unique index organizer_invitation_open_key on organizer_invitation (group_id, email)
    where state = 'pending';
