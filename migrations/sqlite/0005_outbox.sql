-- Mail: every mail is written here in the transaction of the change that causes it, then
-- delivered by a background worker (SMTP, or .eml files when no SMTP is configured).
create table outbox (
    mail_id integer primary key,
    -- <random@host>, also the Message-ID header: receivers can drop a duplicate delivery
    message_id text not null,
    -- what it is ('rsvp_going', 'password_reset', ...), for the outbox page and tests
    kind text not null,
    to_address text not null,
    to_name text not null,
    subject text not null,
    body_text text not null,
    body_html text not null,
    -- an iCalendar attachment and its METHOD (PUBLISH, REQUEST or CANCEL), if any
    ics text,
    ics_method text,
    -- a one-click unsubscribe URL for bulk mails (List-Unsubscribe)
    unsubscribe_url text,
    -- who may see it on an outbox page
    group_id bigint references meetup_group (group_id) on delete set null,
    event_id bigint references event (event_id) on delete set null,
    status text not null check (status in ('queued', 'sending', 'sent', 'failed')),
    attempts bigint not null default 0,
    -- queued: not before this instant; sending: claimed by a worker until this instant
    -- (a worker that died leaves it to be claimed again after that)
    due_at bigint not null,
    last_error text,
    -- 'smtp' or 'file'
    delivered_by text,
    created_at bigint not null,
    sent_at bigint
);
create unique index outbox_message_id_key on outbox (message_id);
create index outbox_due_idx on outbox (status, due_at);
create index outbox_group_idx on outbox (group_id, created_at);
