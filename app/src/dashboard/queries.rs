//! The organizer home's reads (server only), limited to groups the person organizes.

use sqlx::{AnyExecutor, FromRow};

#[derive(FromRow)]
pub struct GroupRow {
    pub slug: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: crate::groups::domain::Role,
}

pub async fn groups<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Vec<GroupRow>, sqlx::Error> {
    sqlx::query_as(
        "select g.slug, g.name, m.role from group_member m
         join meetup_group g on g.group_id = m.group_id
         where m.account_id = $1 order by lower(g.name), g.group_id",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}

#[derive(FromRow)]
pub struct EventRow {
    pub slug: String,
    pub title: String,
    pub group_name: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub ends_at: i64,
    #[sqlx(try_from = "String")]
    pub status: crate::events::domain::EventStatus,
    pub capacity: Option<i64>,
    pub going: i64,
    pub waiting: i64,
}

/// The next `limit` events (not over, not cancelled) of the person's groups, soonest first.
pub async fn next_events<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "select e.slug, e.title, g.name as group_name, e.time_zone, e.starts_at, e.ends_at,
            e.status, e.capacity,
            cast(coalesce((select sum(1 + r.plus_ones) from rsvp r
                where r.event_id = e.event_id and r.status = 'going'), 0) as bigint) as going,
            cast((select count(*) from rsvp r
                where r.event_id = e.event_id and r.status = 'waitlisted') as bigint) as waiting
         from event e
         join meetup_group g on g.group_id = e.group_id
         join group_member m on m.group_id = e.group_id and m.account_id = $1
         where e.ends_at > $2 and e.status <> 'cancelled'
         order by e.starts_at, e.event_id limit $3",
    )
    .bind(account_id)
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await
}

#[derive(FromRow)]
pub struct TalkCount {
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: crate::talks::domain::TalkState,
    pub talks: i64,
}

/// Talks waiting for the organizers (submitted) or for their speakers (accepted), per event
/// that is not over.
pub async fn waiting_talks<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    now: i64,
) -> Result<Vec<TalkCount>, sqlx::Error> {
    sqlx::query_as(
        "select e.slug, e.title, t.state, cast(count(*) as bigint) as talks
         from talk t
         join event e on e.event_id = t.event_id
         join group_member m on m.group_id = e.group_id and m.account_id = $1
         where t.state in ('submitted', 'accepted') and e.ends_at > $2 and e.status <> 'cancelled'
         group by e.slug, e.title, e.starts_at, t.state
         order by e.starts_at, e.slug, t.state",
    )
    .bind(account_id)
    .bind(now)
    .fetch_all(db)
    .await
}

#[derive(FromRow)]
pub struct FailedMails {
    pub slug: String,
    pub name: String,
    pub mails: i64,
}

/// Mails that could not be delivered, per group.
pub async fn failed_mails<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Vec<FailedMails>, sqlx::Error> {
    sqlx::query_as(
        "select g.slug, g.name, cast(count(*) as bigint) as mails
         from outbox o
         join meetup_group g on g.group_id = o.group_id
         join group_member m on m.group_id = g.group_id and m.account_id = $1
         where o.status = 'failed'
         group by g.slug, g.name
         order by g.name",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}
