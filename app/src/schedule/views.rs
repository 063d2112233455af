//! The data the schedule pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::SlotKind;
use serde::{Deserialize, Serialize};

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
