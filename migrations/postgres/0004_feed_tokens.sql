-- Personal calendar feeds: one secret URL per person, replaced when they regenerate it.
create table feed_token (
    -- 256 random bits, hex; the URL is /feeds/{token}/calendar.ics
    token text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    created_at bigint not null
);
create unique index feed_token_account_key on feed_token (account_id);
