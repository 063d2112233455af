-- Single-use links that make the first admin of an instance that has none. The server writes
-- one at start and prints it to its log; only the hash of the link's token is kept here.
create table admin_setup (
    token_hash text primary key,
    created_at bigint not null,
    expires_at bigint not null
);
