-- Reminders a day before an event, once per person, and people's say over bulk mail.

-- 1: everyone going gets a reminder about 24 hours before the start (organizers can turn it off)
alter table event add column reminder_enabled integer not null default 1;
-- when this person's reminder was written: once per person
alter table rsvp add column reminded_at bigint;
-- 1: the person wants reminder mails / organizers' announcements; 0: they turned them off
alter table account add column mail_reminders integer not null default 1;
alter table account add column mail_announcements integer not null default 1;
-- the secret in one-click unsubscribe links (hex, 256 bits), made with the first bulk mail
alter table account add column unsubscribe_token text;
create unique index account_unsubscribe_key on account (unsubscribe_token);
create index event_starts_idx on event (starts_at);
