//! Sign-up, sign-in, sign-out, sessions, throttling and the account page.

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_engines;

async fn signing_up_creates_an_account_and_signs_you_in(app: TestApp) {
    let browser = app.browser();
    let res = browser
        .sign_up("Ada Lovelace", "Ada@Example.org", PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("hallway_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(browser.who().await.as_deref(), Some("Ada Lovelace"));
    let stored: String = sqlx::query_scalar("select email from account")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(stored, "ada@example.org");
    let hash: String = sqlx::query_scalar("select password_hash from account")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

async fn a_taken_email_is_refused_with_409_and_a_field_message(app: TestApp) {
    app.signed_up("Ada", "ada@example.org").await;
    let res = app
        .browser()
        .sign_up("Someone", "ADA@example.org", PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Conflict"][0]["field"], "email");
    assert_eq!(app.count("account").await, 1);
}

async fn bad_sign_up_input_gets_a_message_per_field_and_writes_nothing(app: TestApp) {
    let res = app.browser().sign_up("", "not-an-email", "short").await;
    assert_eq!(res.status().as_u16(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["display_name", "email", "password"]);
    assert_eq!(app.count("account").await, 0);
    assert_eq!(app.count("user_session").await, 0);
}

async fn without_javascript_a_failed_sign_up_shows_the_form_again_with_what_was_typed(
    app: TestApp,
) {
    let browser = app.browser();
    let res = browser
        .submit(
            "/signup",
            "sign_up",
            &[
                ("display_name", "Grace Hopper"),
                ("email", "grace@"),
                ("password", "secret-but-short"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Enter an email address like name@example.org."),
        "no field message"
    );
    assert!(
        html.contains(r#"value="Grace Hopper""#),
        "typed name not kept"
    );
    assert!(html.contains(r#"value="grace@""#), "typed email not kept");
    assert!(
        !html.contains("secret-but-short"),
        "the password was echoed back"
    );
    assert!(
        html.contains(r#"aria-describedby="field-email-error""#),
        "error not tied to the field"
    );
    assert_eq!(app.count("account").await, 0);
}

async fn without_javascript_a_sign_up_redirects_home_signed_in(app: TestApp) {
    let browser = app.browser();
    let res = browser
        .submit(
            "/signup",
            "sign_up",
            &[
                ("display_name", "Grace"),
                ("email", "grace@example.org"),
                ("password", PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/?signed_up=1");
    assert!(browser.session_cookie(&res).await.is_some());
    let home = browser.get("/").await.text().await.unwrap();
    assert!(
        home.contains("Signed in as"),
        "header does not show the user"
    );
    assert!(home.contains("Grace"));
}

async fn signing_in_with_a_wrong_password_or_unknown_email_gives_the_same_answer(app: TestApp) {
    app.signed_up("Ada", "ada@example.org").await;
    let wrong = app
        .browser()
        .sign_in("ada@example.org", "wrong password!")
        .await;
    let unknown = app
        .browser()
        .sign_in("nobody@example.org", "wrong password!")
        .await;
    assert_eq!(wrong.status().as_u16(), 422);
    assert_eq!(unknown.status().as_u16(), 422);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

async fn signing_in_replaces_the_session_and_the_old_one_stops_working(app: TestApp) {
    let browser = app.browser();
    let first = browser.sign_up("Ada", "ada@example.org", PASSWORD).await;
    let old = browser.session_cookie(&first).await.unwrap();
    let second = browser.sign_in("ada@example.org", PASSWORD).await;
    assert_eq!(second.status().as_u16(), 200);
    let new = browser.session_cookie(&second).await.unwrap();
    assert_ne!(old, new, "the session id did not change at sign-in");
    assert_eq!(browser.who().await.as_deref(), Some("Ada"));
    let stale = app.browser();
    let res = stale
        .client
        .post(stale.url("/api/current_user"))
        .header("accept", "application/json")
        .header("origin", &stale.address)
        .header("cookie", format!("hallway_session={old}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.text().await.unwrap(),
        "null",
        "the old session still works"
    );
    assert_eq!(app.count("user_session").await, 1);
}

async fn signing_out_ends_the_session(app: TestApp) {
    let browser = app.signed_up("Ada", "ada@example.org").await;
    let res = browser.call("sign_out", &[]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(browser.who().await, None);
    assert_eq!(app.count("user_session").await, 0);
}

async fn sign_in_is_refused_after_five_failures_for_one_account_even_with_the_right_password(
    app: TestApp,
) {
    app.signed_up("Ada", "ada@example.org").await;
    let attacker = app.browser();
    for _ in 0..5 {
        assert_eq!(
            attacker
                .sign_in("ada@example.org", "guess guess guess")
                .await
                .status()
                .as_u16(),
            422
        );
    }
    let res = app.browser().sign_in("ada@example.org", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    // Unknown accounts are throttled the same way, so the limit reveals nothing.
    for _ in 0..5 {
        attacker
            .sign_in("ghost@example.org", "guess guess guess")
            .await;
    }
    assert_eq!(
        attacker
            .sign_in("ghost@example.org", "guess guess guess")
            .await
            .status()
            .as_u16(),
        429
    );
}

async fn sign_in_is_refused_after_twenty_failures_from_one_address(app: TestApp) {
    app.signed_up("Ada", "ada@example.org").await;
    let attacker = app.browser();
    for i in 0..20 {
        let email = format!("user{i}@example.org");
        assert_eq!(
            attacker
                .sign_in(&email, "guess guess guess")
                .await
                .status()
                .as_u16(),
            422
        );
    }
    assert_eq!(
        attacker
            .sign_in("ada@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
}

async fn the_account_page_needs_a_session_and_saves_the_name(app: TestApp) {
    let anonymous = app.browser();
    let res = anonymous.get("/account").await;
    assert_eq!(res.status().as_u16(), 302);
    assert_eq!(res.headers()["location"], "/login?next=/account");

    let browser = app.signed_up("Ada", "ada@example.org").await;
    let page = browser.get("/account").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(r#"value="ada@example.org""#));
    let res = browser
        .call(
            "update_profile",
            &[
                ("display_name", "Ada King"),
                ("email", "ada.king@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(browser.who().await.as_deref(), Some("Ada King"));
    // The name changes at once; the address only once its link is opened (see recovery.rs).
    let email: String =
        sqlx::query_scalar("select email from account where display_name = 'Ada King'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(email, "ada@example.org");
}

async fn changing_the_password_needs_the_current_one_and_signs_out_other_devices(app: TestApp) {
    let laptop = app.signed_up("Ada", "ada@example.org").await;
    let phone = app.browser();
    assert_eq!(
        phone
            .sign_in("ada@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );

    let res = laptop
        .call(
            "change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = laptop
        .call(
            "change_password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);

    let res = laptop
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(laptop.who().await.as_deref(), Some("Ada"));
    assert_eq!(
        phone.who().await,
        None,
        "the other device is still signed in"
    );
    assert_eq!(
        app.browser()
            .sign_in("ada@example.org", "a brand new secret")
            .await
            .status()
            .as_u16(),
        200
    );
}

on_both_engines!(
    signing_up_creates_an_account_and_signs_you_in,
    a_taken_email_is_refused_with_409_and_a_field_message,
    bad_sign_up_input_gets_a_message_per_field_and_writes_nothing,
    without_javascript_a_failed_sign_up_shows_the_form_again_with_what_was_typed,
    without_javascript_a_sign_up_redirects_home_signed_in,
    signing_in_with_a_wrong_password_or_unknown_email_gives_the_same_answer,
    signing_in_replaces_the_session_and_the_old_one_stops_working,
    signing_out_ends_the_session,
    sign_in_is_refused_after_five_failures_for_one_account_even_with_the_right_password,
    sign_in_is_refused_after_twenty_failures_from_one_address,
    the_account_page_needs_a_session_and_saves_the_name,
    changing_the_password_needs_the_current_one_and_signs_out_other_devices,
);
