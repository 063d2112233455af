//! Storage of tiers, partners, contacts, sponsorships, benefits and passes (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

mod partners;
pub use partners::*;

/// What the sponsorship use cases need of an event.
#[derive(FromRow, Clone)]
pub struct EventRow {
    #[sqlx(flatten)]
    pub event: crate::events::core_row::EventCore,
    pub group_slug: String,
    pub group_name: String,
    pub sponsor_goal_minor: Option<i64>,
    pub sponsor_goal_currency: Option<String>,
}

crate::events::core_row::extends_event_core!(EventRow);

const EVENT: &str = "select e.event_id, e.group_id, e.slug, e.title, e.time_zone, e.status,
        e.starts_at, g.slug as group_slug, g.name as group_name, e.sponsor_goal_minor,
        e.sponsor_goal_currency
    from event e join meetup_group g on g.group_id = e.group_id";

pub async fn event<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(&format!("{EVENT} where e.slug = $1"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

pub async fn event_by_id<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<EventRow, sqlx::Error> {
    sqlx::query_as(&format!("{EVENT} where e.event_id = $1"))
        .bind(event_id)
        .fetch_one(db)
        .await
}

pub async fn set_goal(
    tx: &mut Tx,
    event_id: i64,
    minor: Option<i64>,
    currency: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update event set sponsor_goal_minor = $1, sponsor_goal_currency = $2 where event_id = $3",
    )
    .bind(minor)
    .bind(currency)
    .bind(event_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A tier with how many partners hold it (agreed or later).
#[derive(FromRow, Clone)]
pub struct TierRow {
    pub tier_id: i64,
    pub name: String,
    pub rank: i64,
    pub price_minor: i64,
    pub currency: String,
    pub slots: i64,
    pub passes: i64,
    pub benefits: String,
    pub taken: i64,
}

const TIER: &str = "select t.tier_id, t.name, t.rank, t.price_minor, t.currency, t.slots, t.passes,
        t.benefits,
        (select count(*) from sponsorship s where s.tier_id = t.tier_id
            and s.stage in ('agreed', 'invoiced', 'paid')) as taken
    from sponsor_tier t";

/// An event's tiers in rank order.
pub async fn tiers<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<TierRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TIER} where t.event_id = $1 order by t.rank, t.tier_id"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn tier<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    tier_id: i64,
) -> Result<Option<TierRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TIER} where t.event_id = $1 and t.tier_id = $2"))
        .bind(event_id)
        .bind(tier_id)
        .fetch_optional(db)
        .await
}

/// Takes a tier's lock: agreements to one tier run one after another from here (the row lock
/// on PostgreSQL; SQLite write transactions hold the database's write lock already). False
/// when the tier is not the event's.
pub async fn lock_tier(tx: &mut Tx, event_id: i64, tier_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update sponsor_tier set version = version + 1 where tier_id = $1 and event_id = $2",
    )
    .bind(tier_id)
    .bind(event_id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

pub struct TierValues<'a> {
    pub name: &'a str,
    pub rank: i64,
    pub price_minor: i64,
    pub currency: &'a str,
    pub slots: i64,
    pub passes: i64,
    pub benefits: &'a str,
}

pub async fn insert_tier(
    tx: &mut Tx,
    event_id: i64,
    values: &TierValues<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into sponsor_tier (event_id, name, rank, price_minor, currency, slots, passes,
            benefits, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(event_id)
    .bind(values.name)
    .bind(values.rank)
    .bind(values.price_minor)
    .bind(values.currency)
    .bind(values.slots)
    .bind(values.passes)
    .bind(values.benefits)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update_tier(
    tx: &mut Tx,
    tier_id: i64,
    values: &TierValues<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sponsor_tier set name = $1, rank = $2, price_minor = $3, currency = $4,
            slots = $5, passes = $6, benefits = $7 where tier_id = $8",
    )
    .bind(values.name)
    .bind(values.rank)
    .bind(values.price_minor)
    .bind(values.currency)
    .bind(values.slots)
    .bind(values.passes)
    .bind(values.benefits)
    .bind(tier_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many sponsorships (any stage) name a tier.
pub async fn uses_of_tier(tx: &mut Tx, tier_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from sponsorship where tier_id = $1")
        .bind(tier_id)
        .fetch_one(&mut **tx)
        .await
}

pub async fn delete_tier(tx: &mut Tx, tier_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sponsor_tier where tier_id = $1")
        .bind(tier_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Partners of a tier holding it (agreed or later), other than `except`.
pub async fn committed_in_tier(tx: &mut Tx, tier_id: i64, except: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from sponsorship where tier_id = $1 and sponsorship_id <> $2
            and stage in ('agreed', 'invoiced', 'paid')",
    )
    .bind(tier_id)
    .bind(except)
    .fetch_one(&mut **tx)
    .await
}

/// A partner's place in an event's pipeline, with its partner, tier and progress.
#[derive(FromRow, Clone)]
pub struct SponsorshipRow {
    pub sponsorship_id: i64,
    pub event_id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub website: Option<String>,
    pub description: String,
    pub logo_type: Option<String>,
    pub logo_version: i64,
    #[sqlx(try_from = "String")]
    pub stage: crate::sponsors::domain::Stage,
    pub tier_id: Option<i64>,
    pub tier_name: Option<String>,
    pub tier_rank: Option<i64>,
    pub price_minor: Option<i64>,
    pub currency: Option<String>,
    pub tier_passes: Option<i64>,
    pub notes: String,
    pub next_step: String,
    pub next_step_on: Option<String>,
    pub account_id: Option<i64>,
    pub has_portal: i64,
    pub benefits_done: i64,
    pub benefits_total: i64,
    pub passes_named: i64,
    pub updated_at: i64,
}

const SPONSORSHIP: &str = "select s.sponsorship_id, s.event_id, s.partner_id,
        p.name as partner_name, p.website, p.description, p.logo_type, p.logo_version,
        s.stage, s.tier_id, t.name as tier_name, t.rank as tier_rank, t.price_minor, t.currency,
        t.passes as tier_passes, s.notes, s.next_step, s.next_step_on, s.account_id,
        cast(case when s.portal_token_hash is null then 0 else 1 end as bigint) as has_portal,
        (select count(*) from sponsorship_benefit b where b.sponsorship_id = s.sponsorship_id
            and b.done_at is not null) as benefits_done,
        (select count(*) from sponsorship_benefit b
            where b.sponsorship_id = s.sponsorship_id) as benefits_total,
        (select count(*) from sponsor_pass x
            where x.sponsorship_id = s.sponsorship_id) as passes_named,
        s.updated_at
    from sponsorship s
    join partner p on p.partner_id = s.partner_id
    left join sponsor_tier t on t.tier_id = s.tier_id";

/// An event's pipeline, in partner order.
pub async fn pipeline<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SponsorshipRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SPONSORSHIP} where s.event_id = $1 order by lower(p.name), s.sponsorship_id"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// An event's sponsors (agreed or later) by tier rank.
pub async fn sponsors<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SponsorshipRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SPONSORSHIP} where s.event_id = $1 and s.stage in ('agreed', 'invoiced', 'paid')
         order by t.rank, t.tier_id, lower(p.name)"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn sponsorship<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    sponsorship_id: i64,
) -> Result<Option<SponsorshipRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SPONSORSHIP} where s.event_id = $1 and s.sponsorship_id = $2"
    ))
    .bind(event_id)
    .bind(sponsorship_id)
    .fetch_optional(db)
    .await
}

pub async fn sponsorship_by_portal<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
) -> Result<Option<SponsorshipRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SPONSORSHIP} where s.portal_token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

/// Sponsorships whose portal `account_id` attached.
pub async fn sponsorships_of_account<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select s.sponsorship_id, p.name, e.title, e.slug from sponsorship s
         join partner p on p.partner_id = s.partner_id join event e on e.event_id = s.event_id
         where s.account_id = $1 order by e.starts_at desc",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}

pub async fn insert_sponsorship(
    tx: &mut Tx,
    event_id: i64,
    partner_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into sponsorship (event_id, partner_id, stage, created_at, updated_at)
         values ($1, $2, 'prospect', $3, $3) returning sponsorship_id",
    )
    .bind(event_id)
    .bind(partner_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Moves a sponsorship from `from` to `to` with `tier`; false when it was no longer at
/// `from` (someone else moved it meanwhile).
pub async fn set_stage(
    tx: &mut Tx,
    sponsorship_id: i64,
    from: &str,
    to: &str,
    tier_id: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update sponsorship set stage = $1, tier_id = $2, updated_at = $3
         where sponsorship_id = $4 and stage = $5",
    )
    .bind(to)
    .bind(tier_id)
    .bind(now)
    .bind(sponsorship_id)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

pub async fn set_notes(
    tx: &mut Tx,
    sponsorship_id: i64,
    notes: &str,
    next_step: &str,
    next_step_on: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sponsorship set notes = $1, next_step = $2, next_step_on = $3, updated_at = $4
         where sponsorship_id = $5",
    )
    .bind(notes)
    .bind(next_step)
    .bind(next_step_on)
    .bind(now)
    .bind(sponsorship_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_portal(
    tx: &mut Tx,
    sponsorship_id: i64,
    token_hash: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update sponsorship set portal_token_hash = $1 where sponsorship_id = $2")
        .bind(token_hash)
        .bind(sponsorship_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_account(
    tx: &mut Tx,
    sponsorship_id: i64,
    account_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update sponsorship set account_id = $1 where sponsorship_id = $2")
        .bind(account_id)
        .bind(sponsorship_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every way into a sponsorship's portal: no link works and no account holds it.
pub async fn close_portal(tx: &mut Tx, sponsorship_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sponsorship set portal_token_hash = null, account_id = null where sponsorship_id = $1",
    )
    .bind(sponsorship_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Withdraws the sponsorship's invitations that were not answered yet.
pub async fn revoke_open_invitations(
    tx: &mut Tx,
    sponsorship_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update invitation set state = 'revoked', answered_at = $1
         where sponsorship_id = $2 and state = 'pending'",
    )
    .bind(now)
    .bind(sponsorship_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Links an invitation to the sponsorship it is for.
pub async fn tie_invitation(
    tx: &mut Tx,
    token_hash: &str,
    sponsorship_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update invitation set sponsorship_id = $1 where token_hash = $2")
        .bind(sponsorship_id)
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The sponsorship an invitation is for.
pub async fn sponsorship_of_invitation<'e>(
    db: impl AnyExecutor<'e>,
    invitation_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select sponsorship_id from invitation where invitation_id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await
        .map(Option::flatten)
}

/// (invitation, partner) of an event's partner invitations.
pub async fn invitation_partners<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "select i.invitation_id, p.name from invitation i
         join sponsorship s on s.sponsorship_id = i.sponsorship_id
         join partner p on p.partner_id = s.partner_id
         where i.event_id = $1 and i.kind = 'partner'",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

#[derive(FromRow, Clone)]
pub struct BenefitRow {
    pub benefit_id: i64,
    pub label: String,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
}

pub async fn benefits<'e>(
    db: impl AnyExecutor<'e>,
    sponsorship_id: i64,
) -> Result<Vec<BenefitRow>, sqlx::Error> {
    sqlx::query_as(
        "select b.benefit_id, b.label, b.done_at, a.display_name as done_by
         from sponsorship_benefit b left join account a on a.account_id = b.done_by
         where b.sponsorship_id = $1 order by b.position, b.benefit_id",
    )
    .bind(sponsorship_id)
    .fetch_all(db)
    .await
}

/// Writes the checklist from a tier's benefits, once per sponsorship (kept when it exists).
pub async fn ensure_benefits(
    tx: &mut Tx,
    sponsorship_id: i64,
    labels: &[String],
) -> Result<(), sqlx::Error> {
    let existing: i64 =
        sqlx::query_scalar("select count(*) from sponsorship_benefit where sponsorship_id = $1")
            .bind(sponsorship_id)
            .fetch_one(&mut **tx)
            .await?;
    if existing > 0 {
        return Ok(());
    }
    for (position, label) in labels.iter().enumerate() {
        sqlx::query(
            "insert into sponsorship_benefit (sponsorship_id, position, label) values ($1, $2, $3)",
        )
        .bind(sponsorship_id)
        .bind(position as i64)
        .bind(label)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Marks a benefit done (by `account_id`) or not done; false when it is not the sponsorship's.
pub async fn set_benefit(
    tx: &mut Tx,
    sponsorship_id: i64,
    benefit_id: i64,
    done: Option<(i64, i64)>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update sponsorship_benefit set done_at = $1, done_by = $2
         where benefit_id = $3 and sponsorship_id = $4",
    )
    .bind(done.map(|(at, _)| at))
    .bind(done.map(|(_, by)| by))
    .bind(benefit_id)
    .bind(sponsorship_id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

#[derive(FromRow, Clone)]
pub struct PassRow {
    pub pass_id: i64,
    pub name: String,
}

pub async fn passes<'e>(
    db: impl AnyExecutor<'e>,
    sponsorship_id: i64,
) -> Result<Vec<PassRow>, sqlx::Error> {
    sqlx::query_as(
        "select pass_id, name from sponsor_pass where sponsorship_id = $1 order by pass_id",
    )
    .bind(sponsorship_id)
    .fetch_all(db)
    .await
}

pub async fn insert_pass(
    tx: &mut Tx,
    sponsorship_id: i64,
    event_id: i64,
    name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into sponsor_pass (sponsorship_id, event_id, name, created_at) values ($1, $2, $3, $4)",
    )
    .bind(sponsorship_id)
    .bind(event_id)
    .bind(name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete_pass(
    tx: &mut Tx,
    sponsorship_id: i64,
    pass_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("delete from sponsor_pass where pass_id = $1 and sponsorship_id = $2")
            .bind(pass_id)
            .bind(sponsorship_id)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1,
    )
}
