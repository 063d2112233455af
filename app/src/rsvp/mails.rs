//! The mails RSVPs cause (server only): confirmation with the event attached, waitlisted
//! with the place in line, let in from the waitlist, taken off the list. Each is written into
//! the outbox inside the RSVP's own transaction, so it is sent exactly when the change holds.

use super::{
    domain::{ordinal, WAITLIST_RULE},
    queries::{self, EventSeats},
};
use crate::{
    calendar::service::event_calendar,
    db::Tx,
    error::AppResult,
    events::{domain::venue_line, time::describe_in},
    links::{self, LinkKind},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};
use sqlx::FromRow;

/// Who an RSVP belongs to.
#[derive(FromRow)]
struct Recipient {
    display_name: String,
    email: String,
    plus_ones: i64,
    queue_seq: i64,
}

async fn recipient(tx: &mut Tx, rsvp_id: i64) -> Result<Option<Recipient>, sqlx::Error> {
    sqlx::query_as(
        "select a.display_name, a.email, r.plus_ones, r.queue_seq
         from rsvp r join account a on a.account_id = r.account_id where r.rsvp_id = $1",
    )
    .bind(rsvp_id)
    .fetch_optional(&mut **tx)
    .await
}

/// What happened to an RSVP, as far as its owner hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Going,
    Waitlisted,
    LetIn,
    Removed,
}

/// Writes the mail for `change` of RSVP `rsvp_id` into the outbox, in `tx`.
pub async fn notify(
    tx: &mut Tx,
    event: &EventSeats,
    rsvp_id: i64,
    change: Change,
    site: &str,
) -> AppResult<()> {
    let Some(person) = recipient(tx, rsvp_id).await? else {
        return Ok(());
    };
    let page = format!("{site}/e/{}", event.slug);
    // The personal page of this RSVP: works without signing in (guests have no password).
    let manage = format!(
        "{site}/rsvp/{}",
        links::mint(tx, LinkKind::Rsvp, rsvp_id).await?
    );
    let mut body = Body::new(&format!("Hi {},", person.display_name));
    let party = match person.plus_ones {
        0 => String::new(),
        1 => " with 1 guest".to_owned(),
        n => format!(" with {n} guests"),
    };
    let mut facts = vec![(
        "When",
        describe_in(event.starts_at, event.ends_at, event.time_zone),
    )];
    if let Some(place) = venue_line(event.venue_name.as_deref(), event.venue_address.as_deref()) {
        facts.push(("Where", place));
    }
    let going_facts = |facts: &mut Vec<(&str, String)>| {
        if let Some(url) = &event.online_url {
            facts.push(("Online", url.clone()));
        }
    };
    let (kind, subject, attach) = match change {
        Change::Going | Change::LetIn => {
            going_facts(&mut facts);
            let (kind, subject, opening) = if change == Change::Going {
                (
                    "rsvp_going",
                    format!("You're going: {}", event.title),
                    format!("You're going to {}{party}.", event.title),
                )
            } else {
                (
                    "rsvp_let_in",
                    format!("You're in: {} (from the waitlist)", event.title),
                    format!(
                        "Good news: seats came free and you're now going to {}{party}.",
                        event.title
                    ),
                )
            };
            body.paragraph(&opening)
                .facts(&facts)
                .action("Your ticket", &manage)
                .paragraph("The attached event.ics puts it in your calendar.")
                .link("Can't come after all? Change or cancel your RSVP", &manage)
                .link("Event page", &page);
            (kind, subject, true)
        }
        Change::Waitlisted => {
            let position = queries::position(&mut **tx, event.event_id, person.queue_seq).await?;
            body.paragraph(&format!(
                "{} is full, so you{party} are on the waitlist: {} in line.",
                event.title,
                ordinal(position)
            ))
            .paragraph(&format!(
                "{WAITLIST_RULE} We'll write to you the moment you're in."
            ))
            .facts(&facts)
            .link("Change your RSVP or leave the waitlist", &manage)
            .link("Event page", &page);
            (
                "rsvp_waitlisted",
                format!("You're on the waitlist: {}", event.title),
                false,
            )
        }
        Change::Removed => {
            body.paragraph(&format!(
                "The organizers of {} took your RSVP off the list, so you are no longer going. If you think this is a mistake, reply to them through the event page.",
                event.title
            ))
            .link("Event page", &page);
            (
                "rsvp_removed",
                format!("Your RSVP was removed: {}", event.title),
                false,
            )
        }
    };
    let ics = if attach {
        event_calendar(&mut **tx, &event.slug, site)
            .await?
            .map(|feed| feed.body)
    } else {
        None
    };
    let (body_text, body_html) = body.finish(&format!(
        "You get this because you answered the RSVP of {} on Hallway.",
        event.title
    ));
    let mail = NewMail {
        kind,
        to_address: person.email,
        to_name: person.display_name,
        subject,
        body_text,
        body_html,
        ics_method: ics.as_ref().map(|_| "PUBLISH"),
        ics,
        unsubscribe_url: None,
        group_id: Some(event.group_id),
        event_id: Some(event.event_id),
    };
    enqueue(tx, &mail, site).await
}
