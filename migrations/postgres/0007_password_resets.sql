-- "Forgot your password?": single-use links that work for an hour. Only a hash of the token is
-- stored; the token itself is only in the mail.
create table password_reset (
    token_hash text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    expires_at bigint not null,
    used_at bigint,
    created_at bigint not null
);
create index password_reset_account_idx on password_reset (account_id);
