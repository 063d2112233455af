//! Event server functions: parse, call the service, redirect.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{announcements, service},
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, redirect},
    },
};

/// An event page (drafts only for the group's organizers).
#[server(endpoint = "get_event")]
pub async fn get_event(slug: String) -> Result<EventView, AppError> {
    let viewer = auth::current().await?.map(|(user, _)| user);
    let mut view = service::event_view(&app_state()?.db, &slug, viewer.as_ref()).await?;
    view.calendar = service::calendar_links(&view, &origin()?);
    Ok(view)
}

/// Upcoming public events across all groups.
#[server(endpoint = "list_upcoming_events")]
pub async fn list_upcoming_events(page: u32) -> Result<EventPage, AppError> {
    service::upcoming(&app_state()?.db, page).await
}

/// A group's events: `listing` is `upcoming`, `past` or `drafts` (organizers).
#[server(endpoint = "list_group_events")]
pub async fn list_group_events(
    group: String,
    listing: String,
    page: u32,
) -> Result<EventPage, AppError> {
    let viewer = auth::current().await?.map(|(user, _)| user);
    service::group_events(&app_state()?.db, &group, &listing, page, viewer.as_ref()).await
}

/// The group and zone a new event starts from (organizers).
#[server(endpoint = "new_event_context")]
pub async fn new_event_context(group: String) -> Result<EventDefaults, AppError> {
    let user = auth::require().await?;
    service::new_event_context(&app_state()?.db, &user, &group).await
}

/// Creates a draft event in a group.
#[server(endpoint = "create_event")]
pub async fn create_event(
    group: String,
    #[server(default)] slug: String,
    #[server(flatten)] form: EventFormValues,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let slug = service::create_event(&app_state()?.db, &user, &group, &slug, &form).await?;
    redirect(&format!("/e/{slug}"));
    Ok(())
}

/// Changes an event; changes of time, place or status bump its revision.
#[server(endpoint = "update_event")]
pub async fn update_event(
    event: String,
    #[server(flatten)] form: EventFormValues,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let site = crate::web::public_url()?;
    service::update_event(&app_state()?.db, &user, &event, &form, &site).await?;
    redirect(&format!("/e/{event}?done=saved"));
    Ok(())
}

/// Makes a draft public.
#[server(endpoint = "publish_event")]
pub async fn publish_event(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::publish(&app_state()?.db, &user, &event).await?;
    redirect(&format!("/e/{event}?done=published"));
    Ok(())
}

/// Cancels an event; its page stays up with the reason.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(event: String, reason: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::cancel(&app_state()?.db, &user, &event, &reason).await?;
    redirect(&format!("/e/{event}?done=cancelled"));
    Ok(())
}

/// Deletes a draft.
#[server(endpoint = "delete_event")]
pub async fn delete_event(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let group = service::delete(&app_state()?.db, &user, &event).await?;
    redirect(&format!("/g/{group}"));
    Ok(())
}

/// Removes an event's own cover image; the cover drawn in the group's colour shows again.
#[server(endpoint = "remove_event_cover")]
pub async fn remove_event_cover(event: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::cover_service::remove(&app_state()?.db, &user, &event).await?;
    redirect(&format!("/e/{event}/edit?saved=cover_removed#cover"));
    Ok(())
}

/// Copies an event to later dates as drafts of the same series: one date (`date`), or the
/// next `count` occurrences `weekly`, `fortnightly` or `monthly` (same weekday of the month).
#[server(endpoint = "repeat_event")]
pub async fn repeat_event(
    event: String,
    repeat: String,
    #[server(default)] date: String,
    #[server(default)] count: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let first = service::repeat(&app_state()?.db, &user, &event, &repeat, &date, &count).await?;
    redirect(&format!("/e/{first}"));
    Ok(())
}

/// The announcement page's numbers (organizers).
#[server(endpoint = "announcement_audience")]
pub async fn announcement_audience(event: String) -> Result<AudienceView, AppError> {
    let user = auth::require().await?;
    announcements::announcement_audience(&app_state()?.db, &user, &event).await
}

/// Mails a message to the people going and/or waiting (organizers).
#[server(endpoint = "send_announcement")]
pub async fn send_announcement(
    event: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
    #[server(default)] going: String,
    #[server(default)] waitlisted: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let form = announcements::AnnouncementForm {
        subject,
        body,
        going: !going.is_empty(),
        waitlisted: !waitlisted.is_empty(),
    };
    announcements::announce(&app_state()?.db, &user, &event, &form).await?;
    redirect(&format!("/e/{event}/announce?done=sent"));
    Ok(())
}
