//! The data the events pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::{EventFormat, EventStatus};
use crate::{calendar::CalendarLinks, rsvp::api::RsvpState};
use serde::{Deserialize, Serialize};

/// An event in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub slug: String,
    pub title: String,
    pub format: EventFormat,
    pub status: EventStatus,
    /// Date and time in the event's zone, as text.
    pub when: String,
    pub starts_at: i64,
    pub place: Option<String>,
    pub group_slug: String,
    pub group_name: String,
    pub cover: Cover,
}

/// An event's face: its own image, or a cover drawn in its group's colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// `/e/{slug}/cover?v=…` when the organizers uploaded an image.
    pub image_url: Option<String>,
    /// The group's colour (`#rrggbb`) and the text colour that reads on it.
    pub colour: String,
    pub ink: String,
    /// The start's month ("Mar") and day ("5") in the event's zone, for the date tile.
    pub month: String,
    pub day: String,
}

/// A page of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub events: Vec<EventSummary>,
    pub page: u32,
    pub has_more: bool,
}

/// A link to another event of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLink {
    pub slug: String,
    pub title: String,
}

/// The values of the event form, as typed (local times in the event's zone). The event
/// server functions take it whole (`#[server(flatten)]`), so the form posts these names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFormValues {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub format: String,
    pub time_zone: String,
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub venue_name: String,
    #[serde(default)]
    pub venue_address: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub rsvp_opens: String,
    #[serde(default)]
    pub rsvp_closes: String,
}

/// An event's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub slug: String,
    pub title: String,
    pub format: EventFormat,
    pub status: EventStatus,
    pub cancel_reason: Option<String>,
    pub group_slug: String,
    pub group_name: String,
    pub organizers: Vec<String>,
    pub time_zone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Date and time in the event's zone, with the zone's abbreviation and UTC offset.
    pub when: String,
    /// RFC 3339 with the event's offset, for `<time>` and structured data.
    pub start_iso: String,
    pub end_iso: String,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    /// An OpenStreetMap search for the venue (a link; the server calls nobody).
    pub map_url: Option<String>,
    /// Shown to organizers (and, once RSVPs exist, to people going).
    pub online_url: Option<String>,
    pub is_online: bool,
    pub capacity: Option<i64>,
    pub description_html: String,
    pub blurb: String,
    pub previous: Option<EventLink>,
    pub next: Option<EventLink>,
    /// Bumped on every change of time, place or status (calendar SEQUENCE).
    pub revision: i64,
    pub created_at: i64,
    /// The last change of any kind (calendar LAST-MODIFIED).
    pub updated_at: i64,
    /// Organizer-only: the values for the edit form.
    pub form: Option<EventFormValues>,
    /// The RSVP box: seats, the waitlist and the viewer's own RSVP.
    pub rsvp: RsvpState,
    /// "Add to calendar" and "subscribe" links.
    pub calendar: CalendarLinks,
    /// The call for papers and the lineup, as far as they show on the event page.
    pub talks: crate::talks::api::TalksSummary,
    pub cover: Cover,
}

/// What the new-event form starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDefaults {
    pub group_slug: String,
    pub group_name: String,
    pub time_zone: String,
}

/// Who an announcement of an event would reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceView {
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub going: i64,
    /// Of those going, how many turned announcements off.
    pub going_off: i64,
    pub waitlisted: i64,
    pub waitlisted_off: i64,
    /// Announcements this event may still send today.
    pub left_today: i64,
}
