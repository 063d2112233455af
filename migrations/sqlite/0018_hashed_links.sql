-- Personal links kept only as hashes (BLAKE2b-256 of the token, hex, as for sessions): a copy
-- of the database opens no RSVP, calendar feed or mail setting. Every mail that carries a
-- link mints its own, so the links of earlier mails keep working. Tokens stored before this
-- version are hashed into these tables when the server starts (Db::hash_old_links); the old
-- columns rsvp.manage_token, account.unsubscribe_token and table feed_token stay empty.

-- A link to see, change or cancel an RSVP without signing in.
create table rsvp_link (
    token_hash text primary key,
    rsvp_id bigint not null references rsvp (rsvp_id) on delete cascade,
    created_at bigint not null
);
create index rsvp_link_rsvp_idx on rsvp_link (rsvp_id);

-- A one-click unsubscribe link (reminders or announcements).
create table unsubscribe_link (
    token_hash text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    created_at bigint not null
);
create index unsubscribe_link_account_idx on unsubscribe_link (account_id);

-- A person's calendar feed (/feeds/{token}/calendar.ics): one at a time; the address is shown
-- when it is made, never again.
create table feed_link (
    token_hash text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    created_at bigint not null
);
create unique index feed_link_account_key on feed_link (account_id);
