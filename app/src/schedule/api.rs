//! Schedule server functions: the organizers' editor (rooms, colours, placing talks, breaks,
//! publishing) and the public schedule.

use super::domain::SlotKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{public_url, redirect},
    },
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub room_id: i64,
    pub name: String,
    pub capacity: Option<i64>,
}

/// A track with its colour and the text colour that reads on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackColour {
    pub track_id: i64,
    pub name: String,
    pub colour: String,
    pub text: String,
}

/// A session placed in a day's grid (editor and public page alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridSession {
    /// The working slot (editor) or 0 (public page).
    pub slot_id: i64,
    pub kind: SlotKind,
    pub talk_id: Option<i64>,
    pub title: String,
    /// Position of its room in the event's rooms; `None`: every room.
    pub room_index: Option<usize>,
    pub room_id: Option<i64>,
    pub room_name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// "10:00" and "10:30" in the event's zone.
    pub start_text: String,
    pub end_text: String,
    /// Minutes since the day's midnight in the event's zone.
    pub start_minute: i64,
    pub minutes: i64,
    /// The event zone's offset from UTC at the start, in minutes (for the viewer's time).
    pub offset_minutes: i32,
    pub speakers: Vec<String>,
    pub track: Option<TrackColour>,
    pub format: String,
    /// Editor: the version a change must name.
    pub version: i64,
    /// Public page during the event: running now / next up.
    pub now: bool,
    pub next: bool,
    /// Editor: it is part of a conflict (hard ones first).
    pub conflict: Option<String>,
}

/// One day of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleDay {
    /// `2030-03-05`
    pub date: String,
    /// "Tuesday 5 March"
    pub label: String,
    /// The rows the grid shows, in minutes since midnight (multiples of 30).
    pub first_minute: i64,
    pub last_minute: i64,
    pub sessions: Vec<GridSession>,
}

/// A conflict, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictNote {
    pub hard: bool,
    pub message: String,
}

/// A talk that can be scheduled, in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorTalk {
    pub talk_id: i64,
    pub title: String,
    pub format: String,
    pub minutes: i64,
    pub confirmed: bool,
    pub speakers: String,
    /// Where it is now: (day, start, minutes, room id, version).
    pub placed: Option<Placement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub slot_id: i64,
    pub day: String,
    pub start: String,
    pub minutes: i64,
    pub room_id: Option<i64>,
    pub room_name: String,
    pub version: i64,
}

/// A break or blocker in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorBreak {
    pub kind: SlotKind,
    pub title: String,
    pub when: String,
    pub placement: Placement,
}

/// A line of a version's change list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionChanges {
    pub number: i64,
    /// "Published Sun 1 Mar 2030, 12:00 CET"; empty for changes not published yet.
    pub published_text: String,
    pub changes: Vec<String>,
}

/// The organizers' schedule editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    pub event_slug: String,
    pub event_title: String,
    pub time_zone: String,
    /// "Tue 5 Mar 2030, 09:00 – Thu 7 Mar 2030, 18:00 CET"
    pub event_when: String,
    /// (value `2030-03-05`, label "Tue 5 Mar")
    pub day_options: Vec<(String, String)>,
    /// The event's start time ("09:00"), where new placements start.
    pub default_start: String,
    pub rooms: Vec<RoomView>,
    pub rooms_text: String,
    pub tracks: Vec<TrackColour>,
    pub talks: Vec<EditorTalk>,
    pub breaks: Vec<EditorBreak>,
    pub days: Vec<ScheduleDay>,
    pub conflicts: Vec<ConflictNote>,
    /// The latest published version, if any.
    pub version: Option<i64>,
    /// What publishing now would change.
    pub pending: Vec<String>,
}

/// The public schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub event_slug: String,
    pub event_title: String,
    pub time_zone: String,
    pub version: i64,
    pub published_text: String,
    pub rooms: Vec<RoomView>,
    pub tracks: Vec<TrackColour>,
    pub days: Vec<ScheduleDay>,
    /// Change lists of the latest versions, newest first.
    pub history: Vec<VersionChanges>,
    /// The event is running: "now" and "next" are marked.
    pub live: bool,
    pub is_organizer: bool,
}

#[server(endpoint = "schedule_editor")]
pub async fn schedule_editor(event: String) -> Result<EditorView, AppError> {
    let user = auth::require().await?;
    service::editor(&app_state()?.db, &user, &event).await
}

#[server(endpoint = "public_schedule")]
pub async fn public_schedule(event: String) -> Result<ScheduleView, AppError> {
    let user = auth::current().await?;
    service::public_schedule(&app_state()?.db, &event, user.as_ref()).await
}

/// Replaces the event's rooms (one per line: name, capacity).
#[server(endpoint = "save_rooms")]
pub async fn save_rooms(event: String, #[server(default)] rooms: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::save_rooms(&app_state()?.db, &user, &event, &rooms).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=rooms-{}",
        crate::db::now()
    ));
    Ok(())
}

#[server(endpoint = "save_track_colour")]
pub async fn save_track_colour(event: String, track: i64, colour: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::save_colour(&app_state()?.db, &user, &event, track, &colour).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=colour-{track}-{}",
        crate::db::now()
    ));
    Ok(())
}

/// Places a talk (or moves it): `version` is the version of its slot the form was made
/// from (0: it was not placed), so a change someone made meanwhile is not overwritten.
#[server(endpoint = "place_talk")]
pub async fn place_talk(
    event: String,
    talk: i64,
    #[server(default)] version: i64,
    #[server(default)] room: String,
    #[server(default)] day: String,
    #[server(default)] start: String,
    #[server(default)] minutes: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let at = service::SlotInput {
        room,
        day,
        start,
        minutes,
    };
    let (slot, version) =
        service::place_talk(&app_state()?.db, &user, &event, talk, version, &at).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=placed-{slot}-{version}#talk-{talk}"
    ));
    Ok(())
}

#[server(endpoint = "unplace_talk")]
pub async fn unplace_talk(event: String, talk: i64, version: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::unplace_talk(&app_state()?.db, &user, &event, talk, version).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=removed-{talk}-{version}"
    ));
    Ok(())
}

/// Adds a break (public) or blocker (internal); `room` empty: every room.
#[server(endpoint = "add_break")]
pub async fn add_break(
    event: String,
    #[server(default)] kind: String,
    #[server(default)] title: String,
    #[server(default)] room: String,
    #[server(default)] day: String,
    #[server(default)] start: String,
    #[server(default)] minutes: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let at = service::SlotInput {
        room,
        day,
        start,
        minutes,
    };
    let slot = service::add_break(&app_state()?.db, &user, &event, &kind, &title, &at).await?;
    redirect(&format!("/e/{event}/schedule/edit?saved=break-{slot}"));
    Ok(())
}

#[server(endpoint = "remove_break")]
pub async fn remove_break(event: String, slot: i64, version: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::remove_break(&app_state()?.db, &user, &event, slot, version).await?;
    redirect(&format!("/e/{event}/schedule/edit?saved=unbreak-{slot}"));
    Ok(())
}

/// Publishes the working schedule as a new version and mails the speakers whose sessions
/// it adds, moves or removes.
#[server(endpoint = "publish_schedule")]
pub async fn publish_schedule(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let number = service::publish(&app_state()?.db, &user, &event, &public_url()?).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=published-{number}"
    ));
    Ok(())
}
