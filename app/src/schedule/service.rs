//! Schedule use cases (server only): the editor, placing and moving sessions with a check
//! that nobody changed them meanwhile, publishing versions (change list, speaker mails), and
//! the published schedule for pages and feeds.

use super::{
    api::{
        ConflictNote, EditorBreak, EditorTalk, EditorView, GridSession, Placement, RoomView,
        ScheduleDay, ScheduleView, TrackColour, VersionChanges,
    },
    domain::{
        changes, conflicts, days, parse_colour, parse_rooms, slot_times, text_on, Change,
        ChangeKind, Conflict, Placed, SessionState, SlotKind,
    },
    queries::{self, EventRow, NewChange, NewSlot, Publish, SessionRow, SlotRow, SpeakerRow},
};
use crate::{
    accounts::api::CurrentUser,
    calendar::feed::{FeedEvent, FeedStatus},
    db::{self, is_unique_violation, Db, Tx},
    error::{AppError, AppResult},
    events::time,
    groups::domain::text,
    mail::{compose::Body, queries::NewMail, service::enqueue},
    markdown::to_plain_text,
    talks::service::organizes,
};
use chrono::{NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::Tz;
use std::collections::HashMap;

/// How many versions' change lists the public page shows.
const HISTORY: i64 = 5;

fn zone_of(event: &EventRow) -> Tz {
    event.time_zone.parse().unwrap_or(Tz::UTC)
}

fn organizers_only() -> AppError {
    AppError::Forbidden("Only the event's organizers can change its schedule.".to_owned())
}

/// The event for a change by its organizers, in the change's transaction.
async fn event_for_organizer(tx: &mut Tx, slug: &str, user: &CurrentUser) -> AppResult<EventRow> {
    let event = queries::event(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !organizes(&mut **tx, event.group_id, Some(user)).await? {
        return Err(organizers_only());
    }
    Ok(event)
}

fn local(at: i64, zone: Tz) -> chrono::DateTime<Tz> {
    time::from_unix(at).with_timezone(&zone)
}

fn hm(at: i64, zone: Tz) -> String {
    local(at, zone).format("%H:%M").to_string()
}

fn day_time(at: i64, zone: Tz) -> String {
    local(at, zone).format("%a %-d %b, %H:%M").to_string()
}

fn full_time(at: i64, zone: Tz) -> String {
    local(at, zone).format("%a %-d %b %Y, %H:%M %Z").to_string()
}

/// Where a session is, in words: "Tue 5 Mar, 10:00 in Main hall".
fn place_text(room: Option<&str>, at: i64, zone: Tz) -> String {
    match room {
        Some(room) => format!("{} in {room}", day_time(at, zone)),
        None => format!("{} in every room", day_time(at, zone)),
    }
}

fn change_text(change: &Change, zone: Tz) -> String {
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
struct Working {
    event: EventRow,
    zone: Tz,
    rooms: Vec<queries::RoomRow>,
    talks: Vec<queries::TalkRow>,
    speakers: Vec<SpeakerRow>,
    slots: Vec<SlotRow>,
}

impl Working {
    async fn load(conn: &mut sqlx::AnyConnection, event: EventRow) -> AppResult<Self> {
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

    fn talk(&self, talk_id: Option<i64>) -> Option<&queries::TalkRow> {
        talk_id.and_then(|id| self.talks.iter().find(|t| t.talk_id == id))
    }

    fn room_name(&self, room_id: Option<i64>) -> Option<String> {
        room_id.and_then(|id| {
            self.rooms
                .iter()
                .find(|r| r.room_id == id)
                .map(|r| r.name.clone())
        })
    }

    fn speakers_of(&self, talk_id: i64) -> impl Iterator<Item = &SpeakerRow> {
        self.speakers.iter().filter(move |s| s.talk_id == talk_id)
    }

    /// The slots that count: talks still accepted or confirmed, breaks and blockers.
    fn live_slots(&self) -> impl Iterator<Item = &SlotRow> {
        self.slots.iter().filter(|s| {
            SlotKind::from_db(&s.kind) != SlotKind::Talk || self.talk(s.talk_id).is_some()
        })
    }

    fn title_of(&self, slot: &SlotRow) -> String {
        match self.talk(slot.talk_id) {
            Some(talk) => talk.title.clone(),
            None => slot.title.clone(),
        }
    }

    fn conflicts(&self) -> Vec<Conflict> {
        let placed: Vec<Placed> = self
            .live_slots()
            .map(|s| Placed {
                slot_id: s.slot_id,
                kind: SlotKind::from_db(&s.kind),
                room_id: s.room_id,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                speakers: s
                    .talk_id
                    .map(|t| self.speakers_of(t).map(|p| p.account_id).collect())
                    .unwrap_or_default(),
                confirmed: self.talk(s.talk_id).is_some_and(|t| t.state == "confirmed"),
            })
            .collect();
        conflicts(&placed, self.event.starts_at, self.event.ends_at)
    }

    fn describe(&self, conflict: &Conflict) -> ConflictNote {
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
    fn next_sessions(&self) -> Vec<SessionState> {
        self.live_slots()
            .filter(|s| SlotKind::from_db(&s.kind) != SlotKind::Blocker)
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
fn session_key(slot: &SlotRow) -> String {
    match slot.talk_id {
        Some(talk) => format!("talk-{talk}"),
        None => format!("slot-{}", slot.slot_id),
    }
}

fn published_states(rows: &[SessionRow]) -> Vec<SessionState> {
    rows.iter()
        .filter(|r| r.cancelled == 0)
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
fn grid_days(event: &EventRow, zone: Tz, sessions: Vec<GridSession>) -> Vec<ScheduleDay> {
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

struct SessionFacts<'a> {
    slot_id: i64,
    kind: SlotKind,
    talk_id: Option<i64>,
    title: String,
    room_id: Option<i64>,
    starts_at: i64,
    ends_at: i64,
    speakers: Vec<String>,
    track: Option<TrackColour>,
    format: String,
    version: i64,
    rooms: &'a [queries::RoomRow],
}

fn grid_session(facts: SessionFacts<'_>, zone: Tz) -> GridSession {
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

fn track_colours(rows: Vec<queries::TrackRow>) -> Vec<TrackColour> {
    rows.into_iter()
        .map(|t| TrackColour {
            text: text_on(&t.colour).to_owned(),
            track_id: t.track_id,
            name: t.name,
            colour: t.colour,
        })
        .collect()
}

fn room_views(rooms: &[queries::RoomRow]) -> Vec<RoomView> {
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
            confirmed: t.state == "confirmed",
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
            kind: SlotKind::from_db(&s.kind),
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
                    kind: SlotKind::from_db(&s.kind),
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
        time_zone: event.time_zone.clone(),
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

/// Replaces the rooms; a room that still has sessions cannot go.
pub async fn save_rooms(db: &Db, user: &CurrentUser, slug: &str, raw: &str) -> AppResult<()> {
    let lines = parse_rooms("rooms", raw)?;
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let existing = queries::rooms(&mut *tx, event.event_id).await?;
    for old in &existing {
        if lines.iter().any(|l| l.name.eq_ignore_ascii_case(&old.name)) {
            continue;
        }
        if queries::slots_in_room(&mut tx, old.room_id).await? > 0 {
            return Err(AppError::invalid(
                "rooms",
                format!(
                    "“{}” still has sessions in the schedule. Move them to another room first.",
                    old.name
                ),
            ));
        }
        queries::delete_room(&mut tx, old.room_id).await?;
    }
    for (position, line) in lines.iter().enumerate() {
        let position = position as i64;
        match existing
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&line.name))
        {
            Some(old) => {
                queries::update_room(&mut tx, old.room_id, position, &line.name, line.capacity)
                    .await?
            }
            None => {
                queries::insert_room(&mut tx, event.event_id, position, &line.name, line.capacity)
                    .await?
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn save_colour(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    track_id: i64,
    raw: &str,
) -> AppResult<()> {
    let colour = parse_colour("colour", raw)?;
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    if !queries::set_colour(&mut tx, event.event_id, track_id, &colour).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Where a session goes, as typed: a room id (empty: every room), day, start and minutes.
pub struct SlotInput {
    pub room: String,
    pub day: String,
    pub start: String,
    pub minutes: String,
}

/// Checks a placement against the event: one of its rooms, a start within it.
fn checked_slot(
    event: &EventRow,
    rooms: &[queries::RoomRow],
    input: &SlotInput,
    every_room_allowed: bool,
) -> AppResult<(Option<i64>, i64, i64)> {
    let zone = zone_of(event);
    let room = match input.room.trim() {
        "" | "all" if every_room_allowed => Ok(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|id| rooms.iter().any(|r| r.room_id == *id))
            .map(Some)
            .ok_or_else(|| AppError::invalid("room", "Choose one of this event's rooms.")),
    };
    let times = slot_times(&input.day, &input.start, &input.minutes, zone);
    let (room, (starts_at, ends_at)) = match (room, times) {
        (Ok(r), Ok(t)) => (r, t),
        (r, t) => {
            return Err(
                AppError::merge([r.err(), t.err()].into_iter().flatten().collect())
                    .unwrap_or(AppError::BadRequest),
            )
        }
    };
    if starts_at < event.starts_at || starts_at >= event.ends_at {
        return Err(AppError::invalid(
            "start",
            format!(
                "Choose a start during the event ({} to {}).",
                day_time(event.starts_at, zone),
                day_time(event.ends_at, zone)
            ),
        ));
    }
    Ok((room, starts_at, ends_at))
}

fn changed_meanwhile(current: Option<&SlotRow>, rooms: &[queries::RoomRow], zone: Tz) -> AppError {
    let now = match current {
        Some(slot) => {
            let room = slot
                .room_id
                .and_then(|id| rooms.iter().find(|r| r.room_id == id))
                .map(|r| r.name.as_str());
            format!("it is now at {}", place_text(room, slot.starts_at, zone))
        }
        None => "it is no longer in the schedule".to_owned(),
    };
    AppError::conflict(
        "",
        format!(
            "Someone else changed this session while you were editing ({now}). \
             Nothing was saved: reload the page to see the latest schedule."
        ),
    )
}

/// Places a talk or moves it. Returns its slot and new version.
pub async fn place_talk(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
    version: i64,
    input: &SlotInput,
) -> AppResult<(i64, i64)> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let talk = queries::schedulable_talk(&mut *tx, event.event_id, talk_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "talk",
                "Only accepted or confirmed talks of this event can be scheduled.",
            )
        })?;
    let rooms = queries::rooms(&mut *tx, event.event_id).await?;
    let input = SlotInput {
        minutes: match input.minutes.trim() {
            "" => talk.minutes.to_string(),
            m => m.to_owned(),
        },
        room: input.room.clone(),
        day: input.day.clone(),
        start: input.start.clone(),
    };
    let (room, starts_at, ends_at) = checked_slot(&event, &rooms, &input, false)?;
    let current = queries::slot_of_talk(&mut tx, talk_id).await?;
    let now = db::now();
    let placed = match &current {
        Some(slot) if slot.version == version => {
            if !queries::move_slot(
                &mut tx,
                slot.slot_id,
                version,
                room,
                starts_at,
                ends_at,
                now,
            )
            .await?
            {
                return Err(changed_meanwhile(Some(slot), &rooms, zone_of(&event)));
            }
            (slot.slot_id, version + 1)
        }
        None if version == 0 => {
            let new = NewSlot {
                event_id: event.event_id,
                kind: SlotKind::Talk.as_str(),
                talk_id: Some(talk_id),
                title: "",
                room_id: room,
                starts_at,
                ends_at,
            };
            match queries::insert_slot(&mut tx, &new, now).await {
                Ok(id) => (id, 1),
                Err(error) if is_unique_violation(&error, "talk") => {
                    return Err(changed_meanwhile(None, &rooms, zone_of(&event)))
                }
                Err(error) => return Err(error.into()),
            }
        }
        other => return Err(changed_meanwhile(other.as_ref(), &rooms, zone_of(&event))),
    };
    tx.commit().await?;
    Ok(placed)
}

/// Takes a talk out of the working schedule.
pub async fn unplace_talk(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
    version: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let rooms = queries::rooms(&mut *tx, event.event_id).await?;
    let current = queries::slot_of_talk(&mut tx, talk_id)
        .await?
        .filter(|s| s.event_id == event.event_id);
    match &current {
        Some(slot) if queries::delete_slot(&mut tx, slot.slot_id, version).await? => {}
        other => return Err(changed_meanwhile(other.as_ref(), &rooms, zone_of(&event))),
    }
    tx.commit().await?;
    Ok(())
}

/// Adds a break (public) or a blocker (internal). Returns its slot.
pub async fn add_break(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    kind: &str,
    title: &str,
    input: &SlotInput,
) -> AppResult<i64> {
    let kind = match kind {
        "break" => SlotKind::Break,
        "blocker" => SlotKind::Blocker,
        _ => return Err(AppError::invalid("kind", "Choose a break or a blocker.")),
    };
    let title = text("title", title, "name for it", 1, 80, false);
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let rooms = queries::rooms(&mut *tx, event.event_id).await?;
    let slot = checked_slot(&event, &rooms, input, true);
    let (title, (room, starts_at, ends_at)) = match (title, slot) {
        (Ok(t), Ok(s)) => (t, s),
        (t, s) => {
            return Err(
                AppError::merge([t.err(), s.err()].into_iter().flatten().collect())
                    .unwrap_or(AppError::BadRequest),
            )
        }
    };
    let new = NewSlot {
        event_id: event.event_id,
        kind: kind.as_str(),
        talk_id: None,
        title: &title,
        room_id: room,
        starts_at,
        ends_at,
    };
    let id = queries::insert_slot(&mut tx, &new, db::now()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_break(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    slot_id: i64,
    version: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let rooms = queries::rooms(&mut *tx, event.event_id).await?;
    let current = queries::slot(&mut tx, event.event_id, slot_id)
        .await?
        .filter(|s| s.talk_id.is_none());
    match &current {
        Some(slot) if queries::delete_slot(&mut tx, slot.slot_id, version).await? => {}
        other => return Err(changed_meanwhile(other.as_ref(), &rooms, zone_of(&event))),
    }
    tx.commit().await?;
    Ok(())
}

/// Publishes the working schedule as the next version: refused with hard conflicts or when
/// nothing changed. Writes the change list, updates the published sessions (moved ones get a
/// new SEQUENCE, removed ones stay as cancelled) and mails each speaker whose session was
/// added, moved or removed, with the session as an `.ics`. Returns the version's number.
pub async fn publish(db: &Db, user: &CurrentUser, slug: &str, site: &str) -> AppResult<i64> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let published = queries::sessions(&mut *tx, event.event_id).await?;
    let latest = queries::latest_version(&mut *tx, event.event_id).await?;
    let work = Working::load(&mut tx, event).await?;
    let hard: Vec<String> = work
        .conflicts()
        .iter()
        .filter(|c| c.is_hard())
        .map(|c| work.describe(c).message)
        .collect();
    if !hard.is_empty() {
        return Err(AppError::conflict(
            "",
            format!(
                "Solve these conflicts before publishing: {}",
                hard.join(" ")
            ),
        ));
    }
    let next = work.next_sessions();
    let list = changes(&published_states(&published), &next);
    match latest {
        _ if next.is_empty() && published.is_empty() => {
            return Err(AppError::conflict(
                "",
                "Place at least one session before publishing.",
            ))
        }
        Some((number, _)) if list.is_empty() => {
            return Err(AppError::conflict(
                "",
                format!("Nothing changed since version {number}."),
            ))
        }
        _ => {}
    }
    let number = latest.map_or(1, |(n, _)| n + 1);
    let now = db::now();
    let event = &work.event;
    let version_id = match queries::insert_version(
        &mut tx,
        event.event_id,
        number,
        user.account_id,
        now,
    )
    .await
    {
        Ok(id) => id,
        Err(error)
            if is_unique_violation(&error, "number")
                || is_unique_violation(&error, "schedule_version") =>
        {
            return Err(AppError::conflict(
                "",
                "Someone else published the schedule at the same moment. Reload to see it.",
            ))
        }
        Err(error) => return Err(error.into()),
    };
    for (position, change) in list.iter().enumerate() {
        let before = change.before.as_ref();
        let after = change.after.as_ref();
        queries::insert_change(
            &mut tx,
            version_id,
            position as i64,
            &NewChange {
                change: change.kind.as_str(),
                title: &change.title,
                before_room: before.and_then(|(r, _)| r.as_deref()),
                before_starts_at: before.map(|(_, t)| *t),
                after_room: after.and_then(|(r, _)| r.as_deref()),
                after_starts_at: after.map(|(_, t)| *t),
            },
        )
        .await?;
    }
    for slot in work
        .live_slots()
        .filter(|s| SlotKind::from_db(&s.kind) != SlotKind::Blocker)
    {
        let key = session_key(slot);
        let title = work.title_of(slot);
        let room_name = work.room_name(slot.room_id);
        let session = Publish {
            event_id: event.event_id,
            key: &key,
            kind: if slot.talk_id.is_some() {
                "talk"
            } else {
                "break"
            },
            talk_id: slot.talk_id,
            title: &title,
            room_id: slot.room_id,
            room_name: room_name.as_deref(),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
        };
        let changed = list.iter().any(|c| c.key == key);
        queries::publish_session(&mut tx, &session, changed, now).await?;
    }
    for removed in list.iter().filter(|c| c.kind == ChangeKind::Removed) {
        queries::cancel_session(&mut tx, event.event_id, &removed.key, now).await?;
    }
    mail_speakers(&mut tx, &work, &list, site).await?;
    tx.commit().await?;
    Ok(number)
}

/// Mails every speaker of an added, moved or removed talk its slot, with the session's
/// calendar entry (the schedule feed's UID and SEQUENCE, so calendars update it).
async fn mail_speakers(tx: &mut Tx, work: &Working, list: &[Change], site: &str) -> AppResult<()> {
    let event = &work.event;
    let zone = work.zone;
    let sessions = queries::sessions(&mut **tx, event.event_id).await?;
    let schedule_url = format!("{site}/e/{}/schedule", event.slug);
    for change in list {
        let Some(talk_id) = change
            .key
            .strip_prefix("talk-")
            .and_then(|t| t.parse::<i64>().ok())
        else {
            continue;
        };
        let Some(row) = sessions.iter().find(|s| s.session_key == change.key) else {
            continue;
        };
        let speakers: Vec<&SpeakerRow> = work.speakers_of(talk_id).collect();
        let names: Vec<String> = speakers.iter().map(|s| s.display_name.clone()).collect();
        let entry = session_feed_event(row, &names, event, site);
        let ics = crate::calendar::feed::render(
            &crate::calendar::feed::FeedInfo {
                name: event.title.clone(),
                description: format!("{} · {}", event.title, event.group_name),
            },
            &[entry],
        );
        let when = format!(
            "{} – {}",
            full_time(row.starts_at, zone),
            hm(row.ends_at, zone)
        );
        let room = row
            .room_name
            .clone()
            .unwrap_or_else(|| "Every room".to_owned());
        let (subject, lead) = match change.kind {
            ChangeKind::Added => (
                format!("Your talk is scheduled: {}", change.title),
                format!(
                    "Your talk “{}” at {} is in the schedule.",
                    change.title, event.title
                ),
            ),
            ChangeKind::Moved => (
                format!("Your talk has moved: {}", change.title),
                format!(
                    "Your talk “{}” at {} has a new slot (it was {}).",
                    change.title,
                    event.title,
                    change
                        .before
                        .as_ref()
                        .map(|(r, t)| place_text(r.as_deref(), *t, zone))
                        .unwrap_or_default()
                ),
            ),
            ChangeKind::Removed => (
                format!("Your talk is no longer in the schedule: {}", change.title),
                format!(
                    "Your talk “{}” was taken out of the schedule of {}. The organizers will be in touch.",
                    change.title, event.title
                ),
            ),
        };
        for speaker in speakers {
            let mut body = Body::new(&speaker.display_name);
            body.paragraph(&lead);
            if change.kind != ChangeKind::Removed {
                body.facts(&[("When", when.clone()), ("Room", room.clone())]);
            }
            body.action("See the schedule", &schedule_url);
            let (body_text, body_html) = body.finish(&format!(
                "You get this because you speak at {} on Hallway.",
                event.title
            ));
            let mail = NewMail {
                kind: "schedule_slot",
                to_address: speaker.email.clone(),
                to_name: speaker.display_name.clone(),
                subject: subject.clone(),
                body_text,
                body_html,
                ics: Some(ics.clone()),
                ics_method: None,
                group_id: Some(event.group_id),
                event_id: Some(event.event_id),
                ..NewMail::default()
            };
            enqueue(tx, &mail, site).await?;
        }
    }
    Ok(())
}

/// The stable UID of a session: its event and key.
pub fn session_uid(event_id: i64, key: &str) -> String {
    format!("session-{event_id}-{key}@hallway")
}

/// A published session as a calendar entry.
fn session_feed_event(
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
        status: if row.cancelled != 0 || event.status == "cancelled" {
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
    if event.status == "draft" && !organizer {
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
    let live_rows: Vec<&SessionRow> = p.sessions.iter().filter(|s| s.cancelled == 0).collect();
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
                    kind: SlotKind::from_db(&s.kind),
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
            kind: ChangeKind::from_db(&row.change),
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
        time_zone: p.event.time_zone.clone(),
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
                event_id: 0,
                group_id: 0,
                slug: row.event_slug.clone(),
                title: row.event_title.clone(),
                time_zone: String::new(),
                status: row.event_status.clone(),
                starts_at: 0,
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
    if event.status == "draft" {
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
