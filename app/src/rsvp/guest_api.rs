//! Server functions for RSVPs without an account and for personal manage links.

use super::views::{PartyForm, RsvpWindow, Ticket};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::guest,
    crate::{
        accounts::domain::{collect, DisplayName, Email},
        state::app_state,
        web::{origin, public_url, redirect},
    },
};

/// An RSVP waiting for the click in its mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestPending {
    pub event_title: String,
    pub name: String,
    pub email: String,
}

/// What a personal manage link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedRsvpView {
    pub ticket: Ticket,
    pub max_plus_ones: i64,
    pub window: RsvpWindow,
    pub email: String,
}

/// RSVPs with a name and address; a mailed link makes it real.
#[server(endpoint = "rsvp_as_guest")]
pub async fn rsvp_as_guest(
    event: String,
    display_name: String,
    email: String,
    #[server(flatten)] party: PartyForm,
) -> Result<(), AppError> {
    let (name, email, ()) = collect(
        DisplayName::parse("display_name", &display_name),
        Email::parse("email", &email),
        Ok(()),
    )?;
    let plus_ones = party.plus_ones.clone();
    let answers = party.answers();
    guest::request(
        &app_state()?.db,
        &event,
        name,
        email,
        &plus_ones,
        &answers,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/e/{event}?done=check_mail"));
    Ok(())
}

/// The RSVP a confirmation link would confirm (None when the link no longer works).
#[server(endpoint = "check_guest_rsvp")]
pub async fn check_guest_rsvp(token: String) -> Result<Option<GuestPending>, AppError> {
    Ok(guest::pending(&app_state()?.db, &token)
        .await?
        .map(|(event_title, name, email)| GuestPending {
            event_title,
            name,
            email,
        }))
}

/// Confirms a guest RSVP from its mailed link and opens its manage page.
#[server(endpoint = "confirm_guest_rsvp")]
pub async fn confirm_guest_rsvp(token: String) -> Result<(), AppError> {
    let manage = guest::confirm(&app_state()?.db, &token, &public_url()?).await?;
    redirect(&format!("/rsvp/{manage}?done=confirmed"));
    Ok(())
}

/// The RSVP behind a personal manage link.
#[server(endpoint = "managed_rsvp")]
pub async fn managed_rsvp(token: String) -> Result<ManagedRsvpView, AppError> {
    let (ticket, max_plus_ones, window, email) =
        guest::manage(&app_state()?.db, &token, &origin()?).await?;
    Ok(ManagedRsvpView {
        ticket,
        max_plus_ones,
        window,
        email,
    })
}

/// Going (again, or with other plus-ones) from a manage link.
#[server(endpoint = "manage_rsvp_going")]
pub async fn manage_rsvp_going(
    token: String,
    #[server(default)] plus_ones: String,
) -> Result<(), AppError> {
    let status = guest::manage_going(&app_state()?.db, &token, &plus_ones, &public_url()?).await?;
    redirect(&format!("/rsvp/{token}?done={}", status.as_str()));
    Ok(())
}

/// "I can't go after all" from a manage link.
#[server(endpoint = "manage_rsvp_cancel")]
pub async fn manage_rsvp_cancel(token: String) -> Result<(), AppError> {
    let passed_on = guest::manage_cancel(&app_state()?.db, &token, &public_url()?).await?;
    redirect(&format!(
        "/rsvp/{token}?done={}",
        super::domain::not_going_done(passed_on)
    ));
    Ok(())
}
