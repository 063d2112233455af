//! Calendar feed storage (server only): published and cancelled events, never drafts.

use sqlx::{AnyExecutor, FromRow};

/// The most events one feed holds.
pub const MAX_EVENTS: i64 = 1000;

#[derive(FromRow)]
pub struct FeedRow {
    pub event_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub status: crate::events::domain::EventStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub revision: i64,
    pub group_slug: String,
    pub group_name: String,
}

const FEED_ROW_COLUMNS: &str = "select e.event_id, e.slug, e.title, e.description, e.status, e.starts_at, e.ends_at,
    e.venue_name, e.venue_address, e.created_at, e.updated_at, e.revision, g.slug as group_slug, g.name as group_name";

const FROM_EVENTS: &str = "from event e join meetup_group g on g.group_id = e.group_id";

pub async fn event<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW_COLUMNS} {FROM_EVENTS} where e.slug = $1 and e.status <> 'draft'"
    ))
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// What a feed's content depends on, in one cheap aggregate over the same rows as the feed:
/// how many events, which ones (the sum of their ids), the last change of any of them or of
/// their groups (every change sets `updated_at`, to the second), and, for two changes within
/// one second, the sum of revisions and of the lengths of their texts.
const FEED_KEY_COLUMNS: &str = "select count(*), cast(coalesce(sum(e.event_id), 0) as bigint),
    coalesce(max(e.updated_at), 0), coalesce(max(g.updated_at), 0), cast(coalesce(sum(e.revision), 0) as bigint),
    cast(coalesce(sum(length(e.title) + length(e.description) + length(coalesce(e.venue_name, ''))
        + length(coalesce(e.venue_address, ''))), 0) as bigint)";

const GROUP_EVENTS: &str = "where e.group_id = $1 and e.status <> 'draft' and e.ends_at > $2";

/// The version of a feed's rows (see `FEED_KEY_COLUMNS`).
pub type FeedKey = (i64, i64, i64, i64, i64, i64);

/// The [`FeedKey`] of [`group_events`].
pub async fn group_events_key<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    since: i64,
) -> Result<FeedKey, sqlx::Error> {
    sqlx::query_as(&format!("{FEED_KEY_COLUMNS} {FROM_EVENTS} {GROUP_EVENTS}"))
        .bind(group_id)
        .bind(since)
        .fetch_one(db)
        .await
}

/// A group's public events that end after `since`, by start.
pub async fn group_events<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    since: i64,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW_COLUMNS} {FROM_EVENTS} {GROUP_EVENTS} order by e.starts_at, e.event_id limit $3"
    ))
    .bind(group_id)
    .bind(since)
    .bind(MAX_EVENTS)
    .fetch_all(db)
    .await
}

const SITE_EVENTS: &str = "where e.status <> 'draft' and e.ends_at > $1";

/// The [`FeedKey`] of [`site_events`].
pub async fn site_events_key<'e>(
    db: impl AnyExecutor<'e>,
    since: i64,
) -> Result<FeedKey, sqlx::Error> {
    sqlx::query_as(&format!("{FEED_KEY_COLUMNS} {FROM_EVENTS} {SITE_EVENTS}"))
        .bind(since)
        .fetch_one(db)
        .await
}

/// Every group's public events that end after `since`, by start.
pub async fn site_events<'e>(
    db: impl AnyExecutor<'e>,
    since: i64,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW_COLUMNS} {FROM_EVENTS} {SITE_EVENTS} order by e.starts_at, e.event_id limit $2"
    ))
    .bind(since)
    .bind(MAX_EVENTS)
    .fetch_all(db)
    .await
}

/// The display name of a feed's owner.
pub async fn owner_name<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select display_name from account where account_id = $1")
        .bind(account_id)
        .fetch_optional(db)
        .await
}

/// A person's RSVP'd events (going or waitlisted) that end after `since`.
#[derive(FromRow)]
pub struct PersonalRow {
    #[sqlx(flatten)]
    pub event: FeedRow,
    pub rsvp_status: String,
    pub online_url: Option<String>,
    pub rsvp_updated_at: i64,
}

pub async fn personal_events<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    since: i64,
) -> Result<Vec<PersonalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW_COLUMNS}, r.status as rsvp_status, e.online_url, r.updated_at as rsvp_updated_at
         from rsvp r join event e on e.event_id = r.event_id join meetup_group g on g.group_id = e.group_id
         where r.account_id = $1 and r.status in ('going', 'waitlisted') and e.status <> 'draft' and e.ends_at > $2
         order by e.starts_at, e.event_id limit $3"
    ))
    .bind(account_id)
    .bind(since)
    .bind(MAX_EVENTS)
    .fetch_all(db)
    .await
}
