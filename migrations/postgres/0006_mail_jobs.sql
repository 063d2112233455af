-- Mail to many people (everyone going to an event that moved or was cancelled) is one job,
-- written in the transaction of the change; the delivery worker turns it into mails in
-- batches, so the organizer's request does not wait for thousands of inserts.
create table mail_job (
    job_id bigint generated always as identity primary key,
    kind text not null check (kind in ('event_changed', 'event_cancelled', 'announcement')),
    event_id bigint not null references event (event_id) on delete cascade,
    -- announcements: what organizers wrote (Markdown body) and to whom ('going', 'waitlisted',
    -- or 'going,waitlisted')
    subject text,
    body text,
    audience text,
    -- the last account mailed: a batch's mails and the cursor move in one transaction
    cursor bigint not null default 0,
    status text not null check (status in ('queued', 'running', 'done')),
    -- queued: not before; running: leased to a worker until
    due_at bigint not null,
    created_at bigint not null
);
create index mail_job_due_idx on mail_job (status, due_at);
