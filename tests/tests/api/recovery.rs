//! "Forgot your password?": a mailed single-use link that works for an hour, answers that do
//! not tell which addresses have accounts, a cap on mails per address, and every other
//! session ended by the reset.

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_engines;

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn reset_token(app: &TestApp, email: &str) -> String {
    app.mailed_token("password_reset", email, "/reset-password?token=")
        .await
}

async fn reset_mails(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where kind = 'password_reset'")
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

async fn a_forgotten_password_is_reset_from_the_mailed_link_once(app: TestApp) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let stranger = app.browser();
    let known = stranger
        .call("request_password_reset", &[("email", "ANN@example.org ")])
        .await;
    let unknown = stranger
        .call("request_password_reset", &[("email", "nobody@example.org")])
        .await;
    // The same answer either way.
    assert_eq!(known.status().as_u16(), 200);
    assert_eq!(unknown.status().as_u16(), 200);
    assert_eq!(
        known.headers().get("location"),
        unknown.headers().get("location")
    );
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    let token = reset_token(&app, "ann@example.org").await;
    assert_eq!(reset_mails(&app).await, 1, "no mail for an unknown address");
    assert_eq!(token.len(), 64, "256 random bits");

    let page = stranger
        .get(&format!("/reset-password?token={token}"))
        .await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("New password"));
    // Too short: refused next to the field; the link still works.
    let res = stranger
        .call(
            "reset_password",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = stranger
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    assert_eq!(
        stranger.who().await.as_deref(),
        Some("Ann"),
        "signed in here"
    );
    assert_eq!(ann.who().await, None, "every other session ended");
    // Used once: the link is gone.
    let res = stranger
        .call(
            "reset_password",
            &[("token", &token), ("password", "yet another passphrase")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("expired or was already used"));
    let page = stranger
        .get(&format!("/reset-password?token={token}"))
        .await;
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("Ask for a new link"));
    // The new password works, the old one does not.
    let fresh = app.browser();
    assert_eq!(
        fresh
            .sign_in("ann@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        fresh
            .sign_in("ann@example.org", NEW_PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
}

async fn reset_links_expire_forged_ones_fail_and_mails_are_capped(app: TestApp) {
    app.signed_up("Ann", "ann@example.org").await;
    let stranger = app.browser();
    for _ in 0..5 {
        let res = stranger
            .call("request_password_reset", &[("email", "ann@example.org")])
            .await;
        assert_eq!(res.status().as_u16(), 200);
    }
    let token = reset_token(&app, "ann@example.org").await;
    assert_eq!(reset_mails(&app).await, 3, "three mails an hour at most");
    // Only the newest link works.
    let live: i64 = sqlx::query_scalar("select count(*) from password_reset where used_at is null")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(live, 1);
    // An hour later it has expired.
    sqlx::query("update password_reset set expires_at = $1")
        .bind(app::db::now() - 1)
        .execute(app.db.writer())
        .await
        .unwrap();
    let res = stranger
        .call(
            "reset_password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    for forged in [token.as_str(), &"0".repeat(64), "not-even-hex"] {
        let page = stranger
            .get(&format!("/reset-password?token={forged}"))
            .await;
        assert_eq!(page.status().as_u16(), 410, "{forged}");
    }
    // A malformed address is refused next to the field, with no mail.
    let res = stranger
        .call("request_password_reset", &[("email", "not an address")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
}

async fn confirmation_token(app: &TestApp, email: &str) -> String {
    app.mailed_token("email_confirm", email, "/confirm-email?token=")
        .await
}

async fn a_new_account_confirms_its_address_from_the_mailed_link(app: TestApp) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let status = |b: &crate::helpers::Browser| {
        let b = b.clone();
        async move {
            let value: serde_json::Value = b.call("email_status", &[]).await.json().await.unwrap();
            value["confirmed"].as_bool().unwrap()
        }
    };
    assert!(!status(&ann).await);
    assert!(ann
        .get("/account")
        .await
        .text()
        .await
        .unwrap()
        .contains("Confirm your email address"));
    let token = confirmation_token(&app, "ann@example.org").await;
    // Opening the link (a mail scanner does) confirms nothing: it shows a button.
    let page = app
        .browser()
        .get(&format!("/confirm-email?token={token}"))
        .await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Confirm that ann@example.org is your address?"));
    assert!(!status(&ann).await);
    // The button confirms, from any browser: the link is the permission.
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(status(&ann).await);
    assert!(!ann
        .get("/account")
        .await
        .text()
        .await
        .unwrap()
        .contains("Confirm your email address"));
    // Once.
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let page = app
        .browser()
        .get(&format!("/confirm-email?token={token}"))
        .await;
    assert_eq!(page.status().as_u16(), 410);
    let res = ann.call("resend_confirmation", &[]).await;
    assert_eq!(res.status().as_u16(), 409, "already confirmed");
    // Signed out, the account page's questions get an empty answer, not an error.
    let res = app.browser().call("email_status", &[]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.unwrap(), "null");
    let res = app.browser().call("resend_confirmation", &[]).await;
    assert_eq!(res.status().as_u16(), 401);
}

async fn confirmation_links_can_be_sent_again_three_times_an_hour(app: TestApp) {
    let bob = app.signed_up("Bob", "bob@example.org").await;
    let first = confirmation_token(&app, "bob@example.org").await;
    for _ in 0..3 {
        assert_eq!(
            bob.call("resend_confirmation", &[]).await.status().as_u16(),
            200
        );
    }
    assert_eq!(
        bob.call("resend_confirmation", &[]).await.status().as_u16(),
        429
    );
    let newest = confirmation_token(&app, "bob@example.org").await;
    assert_ne!(first, newest);
    // Only the newest link works.
    let page = app
        .browser()
        .get(&format!("/confirm-email?token={first}"))
        .await;
    assert_eq!(page.status().as_u16(), 410);
    let res = app
        .browser()
        .call("confirm_email", &[("token", &newest)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
}

async fn email_of(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("select email from account where display_name = $1")
        .bind(name)
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

async fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar("select subject from outbox where to_address = $1 order by mail_id")
        .bind(email)
        .fetch_all(app.db.writer())
        .await
        .unwrap()
}

async fn a_new_address_is_used_only_after_its_mailed_link_is_opened(app: TestApp) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let status = |b: &crate::helpers::Browser| {
        let b = b.clone();
        async move {
            let value: serde_json::Value = b.call("email_status", &[]).await.json().await.unwrap();
            value
        }
    };
    let res = ann
        .call(
            "update_profile",
            &[
                ("display_name", "Ann B"),
                ("email", "ann.b@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(email_of(&app, "Ann B").await, "ann@example.org", "not yet");
    assert_eq!(status(&ann).await["pending"], "ann.b@example.org");
    let page = ann.get("/account").await.text().await.unwrap();
    assert!(page.contains("Confirm your new address"), "{page}");
    // The old address hears about it; the new one gets the link.
    assert!(mails_to(&app, "ann@example.org")
        .await
        .contains(&"Your Hallway address is about to change".to_owned()));
    let token = app
        .mailed_token(
            "email_confirm",
            "ann.b@example.org",
            "/confirm-email?token=",
        )
        .await;
    let page = app
        .browser()
        .get(&format!("/confirm-email?token={token}"))
        .await;
    assert!(page.text().await.unwrap().contains("ann.b@example.org"));
    assert_eq!(
        email_of(&app, "Ann B").await,
        "ann@example.org",
        "opening is not confirming"
    );
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(email_of(&app, "Ann B").await, "ann.b@example.org");
    let now = status(&ann).await;
    assert_eq!(now["confirmed"], true);
    assert!(now["pending"].is_null());
    // The old address no longer signs in; the new one does.
    assert_eq!(
        app.browser()
            .sign_in("ann@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        app.browser()
            .sign_in("ann.b@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
    // Used once.
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 422);
}

async fn moving_to_a_taken_address_answers_the_same_and_changes_nothing(app: TestApp) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    app.signed_up("Bob", "bob@example.org").await;
    let free = ann
        .call(
            "update_profile",
            &[
                ("display_name", "Ann"),
                ("email", "new@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    let taken = ann
        .call(
            "update_profile",
            &[
                ("display_name", "Ann"),
                ("email", "BOB@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(free.status().as_u16(), 200);
    assert_eq!(
        taken.status().as_u16(),
        200,
        "no hint that bob has an account"
    );
    assert_eq!(
        free.headers().get("location"),
        taken.headers().get("location")
    );
    // Bob's address is told, with no link that could move Ann onto it.
    let to_bob = mails_to(&app, "bob@example.org").await;
    assert!(to_bob.contains(&"This address already has a Hallway account".to_owned()));
    assert_eq!(email_of(&app, "Ann").await, "ann@example.org");

    // A link to an address someone took meanwhile is refused with a clear message.
    ann.call(
        "update_profile",
        &[
            ("display_name", "Ann"),
            ("email", "late@example.org"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    let token = app
        .mailed_token("email_confirm", "late@example.org", "/confirm-email?token=")
        .await;
    app.signed_up("Late", "late@example.org").await;
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Another account uses this address"));
    assert_eq!(email_of(&app, "Ann").await, "ann@example.org");

    // Keeping the current address kills the link; five moves an hour at most.
    ann.call(
        "update_profile",
        &[
            ("display_name", "Ann"),
            ("email", "other@example.org"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    let token = app
        .mailed_token(
            "email_confirm",
            "other@example.org",
            "/confirm-email?token=",
        )
        .await;
    assert_eq!(
        ann.call("cancel_email_change", &[]).await.status().as_u16(),
        200
    );
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(email_of(&app, "Ann").await, "ann@example.org");
    for (address, expected) in [("fifth@example.org", 200), ("sixth@example.org", 429)] {
        let res = ann
            .call(
                "update_profile",
                &[
                    ("display_name", "Ann"),
                    ("email", address),
                    ("current_password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), expected, "{address}");
    }
}

async fn moving_an_account_asks_for_its_password_and_the_old_address_can_undo_the_move(
    app: TestApp,
) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    // A stolen session alone cannot move the account: the password is asked for.
    for (password, status) in [("", 422), ("guess", 422)] {
        let res = ann
            .call(
                "update_profile",
                &[
                    ("display_name", "Ann"),
                    ("email", "thief@example.org"),
                    ("current_password", password),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), status);
        let body = res.text().await.unwrap();
        assert!(body.contains("current_password"), "{body}");
    }
    assert!(mails_to(&app, "thief@example.org").await.is_empty());
    // Renaming alone needs no password.
    let res = ann
        .call(
            "update_profile",
            &[("display_name", "Ann B"), ("email", "ann@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // With the password the move goes ahead; once confirmed, the old address gets an undo link.
    let res = ann
        .call(
            "update_profile",
            &[
                ("display_name", "Ann B"),
                ("email", "new@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let token = app
        .mailed_token("email_confirm", "new@example.org", "/confirm-email?token=")
        .await;
    let res = app
        .browser()
        .call("confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(email_of(&app, "Ann B").await, "new@example.org");
    let undo = app
        .mailed_token(
            "email_moved",
            "ann@example.org",
            "/undo-email-change?token=",
        )
        .await;
    let page = app
        .browser()
        .get(&format!("/undo-email-change?token={undo}"))
        .await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Move my account back"));
    assert_eq!(
        email_of(&app, "Ann B").await,
        "new@example.org",
        "opening the page changes nothing"
    );
    let res = app
        .browser()
        .call("undo_email_change", &[("token", &undo)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(email_of(&app, "Ann B").await, "ann@example.org");
    assert_eq!(ann.who().await, None, "every session ended");
    assert_eq!(
        app.browser()
            .call("undo_email_change", &[("token", &undo)])
            .await
            .status()
            .as_u16(),
        422,
        "used once"
    );
    assert_eq!(
        app.browser()
            .get(&format!("/undo-email-change?token={undo}"))
            .await
            .status()
            .as_u16(),
        410
    );
}

async fn a_password_change_is_told_to_the_address(app: TestApp) {
    let ann = app.signed_up("Ann", "ann@example.org").await;
    let res = ann
        .call(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long password"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(mails_to(&app, "ann@example.org")
        .await
        .contains(&"Your Hallway password was changed".to_owned()));
}

on_both_engines!(
    moving_an_account_asks_for_its_password_and_the_old_address_can_undo_the_move,
    a_password_change_is_told_to_the_address,
    a_new_account_confirms_its_address_from_the_mailed_link,
    confirmation_links_can_be_sent_again_three_times_an_hour,
    a_new_address_is_used_only_after_its_mailed_link_is_opened,
    moving_to_a_taken_address_answers_the_same_and_changes_nothing,
    a_forgotten_password_is_reset_from_the_mailed_link_once,
    reset_links_expire_forged_ones_fail_and_mails_are_capped,
);
