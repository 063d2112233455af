-- RSVPs: who is going, the waitlist in arrival order, answers to the event's questions,
-- tickets and check-in.

-- plus-ones a person may bring (0..10)
alter table event add column max_plus_ones bigint not null default 1;
-- 1: names of people going are shown on the event page; 0: only the count
alter table event add column attendees_public integer not null default 0;
-- the last queue number handed out; every RSVP write bumps it first, which also locks
-- the event row on PostgreSQL so RSVP writes to one event run one after another
alter table event add column rsvp_seq bigint not null default 0;

create table event_question (
    question_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    position bigint not null,
    prompt text not null
);
create unique index event_question_position_key on event_question (event_id, position);

create table rsvp (
    rsvp_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    status text not null check (status in ('going', 'waitlisted', 'not_going', 'removed')),
    plus_ones bigint not null check (plus_ones between 0 and 10),
    -- place in line: the event's rsvp_seq when the party last joined the waitlist
    queue_seq bigint not null,
    -- typed or scanned at the door
    ticket_code text not null,
    checked_in_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index rsvp_event_account_key on rsvp (event_id, account_id);
create unique index rsvp_event_ticket_key on rsvp (event_id, ticket_code);
create index rsvp_event_status_idx on rsvp (event_id, status, queue_seq);
create index rsvp_account_idx on rsvp (account_id);

create table rsvp_answer (
    rsvp_id bigint not null references rsvp (rsvp_id) on delete cascade,
    question_id bigint not null references event_question (question_id) on delete cascade,
    answer text not null,
    primary key (rsvp_id, question_id)
);
