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
    events::{domain::venue_line, time::describe_in},
    links::{self, LinkKind},
    mail::{
        compose::Body,
        jobs::{Job, JobKind},
        queries::NewMail,
        service::enqueue,
    },
    markdown::{to_plain_text, to_safe_html},
};
use sqlx::FromRow;

/// How many people one batch mails.
pub const BATCH: i64 = 200;

#[derive(FromRow)]
struct EventFacts {
    slug: String,
    title: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    time_zone: chrono_tz::Tz,
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
    rsvp_id: i64,
    account_id: i64,
    email: String,
    display_name: String,
    status: String,
}

/// The SQL condition for an announcement's audience (`going`, `waitlisted`, or both).
fn audience_condition(audience: Option<&str>) -> String {
    let statuses: Vec<&str> = audience
        .unwrap_or_default()
        .split(',')
        .filter(|s| matches!(*s, "going" | "waitlisted"))
        .collect();
    if statuses.is_empty() {
        return "1 = 0".to_owned();
    }
    let list: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
    format!(
        "r.status in ({}) and a.mail_announcements = 1",
        list.join(", ")
    )
}

/// A reminder to write: a person going to an event that starts within a day.
#[derive(FromRow)]
struct Due {
    rsvp_id: i64,
    account_id: i64,
    email: String,
    display_name: String,
    plus_ones: i64,
    event_id: i64,
    slug: String,
    title: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    time_zone: chrono_tz::Tz,
    starts_at: i64,
    ends_at: i64,
    venue_name: Option<String>,
    venue_address: Option<String>,
    online_url: Option<String>,
    group_id: i64,
}

/// How long before the start reminders go out.
pub const REMINDER_LEAD_SECS: i64 = 24 * 3600;
/// People who answered this recently just had their confirmation: no reminder for them.
pub const REMINDER_QUIET_SECS: i64 = 2 * 3600;

/// Who is due a reminder: going, not reminded yet, wanting reminders, the event published
/// with reminders on and starting within a day, and the answer not brand new.
const DUE: &str = "from rsvp r join event e on e.event_id = r.event_id join account a on a.account_id = r.account_id
    where r.status = 'going' and r.reminded_at is null and a.mail_reminders = 1
      and e.status = 'published' and e.reminder_enabled = 1
      and e.starts_at > $1 and e.starts_at <= $2 and r.updated_at <= $3";

/// Writes the reminders that are due, in batches; each batch's mails and their `reminded_at`
/// commit together (on PostgreSQL the rows are locked and skipped by other workers), so
/// nobody gets one twice.
pub async fn remind_due(db: &crate::db::Db, site: &str, now: i64) -> AppResult<usize> {
    let bounds = (now, now + REMINDER_LEAD_SECS, now - REMINDER_QUIET_SECS);
    let any: Option<i64> = sqlx::query_scalar(&format!("select r.rsvp_id {DUE} limit 1"))
        .bind(bounds.0)
        .bind(bounds.1)
        .bind(bounds.2)
        .fetch_optional(db.pool())
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let lock = match db.engine() {
        crate::db::Engine::Postgres => "for update of r skip locked",
        crate::db::Engine::Sqlite => "",
    };
    let mut written = 0;
    loop {
        let mut tx = db.begin_write().await?;
        let due: Vec<Due> = sqlx::query_as(&format!(
            "select r.rsvp_id, a.account_id, a.email, a.display_name, r.plus_ones, e.event_id, e.slug, e.title, e.time_zone, e.starts_at, e.ends_at, e.venue_name,
                    e.venue_address, e.online_url, e.group_id
             {DUE} order by r.rsvp_id limit $4 {lock}"
        ))
        .bind(bounds.0)
        .bind(bounds.1)
        .bind(bounds.2)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        for one in &due {
            remind(&mut tx, one, site).await?;
        }
        tx.commit().await?;
        written += due.len();
        if (due.len() as i64) < BATCH {
            return Ok(written);
        }
    }
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
    // Changes and cancellations reach everyone going or waiting; announcements their
    // audience, except people who turned announcements off.
    let who = match job.kind {
        JobKind::Announcement => audience_condition(job.audience.as_deref()),
        _ => "r.status in ('going', 'waitlisted')".to_owned(),
    };
    let people: Vec<Person> = sqlx::query_as(&format!(
        "select r.rsvp_id, a.account_id, a.email, a.display_name, r.status
         from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1 and {who} and a.account_id > $2
         order by a.account_id limit $3"
    ))
    .bind(job.event_id)
    .bind(job.cursor)
    .bind(BATCH)
    .fetch_all(&mut **tx)
    .await?;
    let when = describe_in(facts.starts_at, facts.ends_at, facts.time_zone);
    let place = venue_line(facts.venue_name.as_deref(), facts.venue_address.as_deref());
    let page = format!("{site}/e/{}", facts.slug);
    for person in &people {
        if job.kind == JobKind::Announcement {
            announce(tx, job, person, &facts, site).await?;
            continue;
        }
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
                .link(
                    "Can't make it now? Change or cancel your RSVP",
                    &manage_link(tx, site, person.rsvp_id).await?,
                )
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
            JobKind::Announcement => continue,
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
        enqueue(tx, &mail, site).await?;
    }
    let cursor = people.last().map(|p| p.account_id).unwrap_or(job.cursor);
    Ok((cursor, (people.len() as i64) < BATCH))
}

/// A new link to the personal page of an RSVP (no sign-in needed).
async fn manage_link(tx: &mut Tx, site: &str, rsvp_id: i64) -> AppResult<String> {
    let token = links::mint(tx, LinkKind::Rsvp, rsvp_id).await?;
    Ok(format!("{site}/rsvp/{token}"))
}

/// The reminder a day before: when, where, the ticket, and a way to give the seat back; with a
/// one-click unsubscribe (RFC 8058) from reminders.
async fn remind(tx: &mut Tx, due: &Due, site: &str) -> AppResult<()> {
    let page = format!("{site}/e/{}", due.slug);
    let token = links::mint(tx, LinkKind::Unsubscribe, due.account_id).await?;
    let manage = manage_link(tx, site, due.rsvp_id).await?;
    let unsubscribe = format!("{site}/unsubscribe/{token}?what=reminders");
    let one_click = format!("{site}/mail/unsubscribe/{token}?what=reminders");
    let when = describe_in(due.starts_at, due.ends_at, due.time_zone);
    let mut facts_list = vec![("When", when.clone())];
    if let Some(place) = venue_line(due.venue_name.as_deref(), due.venue_address.as_deref()) {
        facts_list.push(("Where", place));
    }
    if let Some(url) = &due.online_url {
        facts_list.push(("Online", url.clone()));
    }
    let party = match due.plus_ones {
        0 => String::new(),
        1 => " (you and 1 guest)".to_owned(),
        n => format!(" (you and {n} guests)"),
    };
    let mut body = Body::new(&format!("Hi {},", due.display_name));
    body.paragraph(&format!(
        "A reminder: you're going to {}{party}, soon.",
        due.title
    ))
    .facts(&facts_list)
    .action("Your ticket", &manage)
    .link(
        "Can't come after all? Give your seat to the waitlist",
        &manage,
    )
    .link("Event page", &page)
    .link("No more reminder mails", &unsubscribe);
    let (body_text, body_html) = body.finish(&format!(
        "You get this because you're going to {} on Hallway.",
        due.title
    ));
    let mail = NewMail {
        kind: "event_reminder",
        to_address: due.email.clone(),
        to_name: due.display_name.clone(),
        subject: format!("Reminder: {} — {when}", due.title),
        body_text,
        body_html,
        unsubscribe_url: Some(one_click),
        group_id: Some(due.group_id),
        event_id: Some(due.event_id),
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await?;
    sqlx::query("update rsvp set reminded_at = $1 where rsvp_id = $2")
        .bind(crate::db::now())
        .bind(due.rsvp_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What organizers wrote, to one person of its audience, with a one-click unsubscribe from
/// announcements.
async fn announce(
    tx: &mut Tx,
    job: &Job,
    person: &Person,
    facts: &EventFacts,
    site: &str,
) -> AppResult<()> {
    let page = format!("{site}/e/{}", facts.slug);
    let token = links::mint(tx, LinkKind::Unsubscribe, person.account_id).await?;
    let manage = manage_link(tx, site, person.rsvp_id).await?;
    let unsubscribe = format!("{site}/unsubscribe/{token}?what=announcements");
    let one_click = format!("{site}/mail/unsubscribe/{token}?what=announcements");
    let source = job.body.clone().unwrap_or_default();
    let mut body = Body::new(&format!("Hi {},", person.display_name));
    body.paragraph(&format!(
        "{} wrote to everyone {} {}:",
        facts.group_name,
        if person.status == "waitlisted" {
            "waiting for a seat at"
        } else {
            "going to"
        },
        facts.title
    ))
    .markdown(&to_plain_text(&source), &to_safe_html(&source))
    .link("Event page", &page)
    .link("Change or cancel your RSVP", &manage)
    .link("No more announcements", &unsubscribe);
    let (body_text, body_html) = body.finish(&format!(
        "You get this because you answered the RSVP of {} on Hallway.",
        facts.title
    ));
    let mail = NewMail {
        kind: "announcement",
        to_address: person.email.clone(),
        to_name: person.display_name.clone(),
        subject: format!(
            "[{}] {}",
            facts.group_name,
            job.subject.clone().unwrap_or_default()
        ),
        body_text,
        body_html,
        unsubscribe_url: Some(one_click),
        group_id: Some(facts.group_id),
        event_id: Some(job.event_id),
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}
