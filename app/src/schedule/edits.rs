//! Changing the working schedule (server only): rooms, track colours, placing and removing
//! talks and breaks, each checked against what changed meanwhile.

use super::service::{day_time, event_for_organizer, place_text, zone_of};
use super::{
    domain::{parse_colour, parse_rooms, slot_times, SlotKind},
    queries::{self, EventRow, NewSlot, SlotRow},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, is_unique_violation, Db},
    error::{AppError, AppResult},
    groups::domain::text,
};
use chrono_tz::Tz;

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
