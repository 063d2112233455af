//! Public pages as visitors without a session get them: kept by the server under the key of
//! what they show (app::page_keys), validated by an ETag, and never older than what the server
//! holds, after the first change and after the tenth.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use crate::rsvps::{going, organizer, published};
use reqwest::{header, Response, StatusCode};
use std::time::Duration;

/// Instants are whole seconds: a page whose rows changed in the last two seconds is rendered
/// afresh and not kept, so a test of the kept pages first lets them settle.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(3_100)).await;
}

fn etag(res: &Response) -> String {
    res.headers()
        .get(header::ETAG)
        .unwrap_or_else(|| panic!("no ETag on {}", res.url()))
        .to_str()
        .unwrap()
        .to_owned()
}

async fn conditional(who: &Browser, path: &str, tag: &str) -> Response {
    who.client
        .get(who.url(path))
        .header(header::IF_NONE_MATCH, tag)
        .send()
        .await
        .unwrap()
}

async fn page(who: &Browser, path: &str) -> String {
    let res = who.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

async fn public_pages_answer_not_modified_until_what_they_show_changes(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let visitor = app.browser();
    settle().await;
    let event = format!("/e/{slug}");
    for path in ["/", "/g/rust-berlin", event.as_str()] {
        let res = visitor.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        let tag = etag(&res);
        assert!(tag.starts_with("W/\""), "{path}: {tag}");
        let again = conditional(&visitor, path, &tag).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(etag(&again), tag, "{path}");
        assert!(
            again
                .headers()
                .get(header::CONTENT_SECURITY_POLICY)
                .is_none(),
            "{path}: a new policy would not match the kept page's script nonce"
        );
        assert!(again.bytes().await.unwrap().is_empty());
    }
    let before = etag(&visitor.get(&event).await);
    let bob = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(going(&bob, &slug, "1").await.status(), StatusCode::OK);
    let after = conditional(&visitor, &event, &before).await;
    assert_eq!(
        after.status(),
        StatusCode::OK,
        "an RSVP changes the event page"
    );
    assert_ne!(etag(&after), before);
    assert!(after.text().await.unwrap().contains("2 of 10 seats taken"));
    // A signed-in person's page is their own: never kept, never validated.
    let own = conditional(&bob, &event, &before).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.headers().get(header::ETAG).is_none());
    assert_eq!(own.headers()[header::CACHE_CONTROL], "no-store");
}

async fn an_anonymous_visitor_sees_every_change_at_once_after_the_first_and_after_the_tenth(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "30").await;
    let event = format!("/e/{slug}");
    let visitor = app.browser();
    settle().await;
    assert!(page(&visitor, &event).await.contains("0 of 30 seats taken"));
    let crowd = app.crowd("page", 10).await;
    for (n, person) in crowd.iter().enumerate() {
        assert_eq!(going(person, &slug, "0").await.status(), StatusCode::OK);
        let seen = page(&visitor, &event).await;
        let taken = format!("{} of 30 seats taken", n + 1);
        assert!(seen.contains(&taken), "after RSVP {}: {taken}", n + 1);
    }

    // Two edits within one second: the second shows as surely as the first.
    for title in ["Rust Meetup, renamed", "Rust Meetup, renamed again"] {
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
                    ("venue_name", "c-base"),
                    ("capacity", "30"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        assert!(page(&visitor, &event).await.contains(title), "{title}");
        assert!(page(&visitor, "/").await.contains(title), "home: {title}");
        assert!(
            page(&visitor, "/g/rust-berlin").await.contains(title),
            "group: {title}"
        );
    }
    for name in ["Rust Berlin e.V.", "Rust Berlin Community"] {
        let res = ada
            .call(
                "update_group",
                &[
                    ("group", "rust-berlin"),
                    ("name", name),
                    ("description", ""),
                    ("website", ""),
                    ("city", "Berlin"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            page(&visitor, "/g/rust-berlin").await.contains(name),
            "{name}"
        );
        assert!(page(&visitor, &event).await.contains(name), "{name}");
    }
}

async fn a_kept_page_is_served_from_the_cache_while_its_key_stands(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let event = format!("/e/{slug}");
    let visitor = app.browser();
    settle().await;
    assert!(page(&visitor, &event).await.contains("Rust Meetup"));
    // A change behind the app's back, which touches nothing the key reads: the kept page
    // stands (proof that it is kept), while a signed-in organizer sees the row as it is.
    sqlx::query("update event set title = 'Changed behind its back' where slug = $1")
        .bind(&slug)
        .execute(app.db.writer())
        .await
        .unwrap();
    let kept = page(&visitor, &event).await;
    assert!(kept.contains("Rust Meetup") && !kept.contains("Changed behind its back"));
    assert!(page(&ada, &event).await.contains("Changed behind its back"));
    // A query string, or a session cookie, is never answered from the cache.
    let asked = page(&visitor, &format!("{event}?from=mail")).await;
    assert!(asked.contains("Changed behind its back"));
    // Once the key moves (any RSVP), the page is rendered afresh.
    let bob = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(going(&bob, &slug, "0").await.status(), StatusCode::OK);
    assert!(page(&visitor, &event)
        .await
        .contains("Changed behind its back"));
}

on_both_engines!(
    public_pages_answer_not_modified_until_what_they_show_changes,
    an_anonymous_visitor_sees_every_change_at_once_after_the_first_and_after_the_tenth,
    a_kept_page_is_served_from_the_cache_while_its_key_stands,
);
