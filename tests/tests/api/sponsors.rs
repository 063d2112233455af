//! Partners and sponsorships: tiers and money, the pipeline with its checklist and CSV,
//! partner invitations and the portal, the cap race on a tier's last slot, passes held in the
//! event's capacity, who may do what, hostile SVG logos, and the sponsors everyone sees.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use crate::rsvps::{going, organizer, published, rsvp_of};
use reqwest::header;
use serde_json::Value;
use std::path::PathBuf;

fn ok(status: u16, what: &str) {
    assert!((200..400).contains(&status), "{what} answered {status}");
}

async fn ok_res(res: reqwest::Response, what: &str) -> reqwest::Response {
    let status = res.status().as_u16();
    if !(200..400).contains(&status) {
        panic!(
            "{what} answered {status}: {}",
            res.text().await.unwrap_or_default()
        );
    }
    res
}

async fn json(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

/// A Gold tier (EUR 2,000, 1 slot, 2 passes, two benefits) and a Silver tier (USD 500.50,
/// 3 slots) on `slug`.
async fn tiers(ada: &Browser, slug: &str) {
    for fields in [
        [
            ("name", "Gold"),
            ("rank", "1"),
            ("price", "2,000"),
            ("currency", "eur"),
            ("slots", "1"),
            ("passes", "2"),
            ("benefits", "Logo on the event page\nBooth"),
        ],
        [
            ("name", "Silver"),
            ("rank", "2"),
            ("price", "500.50"),
            ("currency", "USD"),
            ("slots", "3"),
            ("passes", "0"),
            ("benefits", "Logo on the event page"),
        ],
    ] {
        let mut all = vec![("event", slug)];
        all.extend_from_slice(&fields);
        ok_res(
            ada.call("save_sponsor_tier", &all).await,
            "save_sponsor_tier",
        )
        .await;
    }
}

async fn tier_id(app: &TestApp, name: &str) -> String {
    let id: i64 = sqlx::query_scalar("select tier_id from sponsor_tier where name = $1")
        .bind(name)
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    id.to_string()
}

/// Adds a new partner to the pipeline; returns the sponsorship's id.
async fn add_partner(ada: &Browser, slug: &str, name: &str, website: &str) -> String {
    let res = ok_res(
        ada.call(
            "add_event_partner",
            &[("event", slug), ("name", name), ("website", website)],
        )
        .await,
        "add_event_partner",
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn move_to(
    ada: &Browser,
    slug: &str,
    id: &str,
    stage: &str,
    tier: &str,
) -> reqwest::Response {
    ada.call(
        "move_sponsorship",
        &[
            ("event", slug),
            ("sponsorship", id),
            ("stage", stage),
            ("tier", tier),
        ],
    )
    .await
}

async fn stage_of(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("select stage from sponsorship where sponsorship_id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(app.db.writer())
        .await
        .unwrap()
}

/// Invites `email` for sponsorship `id` and opens the portal from the mailed link, as
/// `partner`: returns (invitation token, portal token).
async fn portal_of(
    app: &TestApp,
    ada: &Browser,
    slug: &str,
    id: &str,
    email: &str,
    partner: &Browser,
) -> (String, String) {
    ok_res(
        ada.call(
            "invite_partner",
            &[
                ("event", slug),
                ("sponsorship", id),
                ("email", email),
                ("message", "We'd love to have you."),
            ],
        )
        .await,
        "invite_partner",
    )
    .await;
    let token = app
        .mailed_token("partner_invite", email, "/sponsor-invite/")
        .await;
    let res = ok_res(
        partner
            .call("accept_partner_invitation", &[("token", &token)])
            .await,
        "accept_partner_invitation",
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let portal = location
        .trim_start_matches("/partner/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    (token, portal)
}

/// Posts a file as the logo forms do to `path`.
async fn upload(
    b: &Browser,
    path: &str,
    name: &str,
    bytes: &[u8],
    json: bool,
) -> reqwest::Response {
    b.upload(path, "logo", name, bytes, json).await
}

/// A tiny valid PNG (1×1).
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 13]);
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&[
        0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    ]);
    bytes
}

fn fixtures(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/svg")
        .join(kind);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

async fn organizers_keep_tiers_and_move_partners_through_the_pipeline_with_totals_and_csv(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    // Money is stored in minor units with its code.
    let stored: (i64, String) =
        sqlx::query_as("select price_minor, currency from sponsor_tier where name = 'Silver'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert_eq!(stored, (50_050, "USD".to_owned()));
    ok(
        ada.call(
            "save_sponsor_goal",
            &[("event", &slug), ("goal", "5000"), ("currency", "EUR")],
        )
        .await
        .status()
        .as_u16(),
        "save_sponsor_goal",
    );

    // Bad tiers: a message per field, nothing written.
    let before = app.count("sponsor_tier").await;
    let res = ada
        .call(
            "save_sponsor_tier",
            &[
                ("event", &slug),
                ("name", "Bronze"),
                ("rank", "3"),
                ("price", "-5"),
                ("currency", "EURO"),
                ("slots", "2"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("cannot be negative") || body.contains("ISO 4217"),
        "{body}"
    );
    let res = ada
        .call(
            "save_sponsor_tier",
            &[
                ("event", &slug),
                ("name", "Bronze"),
                ("rank", "3"),
                ("price", "5"),
                ("currency", "XYZ"),
                ("slots", "2"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("ISO 4217"));
    assert_eq!(app.count("sponsor_tier").await, before);

    let acme = add_partner(&ada, &slug, "Acme", "https://acme.example").await;
    assert_eq!(stage_of(&app, &acme).await, "prospect");
    // Agreeing needs a tier; invoicing needs an agreement.
    let res = move_to(&ada, &slug, &acme, "agreed", "").await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("Choose the tier"));
    let res = move_to(&ada, &slug, &acme, "invoiced", "").await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(stage_of(&app, &acme).await, "prospect");

    let gold = tier_id(&app, "Gold").await;
    ok(
        move_to(&ada, &slug, &acme, "agreed", &gold)
            .await
            .status()
            .as_u16(),
        "agree",
    );
    assert_eq!(stage_of(&app, &acme).await, "agreed");
    // The checklist comes from the tier's benefits.
    let detail = json(
        ada.call("sponsorship_detail", &[("event", &slug), ("id", &acme)])
            .await,
    )
    .await;
    let benefits = detail["benefits"].as_array().unwrap();
    assert_eq!(benefits.len(), 2);
    assert_eq!(benefits[0]["label"], "Logo on the event page");
    let benefit = benefits[1]["benefit_id"].to_string();
    ok(
        ada.call(
            "set_sponsor_benefit",
            &[
                ("event", &slug),
                ("sponsorship", &acme),
                ("benefit", &benefit),
                ("done", "1"),
            ],
        )
        .await
        .status()
        .as_u16(),
        "set_sponsor_benefit",
    );
    let detail = json(
        ada.call("sponsorship_detail", &[("event", &slug), ("id", &acme)])
            .await,
    )
    .await;
    assert_eq!(detail["benefits"][1]["done"], true);
    assert!(detail["benefits"][1]["done_note"]
        .as_str()
        .unwrap()
        .contains("Ada"));

    let globex = add_partner(&ada, &slug, "Globex", "").await;
    let silver = tier_id(&app, "Silver").await;
    ok(
        move_to(&ada, &slug, &globex, "agreed", &silver)
            .await
            .status()
            .as_u16(),
        "agree globex",
    );
    ok(
        move_to(&ada, &slug, &globex, "invoiced", "")
            .await
            .status()
            .as_u16(),
        "invoice",
    );
    ok(
        move_to(&ada, &slug, &globex, "paid", "")
            .await
            .status()
            .as_u16(),
        "paid",
    );
    // Paid cannot be withdrawn straight away.
    assert_eq!(
        move_to(&ada, &slug, &globex, "withdrawn", "")
            .await
            .status()
            .as_u16(),
        409
    );

    let admin = json(ada.call("sponsorship_admin", &[("event", &slug)]).await).await;
    let totals = admin["totals"].as_array().unwrap();
    let eur = totals.iter().find(|t| t["currency"] == "EUR").unwrap();
    assert_eq!(eur["committed"], "2,000.00 EUR");
    assert_eq!(eur["paid"], "0.00 EUR");
    assert_eq!(eur["goal"], "5,000.00 EUR");
    assert_eq!(eur["percent"], 40);
    let usd = totals.iter().find(|t| t["currency"] == "USD").unwrap();
    assert_eq!(usd["committed"], "500.50 USD");
    assert_eq!(usd["paid"], "500.50 USD");

    let res = ada.get(&format!("/e/{slug}/sponsorship.csv")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("Partner,Website,Stage,Tier"));
    assert!(
        lines[1].starts_with("Acme,https://acme.example,Agreed,Gold,200000,EUR"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("Globex,,Paid,Silver,50050,USD"),
        "{}",
        lines[2]
    );

    // The pipeline page without JavaScript: the sortable list.
    let page = ada
        .get(&format!("/e/{slug}/sponsorship?sort=stage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("aria-label=\"Pipeline\""));
    let (a, g) = (page.find(">Acme<").unwrap(), page.find(">Globex<").unwrap());
    assert!(a < g, "agreed sorts before paid");
}

async fn a_partner_invitation_opens_the_portal_once_and_can_be_resent_or_revoked(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "https://acme.example").await;
    let partner = app.browser();
    let (token, portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &partner).await;
    assert_eq!(stage_of(&app, &acme).await, "invited");
    assert!(portal.len() >= 43, "a 256-bit portal token: {portal}");

    // The invitation link works once.
    let res = app
        .browser()
        .call("accept_partner_invitation", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let page = app.browser().get(&format!("/sponsor-invite/{token}")).await;
    assert_eq!(page.status().as_u16(), 410);
    // A forged one does nothing.
    let res = app
        .browser()
        .call(
            "accept_partner_invitation",
            &[("token", "forged-token-forged-token-forged-token-00")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);

    // The portal: tiers with slots left, choosing one, the profile, contacts.
    let view = json(partner.call("partner_portal", &[("token", &portal)]).await).await;
    assert_eq!(view["partner"]["name"], "Acme");
    assert_eq!(view["tiers"].as_array().unwrap().len(), 2);
    assert_eq!(view["tiers"][0]["slots"], 1);
    assert_eq!(view["tiers"][0]["taken"], 0);
    let gold = tier_id(&app, "Gold").await;
    ok(
        partner
            .call("portal_choose_tier", &[("token", &portal), ("tier", &gold)])
            .await
            .status()
            .as_u16(),
        "choose",
    );
    assert_eq!(stage_of(&app, &acme).await, "interested");
    // Partners cannot agree for themselves: the organizers confirm.
    ok(
        partner
            .call(
                "portal_save_profile",
                &[
                    ("token", &portal),
                    ("name", "Acme Corp"),
                    ("website", "https://acme.example"),
                    ("description", "Anvils since 1949."),
                ],
            )
            .await
            .status()
            .as_u16(),
        "profile",
    );
    let res = partner
        .call(
            "portal_save_profile",
            &[
                ("token", &portal),
                ("name", "Acme Corp"),
                ("website", "javascript:alert(1)"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    ok(
        partner
            .call(
                "portal_add_contact",
                &[
                    ("token", &portal),
                    ("name", "Pat"),
                    ("email", "pat@acme.example"),
                    ("role", "Marketing"),
                ],
            )
            .await
            .status()
            .as_u16(),
        "contact",
    );
    let res = partner
        .call(
            "portal_add_contact",
            &[
                ("token", &portal),
                ("name", "Pat"),
                ("email", "not-an-address"),
                ("role", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = upload(
        &partner,
        &format!("/partner/{portal}/logo"),
        "acme.png",
        &png(),
        true,
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    let view = json(partner.call("partner_portal", &[("token", &portal)]).await).await;
    assert_eq!(view["partner"]["description"], "Anvils since 1949.");
    assert_eq!(view["partner"]["contacts"][0]["role"], "Marketing");
    // The portal shows the logo through its own link; before an agreement it is not public.
    let logo_url = view["partner"]["logo_url"].as_str().unwrap().to_owned();
    assert!(
        logo_url.starts_with(&format!("/partner/{portal}/logo")),
        "{logo_url}"
    );
    let logo = partner.get(&logo_url).await;
    assert_eq!(logo.status().as_u16(), 200);
    assert_eq!(logo.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(logo.headers()[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(logo.bytes().await.unwrap().to_vec(), png());
    let (partner_id, version): (i64, i64) = sqlx::query_as(
        "select partner_id, logo_version from partner where partner_id = (select partner_id from sponsorship where sponsorship_id = $1)",
    )
    .bind(acme.parse::<i64>().unwrap())
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    let public_url = format!("/logos/{partner_id}/{version}");
    assert_eq!(
        app.browser().get(&public_url).await.status().as_u16(),
        404,
        "not public before the partner agreed"
    );
    let organizer_view = ada.get(&public_url).await;
    assert_eq!(organizer_view.status().as_u16(), 200, "organizers see it");
    assert_eq!(
        organizer_view.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    let gold = tier_id(&app, "Gold").await;
    ok_res(move_to(&ada, &slug, &acme, "agreed", &gold).await, "agree").await;
    let logo = app.browser().get(&public_url).await;
    assert_eq!(logo.status().as_u16(), 200, "public once agreed");
    assert!(logo.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));

    // Sending again makes a new link; the old one stops working. Withdrawing stops it too.
    ok_res(
        ada.call(
            "invite_partner",
            &[
                ("event", &slug),
                ("sponsorship", &acme),
                ("email", "lee@acme.example"),
            ],
        )
        .await,
        "invite lee",
    )
    .await;
    let first = app
        .mailed_token("partner_invite", "lee@acme.example", "/sponsor-invite/")
        .await;
    let admin = json(ada.call("sponsorship_admin", &[("event", &slug)]).await).await;
    let invitations = admin["invitations"].as_array().unwrap();
    let lee = invitations
        .iter()
        .find(|i| i["invitation"]["email"] == "lee@acme.example")
        .unwrap();
    assert_eq!(lee["partner"], "Acme Corp");
    assert_eq!(lee["invitation"]["state"], "Pending");
    let pat = invitations
        .iter()
        .find(|i| i["invitation"]["email"] == "pat@acme.example")
        .unwrap();
    assert_eq!(pat["invitation"]["state"], "Accepted");
    let lee_id = lee["invitation"]["invitation_id"].to_string();
    ok(
        ada.call(
            "resend_partner_invitation",
            &[("event", &slug), ("invitation", &lee_id)],
        )
        .await
        .status()
        .as_u16(),
        "resend",
    );
    let second = app
        .mailed_token("partner_invite", "lee@acme.example", "/sponsor-invite/")
        .await;
    assert_ne!(first, second);
    assert_eq!(
        app.browser()
            .call("open_partner_invitation", &[("token", &first)])
            .await
            .status()
            .as_u16(),
        404
    );
    ok(
        ada.call(
            "revoke_partner_invitation",
            &[("event", &slug), ("invitation", &lee_id)],
        )
        .await
        .status()
        .as_u16(),
        "revoke",
    );
    let res = app
        .browser()
        .call("accept_partner_invitation", &[("token", &second)])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(res.text().await.unwrap().contains("withdrawn"));

    // Accepted while signed in, the portal is attached to the account and can be opened
    // again from "My events" with a new link.
    let pat = app.signed_up("Pat", "pat@acme.example").await;
    ok_res(
        ada.call(
            "invite_partner",
            &[
                ("event", &slug),
                ("sponsorship", &acme),
                ("email", "pat@acme.example"),
            ],
        )
        .await,
        "invite pat again",
    )
    .await;
    let invitation = app
        .mailed_token("partner_invite", "pat@acme.example", "/sponsor-invite/")
        .await;
    let res = ok_res(
        pat.call("accept_partner_invitation", &[("token", &invitation)])
            .await,
        "accept signed in",
    )
    .await;
    let portal = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/partner/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let mine = json(pat.call("my_sponsorships", &[]).await).await;
    assert_eq!(mine[0]["partner"], "Acme Corp");
    let acme_id = mine[0]["sponsorship_id"].to_string();
    let res = mallory_reopens(&app, &acme_id).await;
    assert_eq!(res, 404, "only the attached account reopens a portal");
    let res = ok_res(
        pat.call("reopen_portal", &[("sponsorship", &acme_id)])
            .await,
        "reopen",
    )
    .await;
    let reopened = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/partner/")
        .to_owned();
    assert_ne!(reopened, portal);
    assert_eq!(
        partner
            .call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        403
    );
    let portal = reopened;
    ok(
        partner
            .call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        "reopened portal",
    );

    // The organizers revoke the portal link: it stops working.
    ok(
        ada.call(
            "revoke_portal_link",
            &[("event", &slug), ("sponsorship", &acme)],
        )
        .await
        .status()
        .as_u16(),
        "revoke portal",
    );
    assert_eq!(
        partner
            .call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        partner
            .call("portal_add_pass", &[("token", &portal), ("name", "Sam")])
            .await
            .status()
            .as_u16(),
        403
    );

    // A declined invitation moves the partner to declined.
    let globex = add_partner(&ada, &slug, "Globex", "").await;
    ok_res(
        ada.call(
            "invite_partner",
            &[
                ("event", &slug),
                ("sponsorship", &globex),
                ("email", "gus@globex.example"),
            ],
        )
        .await,
        "invite gus",
    )
    .await;
    let token = app
        .mailed_token("partner_invite", "gus@globex.example", "/sponsor-invite/")
        .await;
    ok(
        app.browser()
            .call("decline_partner_invitation", &[("token", &token)])
            .await
            .status()
            .as_u16(),
        "decline",
    );
    assert_eq!(stage_of(&app, &globex).await, "declined");
}

async fn revoking_a_portal_ends_every_way_in_and_no_link_holder_can_take_it_over(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "https://acme.example").await;
    let pat = app.signed_up("Pat", "pat@acme.example").await;
    let (_, portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &pat).await;
    let mine = json(pat.call("my_sponsorships", &[]).await).await;
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "accepted signed in: attached"
    );
    // Someone who got hold of the portal link cannot attach it to their own account.
    let mel = app.signed_up("Mel", "mel@example.org").await;
    let res = mel.call("portal_attach", &[("token", &portal)]).await;
    assert!(!res.status().is_success(), "{}", res.status());
    let mine = json(mel.call("my_sponsorships", &[]).await).await;
    assert_eq!(mine.as_array().unwrap().len(), 0);
    assert_eq!(mallory_reopens(&app, &acme).await, 404);
    // An invitation is still waiting when the organizers revoke the portal.
    ok_res(
        ada.call(
            "invite_partner",
            &[
                ("event", &slug),
                ("sponsorship", &acme),
                ("email", "lee@acme.example"),
            ],
        )
        .await,
        "invite lee",
    )
    .await;
    let waiting = app
        .mailed_token("partner_invite", "lee@acme.example", "/sponsor-invite/")
        .await;
    ok(
        ada.call(
            "revoke_portal_link",
            &[("event", &slug), ("sponsorship", &acme)],
        )
        .await
        .status()
        .as_u16(),
        "revoke portal",
    );
    assert_eq!(
        pat.call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        pat.call("reopen_portal", &[("sponsorship", &acme)])
            .await
            .status()
            .as_u16(),
        404,
        "the attached account no longer reopens it"
    );
    let res = app
        .browser()
        .call("accept_partner_invitation", &[("token", &waiting)])
        .await;
    assert_eq!(
        res.status().as_u16(),
        409,
        "the waiting invitation was withdrawn"
    );
    let public: String = sqlx::query_scalar("select name from partner where partner_id = (select partner_id from sponsorship where sponsorship_id = $1)")
        .bind(acme.parse::<i64>().unwrap())
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    assert_eq!(public, "Acme");
}

async fn a_declined_or_withdrawn_sponsorship_has_no_portal(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "").await;
    let partner = app.browser();
    let (_, portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &partner).await;
    let res = partner.call("portal_decline", &[("token", &portal)]).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["location"], format!("/e/{slug}"));
    assert_eq!(stage_of(&app, &acme).await, "declined");
    assert_eq!(
        partner
            .call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        403
    );
    // Withdrawn by the organizers: the link stops, and bringing the partner back (prospect)
    // does not bring the old link back.
    let globex = add_partner(&ada, &slug, "Globex", "").await;
    let (_, portal) = portal_of(&app, &ada, &slug, &globex, "gus@globex.example", &partner).await;
    let gold = tier_id(&app, "Gold").await;
    ok_res(
        move_to(&ada, &slug, &globex, "agreed", &gold).await,
        "agree",
    )
    .await;
    ok_res(
        move_to(&ada, &slug, &globex, "withdrawn", "").await,
        "withdraw",
    )
    .await;
    ok_res(move_to(&ada, &slug, &globex, "prospect", "").await, "back").await;
    assert_eq!(
        partner
            .call("partner_portal", &[("token", &portal)])
            .await
            .status()
            .as_u16(),
        403
    );
}

async fn mallory_reopens(app: &TestApp, id: &str) -> u16 {
    let mallory = app.signed_up("Mallory", "mallory@example.org").await;
    mallory
        .call("reopen_portal", &[("sponsorship", id)])
        .await
        .status()
        .as_u16()
}

async fn the_last_slot_of_a_tier_goes_to_exactly_one_of_two_partners_agreeing_at_once(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let bo = app.signed_up("Bo", "bo@example.org").await;
    app.add_co_organizer(&ada, "rust-berlin", "bo@example.org", &bo)
        .await;
    let gold = tier_id(&app, "Gold").await;
    for round in 0..3 {
        let a = add_partner(&ada, &slug, &format!("Initech {round}"), "").await;
        let b = add_partner(&ada, &slug, &format!("Umbrella {round}"), "").await;
        let (ra, rb) = tokio::join!(
            move_to(&ada, &slug, &a, "agreed", &gold),
            move_to(&bo, &slug, &b, "agreed", &gold)
        );
        let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
        statuses.sort_unstable();
        let committed: i64 = sqlx::query_scalar(
            "select count(*) from sponsorship where tier_id = $1 and stage in ('agreed', 'invoiced', 'paid')",
        )
        .bind(gold.parse::<i64>().unwrap())
        .fetch_one(app.db.writer())
        .await
        .unwrap();
        if round == 0 {
            assert_eq!(statuses, [200, 409], "exactly one wins the last slot");
        } else {
            assert_eq!(statuses, [409, 409], "the tier stays full");
        }
        assert_eq!(committed, 1, "round {round}");
        let loser = if ra.status().as_u16() == 409 { ra } else { rb };
        let body = loser.text().await.unwrap();
        assert!(body.contains("The Gold tier is full"), "{body}");
    }
    // A partner cannot choose a full tier in the portal either.
    let late = add_partner(&ada, &slug, "Late Corp", "").await;
    let partner = app.browser();
    let (_, portal) = portal_of(&app, &ada, &slug, &late, "lou@late.example", &partner).await;
    let res = partner
        .call("portal_choose_tier", &[("token", &portal), ("tier", &gold)])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(stage_of(&app, &late).await, "invited");
    // More slots let the next partner in; fewer than are taken are refused.
    let res = ada
        .call(
            "save_sponsor_tier",
            &[
                ("event", &slug),
                ("tier", &gold),
                ("name", "Gold"),
                ("rank", "1"),
                ("price", "2000"),
                ("currency", "EUR"),
                ("slots", "0"),
                ("passes", "2"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
}

async fn sponsor_passes_hold_seats_in_the_event_capacity_and_show_as_sponsor_guests(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "3").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "").await;
    let partner = app.browser();
    let (_, portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &partner).await;
    // Passes come with an agreed tier.
    let res = partner
        .call("portal_add_pass", &[("token", &portal), ("name", "Sam")])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let gold = tier_id(&app, "Gold").await;
    ok(
        move_to(&ada, &slug, &acme, "agreed", &gold)
            .await
            .status()
            .as_u16(),
        "agree",
    );
    // Gold holds 2 of the 3 seats: one person gets in, the next waits.
    let kim = app.signed_up("Kim", "kim@example.org").await;
    let lou = app.signed_up("Lou", "lou@example.org").await;
    ok(going(&kim, &slug, "0").await.status().as_u16(), "kim going");
    ok(going(&lou, &slug, "0").await.status().as_u16(), "lou going");
    assert_eq!(rsvp_of(&app, "kim@example.org").await.unwrap().0, "going");
    assert_eq!(
        rsvp_of(&app, "lou@example.org").await.unwrap().0,
        "waitlisted"
    );
    for name in ["Sam Sponsor", "Tia Sponsor"] {
        ok(
            partner
                .call("portal_add_pass", &[("token", &portal), ("name", name)])
                .await
                .status()
                .as_u16(),
            "pass",
        );
    }
    let res = partner
        .call(
            "portal_add_pass",
            &[("token", &portal), ("name", "One Too Many")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(app.count("sponsor_pass").await, 2);
    let csv = ada
        .get(&format!("/e/{slug}/attendees.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Sam Sponsor") && csv.contains("Sponsor guest (Acme)"),
        "{csv}"
    );
    let page = ada
        .get(&format!("/e/{slug}/attendees"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Tia Sponsor"),
        "the attendee list names sponsor guests"
    );
    // Withdrawn, the seats are free again: Lou gets in when the next change runs the line.
    ok(
        move_to(&ada, &slug, &acme, "withdrawn", "")
            .await
            .status()
            .as_u16(),
        "withdraw",
    );
    assert_eq!(rsvp_of(&app, "lou@example.org").await.unwrap().0, "going");
}

async fn only_organizers_change_the_pipeline_and_one_partner_cannot_edit_another(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "").await;
    let globex = add_partner(&ada, &slug, "Globex", "").await;
    let gold = tier_id(&app, "Gold").await;
    let mallory = app.signed_up("Mallory", "mallory@example.org").await;
    let anonymous = app.browser();
    let partner_id: i64 = sqlx::query_scalar("select partner_id from partner where name = 'Acme'")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let pid = partner_id.to_string();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("sponsorship_admin", vec![("event", &slug)]),
        ("sponsorship_detail", vec![("event", &slug), ("id", &acme)]),
        (
            "save_sponsor_tier",
            vec![
                ("event", &slug),
                ("name", "Evil"),
                ("rank", "1"),
                ("price", "1"),
                ("currency", "EUR"),
                ("slots", "9"),
            ],
        ),
        (
            "delete_sponsor_tier",
            vec![("event", &slug), ("tier", &gold)],
        ),
        (
            "save_sponsor_goal",
            vec![("event", &slug), ("goal", "1"), ("currency", "EUR")],
        ),
        (
            "add_event_partner",
            vec![("event", &slug), ("name", "Evil Corp")],
        ),
        (
            "move_sponsorship",
            vec![
                ("event", &slug),
                ("sponsorship", &acme),
                ("stage", "agreed"),
                ("tier", &gold),
            ],
        ),
        (
            "save_sponsorship_notes",
            vec![("event", &slug), ("sponsorship", &acme), ("notes", "mine")],
        ),
        (
            "invite_partner",
            vec![
                ("event", &slug),
                ("sponsorship", &acme),
                ("email", "x@example.org"),
            ],
        ),
        (
            "revoke_portal_link",
            vec![("event", &slug), ("sponsorship", &acme)],
        ),
        ("partners_admin", vec![("group", "rust-berlin")]),
        (
            "save_partner",
            vec![
                ("group", "rust-berlin"),
                ("partner", &pid),
                ("name", "Pwned"),
            ],
        ),
        (
            "add_partner_contact",
            vec![
                ("group", "rust-berlin"),
                ("partner", &pid),
                ("name", "M"),
                ("email", "m@example.org"),
            ],
        ),
    ];
    for (function, fields) in &calls {
        let res = mallory.call(function, fields).await;
        assert_eq!(res.status().as_u16(), 403, "{function} as a stranger");
        let res = anonymous.call(function, fields).await;
        assert_eq!(res.status().as_u16(), 401, "{function} signed out");
    }
    let res = upload(
        &mallory,
        &format!("/g/rust-berlin/partners/{pid}/logo"),
        "x.png",
        &png(),
        true,
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.count("sponsor_tier").await, 2);
    assert_eq!(
        app.count("partner where name = 'Pwned' or name = 'Evil Corp'")
            .await,
        0
    );
    assert_eq!(stage_of(&app, &acme).await, "prospect");
    assert_eq!(app.count("partner where logo is not null").await, 0);
    assert_eq!(
        ada.get(&format!("/e/{slug}/sponsorship.csv"))
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        mallory
            .get(&format!("/e/{slug}/sponsorship.csv"))
            .await
            .status()
            .as_u16(),
        403
    );

    // One partner's portal cannot touch another's contacts or passes.
    let a = app.browser();
    let (_, acme_portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &a).await;
    let g = app.browser();
    let (_, globex_portal) = portal_of(&app, &ada, &slug, &globex, "gus@globex.example", &g).await;
    ok(
        g.call(
            "portal_add_contact",
            &[
                ("token", &globex_portal),
                ("name", "Gus"),
                ("email", "gus@globex.example"),
            ],
        )
        .await
        .status()
        .as_u16(),
        "gus",
    );
    let contact: i64 =
        sqlx::query_scalar("select contact_id from partner_contact where name = 'Gus'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    let res = a
        .call(
            "portal_remove_contact",
            &[("token", &acme_portal), ("contact", &contact.to_string())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(app.count("partner_contact where name = 'Gus'").await, 1);
    // Partners cannot move themselves to agreed (no such portal call), and a forged portal
    // token opens nothing.
    let res = app
        .browser()
        .call(
            "partner_portal",
            &[("token", "0000000000000000000000000000000000000000000")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = upload(
        &app.browser(),
        "/partner/00000000000000000000000000000000000000000000/logo",
        "x.png",
        &png(),
        true,
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    // Changing the Acme portal changes Acme only.
    ok(
        a.call(
            "portal_save_profile",
            &[
                ("token", &acme_portal),
                ("name", "Acme"),
                ("description", "Ours"),
            ],
        )
        .await
        .status()
        .as_u16(),
        "profile",
    );
    assert_eq!(app.count("partner where description = 'Ours'").await, 1);
    assert_eq!(
        app.count("partner where name = 'Globex' and description = ''")
            .await,
        1
    );
}

async fn hostile_svg_logos_are_refused_and_clean_ones_served_with_a_script_free_policy(
    app: TestApp,
) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    let acme = add_partner(&ada, &slug, "Acme", "").await;
    let partner = app.browser();
    let (_, portal) = portal_of(&app, &ada, &slug, &acme, "pat@acme.example", &partner).await;
    let path = format!("/partner/{portal}/logo");
    let hostile = fixtures("hostile");
    assert!(hostile.len() >= 20, "a set of hostile SVGs");
    for (name, bytes) in &hostile {
        let res = upload(&partner, &path, name, bytes, true).await;
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        assert_eq!(status, 422, "{name} was not refused: {body}");
        assert_eq!(
            app.count("partner where logo is not null").await,
            0,
            "{name} was stored"
        );
    }
    // Not an image, too big: refused next to the field (a form post lands on the portal with
    // the reason and a 422).
    let res = upload(&partner, &path, "notes.txt", b"just some text", false).await;
    assert_eq!(res.status().as_u16(), 303);
    let back = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(back.contains("logo_error="), "{back}");
    let page = partner.get(&back).await;
    assert_eq!(page.status().as_u16(), 422);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("not a PNG, JPEG, WebP or SVG"));
    let mut big = png();
    big.resize(1024 * 1024 + 1, 0);
    let res = upload(&partner, &path, "big.png", &big, true).await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.count("partner where logo is not null").await, 0);

    for (name, bytes) in fixtures("benign") {
        let res = upload(&partner, &path, &name, &bytes, true).await;
        assert_eq!(
            res.status().as_u16(),
            200,
            "{name}: {}",
            res.text().await.unwrap()
        );
        let view = json(partner.call("partner_portal", &[("token", &portal)]).await).await;
        let url = view["partner"]["logo_url"].as_str().unwrap().to_owned();
        let res = app.browser().get(&url).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "image/svg+xml");
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("sandbox"),
            "{csp}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        let served = res.text().await.unwrap().to_lowercase();
        assert!(served.contains("<svg"), "{name}");
        assert!(
            !served.contains("<script")
                && !served.contains("javascript:")
                && !served.contains(" on"),
            "{name}: {served}"
        );
    }
}

async fn the_event_page_shows_agreed_sponsors_by_tier_with_sponsored_links(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "100").await;
    tiers(&ada, &slug).await;
    let acme = add_partner(&ada, &slug, "Acme", "https://acme.example").await;
    let globex = add_partner(&ada, &slug, "Globex", "https://globex.example").await;
    let hooli = add_partner(&ada, &slug, "Hooli", "https://hooli.example").await;
    ok(
        move_to(&ada, &slug, &acme, "agreed", &tier_id(&app, "Gold").await)
            .await
            .status()
            .as_u16(),
        "acme",
    );
    ok(
        move_to(
            &ada,
            &slug,
            &globex,
            "agreed",
            &tier_id(&app, "Silver").await,
        )
        .await
        .status()
        .as_u16(),
        "globex",
    );
    ok(
        move_to(
            &ada,
            &slug,
            &hooli,
            "interested",
            &tier_id(&app, "Silver").await,
        )
        .await
        .status()
        .as_u16(),
        "hooli",
    );
    ok(
        ada.call(
            "save_partner",
            &[
                ("group", "rust-berlin"),
                ("partner", &{
                    let id: i64 =
                        sqlx::query_scalar("select partner_id from partner where name = 'Globex'")
                            .fetch_one(app.db.writer())
                            .await
                            .unwrap();
                    id.to_string()
                }),
                ("name", "Globex"),
                ("website", "https://globex.example"),
                ("description", "We own the east coast."),
            ],
        )
        .await
        .status()
        .as_u16(),
        "describe globex",
    );
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    let acme_at = page
        .find("href=\"https://acme.example\"")
        .expect("Acme on the event page");
    let globex_at = page
        .find("href=\"https://globex.example\"")
        .expect("Globex on the event page");
    assert!(acme_at < globex_at, "Gold before Silver");
    assert!(
        !page.contains("hooli.example"),
        "interested partners are not shown"
    );
    assert_eq!(page.matches("rel=\"sponsored noopener\"").count(), 2);
    assert!(page.contains("logos-large") && page.contains("logos-medium"));
    let sponsors = app.browser().get(&format!("/e/{slug}/sponsors")).await;
    assert_eq!(sponsors.status().as_u16(), 200);
    let sponsors = sponsors.text().await.unwrap();
    assert!(sponsors.contains("We own the east coast."));
    assert!(!sponsors.contains("Hooli"));
    let group = app
        .browser()
        .get("/g/rust-berlin")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        group.contains("Acme") && group.contains("Globex") && !group.contains("Hooli"),
        "the group page shows its sponsors"
    );
}

on_both_engines!(
    organizers_keep_tiers_and_move_partners_through_the_pipeline_with_totals_and_csv,
    a_partner_invitation_opens_the_portal_once_and_can_be_resent_or_revoked,
    revoking_a_portal_ends_every_way_in_and_no_link_holder_can_take_it_over,
    a_declined_or_withdrawn_sponsorship_has_no_portal,
    the_last_slot_of_a_tier_goes_to_exactly_one_of_two_partners_agreeing_at_once,
    sponsor_passes_hold_seats_in_the_event_capacity_and_show_as_sponsor_guests,
    only_organizers_change_the_pipeline_and_one_partner_cannot_edit_another,
    hostile_svg_logos_are_refused_and_clean_ones_served_with_a_script_free_policy,
    the_event_page_shows_agreed_sponsors_by_tier_with_sponsored_links,
);
