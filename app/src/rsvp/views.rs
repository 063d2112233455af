//! The data the rsvp pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::RsvpStatus;
use serde::{Deserialize, Serialize};

/// Whether an event takes RSVPs now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RsvpWindow {
    Open,
    /// Opens later (the opening time, as text in the event's zone).
    NotYet(String),
    Closed,
    NotPublished,
    Cancelled,
    Over,
}

/// One of the event's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// 1..=5, the form field is `answer_{position}`.
    pub position: i64,
    pub prompt: String,
}

/// The viewer's own RSVP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRsvp {
    pub status: RsvpStatus,
    pub plus_ones: i64,
    /// Place in line while waitlisted (1 = next).
    pub position: Option<i64>,
    /// Answers by question position.
    pub answers: Vec<(i64, String)>,
    /// The account has not confirmed its address: the seat is held for a day only.
    #[serde(default)]
    pub held: bool,
}

/// The RSVP box on an event page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpState {
    pub event: String,
    pub signed_in: bool,
    pub window: RsvpWindow,
    pub mine: Option<MyRsvp>,
    pub max_plus_ones: i64,
    pub questions: Vec<Question>,
    pub capacity: Option<i64>,
    /// People going and their plus-ones.
    pub taken: i64,
    /// Parties waiting.
    pub waitlist: i64,
    /// Names (and plus-ones) of people going, when the organizers made the list public.
    pub attendees: Option<Vec<(String, i64)>>,
    /// The online link, for people going (and organizers).
    pub online_url: Option<String>,
}

/// A person on the organizers' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub rsvp_id: i64,
    pub name: String,
    pub email: String,
    pub status: RsvpStatus,
    pub plus_ones: i64,
    pub position: Option<i64>,
    /// Answers in question order ("" when not answered).
    pub answers: Vec<String>,
    /// When they last answered, in the event's zone.
    pub answered: String,
    pub checked_in: bool,
}

/// The organizers' attendee page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeList {
    pub event: String,
    pub title: String,
    pub capacity: Option<i64>,
    pub taken: i64,
    pub waitlist: i64,
    pub checked_in: i64,
    pub max_plus_ones: i64,
    pub attendees_public: bool,
    /// Everyone going gets a reminder mail a day before.
    pub reminders: bool,
    /// Prompts by position 1..=5 ("" for none).
    pub questions: Vec<String>,
    pub people: Vec<Attendee>,
    /// Guests named on sponsors' passes: (name, partner). Their seats count in `taken`.
    pub sponsor_guests: Vec<(String, String)>,
}

/// A person at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorEntry {
    pub name: String,
    pub plus_ones: i64,
    pub code: String,
    pub checked_in: bool,
}

/// The check-in page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorList {
    pub event: String,
    pub title: String,
    /// People checked in (with plus-ones) / people going (with plus-ones).
    pub checked_in: i64,
    pub going: i64,
    pub matches: Vec<DoorEntry>,
    /// The person just checked in (or out), by code.
    pub last: Option<DoorEntry>,
}

/// An event on "My events".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvent {
    pub slug: String,
    pub title: String,
    pub group_name: String,
    pub when: String,
    pub cancelled: bool,
    pub status: RsvpStatus,
    pub plus_ones: i64,
    pub position: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEventsView {
    pub upcoming: Vec<MyEvent>,
    pub past: Vec<MyEvent>,
}

/// A personal ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub event: String,
    pub title: String,
    pub when: String,
    pub place: Option<String>,
    pub name: String,
    pub status: RsvpStatus,
    pub plus_ones: i64,
    pub position: Option<i64>,
    /// `ABCDE-FGHJK`, only while going.
    pub code: Option<String>,
    /// The code as a QR code (SVG markup made on the server), only while going.
    pub qr_svg: Option<String>,
    pub checked_in: bool,
}

/// What a party says when it RSVPs: its plus-ones and its answers to the organizers'
/// questions, as typed. The RSVP server functions take it whole (`#[server(flatten)]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyForm {
    pub plus_ones: String,
    pub answer_1: String,
    pub answer_2: String,
    pub answer_3: String,
    pub answer_4: String,
    pub answer_5: String,
}

impl PartyForm {
    /// The answers, in the questions' order.
    pub fn answers(self) -> [String; 5] {
        [
            self.answer_1,
            self.answer_2,
            self.answer_3,
            self.answer_4,
            self.answer_5,
        ]
    }
}
