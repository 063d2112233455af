//! Speakers: a call for papers with formats and tracks, submissions with a per-speaker limit,
//! drafts only the speaker sees, decisions mailed to speakers, confirmation, and a public
//! lineup that shows confirmed talks and nothing else.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use crate::rsvps::{organizer, published};
use serde_json::Value;

pub(crate) async fn open_cfp(
    ada: &Browser,
    slug: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![
        ("event", slug),
        ("closes", "2030-02-01T23:59"),
        ("guidelines", "Tell us what **you** learned."),
        ("is_public", "on"),
        ("max_per_speaker", "2"),
        ("confirm_by", "2030-02-20T12:00"),
        (
            "formats",
            "Talk, 30, With questions at the end\nLightning talk, 5",
        ),
        ("tracks", "Web\nSystems"),
    ];
    for (k, v) in extra {
        fields.retain(|(key, _)| key != k);
        if *v != "__drop" {
            fields.push((k, v));
        }
    }
    ada.call("save_cfp", &fields).await
}

async fn cfp(b: &Browser, slug: &str) -> Value {
    b.call("get_cfp", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap()
}

/// Saves a talk (new, or `talk` when given); returns the response.
pub(crate) async fn save(
    b: &Browser,
    slug: &str,
    format: &str,
    title: &str,
    talk: Option<&str>,
    submit: bool,
) -> reqwest::Response {
    let mut fields = vec![
        ("event", slug),
        ("title", title),
        ("abstract_md", "How we *really* did it."),
        ("notes", "I need a HDMI adapter."),
        ("level", "intermediate"),
        ("format", format),
    ];
    if let Some(id) = talk {
        fields.push(("talk", id));
    }
    if submit {
        fields.push(("submit", "yes"));
    }
    b.call("save_talk", &fields).await
}

async fn talk_id(app: &TestApp, title: &str) -> String {
    let id: i64 = sqlx::query_scalar("select talk_id from talk where title = $1")
        .bind(title)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    id.to_string()
}

async fn state_of(app: &TestApp, title: &str) -> String {
    sqlx::query_scalar("select state from talk where title = $1")
        .bind(title)
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

pub(crate) async fn first_format(b: &Browser, slug: &str) -> String {
    cfp(b, slug).await["formats"][0]["format_id"].to_string()
}

async fn organizers_open_a_call_and_speakers_submit_edit_and_withdraw_talks(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    let bea = app.signed_up("Bea", "bea@example.org").await;

    // Only organizers set it up; bad input gets a message per field.
    assert_eq!(
        open_cfp(&app.browser(), &slug, &[]).await.status().as_u16(),
        401
    );
    assert_eq!(open_cfp(&bea, &slug, &[]).await.status().as_u16(), 403);
    let res = open_cfp(&ada, &slug, &[("closes", ""), ("formats", "Talk")]).await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("closes") && body.contains("formats"),
        "{body}"
    );
    assert_eq!(app.count("cfp").await, 0, "nothing half-written");
    assert_eq!(open_cfp(&ada, &slug, &[]).await.status().as_u16(), 200);
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Call for papers open until"),
        "the event page says so"
    );
    let view = cfp(&bea, &slug).await;
    assert_eq!(view["window"], "Open");
    assert!(
        view["form"].is_null(),
        "speakers do not get the organizers' form"
    );
    assert!(view["guidelines_html"]
        .as_str()
        .unwrap()
        .contains("<strong>you</strong>"));
    assert_eq!(view["tracks"].as_array().unwrap().len(), 2);
    assert_eq!(
        view["formats"][0]["description"],
        "With questions at the end"
    );
    assert_eq!(view["formats"][1]["description"], "");
    let format = first_format(&bea, &slug).await;

    // A draft, then a submission; the draft is the speaker's own.
    let res = save(&bea, &slug, &format, "Draft idea", None, false).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Draft idea").await, "draft");
    let res = save(&bea, &slug, &format, "Async Rust in practice", None, true).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Async Rust in practice").await, "submitted");
    // The speaker gets a receipt that says what happens next (none for the draft).
    let receipt = app.mail_text("talk_submitted", "bea@example.org").await;
    assert!(
        receipt.contains("Thank you for proposing \"Async Rust in practice\" (Talk)"),
        "{receipt}"
    );
    assert!(receipt.contains("/me/talks"), "{receipt}");
    let list: Value = ada
        .call("list_submissions", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    let talks = list["talks"].as_array().unwrap();
    assert_eq!(
        talks.len(),
        1,
        "drafts are not on the organizers' list: {list}"
    );
    assert_eq!(talks[0]["speakers"][0], "Bea");
    assert_eq!(
        talks[0]["notes"], "I need a HDMI adapter.",
        "organizers read the notes"
    );
    // Filters: by format.
    let lightning = view["formats"][1]["format_id"].to_string();
    for (format_id, expected) in [(&format, 1), (&lightning, 0)] {
        let filtered: Value = ada
            .call(
                "list_submissions",
                &[("event", &slug), ("format", format_id.as_str())],
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(filtered["talks"].as_array().unwrap().len(), expected);
    }

    // The limit (2): a third proposal is refused, withdrawing frees a place.
    let res = save(&bea, &slug, &format, "Third", None, true).await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("up to 2 talks"));
    let draft = talk_id(&app, "Draft idea").await;
    let res = bea
        .call("withdraw_talk", &[("event", &slug), ("talk", &draft)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Draft idea").await, "withdrawn");
    assert_eq!(
        save(&bea, &slug, &format, "Third", None, true)
            .await
            .status()
            .as_u16(),
        200
    );

    // Editing: the speaker may; anyone else finds nothing (and reads no private notes).
    let id = talk_id(&app, "Async Rust in practice").await;
    let res = save(
        &bea,
        &slug,
        &format,
        "Async Rust, in practice",
        Some(&id),
        false,
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Async Rust, in practice").await, "submitted");
    // One receipt per submitted talk ("Async Rust…" and "Third"): an edit sends none.
    let receipts: i64 = sqlx::query_scalar(
        "select count(*) from outbox where kind = 'talk_submitted' and to_address = 'bea@example.org'",
    )
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    assert_eq!(receipts, 2);
    let eve = app.signed_up("Eve", "eve@example.org").await;
    let res = save(&eve, &slug, &format, "Hijacked", Some(&id), true).await;
    assert_eq!(res.status().as_u16(), 404);
    let res = eve
        .call("submission_form", &[("event", &slug), ("talk", &id)])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(!res.text().await.unwrap().contains("HDMI"));
    assert_eq!(
        eve.call("list_submissions", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        403
    );

    // Bad talk input: a message per field, nothing written.
    let before = app.count("talk").await;
    let long = "x".repeat(151);
    let res = eve
        .call(
            "save_talk",
            &[
                ("event", &slug),
                ("title", &long),
                ("abstract_md", ""),
                ("level", "guru"),
                ("format", "999999"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    for field in ["title", "abstract_md", "level", "format"] {
        assert!(body.contains(field), "{field}: {body}");
    }
    assert!(body.contains("Enter an abstract."), "{body}");
    assert_eq!(app.count("talk").await, before);

    // A format with talks cannot be dropped from the call.
    let res = open_cfp(&ada, &slug, &[("formats", "Workshop, 90")]).await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("Talk"));
}

async fn decisions_are_mailed_speakers_confirm_and_only_confirmed_talks_are_public(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    open_cfp(&ada, &slug, &[]).await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let cy = app.signed_up("Cy", "cy@example.org").await;
    let format = first_format(&bea, &slug).await;
    bea.call(
        "save_speaker_profile",
        &[
            ("bio", "Bea builds *databases*."),
            ("links", "https://bea.example.org"),
        ],
    )
    .await;
    save(&bea, &slug, &format, "Kept talk", None, true).await;
    save(&bea, &slug, &format, "Turned down", None, true).await;
    save(&cy, &slug, &format, "Cy declines", None, true).await;
    let (kept, down, declines) = (
        talk_id(&app, "Kept talk").await,
        talk_id(&app, "Turned down").await,
        talk_id(&app, "Cy declines").await,
    );

    let decide = |talk: String, decision: &'static str| {
        let ada = ada.clone();
        let slug = slug.clone();
        async move {
            ada.call(
                "decide_talk",
                &[("event", &slug), ("talk", &talk), ("decision", decision)],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(
        bea.call(
            "decide_talk",
            &[("event", &slug), ("talk", &kept), ("decision", "accept")]
        )
        .await
        .status()
        .as_u16(),
        403,
        "speakers do not decide"
    );
    assert_eq!(decide(kept.clone(), "accept").await, 200);
    assert_eq!(decide(down.clone(), "reject").await, 200);
    assert_eq!(decide(declines.clone(), "accept").await, 200);
    assert_eq!(decide(kept.clone(), "reject").await, 409, "decided once");
    let subjects: Vec<String> = sqlx::query_scalar(
        "select subject from outbox where to_address = 'bea@example.org' and kind like 'talk_%'
         and kind <> 'talk_submitted' order by mail_id",
    )
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    assert_eq!(
        subjects,
        [
            "Action needed: confirm your talk for Rust Meetup",
            "About your proposal for Rust Meetup"
        ]
    );

    // After a decision the speaker cannot edit; they confirm or decline.
    let res = save(&bea, &slug, &format, "Changed after", Some(&kept), true).await;
    assert_eq!(res.status().as_u16(), 409);
    let answer = |who: &Browser, talk: &str, what: &str| {
        let (who, talk, what, slug) = (who.clone(), talk.to_owned(), what.to_owned(), slug.clone());
        async move {
            who.call(
                "answer_talk",
                &[("event", &slug), ("talk", &talk), ("answer", &what)],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(answer(&cy, &kept, "confirm").await, 404, "not Cy's talk");
    assert_eq!(answer(&bea, &down, "confirm").await, 409, "not accepted");
    assert_eq!(answer(&bea, &kept, "confirm").await, 200);
    assert_eq!(answer(&cy, &declines, "decline").await, 200);
    let mine: Value = bea.call("my_talks", &[]).await.json().await.unwrap();
    let kept_row = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Kept talk")
        .unwrap();
    assert_eq!(kept_row["state"], "Confirmed");

    // Nothing is public before the lineup is published; then only confirmed talks are.
    let anyone = app.browser();
    assert_eq!(
        anyone
            .get(&format!("/e/{slug}/speakers"))
            .await
            .status()
            .as_u16(),
        404
    );
    let res = ada
        .call("publish_lineup", &[("event", &slug), ("publish", "yes")])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = anyone.get(&format!("/e/{slug}/speakers")).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Kept talk") && html.contains("Bea"));
    assert!(html.contains("<em>databases</em>") && html.contains("https://bea.example.org"));
    for secret in ["Turned down", "Cy declines", "bea@example.org", "HDMI"] {
        assert!(!html.contains(secret), "{secret} leaked");
    }
    let talk = anyone.get(&format!("/e/{slug}/talks/{kept}")).await;
    assert_eq!(talk.status().as_u16(), 200);
    let talk = talk.text().await.unwrap();
    assert!(talk.contains("How we <em>really</em> did it.") && !talk.contains("HDMI"));
    for hidden in [&down, &declines] {
        assert_eq!(
            anyone
                .get(&format!("/e/{slug}/talks/{hidden}"))
                .await
                .status()
                .as_u16(),
            404
        );
    }
    let lineup: Value = anyone
        .call("event_lineup", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert!(!lineup.to_string().contains("bea@example.org"));
}

async fn the_call_for_papers_window_and_invite_only_setting_are_enforced(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    // No call for papers: nothing to submit to.
    let res = save(&bea, &slug, "1", "Early", None, true).await;
    assert_eq!(res.status().as_u16(), 404);

    open_cfp(&ada, &slug, &[("opens", "2030-01-01T09:00")]).await;
    let format = first_format(&bea, &slug).await;
    let res = save(&bea, &slug, &format, "Early", None, true).await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("opens"));

    open_cfp(&ada, &slug, &[]).await;
    assert_eq!(
        save(&bea, &slug, &format, "In time", None, true)
            .await
            .status()
            .as_u16(),
        200
    );
    sqlx::query("update cfp set closes_at = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    let res = save(&bea, &slug, &format, "Late", None, true).await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("closed"));
    let id = talk_id(&app, "In time").await;
    let res = save(&bea, &slug, &format, "Edited late", Some(&id), true).await;
    assert_eq!(res.status().as_u16(), 409, "no edits after the call closed");
    // ...unless the organizers allow it: edits to submitted talks, no new talks.
    sqlx::query("update cfp set late_edits = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    let res = save(&bea, &slug, &format, "Edited late", Some(&id), true).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Edited late").await, "submitted");
    let res = save(&bea, &slug, &format, "Late", None, true).await;
    assert_eq!(res.status().as_u16(), 409);
    let mine: Value = bea.call("my_talks", &[]).await.json().await.unwrap();
    assert_eq!(mine[0]["may_edit"], true);
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Call for papers open until"));

    // Invite-only (the checkbox left unticked), open again.
    let res = open_cfp(&ada, &slug, &[("is_public", "__drop")]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(cfp(&bea, &slug).await["is_public"], false);
    assert_eq!(cfp(&bea, &slug).await["window"], "Open");
    let res = save(&bea, &slug, &format, "Uninvited", None, true).await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.unwrap().contains("invitation only"));
}

async fn invite_speaker(ada: &Browser, slug: &str, email: &str, format: &str) -> reqwest::Response {
    ada.call(
        "invite_speaker",
        &[
            ("event", slug),
            ("email", email),
            ("message", "We'd love a talk on parsers."),
            ("topic", "Zero-copy parsing"),
            ("format", format),
        ],
    )
    .await
}

async fn an_invited_speaker_accepts_and_proposes_even_when_the_call_is_closed_and_invite_only(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    let res = invite_speaker(&ada, &slug, "guest@example.org", "").await;
    assert_eq!(res.status().as_u16(), 409, "needs a call for papers first");
    assert!(res.text().await.unwrap().contains("call for papers first"));

    // Invite-only, and closed.
    open_cfp(&ada, &slug, &[("is_public", "__drop")]).await;
    sqlx::query("update cfp set closes_at = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    let format = first_format(&ada, &slug).await;
    assert_eq!(
        invite_speaker(&ada, &slug, "Guest@example.org", &format)
            .await
            .status()
            .as_u16(),
        200
    );
    let res = invite_speaker(&ada, &slug, "guest@example.org", &format).await;
    assert_eq!(
        res.status().as_u16(),
        409,
        "one open invitation per address"
    );
    let token = app
        .mailed_token("speaker_invite", "guest@example.org", "/speak/")
        .await;
    assert_eq!(token.len(), 64);

    let page = app.browser().get(&format!("/speak/{token}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Speak at Rust Meetup") && html.contains("Zero-copy parsing"));
    let list: Value = ada
        .call("speaker_invitations", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["state"], "Pending");
    assert_eq!(list[0]["topic"], "Zero-copy parsing");
    assert!(list[0]["opened"].is_string());
    let bea = app.signed_up("Bea", "bea@example.org").await;
    for action in ["speaker_invitations", "revoke_speaker_invitation"] {
        let res = bea
            .call(action, &[("event", &slug), ("invitation", "1")])
            .await;
        assert_eq!(res.status().as_u16(), 403, "{action}");
    }

    // The guest signs up, accepts, and proposes despite the closed, invite-only call.
    let guest = app.signed_up("Gwen", "guest@example.org").await;
    let res = guest
        .call("accept_speaker_invitation", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/e/{slug}/submit?invited=1").as_str()
    );
    let form: Value = guest
        .call("submission_form", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(form["invited"], true);
    assert_eq!(form["proposal"][0], "Zero-copy parsing");
    let res = save(&guest, &slug, &format, "Zero-copy parsing", None, true).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "Zero-copy parsing").await, "submitted");
    let res = save(&bea, &slug, &format, "Uninvited", None, true).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(
        guest
            .call("accept_speaker_invitation", &[("token", &token)])
            .await
            .status()
            .as_u16(),
        409,
        "single use"
    );

    // Withdrawn, expired and forged links say so and let nobody in.
    invite_speaker(&ada, &slug, "x@example.org", "").await;
    let x = app
        .mailed_token("speaker_invite", "x@example.org", "/speak/")
        .await;
    let list: Value = ada
        .call("speaker_invitations", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    let x_id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "x@example.org")
        .unwrap()["invitation_id"]
        .to_string();
    let res = ada
        .call(
            "revoke_speaker_invitation",
            &[("event", &slug), ("invitation", &x_id)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        app.browser()
            .get(&format!("/speak/{x}"))
            .await
            .status()
            .as_u16(),
        410
    );
    assert_eq!(
        bea.call("accept_speaker_invitation", &[("token", &x)])
            .await
            .status()
            .as_u16(),
        409
    );
    invite_speaker(&ada, &slug, "y@example.org", "").await;
    let y = app
        .mailed_token("speaker_invite", "y@example.org", "/speak/")
        .await;
    sqlx::query("update invitation set expires_at = 1 where email = 'y@example.org'")
        .execute(app.db.writer())
        .await
        .unwrap();
    let page = app.browser().get(&format!("/speak/{y}")).await;
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("expired"));
    let forged = "a".repeat(64);
    assert_eq!(
        app.browser()
            .get(&format!("/speak/{forged}"))
            .await
            .status()
            .as_u16(),
        404
    );
    // An organizer invitation's token is no speaker invitation, and the other way round.
    assert_eq!(
        app.browser()
            .get(&format!("/invitations/{token}"))
            .await
            .status()
            .as_u16(),
        404
    );
}

async fn queue(b: &Browser, slug: &str) -> Value {
    b.call("review_queue", &[("event", slug)])
        .await
        .json()
        .await
        .unwrap()
}

async fn score(b: &Browser, slug: &str, talk: &str, score: &str) -> u16 {
    b.call(
        "score_talk",
        &[
            ("event", slug),
            ("talk", talk),
            ("score", score),
            ("comment", "Clear abstract."),
        ],
    )
    .await
    .status()
    .as_u16()
}

async fn blind_review_hides_who_proposed_a_talk_from_every_response_a_reviewer_can_fetch(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    open_cfp(
        &ada,
        &slug,
        &[("blind_review", "on"), ("hide_scores", "on")],
    )
    .await;
    let speaker = app
        .signed_up("Beatrix Speakerton", "beatrix@example.org")
        .await;
    speaker
        .call(
            "save_speaker_profile",
            &[("bio", "Beatrix builds compilers."), ("links", "")],
        )
        .await;
    let format = first_format(&speaker, &slug).await;
    save(&speaker, &slug, &format, "A mysterious talk", None, true).await;
    let talk = talk_id(&app, "A mysterious talk").await;
    let rita = app.signed_up("Rita", "rita@example.org").await;
    let rolf = app.confirmed("Rolf", "rolf@example.org").await;
    app.confirm_address("beatrix@example.org").await;

    // Naming reviewers: organizers only, existing accounts, once.
    let add = |who: &Browser, email: &str| {
        let (who, email, slug) = (who.clone(), email.to_owned(), slug.clone());
        async move {
            who.call("add_reviewer", &[("event", &slug), ("email", &email)])
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(add(&rita, "rita@example.org").await, 403);
    assert_eq!(add(&ada, "nobody@example.org").await, 422);
    assert_eq!(
        add(&ada, "rita@example.org").await,
        422,
        "an unconfirmed address names nobody"
    );
    app.confirm_address("rita@example.org").await;
    assert_eq!(add(&ada, "rita@example.org").await, 200);
    assert_eq!(add(&ada, "rita@example.org").await, 409);
    assert_eq!(add(&ada, "rolf@example.org").await, 200);
    assert_eq!(add(&ada, "beatrix@example.org").await, 200);
    let outsider = app.signed_up("Otto", "otto@example.org").await;
    assert_eq!(
        outsider
            .call("review_queue", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(score(&outsider, &slug, &talk, "5").await, 403);
    assert_eq!(
        app.browser()
            .call("review_queue", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        401
    );

    // Scores: 1 to 5; others' scores show only after one's own.
    let board = queue(&rita, &slug).await;
    assert_eq!(board["blind"], true);
    let item = &board["talks"][0];
    assert_eq!(item["title"], "A mysterious talk");
    assert!(item["speakers"].is_null());
    assert_eq!(score(&rita, &slug, &talk, "7").await, 422);
    assert_eq!(score(&rita, &slug, &talk, "4").await, 200);
    let before = queue(&rolf, &slug).await;
    assert_eq!(before["talks"][0]["reviews"], 1);
    assert!(
        before["talks"][0]["others"].is_null(),
        "hidden until Rolf scores"
    );
    assert!(before["talks"][0]["average"].is_null());
    assert_eq!(score(&rolf, &slug, &talk, "2").await, 200);
    let after = queue(&rolf, &slug).await;
    assert_eq!(after["talks"][0]["average"], "3.0");
    assert_eq!(after["talks"][0]["others"][0][0], 4);
    assert_eq!(after["talks"][0]["my_score"], 2);
    // Scoring again replaces the score.
    assert_eq!(score(&rolf, &slug, &talk, "3").await, 200);
    assert_eq!(queue(&rolf, &slug).await["talks"][0]["average"], "3.5");

    // Nobody reviews their own talk.
    let own = queue(&speaker, &slug).await;
    assert_eq!(own["talks"].as_array().unwrap().len(), 0);
    assert_eq!(score(&speaker, &slug, &talk, "5").await, 403);

    // The leak test: nothing Rita can fetch names the speaker.
    let mut bodies = Vec::new();
    for path in [
        format!("/e/{slug}"),
        format!("/e/{slug}/review"),
        format!("/e/{slug}/submissions"),
        format!("/e/{slug}/cfp"),
        format!("/e/{slug}/speakers"),
        format!("/e/{slug}/talks/{talk}"),
        format!("/e/{slug}/talks/{talk}/edit"),
        format!("/e/{slug}/speaker-invitations"),
        format!("/e/{slug}/attendees"),
        "/me/talks".to_owned(),
    ] {
        bodies.push((path.clone(), rita.get(&path).await.text().await.unwrap()));
    }
    for (function, fields) in [
        ("review_queue", vec![("event", slug.as_str())]),
        ("get_cfp", vec![("event", slug.as_str())]),
        ("list_submissions", vec![("event", slug.as_str())]),
        (
            "submission_form",
            vec![("event", slug.as_str()), ("talk", talk.as_str())],
        ),
        ("event_lineup", vec![("event", slug.as_str())]),
        (
            "get_public_talk",
            vec![("event", slug.as_str()), ("talk", talk.as_str())],
        ),
        ("speaker_invitations", vec![("event", slug.as_str())]),
        ("list_reviewers", vec![("event", slug.as_str())]),
        ("rsvp_panel", vec![("event", slug.as_str())]),
        ("list_attendees", vec![("event", slug.as_str())]),
        ("my_talks", vec![]),
    ] {
        bodies.push((
            function.to_owned(),
            rita.call(function, &fields).await.text().await.unwrap(),
        ));
    }
    for (what, body) in &bodies {
        for secret in [
            "Beatrix",
            "Speakerton",
            "beatrix@example.org",
            "builds compilers",
        ] {
            assert!(!body.contains(secret), "{what} shows {secret}: {body}");
        }
    }

    // The organizers see who it is, and the average.
    let list: Value = ada
        .call("list_submissions", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["talks"][0]["speakers"][0], "Beatrix Speakerton");
    assert_eq!(list["talks"][0]["average"], "3.5");
    assert_eq!(list["talks"][0]["reviews"], 2);

    // Without blind review, reviewers see the speakers.
    open_cfp(&ada, &slug, &[]).await;
    assert_eq!(
        queue(&rita, &slug).await["talks"][0]["speakers"][0],
        "Beatrix Speakerton"
    );
}

async fn speakers_who_have_not_confirmed_are_reminded_once_before_the_deadline(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    open_cfp(&ada, &slug, &[]).await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let cy = app.signed_up("Cy", "cy@example.org").await;
    let format = first_format(&bea, &slug).await;
    save(&bea, &slug, &format, "Waiting talk", None, true).await;
    save(&cy, &slug, &format, "Confirmed talk", None, true).await;
    for title in ["Waiting talk", "Confirmed talk"] {
        let id = talk_id(&app, title).await;
        ada.call(
            "decide_talk",
            &[("event", &slug), ("talk", &id), ("decision", "accept")],
        )
        .await;
    }
    let cy_talk = talk_id(&app, "Confirmed talk").await;
    cy.call(
        "answer_talk",
        &[("event", &slug), ("talk", &cy_talk), ("answer", "confirm")],
    )
    .await;
    // The deadline moves to an hour from now: inside the 48-hour lead.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    sqlx::query("update cfp set confirm_by = $1")
        .bind(now + 3600)
        .execute(app.db.writer())
        .await
        .unwrap();
    let subject: String = {
        let mut found = None;
        for _ in 0..100 {
            found = sqlx::query_scalar(
                "select subject from outbox where kind = 'talk_confirm_reminder'
                 and to_address = 'bea@example.org'",
            )
            .fetch_optional(app.db.writer())
            .await
            .unwrap();
            if found.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        found.expect("a reminder to Bea")
    };
    assert!(
        subject.starts_with("Action needed: confirm your talk by"),
        "{subject}"
    );
    // Several more worker rounds: still one reminder, and none for the confirmed talk.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let reminders: Vec<String> =
        sqlx::query_scalar("select to_address from outbox where kind = 'talk_confirm_reminder'")
            .fetch_all(app.db.writer())
            .await
            .unwrap();
    assert_eq!(reminders, ["bea@example.org"]);
}

async fn decisions_are_previewed_from_the_events_own_words_and_made_in_bulk(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    let long = "x".repeat(151);
    let res = open_cfp(&ada, &slug, &[("accept_subject", &long)]).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("accept_subject"));
    let res = open_cfp(
        &ada,
        &slug,
        &[
            ("accept_subject", "Welcome aboard, {speaker}!"),
            (
                "accept_body",
                "Dear {speaker},\n\n{title} is in. Confirm by {confirm_by}: {link}",
            ),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let cy = app.signed_up("Cy", "cy@example.org").await;
    let format = first_format(&bea, &slug).await;
    save(&bea, &slug, &format, "First", None, true).await;
    save(&cy, &slug, &format, "Second", None, true).await;
    save(&cy, &slug, &format, "Third", None, true).await;
    let ids = format!(
        "{},{}",
        talk_id(&app, "First").await,
        talk_id(&app, "Second").await
    );

    // The preview shows every mail and changes nothing.
    let res = bea
        .call(
            "preview_decisions",
            &[("event", &slug), ("talks", &ids), ("decision", "accept")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let preview: Value = ada
        .call(
            "preview_decisions",
            &[("event", &slug), ("talks", &ids), ("decision", "accept")],
        )
        .await
        .json()
        .await
        .unwrap();
    let mails = preview["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0]["subject"], "Welcome aboard, Bea!");
    let body = mails[0]["body"].as_str().unwrap();
    assert!(
        body.starts_with("Dear Bea,") && body.contains("First is in."),
        "{body}"
    );
    assert!(
        body.contains("Wed 20 Feb 2030, 12:00 CET") && body.contains("/me/talks"),
        "{body}"
    );
    assert_eq!(state_of(&app, "First").await, "submitted");
    assert_eq!(app.count("outbox where kind = 'talk_accepted'").await, 0);
    let third = talk_id(&app, "Third").await;
    let page = ada
        .get(&format!("/e/{slug}/decide?talk={third}&decision=reject"))
        .await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("About your proposal for Rust Meetup"));

    // Deciding sends exactly what was shown.
    let res = ada
        .call(
            "decide_talks",
            &[("event", &slug), ("talks", &ids), ("decision", "accept")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(state_of(&app, "First").await, "accepted");
    assert_eq!(state_of(&app, "Second").await, "accepted");
    assert_eq!(state_of(&app, "Third").await, "submitted");
    let subjects: Vec<String> = sqlx::query_scalar(
        "select subject from outbox where kind = 'talk_accepted' order by mail_id",
    )
    .fetch_all(app.db.writer())
    .await
    .unwrap();
    assert_eq!(subjects, ["Welcome aboard, Bea!", "Welcome aboard, Cy!"]);
    // Decided talks are left alone by a second preview, and refused by a second decision.
    let again: Value = ada
        .call(
            "preview_decisions",
            &[("event", &slug), ("talks", &ids), ("decision", "reject")],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["skipped"].as_array().unwrap().len(), 2);
    assert!(again["mails"].as_array().unwrap().is_empty());
    let res = ada
        .call(
            "decide_talks",
            &[("event", &slug), ("talks", &ids), ("decision", "reject")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(
        state_of(&app, "First").await,
        "accepted",
        "nothing half-written"
    );
    let res = ada
        .call(
            "decide_talks",
            &[("event", &slug), ("talks", ""), ("decision", "reject")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
}

async fn speakers_invite_co_speakers_who_join_the_talk_from_the_mailed_link(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    open_cfp(&ada, &slug, &[]).await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let format = first_format(&bea, &slug).await;
    save(&bea, &slug, &format, "Pair talk", None, true).await;
    let talk = talk_id(&app, "Pair talk").await;
    let invite = |who: &Browser, email: &str| {
        let (who, email, slug, talk) = (who.clone(), email.to_owned(), slug.clone(), talk.clone());
        async move {
            who.call(
                "invite_co_speaker",
                &[
                    ("event", &slug),
                    ("talk", &talk),
                    ("email", &email),
                    ("message", "Let's do this together!"),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    let eve = app.signed_up("Eve", "eve@example.org").await;
    assert_eq!(
        invite(&eve, "carl@example.org").await,
        404,
        "not Eve's talk"
    );
    assert_eq!(
        eve.call("co_speakers", &[("event", &slug), ("talk", &talk)])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(invite(&bea, "bea@example.org").await, 409, "already on it");
    assert_eq!(invite(&bea, "carl@example.org").await, 200);
    assert_eq!(
        invite(&bea, "carl@example.org").await,
        409,
        "send it again instead"
    );
    let token = app
        .mailed_token("co_speaker_invite", "carl@example.org", "/join-talk/")
        .await;
    let page = app.browser().get(&format!("/join-talk/{token}")).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Pair talk"));

    let carl = app.signed_up("Carl", "carl@example.org").await;
    let res = carl
        .call("accept_co_speaker_invitation", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let mine: Value = carl.call("my_talks", &[]).await.json().await.unwrap();
    assert_eq!(mine[0]["title"], "Pair talk");
    let list: Value = ada
        .call("list_submissions", &[("event", &slug)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["talks"][0]["speakers"],
        serde_json::json!(["Bea", "Carl"])
    );
    let team: Value = bea
        .call("co_speakers", &[("event", &slug), ("talk", &talk)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(team["invitations"][0]["state"], "Accepted");
    assert_eq!(
        carl.call("accept_co_speaker_invitation", &[("token", &token)])
            .await
            .status()
            .as_u16(),
        409,
        "single use"
    );
    // The co-speaker may now edit it too; declining needs no account.
    let res = save(
        &carl,
        &slug,
        &format,
        "Pair talk, revised",
        Some(&talk),
        false,
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(invite(&bea, "dan@example.org").await, 200);
    let dan = app
        .mailed_token("co_speaker_invite", "dan@example.org", "/join-talk/")
        .await;
    let res = app
        .browser()
        .call("decline_co_speaker_invitation", &[("token", &dan)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // Another kind's link finds nothing here.
    assert_eq!(
        app.browser()
            .get(&format!("/speak/{dan}"))
            .await
            .status()
            .as_u16(),
        404
    );
}

/// Posts a file as the photo form does, with JSON answers or as a plain form.
async fn upload_photo(b: &Browser, name: &str, bytes: &[u8], json: bool) -> reqwest::Response {
    b.upload("/account/photo", "photo", name, bytes, json).await
}

async fn speaker_photos_are_checked_by_content_and_public_only_once_in_a_published_lineup(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "50").await;
    open_cfp(&ada, &slug, &[]).await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let id: i64 =
        sqlx::query_scalar("select account_id from account where email = 'bea@example.org'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    let png = crate::helpers::tiny_png(false);

    // Not signed in; not an image whatever its name; too big.
    assert_eq!(
        upload_photo(&app.browser(), "me.png", &png, true)
            .await
            .status()
            .as_u16(),
        401
    );
    let res = upload_photo(&bea, "me.png", b"<svg onload=alert(1)>", true).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("not a PNG, JPEG or WebP"));
    let mut big = png.clone();
    big.resize(2 * 1024 * 1024 + 1, 0);
    let res = upload_photo(&bea, "big.png", &big, true).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("2 MB"));
    assert_eq!(
        app.count("speaker_profile where photo is not null").await,
        0
    );
    // Without JavaScript the form comes back to the account page with the reason.
    let res = upload_photo(&bea, "cat.gif", b"GIF89a", false).await;
    assert_eq!(res.status().as_u16(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/account?photo_error="), "{location}");
    let page = bea.get(&location).await.text().await.unwrap();
    assert!(
        page.contains("not a PNG, JPEG or WebP"),
        "the reason next to the field"
    );

    // A PNG named .txt is a PNG: stored and served as one, to Bea only for now.
    let res = upload_photo(&bea, "photo.txt", &png, true).await;
    assert_eq!(res.status().as_u16(), 200);
    let own = bea.get(&format!("/speakers/{id}/photo")).await;
    assert_eq!(own.status().as_u16(), 200);
    assert_eq!(own.headers()["content-type"], "image/png");
    assert_eq!(own.bytes().await.unwrap().as_ref(), png.as_slice());
    // What a camera or phone adds (GPS position, comments, text) is gone once stored.
    let res = upload_photo(&bea, "phone.jpg", &crate::helpers::jpeg_with_gps(), true).await;
    assert_eq!(res.status().as_u16(), 200);
    let own = bea.get(&format!("/speakers/{id}/photo")).await;
    assert_eq!(own.headers()["content-type"], "image/jpeg");
    let stored = own.bytes().await.unwrap().to_vec();
    let has = |needle: &[u8]| stored.windows(needle.len()).any(|w| w == needle);
    assert!(stored.starts_with(&[0xFF, 0xD8]));
    assert!(!has(b"GPSLatitude") && !has(b"Exif") && !has(b"shot at home"));
    let res = upload_photo(&bea, "photo.png", &crate::helpers::tiny_png(true), true).await;
    assert_eq!(res.status().as_u16(), 200);
    let stored = bea
        .get(&format!("/speakers/{id}/photo"))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        !stored.windows(9).any(|w| w == b"Rungestra"),
        "text chunks are gone"
    );
    // A file that only looks like an image by its first bytes is refused.
    let res = upload_photo(
        &bea,
        "fake.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-not-really-but-png-by-its-magic",
        true,
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let anyone = app.browser();
    assert_eq!(
        anyone
            .get(&format!("/speakers/{id}/photo"))
            .await
            .status()
            .as_u16(),
        404
    );

    // Confirmed and published: public, on the speakers page too.
    let format = first_format(&bea, &slug).await;
    save(&bea, &slug, &format, "Photo talk", None, true).await;
    let talk = talk_id(&app, "Photo talk").await;
    ada.call(
        "decide_talk",
        &[("event", &slug), ("talk", &talk), ("decision", "accept")],
    )
    .await;
    bea.call(
        "answer_talk",
        &[("event", &slug), ("talk", &talk), ("answer", "confirm")],
    )
    .await;
    ada.call("publish_lineup", &[("event", &slug), ("publish", "yes")])
        .await;
    assert_eq!(
        anyone
            .get(&format!("/speakers/{id}/photo"))
            .await
            .status()
            .as_u16(),
        200
    );
    let speakers = anyone
        .get(&format!("/e/{slug}/speakers"))
        .await
        .text()
        .await
        .unwrap();
    assert!(speakers.contains(&format!("/speakers/{id}/photo")));
}

on_both_engines!(
    organizers_open_a_call_and_speakers_submit_edit_and_withdraw_talks,
    decisions_are_mailed_speakers_confirm_and_only_confirmed_talks_are_public,
    the_call_for_papers_window_and_invite_only_setting_are_enforced,
    an_invited_speaker_accepts_and_proposes_even_when_the_call_is_closed_and_invite_only,
    blind_review_hides_who_proposed_a_talk_from_every_response_a_reviewer_can_fetch,
    speakers_who_have_not_confirmed_are_reminded_once_before_the_deadline,
    decisions_are_previewed_from_the_events_own_words_and_made_in_bulk,
    speakers_invite_co_speakers_who_join_the_talk_from_the_mailed_link,
    speaker_photos_are_checked_by_content_and_public_only_once_in_a_published_lineup,
);
