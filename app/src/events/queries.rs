//! Event storage (server only).

use crate::db::Tx;

/// An event still running started at most this long ago (see `time::MAX_DAYS`).
const MAX_SPAN_SECS: i64 = super::time::MAX_DAYS * 24 * 60 * 60;
use sqlx::{AnyExecutor, FromRow};

#[derive(FromRow, Clone)]
pub struct EventRow {
    pub event_id: i64,
    pub group_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub format: crate::events::domain::EventFormat,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub rsvp_opens_at: Option<i64>,
    pub rsvp_closes_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: crate::events::domain::EventStatus,
    pub cancel_reason: Option<String>,
    pub series_id: Option<i64>,
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub max_plus_ones: i64,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub attendees_public: bool,
    pub rsvp_seq: i64,
}

const COLUMNS: &str = "e.event_id, e.group_id, e.slug, e.title, e.description, e.format, e.time_zone, e.starts_at, e.ends_at,
    e.venue_name, e.venue_address, e.online_url, e.capacity, e.rsvp_opens_at, e.rsvp_closes_at, e.status, e.cancel_reason,
    e.series_id, e.revision, e.created_at, e.updated_at, e.max_plus_ones, e.attendees_public, e.rsvp_seq";

/// An event in a listing, with its group.
#[derive(FromRow)]
pub struct ListedRow {
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub format: crate::events::domain::EventFormat,
    #[sqlx(try_from = "String")]
    pub status: crate::events::domain::EventStatus,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: Option<String>,
    pub online_url: Option<String>,
    pub group_slug: String,
    pub group_name: String,
    pub group_colour: Option<String>,
    pub cover_at: Option<i64>,
}

const LISTED: &str = "e.slug, e.title, e.format, e.status, e.time_zone, e.starts_at, e.ends_at, e.venue_name, e.online_url,
    g.slug as group_slug, g.name as group_name, g.colour as group_colour,
    (select c.updated_at from event_cover c where c.event_id = e.event_id) as cover_at";

/// The fields an organizer sets.
pub struct EventFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub format: &'a str,
    pub time_zone: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: Option<&'a str>,
    pub venue_address: Option<&'a str>,
    pub online_url: Option<&'a str>,
    pub capacity: Option<i64>,
    pub rsvp_opens_at: Option<i64>,
    pub rsvp_closes_at: Option<i64>,
}

pub async fn insert_event(
    tx: &mut Tx,
    group_id: i64,
    slug: &str,
    fields: &EventFields<'_>,
    series_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into event (group_id, slug, title, description, format, time_zone, starts_at, ends_at, venue_name,
            venue_address, online_url, capacity, rsvp_opens_at, rsvp_closes_at, status, series_id, revision, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'draft', $15, 0, $16, $16)
         returning event_id",
    )
    .bind(group_id)
    .bind(slug)
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.format)
    .bind(fields.time_zone)
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(fields.venue_name)
    .bind(fields.venue_address)
    .bind(fields.online_url)
    .bind(fields.capacity)
    .bind(fields.rsvp_opens_at)
    .bind(fields.rsvp_closes_at)
    .bind(series_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_event(
    tx: &mut Tx,
    event_id: i64,
    fields: &EventFields<'_>,
    bump: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update event set title = $1, description = $2, format = $3, time_zone = $4, starts_at = $5, ends_at = $6,
            venue_name = $7, venue_address = $8, online_url = $9, capacity = $10, rsvp_opens_at = $11, rsvp_closes_at = $12,
            revision = revision + $13, updated_at = $14
         where event_id = $15",
    )
    .bind(fields.title)
    .bind(fields.description)
    .bind(fields.format)
    .bind(fields.time_zone)
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(fields.venue_name)
    .bind(fields.venue_address)
    .bind(fields.online_url)
    .bind(fields.capacity)
    .bind(fields.rsvp_opens_at)
    .bind(fields.rsvp_closes_at)
    .bind(i64::from(bump))
    .bind(now)
    .bind(event_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_status(
    tx: &mut Tx,
    event_id: i64,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update event set status = $1, cancel_reason = $2, revision = revision + 1, updated_at = $3 where event_id = $4")
        .bind(status)
        .bind(reason)
        .bind(now)
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_series(tx: &mut Tx, event_id: i64, series_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update event set series_id = $1 where event_id = $2")
        .bind(series_id)
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_event(tx: &mut Tx, event_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from event where event_id = $1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn event_by_slug<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(&format!("select {COLUMNS} from event e where e.slug = $1"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// The published (or cancelled) neighbours of an event in its series, by start time.
pub async fn series_neighbours<'e>(
    db: impl AnyExecutor<'e> + Copy,
    series_id: i64,
    starts_at: i64,
) -> Result<(Option<(String, String)>, Option<(String, String)>), sqlx::Error> {
    let previous: Option<(String, String)> = sqlx::query_as(
        "select slug, title from event where series_id = $1 and starts_at < $2 and status <> 'draft'
         order by starts_at desc limit 1",
    )
    .bind(series_id)
    .bind(starts_at)
    .fetch_optional(db)
    .await?;
    let next: Option<(String, String)> = sqlx::query_as(
        "select slug, title from event where series_id = $1 and starts_at > $2 and status <> 'draft'
         order by starts_at asc limit 1",
    )
    .bind(series_id)
    .bind(starts_at)
    .fetch_optional(db)
    .await?;
    Ok((previous, next))
}

/// Which public events a listing shows.
pub enum Listing {
    /// Not yet ended, soonest first.
    Upcoming,
    /// Ended, newest first.
    Past,
    /// Drafts, soonest first (organizers).
    Drafts,
}

/// A page of a group's events (`limit` rows from `offset`).
pub async fn group_events<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    listing: Listing,
    now: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ListedRow>, sqlx::Error> {
    let filter = match listing {
        Listing::Upcoming => {
            "e.status <> 'draft' and e.ends_at > $2 and e.starts_at > $2 - $5 order by e.starts_at asc, e.event_id"
        }
        Listing::Past => {
            "e.status <> 'draft' and e.ends_at <= $2 and $5 = $5 order by e.starts_at desc, e.event_id"
        }
        Listing::Drafts => "e.status = 'draft' and $2 = $2 and $5 = $5 order by e.starts_at asc, e.event_id",
    };
    sqlx::query_as(&format!(
        "select {LISTED} from event e join meetup_group g on g.group_id = e.group_id
         where e.group_id = $1 and {filter} limit $3 offset $4"
    ))
    .bind(group_id)
    .bind(now)
    .bind(limit)
    .bind(offset)
    .bind(MAX_SPAN_SECS)
    .fetch_all(db)
    .await
}

/// A page of upcoming public events across all groups.
pub async fn upcoming_events<'e>(
    db: impl AnyExecutor<'e>,
    now: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ListedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {LISTED} from event e join meetup_group g on g.group_id = e.group_id
         where e.status in ('published', 'cancelled') and e.ends_at > $1 and e.starts_at > $1 - $4
         order by e.starts_at asc, e.event_id limit $2 offset $3"
    ))
    .bind(now)
    .bind(limit)
    .bind(offset)
    .bind(MAX_SPAN_SECS)
    .fetch_all(db)
    .await
}

pub async fn group_name_and_zone<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<(String, String, String), sqlx::Error> {
    sqlx::query_as("select slug, name, time_zone from meetup_group where group_id = $1")
        .bind(group_id)
        .fetch_one(db)
        .await
}

pub async fn organizer_names<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select a.display_name from group_member m join account a on a.account_id = m.account_id
         where m.group_id = $1 order by case when m.role = 'owner' then 0 else 1 end, m.added_at",
    )
    .bind(group_id)
    .fetch_all(db)
    .await
}

/// The group's chosen colour and when the event's image was last changed (if it has one).
pub async fn cover_facts<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<(Option<String>, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "select g.colour, (select c.updated_at from event_cover c where c.event_id = e.event_id)
         from event e join meetup_group g on g.group_id = e.group_id where e.event_id = $1",
    )
    .bind(event_id)
    .fetch_one(db)
    .await
}

pub async fn save_cover(
    tx: &mut Tx,
    event_id: i64,
    bytes: &[u8],
    media_type: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into event_cover (event_id, image, media_type, updated_at) values ($1, $2, $3, $4)
         on conflict (event_id) do update
         set image = excluded.image, media_type = excluded.media_type, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(bytes.to_vec())
    .bind(media_type)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn remove_cover(tx: &mut Tx, event_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from event_cover where event_id = $1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// (media type, bytes) of an event's image.
pub async fn cover_image<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("select media_type, image from event_cover where event_id = $1")
        .bind(event_id)
        .fetch_optional(db)
        .await
}
