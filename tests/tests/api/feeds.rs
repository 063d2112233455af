//! Calendar feeds over HTTP: content, validators and 304s, HEAD, drafts and online links
//! never leaking, and SEQUENCE following changes.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use reqwest::header;

async fn organizer(app: &TestApp) -> Browser {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    ada
}

/// Creates an event (published unless `draft`), returns its slug.
async fn event(ada: &Browser, title: &str, start: &str, draft: bool) -> String {
    let end = start.replace("T19:00", "T21:30");
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", title),
                ("description", "Talks, *pizza*; people.\nBring a friend."),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", start),
                ("end", &end),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, Berlin"),
                ("online_url", "https://meet.example.org/secret-room"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    if !draft {
        let res = ada.call("publish_event", &[("event", &slug)]).await;
        assert_eq!(res.status().as_u16(), 200);
    }
    slug
}

fn line<'a>(feed: &'a str, name: &str) -> Option<&'a str> {
    feed.split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
}

async fn an_event_feed_is_a_calendar_in_utc_that_never_shows_the_online_link(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = event(&ada, "Rust Meetup", "2030-03-05T19:00", false).await;
    let res = app.browser().get(&format!("/e/{slug}/calendar.ics")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains(&format!("filename=\"{slug}.ics\"")));
    assert!(res.headers().contains_key(header::ETAG));
    assert!(res.headers().contains_key(header::LAST_MODIFIED));
    let feed = res.text().await.unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\nPRODID:"));
    assert!(feed.ends_with("END:VCALENDAR\r\n"));
    // 19:00 in Berlin in March (CET) is 18:00 UTC.
    assert_eq!(line(&feed, "DTSTART"), Some("20300305T180000Z"));
    assert_eq!(line(&feed, "DTEND"), Some("20300305T203000Z"));
    assert_eq!(line(&feed, "SUMMARY"), Some("Rust Meetup"));
    assert_eq!(line(&feed, "STATUS"), Some("CONFIRMED"));
    assert_eq!(
        line(&feed, "LOCATION"),
        Some("c-base\\, Rungestraße 20\\, Berlin")
    );
    assert!(
        !feed.contains("secret-room"),
        "no online link in public feeds"
    );
    let (event_id, updated_at): (i64, i64) =
        sqlx::query_as("select event_id, updated_at from event where slug = $1")
            .bind(&slug)
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert!(line(&feed, "UID")
        .unwrap()
        .starts_with(&format!("event-{event_id}-")));
    let stamp = chrono_stamp(updated_at);
    assert_eq!(
        line(&feed, "DTSTAMP"),
        Some(stamp.as_str()),
        "DTSTAMP is the last change"
    );
    // The event page offers it, with Google and Outlook links and the group's feed.
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"/e/{slug}/calendar.ics\"")));
    assert!(page.contains("https://calendar.google.com/calendar/render?action=TEMPLATE"));
    assert!(page.contains("dates=20300305T180000Z/20300305T203000Z"));
    assert!(page.contains("outlook.live.com"));
    let host = app.address.trim_start_matches("http://");
    assert!(page.contains(&format!("webcal://{host}/g/rust-berlin/calendar.ics")));
    let group = app
        .browser()
        .get("/g/rust-berlin")
        .await
        .text()
        .await
        .unwrap();
    assert!(group.contains(&format!("webcal://{host}/g/rust-berlin/calendar.ics")));
    // Byte-identical on refetch.
    let again = app
        .browser()
        .get(&format!("/e/{slug}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(feed, again);
}

/// `YYYYMMDDTHHMMSSZ` of a Unix time, computed without the code under test.
fn chrono_stamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

async fn feeds_answer_conditional_requests_with_304_and_head_without_a_body(app: TestApp) {
    let ada = organizer(&app).await;
    event(&ada, "Rust Meetup", "2030-03-05T19:00", false).await;
    let visitor = app.browser();
    let url = visitor.url("/g/rust-berlin/calendar.ics");
    let first = visitor.client.get(&url).send().await.unwrap();
    let tag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    let modified = first.headers()[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        tag.starts_with('"') && !tag.starts_with("W/"),
        "strong ETag"
    );
    let res = visitor
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 304);
    assert_eq!(res.headers()[header::ETAG], tag.as_str());
    assert!(res.text().await.unwrap().is_empty());
    let res = visitor
        .client
        .get(&url)
        .header(header::IF_MODIFIED_SINCE, &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 304);
    let res = visitor
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let res = visitor.client.head(&url).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()[header::ETAG], tag.as_str());
    assert!(res.text().await.unwrap().is_empty(), "HEAD has no body");
}

async fn changes_of_time_and_cancellation_keep_the_uid_bump_sequence_and_change_the_etag(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = event(&ada, "Rust Meetup", "2030-03-05T19:00", false).await;
    let visitor = app.browser();
    let path = format!("/e/{slug}/calendar.ics");
    let fetch = |res: reqwest::Response| async move {
        let tag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
        (tag, res.text().await.unwrap())
    };
    let (tag1, feed1) = fetch(visitor.get(&path).await).await;
    let res = ada
        .call(
            "update_event",
            &[
                ("event", &slug),
                ("title", "Rust Meetup"),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", "2030-03-05T20:00"),
                ("end", "2030-03-05T22:00"),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, Berlin"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let (tag2, feed2) = fetch(visitor.get(&path).await).await;
    assert_ne!(tag1, tag2);
    assert_eq!(line(&feed1, "UID"), line(&feed2, "UID"));
    let seq = |f: &str| line(f, "SEQUENCE").unwrap().parse::<i64>().unwrap();
    assert!(seq(&feed2) > seq(&feed1), "a move bumps SEQUENCE");
    assert_eq!(line(&feed2, "DTSTART"), Some("20300305T190000Z"));
    ada.call("cancel_event", &[("event", &slug), ("reason", "Flooded")])
        .await;
    let (tag3, feed3) = fetch(visitor.get(&path).await).await;
    assert_ne!(tag2, tag3);
    assert_eq!(line(&feed3, "STATUS"), Some("CANCELLED"));
    assert_eq!(line(&feed2, "UID"), line(&feed3, "UID"));
    assert!(seq(&feed3) > seq(&feed2));
    // The group feed keeps it, cancelled.
    let group = visitor
        .get("/g/rust-berlin/calendar.ics")
        .await
        .text()
        .await
        .unwrap();
    assert!(group.contains("STATUS:CANCELLED"));
}

/// Group and site feeds are cached by the version of their rows; a change shows at once, even
/// two changes within one second.
async fn an_edit_shows_in_the_group_and_site_feeds_at_once(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = event(&ada, "Rust Meetup", "2030-03-05T19:00", false).await;
    let visitor = app.browser();
    for (title, venue) in [
        ("Rust Meetup: async", "c-base"),
        ("Rust Meetup: traits", "c-base"),
        ("Rust Meetup: traits", "C-base"),
    ] {
        for path in ["/g/rust-berlin/calendar.ics", "/calendar.ics"] {
            visitor.get(path).await.text().await.unwrap();
        }
        let res = ada
            .call(
                "update_event",
                &[
                    ("event", &slug),
                    ("title", title),
                    ("format", "meetup"),
                    ("time_zone", "Europe/Berlin"),
                    ("start", "2030-03-05T19:00"),
                    ("end", "2030-03-05T21:30"),
                    ("venue_name", venue),
                    ("venue_address", "Rungestraße 20, Berlin"),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        for path in ["/g/rust-berlin/calendar.ics", "/calendar.ics"] {
            let feed = visitor.get(path).await.text().await.unwrap();
            assert!(
                feed.contains(&format!("SUMMARY:{title}\r\n")),
                "{path}: {title}"
            );
            assert!(
                feed.contains(&format!("LOCATION:{venue}\\,")),
                "{path}: {venue}"
            );
        }
    }
}

async fn drafts_never_appear_and_unknown_feeds_are_not_found(app: TestApp) {
    let ada = organizer(&app).await;
    let draft = event(&ada, "Secret Draft", "2030-03-05T19:00", true).await;
    event(&ada, "Public Meetup", "2030-04-02T19:00", false).await;
    let visitor = app.browser();
    for path in [
        format!("/e/{draft}/calendar.ics"),
        "/e/no-such-event/calendar.ics".to_owned(),
        "/g/no-such-group/calendar.ics".to_owned(),
    ] {
        assert_eq!(visitor.get(&path).await.status().as_u16(), 404, "{path}");
    }
    // Not even for organizers.
    assert_eq!(
        ada.get(&format!("/e/{draft}/calendar.ics"))
            .await
            .status()
            .as_u16(),
        404
    );
    for path in ["/g/rust-berlin/calendar.ics", "/calendar.ics"] {
        let feed = visitor.get(path).await.text().await.unwrap();
        assert!(feed.contains("SUMMARY:Public Meetup"), "{path}");
        assert!(!feed.contains("Secret Draft"), "{path}");
        assert!(!feed.contains("secret-room"), "{path}");
    }
}

async fn a_personal_feed_shows_going_and_waitlisted_events_and_dies_when_regenerated(app: TestApp) {
    let ada = organizer(&app).await;
    let open = event(&ada, "Open Meetup", "2030-03-05T19:00", false).await;
    let full = event(&ada, "Full Meetup", "2030-04-02T19:00", false).await;
    ada.call(
        "update_rsvp_settings",
        &[("event", &full), ("capacity", "1"), ("max_plus_ones", "1")],
    )
    .await;
    let crowd = app.crowd("p", 1).await;
    crowd[0]
        .call("rsvp_going", &[("event", &full), ("plus_ones", "0")])
        .await;
    let bob = &app.signed_up("Bob", "bob@example.org").await;
    for slug in [&open, &full] {
        let res = bob
            .call("rsvp_going", &[("event", slug), ("plus_ones", "0")])
            .await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let none: serde_json::Value = bob
        .call("my_calendar_feed", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        none,
        serde_json::json!({"active": false, "url": null}),
        "no address until asked for"
    );
    let res = bob.call("regenerate_calendar_feed", &[]).await;
    assert_eq!(res.status().as_u16(), 200);
    let url = shown_feed_url(bob).await.expect("shown to who made it");
    let path = url.trim_start_matches(&app.address).to_owned();
    let token = path.split('/').nth(2).unwrap().to_owned();
    assert_eq!(token.len(), 64, "256 random bits");
    let visitor = app.browser();
    let res = visitor.get(&path).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "private, max-age=900");
    let feed = res.text().await.unwrap();
    let unfolded = feed.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Open Meetup\r\n"));
    assert!(unfolded.contains("SUMMARY:Waitlisted: Full Meetup\r\n"));
    assert!(unfolded.contains("STATUS:TENTATIVE"));
    assert_eq!(
        unfolded
            .matches("Join online: https://meet.example.org/secret-room")
            .count(),
        1,
        "the online link only for the event Bob is going to"
    );
    // Regenerating revokes the old address at once.
    bob.call("regenerate_calendar_feed", &[]).await;
    assert_eq!(visitor.get(&path).await.status().as_u16(), 404);
    let new_url = shown_feed_url(bob).await.expect("the new one is shown");
    assert_ne!(new_url, url);
    let new_path = new_url.trim_start_matches(&app.address).to_owned();
    assert_eq!(visitor.get(&new_path).await.status().as_u16(), 200);
    assert_eq!(
        visitor
            .get(&format!("/feeds/{}/calendar.ics", "0".repeat(64)))
            .await
            .status()
            .as_u16(),
        404
    );
    // Signed out, nobody gets an address.
    assert_eq!(
        visitor
            .call("regenerate_calendar_feed", &[])
            .await
            .status()
            .as_u16(),
        401
    );
    // The account page shows it in the browser that made it.
    let page = bob.get("/account").await.text().await.unwrap();
    assert!(page.contains(&new_url));

    // The database keeps a hash, not the address: another session of Bob's (or a copy of
    // the database) learns that the feed is on, not where it is.
    let token = new_path.split('/').nth(2).unwrap();
    let stored: Vec<String> = sqlx::query_scalar("select token_hash from feed_link")
        .fetch_all(app.db.writer())
        .await
        .unwrap();
    assert_eq!(stored, [app::tokens::hash(token)]);
    let elsewhere = app.browser();
    let res = elsewhere
        .call(
            "sign_in",
            &[
                ("email", "bob@example.org"),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let state: serde_json::Value = elsewhere
        .call("my_calendar_feed", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state, serde_json::json!({"active": true, "url": null}));
    let page = elsewhere.get("/account").await.text().await.unwrap();
    assert!(!page.contains(token) && page.contains("Your feed is on."));
    // Signed out, the question gets an empty answer, not a 401 (the account page asks once
    // more while it is being left after "Sign out").
    let res = app.browser().call("my_calendar_feed", &[]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.unwrap(), "null");
}

/// The feed address the page shows right after making it, if any.
async fn shown_feed_url(person: &Browser) -> Option<String> {
    let state: serde_json::Value = person
        .call("my_calendar_feed", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["active"], true);
    state["url"].as_str().map(str::to_owned)
}

async fn feeds_are_gzipped_for_clients_that_accept_it_and_stay_byte_identical(app: TestApp) {
    use std::io::Read;
    let ada = organizer(&app).await;
    event(&ada, "Rust Meetup", "2030-03-05T19:00", false).await;
    let visitor = app.browser();
    let url = visitor.url("/g/rust-berlin/calendar.ics");
    let plain = visitor.client.get(&url).send().await.unwrap();
    let plain_tag = plain.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(plain.headers()[header::VARY], "Accept-Encoding");
    assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
    let plain = plain.bytes().await.unwrap();
    let zipped = || {
        visitor
            .client
            .get(&url)
            .header(header::ACCEPT_ENCODING, "br;q=1.0, gzip;q=0.8")
            .send()
    };
    let res = zipped().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(res.headers()[header::VARY], "Accept-Encoding");
    let gzip_tag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_ne!(
        gzip_tag, plain_tag,
        "each representation has its own strong tag"
    );
    let body = res.bytes().await.unwrap();
    assert!(body.len() < plain.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.to_vec());
    // A refetch with no change is the same bytes, compressed or not.
    assert_eq!(zipped().await.unwrap().bytes().await.unwrap(), body);
    assert_eq!(
        visitor
            .get("/g/rust-berlin/calendar.ics")
            .await
            .bytes()
            .await
            .unwrap(),
        plain
    );
    // The gzip tag revalidates.
    let res = visitor
        .client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::IF_NONE_MATCH, &gzip_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 304);
    assert_eq!(res.headers()[header::ETAG], gzip_tag.as_str());
    // Refused gzip means no gzip.
    let res = visitor
        .client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip;q=0, identity")
        .send()
        .await
        .unwrap();
    assert!(!res.headers().contains_key(header::CONTENT_ENCODING));
}

on_both_engines!(
    an_edit_shows_in_the_group_and_site_feeds_at_once,
    feeds_are_gzipped_for_clients_that_accept_it_and_stay_byte_identical,
    a_personal_feed_shows_going_and_waitlisted_events_and_dies_when_regenerated,
    an_event_feed_is_a_calendar_in_utc_that_never_shows_the_online_link,
    feeds_answer_conditional_requests_with_304_and_head_without_a_body,
    changes_of_time_and_cancellation_keep_the_uid_bump_sequence_and_change_the_etag,
    drafts_never_appear_and_unknown_feeds_are_not_found,
);
