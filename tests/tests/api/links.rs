//! Personal links (RSVP manage pages, unsubscribe, calendar feeds) are kept only as hashes;
//! the links an older version stored in the clear are hashed when the server starts, and
//! keep working.

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::rsvps::{going, organizer, published};

async fn links_an_older_version_kept_in_the_clear_are_hashed_at_start_and_keep_working(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "5").await;
    let ann = app.signed_up("Ann", "ann@example.org").await;
    assert_eq!(going(&ann, &slug, "0").await.status().as_u16(), 200);
    let (rsvp_id, account_id): (i64, i64) = sqlx::query_as(
        "select r.rsvp_id, a.account_id from rsvp r join account a on a.account_id = r.account_id
         where a.email = 'ann@example.org'",
    )
    .fetch_one(app.db.writer())
    .await
    .unwrap();

    // What a database written before the hashed links looks like.
    let manage = app::tokens::random_token(32).unwrap();
    let unsubscribe = app::tokens::random_token(32).unwrap();
    let feed = app::tokens::random_token(32).unwrap();
    for (sql, token, id) in [
        (
            "update rsvp set manage_token = $1 where rsvp_id = $2",
            &manage,
            rsvp_id,
        ),
        (
            "update account set unsubscribe_token = $1 where account_id = $2",
            &unsubscribe,
            account_id,
        ),
        (
            "insert into feed_token (token, account_id, created_at) values ($1, $2, 0)",
            &feed,
            account_id,
        ),
    ] {
        sqlx::query(sql)
            .bind(token)
            .bind(id)
            .execute(app.db.writer())
            .await
            .unwrap();
    }
    let visitor = app.browser();
    assert_eq!(
        visitor
            .get(&format!("/rsvp/{manage}"))
            .await
            .status()
            .as_u16(),
        404,
        "not read from the old column"
    );

    // The next start (a second instance, here) moves them; running it again changes nothing.
    let links_before = app.count("rsvp_link").await;
    for _ in 0..2 {
        let restarted = app::db::Db::connect(app.database_url()).await.unwrap();
        restarted.close().await;
    }
    assert_eq!(app.count("rsvp_link").await, links_before + 1);
    let in_the_clear: (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from rsvp where manage_token is not null),
                (select count(*) from account where unsubscribe_token is not null),
                (select count(*) from feed_token)",
    )
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    assert_eq!(in_the_clear, (0, 0, 0));
    for (table, token) in [
        ("rsvp_link", &manage),
        ("unsubscribe_link", &unsubscribe),
        ("feed_link", &feed),
    ] {
        let hashes: Vec<String> = sqlx::query_scalar(&format!("select token_hash from {table}"))
            .fetch_all(app.db.writer())
            .await
            .unwrap();
        assert!(
            hashes.contains(&app::tokens::hash(token)) && !hashes.contains(token),
            "{table}"
        );
    }

    // Every old link still opens what it opened.
    let page = visitor.get(&format!("/rsvp/{manage}")).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Ann"));
    let res = visitor.get(&format!("/feeds/{feed}/calendar.ics")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("BEGIN:VCALENDAR"));
    let res = reqwest::Client::new()
        .post(format!(
            "{}/mail/unsubscribe/{unsubscribe}?what=reminders",
            app.address
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let reminders: i64 =
        sqlx::query_scalar("select mail_reminders from account where account_id = $1")
            .bind(account_id)
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(reminders, 0);
}

on_both_engines!(links_an_older_version_kept_in_the_clear_are_hashed_at_start_and_keep_working,);
