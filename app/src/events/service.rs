//! Event use cases (server only): authorization, the life cycle and listings.

use super::{
    domain::{
        parse_capacity, parse_description, parse_online_link, parse_optional, parse_title,
        EventChange, EventFormat, EventStatus,
    },
    queries::{self, EventFields, EventRow, ListedRow, Listing},
    time::{self, describe_range, EventTimes, Repeat},
    views::{EventDefaults, EventFormValues, EventLink, EventPage, EventSummary, EventView},
};
use crate::mail::jobs::JobKind;
use crate::{
    accounts::views::CurrentUser,
    db::{self, is_unique_violation, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    groups::{
        access,
        domain::{may, GroupAction, Slug},
        queries as groups,
    },
    markdown::to_safe_html,
};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// Events per listing page.
pub const PER_PAGE: u32 = 20;
/// The most occurrences one "repeat" creates.
pub const MAX_REPEAT: usize = 26;

/// An event form, parsed.
#[derive(Debug)]
struct EventInput {
    title: String,
    description: String,
    format: EventFormat,
    times: EventTimes,
    venue_name: Option<String>,
    venue_address: Option<String>,
    online_url: Option<String>,
    capacity: Option<i64>,
    rsvp_opens_at: Option<i64>,
    rsvp_closes_at: Option<i64>,
}

impl EventInput {
    fn fields(&self) -> EventFields<'_> {
        EventFields {
            title: &self.title,
            description: &self.description,
            format: self.format.as_str(),
            time_zone: self.times.zone.name(),
            starts_at: self.times.starts_at.timestamp(),
            ends_at: self.times.ends_at.timestamp(),
            venue_name: self.venue_name.as_deref(),
            venue_address: self.venue_address.as_deref(),
            online_url: self.online_url.as_deref(),
            capacity: self.capacity,
            rsvp_opens_at: self.rsvp_opens_at,
            rsvp_closes_at: self.rsvp_closes_at,
        }
    }
}

fn optional_local(field: &str, raw: &str, zone: Option<Tz>) -> Result<Option<i64>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let Some(zone) = zone else { return Ok(None) };
    let local = time::parse_local(field, raw)?;
    Ok(Some(time::resolve(field, local, zone)?.instant.timestamp()))
}

/// Parses every field, reporting all problems at once.
fn parse_input(form: &EventFormValues) -> AppResult<EventInput> {
    let mut checks = FieldChecks::default();
    let zone = time::parse_zone("time_zone", &form.time_zone).ok();
    let title = checks.check(parse_title("title", &form.title));
    let description = checks.check(parse_description("description", &form.description));
    let format = checks.check(EventFormat::parse("format", &form.format));
    let times = checks.check(EventTimes::parse(&form.start, &form.end, &form.time_zone));
    let venue_name = checks.check(parse_optional(
        "venue_name",
        &form.venue_name,
        "venue name",
        120,
    ));
    let venue_address = checks.check(parse_optional(
        "venue_address",
        &form.venue_address,
        "address",
        300,
    ));
    let online_url = checks.check(parse_online_link("online_url", &form.online_url));
    let capacity = checks.check(parse_capacity("capacity", &form.capacity));
    let opens = checks.check(optional_local("rsvp_opens", &form.rsvp_opens, zone));
    let closes = checks.check(optional_local("rsvp_closes", &form.rsvp_closes, zone));
    match (opens.flatten(), closes.flatten(), &times) {
        (Some(open), Some(close), _) if close <= open => {
            checks.check::<()>(Err(AppError::invalid(
                "rsvp_closes",
                "RSVPs must close after they open.",
            )));
        }
        (_, Some(close), Some(times)) if close > times.ends_at.timestamp() => {
            checks.check::<()>(Err(AppError::invalid(
                "rsvp_closes",
                "RSVPs must close before the event ends.",
            )));
        }
        _ => {}
    }
    checks.finish()?;
    let (
        Some(title),
        Some(description),
        Some(format),
        Some(times),
        Some(venue_name),
        Some(venue_address),
        Some(online_url),
        Some(capacity),
        Some(opens),
        Some(closes),
    ) = (
        title,
        description,
        format,
        times,
        venue_name,
        venue_address,
        online_url,
        capacity,
        opens,
        closes,
    )
    else {
        return Err(AppError::BadRequest);
    };
    Ok(EventInput {
        title,
        description,
        format,
        times,
        venue_name,
        venue_address,
        online_url,
        capacity,
        rsvp_opens_at: opens,
        rsvp_closes_at: closes,
    })
}

/// Checks that `user` organizes the group `group_id`.
pub(super) async fn require_organizer(
    tx: &mut Tx,
    group_id: i64,
    user: &CurrentUser,
) -> AppResult<()> {
    access::require_group_organizer(&mut **tx, group_id, user).await
}

/// Loads an event for a change by `user`, checking role and life cycle.
async fn load_for_change(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
    change: EventChange,
) -> AppResult<(EventRow, Option<EventStatus>)> {
    let event = queries::event_by_slug(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_organizer(tx, event.group_id, user).await?;
    let next = event.status.apply(change)?;
    Ok((event, next))
}

/// `base`, or `base-2`, `base-3`… whichever is free.
async fn free_slug(tx: &mut Tx, base: &str) -> AppResult<String> {
    for n in 1..100 {
        let candidate = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if queries::event_by_slug(&mut **tx, &candidate)
            .await?
            .is_none()
        {
            return Ok(candidate);
        }
    }
    Err(AppError::conflict(
        "slug",
        "Choose another web address; this one is taken.",
    ))
}

fn suggested_slug(title: &str, starts_at: i64, zone: Tz) -> String {
    let date = time::from_unix(starts_at)
        .with_timezone(&zone)
        .format("%Y-%m-%d")
        .to_string();
    let title: String = Slug::suggest(title).chars().take(45).collect();
    let title = title.trim_end_matches('-');
    if title.is_empty() {
        format!("event-{date}")
    } else {
        format!("{title}-{date}")
    }
}

fn slug_taken(error: sqlx::Error) -> AppError {
    if is_unique_violation(&error, "slug") {
        AppError::conflict(
            "slug",
            "Another event already uses this web address. Try another.",
        )
    } else {
        error.into()
    }
}

pub async fn new_event_context(
    db: &Db,
    user: &CurrentUser,
    group_slug: &str,
) -> AppResult<EventDefaults> {
    let group = groups::group_by_slug(db.pool(), group_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = groups::role_of(db.pool(), group.group_id, user.account_id).await?;
    if !may(role, GroupAction::ManageEvents) {
        return Err(AppError::Forbidden(
            "Only the group's organizers can create events.".to_owned(),
        ));
    }
    Ok(EventDefaults {
        group_slug: group.slug,
        group_name: group.name,
        time_zone: group.time_zone.name().to_owned(),
    })
}

/// Creates a draft; returns its slug (typed, or suggested from title and date).
pub async fn create_event(
    db: &Db,
    user: &CurrentUser,
    group_slug: &str,
    slug: &str,
    form: &EventFormValues,
) -> AppResult<String> {
    let typed_slug = if slug.trim().is_empty() {
        None
    } else {
        Some(Slug::parse("slug", slug))
    };
    let input = match (parse_input(form), typed_slug.transpose()) {
        (Ok(input), Ok(slug)) => (input, slug),
        (a, b) => {
            return Err(
                AppError::merge([a.err(), b.err()].into_iter().flatten().collect())
                    .unwrap_or(AppError::BadRequest),
            )
        }
    };
    let (input, slug) = input;
    let mut tx = db.begin_write().await?;
    let group = groups::group_by_slug(&mut *tx, group_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_organizer(&mut tx, group.group_id, user).await?;
    let slug = match slug {
        Some(slug) => slug.as_str().to_owned(),
        None => {
            free_slug(
                &mut tx,
                &suggested_slug(
                    &input.title,
                    input.times.starts_at.timestamp(),
                    input.times.zone,
                ),
            )
            .await?
        }
    };
    queries::insert_event(
        &mut tx,
        group.group_id,
        &slug,
        &input.fields(),
        None,
        db::now(),
    )
    .await
    .map_err(slug_taken)?;
    tx.commit().await?;
    Ok(slug)
}

/// Saves an edit; a change of time, zone or place bumps the revision.
pub async fn update_event(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    form: &EventFormValues,
    site: &str,
) -> AppResult<()> {
    let input = parse_input(form)?;
    let mut tx = db.begin_write().await?;
    let (event, _) = load_for_change(&mut tx, slug, user, EventChange::Edit).await?;
    let fields = input.fields();
    // Capacity follows the RSVP rules: never below the seats taken; more seats let people in.
    crate::rsvp::service::resize(&mut tx, event.event_id, fields.capacity, site).await?;
    let moved = event.starts_at != fields.starts_at
        || event.ends_at != fields.ends_at
        || event.time_zone.name() != fields.time_zone
        || event.venue_name.as_deref() != fields.venue_name
        || event.venue_address.as_deref() != fields.venue_address
        || event.online_url.as_deref() != fields.online_url;
    queries::update_event(&mut tx, event.event_id, &fields, moved, db::now()).await?;
    if moved && event.status == EventStatus::Published {
        // Everyone going or waiting gets the update for their calendar.
        crate::mail::jobs::enqueue(&mut tx, JobKind::EventChanged, event.event_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn publish(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (event, next) = load_for_change(&mut tx, slug, user, EventChange::Publish).await?;
    let status = next.unwrap_or(EventStatus::Published);
    queries::set_status(&mut tx, event.event_id, status.as_str(), None, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cancel(db: &Db, user: &CurrentUser, slug: &str, reason: &str) -> AppResult<()> {
    let reason = parse_optional("reason", reason, "reason", 500)?
        .ok_or_else(|| AppError::invalid("reason", "Tell people why the event is cancelled."))?;
    let mut tx = db.begin_write().await?;
    let (event, next) = load_for_change(&mut tx, slug, user, EventChange::Cancel).await?;
    let status = next.unwrap_or(EventStatus::Cancelled);
    queries::set_status(
        &mut tx,
        event.event_id,
        status.as_str(),
        Some(&reason),
        db::now(),
    )
    .await?;
    if status == EventStatus::Cancelled && event.status == EventStatus::Published {
        crate::mail::jobs::enqueue(&mut tx, JobKind::EventCancelled, event.event_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes a draft; returns its group's slug.
pub async fn delete(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let (event, _) = load_for_change(&mut tx, slug, user, EventChange::Delete).await?;
    let (group_slug, _, _) = queries::group_name_and_zone(&mut *tx, event.group_id).await?;
    queries::delete_event(&mut tx, event.event_id).await?;
    tx.commit().await?;
    Ok(group_slug)
}

/// Copies an event to later dates (drafts in the same series); returns the first copy's slug.
pub async fn repeat(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    how: &str,
    date: &str,
    count: &str,
) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let event = queries::event_by_slug(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_organizer(&mut tx, event.group_id, user).await?;
    let zone = event.time_zone;
    let first_day = time::from_unix(event.starts_at)
        .with_timezone(&zone)
        .date_naive();
    let dates: Vec<NaiveDate> = if how == "once" {
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", "Enter the new date like 2027-01-12."))?;
        if date <= first_day {
            return Err(AppError::invalid("date", "Choose a date after this event."));
        }
        vec![date]
    } else {
        let repeat = match how {
            "weekly" => Repeat::Weekly,
            "fortnightly" => Repeat::EveryTwoWeeks,
            "monthly" => Repeat::MonthlyByWeekday,
            _ => {
                return Err(AppError::invalid(
                    "repeat",
                    "Choose weekly, every two weeks or monthly.",
                ))
            }
        };
        let count = count
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_REPEAT).contains(n))
            .ok_or_else(|| AppError::invalid("count", "Enter how many, from 1 to 26."))?;
        time::next_dates(first_day, repeat, count)
    };
    let series_id = event.series_id.unwrap_or(event.event_id);
    if event.series_id.is_none() {
        queries::set_series(&mut tx, event.event_id, series_id).await?;
    }
    let mut first = None;
    for date in dates {
        let (starts_at, ends_at) = time::shift_to(event.starts_at, event.ends_at, zone, date)
            .map_err(|_| AppError::invalid("date", format!("The start time does not exist on {date} (a clock change). Choose another date.")))?;
        let shift = starts_at - event.starts_at;
        let fields = EventFields {
            title: &event.title,
            description: &event.description,
            format: event.format.as_str(),
            time_zone: event.time_zone.name(),
            starts_at,
            ends_at,
            venue_name: event.venue_name.as_deref(),
            venue_address: event.venue_address.as_deref(),
            online_url: event.online_url.as_deref(),
            capacity: event.capacity,
            rsvp_opens_at: event.rsvp_opens_at.map(|t| t + shift),
            rsvp_closes_at: event.rsvp_closes_at.map(|t| t + shift),
        };
        let slug = free_slug(&mut tx, &suggested_slug(&event.title, starts_at, zone)).await?;
        queries::insert_event(
            &mut tx,
            event.group_id,
            &slug,
            &fields,
            Some(series_id),
            db::now(),
        )
        .await?;
        first.get_or_insert(slug);
    }
    tx.commit().await?;
    first.ok_or(AppError::BadRequest)
}

fn place(venue: Option<String>, online: bool) -> Option<String> {
    match (venue, online) {
        (Some(venue), true) => Some(format!("{venue} and online")),
        (Some(venue), false) => Some(venue),
        (None, true) => Some("Online".to_owned()),
        (None, false) => None,
    }
}

fn summary(row: ListedRow) -> EventSummary {
    let zone = row.time_zone;
    EventSummary {
        cover: super::cover_service::cover(
            &row.slug,
            &row.group_slug,
            row.group_colour.as_deref(),
            row.cover_at,
            row.starts_at,
            zone,
        ),
        when: describe_range(row.starts_at, row.ends_at, zone),
        place: place(row.venue_name, row.online_url.is_some()),
        format: row.format,
        status: row.status,
        slug: row.slug,
        title: row.title,
        starts_at: row.starts_at,
        group_slug: row.group_slug,
        group_name: row.group_name,
    }
}

fn page_of(mut rows: Vec<ListedRow>, page: u32) -> EventPage {
    let has_more = rows.len() > PER_PAGE as usize;
    rows.truncate(PER_PAGE as usize);
    EventPage {
        events: rows.into_iter().map(summary).collect(),
        page,
        has_more,
    }
}

pub async fn upcoming(db: &Db, page: u32) -> AppResult<EventPage> {
    let rows = queries::upcoming_events(
        db.pool(),
        db::now(),
        i64::from(PER_PAGE) + 1,
        i64::from(page) * i64::from(PER_PAGE),
    )
    .await?;
    Ok(page_of(rows, page))
}

pub async fn group_events(
    db: &Db,
    group_slug: &str,
    listing: &str,
    page: u32,
    viewer: Option<&CurrentUser>,
) -> AppResult<EventPage> {
    let group = groups::group_by_slug(db.pool(), group_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let listing = match listing {
        "upcoming" => Listing::Upcoming,
        "past" => Listing::Past,
        "drafts" => {
            let role = match viewer {
                Some(v) => groups::role_of(db.pool(), group.group_id, v.account_id).await?,
                None => None,
            };
            if !may(role, GroupAction::ManageEvents) {
                return Ok(EventPage {
                    events: Vec::new(),
                    page,
                    has_more: false,
                });
            }
            Listing::Drafts
        }
        _ => return Err(AppError::BadRequest),
    };
    let rows = queries::group_events(
        db.pool(),
        group.group_id,
        listing,
        db::now(),
        i64::from(PER_PAGE) + 1,
        i64::from(page) * i64::from(PER_PAGE),
    )
    .await?;
    Ok(page_of(rows, page))
}

fn osm_search(venue: Option<&str>, address: Option<&str>) -> Option<String> {
    let query: Vec<&str> = [venue, address].into_iter().flatten().collect();
    if query.is_empty() {
        return None;
    }
    let encoded: String = query
        .join(", ")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect();
    Some(format!(
        "https://www.openstreetmap.org/search?query={encoded}"
    ))
}

/// The event page; drafts are not found for anyone but the group's organizers.
pub async fn event_view(db: &Db, slug: &str, viewer: Option<&CurrentUser>) -> AppResult<EventView> {
    let event = queries::event_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = match viewer {
        Some(v) => groups::role_of(db.pool(), event.group_id, v.account_id).await?,
        None => None,
    };
    let organizer = may(role, GroupAction::ManageEvents);
    let status = event.status;
    if status == EventStatus::Draft && !organizer {
        return Err(AppError::NotFound);
    }
    let zone = event.time_zone;
    let (group_slug, group_name, _) =
        queries::group_name_and_zone(db.pool(), event.group_id).await?;
    let organizers = queries::organizer_names(db.pool(), event.group_id).await?;
    let (previous, next) = match event.series_id {
        Some(series) => queries::series_neighbours(db.pool(), series, event.starts_at).await?,
        None => (None, None),
    };
    let link = |(slug, title): (String, String)| EventLink { slug, title };
    let local = |t: Option<i64>| t.map(|t| time::to_local_input(t, zone)).unwrap_or_default();
    let form = organizer.then(|| EventFormValues {
        title: event.title.clone(),
        description: event.description.clone(),
        format: event.format.as_str().to_owned(),
        time_zone: event.time_zone.name().to_owned(),
        start: time::to_local_input(event.starts_at, zone),
        end: time::to_local_input(event.ends_at, zone),
        venue_name: event.venue_name.clone().unwrap_or_default(),
        venue_address: event.venue_address.clone().unwrap_or_default(),
        online_url: event.online_url.clone().unwrap_or_default(),
        capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        rsvp_opens: local(event.rsvp_opens_at),
        rsvp_closes: local(event.rsvp_closes_at),
    });
    let iso = |t: i64| time::from_unix(t).with_timezone(&zone).to_rfc3339();
    let seats = crate::rsvp::service::EventSeats {
        event_id: event.event_id,
        group_id: event.group_id,
        slug: event.slug.clone(),
        title: event.title.clone(),
        status: event.status,
        time_zone: event.time_zone,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        capacity: event.capacity,
        max_plus_ones: event.max_plus_ones,
        attendees_public: event.attendees_public,
        // Not shown on the event page.
        reminder_enabled: true,
        rsvp_opens_at: event.rsvp_opens_at,
        rsvp_closes_at: event.rsvp_closes_at,
        online_url: event.online_url.clone(),
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        rsvp_seq: event.rsvp_seq,
    };
    let rsvp = crate::rsvp::service::panel_of(db, seats, viewer, organizer).await?;
    let talks = crate::talks::service::event_summary(db, event.event_id, zone, viewer).await?;
    let (colour, image_at) = queries::cover_facts(db.pool(), event.event_id).await?;
    let cover = super::cover_service::cover(
        &event.slug,
        &group_slug,
        colour.as_deref(),
        image_at,
        event.starts_at,
        zone,
    );
    Ok(EventView {
        cover,
        rsvp,
        talks,
        calendar: Default::default(),
        when: describe_range(event.starts_at, event.ends_at, zone),
        start_iso: iso(event.starts_at),
        end_iso: iso(event.ends_at),
        map_url: osm_search(event.venue_name.as_deref(), event.venue_address.as_deref()),
        is_online: event.online_url.is_some(),
        online_url: if organizer {
            event.online_url.clone()
        } else {
            None
        },
        description_html: to_safe_html(&event.description),
        blurb: crate::markdown::summary(&event.description, 200),
        format: event.format,
        previous: previous.map(link),
        next: next.map(link),
        form,
        slug: event.slug,
        title: event.title,
        status,
        cancel_reason: event.cancel_reason,
        group_slug,
        group_name,
        organizers,
        time_zone: event.time_zone.name().to_owned(),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        venue_name: event.venue_name,
        venue_address: event.venue_address,
        capacity: event.capacity,
        revision: event.revision,
        created_at: event.created_at,
        updated_at: event.updated_at,
    })
}

/// The page's "Add to calendar" links; `origin` is `https://host`.
pub fn calendar_links(view: &EventView, origin: &str) -> crate::calendar::CalendarLinks {
    let location = match (&view.venue_name, &view.venue_address) {
        (Some(n), Some(a)) => Some(format!("{n}, {a}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    };
    crate::calendar::links::calendar_links(&crate::calendar::links::LinkInput {
        origin,
        slug: &view.slug,
        group_slug: &view.group_slug,
        title: &view.title,
        details: &view.blurb,
        location: location.as_deref(),
        starts_at: view.starts_at,
        ends_at: view.ends_at,
    })
}

/// Announcements one event may send in a day.
pub const MAX_ANNOUNCEMENTS_PER_DAY: i64 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_slugs_carry_the_local_date() {
        let t =
            EventTimes::parse("2026-12-01T23:30", "2026-12-02T01:00", "Asia/Kathmandu").unwrap();
        assert_eq!(
            suggested_slug("Rust Meetup #12", t.starts_at.timestamp(), t.zone),
            "rust-meetup-12-2026-12-01"
        );
    }

    #[test]
    fn map_links_search_openstreetmap_for_venue_and_address() {
        assert_eq!(
            osm_search(Some("c-base"), Some("Rungestraße 20, Berlin")).unwrap(),
            "https://www.openstreetmap.org/search?query=c-base%2C+Rungestra%C3%9Fe+20%2C+Berlin"
        );
        assert_eq!(osm_search(None, None), None);
    }

    #[test]
    fn rsvp_windows_must_close_after_opening_and_before_the_end() {
        let mut form = EventFormValues {
            title: "Meetup".into(),
            format: "meetup".into(),
            time_zone: "Europe/Berlin".into(),
            start: "2026-12-01T18:00".into(),
            end: "2026-12-01T21:00".into(),
            rsvp_opens: "2026-11-20T10:00".into(),
            rsvp_closes: "2026-11-19T10:00".into(),
            ..Default::default()
        };
        assert!(parse_input(&form)
            .unwrap_err()
            .field_message("rsvp_closes")
            .is_some());
        form.rsvp_closes = "2026-12-02T10:00".into();
        assert!(parse_input(&form)
            .unwrap_err()
            .field_message("rsvp_closes")
            .is_some());
        form.rsvp_closes = "2026-12-01T17:00".into();
        assert!(parse_input(&form).is_ok());
    }
}
