-- A face for groups and events (#18): a group's colour, from which events without an image
-- get a generated cover, and an event's own cover image (stored in the database, so every
-- instance on one PostgreSQL serves it; metadata removed before it is stored).
alter table meetup_group add column colour text;
create table event_cover (
    event_id integer primary key references event (event_id) on delete cascade,
    image blob not null,
    media_type text not null,
    updated_at bigint not null
);
