//! What the database holds is read strictly, once, where a row becomes a domain value: a value
//! it should never hold is an error, never a quiet default (a lost RSVP status must not read as
//! "not going", an unknown time zone must not show every time in UTC).

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn values_the_database_should_never_hold_are_errors_not_defaults(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", "Strict rows"),
                ("description", "Rows read once."),
                ("format", "meetup"),
                ("time_zone", "Asia/Kolkata"),
                ("start", "2031-05-06T19:00"),
                ("end", "2031-05-06T21:00"),
                ("venue_name", "c-base"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    assert_eq!(
        ada.call("publish_event", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        200
    );
    let bob = app.signed_up("Bob", "bob@example.org").await;
    let res = bob
        .call("rsvp_going", &[("event", &slug), ("plus_ones", "0")])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = bob.get(&format!("/e/{slug}")).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text().await.unwrap().contains("IST"),
        "shown in the event's zone"
    );

    let set = |sql: &'static str| {
        let pool = app.db.writer().clone();
        async move { sqlx::query(sql).execute(&pool).await }
    };
    // States are guarded by the schema too: the database refuses a status it should not hold.
    assert!(set("update rsvp set status = 'maybe'").await.is_err());

    // A zone lost in storage: an error, not every time quietly in UTC.
    set("update event set time_zone = 'Mars/Olympus'")
        .await
        .unwrap();
    assert_eq!(
        app.browser()
            .get(&format!("/e/{slug}"))
            .await
            .status()
            .as_u16(),
        500
    );
    let res = bob.call("rsvp_not_going", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 500);
    set("update event set time_zone = 'Asia/Kolkata'")
        .await
        .unwrap();
    assert_eq!(
        app.browser()
            .get(&format!("/e/{slug}"))
            .await
            .status()
            .as_u16(),
        200
    );
    // Nothing was half-written meanwhile: Bob still holds his one seat.
    let going: i64 = sqlx::query_scalar("select count(*) from rsvp where status = 'going'")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(going, 1);
}

on_both_engines!(values_the_database_should_never_hold_are_errors_not_defaults);
