//! Events: drafts, publishing, edits, cancellation, deletion, series, listings and who may do
//! what.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;

/// The form fields of an event two weeks from a fixed far-future date, in Berlin.
fn event_fields<'a>(
    group: &'a str,
    title: &'a str,
    start: &'a str,
    end: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("group", group),
        ("title", title),
        ("description", "Talks and **pizza**."),
        ("format", "meetup"),
        ("time_zone", "Europe/Berlin"),
        ("start", start),
        ("end", end),
        ("venue_name", "c-base"),
        ("venue_address", "Rungestraße 20, Berlin"),
        ("online_url", ""),
        ("capacity", "60"),
        ("rsvp_opens", ""),
        ("rsvp_closes", ""),
    ]
}

async fn organizer_with_group(app: &TestApp) -> Browser {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    ada
}

async fn create(browser: &Browser, title: &str, start: &str, end: &str) -> String {
    let res = browser
        .call(
            "create_event",
            &event_fields("rust-berlin", title, start, end),
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        200,
        "create_event: {}",
        res.text().await.unwrap_or_default()
    );
    res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned()
}

async fn revision(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("select revision from event where slug = $1")
        .bind(slug)
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

async fn a_new_event_is_a_draft_that_only_organizers_see(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let slug = create(&ada, "Rust Meetup", "2030-03-05T19:00", "2030-03-05T21:30").await;
    assert_eq!(
        slug, "rust-meetup-2030-03-05",
        "slug suggested from title and date"
    );
    let page = ada.get(&format!("/e/{slug}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Draft: only organizers can see this page"));
    assert!(
        html.contains("Tue 5 Mar 2030, 19:00 – 21:30 CET (UTC+01:00)"),
        "time in the event's zone"
    );
    assert_eq!(
        app.browser()
            .get(&format!("/e/{slug}"))
            .await
            .status()
            .as_u16(),
        404
    );
    let member = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(
        member.get(&format!("/e/{slug}")).await.status().as_u16(),
        404
    );
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(!home.contains("Rust Meetup"), "a draft is listed publicly");
}

async fn publishing_makes_it_public_and_listed(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let slug = create(&ada, "Rust Meetup", "2030-03-05T19:00", "2030-03-05T21:30").await;
    let res = ada.call("publish_event", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(revision(&app, &slug).await, 1);
    let html = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Rust Meetup") && html.contains("<strong>pizza</strong>"));
    assert!(html.contains(
        "https://www.openstreetmap.org/search?query=c-base%2C+Rungestra%C3%9Fe+20%2C+Berlin"
    ));
    assert!(html.contains(r#""@type":"Event""#), "schema.org data");
    assert!(html.contains(r#"property="og:title""#), "Open Graph data");
    let res = ada.call("publish_event", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 409, "published twice");
    for page in ["/", "/g/rust-berlin"] {
        let html = app.browser().get(page).await.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"href="/e/{slug}""#)),
            "{page} does not list it"
        );
    }
}

async fn editing_time_or_place_bumps_the_revision_and_other_edits_do_not(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let slug = create(&ada, "Rust Meetup", "2030-03-05T19:00", "2030-03-05T21:30").await;
    let mut fields = event_fields(
        "",
        "Rust Meetup, renamed",
        "2030-03-05T19:00",
        "2030-03-05T21:30",
    );
    fields[0] = ("event", &slug);
    let res = ada.call("update_event", &fields).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        revision(&app, &slug).await,
        0,
        "a title change is not a move"
    );
    fields[5] = ("start", "2030-03-05T18:30");
    ada.call("update_event", &fields).await;
    assert_eq!(revision(&app, &slug).await, 1);
    fields[4] = ("time_zone", "America/New_York");
    ada.call("update_event", &fields).await;
    assert_eq!(revision(&app, &slug).await, 2);
    let starts_at: i64 = sqlx::query_scalar("select starts_at from event where slug = $1")
        .bind(&slug)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(
        starts_at, 1_898_983_800,
        "18:30 in New York on 5 March 2030 is 23:30 UTC"
    );
}

async fn bad_event_input_is_refused_field_by_field_and_kept_in_the_form(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let long_title = "x".repeat(121);
    let mut fields = event_fields(
        "rust-berlin",
        &long_title,
        "2030-03-05T19:00",
        "2030-03-05T18:00",
    );
    fields[4] = ("time_zone", "Mars/Olympus");
    fields[9] = ("online_url", "javascript:alert(1)");
    fields[10] = ("capacity", "-3");
    let res = ada
        .submit("/g/rust-berlin/events/new", "create_event", &fields)
        .await;
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    assert_eq!(status, 422, "{}", &html[..html.len().min(3000)]);
    for message in [
        "The title can be 120 characters at most (this one has 121).",
        "Choose a time zone from the list",
        "Enter a full link starting with https:// or http://.",
        "Capacity must be at least 1",
    ] {
        assert!(html.contains(message), "missing: {message}");
    }
    assert!(
        html.contains(r#"value="Mars/Olympus""#),
        "typed zone not kept"
    );
    assert!(html.contains(r#"value="c-base""#), "typed venue not kept");
    assert_eq!(app.count("event").await, 0);

    let res = ada
        .call(
            "create_event",
            &event_fields(
                "rust-berlin",
                "Meetup",
                "2030-03-05T19:00",
                "2030-03-05T18:00",
            ),
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "end");
    let res = ada
        .call(
            "create_event",
            &event_fields(
                "rust-berlin",
                "Meetup",
                "2030-03-31T02:30",
                "2030-03-31T05:00",
            ),
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        422,
        "a time in the spring-forward gap"
    );
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("the clocks jump from 02:00 to 03:00"));
}

async fn a_taken_event_slug_is_a_409(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let mut fields = event_fields("rust-berlin", "One", "2030-03-05T19:00", "2030-03-05T21:00");
    fields.push(("slug", "march-meetup"));
    assert_eq!(
        ada.call("create_event", &fields).await.status().as_u16(),
        200
    );
    let res = ada.call("create_event", &fields).await;
    assert_eq!(res.status().as_u16(), 409);
    let suggested = create(&ada, "One", "2030-03-05T19:00", "2030-03-05T21:00").await;
    let again = create(&ada, "One", "2030-03-05T19:00", "2030-03-05T21:00").await;
    assert_eq!(
        again,
        format!("{suggested}-2"),
        "suggested slugs avoid taken ones"
    );
}

async fn cancelling_keeps_the_page_with_a_banner_and_freezes_the_event(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let slug = create(&ada, "Rust Meetup", "2030-03-05T19:00", "2030-03-05T21:30").await;
    ada.call("publish_event", &[("event", &slug)]).await;
    let res = ada
        .call("cancel_event", &[("event", &slug), ("reason", "")])
        .await;
    assert_eq!(res.status().as_u16(), 422, "a reason is required");
    let res = ada
        .call(
            "cancel_event",
            &[("event", &slug), ("reason", "The venue flooded.")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(revision(&app, &slug).await, 2);
    let page = app.browser().get(&format!("/e/{slug}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("This event is cancelled.") && html.contains("The venue flooded."));
    assert!(html.contains("EventCancelled"));
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(
        home.contains(&format!(r#"href="/e/{slug}""#)) && home.contains("Cancelled"),
        "not listed as cancelled"
    );
    let mut fields = event_fields("", "Again", "2030-03-05T19:00", "2030-03-05T21:30");
    fields[0] = ("event", &slug);
    assert_eq!(
        ada.call("update_event", &fields).await.status().as_u16(),
        409
    );
    assert_eq!(
        ada.call("publish_event", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        409
    );
    assert_eq!(
        ada.call("delete_event", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        409
    );
}

async fn only_drafts_can_be_deleted(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let draft = create(&ada, "Draft", "2030-03-05T19:00", "2030-03-05T21:30").await;
    let published = create(&ada, "Published", "2030-03-06T19:00", "2030-03-06T21:30").await;
    ada.call("publish_event", &[("event", &published)]).await;
    assert_eq!(
        ada.call("delete_event", &[("event", &published)])
            .await
            .status()
            .as_u16(),
        409
    );
    assert_eq!(
        ada.call("delete_event", &[("event", &draft)])
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(app.count("event").await, 1);
}

/// The HTML of the organizer actions card on an event page.
fn organizer_card(page: &str) -> &str {
    let start = page
        .find("aria-label=\"Organizer actions\"")
        .expect("organizer actions");
    &page[start..start + page[start..].find("</section>").expect("card end")]
}

async fn organizer_tools_follow_the_kind_of_event_and_its_pages_carry_its_name(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let meetup = create(&ada, "Rust Meetup", "2030-03-05T19:00", "2030-03-05T21:30").await;
    let page = ada.get(&format!("/e/{meetup}")).await.text().await.unwrap();
    let card = organizer_card(&page);
    // A draft leads with Publish; deleting it is a second step, after the tools.
    let publish = card.find(">Publish<").expect("a publish button");
    let delete = card.find("Delete draft").expect("delete draft");
    assert!(publish < card.find("Attendees").unwrap() && delete > publish);
    assert!(card.contains("button-primary"), "{card}");
    assert!(card.contains("Delete for good"), "a second step: {card}");
    // A meetup without a call for papers: no review or submission links up front; the
    // program tools wait under "More tools".
    assert!(!card.contains("/review\""), "{card}");
    assert!(!card.contains("/submissions\""), "{card}");
    let more = &card[card.find("More tools").expect("more tools")..];
    assert!(more.contains("Open a call for papers") && more.contains("/sponsorship"));
    // "Review talks" on such an event explains instead of answering 404.
    let review = ada.get(&format!("/e/{meetup}/review")).await;
    assert_eq!(review.status().as_u16(), 200);
    let review = review.text().await.unwrap();
    assert!(
        review.contains("This event has no call for papers yet"),
        "{review}"
    );
    assert!(review.contains("<title>Review talks · Rust Meetup · Hallway</title>"));
    for (path, title) in [
        ("attendees", "Attendees"),
        ("check-in", "Check-in"),
        ("announce", "Write to attendees"),
        ("edit", "Edit event"),
        ("cfp", "Call for papers"),
        ("schedule/edit", "Schedule editor"),
        ("sponsorship", "Sponsorship"),
    ] {
        let html = ada
            .get(&format!("/e/{meetup}/{path}"))
            .await
            .text()
            .await
            .unwrap();
        let wanted = format!("<title>{title} · Rust Meetup · Hallway</title>");
        assert!(html.contains(&wanted), "{path}: {wanted}");
    }

    // A conference shows its talk and partner tools up front.
    let mut fields = event_fields(
        "rust-berlin",
        "RustConf",
        "2030-04-05T09:00",
        "2030-04-05T18:00",
    );
    fields.retain(|(k, _)| *k != "format");
    fields.push(("format", "conference"));
    let res = ada.call("create_event", &fields).await;
    assert_eq!(res.status().as_u16(), 200);
    let conference = res.headers()["location"].to_str().unwrap().to_owned();
    let page = ada.get(&conference).await.text().await.unwrap();
    let card = organizer_card(&page);
    assert!(card.contains("Open a call for papers") && card.contains("/sponsorship\""));
    assert!(!card.contains("More tools"), "{card}");
}

async fn repeating_monthly_creates_drafts_on_the_same_weekday_linked_as_a_series(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    // 12 March 2030 is the second Tuesday of the month.
    let slug = create(&ada, "Rust Meetup", "2030-03-12T19:00", "2030-03-12T21:00").await;
    ada.call("publish_event", &[("event", &slug)]).await;
    let res = ada
        .call(
            "repeat_event",
            &[("event", &slug), ("repeat", "monthly"), ("count", "2")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let slugs: Vec<String> = sqlx::query_scalar("select slug from event order by starts_at")
        .fetch_all(app.db.writer())
        .await
        .unwrap();
    assert_eq!(
        slugs,
        [
            slug.clone(),
            "rust-meetup-2030-04-09".to_owned(),
            "rust-meetup-2030-05-14".to_owned()
        ]
    );
    let statuses: Vec<String> = sqlx::query_scalar("select status from event order by starts_at")
        .fetch_all(app.db.writer())
        .await
        .unwrap();
    assert_eq!(statuses, ["published", "draft", "draft"]);
    ada.call("publish_event", &[("event", "rust-meetup-2030-04-09")])
        .await;
    let html = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"href="/e/rust-meetup-2030-04-09""#),
        "no link to the next one"
    );
    let html = app
        .browser()
        .get("/e/rust-meetup-2030-04-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Tue 9 Apr 2030, 19:00 – 21:00 CEST"),
        "local time kept across the DST change"
    );
    assert!(
        html.contains(&format!(r#"href="/e/{slug}""#)),
        "no link to the previous one"
    );
    let res = ada
        .call(
            "repeat_event",
            &[("event", &slug), ("repeat", "once"), ("date", "2030-03-01")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422, "a date before the event");
}

async fn group_pages_list_upcoming_soonest_first_then_past_newest_first_in_pages(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let now = app::db::now();
    // 23 upcoming and 2 past events, inserted directly: the past cannot be typed into the form.
    let group_id: i64 = sqlx::query_scalar("select group_id from meetup_group")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    for i in 0..25i64 {
        let starts = if i < 2 {
            now - 86_400 * (i + 1)
        } else {
            now + 86_400 * i
        };
        sqlx::query(
            "insert into event (group_id, slug, title, description, format, time_zone, starts_at, ends_at, status, revision, created_at, updated_at)
             values ($1, $2, $3, '', 'meetup', 'UTC', $4, $5, 'published', 0, $6, $6)",
        )
        .bind(group_id)
        .bind(format!("event-{i}"))
        .bind(format!("Event {i}"))
        .bind(starts)
        .bind(starts + 3600)
        .bind(now)
        .execute(app.db.writer())
        .await
        .unwrap();
    }
    let html = ada.get("/g/rust-berlin").await.text().await.unwrap();
    let upcoming = html.find("Upcoming events").unwrap();
    let past = html.find("Past events").unwrap();
    let (up, down) = (&html[upcoming..past], &html[past..]);
    assert!(
        up.find(r#"href="/e/event-2""#).unwrap() < up.find(r#"href="/e/event-3""#).unwrap(),
        "soonest first"
    );
    assert!(
        !up.contains(r#"href="/e/event-22""#),
        "more than 20 on a page"
    );
    assert!(up.contains("page=1"), "no link to the next page");
    assert!(
        down.find(r#"href="/e/event-0""#).unwrap() < down.find(r#"href="/e/event-1""#).unwrap(),
        "newest past first"
    );
    let page2 = ada.get("/g/rust-berlin?page=1").await.text().await.unwrap();
    assert!(page2.contains(r#"href="/e/event-22""#) && page2.contains(r#"href="/e/event-24""#));
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(
        home.contains(r#"href="/e/event-2""#) && !home.contains(r#"href="/e/event-0""#),
        "home lists upcoming only"
    );
}

/// Who may do what to events: anonymous 401, non-organizers 403, organizers of another
/// group 403, the group's organizers 200.
async fn every_event_action_is_authorized_on_the_server(app: TestApp) {
    let ada = organizer_with_group(&app).await;
    let other = app.signed_up("Other", "other@example.org").await;
    other.create_group("Other Group", "other-group").await;
    let member = app.signed_up("Member", "member@example.org").await;
    let co = app.signed_up("Co", "co@example.org").await;
    app.add_co_organizer(&ada, "rust-berlin", "co@example.org", &co)
        .await;
    let anonymous = app.browser();

    for (who, expected) in [
        (&anonymous, 401u16),
        (&member, 403),
        (&other, 403),
        (&co, 200),
    ] {
        let res = who
            .call(
                "create_event",
                &event_fields("rust-berlin", "Try", "2030-04-01T19:00", "2030-04-01T20:00"),
            )
            .await;
        assert_eq!(res.status().as_u16(), expected, "create_event");
        let slug = create(&ada, "Target", "2030-05-01T19:00", "2030-05-01T20:00").await;
        let mut fields = event_fields("", "Changed", "2030-05-01T19:00", "2030-05-01T20:00");
        fields[0] = ("event", &slug);
        assert_eq!(
            who.call("update_event", &fields).await.status().as_u16(),
            expected,
            "update_event"
        );
        assert_eq!(
            who.call(
                "repeat_event",
                &[("event", &slug), ("repeat", "weekly"), ("count", "1")]
            )
            .await
            .status()
            .as_u16(),
            expected,
            "repeat_event"
        );
        assert_eq!(
            who.call("publish_event", &[("event", &slug)])
                .await
                .status()
                .as_u16(),
            expected,
            "publish_event"
        );
        assert_eq!(
            who.call("cancel_event", &[("event", &slug), ("reason", "No.")])
                .await
                .status()
                .as_u16(),
            expected,
            "cancel_event"
        );
        let draft = create(&ada, "Draft", "2030-06-01T19:00", "2030-06-01T20:00").await;
        assert_eq!(
            who.call("delete_event", &[("event", &draft)])
                .await
                .status()
                .as_u16(),
            expected,
            "delete_event"
        );
    }
    assert_eq!(
        ada.call("publish_event", &[("event", "no-such-event")])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        app.browser()
            .get("/e/no-such-event")
            .await
            .status()
            .as_u16(),
        404
    );
}

on_both_engines!(
    a_new_event_is_a_draft_that_only_organizers_see,
    publishing_makes_it_public_and_listed,
    editing_time_or_place_bumps_the_revision_and_other_edits_do_not,
    bad_event_input_is_refused_field_by_field_and_kept_in_the_form,
    a_taken_event_slug_is_a_409,
    cancelling_keeps_the_page_with_a_banner_and_freezes_the_event,
    only_drafts_can_be_deleted,
    organizer_tools_follow_the_kind_of_event_and_its_pages_carry_its_name,
    repeating_monthly_creates_drafts_on_the_same_weekday_linked_as_a_series,
    group_pages_list_upcoming_soonest_first_then_past_newest_first_in_pages,
    every_event_action_is_authorized_on_the_server,
);
