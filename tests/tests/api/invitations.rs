//! Co-organizer invitations by mail: people without an account sign up from the link and
//! join; links are single-use, expire, can be withdrawn and sent again; the organizers see
//! where each invitation and its mail stands.

use crate::helpers::{cleanup, spawn_app_with, Engine, MailOptions, TestApp, PASSWORD};
use crate::on_both_engines;
use crate::smtp::SmtpSink;
use serde_json::Value;
use std::time::Duration;

async fn invite(who: &crate::helpers::Browser, email: &str) -> u16 {
    who.call(
        "invite_organizer",
        &[
            ("group", "rust-berlin"),
            ("email", email),
            ("message", "Would you help us run the\nspring meetups?"),
        ],
    )
    .await
    .status()
    .as_u16()
}

async fn token_for(app: &TestApp, email: &str) -> String {
    app.mailed_token("organizer_invite", email, "/invitations/")
        .await
}

async fn invitations(who: &crate::helpers::Browser) -> Vec<Value> {
    let value: Value = who
        .call("group_invitations", &[("group", "rust-berlin")])
        .await
        .json()
        .await
        .unwrap();
    value.as_array().expect("a list").clone()
}

async fn role(app: &TestApp, email: &str) -> Option<String> {
    sqlx::query_scalar(
        "select m.role from group_member m join account a on a.account_id = m.account_id
         where a.email = $1",
    )
    .bind(email)
    .fetch_optional(app.db.writer())
    .await
    .unwrap()
}

async fn someone_without_an_account_signs_up_from_the_link_and_joins(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    assert_eq!(invite(&ada, "New.Person@example.org").await, 200);

    let (subject, group): (String, Option<i64>) =
        sqlx::query_as("select subject, group_id from outbox where kind = 'organizer_invite'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(subject, "Ada invited you to organize Rust Berlin");
    assert!(group.is_some(), "on the group's outbox");
    let token = token_for(&app, "new.person@example.org").await;
    assert_eq!(token.len(), 64, "256 random bits");
    let stored: String = sqlx::query_scalar("select token_hash from invitation")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_ne!(stored, token, "only a hash is stored");

    // The link, opened without an account: what it is, and the way in.
    let newcomer = app.browser();
    let page = newcomer.get(&format!("/invitations/{token}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Help organize Rust Berlin"), "{html}");
    assert!(html.contains("spring meetups"));
    assert!(html.contains(&format!(
        "/signup?next=/invitations/{token}&amp;email=new.person%40example.org"
    )));
    let list = invitations(&ada).await;
    assert_eq!(list[0]["state"], "Pending");
    assert!(list[0]["opened"].is_string(), "opening is noted");

    // Accepting needs an account; with one, the link makes them a co-organizer.
    let res = newcomer
        .call("accept_invitation", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 401);
    assert_eq!(
        newcomer
            .sign_up("Nora", "new.person@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
    let res = newcomer
        .call("accept_invitation", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        role(&app, "new.person@example.org").await.as_deref(),
        Some("organizer")
    );
    let settings = newcomer.get("/g/rust-berlin/settings").await;
    assert_eq!(settings.status().as_u16(), 200);
    let list = invitations(&ada).await;
    assert_eq!(list[0]["state"], "Accepted");
    assert_eq!(list[0]["may_resend"], false);

    // Single use.
    let again = app.signed_up("Eve", "eve@example.org").await;
    let res = again.call("accept_invitation", &[("token", &token)]).await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(role(&app, "eve@example.org").await, None);
    let page = again.get(&format!("/invitations/{token}")).await;
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("was accepted"));
}

async fn links_expire_can_be_withdrawn_and_sending_again_replaces_the_link(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(invite(&ada, "bob@example.org").await, 200);
    let first = token_for(&app, "bob@example.org").await;

    // A second invitation to the same address points to "send again" instead.
    let res = ada
        .call(
            "invite_organizer",
            &[("group", "rust-berlin"), ("email", "BOB@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("send it again"));
    assert_eq!(app.count("invitation").await, 1);

    let id = invitations(&ada).await[0]["invitation_id"].to_string();
    let res = ada
        .call(
            "resend_invitation",
            &[("group", "rust-berlin"), ("invitation", &id)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let second = token_for(&app, "bob@example.org").await;
    assert_ne!(first, second);
    assert_eq!(
        bob.get(&format!("/invitations/{first}"))
            .await
            .status()
            .as_u16(),
        404,
        "the old link stops working"
    );
    assert_eq!(invitations(&ada).await[0]["sends"], 2);

    // Withdrawn: the link says so and cannot be used.
    let res = ada
        .call(
            "revoke_invitation",
            &[("group", "rust-berlin"), ("invitation", &id)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = bob.get(&format!("/invitations/{second}")).await;
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("withdrawn"));
    let res = bob.call("accept_invitation", &[("token", &second)]).await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(role(&app, "bob@example.org").await, None);
    let res = ada
        .call(
            "resend_invitation",
            &[("group", "rust-berlin"), ("invitation", &id)],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        409,
        "a withdrawn invitation stays withdrawn"
    );

    // Expired: past its deadline the link says so; inviting the address again renews it.
    assert_eq!(invite(&ada, "cy@example.org").await, 200);
    let cy_token = token_for(&app, "cy@example.org").await;
    sqlx::query("update invitation set expires_at = 1 where email = 'cy@example.org'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let cy = app.signed_up("Cy", "cy@example.org").await;
    let page = cy.get(&format!("/invitations/{cy_token}")).await;
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("expired"));
    assert_eq!(
        cy.call("accept_invitation", &[("token", &cy_token)])
            .await
            .status()
            .as_u16(),
        409
    );
    assert_eq!(invite(&ada, "cy@example.org").await, 200);
    let cy_new = token_for(&app, "cy@example.org").await;
    let rows: i64 =
        sqlx::query_scalar("select count(*) from invitation where email = 'cy@example.org'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(rows, 1, "renewed, not duplicated");
    // Declined without signing in; the link then answers that it was declined.
    let res = app
        .browser()
        .call("decline_invitation", &[("token", &cy_new)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let cy_row = invitations(&ada)
        .await
        .into_iter()
        .find(|i| i["email"] == "cy@example.org")
        .unwrap();
    assert_eq!(cy_row["state"], "Declined");
    assert_eq!(
        cy.call("accept_invitation", &[("token", &cy_new)])
            .await
            .status()
            .as_u16(),
        409
    );

    // At most five mails per invitation.
    let cy_id = cy_row["invitation_id"].to_string();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            ada.call(
                "resend_invitation",
                &[("group", "rust-berlin"), ("invitation", &cy_id)],
            )
            .await
            .status()
            .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 200, 200, 429]);

    // Forged links: the same clear "not valid" page, and no way in.
    let forged = "0".repeat(64);
    assert_eq!(
        cy.get(&format!("/invitations/{forged}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        cy.call("accept_invitation", &[("token", &forged)])
            .await
            .status()
            .as_u16(),
        404
    );
}

async fn only_organizers_invite_and_see_invitations(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let other = app.signed_up("Other", "other@example.org").await;
    other.create_group("Other Group", "other-group").await;
    let member = app.signed_up("Member", "member@example.org").await;
    assert_eq!(invite(&ada, "x@example.org").await, 200);
    let id = invitations(&ada).await[0]["invitation_id"].to_string();
    let anonymous = app.browser();
    for (who, expected) in [(&anonymous, 401u16), (&member, 403), (&other, 403)] {
        assert_eq!(invite(who, "y@example.org").await, expected);
        for action in [
            "group_invitations",
            "resend_invitation",
            "revoke_invitation",
        ] {
            let res = who
                .call(action, &[("group", "rust-berlin"), ("invitation", &id)])
                .await;
            assert_eq!(res.status().as_u16(), expected, "{action}");
        }
    }
    // Another group's organizer cannot reach this invitation through their own group.
    let res = other
        .call(
            "revoke_invitation",
            &[("group", "other-group"), ("invitation", &id)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(app.count("invitation").await, 1);
    assert_eq!(invitations(&ada).await[0]["state"], "Pending");

    // Bad input: a clear message next to the field, nothing written.
    let res = ada
        .call(
            "invite_organizer",
            &[
                ("group", "rust-berlin"),
                ("email", "not an address\r\nBcc: x@evil"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let long = "x".repeat(1001);
    let res = ada
        .call(
            "invite_organizer",
            &[
                ("group", "rust-berlin"),
                ("email", "z@example.org"),
                ("message", &long),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("1000 characters"));
    assert_eq!(app.count("invitation").await, 1);
}

on_both_engines!(
    someone_without_an_account_signs_up_from_the_link_and_joins,
    links_expire_can_be_withdrawn_and_sending_again_replaces_the_link,
    only_organizers_invite_and_see_invitations,
);

/// A mail the SMTP server refuses shows as failed with its reason on the invitation, and
/// sending the invitation again delivers a new link.
async fn a_refused_invitation_mail_shows_failed_with_the_reason(engine: Engine) {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(
        engine,
        MailOptions {
            smtp_url: Some(sink.url.clone()),
            ..MailOptions::default()
        },
    )
    .await;
    let leftovers = app.leftovers();
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    sink.reply_next(&["550 5.1.1 No such user here"]);
    assert_eq!(invite(&ada, "typo@example.org").await, 200);
    let mut row = Value::Null;
    for _ in 0..100 {
        row = invitations(&ada).await[0].clone();
        if row["mail"] == "Failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(row["mail"], "Failed", "{row}");
    assert!(row["mail_error"].as_str().unwrap().contains("No such user"));
    let page = ada
        .get("/g/rust-berlin/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Failed") && page.contains("No such user here"));

    let id = row["invitation_id"].to_string();
    ada.call(
        "resend_invitation",
        &[("group", "rust-berlin"), ("invitation", &id)],
    )
    .await;
    for _ in 0..100 {
        row = invitations(&ada).await[0].clone();
        if row["mail"] == "Sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(row["mail"], "Sent", "{row}");
    let delivered = sink.received();
    assert_eq!(delivered.len(), 1);
    app.stop().await;
    cleanup(leftovers).await;
}

#[test]
fn a_refused_invitation_mail_shows_failed_with_the_reason_on_sqlite() {
    crate::helpers::runtime().block_on(a_refused_invitation_mail_shows_failed_with_the_reason(
        Engine::Sqlite,
    ));
}

#[test]
fn a_refused_invitation_mail_shows_failed_with_the_reason_on_postgres() {
    crate::helpers::runtime().block_on(a_refused_invitation_mail_shows_failed_with_the_reason(
        Engine::Postgres,
    ));
}
