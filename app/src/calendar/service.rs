//! Calendar feed use cases (server only): load what a feed shows and render it.

use blake2::{digest::consts::U16, Blake2b, Digest};
use flate2::{write::GzEncoder, Compression};
use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, Mutex, OnceLock},
    time::{Duration, Instant},
};

use super::{
    feed::{event_uid, render, FeedEvent, FeedInfo, FeedStatus},
    queries::{self, FeedRow},
    views::PersonalFeedState,
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db},
    error::{AppError, AppResult},
    events::domain::venue_line,
    groups::queries as groups,
    links::{self, LinkKind},
    markdown::to_plain_text,
};

/// How long past events stay in a group's feed.
pub const GROUP_HISTORY_SECS: i64 = 90 * 24 * 3600;

/// A rendered feed and what HTTP needs to serve it.
#[derive(Debug)]
pub struct Feed {
    /// A safe file name (`[a-z0-9-].ics`).
    pub filename: String,
    pub body: String,
    /// The latest change of anything in it (Unix seconds).
    pub last_modified: i64,
    /// The strong validator: a hash of the bytes, quoted (`"…"`).
    pub tag: String,
    /// `text/calendar; charset=utf-8` unless made with [`Feed::typed`].
    pub content_type: &'static str,
    gzip: OnceLock<Option<Vec<u8>>>,
}

impl Feed {
    pub fn new(filename: String, body: String, last_modified: i64) -> Self {
        Self::typed(
            filename,
            body,
            last_modified,
            "text/calendar; charset=utf-8",
        )
    }

    /// A download of another type (the schedule's XML and JSON exports).
    pub fn typed(
        filename: String,
        body: String,
        last_modified: i64,
        content_type: &'static str,
    ) -> Self {
        let digest = Blake2b::<U16>::digest(body.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            filename,
            body,
            last_modified,
            tag: format!("\"{hex}\""),
            content_type,
            gzip: OnceLock::new(),
        }
    }

    /// The body gzipped (the same bytes every time), made once per cached feed.
    pub fn gzipped(&self) -> Option<&[u8]> {
        self.gzip
            .get_or_init(|| {
                let mut encoder =
                    GzEncoder::new(Vec::with_capacity(self.body.len() / 8), Compression::fast());
                encoder.write_all(self.body.as_bytes()).ok()?;
                encoder.finish().ok()
            })
            .as_deref()
    }
}

/// Rendered feeds by the version of their rows ([`queries::FeedKey`]), so a calendar app's
/// hourly "has it changed?" costs one aggregate query, not a render. Entries also expire after
/// a minute, which bounds how long anything the key might miss could stay stale.
struct FeedCache {
    entries: HashMap<String, (Instant, Arc<Feed>)>,
}

const CACHE_TTL: Duration = Duration::from_secs(60);
const CACHE_MAX: usize = 256;

fn cache() -> &'static Mutex<FeedCache> {
    static CACHE: OnceLock<Mutex<FeedCache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(FeedCache {
            entries: HashMap::new(),
        })
    })
}

pub(crate) fn cached(key: &str) -> Option<Arc<Feed>> {
    let cache = cache().lock().ok()?;
    cache
        .entries
        .get(key)
        .filter(|(at, _)| at.elapsed() < CACHE_TTL)
        .map(|(_, feed)| feed.clone())
}

pub(crate) fn remember(key: String, feed: &Arc<Feed>) {
    if let Ok(mut cache) = cache().lock() {
        if cache.entries.len() >= CACHE_MAX {
            cache.entries.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
            if cache.entries.len() >= CACHE_MAX {
                cache.entries.clear();
            }
        }
        cache.entries.insert(key, (Instant::now(), feed.clone()));
    }
}

pub(crate) fn feed_event(row: FeedRow, origin: &str) -> FeedEvent {
    let location = venue_line(row.venue_name.as_deref(), row.venue_address.as_deref());
    let url = format!("{origin}/e/{}", row.slug);
    let description = match to_plain_text(&row.description) {
        text if text.is_empty() => url.clone(),
        text => format!("{text}\n\n{url}"),
    };
    FeedEvent {
        uid: event_uid(row.event_id, row.created_at),
        title: row.title,
        description,
        url,
        location,
        organizer_name: row.group_name,
        organizer_url: format!("{origin}/g/{}", row.group_slug),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        sequence: row.revision,
        status: if row.status == crate::events::domain::EventStatus::Cancelled {
            FeedStatus::Cancelled
        } else {
            FeedStatus::Confirmed
        },
    }
}

fn feed(filename: &str, info: FeedInfo, rows: Vec<FeedRow>, origin: &str, floor: i64) -> Feed {
    let last_modified = rows.iter().map(|r| r.updated_at).max().unwrap_or(floor);
    let events: Vec<FeedEvent> = rows.into_iter().map(|r| feed_event(r, origin)).collect();
    Feed::new(
        format!("{filename}.ics"),
        render(&info, &events),
        last_modified,
    )
}

/// `/e/{slug}/calendar.ics`: one published or cancelled event.
pub async fn event_feed(db: &Db, slug: &str, origin: &str) -> AppResult<Arc<Feed>> {
    event_calendar(db.pool(), slug, origin)
        .await?
        .map(Arc::new)
        .ok_or(AppError::NotFound)
}

/// One published or cancelled event as a calendar (also what mails attach), read with
/// `db` (a pool, or the transaction of the change the mail is about).
pub async fn event_calendar<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    slug: &str,
    origin: &str,
) -> AppResult<Option<Feed>> {
    let Some(row) = queries::event(db, slug).await? else {
        return Ok(None);
    };
    let info = FeedInfo {
        name: row.title.clone(),
        description: format!("{} · {}", row.title, row.group_name),
    };
    Ok(Some(feed(slug, info, vec![row], origin, 0)))
}

/// `/g/{slug}/calendar.ics`: a group's public events, upcoming and of the last 90 days.
pub async fn group_feed(db: &Db, slug: &str, origin: &str) -> AppResult<Arc<Feed>> {
    let group = groups::group_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let since = db::now() - GROUP_HISTORY_SECS;
    let version = queries::group_events_key(db.pool(), group.group_id, since).await?;
    let key = format!("g {origin} {slug} {} {version:?}", group.name);
    if let Some(feed) = cached(&key) {
        return Ok(feed);
    }
    let rows = queries::group_events(db.pool(), group.group_id, since).await?;
    let info = FeedInfo {
        name: group.name.clone(),
        description: format!("Events of {} on Hallway", group.name),
    };
    let feed = Arc::new(feed(slug, info, rows, origin, 0));
    remember(key, &feed);
    Ok(feed)
}

/// `/calendar.ics`: every public upcoming event on this Hallway.
pub async fn site_feed(db: &Db, origin: &str) -> AppResult<Arc<Feed>> {
    let now = db::now();
    let version = queries::site_events_key(db.pool(), now).await?;
    let key = format!("s {origin} {version:?}");
    if let Some(feed) = cached(&key) {
        return Ok(feed);
    }
    let rows = queries::site_events(db.pool(), now).await?;
    let info = FeedInfo {
        name: "Hallway: upcoming events".to_owned(),
        description: "Every public upcoming event on this Hallway".to_owned(),
    };
    let feed = Arc::new(feed("hallway", info, rows, origin, 0));
    remember(key, &feed);
    Ok(feed)
}

/// `/feeds/{token}/calendar.ics`: the events a person is going to, and those they wait for
/// (tentative, "Waitlisted" in the title); the online link only while going. An unknown or
/// regenerated token is not found.
pub async fn personal_feed(db: &Db, token: &str, origin: &str) -> AppResult<Arc<Feed>> {
    let account_id = links::owner(db.pool(), LinkKind::Feed, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = queries::owner_name(db.pool(), account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows =
        queries::personal_events(db.pool(), account_id, db::now() - GROUP_HISTORY_SECS).await?;
    let last_modified = rows
        .iter()
        .map(|r| r.event.updated_at.max(r.rsvp_updated_at))
        .max()
        .unwrap_or(0);
    let events: Vec<FeedEvent> = rows
        .into_iter()
        .map(|row| {
            let waitlisted = row.rsvp_status == "waitlisted";
            let online = row.online_url.filter(|_| !waitlisted);
            let changed = row.event.updated_at.max(row.rsvp_updated_at);
            let mut event = feed_event(row.event, origin);
            // The reader's own RSVP is part of the entry: a change of it is a change here.
            event.updated_at = changed;
            if waitlisted {
                event.title = format!("Waitlisted: {}", event.title);
                if event.status == FeedStatus::Confirmed {
                    event.status = FeedStatus::Tentative;
                }
            }
            if let Some(url) = online {
                event.description = format!("Join online: {url}\n\n{}", event.description);
            }
            event
        })
        .collect();
    // The sessions they speak in, from published schedules (the schedule feed's UIDs).
    let sessions = crate::schedule::public::speaker_sessions(
        db,
        account_id,
        db::now() - GROUP_HISTORY_SECS,
        origin,
    )
    .await?;
    let last_modified = sessions
        .iter()
        .map(|s| s.updated_at)
        .max()
        .unwrap_or(0)
        .max(last_modified);
    let events: Vec<FeedEvent> = events.into_iter().chain(sessions).collect();
    let info = FeedInfo {
        name: format!("{name}'s events (Hallway)"),
        description: "Events you are going to or waiting for, and the sessions you speak in"
            .to_owned(),
    };
    Ok(Arc::new(Feed::new(
        "my-events.ics".to_owned(),
        render(&info, &events),
        last_modified,
    )))
}

/// The person's feed: whether they have one, and its address when `shown` (the token from
/// the browser that just made it) is still the live one; the address is not kept anywhere.
pub async fn my_feed(
    db: &Db,
    user: &CurrentUser,
    shown: Option<&str>,
    origin: &str,
) -> AppResult<PersonalFeedState> {
    let active = links::made_at(db.pool(), LinkKind::Feed, user.account_id)
        .await?
        .is_some();
    let url = match shown {
        Some(token)
            if links::is_live(db.pool(), LinkKind::Feed, user.account_id, token).await? =>
        {
            Some(format!("{origin}/feeds/{token}/calendar.ics"))
        }
        _ => None,
    };
    Ok(PersonalFeedState { active, url })
}

/// Makes a new secret address and returns its token; the old one stops working at once.
pub async fn regenerate_feed(db: &Db, user: &CurrentUser) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let token = links::mint(&mut tx, LinkKind::Feed, user.account_id).await?;
    tx.commit().await?;
    Ok(token)
}
