//! RSVP without an account (server only): name and address, a mailed link that makes the
//! RSVP real (nothing is held until then), and a personal link in every RSVP mail to manage
//! or cancel it. The seats and waitlist rules are the ones of [`service::going_in`].

use super::{
    domain::{parse_plus_ones, RsvpStatus, MAX_QUESTIONS},
    door::ticket_of,
    queries::{self, NewGuestRsvp},
    service::{self, going_in, parse_answers, window, window_error},
    views::{RsvpWindow, Ticket},
};
use crate::{
    accounts::{
        domain::{DisplayName, Email},
        service::{account_for_guest, hourly_limit},
        session,
    },
    db::{self, Db},
    error::{AppError, AppResult},
    events::{domain::venue_line, time::describe_in},
    links::{self, LinkKind},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// How long the confirmation link works.
pub const LINK_TTL_SECS: i64 = 48 * 3600;
/// Confirmation mails per address per hour.
pub const MAX_REQUESTS_PER_HOUR: i64 = 5;

const GONE: &str =
    "This link has expired or was already used. Answer the RSVP again on the event page.";

/// Takes a guest's RSVP and mails the link that confirms it.
pub async fn request(
    db: &Db,
    slug: &str,
    name: DisplayName,
    email: Email,
    plus_ones: &str,
    answers: &[String; MAX_QUESTIONS],
    site: &str,
) -> AppResult<()> {
    let answers = parse_answers(answers)?;
    let now = db::now();
    let event = queries::event_seats(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = window(&event, now);
    if open != RsvpWindow::Open {
        return Err(window_error(&open));
    }
    let plus_ones = parse_plus_ones("plus_ones", plus_ones, event.max_plus_ones)?;
    hourly_limit(
        db,
        &format!("guest_rsvp:{}", email.as_str()),
        MAX_REQUESTS_PER_HOUR,
        "We sent this address several links in the last hour. Please check your inbox (and spam folder) for them.",
    )
    .await?;
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for an RSVP link");
        AppError::Internal
    })?;
    let answers = serde_json::to_string(&answers).map_err(|error| {
        tracing::error!(%error, "answers do not serialise");
        AppError::Internal
    })?;
    let link = format!("{site}/confirm-rsvp?token={token}");
    let mut facts = vec![(
        "When",
        describe_in(event.starts_at, event.ends_at, event.time_zone),
    )];
    if let Some(place) = venue_line(event.venue_name.as_deref(), event.venue_address.as_deref()) {
        facts.push(("Where", place));
    }
    let mut body = Body::new(&format!("Hi {},", name.as_str()));
    body.paragraph(&format!(
        "Please confirm your RSVP to {}: one click, and you're on the list.",
        event.title
    ))
    .facts(&facts)
    .action("Confirm my RSVP", &link)
    .paragraph("The link works for 48 hours. Until you confirm, no seat is held. If you did not RSVP, ignore this mail.");
    let (body_text, body_html) = body.finish(&format!(
        "You get this because this address was typed into the RSVP of {} on Hallway.",
        event.title
    ));
    let mail = NewMail {
        kind: "guest_rsvp_confirm",
        to_address: email.as_str().to_owned(),
        to_name: name.as_str().to_owned(),
        subject: format!("Confirm your RSVP: {}", event.title),
        body_text,
        body_html,
        group_id: Some(event.group_id),
        event_id: Some(event.event_id),
        ..NewMail::default()
    };
    let mut tx = db.begin_write().await?;
    queries::insert_guest_rsvp(
        &mut tx,
        &NewGuestRsvp {
            token_hash: &session::session_id(&token),
            event_id: event.event_id,
            display_name: name.as_str(),
            email: email.as_str(),
            plus_ones,
            answers: &answers,
            expires_at: now + LINK_TTL_SECS,
        },
        now,
    )
    .await?;
    enqueue(&mut tx, &mail, site).await?;
    tx.commit().await?;
    Ok(())
}

/// (event title, name, address) of a confirmation link that still works.
pub async fn pending(db: &Db, token: &str) -> AppResult<Option<(String, String, String)>> {
    Ok(
        queries::live_guest_rsvp(db.pool(), &session::session_id(token), db::now())
            .await?
            .map(|row| (row.title, row.display_name, row.email)),
    )
}

/// Makes a guest RSVP real: the address is proven, so it gets (or is) an account, and the
/// RSVP goes through the same rules as everyone's. Returns the personal manage link's token.
pub async fn confirm(db: &Db, token: &str, site: &str) -> AppResult<String> {
    let token_hash = session::session_id(token);
    let now = db::now();
    let row = queries::live_guest_rsvp(db.pool(), &token_hash, now)
        .await?
        .ok_or_else(|| AppError::invalid("", GONE))?;
    let answers: Vec<Option<String>> = serde_json::from_str(&row.answers).unwrap_or_default();
    let mut tx = db.begin_write().await?;
    if !queries::use_guest_rsvp(&mut tx, &token_hash, now).await? {
        return Err(AppError::invalid("", GONE));
    }
    let account_id = account_for_guest(&mut tx, &row.email, &row.display_name).await?;
    going_in(
        &mut tx,
        account_id,
        &row.slug,
        &row.plus_ones.to_string(),
        Some(&answers),
        site,
    )
    .await?;
    let rsvp = queries::rsvp_of(&mut *tx, row.event_id, account_id)
        .await?
        .ok_or(AppError::Internal)?;
    let manage = links::mint(&mut tx, LinkKind::Rsvp, rsvp.rsvp_id).await?;
    tx.commit().await?;
    Ok(manage)
}

/// The RSVP a personal link opens; not found for an unknown link.
async fn managed(db: &Db, token: &str) -> AppResult<queries::ManagedRsvp> {
    let rsvp_id = links::owner(db.pool(), LinkKind::Rsvp, token)
        .await?
        .ok_or(AppError::NotFound)?;
    queries::managed_rsvp(db.pool(), rsvp_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a manage link shows: the ticket (or place in line), and what can still be changed.
pub async fn manage(
    db: &Db,
    token: &str,
    origin: &str,
) -> AppResult<(Ticket, i64, RsvpWindow, String)> {
    let row = managed(db, token).await?;
    let event = queries::event_seats(db.pool(), &row.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let ticket = ticket_of(db, &event, &row.rsvp, &row.display_name, origin).await?;
    Ok((
        ticket,
        event.max_plus_ones,
        window(&event, db::now()),
        row.email,
    ))
}

/// Going (again, or with other plus-ones) from a manage link.
pub async fn manage_going(
    db: &Db,
    token: &str,
    plus_ones: &str,
    site: &str,
) -> AppResult<RsvpStatus> {
    let row = managed(db, token).await?;
    let mut tx = db.begin_write().await?;
    let status = going_in(&mut tx, row.account_id, &row.slug, plus_ones, None, site).await?;
    tx.commit().await?;
    Ok(status)
}

/// "I can't go after all" from a manage link; true when someone waiting got the seats.
pub async fn manage_cancel(db: &Db, token: &str, site: &str) -> AppResult<bool> {
    let row = managed(db, token).await?;
    service::not_going(db, row.account_id, &row.slug, site).await
}
