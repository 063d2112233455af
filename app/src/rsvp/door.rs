//! The door and the tickets (server only): finding people by name, checking tickets in once
//! (also when two doors scan the same ticket), a person's ticket with its QR code, and their
//! list of events.

use super::service::{is_organizer, organizer_view, organizers_only, zone_of, DOOR_MATCHES};
use super::{
    domain::{normalise_code, show_code, RsvpStatus},
    queries::{self, AttendeeRow, EventSeats},
    views::{DoorEntry, DoorList, MyEvent, MyEventsView, Ticket},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    events::time,
};
use chrono_tz::Tz;

fn door_entry(row: AttendeeRow) -> DoorEntry {
    DoorEntry {
        name: row.display_name,
        plus_ones: row.plus_ones,
        code: show_code(&row.ticket_code),
        checked_in: row.checked_in_at.is_some(),
    }
}

/// Where the door page goes after a check-in.
pub fn door_url(slug: &str, q: &str, code: &str) -> String {
    let q: String = q
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("/e/{slug}/check-in?last={code}&q={q}")
}

/// The door list (organizers): counts, people going matching `q`, the last one handled.
pub async fn door(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    q: &str,
    last: &str,
) -> AppResult<DoorList> {
    let event = organizer_view(db, user, slug).await?;
    let needle = q.trim().to_lowercase();
    let matches = queries::search_going(db.pool(), event.event_id, &needle, DOOR_MATCHES).await?;
    let last = match normalise_code(last) {
        Some(code) => queries::rsvp_by_code(db.pool(), event.event_id, &code)
            .await?
            .map(|r| r.rsvp_id),
        None => None,
    };
    let last = match last {
        Some(id) => queries::attendees(db.pool(), event.event_id)
            .await?
            .into_iter()
            .find(|r| r.rsvp_id == id)
            .map(door_entry),
        None => None,
    };
    let (taken, _, checked_in) = queries::counts(db.pool(), event.event_id).await?;
    Ok(DoorList {
        event: event.slug,
        title: event.title,
        checked_in,
        going: taken,
        matches: matches.into_iter().map(door_entry).collect(),
        last,
    })
}

/// Checks a ticket in (or out, `arrived` false); returns the normalised code.
pub async fn check_in(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    code: &str,
    arrived: bool,
) -> AppResult<String> {
    let code = normalise_code(code).ok_or_else(|| {
        AppError::invalid(
            "code",
            "Enter the 10-character code from the ticket, like ABCDE-FGHJK.",
        )
    })?;
    let mut tx = db.begin_write().await?;
    let event = queries::event_seats(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_organizer(&mut *tx, event.group_id, user).await? {
        return Err(organizers_only());
    }
    let rsvp = queries::rsvp_by_code(&mut *tx, event.event_id, &code)
        .await?
        .ok_or_else(|| AppError::invalid("code", "No ticket of this event has that code."))?;
    let status = rsvp.status;
    if arrived && status != RsvpStatus::Going {
        return Err(AppError::conflict(
            "code",
            format!(
                "This ticket is not valid: the person is {}.",
                status.label().to_lowercase()
            ),
        ));
    }
    if let (true, Some(earlier)) = (arrived, rsvp.checked_in_at) {
        // A second scan of the same ticket is not a second welcome.
        return Err(already_in(&mut tx, rsvp.rsvp_id, earlier, event.time_zone).await?);
    }
    let (at, by) = if arrived {
        (Some(db::now()), Some(user.account_id))
    } else {
        (None, None)
    };
    if !queries::set_checked_in(&mut tx, rsvp.rsvp_id, at, by).await? {
        // Another door let the same ticket in a moment ago.
        let earlier = queries::rsvp_by_code(&mut *tx, event.event_id, &code)
            .await?
            .and_then(|r| r.checked_in_at)
            .unwrap_or_else(db::now);
        return Err(already_in(&mut tx, rsvp.rsvp_id, earlier, event.time_zone).await?);
    }
    tx.commit().await?;
    Ok(code)
}

/// "Already checked in at 19:04 by Olga": the refusal of a ticket let in before, at `earlier`.
async fn already_in(tx: &mut Tx, rsvp_id: i64, earlier: i64, zone: Tz) -> AppResult<AppError> {
    let time = crate::events::time::from_unix(earlier)
        .with_timezone(&zone)
        .format("%H:%M");
    let by = queries::checked_in_by(&mut **tx, rsvp_id)
        .await?
        .map(|name| format!(" by {name}"))
        .unwrap_or_default();
    Ok(AppError::conflict(
        "code",
        format!("Already checked in at {time}{by}. Do not let this ticket in twice."),
    ))
}

/// The signed-in person's upcoming and past events.
pub async fn my_events(db: &Db, user: &CurrentUser) -> AppResult<MyEventsView> {
    let now = db::now();
    let convert = |rows: Vec<queries::MyEventRow>| -> Vec<MyEvent> {
        rows.into_iter()
            .map(|row| {
                let status = row.status;
                let zone: Tz = row.time_zone;
                MyEvent {
                    when: time::describe_range(row.starts_at, row.ends_at, zone),
                    cancelled: row.event_status == crate::events::domain::EventStatus::Cancelled,
                    position: (status == RsvpStatus::Waitlisted).then_some(row.position),
                    slug: row.slug,
                    title: row.title,
                    group_name: row.group_name,
                    status,
                    plus_ones: row.plus_ones,
                }
            })
            .collect()
    };
    let upcoming = queries::my_events(db.pool(), user.account_id, now, true, 200).await?;
    let past = queries::my_events(db.pool(), user.account_id, now, false, 200).await?;
    Ok(MyEventsView {
        upcoming: convert(upcoming),
        past: convert(past),
    })
}

/// The QR code of `text` as inline SVG markup.
fn qr_svg(text: &str) -> AppResult<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|error| {
        tracing::error!(%error, "QR code");
        AppError::Internal
    })?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    // Inline SVG needs no XML declaration.
    let start = svg.find("<svg").unwrap_or(0);
    Ok(svg[start..].replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"QR code of the ticket\"",
        1,
    ))
}

/// The signed-in person's ticket; `origin` (`https://host`) makes the QR code a link to the
/// door page with the code filled in.
pub async fn ticket(db: &Db, user: &CurrentUser, slug: &str, origin: &str) -> AppResult<Ticket> {
    let event = queries::event_seats(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let rsvp = queries::rsvp_of(db.pool(), event.event_id, user.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = rsvp.status;
    if !matches!(status, RsvpStatus::Going | RsvpStatus::Waitlisted)
        || event.status == crate::events::domain::EventStatus::Draft
    {
        return Err(AppError::NotFound);
    }
    ticket_of(db, &event, &rsvp, &user.display_name, origin).await
}

/// The ticket of `rsvp`, whatever its status (a code and QR only while going).
pub(crate) async fn ticket_of(
    db: &Db,
    event: &EventSeats,
    rsvp: &queries::RsvpRow,
    name: &str,
    origin: &str,
) -> AppResult<Ticket> {
    let status = rsvp.status;
    let going = status == RsvpStatus::Going;
    let position = if status == RsvpStatus::Waitlisted {
        Some(queries::position(db.pool(), event.event_id, rsvp.queue_seq).await?)
    } else {
        None
    };
    let qr = if going {
        Some(qr_svg(&format!(
            "{origin}/e/{}/check-in?code={}",
            event.slug, rsvp.ticket_code
        ))?)
    } else {
        None
    };
    let place = match (&event.venue_name, &event.venue_address) {
        (Some(n), Some(a)) => Some(format!("{n}, {a}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => event.online_url.as_ref().map(|_| "Online".to_owned()),
    };
    Ok(Ticket {
        when: time::describe_range(event.starts_at, event.ends_at, zone_of(event)),
        place,
        name: name.to_owned(),
        status,
        plus_ones: rsvp.plus_ones,
        position,
        code: going.then(|| show_code(&rsvp.ticket_code)),
        qr_svg: qr,
        checked_in: rsvp.checked_in_at.is_some(),
        event: event.slug.clone(),
        title: event.title.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_are_inline_svg() {
        let svg = qr_svg("https://example.org/e/x/check-in?code=ABCDEFGHJK").unwrap();
        assert!(svg.starts_with("<svg role=\"img\""), "{svg:.80}");
        assert!(svg.ends_with("</svg>"));
    }
}
