//! The mails an event's change causes (server only): when its time or place changes or it is
//! cancelled, everyone going or waiting gets a mail whose calendar attachment updates or
//! removes the entry (iTIP `REQUEST` / `CANCEL`, same UID, higher SEQUENCE). Written by mail
//! jobs in batches, so the organizer's request never waits for thousands of mails.

use crate::{
    calendar::{
        feed::{render_itip, CalAddress, ItipMethod},
        queries as calendar,
        service::feed_event,
    },
    db::Tx,
    error::AppResult,
    events::time::{describe_range, parse_zone},
    mail::{
        compose::Body,
        jobs::{Job, JobKind},
        queries::NewMail,
        service::enqueue,
    },
};
use sqlx::FromRow;

/// How many people one batch mails.
pub const BATCH: i64 = 200;

#[derive(FromRow)]
struct EventFacts {
    slug: String,
    title: String,
    time_zone: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: Option<String>,
    venue_address: Option<String>,
    online_url: Option<String>,
    cancel_reason: Option<String>,
    group_id: i64,
    group_name: String,
}

#[derive(FromRow)]
struct Person {
    account_id: i64,
    email: String,
    display_name: String,
    status: String,
}

/// The site's host name, for Message-IDs.
fn host(site: &str) -> &str {
    site.split("://")
        .nth(1)
        .unwrap_or(site)
        .split(['/', ':'])
        .next()
        .unwrap_or("hallway")
}

/// Mails the next batch of `job`'s people inside `tx`; returns the new cursor and whether the
/// job is done.
pub async fn mail_batch(
    tx: &mut Tx,
    job: &Job,
    site: &str,
    sender: &str,
) -> AppResult<(i64, bool)> {
    let Some(facts) = sqlx::query_as::<_, EventFacts>(
        "select e.slug, e.title, e.time_zone, e.starts_at, e.ends_at, e.venue_name, e.venue_address,
                e.online_url, e.cancel_reason, e.group_id, g.name as group_name
         from event e join meetup_group g on g.group_id = e.group_id where e.event_id = $1",
    )
    .bind(job.event_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok((job.cursor, true));
    };
    let Some(row) = calendar::event(&mut **tx, &facts.slug).await? else {
        return Ok((job.cursor, true));
    };
    let event = feed_event(row, site);
    let people: Vec<Person> = sqlx::query_as(
        "select a.account_id, a.email, a.display_name, r.status
         from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1 and r.status in ('going', 'waitlisted') and a.account_id > $2
         order by a.account_id limit $3",
    )
    .bind(job.event_id)
    .bind(job.cursor)
    .bind(BATCH)
    .fetch_all(&mut **tx)
    .await?;
    let when = parse_zone("time_zone", &facts.time_zone)
        .map(|zone| {
            format!(
                "{} ({})",
                describe_range(facts.starts_at, facts.ends_at, zone),
                facts.time_zone
            )
        })
        .unwrap_or_default();
    let place = match (&facts.venue_name, &facts.venue_address) {
        (Some(name), Some(address)) => Some(format!("{name}, {address}")),
        (Some(one), None) | (None, Some(one)) => Some(one.clone()),
        (None, None) => None,
    };
    let page = format!("{site}/e/{}", facts.slug);
    for person in &people {
        let waiting = person.status == "waitlisted";
        let mut body = Body::new(&format!("Hi {},", person.display_name));
        let (kind, subject, method) = match job.kind {
            JobKind::EventChanged => {
                let mut facts_list = vec![("When", when.clone())];
                if let Some(place) = &place {
                    facts_list.push(("Where", place.clone()));
                }
                if let (Some(url), false) = (&facts.online_url, waiting) {
                    facts_list.push(("Online", url.clone()));
                }
                body.paragraph(&format!(
                    "The organizers changed the time or place of {}. This is how it stands now:",
                    facts.title
                ))
                .facts(&facts_list)
                .paragraph("The attached invitation updates the event in your calendar.")
                .link("Event page", &page);
                (
                    "event_changed",
                    format!("Changed: {}", facts.title),
                    ItipMethod::Request,
                )
            }
            JobKind::EventCancelled => {
                body.paragraph(&format!("{} ({when}) is cancelled.", facts.title));
                if let Some(reason) = &facts.cancel_reason {
                    body.paragraph(&format!("The organizers wrote: {reason}"));
                }
                body.paragraph("The attached cancellation removes it from your calendar.")
                    .link("Event page", &page);
                (
                    "event_cancelled",
                    format!("Cancelled: {}", facts.title),
                    ItipMethod::Cancel,
                )
            }
        };
        let ics = render_itip(
            method,
            &event,
            CalAddress {
                name: &facts.group_name,
                email: sender,
            },
            CalAddress {
                name: &person.display_name,
                email: &person.email,
            },
            waiting,
        );
        let (body_text, body_html) = body.finish(&format!(
            "You get this because you answered the RSVP of {} on Hallway.",
            facts.title
        ));
        let mail = NewMail {
            kind,
            to_address: person.email.clone(),
            to_name: person.display_name.clone(),
            subject,
            body_text,
            body_html,
            ics: Some(ics),
            ics_method: Some(match method {
                ItipMethod::Request => "REQUEST",
                ItipMethod::Cancel => "CANCEL",
            }),
            unsubscribe_url: None,
            group_id: Some(facts.group_id),
            event_id: Some(job.event_id),
        };
        enqueue(tx, &mail, host(site)).await?;
    }
    let cursor = people.last().map(|p| p.account_id).unwrap_or(job.cursor);
    Ok((cursor, (people.len() as i64) < BATCH))
}
