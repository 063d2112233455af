//! RSVPs: going with plus-ones, the waitlist and its promotions, capacity, answers, tickets,
//! the attendee list, CSV, check-in, who may do what, and the seat guarantees under load.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use tokio::task::JoinSet;

const START: &str = "2030-03-05T19:00";
const END: &str = "2030-03-05T21:30";

pub(crate) async fn organizer(app: &TestApp) -> Browser {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    ada
}

fn ok(status: u16, body: &str, what: &str) {
    assert!(
        (200..400).contains(&status),
        "{what} answered {status}: {body}"
    );
}

/// Creates an event with `capacity` seats (and RSVP window fields), publishes it, returns its slug.
pub(crate) async fn event_with(
    ada: &Browser,
    title: &str,
    capacity: &str,
    (start, end, closes): (&str, &str, &str),
    publish: bool,
) -> String {
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", title),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", start),
                ("end", end),
                ("venue_name", "c-base"),
                ("online_url", "https://meet.example.org/rust"),
                ("capacity", capacity),
                ("rsvp_closes", closes),
            ],
        )
        .await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    ok(status, &res.text().await.unwrap(), "create_event");
    let slug = location.unwrap().trim_start_matches("/e/").to_owned();
    if publish {
        let res = ada.call("publish_event", &[("event", &slug)]).await;
        ok(res.status().as_u16(), "", "publish_event");
    }
    slug
}

pub(crate) async fn published(ada: &Browser, capacity: &str) -> String {
    event_with(ada, "Rust Meetup", capacity, (START, END, ""), true).await
}

pub(crate) async fn settings(
    ada: &Browser,
    slug: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("event", slug)];
    all.extend_from_slice(fields);
    ada.call("update_rsvp_settings", &all).await
}

pub(crate) async fn going(b: &Browser, slug: &str, plus_ones: &str) -> reqwest::Response {
    b.call("rsvp_going", &[("event", slug), ("plus_ones", plus_ones)])
        .await
}

/// The stored status and plus-ones of `email`'s RSVP.
pub(crate) async fn rsvp_of(app: &TestApp, email: &str) -> Option<(String, i64)> {
    sqlx::query_as(
        "select r.status, r.plus_ones from rsvp r join account a on a.account_id = r.account_id where a.email = $1",
    )
    .bind(email)
    .fetch_optional(app.db.writer())
    .await
    .unwrap()
}

async fn status_of(app: &TestApp, email: &str) -> String {
    rsvp_of(app, email).await.map(|r| r.0).unwrap_or_default()
}

async fn seats_taken(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar(
        "select cast(coalesce(sum(1 + r.plus_ones), 0) as bigint) from rsvp r join event e on e.event_id = r.event_id
         where e.slug = $1 and r.status = 'going'",
    )
    .bind(slug)
    .fetch_one(app.db.writer())
    .await
    .unwrap()
}

/// The seat guarantees, read straight from the database.
async fn assert_invariants(app: &TestApp, slug: &str) -> (i64, i64) {
    let capacity: Option<i64> = sqlx::query_scalar("select capacity from event where slug = $1")
        .bind(slug)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let taken = seats_taken(app, slug).await;
    if let Some(capacity) = capacity {
        assert!(taken <= capacity, "{taken} seats taken of {capacity}");
    }
    let (rows, people): (i64, i64) = sqlx::query_as(
        "select count(*), count(distinct r.account_id) from rsvp r join event e on e.event_id = r.event_id where e.slug = $1",
    )
    .bind(slug)
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    assert_eq!(rows, people, "one RSVP per person");
    let line: Vec<(i64, i64)> = sqlx::query_as(
        "select r.queue_seq, 1 + r.plus_ones from rsvp r join event e on e.event_id = r.event_id
         where e.slug = $1 and r.status = 'waitlisted' order by r.queue_seq",
    )
    .bind(slug)
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    let mut seqs: Vec<i64> = line.iter().map(|l| l.0).collect();
    seqs.dedup();
    assert_eq!(seqs.len(), line.len(), "places in line are distinct");
    if let Some(capacity) = capacity {
        let free = capacity - taken;
        for (seq, size) in &line {
            assert!(
                *size > free,
                "a party of {size} (place {seq}) waits while {free} seats are free"
            );
        }
    }
    (taken, i64::try_from(line.len()).unwrap())
}

async fn going_with_a_plus_one_takes_two_seats_and_shows_the_online_link_and_ticket(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    let page = bob.get(&format!("/e/{slug}")).await.text().await.unwrap();
    assert!(page.contains("0 of 10 seats taken"), "seats shown");
    assert!(
        !page.contains("meet.example.org"),
        "online link hidden before going"
    );
    let res = going(&bob, &slug, "1").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/e/{slug}?done=going").as_str()
    );
    assert_eq!(
        rsvp_of(&app, "bob@example.org").await,
        Some(("going".into(), 1))
    );
    let page = bob.get(&format!("/e/{slug}")).await.text().await.unwrap();
    assert!(page.contains("2 of 10 seats taken"));
    assert!(page.contains("You're going"));
    assert!(
        page.contains("https://meet.example.org/rust"),
        "online link shown while going"
    );
    let ticket = bob.get(&format!("/e/{slug}/ticket")).await;
    assert_eq!(ticket.status().as_u16(), 200);
    let ticket = ticket.text().await.unwrap();
    let code: String = sqlx::query_scalar("select ticket_code from rsvp")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert!(
        ticket.contains(&format!("{}-{}", &code[..5], &code[5..])),
        "code on the ticket"
    );
    assert!(ticket.contains("<svg"), "QR code drawn on the server");
    // Not going: seats free, the link disappears.
    let res = bob.call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    let page = bob.get(&format!("/e/{slug}")).await.text().await.unwrap();
    assert!(page.contains("0 of 10 seats taken"));
    assert!(!page.contains("https://meet.example.org/rust"));
    assert_eq!(
        bob.get(&format!("/e/{slug}/ticket"))
            .await
            .status()
            .as_u16(),
        404
    );
}

async fn a_full_event_puts_new_parties_on_the_waitlist_and_lets_them_in_when_seats_free_up(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "3").await;
    settings(&ada, &slug, &[("capacity", "3"), ("max_plus_ones", "2")]).await;
    let crowd = app.crowd("p", 3).await;
    // p0 takes all three seats; p1 (3 seats) and p2 (1 seat) wait in that order.
    ok(
        going(&crowd[0], &slug, "2").await.status().as_u16(),
        "",
        "p0",
    );
    let res = going(&crowd[1], &slug, "2").await;
    assert_eq!(
        res.headers()["location"],
        format!("/e/{slug}?done=waitlisted").as_str()
    );
    going(&crowd[2], &slug, "0").await;
    assert_eq!(status_of(&app, "p1@example.org").await, "waitlisted");
    assert_eq!(status_of(&app, "p2@example.org").await, "waitlisted");
    let page = crowd[2]
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("2nd in line"), "position shown");
    assert!(page.contains("the first party in line that fits is let in"));
    // p0 drops to 2 seats: one free. p1 (3) does not fit and keeps its place; p2 (1) moves up.
    ok(
        going(&crowd[0], &slug, "1").await.status().as_u16(),
        "",
        "p0 shrinks",
    );
    assert_eq!(status_of(&app, "p1@example.org").await, "waitlisted");
    assert_eq!(status_of(&app, "p2@example.org").await, "going");
    let page = crowd[1]
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("1st in line"));
    // p0 cancels: 2 seats free, still not enough for p1's party of 3.
    crowd[0].call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(status_of(&app, "p1@example.org").await, "waitlisted");
    // p2 cancels too: 3 free, p1 is let in.
    crowd[2].call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(status_of(&app, "p1@example.org").await, "going");
    assert_invariants(&app, &slug).await;
    // My events shows it.
    let mine = crowd[1].get("/me/events").await.text().await.unwrap();
    assert!(mine.contains("Rust Meetup") && mine.contains("Going"));
}

async fn going_people_who_ask_for_more_seats_than_are_left_move_to_the_back_of_the_line(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "2").await;
    settings(&ada, &slug, &[("capacity", "2"), ("max_plus_ones", "3")]).await;
    let crowd = app.crowd("p", 3).await;
    going(&crowd[0], &slug, "0").await;
    going(&crowd[1], &slug, "0").await;
    going(&crowd[2], &slug, "0").await; // waits, 1st in line
    let page = crowd[0]
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("moves you to the waitlist"),
        "the form says so before confirming"
    );
    going(&crowd[0], &slug, "1").await; // wants 2 seats, only its own 1 + 0 free
    assert_eq!(status_of(&app, "p0@example.org").await, "waitlisted");
    assert_eq!(
        status_of(&app, "p2@example.org").await,
        "going",
        "the freed seat went to the next in line"
    );
    let page = crowd[0]
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("1st in line"));
    assert_invariants(&app, &slug).await;
}

async fn raising_capacity_lets_people_in_and_lowering_it_below_the_seats_taken_is_refused(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "1").await;
    let crowd = app.crowd("p", 3).await;
    for b in &crowd {
        going(b, &slug, "0").await;
    }
    assert_eq!(assert_invariants(&app, &slug).await, (1, 2));
    let res = settings(&ada, &slug, &[("capacity", "2"), ("max_plus_ones", "1")]).await;
    ok(res.status().as_u16(), "", "raise");
    assert_eq!(assert_invariants(&app, &slug).await, (2, 1));
    assert_eq!(status_of(&app, "p1@example.org").await, "going");
    // Too low: 422 with the numbers, nothing changed.
    let res = settings(&ada, &slug, &[("capacity", "1"), ("max_plus_ones", "1")]).await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("2 seats are taken") && body.contains("you asked for 1"),
        "{body}"
    );
    let capacity: Option<i64> = sqlx::query_scalar("select capacity from event")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(capacity, Some(2));
    // The event form follows the same rule.
    let res = ada
        .call(
            "update_event",
            &[
                ("event", &slug),
                ("title", "Rust Meetup"),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", START),
                ("end", END),
                ("capacity", "1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    // Unlimited lets everyone in.
    settings(&ada, &slug, &[("capacity", ""), ("max_plus_ones", "1")]).await;
    assert_eq!(assert_invariants(&app, &slug).await, (3, 0));
    // Without JavaScript the refusal comes back as the page with the typed value.
    settings(&ada, &slug, &[("capacity", "3"), ("max_plus_ones", "1")]).await;
    let res = ada
        .submit(
            &format!("/e/{slug}/attendees"),
            "update_rsvp_settings",
            &[("event", &slug), ("capacity", "2"), ("max_plus_ones", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("3 seats are taken"));
    assert!(html.contains("value=\"2\""), "typed capacity kept");
}

async fn rsvps_to_drafts_and_cancelled_past_or_closed_events_are_refused(app: TestApp) {
    let ada = organizer(&app).await;
    let draft = event_with(&ada, "Draft", "10", (START, END, ""), false).await;
    let cancelled = published(&ada, "10").await;
    ada.call(
        "cancel_event",
        &[("event", &cancelled), ("reason", "Venue flooded")],
    )
    .await;
    let past = event_with(
        &ada,
        "Past",
        "10",
        ("2020-03-05T19:00", "2020-03-05T21:00", ""),
        true,
    )
    .await;
    let closed = event_with(&ada, "Closed", "10", (START, END, "2021-01-01T10:00"), true).await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(going(&bob, &draft, "0").await.status().as_u16(), 404);
    for (slug, words) in [
        (&cancelled, "cancelled"),
        (&past, "over"),
        (&closed, "closed"),
    ] {
        let res = going(&bob, slug, "0").await;
        assert_eq!(res.status().as_u16(), 409, "{slug}");
        let body = res.text().await.unwrap();
        assert!(body.contains(words), "{slug}: {body}");
    }
    assert_eq!(app.count("rsvp").await, 0);
    // Signed out: sign in first.
    let visitor = app.browser();
    assert_eq!(
        going(&visitor, &cancelled, "0").await.status().as_u16(),
        401
    );
}

async fn bad_plus_ones_and_long_answers_are_refused_and_a_second_rsvp_updates_the_first(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    settings(
        &ada,
        &slug,
        &[
            ("capacity", "10"),
            ("max_plus_ones", "1"),
            ("question_1", "Dietary needs?"),
        ],
    )
    .await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    for bad in ["2", "-1", "lots"] {
        let res = going(&bob, &slug, bad).await;
        assert_eq!(res.status().as_u16(), 422, "{bad}");
    }
    let long = "x".repeat(501);
    let res = bob
        .call(
            "rsvp_going",
            &[("event", &slug), ("plus_ones", "0"), ("answer_1", &long)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.count("rsvp").await, 0, "nothing half-written");
    // Without JavaScript: the page again, the message by the field, the answer kept.
    let res = bob
        .submit(
            &format!("/e/{slug}"),
            "rsvp_going",
            &[
                ("event", &slug),
                ("plus_ones", "0"),
                ("answer_1", "vegan <b>please</b>"),
                ("answer_2", &long),
            ],
        )
        .await;
    // answer_2 has no question, but its length is still checked.
    assert_eq!(res.status().as_u16(), 422);
    let res = bob
        .call(
            "rsvp_going",
            &[("event", &slug), ("plus_ones", "0"), ("answer_1", "vegan")],
        )
        .await;
    ok(res.status().as_u16(), "", "going");
    let res = bob
        .call(
            "rsvp_going",
            &[
                ("event", &slug),
                ("plus_ones", "1"),
                ("answer_1", "vegetarian"),
            ],
        )
        .await;
    ok(res.status().as_u16(), "", "update");
    assert_eq!(app.count("rsvp").await, 1, "an update, not a duplicate");
    assert_eq!(
        rsvp_of(&app, "bob@example.org").await,
        Some(("going".into(), 1))
    );
    let answer: String = sqlx::query_scalar("select answer from rsvp_answer")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(answer, "vegetarian");
    let list = ada.call("list_attendees", &[("event", &slug)]).await;
    let list: serde_json::Value = list.json().await.unwrap();
    assert_eq!(list["taken"], 2);
    assert_eq!(list["people"][0]["answers"][0], "vegetarian");
    assert_eq!(list["questions"][0], "Dietary needs?");
}

async fn only_organizers_see_attendees_export_them_and_check_people_in(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    going(&bob, &slug, "0").await;
    let rsvp: i64 = sqlx::query_scalar("select rsvp_id from rsvp")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let code: String = sqlx::query_scalar("select ticket_code from rsvp")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let rsvp = rsvp.to_string();
    let mallory = app.signed_up("Mallory", "mallory@example.org").await;
    let visitor = app.browser();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("list_attendees", vec![("event", &slug)]),
        ("remove_attendee", vec![("event", &slug), ("rsvp", &rsvp)]),
        ("promote_attendee", vec![("event", &slug), ("rsvp", &rsvp)]),
        (
            "update_rsvp_settings",
            vec![("event", &slug), ("capacity", "5"), ("max_plus_ones", "1")],
        ),
        ("check_in_list", vec![("event", &slug)]),
        ("check_in", vec![("event", &slug), ("code", &code)]),
        ("undo_check_in", vec![("event", &slug), ("code", &code)]),
    ];
    for (function, fields) in &calls {
        let res = mallory.call(function, fields).await;
        assert_eq!(res.status().as_u16(), 403, "{function} by a stranger");
        let res = visitor.call(function, fields).await;
        assert_eq!(res.status().as_u16(), 401, "{function} signed out");
    }
    for (who, path, status) in [
        (&mallory, format!("/e/{slug}/attendees.csv"), 403),
        (&visitor, format!("/e/{slug}/attendees.csv"), 303),
        (&mallory, format!("/e/{slug}/attendees"), 403),
        (&mallory, format!("/e/{slug}/check-in"), 403),
    ] {
        assert_eq!(who.get(&path).await.status().as_u16(), status, "{path}");
    }
    // Someone else's ticket: Mallory only ever sees her own (she has none).
    let res = mallory.get(&format!("/e/{slug}/ticket")).await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(!res.text().await.unwrap().contains(&code[..5]));
    assert_eq!(
        status_of(&app, "bob@example.org").await,
        "going",
        "nothing changed"
    );
    // The organizer checks Bob in by code, typed loosely.
    let loose = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();
    let res = ada
        .call("check_in", &[("event", &slug), ("code", &loose)])
        .await;
    ok(res.status().as_u16(), "", "check_in");
    let door = ada
        .call("check_in_list", &[("event", &slug), ("q", "bo")])
        .await;
    let door: serde_json::Value = door.json().await.unwrap();
    assert_eq!(door["checked_in"], 1);
    assert_eq!(door["going"], 1);
    assert_eq!(door["matches"][0]["name"], "Bob");
    assert_eq!(door["matches"][0]["checked_in"], true);
    // The same ticket again is refused, saying when and by whom it was let in.
    let res = ada
        .call("check_in", &[("event", &slug), ("code", &code)])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let said = res.text().await.unwrap();
    assert!(said.contains("Already checked in at "), "{said}");
    assert!(said.contains(" by Ada."), "{said}");
    let res = ada
        .call("check_in", &[("event", &slug), ("code", "NOPE")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = ada
        .call("check_in", &[("event", &slug), ("code", "ABCDEFGHJK")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    // The door page without JavaScript.
    let res = ada
        .submit(
            &format!("/e/{slug}/check-in"),
            "undo_check_in",
            &[("event", &slug), ("code", &code)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let door = ada
        .get(res.headers()["location"].to_str().unwrap())
        .await
        .text()
        .await
        .unwrap();
    assert!(door.contains("Bob is no longer checked in"));
    // Removal: Bob cannot come back.
    let res = ada
        .call("remove_attendee", &[("event", &slug), ("rsvp", &rsvp)])
        .await;
    ok(res.status().as_u16(), "", "remove");
    assert_eq!(going(&bob, &slug, "0").await.status().as_u16(), 403);
    assert_eq!(status_of(&app, "bob@example.org").await, "removed");
}

async fn the_attendee_csv_is_quoted_and_safe_from_formula_injection(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    settings(
        &ada,
        &slug,
        &[
            ("capacity", "10"),
            ("max_plus_ones", "1"),
            ("question_1", "Company, team"),
        ],
    )
    .await;
    let eve = app
        .signed_up("=HYPERLINK(\"http://evil\")", "eve@example.org")
        .await;
    eve.call(
        "rsvp_going",
        &[
            ("event", &slug),
            ("plus_ones", "1"),
            ("answer_1", "ACME, \"R&D\""),
        ],
    )
    .await;
    let res = ada.get(&format!("/e/{slug}/attendees.csv")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\""));
    let csv = res.text().await.unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "Name,Email,Status,Plus-ones,Waitlist position,Answered,Checked in,\"Company, team\""
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK(\"\"http://evil\"\")\",eve@example.org,Going,1,,"),
        "{row}"
    );
    assert!(row.ends_with(",no,\"ACME, \"\"R&D\"\"\""), "{row}");
}

async fn an_organizer_can_let_a_waiting_party_in_by_hand_which_adds_the_seats_it_needs(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "1").await;
    let crowd = app.crowd("p", 2).await;
    going(&crowd[0], &slug, "0").await;
    going(&crowd[1], &slug, "1").await;
    let rsvp: i64 = sqlx::query_scalar("select rsvp_id from rsvp where status = 'waitlisted'")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let page = ada
        .get(&format!("/e/{slug}/attendees"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Let in (+2 capacity)"),
        "the button says what it does"
    );
    let res = ada
        .call(
            "promote_attendee",
            &[("event", &slug), ("rsvp", &rsvp.to_string())],
        )
        .await;
    ok(res.status().as_u16(), "", "promote");
    assert_eq!(status_of(&app, "p1@example.org").await, "going");
    let capacity: i64 = sqlx::query_scalar("select capacity from event")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(capacity, 3);
    assert_invariants(&app, &slug).await;
}

async fn the_attendee_list_is_public_only_when_the_organizers_say_so(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "").await;
    let bob = app.signed_up("Bob Builder", "bob@example.org").await;
    going(&bob, &slug, "0").await;
    let visitor = app.browser();
    let page = visitor
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("1 going"));
    assert!(!page.contains("Bob Builder"), "count only by default");
    settings(
        &ada,
        &slug,
        &[
            ("capacity", ""),
            ("max_plus_ones", "1"),
            ("attendees_public", "on"),
        ],
    )
    .await;
    let page = visitor
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Bob Builder"));
}

async fn a_confirmed_rsvp_is_in_the_database_after_a_restart(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "5").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    ok(going(&bob, &slug, "1").await.status().as_u16(), "", "going");
    let url = app.database_url().to_owned();
    if url.starts_with("sqlite:") {
        // Every commit reaches the disk before the answer is sent.
        let synchronous: i64 = sqlx::query_scalar("pragma synchronous")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
        assert_eq!(synchronous, 2, "synchronous = FULL");
    }
    app.db.close().await;
    drop(app);
    let db = app::db::Db::connect(&url).await.unwrap();
    let (status, plus): (String, i64) = sqlx::query_as("select status, plus_ones from rsvp")
        .fetch_one(db.writer())
        .await
        .unwrap();
    assert_eq!((status.as_str(), plus), ("going", 1));
    db.close().await;
}

/// Two scanners at the door read the same ticket at the same moment: one lets the person in,
/// every other one hears that the ticket was already used (never a second welcome).
async fn one_ticket_scanned_at_several_doors_at_once_lets_one_person_in(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    let crowd = app.crowd("p", 10).await;
    for b in &crowd {
        assert_eq!(going(b, &slug, "0").await.status().as_u16(), 200);
    }
    let codes: Vec<String> = sqlx::query_scalar("select ticket_code from rsvp")
        .fetch_all(app.db.writer())
        .await
        .unwrap();
    for code in codes {
        let mut set = JoinSet::new();
        for _ in 0..6 {
            let (ada, slug, code) = (ada.clone(), slug.clone(), code.clone());
            set.spawn(async move {
                let res = ada
                    .call("check_in", &[("event", &slug), ("code", &code)])
                    .await;
                (res.status().as_u16(), res.text().await.unwrap_or_default())
            });
        }
        let mut welcomed = 0;
        while let Some(result) = set.join_next().await {
            let (status, body) = result.unwrap();
            match status {
                200 => welcomed += 1,
                409 => assert!(body.contains("Already checked in at"), "{body}"),
                other => panic!("{other}: {body}"),
            }
        }
        assert_eq!(welcomed, 1, "ticket {code} let in {welcomed} times");
    }
}

/// The real `hallway` binary (built by `scripts/build.sh`) on the same database.
struct Process {
    child: std::process::Child,
    address: String,
}

async fn start_binary(database_url: &str) -> Process {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new("../target/debug/hallway")
        .env("HALLWAY_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("HALLWAY_SITE_ROOT", "../target/site")
        .env(
            "HALLWAY_OUTBOX_DIR",
            std::env::temp_dir()
                .join("hallway-tests")
                .join("outbox-binary"),
        )
        .env("RUST_LOG", "error")
        .spawn()
        .expect("target/debug/hallway (scripts/build.sh builds it)");
    let address = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if let Ok(res) = reqwest::get(format!("{address}/healthz")).await {
            if res.status().is_success() {
                return Process { child, address };
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("hallway did not start on {address}");
}

async fn an_rsvp_answered_with_success_survives_the_server_being_killed(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "5").await;
    let mut crowd = app.crowd("p", 1).await;
    let mut server = start_binary(app.database_url()).await;
    let mut bob = crowd.remove(0);
    bob.address = server.address.clone();
    let res = going(&bob, &slug, "1").await;
    assert_eq!(res.status().as_u16(), 200);
    // SIGKILL: no shutdown, no flushing; what was committed before the answer must be there.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let url = app.database_url().to_owned();
    let db = app::db::Db::connect(&url).await.unwrap();
    let (status, plus): (String, i64) = sqlx::query_as("select status, plus_ones from rsvp")
        .fetch_one(db.writer())
        .await
        .unwrap();
    assert_eq!((status.as_str(), plus), ("going", 1));
    db.close().await;
}

/// A server function called by one browser with its fields.
type Request = (Browser, &'static str, Vec<(String, String)>);

/// Fires requests from every browser at once; returns how many got a success. A request
/// answered "busy" (503 with `Retry-After`, what an overloaded server says instead of
/// failing, as a slow machine running the whole suite does) is sent again, as a browser's
/// user would; anything else but a success fails the test.
async fn wave(requests: Vec<Request>) -> usize {
    let mut set = JoinSet::new();
    for (browser, function, fields) in requests {
        set.spawn(async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            for _ in 0..20 {
                let res = browser.call(function, &fields).await;
                let status = res.status().as_u16();
                if status == 503 {
                    assert!(
                        res.headers().contains_key(reqwest::header::RETRY_AFTER),
                        "a busy answer says when to come back"
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    continue;
                }
                let body = res.text().await.unwrap_or_default();
                return (status, format!("{function}: {body}"));
            }
            (503, format!("{function}: still busy after 20 tries"))
        });
    }
    let mut succeeded = 0;
    while let Some(result) = set.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, 200, "{body}");
        succeeded += 1;
    }
    succeeded
}

async fn five_hundred_concurrent_rsvps_and_two_hundred_changes_never_break_the_seat_rules(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    settings(&ada, &slug, &[("capacity", "100"), ("max_plus_ones", "3")]).await;
    let crowd = app.crowd("p", 500).await;
    let slug_owned = slug.clone();
    let field = |k: &str, v: String| (k.to_owned(), v);
    // Wave 1: 500 parties of 1 to 4 people want 100 seats.
    let requests = crowd
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                b.clone(),
                "rsvp_going",
                vec![
                    field("event", slug_owned.clone()),
                    field("plus_ones", (i % 4).to_string()),
                ],
            )
        })
        .collect();
    assert_eq!(wave(requests).await, 500);
    let (taken, waiting) = assert_invariants(&app, &slug).await;
    assert_eq!(app.count("rsvp").await, 500);
    assert!(taken >= 97, "the seats are used: {taken}");
    assert!(waiting > 300, "{waiting} waiting");
    // Wave 2: 100 people going cancel while 100 waiting change their party size.
    let going_ids: Vec<usize> = ids_with_status(&app, "going").await;
    let waiting_ids: Vec<usize> = ids_with_status(&app, "waitlisted").await;
    let mut requests = Vec::new();
    for i in going_ids.iter().take(100) {
        requests.push((
            crowd[*i].clone(),
            "rsvp_not_going",
            vec![field("event", slug.clone())],
        ));
    }
    for (n, i) in waiting_ids.iter().take(100).enumerate() {
        requests.push((
            crowd[*i].clone(),
            "rsvp_going",
            vec![
                field("event", slug.clone()),
                field("plus_ones", ((n + 1) % 4).to_string()),
            ],
        ));
    }
    assert_eq!(wave(requests).await, going_ids.len().min(100) + 100);
    let (taken, _) = assert_invariants(&app, &slug).await;
    assert!(
        taken >= 97,
        "seats freed were filled from the line: {taken}"
    );
    // Wave 3: the ones who cancelled come back at once, with 200 more changes.
    let mut requests = Vec::new();
    for (n, i) in going_ids.iter().take(100).enumerate() {
        requests.push((
            crowd[*i].clone(),
            "rsvp_going",
            vec![
                field("event", slug.clone()),
                field("plus_ones", (n % 2).to_string()),
            ],
        ));
    }
    for i in waiting_ids.iter().skip(100).take(100) {
        requests.push((
            crowd[*i].clone(),
            "rsvp_not_going",
            vec![field("event", slug.clone())],
        ));
    }
    let expected = requests.len();
    assert_eq!(wave(requests).await, expected);
    assert_invariants(&app, &slug).await;
    assert_eq!(app.count("rsvp").await, 500, "still one RSVP per person");
}

/// Indexes into the crowd (`p{i}@example.org`) of people with `status`.
async fn ids_with_status(app: &TestApp, status: &str) -> Vec<usize> {
    let emails: Vec<String> = sqlx::query_scalar(
        "select a.email from rsvp r join account a on a.account_id = r.account_id where r.status = $1
         order by r.queue_seq",
    )
    .bind(status)
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    emails
        .iter()
        .filter_map(|e| e.strip_prefix('p')?.split('@').next()?.parse().ok())
        .collect()
}

on_both_engines!(
    going_with_a_plus_one_takes_two_seats_and_shows_the_online_link_and_ticket,
    a_full_event_puts_new_parties_on_the_waitlist_and_lets_them_in_when_seats_free_up,
    going_people_who_ask_for_more_seats_than_are_left_move_to_the_back_of_the_line,
    raising_capacity_lets_people_in_and_lowering_it_below_the_seats_taken_is_refused,
    rsvps_to_drafts_and_cancelled_past_or_closed_events_are_refused,
    bad_plus_ones_and_long_answers_are_refused_and_a_second_rsvp_updates_the_first,
    only_organizers_see_attendees_export_them_and_check_people_in,
    the_attendee_csv_is_quoted_and_safe_from_formula_injection,
    an_organizer_can_let_a_waiting_party_in_by_hand_which_adds_the_seats_it_needs,
    the_attendee_list_is_public_only_when_the_organizers_say_so,
    a_confirmed_rsvp_is_in_the_database_after_a_restart,
    an_rsvp_answered_with_success_survives_the_server_being_killed,
    five_hundred_concurrent_rsvps_and_two_hundred_changes_never_break_the_seat_rules,
    one_ticket_scanned_at_several_doors_at_once_lets_one_person_in,
);
