//! Event server functions: parse, call the service, redirect.

use super::domain::{EventFormat, EventStatus};
use crate::error::AppError;
use crate::{calendar::CalendarLinks, rsvp::api::RsvpState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, redirect},
    },
};

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

/// The values of the event form, as typed (local times in the event's zone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFormValues {
    pub title: String,
    pub description: String,
    pub format: String,
    pub time_zone: String,
    pub start: String,
    pub end: String,
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: String,
    pub capacity: String,
    pub rsvp_opens: String,
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
}

/// What the new-event form starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDefaults {
    pub group_slug: String,
    pub group_name: String,
    pub time_zone: String,
}

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
    title: String,
    #[server(default)] description: String,
    format: String,
    time_zone: String,
    start: String,
    end: String,
    #[server(default)] venue_name: String,
    #[server(default)] venue_address: String,
    #[server(default)] online_url: String,
    #[server(default)] capacity: String,
    #[server(default)] rsvp_opens: String,
    #[server(default)] rsvp_closes: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let form = EventFormValues {
        title,
        description,
        format,
        time_zone,
        start,
        end,
        venue_name,
        venue_address,
        online_url,
        capacity,
        rsvp_opens,
        rsvp_closes,
    };
    let slug = service::create_event(&app_state()?.db, &user, &group, &slug, &form).await?;
    redirect(&format!("/e/{slug}"));
    Ok(())
}

/// Changes an event; changes of time, place or status bump its revision.
#[server(endpoint = "update_event")]
pub async fn update_event(
    event: String,
    title: String,
    #[server(default)] description: String,
    format: String,
    time_zone: String,
    start: String,
    end: String,
    #[server(default)] venue_name: String,
    #[server(default)] venue_address: String,
    #[server(default)] online_url: String,
    #[server(default)] capacity: String,
    #[server(default)] rsvp_opens: String,
    #[server(default)] rsvp_closes: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let form = EventFormValues {
        title,
        description,
        format,
        time_zone,
        start,
        end,
        venue_name,
        venue_address,
        online_url,
        capacity,
        rsvp_opens,
        rsvp_closes,
    };
    service::update_event(
        &app_state()?.db,
        &user,
        &event,
        &form,
        &crate::web::public_url()?,
    )
    .await?;
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

/// The announcement page's numbers (organizers).
#[server(endpoint = "announcement_audience")]
pub async fn announcement_audience(event: String) -> Result<AudienceView, AppError> {
    let user = auth::require().await?;
    service::announcement_audience(&app_state()?.db, &user, &event).await
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
    let form = service::AnnouncementForm {
        subject,
        body,
        going: !going.is_empty(),
        waitlisted: !waitlisted.is_empty(),
    };
    service::announce(&app_state()?.db, &user, &event, &form).await?;
    redirect(&format!("/e/{event}/announce?done=sent"));
    Ok(())
}
