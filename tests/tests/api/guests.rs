//! RSVP without an account: a mailed link makes the RSVP real, the same seats and waitlist
//! rules as for accounts, and a personal link in every mail to manage or cancel it.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use crate::rsvps::{going, organizer, published, rsvp_of};

async fn as_guest(
    b: &Browser,
    slug: &str,
    name: &str,
    email: &str,
    plus: &str,
) -> reqwest::Response {
    b.call(
        "rsvp_as_guest",
        &[
            ("event", slug),
            ("display_name", name),
            ("email", email),
            ("plus_ones", plus),
        ],
    )
    .await
}

async fn confirm_link(app: &TestApp, email: &str) -> String {
    app.mailed_token("guest_rsvp_confirm", email, "/confirm-rsvp?token=")
        .await
}

/// Confirms and returns the personal manage token from the redirect.
async fn confirm(app: &TestApp, email: &str) -> String {
    let token = confirm_link(app, email).await;
    let res = app
        .browser()
        .call("confirm_guest_rsvp", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200, "confirming {email}");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let manage = location
        .strip_prefix("/rsvp/")
        .and_then(|rest| rest.strip_suffix("?done=confirmed"))
        .unwrap_or_else(|| panic!("a manage link, not {location}"));
    manage.to_owned()
}

async fn a_guest_rsvp_counts_after_the_mailed_link_and_its_own_link_changes_or_cancels_it(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "3").await;
    let guest = app.browser();
    let page = guest.get(&format!("/e/{slug}")).await.text().await.unwrap();
    assert!(
        page.contains("Your email") && page.contains("Sign in to RSVP"),
        "{page}"
    );

    let res = as_guest(&guest, &slug, "Gus", "Gus@Example.org", "1").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/e/{slug}?done=check_mail").as_str()
    );
    assert_eq!(
        app.count("rsvp").await,
        0,
        "nothing is held before the click"
    );

    // Opening the link shows a button; the button makes the RSVP real.
    let token = confirm_link(&app, "gus@example.org").await;
    let page = guest.get(&format!("/confirm-rsvp?token={token}")).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Gus (gus@example.org)"));
    assert_eq!(app.count("rsvp").await, 0);
    let manage = confirm(&app, "gus@example.org").await;
    assert_eq!(manage.len(), 64, "256 random bits");
    assert_eq!(
        rsvp_of(&app, "gus@example.org").await,
        Some(("going".to_owned(), 1))
    );
    let res = guest.call("confirm_guest_rsvp", &[("token", &token)]).await;
    assert_eq!(res.status().as_u16(), 422, "the link works once");
    assert_eq!(
        guest
            .get(&format!("/confirm-rsvp?token={token}"))
            .await
            .status()
            .as_u16(),
        410
    );

    // The RSVP mail carries a personal link of its own; each link shows the ticket without
    // signing in, and the database keeps only their hashes.
    let mailed = app
        .mailed_token("rsvp_going", "gus@example.org", "/rsvp/")
        .await;
    assert_eq!(mailed.len(), 64, "{mailed}");
    assert_ne!(mailed, manage, "every mail mints its own link");
    for link in [&manage, &mailed] {
        let page = app.browser().get(&format!("/rsvp/{link}")).await;
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Check-in code") && html.contains("Gus"),
            "{html}"
        );
    }
    let stored: Vec<String> = sqlx::query_scalar("select token_hash from rsvp_link")
        .fetch_all(app.db.writer())
        .await
        .unwrap();
    assert!(stored.contains(&app::tokens::hash(&mailed)) && !stored.contains(&mailed));
    let in_the_clear: i64 =
        sqlx::query_scalar("select count(*) from rsvp where manage_token is not null")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(in_the_clear, 0);

    // Fewer guests, then someone fills the event, then Gus cancels and they get in.
    let res = app
        .browser()
        .call(
            "manage_rsvp_going",
            &[("token", &manage), ("plus_ones", "0")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        rsvp_of(&app, "gus@example.org").await,
        Some(("going".to_owned(), 0))
    );
    let bea = app.signed_up("Bea", "bea@example.org").await;
    assert_eq!(going(&bea, &slug, "1").await.status().as_u16(), 200);
    as_guest(&app.browser(), &slug, "Cy", "cy@example.org", "0").await;
    let cy_manage = confirm(&app, "cy@example.org").await;
    assert_eq!(
        rsvp_of(&app, "cy@example.org").await.unwrap().0,
        "waitlisted",
        "the same seats rule: full means the waitlist"
    );
    let waiting = app
        .mailed_token("rsvp_waitlisted", "cy@example.org", "/rsvp/")
        .await;
    assert_ne!(waiting, cy_manage);
    assert_eq!(
        app.browser()
            .get(&format!("/rsvp/{waiting}"))
            .await
            .status()
            .as_u16(),
        200
    );
    let res = app
        .browser()
        .call("manage_rsvp_cancel", &[("token", &manage)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        rsvp_of(&app, "gus@example.org").await.unwrap().0,
        "not_going"
    );
    assert_eq!(rsvp_of(&app, "cy@example.org").await.unwrap().0, "going");

    // A forged link finds nothing.
    let forged = "f".repeat(64);
    assert_eq!(
        app.browser()
            .get(&format!("/rsvp/{forged}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        app.browser()
            .call("manage_rsvp_cancel", &[("token", &forged)])
            .await
            .status()
            .as_u16(),
        404
    );
}

async fn guest_rsvps_refuse_bad_input_closed_events_and_floods_and_join_existing_accounts(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let guest = app.browser();

    // Bad input: a message per field, nothing written.
    let res = as_guest(&guest, &slug, "", "not-an-address", "0").await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("display_name") && body.contains("email"),
        "{body}"
    );
    let res = as_guest(&guest, &slug, "Gus", "gus@example.org", "7").await;
    assert_eq!(res.status().as_u16(), 422, "more plus-ones than allowed");
    assert_eq!(app.count("guest_rsvp").await, 0);
    let res = as_guest(&guest, "no-such-event", "Gus", "gus@example.org", "0").await;
    assert_eq!(res.status().as_u16(), 404);

    // Without JavaScript, a failed form comes back with what was typed.
    let res = guest
        .submit(
            &format!("/e/{slug}"),
            "rsvp_as_guest",
            &[
                ("event", &slug),
                ("display_name", "Gus Name"),
                ("email", "broken"),
                ("plus_ones", "0"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="Gus Name""#), "typed values kept");

    // Five links an hour per address.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            as_guest(&guest, &slug, "Gus", "gus@example.org", "0")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);

    // An address with a confirmed account: the confirmed RSVP is that account's. (An account
    // that never confirmed the address loses it to the guest who proves it: security.rs.)
    let ann = app.confirmed("Ann", "ann@example.org").await;
    let accounts = app.count("account").await;
    as_guest(&guest, &slug, "Ann from the pub", "ann@example.org", "0").await;
    confirm(&app, "ann@example.org").await;
    assert_eq!(app.count("account").await, accounts, "no second account");
    let panel: serde_json::Value = ann
        .call("rsvp_panel", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(panel["mine"]["status"], "Going");

    // A new address becomes a (passwordless) account, confirmed by the click; it can choose a
    // password later through "Forgot your password?".
    as_guest(&guest, &slug, "Gus", "gus@example.org", "0").await;
    confirm(&app, "gus@example.org").await;
    let confirmed: Option<i64> = sqlx::query_scalar(
        "select email_confirmed_at from account where email = 'gus@example.org'",
    )
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    assert!(confirmed.is_some());
    assert_eq!(
        app.browser()
            .sign_in("gus@example.org", "")
            .await
            .status()
            .as_u16(),
        422
    );

    // Expired links, and events that stopped taking RSVPs.
    as_guest(&guest, &slug, "Dee", "dee@example.org", "0").await;
    let dee = confirm_link(&app, "dee@example.org").await;
    sqlx::query("update guest_rsvp set expires_at = 1 where email = 'dee@example.org'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let res = guest.call("confirm_guest_rsvp", &[("token", &dee)]).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("expired"));
    assert_eq!(rsvp_of(&app, "dee@example.org").await, None);

    as_guest(&guest, &slug, "Eve", "eve@example.org", "0").await;
    let eve = confirm_link(&app, "eve@example.org").await;
    let res = ada
        .call(
            "cancel_event",
            &[("event", &slug), ("reason", "The venue flooded.")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = guest.call("confirm_guest_rsvp", &[("token", &eve)]).await;
    assert_eq!(
        res.status().as_u16(),
        409,
        "a cancelled event takes no RSVPs"
    );
    assert_eq!(rsvp_of(&app, "eve@example.org").await, None);
    let res = as_guest(&guest, &slug, "Fay", "fay@example.org", "0").await;
    assert_eq!(res.status().as_u16(), 409);
}

on_both_engines!(
    a_guest_rsvp_counts_after_the_mailed_link_and_its_own_link_changes_or_cancels_it,
    guest_rsvps_refuse_bad_input_closed_events_and_floods_and_join_existing_accounts,
);
