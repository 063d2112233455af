//! RSVP server functions: parse, call the service, redirect.

use super::domain::RsvpStatus;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, public_url, redirect},
    },
};

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

/// The RSVP box of an event page.
#[server(endpoint = "rsvp_panel")]
pub async fn rsvp_panel(event: String) -> Result<RsvpState, AppError> {
    let viewer = auth::current().await?.map(|(user, _)| user);
    service::panel(&app_state()?.db, &event, viewer.as_ref()).await
}

/// Answers "going" (or changes plus-ones and answers); a party that does not fit waits in line.
#[server(endpoint = "rsvp_going")]
pub async fn rsvp_going(
    event: String,
    #[server(default)] plus_ones: String,
    #[server(default)] answer_1: String,
    #[server(default)] answer_2: String,
    #[server(default)] answer_3: String,
    #[server(default)] answer_4: String,
    #[server(default)] answer_5: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let answers = [answer_1, answer_2, answer_3, answer_4, answer_5];
    let status = service::going(
        &app_state()?.db,
        user.account_id,
        &event,
        &plus_ones,
        &answers,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/e/{event}?done={}", status.as_str()));
    Ok(())
}

/// Answers "not going": frees the seats and lets in whoever fits from the line.
#[server(endpoint = "rsvp_not_going")]
pub async fn rsvp_not_going(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::not_going(&app_state()?.db, user.account_id, &event, &public_url()?).await?;
    redirect(&format!("/e/{event}?done=not_going"));
    Ok(())
}

/// Everyone who answered (organizers).
#[server(endpoint = "list_attendees")]
pub async fn list_attendees(event: String) -> Result<AttendeeList, AppError> {
    let user = auth::require().await?;
    service::attendees(&app_state()?.db, &user, &event).await
}

/// Takes a person off the list (organizers); they cannot RSVP again.
#[server(endpoint = "remove_attendee")]
pub async fn remove_attendee(event: String, rsvp: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::remove(&app_state()?.db, &user, &event, rsvp, &public_url()?).await?;
    redirect(&format!("/e/{event}/attendees?done=removed"));
    Ok(())
}

/// Lets a waiting party in by hand (organizers), adding the seats it needs to the capacity.
#[server(endpoint = "promote_attendee")]
pub async fn promote_attendee(event: String, rsvp: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::promote(&app_state()?.db, &user, &event, rsvp, &public_url()?).await?;
    redirect(&format!("/e/{event}/attendees?done=promoted"));
    Ok(())
}

/// Capacity, plus-ones limit, public list and questions (organizers).
#[server(endpoint = "update_rsvp_settings")]
pub async fn update_rsvp_settings(
    event: String,
    #[server(default)] capacity: String,
    #[server(default)] max_plus_ones: String,
    #[server(default)] attendees_public: String,
    #[server(default)] reminders: String,
    #[server(default)] question_1: String,
    #[server(default)] question_2: String,
    #[server(default)] question_3: String,
    #[server(default)] question_4: String,
    #[server(default)] question_5: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let settings = service::SettingsForm {
        capacity,
        max_plus_ones,
        attendees_public: !attendees_public.is_empty(),
        reminders: !reminders.is_empty(),
        questions: [question_1, question_2, question_3, question_4, question_5],
    };
    service::update_settings(&app_state()?.db, &user, &event, &settings, &public_url()?).await?;
    redirect(&format!("/e/{event}/attendees?done=saved"));
    Ok(())
}

/// The door list: people going whose name matches `q` (organizers).
#[server(endpoint = "check_in_list")]
pub async fn check_in_list(
    event: String,
    #[server(default)] q: String,
    #[server(default)] last: String,
) -> Result<DoorList, AppError> {
    let user = auth::require().await?;
    service::door(&app_state()?.db, &user, &event, &q, &last).await
}

/// Checks a ticket in by its code (organizers).
#[server(endpoint = "check_in")]
pub async fn check_in(
    event: String,
    code: String,
    #[server(default)] q: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let code = service::check_in(&app_state()?.db, &user, &event, &code, true).await?;
    redirect(&service::door_url(&event, &q, &code));
    Ok(())
}

/// Undoes a check-in (organizers).
#[server(endpoint = "undo_check_in")]
pub async fn undo_check_in(
    event: String,
    code: String,
    #[server(default)] q: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let code = service::check_in(&app_state()?.db, &user, &event, &code, false).await?;
    redirect(&service::door_url(&event, &q, &code));
    Ok(())
}

/// The signed-in person's events.
#[server(endpoint = "my_events")]
pub async fn my_events() -> Result<MyEventsView, AppError> {
    let user = auth::require().await?;
    service::my_events(&app_state()?.db, &user).await
}

/// The signed-in person's ticket for an event.
#[server(endpoint = "get_ticket")]
pub async fn get_ticket(event: String) -> Result<Ticket, AppError> {
    let user = auth::require().await?;
    service::ticket(&app_state()?.db, &user, &event, &origin()?).await
}
