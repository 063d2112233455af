//! The schedule: rooms, placing and moving talks with conflict checks, numbered published
//! versions with change lists, speaker mails with the session's `.ics`, the public page and
//! its files (iCalendar read by Python's `icalendar`, frab XML read by ElementTree, JSON).

use crate::helpers::{Browser, TestApp};
use crate::ical_parser::{parse, python};
use crate::on_both_engines;
use crate::rsvps::organizer;
use reqwest::header;
use serde_json::Value;

struct Conf {
    ada: Browser,
    bea: Browser,
    cy: Browser,
    slug: String,
    /// Bea's "Async in practice" and "Traits deep dive" (confirmed), Cy's "Embedded Rust"
    /// (accepted, not confirmed).
    talks: [String; 3],
    /// Main hall, Workshop room.
    rooms: [String; 2],
}

fn ok(res: &reqwest::Response, what: &str) {
    assert!(
        (200..400).contains(&res.status().as_u16()),
        "{what} answered {}",
        res.status()
    );
}

async fn id_of(app: &TestApp, sql: &str, name: &str) -> String {
    let id: i64 = sqlx::query_scalar(sql)
        .bind(name)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    id.to_string()
}

/// A two-day conference (5–6 March 2030, 09:00–18:00 in Berlin) with two rooms and three
/// accepted talks, two of them confirmed.
async fn conference(app: &TestApp) -> Conf {
    conference_at(
        app,
        ("2030-03-05T09:00", "2030-03-06T18:00", "Europe/Berlin"),
    )
    .await
}

/// [`conference`] at other times: (start, end, zone).
async fn conference_at(app: &TestApp, (start, end, zone): (&str, &str, &str)) -> Conf {
    let ada = organizer(app).await;
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", "Rust Conf"),
                ("format", "conference"),
                ("time_zone", zone),
                ("start", start),
                ("end", end),
                ("venue_name", "c-base"),
                ("capacity", "200"),
            ],
        )
        .await;
    ok(&res, "create_event");
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    ok(
        &ada.call("publish_event", &[("event", &slug)]).await,
        "publish",
    );
    let res = ada
        .call(
            "save_cfp",
            &[
                ("event", &slug),
                ("closes", "2030-02-01T23:59"),
                ("is_public", "on"),
                ("max_per_speaker", "3"),
                ("formats", "Talk, 30\nWorkshop, 90"),
                ("tracks", "Web\nSystems"),
            ],
        )
        .await;
    ok(&res, "save_cfp");
    let cfp: Value = ada
        .call("get_cfp", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    let format = cfp["formats"][0]["format_id"].to_string();
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let cy = app.signed_up("Cy", "cy@example.org").await;
    for (who, title) in [
        (&bea, "Async in practice"),
        (&bea, "Traits deep dive"),
        (&cy, "Embedded Rust"),
    ] {
        let res = who
            .call(
                "save_talk",
                &[
                    ("event", &slug),
                    ("title", title),
                    ("abstract_md", "What we *learned*; and more."),
                    ("level", "beginner"),
                    ("format", &format),
                    ("submit", "yes"),
                ],
            )
            .await;
        ok(&res, "save_talk");
    }
    let talk = "select talk_id from talk where title = $1";
    let talks = [
        id_of(app, talk, "Async in practice").await,
        id_of(app, talk, "Traits deep dive").await,
        id_of(app, talk, "Embedded Rust").await,
    ];
    for id in &talks {
        let res = ada
            .call(
                "decide_talk",
                &[("event", &slug), ("talk", id), ("decision", "accept")],
            )
            .await;
        ok(&res, "decide_talk");
    }
    for id in &talks[..2] {
        let res = bea
            .call(
                "answer_talk",
                &[("event", &slug), ("talk", id), ("answer", "confirm")],
            )
            .await;
        ok(&res, "answer_talk");
    }
    let res = ada
        .call(
            "save_rooms",
            &[
                ("event", &slug),
                ("rooms", "Main hall, 300\nWorkshop room, 40"),
            ],
        )
        .await;
    ok(&res, "save_rooms");
    let room = "select room_id from room where name = $1";
    let rooms = [
        id_of(app, room, "Main hall").await,
        id_of(app, room, "Workshop room").await,
    ];
    Conf {
        ada,
        bea,
        cy,
        slug,
        talks,
        rooms,
    }
}

async fn place(
    b: &Browser,
    slug: &str,
    talk: &str,
    version: &str,
    room: &str,
    (day, start, minutes): (&str, &str, &str),
) -> reqwest::Response {
    b.call(
        "place_talk",
        &[
            ("event", slug),
            ("talk", talk),
            ("version", version),
            ("room", room),
            ("day", day),
            ("start", start),
            ("minutes", minutes),
        ],
    )
    .await
}

async fn editor(b: &Browser, slug: &str) -> Value {
    b.call("schedule_editor", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap()
}

/// The slot version of a talk in the editor (0 when not placed).
async fn version_of(b: &Browser, slug: &str, talk: &str) -> String {
    let view = editor(b, slug).await;
    view["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["talk_id"].as_i64() == talk.parse().ok())
        .map(|t| t["placed"]["version"].as_i64().unwrap_or(0).to_string())
        .unwrap()
}

async fn publish(b: &Browser, slug: &str) -> reqwest::Response {
    b.call("publish_schedule", &[("event", slug)]).await
}

async fn text(res: reqwest::Response) -> String {
    res.text().await.unwrap()
}

const DAY1: &str = "2030-03-05";

async fn organizers_place_talks_and_publish_numbered_versions_with_a_change_list(app: TestApp) {
    let c = conference(&app).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [async_talk, traits, embedded] = &c.talks;
    let [hall, workshop] = &c.rooms;

    // Nothing is public before the first version.
    let visitor = app.browser();
    assert_eq!(
        visitor.get(&format!("/e/{slug}/schedule")).await.status(),
        404
    );
    assert_eq!(
        visitor
            .get(&format!("/e/{slug}/schedule.ics"))
            .await
            .status(),
        404
    );
    assert_eq!(publish(ada, slug).await.status(), 409, "nothing placed yet");

    let res = place(ada, slug, async_talk, "0", hall, (DAY1, "10:00", "")).await;
    assert_eq!(res.status(), 200, "{}", text(res).await);
    ok(
        &place(ada, slug, traits, "0", workshop, (DAY1, "10:30", "45")).await,
        "place",
    );
    ok(
        &place(ada, slug, embedded, "0", hall, (DAY1, "11:00", "")).await,
        "place",
    );
    let res = ada
        .call(
            "add_break",
            &[
                ("event", slug),
                ("kind", "break"),
                ("title", "Lunch"),
                ("room", ""),
                ("day", DAY1),
                ("start", "12:30"),
                ("minutes", "60"),
            ],
        )
        .await;
    ok(&res, "add_break");
    let res = ada
        .call(
            "add_break",
            &[
                ("event", slug),
                ("kind", "blocker"),
                ("title", "Sound check"),
                ("room", workshop),
                ("day", DAY1),
                ("start", "09:00"),
                ("minutes", "30"),
            ],
        )
        .await;
    ok(&res, "add_blocker");

    let view = editor(ada, slug).await;
    let conflicts = view["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["hard"], false);
    assert!(conflicts[0]["message"]
        .as_str()
        .unwrap()
        .contains("“Embedded Rust” is not confirmed"));
    let talk = |id: &str| {
        view["talks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["talk_id"].as_i64() == id.parse().ok())
            .unwrap()
            .clone()
    };
    assert_eq!(
        talk(async_talk)["placed"]["minutes"],
        30,
        "the format's length"
    );
    assert_eq!(talk(traits)["placed"]["minutes"], 45, "adjusted");
    assert_eq!(
        view["pending"].as_array().unwrap().len(),
        4,
        "three talks and lunch"
    );

    let res = publish(ada, slug).await;
    assert_eq!(res.status(), 200, "{}", text(res).await);
    assert_eq!(
        publish(ada, slug).await.status(),
        409,
        "nothing changed since"
    );

    let public: Value = visitor
        .call("public_schedule", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["version"], 1);
    let sessions: Vec<&Value> = public["days"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let titles: Vec<&str> = sessions
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Async in practice",
            "Traits deep dive",
            "Embedded Rust",
            "Lunch"
        ],
        "by start; the blocker stays internal"
    );
    assert_eq!(sessions[0]["room_name"], "Main hall");
    assert_eq!(sessions[0]["start_text"], "10:00");
    assert_eq!(sessions[0]["speakers"][0], "Bea");
    assert_eq!(sessions[3]["room_name"], "Every room");
    let page = text(visitor.get(&format!("/e/{slug}/schedule")).await).await;
    assert!(page.contains("Traits deep dive") && page.contains("Version 1"));
    assert!(!page.contains("Sound check"));
    // A scheduled talk has its public page, even before the lineup is published.
    let talk_page = visitor.get(&format!("/e/{slug}/talks/{embedded}")).await;
    assert_eq!(talk_page.status(), 200);

    // Move one, remove one: version 2 lists both.
    let version = version_of(ada, slug, async_talk).await;
    ok(
        &place(
            ada,
            slug,
            async_talk,
            &version,
            workshop,
            (DAY1, "14:00", "30"),
        )
        .await,
        "move",
    );
    let version = version_of(ada, slug, traits).await;
    let res = ada
        .call(
            "unplace_talk",
            &[("event", slug), ("talk", traits), ("version", &version)],
        )
        .await;
    ok(&res, "unplace");
    ok(&publish(ada, slug).await, "publish v2");
    let public: Value = visitor
        .call("public_schedule", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["version"], 2);
    // The page as anonymous visitors get it (kept in a cache) is the new version at once.
    let page = text(visitor.get(&format!("/e/{slug}/schedule")).await).await;
    assert!(
        page.contains("Version 2") && !page.contains("Version 1,"),
        "not a stale copy"
    );
    assert!(!page.contains(">Traits deep dive<"));
    let latest = public["history"][0]["changes"].as_array().unwrap();
    let lines: Vec<&str> = latest.iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "Removed “Traits deep dive” (was Tue 5 Mar, 10:30 in Workshop room)",
            "Moved “Async in practice” from Tue 5 Mar, 10:00 in Main hall to Tue 5 Mar, 14:00 in Workshop room",
        ]
    );
    assert_eq!(public["history"][1]["number"], 1);
    assert_eq!(public["history"][1]["changes"].as_array().unwrap().len(), 4);
    assert_eq!(
        visitor
            .get(&format!("/e/{slug}/talks/{traits}"))
            .await
            .status(),
        404,
        "a talk taken out of the schedule is not public (its lineup is not published)"
    );
    let _ = (&c.bea, &c.cy);
}

async fn speakers_get_their_slot_by_mail_and_feeds_follow_moves_and_removals(app: TestApp) {
    let c = conference(&app).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [async_talk, traits, _] = &c.talks;
    let [hall, workshop] = &c.rooms;
    ok(
        &place(ada, slug, async_talk, "0", hall, (DAY1, "10:00", "")).await,
        "place",
    );
    ok(
        &place(ada, slug, traits, "0", workshop, (DAY1, "10:30", "")).await,
        "place",
    );
    ok(&publish(ada, slug).await, "publish");

    // Bea is mailed each slot with an .ics carrying the schedule feed's UID.
    let mails: Vec<(String, String)> = sqlx::query_as(
        "select subject, ics from outbox where kind = 'schedule_slot' and to_address = $1
         order by mail_id",
    )
    .bind("bea@example.org")
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].0, "Your talk is scheduled: Async in practice");
    let event_id: i64 = sqlx::query_scalar("select event_id from event where slug = $1")
        .bind(slug)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let uid = format!("session-{event_id}-talk-{async_talk}@hallway");
    let parsed = parse(&[mails[0].1.clone()], Some("Europe/Berlin"));
    let entry = &parsed[0]["events"][0];
    assert_eq!(entry["UID"], uid.as_str());
    assert_eq!(entry["SEQUENCE"], 0);
    assert_eq!(entry["LOCATION"], "Main hall");
    assert_eq!(entry["local_start"]["clock"], "Tue 5 Mar 2030, 10:00");

    // The schedule feed: one entry per session, ETag and 304.
    let visitor = app.browser();
    let res = visitor.get(&format!("/e/{slug}/schedule.ics")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let tag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let feed = text(res).await;
    let again = visitor
        .client
        .get(visitor.url(&format!("/e/{slug}/schedule.ics")))
        .header(header::IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let parsed = parse(&[feed], Some("Europe/Berlin"));
    let events = parsed[0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let first = events.iter().find(|e| e["UID"] == uid.as_str()).unwrap();
    assert_eq!(first["SUMMARY"], "Async in practice");
    assert!(first["URL"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/e/{slug}/talks/{async_talk}")));
    let description = first["DESCRIPTION"].as_str().unwrap();
    assert!(
        description.starts_with("With Bea\n\nWhat we learned; and more."),
        "{description}"
    );

    // Moving bumps SEQUENCE; removing keeps the entry as CANCELLED; Bea is mailed both.
    let version = version_of(ada, slug, async_talk).await;
    ok(
        &place(ada, slug, async_talk, &version, hall, (DAY1, "15:00", "")).await,
        "move",
    );
    let version = version_of(ada, slug, traits).await;
    ok(
        &ada.call(
            "unplace_talk",
            &[("event", slug), ("talk", traits), ("version", &version)],
        )
        .await,
        "unplace",
    );
    ok(&publish(ada, slug).await, "publish v2");
    let feed = text(visitor.get(&format!("/e/{slug}/schedule.ics")).await).await;
    let parsed = parse(&[feed], Some("Europe/Berlin"));
    let events = parsed[0]["events"].as_array().unwrap();
    let moved = events.iter().find(|e| e["UID"] == uid.as_str()).unwrap();
    assert_eq!(moved["SEQUENCE"], 1);
    assert_eq!(moved["local_start"]["clock"], "Tue 5 Mar 2030, 15:00");
    let removed = events
        .iter()
        .find(|e| e["SUMMARY"] == "Traits deep dive")
        .unwrap();
    assert_eq!(removed["STATUS"], "CANCELLED");
    assert_eq!(removed["SEQUENCE"], 1);
    let subjects: Vec<String> = sqlx::query_scalar(
        "select subject from outbox where kind = 'schedule_slot' and to_address = $1
         order by mail_id",
    )
    .bind("bea@example.org")
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    let mut latest = subjects[2..].to_vec();
    latest.sort();
    assert_eq!(
        latest,
        [
            "Your talk has moved: Async in practice".to_owned(),
            "Your talk is no longer in the schedule: Traits deep dive".to_owned()
        ]
    );

    // Bea's personal feed has her sessions, with the same UIDs.
    ok(&c.bea.call("regenerate_calendar_feed", &[]).await, "feed");
    let feed: serde_json::Value = c
        .bea
        .call("my_calendar_feed", &[])
        .await
        .json()
        .await
        .unwrap();
    let url = feed["url"].as_str().expect("shown right after making it");
    let path = url.trim_start_matches(&app.address).to_owned();
    let feed = text(visitor.get(&path).await).await;
    let parsed = parse(&[feed], None);
    let mine = parsed[0]["events"].as_array().unwrap();
    assert!(mine
        .iter()
        .any(|e| e["UID"] == uid.as_str() && e["SEQUENCE"] == 1));
    assert!(mine
        .iter()
        .any(|e| e["SUMMARY"] == "Traits deep dive" && e["STATUS"] == "CANCELLED"));

    // The exports: frab XML read by ElementTree, JSON.
    let xml = text(visitor.get(&format!("/e/{slug}/schedule.xml")).await).await;
    let frab = python("frab_read.py", &[], &[xml]);
    assert_eq!(frab[0]["title"], "Rust Conf");
    assert_eq!(frab[0]["time_zone_name"], "Europe/Berlin");
    assert_eq!(frab[0]["days"], 2);
    let talks = frab[0]["events"].as_array().unwrap();
    assert_eq!(talks.len(), 1, "removed sessions are not in the XML");
    assert_eq!(talks[0]["title"], "Async in practice");
    assert_eq!(talks[0]["start"], "15:00");
    assert_eq!(talks[0]["duration"], "00:30");
    assert_eq!(talks[0]["room"], "Main hall");
    assert_eq!(talks[0]["date"], "2030-03-05T15:00:00+01:00");
    assert_eq!(talks[0]["persons"][0], "Bea");
    let json: Value = visitor
        .get(&format!("/e/{slug}/schedule.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(json["sessions"][0]["uid"], uid.as_str());
    assert_eq!(
        json["sessions"][0]["starts_at"],
        "2030-03-05T15:00:00+01:00"
    );
    assert_eq!(json["rooms"][1]["name"], "Workshop room");
}

async fn hard_conflicts_block_publishing_and_bad_placements_change_nothing(app: TestApp) {
    let c = conference(&app).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [async_talk, traits, embedded] = &c.talks;
    let [hall, workshop] = &c.rooms;

    // Bea in two rooms at once; Cy's talk on top of Bea's in the hall.
    ok(
        &place(ada, slug, async_talk, "0", hall, (DAY1, "10:00", "")).await,
        "place",
    );
    ok(
        &place(ada, slug, traits, "0", workshop, (DAY1, "10:15", "")).await,
        "place",
    );
    ok(
        &place(ada, slug, embedded, "0", hall, (DAY1, "10:20", "")).await,
        "place",
    );
    let view = editor(ada, slug).await;
    let hard: Vec<&str> = view["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["hard"] == true)
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        hard,
        [
            "“Async in practice” and “Embedded Rust” overlap in Main hall.",
            "Bea speaks in “Async in practice” and “Traits deep dive” at the same time.",
        ]
    );
    let res = publish(ada, slug).await;
    assert_eq!(res.status(), 409);
    assert!(text(res).await.contains("overlap in Main hall"));
    assert_eq!(app.count("schedule_version").await, 0, "nothing published");
    assert_eq!(app.count("published_session").await, 0);

    // Bad input: a clear message on the field, 4xx, nothing written.
    let slots = app.count("schedule_slot").await;
    let bad = [
        (hall.as_str(), ("2030-03-07", "10:00", "30"), "start"),
        (hall.as_str(), (DAY1, "07:00", "30"), "start"),
        (hall.as_str(), (DAY1, "10:00", "0"), "minutes"),
        (hall.as_str(), (DAY1, "10:00", "-30"), "minutes"),
        ("999999", (DAY1, "10:00", "30"), "room"),
        (hall.as_str(), ("soon", "ten", "30"), "day"),
    ];
    let version = version_of(ada, slug, embedded).await;
    for (room, at, field) in bad {
        let res = place(ada, slug, embedded, &version, room, at).await;
        assert_eq!(res.status(), 422, "{room} {at:?}");
        let body = text(res).await;
        assert!(body.contains(&format!("\"field\":\"{field}\"")), "{body}");
    }
    // A room of another event.
    let other = organizer_of_other_event(&app).await;
    let res = place(ada, slug, embedded, &version, &other, (DAY1, "10:00", "30")).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("schedule_slot").await, slots);

    // Who may edit: nobody but organizers.
    assert_eq!(
        place(
            &app.browser(),
            slug,
            embedded,
            &version,
            hall,
            (DAY1, "16:00", "")
        )
        .await
        .status(),
        401
    );
    assert_eq!(
        place(&c.bea, slug, embedded, &version, hall, (DAY1, "16:00", ""))
            .await
            .status(),
        403
    );
    assert_eq!(publish(&c.cy, slug).await.status(), 403);
    let res = c.cy.call("schedule_editor", &[("event", slug)]).await;
    assert_eq!(res.status(), 403);
    let res = c
        .bea
        .call("save_rooms", &[("event", slug), ("rooms", "Hall")])
        .await;
    assert_eq!(res.status(), 403);

    // A room with sessions cannot go; negative seats are refused.
    let res = ada
        .call("save_rooms", &[("event", slug), ("rooms", "Workshop room")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(text(res).await.contains("still has sessions"));
    let res = ada
        .call(
            "save_rooms",
            &[("event", slug), ("rooms", "Main hall, -5\nWorkshop room")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.count("room").await,
        3,
        "two here, one at the other event"
    );

    // Solved: move Cy's talk and Bea's second one; then it publishes.
    ok(
        &place(ada, slug, embedded, &version, hall, (DAY1, "11:00", "")).await,
        "move",
    );
    let v = version_of(ada, slug, traits).await;
    ok(
        &place(ada, slug, traits, &v, workshop, (DAY1, "10:30", "")).await,
        "move",
    );
    ok(&publish(ada, slug).await, "publish");
}

/// A second group's event with one room; returns that room's id.
async fn organizer_of_other_event(app: &TestApp) -> String {
    let dan = app.signed_up("Dan", "dan@example.org").await;
    dan.create_group("Go Berlin", "go-berlin").await;
    let res = dan
        .call(
            "create_event",
            &[
                ("group", "go-berlin"),
                ("title", "Go Day"),
                ("format", "conference"),
                ("time_zone", "Europe/Berlin"),
                ("start", "2030-03-05T09:00"),
                ("end", "2030-03-05T18:00"),
            ],
        )
        .await;
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    ok(
        &dan.call("save_rooms", &[("event", &slug), ("rooms", "Go room")])
            .await,
        "rooms",
    );
    id_of(app, "select room_id from room where name = $1", "Go room").await
}

async fn two_organizers_changing_one_session_at_once_get_a_conflict_not_an_overwrite(app: TestApp) {
    let c = conference(&app).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [async_talk, traits, _] = &c.talks;
    let [hall, workshop] = &c.rooms;
    let eve = app.signed_up("Eve", "eve@example.org").await;
    app.add_co_organizer(ada, "rust-berlin", "eve@example.org", &eve)
        .await;

    // Both open the editor while the talk is unplaced and place it at the same moment.
    let (one, two) = tokio::join!(
        place(ada, slug, async_talk, "0", hall, (DAY1, "10:00", "")),
        place(&eve, slug, async_talk, "0", workshop, (DAY1, "11:00", "")),
    );
    let mut statuses = [one.status().as_u16(), two.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "exactly one wins");
    assert_eq!(app.count("schedule_slot").await, 1);

    // Both start from version 1 of a slot; the second change is refused with what happened.
    ok(
        &place(ada, slug, traits, "0", hall, (DAY1, "14:00", "")).await,
        "place",
    );
    let version = version_of(ada, slug, traits).await;
    ok(
        &place(ada, slug, traits, &version, workshop, (DAY1, "15:00", "")).await,
        "first",
    );
    let res = place(&eve, slug, traits, &version, hall, (DAY1, "16:00", "")).await;
    assert_eq!(res.status(), 409);
    let body = text(res).await;
    assert!(
        body.contains("Someone else changed this session")
            && body.contains("Tue 5 Mar, 15:00 in Workshop room"),
        "{body}"
    );
    let res = eve
        .call(
            "unplace_talk",
            &[("event", slug), ("talk", traits), ("version", &version)],
        )
        .await;
    assert_eq!(res.status(), 409, "removing from an old page too");
    let starts: i64 = sqlx::query_scalar("select starts_at from schedule_slot where talk_id = $1")
        .bind(traits.parse::<i64>().unwrap())
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    // 15:00 in Berlin (CET) is 14:00 UTC.
    assert_eq!(starts % 86_400, 14 * 3600, "the first change stands");
}

async fn forms_without_javascript_keep_what_was_typed_next_to_the_message(app: TestApp) {
    let c = conference(&app).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [async_talk, ..] = &c.talks;
    let [hall, _] = &c.rooms;
    let page = format!("/e/{slug}/schedule/edit");
    let res = ada
        .submit(
            &page,
            "place_talk",
            &[
                ("event", slug),
                ("talk", async_talk),
                ("version", "0"),
                ("room", hall),
                ("day", DAY1),
                ("start", "10:00"),
                ("minutes", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = text(res).await;
    assert!(
        body.contains("A session lasts at least 1 minute."),
        "the message"
    );
    assert!(body.contains("value=\"0\""), "the typed minutes kept");
    assert_eq!(app.count("schedule_slot").await, 0);
    let res = ada
        .submit(
            &page,
            "place_talk",
            &[
                ("event", slug),
                ("talk", async_talk),
                ("version", "0"),
                ("room", hall),
                ("day", DAY1),
                ("start", "10:00"),
                ("minutes", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "post, redirect, get");
    let page = text(ada.get(&page).await).await;
    assert!(page.contains("2030-03-05 10:00 in Main hall (30 min)"));
}

async fn during_the_event_the_running_session_is_now_and_the_next_one_next(app: TestApp) {
    use chrono::{Duration, Utc};
    let now = Utc::now();
    let input = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M").to_string();
    let (start, end) = (
        input(now - Duration::hours(2)),
        input(now + Duration::hours(6)),
    );
    let c = conference_at(&app, (&start, &end, "UTC")).await;
    let (ada, slug) = (&c.ada, c.slug.as_str());
    let [running, following, _] = &c.talks;
    let [hall, _] = &c.rooms;
    let at = |t: chrono::DateTime<Utc>| {
        (
            t.format("%Y-%m-%d").to_string(),
            t.format("%H:%M").to_string(),
        )
    };
    let (day, time) = at(now - Duration::minutes(30));
    ok(
        &place(ada, slug, running, "0", hall, (&day, &time, "60")).await,
        "place",
    );
    let (day, time) = at(now + Duration::minutes(90));
    ok(
        &place(ada, slug, following, "0", hall, (&day, &time, "30")).await,
        "place",
    );
    ok(&publish(ada, slug).await, "publish");
    let public: Value = app
        .browser()
        .call("public_schedule", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["live"], true);
    let sessions: Vec<&Value> = public["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["sessions"].as_array().unwrap())
        .collect();
    let marks: Vec<(&str, bool, bool)> = sessions
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["now"].as_bool().unwrap(),
                s["next"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("Async in practice", true, false),
            ("Traits deep dive", false, true)
        ]
    );
    let page = text(app.browser().get(&format!("/e/{slug}/schedule")).await).await;
    assert!(page.contains(">Now</strong>") && page.contains(">Next</strong>"));
}

on_both_engines!(
    during_the_event_the_running_session_is_now_and_the_next_one_next,
    organizers_place_talks_and_publish_numbered_versions_with_a_change_list,
    speakers_get_their_slot_by_mail_and_feeds_follow_moves_and_removals,
    hard_conflicts_block_publishing_and_bad_placements_change_nothing,
    two_organizers_changing_one_session_at_once_get_a_conflict_not_an_overwrite,
    forms_without_javascript_keep_what_was_typed_next_to_the_message,
);
