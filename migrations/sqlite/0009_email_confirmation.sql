-- Confirming the address an account signed up with: a mailed single-use link (7 days).
alter table account add column email_confirmed_at bigint;
create table email_confirmation (
    token_hash text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    -- the address the link confirms (an account that changed its address since is not confirmed)
    email text not null,
    expires_at bigint not null,
    used_at bigint,
    created_at bigint not null
);
create index email_confirmation_account_idx on email_confirmation (account_id);
