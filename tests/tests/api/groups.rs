//! Groups: creating, editing, organizers, ownership, deletion and who may do what.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;

async fn creating_a_group_makes_you_its_owner_and_lists_it(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "Rust Berlin").await;
    let role: String = sqlx::query_scalar("select role from group_member")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(role, "owner");
    let page = app.browser().get("/g/rust-berlin").await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Rust Berlin") && html.contains("We meet monthly."));
    assert!(
        !html.contains("Group settings"),
        "anonymous visitors see the settings link"
    );
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(home.contains(r#"href="/g/rust-berlin""#));
}

async fn a_taken_slug_is_a_409_on_the_slug_field(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let res = ada
        .call(
            "create_group",
            &[
                ("name", "Other"),
                ("slug", "Rust-Berlin"),
                ("description", ""),
                ("website", ""),
                ("city", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Conflict"][0]["field"], "slug");
    assert_eq!(app.count("meetup_group").await, 1);
}

async fn bad_group_input_is_refused_field_by_field_without_javascript(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let long_name = "x".repeat(81);
    let res = ada
        .submit(
            "/groups/new",
            "create_group",
            &[
                ("name", &long_name),
                ("slug", "rust/berlin"),
                ("description", "ok"),
                ("website", "javascript:alert(1)"),
                ("city", "Berlin"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("The group name can be 80 characters at most (this one has 81)."));
    assert!(html.contains("cannot be used in a web address"));
    assert!(html.contains("Enter a full web address starting with https://"));
    assert!(
        html.contains(r#"value="rust/berlin""#),
        "typed slug not kept"
    );
    assert!(html.contains(r#"value="Berlin""#), "typed city not kept");
    assert_eq!(app.count("meetup_group").await, 0);
    assert_eq!(app.count("group_member").await, 0);
}

async fn group_descriptions_are_markdown_rendered_without_scripts(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let res = ada
        .call(
            "create_group",
            &[
                ("name", "Safe"),
                ("slug", "safe"),
                (
                    "description",
                    "**Hello** <script>alert(1)</script> [x](javascript:alert(2))",
                ),
                ("website", ""),
                ("city", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = app.browser().get("/g/safe").await.text().await.unwrap();
    let start = page.find("<article").expect("an article");
    let html = &page[start..start + page[start..].find("</article>").expect("article end")];
    assert!(html.contains("<strong>Hello</strong>"));
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("javascript:alert(2)"));
    // The home page's card and the link preview show the words, not the Markdown marks.
    let home = app.browser().get("/").await.text().await.unwrap();
    let card = &home[home.find("class=\"group-card\"").expect("a group card")..];
    let card = &card[..card.find("</li>").expect("card end")];
    assert!(card.contains("Hello"), "{card}");
    assert!(!card.contains("**"), "{card}");
    assert!(!card.contains("<script"), "{card}");
    assert!(page.contains("<meta name=\"description\" content=\"Hello "));
}

async fn organizers_edit_the_group_and_the_owner_invites_and_removes_co_organizers(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;

    app.add_co_organizer(&ada, "rust-berlin", "BOB@example.org", &bob)
        .await;
    let res = ada
        .call(
            "invite_organizer",
            &[("group", "rust-berlin"), ("email", "bob@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409, "already an organizer");

    let res = bob
        .call(
            "update_group",
            &[
                ("group", "rust-berlin"),
                ("name", "Rust Berlin e.V."),
                ("description", "New text"),
                ("website", "https://rust.berlin"),
                ("city", "Berlin"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let html = app
        .browser()
        .get("/g/rust-berlin")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Rust Berlin e.V.") && html.contains("https://rust.berlin"));

    let bob_id: i64 =
        sqlx::query_scalar("select account_id from account where email = 'bob@example.org'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    let res = ada
        .call(
            "remove_organizer",
            &[
                ("group", "rust-berlin"),
                ("account_id", &bob_id.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(app.count("group_member").await, 1);
}

async fn the_owner_hands_the_group_on_and_stays_as_co_organizer(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    app.add_co_organizer(&ada, "rust-berlin", "bob@example.org", &bob)
        .await;
    let bob_id = account_id(&app, "bob@example.org").await;
    let ada_id = account_id(&app, "ada@example.org").await;

    let res = ada
        .call(
            "transfer_ownership",
            &[
                ("group", "rust-berlin"),
                ("account_id", &bob_id.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(role_of(&app, bob_id).await.as_deref(), Some("owner"));
    assert_eq!(role_of(&app, ada_id).await.as_deref(), Some("organizer"));
    let res = ada
        .call(
            "delete_group",
            &[("group", "rust-berlin"), ("confirm", "rust-berlin")],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        403,
        "the former owner can still delete"
    );
    let res = bob
        .call(
            "delete_group",
            &[("group", "rust-berlin"), ("confirm", "wrong")],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        422,
        "deleted without the right confirmation"
    );
    let res = bob
        .call(
            "delete_group",
            &[("group", "rust-berlin"), ("confirm", "rust-berlin")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(app.count("meetup_group").await, 0);
    assert_eq!(app.count("group_member").await, 0);
    assert_eq!(
        app.browser().get("/g/rust-berlin").await.status().as_u16(),
        404
    );
}

async fn account_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("select account_id from account where email = $1")
        .bind(email)
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

async fn role_of(app: &TestApp, account_id: i64) -> Option<String> {
    sqlx::query_scalar("select role from group_member where account_id = $1")
        .bind(account_id)
        .fetch_optional(app.db.writer())
        .await
        .unwrap()
}

/// Who may do what: anonymous 401, signed-in non-organizers 403, organizers may edit and
/// manage co-organizers, only the owner may hand on or delete.
async fn every_group_action_is_authorized_on_the_server(app: TestApp) {
    let owner = app.signed_up("Owner", "owner@example.org").await;
    let organizer = app.signed_up("Organizer", "organizer@example.org").await;
    let member = app.signed_up("Member", "member@example.org").await;
    let spare = app.signed_up("Spare", "spare@example.org").await;
    let anonymous = app.browser();
    let spare_id = account_id(&app, "spare@example.org").await.to_string();

    // A fresh group per check, so that each action starts from the same state.
    let mut n = 0;
    let mut check = async |who: &Browser, action: &str, expected: u16| {
        n += 1;
        let slug = format!("group-{n}");
        owner.create_group("Group", &slug).await;
        app.add_co_organizer(&owner, &slug, "organizer@example.org", &organizer)
            .await;
        app.add_co_organizer(&owner, &slug, "spare@example.org", &spare)
            .await;
        let fields: Vec<(&str, &str)> = match action {
            "update_group" => vec![
                ("group", &slug),
                ("name", "Renamed"),
                ("description", ""),
                ("website", ""),
                ("city", ""),
            ],
            "invite_organizer" => vec![("group", &slug), ("email", "member@example.org")],
            "remove_organizer" | "transfer_ownership" => {
                vec![("group", &slug), ("account_id", &spare_id)]
            }
            "delete_group" => vec![("group", &slug), ("confirm", &slug)],
            other => panic!("unknown action {other}"),
        };
        let res = who.call(action, &fields).await;
        assert_eq!(res.status().as_u16(), expected, "{action}");
    };
    for action in [
        "update_group",
        "invite_organizer",
        "remove_organizer",
        "transfer_ownership",
        "delete_group",
    ] {
        check(&anonymous, action, 401).await;
        check(&member, action, 403).await;
        let organizer_may = matches!(
            action,
            "update_group" | "invite_organizer" | "remove_organizer"
        );
        check(&organizer, action, if organizer_may { 200 } else { 403 }).await;
        check(&owner, action, 200).await;
    }
}

async fn the_settings_page_is_for_organizers_only(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    assert_eq!(
        ada.get("/g/rust-berlin/settings").await.status().as_u16(),
        200
    );
    assert_eq!(
        bob.get("/g/rust-berlin/settings").await.status().as_u16(),
        403
    );
    let res = app.browser().get("/g/rust-berlin/settings").await;
    assert_eq!(res.status().as_u16(), 302);
    assert_eq!(
        app.browser()
            .get("/g/nope/settings")
            .await
            .status()
            .as_u16(),
        302
    );
    assert_eq!(ada.get("/g/nope/settings").await.status().as_u16(), 404);
}

on_both_engines!(
    creating_a_group_makes_you_its_owner_and_lists_it,
    a_taken_slug_is_a_409_on_the_slug_field,
    bad_group_input_is_refused_field_by_field_without_javascript,
    group_descriptions_are_markdown_rendered_without_scripts,
    organizers_edit_the_group_and_the_owner_invites_and_removes_co_organizers,
    the_owner_hands_the_group_on_and_stays_as_co_organizer,
    every_group_action_is_authorized_on_the_server,
    the_settings_page_is_for_organizers_only,
);
