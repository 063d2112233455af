-- Accounts, sessions, sign-in throttling, groups and their organizers.
-- Instants are Unix seconds (bigint) so the same queries run on SQLite and PostgreSQL.

create table account (
    account_id bigint generated always as identity primary key,
    email text not null,
    display_name text not null,
    password_hash text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index account_email_key on account (email);

-- session_id is a hash of the cookie's token: a leaked table does not hand out sessions.
create table user_session (
    session_id text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null
);
create index user_session_account_idx on user_session (account_id);

create table login_attempt (
    login_attempt_id bigint generated always as identity primary key,
    attempt_key text not null,
    attempted_at bigint not null
);
create index login_attempt_key_idx on login_attempt (attempt_key, attempted_at);

create table meetup_group (
    group_id bigint generated always as identity primary key,
    slug text not null,
    name text not null,
    description text not null default '',
    website text,
    city text,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index meetup_group_slug_key on meetup_group (slug);

create table group_member (
    group_id bigint not null references meetup_group (group_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    role text not null check (role in ('owner', 'organizer')),
    added_at bigint not null,
    primary key (group_id, account_id)
);
create index group_member_account_idx on group_member (account_id);
create unique index group_member_one_owner on group_member (group_id) where role = 'owner';
