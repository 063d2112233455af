-- Partners and sponsorships: tiers of an event (money in minor units with an ISO 4217 code),
-- the group's partners with their logos and contacts, each partner's way through an event's
-- pipeline, the benefits checklist, and the passes a tier includes.
alter table event add column sponsor_goal_minor bigint;
alter table event add column sponsor_goal_currency text;

create table sponsor_tier (
    tier_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    name text not null,
    -- 1 is shown first and with the largest logos
    rank bigint not null,
    price_minor bigint not null check (price_minor >= 0),
    currency text not null,
    -- how many partners can take it
    slots bigint not null check (slots >= 1),
    -- seats reserved for the partner's guests (they count in the event's capacity)
    passes bigint not null default 0 check (passes >= 0),
    -- one benefit per line
    benefits text not null default '',
    -- bumped by every change of who has agreed to it: agreements to one tier run one after
    -- another (the row lock on PostgreSQL, the write lock on SQLite)
    version bigint not null default 0,
    created_at bigint not null
);
create unique index sponsor_tier_name_key on sponsor_tier (event_id, name);

create table partner (
    partner_id bigint generated always as identity primary key,
    group_id bigint not null references meetup_group (group_id) on delete cascade,
    name text not null,
    website text,
    description text not null default '',
    logo bytea,
    logo_type text,
    -- part of the logo's address, so it can be cached for a year
    logo_version bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index partner_name_key on partner (group_id, name);

create table partner_contact (
    contact_id bigint generated always as identity primary key,
    partner_id bigint not null references partner (partner_id) on delete cascade,
    name text not null,
    email text not null,
    role text not null default '',
    created_at bigint not null
);
create index partner_contact_idx on partner_contact (partner_id);

create table sponsorship (
    sponsorship_id bigint generated always as identity primary key,
    event_id bigint not null references event (event_id) on delete cascade,
    partner_id bigint not null references partner (partner_id) on delete cascade,
    tier_id bigint references sponsor_tier (tier_id),
    stage text not null check (stage in ('prospect', 'invited', 'interested', 'agreed',
        'invoiced', 'paid', 'declined', 'withdrawn')),
    notes text not null default '',
    next_step text not null default '',
    -- YYYY-MM-DD, in the event's zone
    next_step_on text,
    -- the partner portal's link (only its hash); null: no working link
    portal_token_hash text,
    -- the account the partner attached the portal to
    account_id bigint references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index sponsorship_event_partner_key on sponsorship (event_id, partner_id);
create unique index sponsorship_portal_key on sponsorship (portal_token_hash);
create index sponsorship_tier_idx on sponsorship (tier_id, stage);

create table sponsorship_benefit (
    benefit_id bigint generated always as identity primary key,
    sponsorship_id bigint not null references sponsorship (sponsorship_id) on delete cascade,
    position bigint not null,
    label text not null,
    done_at bigint,
    done_by bigint references account (account_id) on delete set null
);
create index sponsorship_benefit_idx on sponsorship_benefit (sponsorship_id, position);

create table sponsor_pass (
    pass_id bigint generated always as identity primary key,
    sponsorship_id bigint not null references sponsorship (sponsorship_id) on delete cascade,
    event_id bigint not null references event (event_id) on delete cascade,
    name text not null,
    created_at bigint not null
);
create index sponsor_pass_idx on sponsor_pass (sponsorship_id);
create index sponsor_pass_event_idx on sponsor_pass (event_id);

-- Partners are invited like speakers: the invitation table gains the kind 'partner' and the
-- sponsorship it is for.
alter table invitation drop constraint invitation_kind_check;
alter table invitation add constraint invitation_kind_check
    check (kind in ('organizer', 'speaker', 'co_speaker', 'partner'));
alter table invitation add column sponsorship_id bigint
    references sponsorship (sponsorship_id) on delete cascade;
