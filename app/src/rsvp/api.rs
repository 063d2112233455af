//! RSVP server functions: parse, call the service, redirect.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{door, service},
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, public_url, redirect},
    },
};

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
    #[server(flatten)] party: PartyForm,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let plus_ones = party.plus_ones.clone();
    let status = service::going(
        &app_state()?.db,
        user.account_id,
        &event,
        &plus_ones,
        &party.answers(),
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
    let passed_on =
        service::not_going(&app_state()?.db, user.account_id, &event, &public_url()?).await?;
    redirect(&format!(
        "/e/{event}?done={}",
        crate::rsvp::domain::not_going_done(passed_on)
    ));
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
    door::door(&app_state()?.db, &user, &event, &q, &last).await
}

/// Checks a ticket in by its code (organizers).
#[server(endpoint = "check_in")]
pub async fn check_in(
    event: String,
    code: String,
    #[server(default)] q: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let code = door::check_in(&app_state()?.db, &user, &event, &code, true).await?;
    redirect(&door::door_url(&event, &q, &code));
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
    let code = door::check_in(&app_state()?.db, &user, &event, &code, false).await?;
    redirect(&door::door_url(&event, &q, &code));
    Ok(())
}

/// The signed-in person's events.
#[server(endpoint = "my_events")]
pub async fn my_events() -> Result<MyEventsView, AppError> {
    let user = auth::require().await?;
    door::my_events(&app_state()?.db, &user).await
}

/// The signed-in person's ticket for an event.
#[server(endpoint = "get_ticket")]
pub async fn get_ticket(event: String) -> Result<Ticket, AppError> {
    let user = auth::require().await?;
    door::ticket(&app_state()?.db, &user, &event, &origin()?).await
}
