//! Mail over a real SMTP conversation (a test server on loopback): RSVP mails with the event
//! attached, retries after a temporary failure, a final failure after a permanent one, `.eml`
//! files without SMTP, no duplicates after a restart or with two instances on one database.

use crate::helpers::{
    cleanup, spawn_app, spawn_app_with, start, Browser, Engine, MailOptions, TestApp,
};
use crate::ical_parser::python;
use crate::smtp::{Received, SmtpSink};
use serde_json::Value;
use std::{collections::HashSet, time::Duration};

fn smtp_options(sink: &SmtpSink) -> MailOptions {
    MailOptions {
        smtp_url: Some(sink.url.clone()),
        ..MailOptions::default()
    }
}

/// A test SMTP server and an app that delivers to it.
async fn with_smtp(engine: Engine) -> (SmtpSink, TestApp) {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(engine, smtp_options(&sink)).await;
    (sink, app)
}

async fn organizer(app: &TestApp) -> Browser {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    ada
}

/// A published event with `capacity` seats; returns its slug.
async fn event(ada: &Browser, capacity: &str) -> String {
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", "Rust Meetup"),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", "2030-03-05T19:00"),
                ("end", "2030-03-05T21:30"),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, Berlin"),
                ("online_url", "https://meet.example.org/rust"),
                ("capacity", capacity),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    let res = ada.call("publish_event", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    slug
}

async fn going(b: &Browser, slug: &str) {
    let res = b
        .call("rsvp_going", &[("event", slug), ("plus_ones", "0")])
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
}

fn to(mails: &[Received], address: &str) -> Vec<Received> {
    mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == address))
        .cloned()
        .collect()
}

/// The message as a mail client reads it (Python's `email` and `icalendar`).
fn read(mail: &Received) -> Value {
    python("mail_read.py", &[], std::slice::from_ref(&mail.data)).remove(0)
}

fn text_of(mail: &Received) -> String {
    read(mail)["text"].as_str().unwrap_or_default().to_owned()
}

/// The outbox row of the latest mail to `address`: (status, attempts, last error).
async fn outbox_of(app: &TestApp, address: &str) -> Option<(String, i64, Option<String>)> {
    sqlx::query_as(
        "select status, attempts, last_error from outbox where to_address = $1 order by mail_id desc limit 1",
    )
    .bind(address)
    .fetch_optional(app.db.writer())
    .await
    .unwrap()
}

async fn wait_for_status(
    app: &TestApp,
    address: &str,
    status: &str,
) -> (String, i64, Option<String>) {
    for _ in 0..200 {
        if let Some(row) = outbox_of(app, address).await {
            if row.0 == status {
                return row;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the mail to {address} never became {status}: {:?}",
        outbox_of(app, address).await
    );
}

async fn rsvp_mails_arrive_over_smtp_with_the_event_attached(engine: Engine) {
    let (sink, app) = with_smtp(engine).await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "1").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    going(&ann, &slug).await;
    let ben = app.signed_up("Ben", "ben@example.org").await;
    going(&ben, &slug).await;
    let mails = sink.wait_for(2, 10).await;

    let confirmation = &to(&mails, "ann@example.org")[0];
    assert_eq!(
        confirmation.header("Subject").unwrap(),
        "You're going: Rust Meetup"
    );
    assert!(confirmation.header("Message-ID").unwrap().starts_with('<'));
    assert!(confirmation.header("Date").is_some());
    assert_eq!(confirmation.header("To").unwrap(), "Ann <ann@example.org>");
    let read = read(confirmation);
    let body = read["text"].as_str().unwrap();
    assert!(
        body.contains("When: Tue 5 Mar 2030, 19:00 – 21:30 CET (UTC+01:00) (Europe/Berlin)\n"),
        "{body:?}"
    );
    assert!(body.contains("Where: c-base, Rungestraße 20, Berlin\n"));
    // The ticket is the RSVP's personal page: absolute, and it works without signing in.
    let ticket = format!("Your ticket: {}/rsvp/", app.address);
    assert!(body.contains(&ticket), "absolute links: {body}");
    let start = body.find(&ticket).unwrap() + ticket.len();
    let token = &body[start..start + 64];
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(read["html"]
        .as_str()
        .unwrap()
        .contains(&format!("href=\"{}/rsvp/{token}\"", app.address)));
    assert_eq!(
        app.browser()
            .get(&format!("/rsvp/{token}"))
            .await
            .status()
            .as_u16(),
        200
    );
    let attachment = read["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["filename"] == "event.ics")
        .expect("an event.ics attachment");
    assert_eq!(attachment["attachment"], true);
    // Calendar apps recognise the attachment by its type and method, not by its name.
    assert_eq!(attachment["type"], "text/calendar");
    assert_eq!(attachment["method"], "PUBLISH");
    let calendar = &attachment["calendar"];
    assert_eq!(calendar["METHOD"], "PUBLISH");
    let feed = app
        .browser()
        .get(&format!("/e/{slug}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    let uid = feed
        .split("\r\n")
        .find_map(|l| l.strip_prefix("UID:"))
        .unwrap();
    assert_eq!(
        calendar["events"][0]["UID"], uid,
        "the same UID as the feed"
    );
    assert_eq!(
        calendar["events"][0]["start"], 1_898_964_000,
        "19:00 Berlin = 18:00 UTC"
    );

    let waitlisted = &to(&mails, "ben@example.org")[0];
    assert_eq!(
        waitlisted.header("Subject").unwrap(),
        "You're on the waitlist: Rust Meetup"
    );
    assert!(text_of(waitlisted).contains("1st in line"));
    assert!(
        !text_of(waitlisted).contains("meet.example.org"),
        "no online link while waiting"
    );

    // Ann cannot come: Ben is let in, and told so.
    let res = ann.call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    let mails = sink.wait_for(3, 10).await;
    let let_in = to(&mails, "ben@example.org");
    assert_eq!(let_in.len(), 2);
    assert_eq!(
        let_in[1].header("Subject").unwrap(),
        "You're in: Rust Meetup (from the waitlist)"
    );
    assert!(text_of(&let_in[1]).contains("meet.example.org/rust"));
    let (status, attempts, _) = outbox_of(&app, "ben@example.org").await.unwrap();
    assert_eq!((status.as_str(), attempts), ("sent", 1));
    app.stop().await;
    cleanup(leftovers).await;
}

async fn a_temporary_failure_is_retried_and_a_permanent_one_fails_until_sent_again(engine: Engine) {
    let (sink, app) = with_smtp(engine).await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "10").await;
    sink.reply_next(&["451 4.3.0 Mailbox busy, try again later"]);
    let ann = app.signed_up("Ann", "ann@example.org").await;
    going(&ann, &slug).await;
    let (_, attempts, error) = wait_for_status(&app, "ann@example.org", "sent").await;
    assert_eq!(attempts, 2, "sent on the second try");
    assert_eq!(error, None);
    assert_eq!(to(&sink.received(), "ann@example.org").len(), 1);

    sink.reply_next(&["550 5.1.1 No such user here"]);
    let ben = app.signed_up("Ben", "ben@example.org").await;
    going(&ben, &slug).await;
    let (_, attempts, error) = wait_for_status(&app, "ben@example.org", "failed").await;
    assert_eq!(attempts, 1, "a permanent failure is not retried");
    assert!(error.unwrap().contains("No such user"));
    assert!(to(&sink.received(), "ben@example.org").is_empty());

    // The organizers see it failed, with the reason, and send it again; nobody else may.
    let res = ann.call("group_outbox", &[("group", "rust-berlin")]).await;
    assert_eq!(res.status().as_u16(), 403);
    let res = ann
        .call("resend_mail", &[("group", "rust-berlin"), ("mail", "1")])
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let page = ada.get("/g/rust-berlin/outbox").await.text().await.unwrap();
    assert!(
        page.contains("Failed") && page.contains("No such user here"),
        "{page}"
    );
    let outbox: Value = ada
        .call("group_outbox", &[("group", "rust-berlin")])
        .await
        .json()
        .await
        .unwrap();
    let failed = outbox["mails"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "Failed")
        .unwrap();
    assert!(failed["to"].as_str().unwrap().contains("ben@example.org"));
    let id = failed["mail_id"].to_string();
    let sent = outbox["mails"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "Sent")
        .unwrap()["mail_id"]
        .to_string();
    let res = ada
        .call("resend_mail", &[("group", "rust-berlin"), ("mail", &sent)])
        .await;
    assert_eq!(res.status().as_u16(), 409, "only failed mails go again");
    let res = ada
        .call("resend_mail", &[("group", "rust-berlin"), ("mail", &id)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    wait_for_status(&app, "ben@example.org", "sent").await;
    assert_eq!(to(&sink.received(), "ben@example.org").len(), 1);
    app.stop().await;
    cleanup(leftovers).await;
}

async fn with_smtp_down_the_rsvp_still_succeeds_and_the_mail_waits(engine: Engine) {
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let app = spawn_app_with(
        engine,
        MailOptions {
            smtp_url: Some(url),
            retry_base_secs: 3600,
            ..MailOptions::default()
        },
    )
    .await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "10").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    going(&ann, &slug).await;
    // The try counts when the mail is claimed ('sending'); it is back in the queue once the
    // connection failed.
    for _ in 0..100 {
        let (status, attempts, _) = outbox_of(&app, "ann@example.org").await.unwrap();
        if attempts >= 1 && status != "sending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, attempts, error) = outbox_of(&app, "ann@example.org").await.unwrap();
    assert_eq!(
        (status.as_str(), attempts),
        ("queued", 1),
        "waiting to retry"
    );
    assert!(error.is_some_and(|e| !e.is_empty()));
    app.stop().await;
    cleanup(leftovers).await;
}

async fn without_smtp_mails_are_written_as_eml_files(engine: Engine) {
    let app = spawn_app(engine).await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "10").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    going(&ann, &slug).await;
    wait_for_status(&app, "ann@example.org", "sent").await;
    let files: Vec<_> = std::fs::read_dir(&app.outbox_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with("-email_confirm.eml"))
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].to_string_lossy().ends_with("-rsvp_going.eml"));
    let message = std::fs::read_to_string(&files[0]).unwrap();
    assert!(message.contains("Subject: You're going: Rust Meetup\r\n"));
    let _ = std::fs::remove_dir_all(&app.outbox_dir);
    app.stop().await;
    cleanup(leftovers).await;
}

/// The calendar part of a mail, parsed: (METHOD, UID, SEQUENCE, STATUS).
fn calendar_of(mail: &Received) -> (String, String, i64, String) {
    let read = read(mail);
    let part = read["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "text/calendar")
        .expect("an inline text/calendar part")
        .clone();
    let calendar = &part["calendar"];
    let event = &calendar["events"][0];
    (
        calendar["METHOD"].as_str().unwrap().to_owned(),
        event["UID"].as_str().unwrap().to_owned(),
        event["SEQUENCE"].as_i64().unwrap(),
        event["STATUS"].as_str().unwrap().to_owned(),
    )
}

async fn a_moved_or_cancelled_event_updates_everyones_calendar_by_mail(engine: Engine) {
    let (sink, app) = with_smtp(engine).await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "1").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    going(&ann, &slug).await;
    let ben = app.signed_up("Ben", "ben@example.org").await;
    going(&ben, &slug).await;
    let cy = app.signed_up("Cy", "cy@example.org").await;
    let res = cy.call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    sink.wait_for(2, 10).await;
    let feed = app
        .browser()
        .get(&format!("/e/{slug}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    let uid = feed
        .split("\r\n")
        .find_map(|l| l.strip_prefix("UID:"))
        .unwrap()
        .to_owned();
    let sequence = |feed: &str| {
        feed.split("\r\n")
            .find_map(|l| l.strip_prefix("SEQUENCE:"))
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    let before = sequence(&feed);

    // An hour later: Ann (going) and Ben (waiting) get an update; Cy (not going) does not.
    let res = ada
        .call(
            "update_event",
            &[
                ("event", &slug),
                ("title", "Rust Meetup"),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", "2030-03-05T20:00"),
                ("end", "2030-03-05T22:30"),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, Berlin"),
                ("online_url", "https://meet.example.org/rust"),
                ("capacity", "1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let mails = sink.wait_for(4, 10).await;
    let changed: Vec<&Received> = mails[2..].iter().collect();
    let mut to_whom: Vec<String> = changed.iter().flat_map(|m| m.to.clone()).collect();
    to_whom.sort();
    assert_eq!(to_whom, ["ann@example.org", "ben@example.org"]);
    for mail in &changed {
        assert_eq!(mail.header("Subject").unwrap(), "Changed: Rust Meetup");
        let (method, mail_uid, mail_sequence, _) = calendar_of(mail);
        assert_eq!(method, "REQUEST");
        assert_eq!(mail_uid, uid, "the same UID as the feed and the first mail");
        assert!(mail_sequence > before, "a higher SEQUENCE");
        assert!(text_of(mail).contains("20:00 – 22:30 CET"));
    }
    let ben_change = changed
        .iter()
        .find(|m| m.to[0] == "ben@example.org")
        .unwrap();
    assert!(
        !text_of(ben_change).contains("meet.example.org"),
        "no online link while waiting"
    );

    // Cancelled: both get a CANCEL for the same UID.
    let res = ada
        .call(
            "cancel_event",
            &[("event", &slug), ("reason", "The venue flooded.")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let mails = sink.wait_for(6, 10).await;
    for mail in &mails[4..] {
        assert_eq!(mail.header("Subject").unwrap(), "Cancelled: Rust Meetup");
        let (method, mail_uid, _, status) = calendar_of(mail);
        assert_eq!((method.as_str(), status.as_str()), ("CANCEL", "CANCELLED"));
        assert_eq!(mail_uid, uid);
        assert!(text_of(mail).contains("The venue flooded."));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 6, "nobody else, nothing twice");
    app.stop().await;
    cleanup(leftovers).await;
}

/// A cancellation for thousands of people is one job in the organizer's request; the worker
/// writes the mails afterwards in batches, each person once.
async fn a_cancellation_for_thousands_is_queued_as_one_job_and_mails_each_person_once(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let leftovers = app.leftovers();
    let outbox = app.outbox_dir.clone();
    let ada = organizer(&app).await;
    let slug = event(&ada, "").await;
    // 1,200 people going, written straight into the database.
    let event_id: i64 = sqlx::query_scalar("select event_id from event where slug = $1")
        .bind(&slug)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let now = app::db::now();
    let mut tx = app.db.writer().begin().await.unwrap();
    for i in 0..1200 {
        let account_id: i64 = sqlx::query_scalar(
            "insert into account (email, display_name, password_hash, created_at, updated_at)
             values ($1, $2, '!', $3, $3) returning account_id",
        )
        .bind(format!("guest{i}@example.org"))
        .bind(format!("Guest {i}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "insert into rsvp (event_id, account_id, status, plus_ones, queue_seq, ticket_code, created_at, updated_at)
             values ($1, $2, 'going', 0, $3, $4, $5, $5)",
        )
        .bind(event_id)
        .bind(account_id)
        .bind(i64::from(i))
        .bind(format!("CODE{i:06}"))
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let res = ada
        .call(
            "cancel_event",
            &[("event", &slug), ("reason", "Snow storm.")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let jobs: i64 = sqlx::query_scalar("select count(*) from mail_job where event_id = $1")
        .bind(event_id)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(jobs, 1);
    let mut written = 0;
    for _ in 0..600 {
        written = sqlx::query_scalar::<_, i64>(
            "select count(*) from outbox where kind = 'event_cancelled'",
        )
        .fetch_one(app.db.writer())
        .await
        .unwrap();
        // The job is marked done by the batch that finds nothing left to write.
        let done: i64 = sqlx::query_scalar(
            "select count(*) from mail_job where event_id = $1 and status = 'done'",
        )
        .bind(event_id)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
        if written >= 1200 && done == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(written, 1200);
    let distinct: i64 = sqlx::query_scalar(
        "select count(distinct to_address) from outbox where kind = 'event_cancelled'",
    )
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    assert_eq!(distinct, 1200, "each person once");
    let status: String = sqlx::query_scalar("select status from mail_job where event_id = $1")
        .bind(event_id)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(status, "done");
    app.stop().await;
    let _ = std::fs::remove_dir_all(&outbox);
    cleanup(leftovers).await;
}

/// A published event starting `hours` from now (Berlin time, as typed in the form).
async fn event_in(ada: &Browser, title: &str, hours: i64) -> String {
    let zone = app::events::time::parse_zone("time_zone", "Europe/Berlin").unwrap();
    let start = app::db::now() + hours * 3600;
    let local = |t: i64| app::events::time::to_local_input(t, zone);
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", title),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", &local(start)),
                ("end", &local(start + 7200)),
                ("venue_name", "c-base"),
                ("capacity", "10"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    let res = ada.call("publish_event", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    slug
}

/// (to, subject, unsubscribe URL) of every reminder written so far.
async fn reminders(app: &TestApp) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as(
        "select to_address, subject, unsubscribe_url from outbox where kind = 'event_reminder' order by mail_id",
    )
    .fetch_all(app.db.writer())
    .await
    .unwrap()
}

async fn reminders_go_once_a_day_before_to_people_going_who_want_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let leftovers = app.leftovers();
    let outbox = app.outbox_dir.clone();
    let ada = organizer(&app).await;
    // Soon, later, and soon with reminders turned off by the organizers.
    let soon = event_in(&ada, "Tomorrow's meetup", 23).await;
    let later = event_in(&ada, "Next week's meetup", 24 * 7).await;
    let quiet = event_in(&ada, "Quiet meetup", 20).await;
    let res = ada
        .call(
            "update_rsvp_settings",
            &[
                ("event", quiet.as_str()),
                ("capacity", "10"),
                ("max_plus_ones", "1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let ben = app.signed_up("Ben", "ben@example.org").await;
    for slug in [&soon, &later, &quiet] {
        going(&ann, slug).await;
        going(&ben, slug).await;
    }
    // Ben wants no reminders.
    let res = ben
        .call("update_mail_preferences", &[("announcements", "on")])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // Then: they answered three hours ago (people who answered just now had their confirmation).
    sqlx::query("update rsvp set updated_at = $1")
        .bind(app::db::now() - 3 * 3600)
        .execute(app.db.writer())
        .await
        .unwrap();
    let mut sent = Vec::new();
    for _ in 0..100 {
        sent = reminders(&app).await;
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A few more polls: still one.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent_now = reminders(&app).await;
    assert_eq!(sent_now.len(), 1, "{sent_now:?}");
    assert_eq!(sent, sent_now);
    let (to, subject, unsubscribe) = &sent[0];
    assert_eq!(to, "ann@example.org");
    assert!(
        subject.starts_with("Reminder: Tomorrow's meetup"),
        "{subject}"
    );

    // One click from the mail provider (no browser, no cookie, no Origin) turns reminders off.
    let url = unsubscribe.clone().expect("List-Unsubscribe");
    assert!(url.contains("/mail/unsubscribe/"));
    let provider = reqwest::Client::new();
    let res = provider
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (reminders_on,): (i64,) =
        sqlx::query_as("select mail_reminders from account where email = 'ann@example.org'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(reminders_on, 0);
    // The link in the mail's text opens a page that says so.
    let token = url
        .split("/mail/unsubscribe/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    let page = app
        .browser()
        .get(&format!("/unsubscribe/{token}?what=reminders"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("You&#x27;re unsubscribed") || page.contains("You're unsubscribed"),
        "{page}"
    );
    // A forged token changes nothing.
    let res = provider
        .post(url.replace(token, &"0".repeat(64)))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    app.stop().await;
    let _ = std::fs::remove_dir_all(&outbox);
    cleanup(leftovers).await;
}

async fn announcements_reach_their_audience_once_and_are_limited(engine: Engine) {
    let app = spawn_app(engine).await;
    let leftovers = app.leftovers();
    let outbox = app.outbox_dir.clone();
    let ada = organizer(&app).await;
    let slug = event(&ada, "2").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let dee = app.signed_up("Dee", "dee@example.org").await;
    let ben = app.signed_up("Ben", "ben@example.org").await;
    for person in [&ann, &dee, &ben] {
        going(person, &slug).await;
    }
    let res = dee
        .call("update_mail_preferences", &[("reminders", "on")])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let audience: Value = ada
        .call("announcement_audience", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            &audience["going"],
            &audience["going_off"],
            &audience["waitlisted"]
        ),
        (&Value::from(2), &Value::from(1), &Value::from(1))
    );
    // Only organizers; and a clear word on bad input, nothing written.
    let res = ann
        .call(
            "send_announcement",
            &[
                ("event", &slug),
                ("subject", "Hi"),
                ("body", "x"),
                ("going", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = ada
        .call(
            "send_announcement",
            &[("event", &slug), ("subject", " "), ("body", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let errors = res.text().await.unwrap();
    assert!(
        errors.contains("subject") && errors.contains("body") && errors.contains("audience"),
        "{errors}"
    );
    let kinds = |app: &TestApp| {
        let pool = app.db.writer().clone();
        async move {
            sqlx::query_as::<_, (String, String, String, Option<String>)>(
                "select to_address, subject, body_html, unsubscribe_url from outbox where kind = 'announcement' order by mail_id",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let res = ada
        .call(
            "send_announcement",
            &[
                ("event", &slug),
                ("subject", "Room change"),
                ("body", "We moved to **room 2**."),
                ("going", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let mut mails = Vec::new();
    for _ in 0..100 {
        mails = kinds(&app).await;
        if !mails.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(kinds(&app).await.len(), 1, "Dee turned them off; Ben waits");
    let (to, subject, html, unsubscribe) = &mails[0];
    assert_eq!(to, "ann@example.org");
    assert_eq!(subject, "[Rust Berlin] Room change");
    assert!(html.contains("<strong>room 2</strong>"), "{html}");
    assert!(unsubscribe
        .as_deref()
        .unwrap()
        .ends_with("?what=announcements"));
    // To both: Ann and Ben.
    let res = ada
        .call(
            "send_announcement",
            &[
                ("event", &slug),
                ("subject", "Pizza"),
                ("body", "There will be pizza."),
                ("going", "on"),
                ("waitlisted", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    for _ in 0..100 {
        if kinds(&app).await.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut second: Vec<String> = kinds(&app).await[1..].iter().map(|m| m.0.clone()).collect();
    second.sort();
    assert_eq!(second, ["ann@example.org", "ben@example.org"]);
    // Five a day.
    for n in 3..=5 {
        let res = ada
            .call(
                "send_announcement",
                &[
                    ("event", &slug),
                    ("subject", &format!("Note {n}")),
                    ("body", "Hello."),
                    ("going", "on"),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let res = ada
        .call(
            "send_announcement",
            &[
                ("event", &slug),
                ("subject", "Too many"),
                ("body", "Hello."),
                ("going", "on"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 429);
    app.stop().await;
    let _ = std::fs::remove_dir_all(&outbox);
    cleanup(leftovers).await;
}

/// Every message id the sink got, checked for duplicates.
fn distinct(mails: &[Received]) -> usize {
    let ids: Vec<String> = mails
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a mail was delivered twice");
    unique.len()
}

async fn a_restart_in_the_middle_of_the_queue_sends_nothing_twice(engine: Engine) {
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(40));
    let options = smtp_options(&sink);
    let app = spawn_app_with(engine, options.clone()).await;
    let leftovers = app.leftovers();
    let ada = organizer(&app).await;
    let slug = event(&ada, "100").await;
    let people = app.crowd("guest", 30).await;
    for person in &people {
        going(person, &slug).await;
    }
    sink.wait_for(5, 20).await;
    let database_url = app.database_url().to_owned();
    app.stop().await;
    let sent_before = sink.received().len();
    assert!(sent_before < 30, "the restart should come mid-queue");
    let again = start(database_url, options).await;
    let mails = sink.wait_for(30, 30).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(distinct(&sink.received()), 30);
    assert_eq!(mails.len(), 30);
    again.stop().await;
    cleanup(leftovers).await;
}

async fn two_instances_on_one_database_never_send_the_same_mail(engine: Engine) {
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(10));
    let options = smtp_options(&sink);
    let first = spawn_app_with(engine, options.clone()).await;
    let leftovers = first.leftovers();
    let second = start(first.database_url().to_owned(), options).await;
    let ada = organizer(&first).await;
    let slug = event(&ada, "100").await;
    let people = first.crowd("guest", 40).await;
    for person in &people {
        going(person, &slug).await;
    }
    sink.wait_for(40, 30).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(distinct(&sink.received()), 40);
    let by: Vec<(String,)> = sqlx::query_as("select status from outbox")
        .fetch_all(first.db.writer())
        .await
        .unwrap();
    assert!(by.iter().all(|(s,)| s == "sent"));
    second.stop().await;
    first.stop().await;
    cleanup(leftovers).await;
}

/// Many workers claiming at once from a full outbox: each mail is handed out once. (The
/// claim is what keeps instances sharing a database from sending a mail twice.)
async fn concurrent_claims_never_hand_out_one_mail_twice(engine: Engine) {
    use app::mail::{queries, service};
    let app = spawn_app(engine).await;
    let leftovers = app.leftovers();
    let outbox = app.outbox_dir.clone();
    let mut tx = app.db.begin_write().await.unwrap();
    for i in 0..300 {
        let mail = queries::NewMail {
            kind: "test",
            to_address: format!("guest{i}@example.org"),
            subject: "Hello".to_owned(),
            ..queries::NewMail::default()
        };
        service::enqueue(&mut tx, &mail, "https://hallway.test")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let db = app.db.clone();
        workers.spawn(async move {
            let mut mine = Vec::new();
            loop {
                let now = app::db::now();
                let batch = queries::claim(&db, now, now + 600, 5).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.into_iter().map(|m| m.mail_id));
            }
        });
    }
    let mut claimed = Vec::new();
    while let Some(mine) = workers.join_next().await {
        claimed.extend(mine.unwrap());
    }
    let unique: HashSet<i64> = claimed.iter().copied().collect();
    assert_eq!(unique.len(), claimed.len(), "a mail was claimed twice");
    let twice: i64 = sqlx::query_scalar("select count(*) from outbox where attempts <> 1")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(twice, 0, "every mail was claimed exactly once");
    app.stop().await;
    let _ = std::fs::remove_dir_all(&outbox);
    cleanup(leftovers).await;
}

/// Mails a killed process had claimed (its lease just taken) go out after a restart within a
/// minute, not after five, each once.
async fn mails_claimed_by_a_killed_process_go_out_within_a_minute_of_a_restart(engine: Engine) {
    use app::mail::{queries, service, worker::LEASE_SECS};
    const {
        assert!(
            LEASE_SECS <= 30,
            "a dead worker's claim runs out within 30 s"
        )
    };
    let sink = SmtpSink::start().await;
    let database_url = crate::helpers::fresh_database(engine).await;
    let first = start(database_url.clone(), smtp_options(&sink)).await;
    let leftovers = first.leftovers();
    first.stop().await;
    // What a process killed mid-batch leaves: mails claimed ('sending') under its lease.
    let db = app::db::Db::connect(&database_url).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    for i in 0..5 {
        let mail = queries::NewMail {
            kind: "test",
            to_address: format!("guest{i}@example.org"),
            subject: "Hello".to_owned(),
            ..queries::NewMail::default()
        };
        service::enqueue(&mut tx, &mail, "https://hallway.test")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let now = app::db::now();
    let claimed = queries::claim(&db, now, now + LEASE_SECS, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 5);
    db.close().await;
    let again = start(database_url, smtp_options(&sink)).await;
    let mails = sink.wait_for(5, 60).await;
    assert_eq!(distinct(&mails), 5);
    again.stop().await;
    cleanup(leftovers).await;
}

/// A worker that takes longer than a lease to send its batch keeps its claim (it renews it),
/// so a second instance never sends the same mail.
async fn a_slow_worker_keeps_its_claim_and_no_mail_goes_twice(engine: Engine) {
    let sink = SmtpSink::start().await;
    // Ten mails a batch at 1.2 s each: a batch outlasts the 6 s lease twice over.
    sink.set_delay(Duration::from_millis(1200));
    let options = MailOptions {
        lease_secs: 6,
        ..smtp_options(&sink)
    };
    let first = spawn_app_with(engine, options.clone()).await;
    let leftovers = first.leftovers();
    let second = start(first.database_url().to_owned(), options).await;
    let ada = organizer(&first).await;
    let slug = event(&ada, "100").await;
    let people = first.crowd("guest", 12).await;
    for person in &people {
        going(person, &slug).await;
    }
    sink.wait_for(12, 60).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(distinct(&sink.received()), 12);
    second.stop().await;
    first.stop().await;
    cleanup(leftovers).await;
}

macro_rules! mail_tests {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $test() { $crate::helpers::runtime().block_on(super::$test($crate::helpers::Engine::Sqlite)); } )*
        }
        mod postgres {
            $( #[test] fn $test() { $crate::helpers::runtime().block_on(super::$test($crate::helpers::Engine::Postgres)); } )*
        }
    };
}

mail_tests!(
    rsvp_mails_arrive_over_smtp_with_the_event_attached,
    a_temporary_failure_is_retried_and_a_permanent_one_fails_until_sent_again,
    with_smtp_down_the_rsvp_still_succeeds_and_the_mail_waits,
    without_smtp_mails_are_written_as_eml_files,
    a_restart_in_the_middle_of_the_queue_sends_nothing_twice,
    two_instances_on_one_database_never_send_the_same_mail,
    concurrent_claims_never_hand_out_one_mail_twice,
    mails_claimed_by_a_killed_process_go_out_within_a_minute_of_a_restart,
    a_slow_worker_keeps_its_claim_and_no_mail_goes_twice,
    a_moved_or_cancelled_event_updates_everyones_calendar_by_mail,
    a_cancellation_for_thousands_is_queued_as_one_job_and_mails_each_person_once,
    reminders_go_once_a_day_before_to_people_going_who_want_them,
    announcements_reach_their_audience_once_and_are_limited,
);
