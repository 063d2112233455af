//! Schedule use cases (server only): the working schedule (`Working`, its conflicts), the
//! editor's view, the grid the pages share, and the access and time helpers of the other
//! schedule modules: `edits` (rooms, colours, placing), `publish` (versions and speaker mails)
//! and `public` (the published schedule for pages, feeds and the page cache).

use super::{
    domain::{
        changes, conflicts, days, text_on, Change, ChangeKind, Conflict, Placed, SessionState,
        SlotKind,
    },
    queries::{self, EventRow, SessionRow, SlotRow, SpeakerRow},
    views::{
        ConflictNote, EditorBreak, EditorTalk, EditorView, GridSession, Placement, RoomView,
        ScheduleDay, TrackColour,
    },
};
use crate::{
    accounts::views::CurrentUser,
    db::{Db, Tx},
    error::{AppError, AppResult},
    events::time,
    groups::access::{self, organizes},
};
use chrono::{NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

/// How many versions' change lists the public page shows.
pub(super) const HISTORY: i64 = 5;

pub(super) fn zone_of(event: &EventRow) -> Tz {
    event.time_zone
}

fn organizers_only() -> AppError {
    AppError::Forbidden("Only the event's organizers can change its schedule.".to_owned())
}

/// The event for a change by its organizers, in the change's transaction.
pub(super) async fn event_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<EventRow> {
    let event = queries::event(&mut **tx, slug).await?;
    access::for_organizer(&mut **tx, event, user, organizers_only).await
}

fn local(at: i64, zone: Tz) -> chrono::DateTime<Tz> {
    time::from_unix(at).with_timezone(&zone)
}

pub(super) fn hm(at: i64, zone: Tz) -> String {
    local(at, zone).format("%H:%M").to_string()
}

pub(super) fn day_time(at: i64, zone: Tz) -> String {
    local(at, zone).format("%a %-d %b, %H:%M").to_string()
}

pub(super) fn full_time(at: i64, zone: Tz) -> String {
    local(at, zone).format("%a %-d %b %Y, %H:%M %Z").to_string()
}

/// Where a session is, in words: "Tue 5 Mar, 10:00 in Main hall".
pub(super) fn place_text(room: Option<&str>, at: i64, zone: Tz) -> String {
    match room {
        Some(room) => format!("{} in {room}", day_time(at, zone)),
        None => format!("{} in every room", day_time(at, zone)),
    }
}

pub(super) fn change_text(change: &Change, zone: Tz) -> String {
    let place = |p: &Option<(Option<String>, i64)>| {
        p.as_ref()
            .map(|(room, at)| place_text(room.as_deref(), *at, zone))
            .unwrap_or_default()
    };
    match change.kind {
        ChangeKind::Added => format!("Added “{}”: {}", change.title, place(&change.after)),
        ChangeKind::Moved => format!(
            "Moved “{}” from {} to {}",
            change.title,
            place(&change.before),
            place(&change.after)
        ),
        ChangeKind::Removed => {
            format!("Removed “{}” (was {})", change.title, place(&change.before))
        }
    }
}

/// Everything the working schedule is made of.
pub(super) struct Working {
    pub(super) event: EventRow,
    pub(super) zone: Tz,
    pub(super) rooms: Vec<queries::RoomRow>,
    pub(super) talks: Vec<queries::TalkRow>,
    pub(super) speakers: Vec<SpeakerRow>,
    pub(super) slots: Vec<SlotRow>,
}

impl Working {
    pub(super) async fn load(conn: &mut sqlx::AnyConnection, event: EventRow) -> AppResult<Self> {
        let rooms = queries::rooms(&mut *conn, event.event_id).await?;
        let talks = queries::schedulable_talks(&mut *conn, event.event_id).await?;
        let speakers = queries::speakers(&mut *conn, event.event_id).await?;
        let slots = queries::slots(&mut *conn, event.event_id).await?;
        Ok(Self {
            zone: zone_of(&event),
            event,
            rooms,
            talks,
            speakers,
            slots,
        })
    }

    pub(super) fn talk(&self, talk_id: Option<i64>) -> Option<&queries::TalkRow> {
        talk_id.and_then(|id| self.talks.iter().find(|t| t.talk_id == id))
    }

    pub(super) fn room_name(&self, room_id: Option<i64>) -> Option<String> {
        room_id.and_then(|id| {
            self.rooms
                .iter()
                .find(|r| r.room_id == id)
                .map(|r| r.name.clone())
        })
    }

    pub(super) fn speakers_of(&self, talk_id: i64) -> impl Iterator<Item = &SpeakerRow> {
        self.speakers.iter().filter(move |s| s.talk_id == talk_id)
    }

    /// The slots that count: talks still accepted or confirmed, breaks and blockers.
    pub(super) fn live_slots(&self) -> impl Iterator<Item = &SlotRow> {
        self.slots
            .iter()
            .filter(|s| s.kind != SlotKind::Talk || self.talk(s.talk_id).is_some())
    }

    pub(super) fn title_of(&self, slot: &SlotRow) -> String {
        match self.talk(slot.talk_id) {
            Some(talk) => talk.title.clone(),
            None => slot.title.clone(),
        }
    }

    pub(super) fn conflicts(&self) -> Vec<Conflict> {
        let placed: Vec<Placed> = self
            .live_slots()
            .map(|s| Placed {
                slot_id: s.slot_id,
                kind: s.kind,
                room_id: s.room_id,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                speakers: s
                    .talk_id
                    .map(|t| self.speakers_of(t).map(|p| p.account_id).collect())
                    .unwrap_or_default(),
                confirmed: self
                    .talk(s.talk_id)
                    .is_some_and(|t| t.state == crate::talks::domain::TalkState::Confirmed),
            })
            .collect();
        conflicts(&placed, self.event.starts_at, self.event.ends_at)
    }

    pub(super) fn describe(&self, conflict: &Conflict) -> ConflictNote {
        let title = |id: i64| {
            self.slots
                .iter()
                .find(|s| s.slot_id == id)
                .map(|s| self.title_of(s))
                .unwrap_or_default()
        };
        let slot = |id: i64| self.slots.iter().find(|s| s.slot_id == id);
        let message = match *conflict {
            Conflict::RoomOverlap { first, second } => {
                let room = slot(first)
                    .and_then(|s| s.room_id)
                    .or_else(|| slot(second).and_then(|s| s.room_id));
                let room = self
                    .room_name(room)
                    .unwrap_or_else(|| "every room".to_owned());
                format!(
                    "“{}” and “{}” overlap in {room}.",
                    title(first),
                    title(second)
                )
            }
            Conflict::SpeakerTwice {
                first,
                second,
                speaker,
            } => {
                let name = self
                    .speakers
                    .iter()
                    .find(|s| s.account_id == speaker)
                    .map(|s| s.display_name.clone())
                    .unwrap_or_default();
                format!(
                    "{name} speaks in “{}” and “{}” at the same time.",
                    title(first),
                    title(second)
                )
            }
            Conflict::OutsideEvent { slot: id } => format!(
                "“{}” is outside the event's hours ({} to {}).",
                title(id),
                day_time(self.event.starts_at, self.zone),
                day_time(self.event.ends_at, self.zone)
            ),
            Conflict::NotConfirmed { slot: id } => {
                format!("“{}” is not confirmed by its speakers yet.", title(id))
            }
        };
        ConflictNote {
            hard: conflict.is_hard(),
            message,
        }
    }

    /// The sessions publishing now would show (blockers stay internal).
    pub(super) fn next_sessions(&self) -> Vec<SessionState> {
        self.live_slots()
            .filter(|s| s.kind != SlotKind::Blocker)
            .map(|s| SessionState {
                key: session_key(s),
                title: self.title_of(s),
                room: self.room_name(s.room_id),
                starts_at: s.starts_at,
                ends_at: s.ends_at,
            })
            .collect()
    }
}

/// The key a session keeps through moves: its talk, or its slot for breaks.
pub(super) fn session_key(slot: &SlotRow) -> String {
    match slot.talk_id {
        Some(talk) => format!("talk-{talk}"),
        None => format!("slot-{}", slot.slot_id),
    }
}

pub(super) fn published_states(rows: &[SessionRow]) -> Vec<SessionState> {
    rows.iter()
        .filter(|r| !r.cancelled)
        .map(|r| SessionState {
            key: r.session_key.clone(),
            title: r.title.clone(),
            room: r.room_name.clone(),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
        })
        .collect()
}

fn day_label(date: NaiveDate, long: bool) -> String {
    date.format(if long { "%A %-d %B" } else { "%a %-d %b" })
        .to_string()
}

/// Builds the days of a grid from sessions, between the event's first and last day.
pub(super) fn grid_days(
    event: &EventRow,
    zone: Tz,
    sessions: Vec<GridSession>,
) -> Vec<ScheduleDay> {
    let mut by_day: Vec<ScheduleDay> = days(event.starts_at, event.ends_at, zone)
        .into_iter()
        .map(|date| {
            // The event's own hours on this day bound the grid at first.
            let midnight = zone
                .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
                .earliest()
                .map_or(0, |t| t.timestamp());
            let from = ((event.starts_at - midnight) / 60).clamp(0, 24 * 60);
            let to = ((event.ends_at - midnight) / 60).clamp(0, 24 * 60);
            let (from, to) = if to - from < 60 {
                (9 * 60, 18 * 60)
            } else {
                (from, to)
            };
            ScheduleDay {
                date: date.to_string(),
                label: day_label(date, true),
                first_minute: from,
                last_minute: to,
                sessions: Vec::new(),
            }
        })
        .collect();
    for session in sessions {
        let date = local(session.starts_at, zone).date_naive().to_string();
        let Some(day) = by_day.iter_mut().find(|d| d.date == date) else {
            continue;
        };
        day.first_minute = day.first_minute.min(session.start_minute);
        day.last_minute = day
            .last_minute
            .max((session.start_minute + session.minutes).min(24 * 60));
        day.sessions.push(session);
    }
    for day in &mut by_day {
        day.first_minute -= day.first_minute % 30;
        day.last_minute += (30 - day.last_minute % 30) % 30;
    }
    by_day
}

pub(super) struct SessionFacts<'a> {
    pub(super) slot_id: i64,
    pub(super) kind: SlotKind,
    pub(super) talk_id: Option<i64>,
    pub(super) title: String,
    pub(super) room_id: Option<i64>,
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
    pub(super) speakers: Vec<String>,
    pub(super) track: Option<TrackColour>,
    pub(super) format: String,
    pub(super) version: i64,
    pub(super) rooms: &'a [queries::RoomRow],
}

pub(super) fn grid_session(facts: SessionFacts<'_>, zone: Tz) -> GridSession {
    let start = local(facts.starts_at, zone);
    let room_index = facts
        .room_id
        .and_then(|id| facts.rooms.iter().position(|r| r.room_id == id));
    GridSession {
        slot_id: facts.slot_id,
        kind: facts.kind,
        talk_id: facts.talk_id,
        title: facts.title,
        room_index,
        room_id: facts.room_id,
        room_name: room_index
            .map(|i| facts.rooms[i].name.clone())
            .unwrap_or_else(|| "Every room".to_owned()),
        starts_at: facts.starts_at,
        ends_at: facts.ends_at,
        start_text: start.format("%H:%M").to_string(),
        end_text: hm(facts.ends_at, zone),
        start_minute: i64::from(start.hour() * 60 + start.minute()),
        minutes: (facts.ends_at - facts.starts_at) / 60,
        offset_minutes: start.offset().fix().local_minus_utc() / 60,
        speakers: facts.speakers,
        track: facts.track,
        format: facts.format,
        version: facts.version,
        now: false,
        next: false,
        conflict: None,
    }
}

pub(super) fn track_colours(rows: Vec<queries::TrackRow>) -> Vec<TrackColour> {
    rows.into_iter()
        .map(|t| TrackColour {
            text: text_on(&t.colour).to_owned(),
            track_id: t.track_id,
            name: t.name,
            colour: t.colour,
        })
        .collect()
}

pub(super) fn room_views(rooms: &[queries::RoomRow]) -> Vec<RoomView> {
    rooms
        .iter()
        .map(|r| RoomView {
            room_id: r.room_id,
            name: r.name.clone(),
            capacity: r.capacity,
        })
        .collect()
}

/// The editor: rooms, colours, talks and where they are, breaks, the grid, conflicts and
/// what publishing would change (organizers).
pub async fn editor(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<EditorView> {
    let event = queries::event(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !organizes(db.pool(), event.group_id, Some(user)).await? {
        return Err(organizers_only());
    }
    let tracks = track_colours(queries::tracks(db.pool(), event.event_id).await?);
    let published = queries::sessions(db.pool(), event.event_id).await?;
    let version = queries::latest_version(db.pool(), event.event_id)
        .await?
        .map(|(n, _)| n);
    let mut conn = db.pool().acquire().await?;
    let work = Working::load(&mut conn, event).await?;
    drop(conn);
    let zone = work.zone;
    let found = work.conflicts();
    let mut notes: Vec<(Vec<i64>, ConflictNote)> = found
        .iter()
        .map(|c| (c.slots(), work.describe(c)))
        .collect();
    notes.sort_by_key(|(_, n)| !n.hard);
    let placement = |s: &SlotRow| Placement {
        slot_id: s.slot_id,
        day: local(s.starts_at, zone).date_naive().to_string(),
        start: hm(s.starts_at, zone),
        minutes: (s.ends_at - s.starts_at) / 60,
        room_id: s.room_id,
        room_name: work
            .room_name(s.room_id)
            .unwrap_or_else(|| "Every room".to_owned()),
        version: s.version,
    };
    let talks = work
        .talks
        .iter()
        .map(|t| EditorTalk {
            talk_id: t.talk_id,
            title: t.title.clone(),
            format: t.format_name.clone(),
            minutes: t.minutes,
            confirmed: t.state == crate::talks::domain::TalkState::Confirmed,
            speakers: work
                .speakers_of(t.talk_id)
                .map(|s| s.display_name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            placed: work
                .slots
                .iter()
                .find(|s| s.talk_id == Some(t.talk_id))
                .map(placement),
        })
        .collect();
    let breaks = work
        .slots
        .iter()
        .filter(|s| s.talk_id.is_none())
        .map(|s| EditorBreak {
            kind: s.kind,
            title: s.title.clone(),
            when: format!("{} – {}", day_time(s.starts_at, zone), hm(s.ends_at, zone)),
            placement: placement(s),
        })
        .collect();
    let sessions = work
        .live_slots()
        .map(|s| {
            let talk = work.talk(s.talk_id);
            let mut session = grid_session(
                SessionFacts {
                    slot_id: s.slot_id,
                    kind: s.kind,
                    talk_id: s.talk_id,
                    title: work.title_of(s),
                    room_id: s.room_id,
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    speakers: s
                        .talk_id
                        .map(|t| {
                            work.speakers_of(t)
                                .map(|p| p.display_name.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    track: talk
                        .and_then(|t| t.track_id)
                        .and_then(|id| tracks.iter().find(|k| k.track_id == id).cloned()),
                    format: talk.map(|t| t.format_name.clone()).unwrap_or_default(),
                    version: s.version,
                    rooms: &work.rooms,
                },
                zone,
            );
            session.conflict = notes
                .iter()
                .find(|(slots, _)| slots.contains(&s.slot_id))
                .map(|(_, n)| n.message.clone());
            session
        })
        .collect();
    let pending = changes(&published_states(&published), &work.next_sessions())
        .iter()
        .map(|c| change_text(c, zone))
        .collect();
    let event = &work.event;
    Ok(EditorView {
        event_slug: event.slug.clone(),
        event_title: event.title.clone(),
        time_zone: event.time_zone.name().to_owned(),
        event_when: time::describe_range(event.starts_at, event.ends_at, zone),
        day_options: days(event.starts_at, event.ends_at, zone)
            .into_iter()
            .map(|d| (d.to_string(), day_label(d, false)))
            .collect(),
        default_start: hm(event.starts_at, zone),
        rooms: room_views(&work.rooms),
        rooms_text: work
            .rooms
            .iter()
            .map(|r| match r.capacity {
                Some(c) => format!("{}, {c}\n", r.name),
                None => format!("{}\n", r.name),
            })
            .collect(),
        tracks,
        talks,
        breaks,
        days: grid_days(event, zone, sessions),
        conflicts: notes.into_iter().map(|(_, n)| n).collect(),
        version,
        pending,
    })
}
