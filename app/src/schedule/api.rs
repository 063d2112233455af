//! Schedule server functions: the organizers' editor (rooms, colours, placing talks, breaks,
//! publishing) and the public schedule.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{edits, public, publish, service},
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{public_url, redirect},
    },
};

#[server(endpoint = "schedule_editor")]
pub async fn schedule_editor(event: String) -> Result<EditorView, AppError> {
    let user = auth::require().await?;
    service::editor(&app_state()?.db, &user, &event).await
}

#[server(endpoint = "public_schedule")]
pub async fn public_schedule(event: String) -> Result<ScheduleView, AppError> {
    let user = auth::current().await?;
    public::public_schedule(&app_state()?.db, &event, user.as_ref()).await
}

/// Replaces the event's rooms (one per line: name, capacity).
#[server(endpoint = "save_rooms")]
pub async fn save_rooms(event: String, #[server(default)] rooms: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    edits::save_rooms(&app_state()?.db, &user, &event, &rooms).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=rooms-{}",
        crate::db::now()
    ));
    Ok(())
}

#[server(endpoint = "save_track_colour")]
pub async fn save_track_colour(event: String, track: i64, colour: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    edits::save_colour(&app_state()?.db, &user, &event, track, &colour).await?;
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
    let at = edits::SlotInput {
        room,
        day,
        start,
        minutes,
    };
    let (slot, version) =
        edits::place_talk(&app_state()?.db, &user, &event, talk, version, &at).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=placed-{slot}-{version}#talk-{talk}"
    ));
    Ok(())
}

#[server(endpoint = "unplace_talk")]
pub async fn unplace_talk(event: String, talk: i64, version: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    edits::unplace_talk(&app_state()?.db, &user, &event, talk, version).await?;
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
    let at = edits::SlotInput {
        room,
        day,
        start,
        minutes,
    };
    let slot = edits::add_break(&app_state()?.db, &user, &event, &kind, &title, &at).await?;
    redirect(&format!("/e/{event}/schedule/edit?saved=break-{slot}"));
    Ok(())
}

#[server(endpoint = "remove_break")]
pub async fn remove_break(event: String, slot: i64, version: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    edits::remove_break(&app_state()?.db, &user, &event, slot, version).await?;
    redirect(&format!("/e/{event}/schedule/edit?saved=unbreak-{slot}"));
    Ok(())
}

/// Publishes the working schedule as a new version and mails the speakers whose sessions
/// it adds, moves or removes.
#[server(endpoint = "publish_schedule")]
pub async fn publish_schedule(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let number = publish::publish(&app_state()?.db, &user, &event, &public_url()?).await?;
    redirect(&format!(
        "/e/{event}/schedule/edit?saved=published-{number}"
    ));
    Ok(())
}
