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
    pub status: String,
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

const FEED_ROW: &str = "select e.event_id, e.slug, e.title, e.description, e.status, e.starts_at, e.ends_at,
    e.venue_name, e.venue_address, e.created_at, e.updated_at, e.revision, g.slug as group_slug, g.name as group_name
    from event e join meetup_group g on g.group_id = e.group_id";

pub async fn event<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW} where e.slug = $1 and e.status <> 'draft'"
    ))
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// A group's public events that end after `since`, by start.
pub async fn group_events<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    since: i64,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW} where e.group_id = $1 and e.status <> 'draft' and e.ends_at > $2
         order by e.starts_at, e.event_id limit $3"
    ))
    .bind(group_id)
    .bind(since)
    .bind(MAX_EVENTS)
    .fetch_all(db)
    .await
}

/// Every group's public events that end after `since`, by start.
pub async fn site_events<'e>(
    db: impl AnyExecutor<'e>,
    since: i64,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{FEED_ROW} where e.status <> 'draft' and e.ends_at > $1
         order by e.starts_at, e.event_id limit $2"
    ))
    .bind(since)
    .bind(MAX_EVENTS)
    .fetch_all(db)
    .await
}
