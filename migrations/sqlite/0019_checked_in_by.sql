-- Who let a person in at the door, so a second scan of the same ticket can say
-- "already checked in at 19:04 by Olga" instead of a second green tick.
alter table rsvp add column checked_in_by bigint references account (account_id) on delete set null;
