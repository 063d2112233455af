-- The instance: its admins (made by `hallway create-admin`, or the first account) and the
-- settings they change on /admin (name, who may sign up, who may create groups).
alter table account add column is_admin bigint not null default 0;
update account set is_admin = 1
    where account_id = (select min(account_id) from account);

create table instance_setting (
    name text primary key,
    value text not null,
    updated_by bigint references account (account_id) on delete set null,
    updated_at bigint not null
);
