//! The published schedule (server only): what the public page, the feeds (schedule.ics, a
//! speaker's own sessions), frab XML and JSON read, and the key the page cache keeps it under.

use super::service::{
    change_text, full_time, grid_days, grid_session, room_views, track_colours, zone_of,
    SessionFacts, HISTORY,
};
use super::{
    domain::Change,
    queries::{self, EventRow, SessionRow},
    views::{ScheduleView, TrackColour, VersionChanges},
};
use crate::{
    accounts::views::CurrentUser,
    calendar::feed::{FeedEvent, FeedStatus},
    db::{self, Db},
    error::{AppError, AppResult},
    events::core_row::EventCore,
    groups::access::organizes,
    markdown::to_plain_text,
};
use std::collections::HashMap;

/// The stable UID of a session: its event and key.
pub fn session_uid(event_id: i64, key: &str) -> String {
    format!("session-{event_id}-{key}@hallway")
}

/// A published session as a calendar entry.
pub(super) fn session_feed_event(
    row: &SessionRow,
    speakers: &[String],
    event: &EventRow,
    origin: &str,
) -> FeedEvent {
    let url = match row.talk_id {
        Some(talk) => format!("{origin}/e/{}/talks/{talk}", event.slug),
        None => format!("{origin}/e/{}/schedule", event.slug),
    };
    let mut description = String::new();
    if !speakers.is_empty() {
        description.push_str(&format!("With {}\n\n", speakers.join(", ")));
    }
    if let Some(text) = row.abstract_md.as_deref().map(to_plain_text) {
        if !text.is_empty() {
            description.push_str(&text);
            description.push_str("\n\n");
        }
    }
    description.push_str(&format!("{} · {url}", event.title));
    FeedEvent {
        uid: session_uid(event.event_id, &row.session_key),
        title: row.title.clone(),
        description,
        url,
        location: row.room_name.clone(),
        organizer_name: event.group_name.clone(),
        organizer_url: format!("{origin}/g/{}", event.group_slug),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        sequence: row.sequence,
        status: if row.cancelled || event.status == crate::events::domain::EventStatus::Cancelled {
            FeedStatus::Cancelled
        } else {
            FeedStatus::Confirmed
        },
    }
}

/// The published schedule of a public event (nothing before the first version).
pub struct Published {
    pub event: EventRow,
    pub version: (i64, i64),
    pub rooms: Vec<queries::RoomRow>,
    pub tracks: Vec<TrackColour>,
    /// Every published session, cancelled ones too.
    pub sessions: Vec<SessionRow>,
    /// Speakers' names by talk.
    pub speakers: HashMap<i64, Vec<String>>,
}

pub async fn published(
    db: &Db,
    slug: &str,
    organizer_view: Option<&CurrentUser>,
) -> AppResult<(Published, bool)> {
    let event = queries::event(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(db.pool(), event.group_id, organizer_view).await?;
    if event.status == crate::events::domain::EventStatus::Draft && !organizer {
        return Err(AppError::NotFound);
    }
    let version = queries::latest_version(db.pool(), event.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rooms = queries::rooms(db.pool(), event.event_id).await?;
    let tracks = track_colours(queries::tracks(db.pool(), event.event_id).await?);
    let sessions = queries::sessions(db.pool(), event.event_id).await?;
    let mut speakers: HashMap<i64, Vec<String>> = HashMap::new();
    for s in queries::speakers(db.pool(), event.event_id).await? {
        speakers.entry(s.talk_id).or_default().push(s.display_name);
    }
    Ok((
        Published {
            event,
            version,
            rooms,
            tracks,
            sessions,
            speakers,
        },
        organizer,
    ))
}

/// `/e/{slug}/schedule`: the latest published version, by day, with its recent changes.
pub async fn public_schedule(
    db: &Db,
    slug: &str,
    user: Option<&(CurrentUser, String)>,
) -> AppResult<ScheduleView> {
    let (p, organizer) = published(db, slug, user.map(|(u, _)| u)).await?;
    let zone = zone_of(&p.event);
    let now = db::now();
    let live_rows: Vec<&SessionRow> = p.sessions.iter().filter(|s| !s.cancelled).collect();
    let live = now >= p.event.starts_at && now < p.event.ends_at;
    let next_start = live_rows
        .iter()
        .map(|s| s.starts_at)
        .filter(|t| *t > now)
        .min();
    let sessions = live_rows
        .iter()
        .map(|s| {
            let mut session = grid_session(
                SessionFacts {
                    slot_id: 0,
                    kind: s.kind,
                    talk_id: s.talk_id,
                    title: s.title.clone(),
                    room_id: s.room_id,
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    speakers: s
                        .talk_id
                        .and_then(|t| p.speakers.get(&t).cloned())
                        .unwrap_or_default(),
                    track: s
                        .track_id
                        .and_then(|id| p.tracks.iter().find(|k| k.track_id == id).cloned()),
                    format: s.format_name.clone().unwrap_or_default(),
                    version: 0,
                    rooms: &p.rooms,
                },
                zone,
            );
            session.now = live && s.starts_at <= now && now < s.ends_at;
            session.next = live && Some(s.starts_at) == next_start;
            session
        })
        .collect();
    let mut history: Vec<VersionChanges> = Vec::new();
    for row in queries::recent_changes(db.pool(), p.event.event_id, HISTORY).await? {
        let change = Change {
            kind: row.change,
            key: String::new(),
            title: row.title.clone(),
            before: row.before_starts_at.map(|t| (row.before_room.clone(), t)),
            after: row.after_starts_at.map(|t| (row.after_room.clone(), t)),
        };
        let line = change_text(&change, zone);
        match history.last_mut() {
            Some(v) if v.number == row.number => v.changes.push(line),
            _ => history.push(VersionChanges {
                number: row.number,
                published_text: format!("Published {}", full_time(row.published_at, zone)),
                changes: vec![line],
            }),
        }
    }
    Ok(ScheduleView {
        event_slug: p.event.slug.clone(),
        event_title: p.event.title.clone(),
        time_zone: p.event.time_zone.name().to_owned(),
        version: p.version.0,
        published_text: full_time(p.version.1, zone),
        rooms: room_views(&p.rooms),
        tracks: p.tracks.clone(),
        days: grid_days(&p.event, zone, sessions),
        history,
        live,
        is_organizer: organizer,
    })
}

/// Every published session as calendar entries (cancelled ones stay, CANCELLED).
pub fn feed_events(p: &Published, origin: &str) -> Vec<FeedEvent> {
    p.sessions
        .iter()
        .map(|row| {
            let names = row
                .talk_id
                .and_then(|t| p.speakers.get(&t).cloned())
                .unwrap_or_default();
            session_feed_event(row, &names, &p.event, origin)
        })
        .collect()
}

/// A speaker's own published sessions, for their personal feed.
pub async fn speaker_sessions(
    db: &Db,
    account_id: i64,
    since: i64,
    origin: &str,
) -> AppResult<Vec<FeedEvent>> {
    let rows = queries::sessions_of_speaker(db.pool(), account_id, since).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let event = EventRow {
                event: EventCore {
                    event_id: 0,
                    group_id: 0,
                    slug: row.event_slug.clone(),
                    title: row.event_title.clone(),
                    time_zone: chrono_tz::UTC, // feed entries are in UTC; the zone is not read
                    status: row.event_status,
                    starts_at: 0,
                },
                ends_at: 0,
                venue_name: row.venue_name.clone(),
                venue_address: None,
                group_name: row.group_name.clone(),
                group_slug: row.group_slug.clone(),
            };
            let mut entry = session_feed_event(&row.session, &[], &event, origin);
            entry.uid = session_uid(row.session_event_id, &row.session.session_key);
            entry
        })
        .collect())
}

/// What the public schedule page of `slug` shows, as one string that changes whenever the
/// page would (published sessions, their talks, the event, the version; during the event also
/// the minute, for "now" and "next"). `None` when there is no public schedule.
pub async fn page_key(db: &Db, slug: &str) -> AppResult<Option<String>> {
    let Some(event) = queries::event(db.pool(), slug).await? else {
        return Ok(None);
    };
    if event.status == crate::events::domain::EventStatus::Draft {
        return Ok(None);
    }
    let key = queries::published_key(db.pool(), event.event_id).await?;
    if key.5 == 0 {
        return Ok(None);
    }
    let now = db::now();
    let minute = if now < event.ends_at && now >= event.starts_at - 24 * 3600 {
        now / 60
    } else {
        0
    };
    Ok(Some(format!("{slug} {key:?} {minute}")))
}
