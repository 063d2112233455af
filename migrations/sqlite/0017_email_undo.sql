-- Links mailed to an account's old address after it moved to a new one: opening one moves
-- the account back and ends every session. Only the hash of the token is kept.
create table email_undo (
    token_hash text primary key,
    account_id bigint not null references account (account_id) on delete cascade,
    email text not null,
    expires_at bigint not null,
    used_at bigint,
    created_at bigint not null
);
create index email_undo_account_idx on email_undo (account_id);
