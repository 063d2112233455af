//! Safe on the public internet: no implicit admin, strict headers, private answers kept out
//! of caches, signed-in changes that say where they come from, mail links that ignore the
//! Host header.

use crate::helpers::{spawn_configured, Engine, TestApp, PASSWORD};
use crate::on_both_engines;
use reqwest::header;

/// The value after `'nonce-` in a Content-Security-Policy.
fn nonce_of(policy: &str) -> &str {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
}

async fn every_page_has_a_script_policy_without_unsafe_inline_and_its_scripts_carry_the_nonce(
    app: TestApp,
) {
    let visitor = app.browser();
    let mut nonces = Vec::new();
    for path in ["/", "/login", "/signup", "/no-such-page"] {
        let res = visitor.get(path).await;
        let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let script_src = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: no script-src in {policy}"));
        assert!(!script_src.contains("unsafe-inline"), "{path}: {policy}");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("object-src 'none'"), "{path}: {policy}");
        let nonce = nonce_of(&policy).to_owned();
        assert!(nonce.len() >= 16, "{path}: a nonce in {policy}");
        let page = res.text().await.unwrap();
        let scripts = page.matches("<script").count();
        let with_nonce = page.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(scripts > 0, "{path} has scripts");
        let data_blocks = page.matches("<script type=\"application/ld+json\"").count();
        assert_eq!(
            with_nonce + data_blocks,
            scripts,
            "{path}: every script carries the nonce"
        );
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a new nonce for every response");
}

async fn private_and_secret_link_answers_are_never_stored_by_caches(app: TestApp) {
    let visitor = app.browser();
    let public = visitor.get("/").await;
    // A public page may be kept by browsers, asked about each time (page_cache.rs).
    assert!(public
        .headers()
        .get(header::CACHE_CONTROL)
        .is_none_or(|v| v == "no-cache"));
    for path in [
        "/invitations/abc",
        "/reset-password?token=abc",
        "/setup/abc",
    ] {
        let res = visitor.get(path).await;
        assert_eq!(
            res.headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
    let ada = app.signed_up("Ada", "ada@example.org").await;
    for path in ["/", "/account", "/me/events"] {
        let res = ada.get(path).await;
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let page = ada.get("/").await.text().await.unwrap();
    let css = ada.get(&crate::helpers::stylesheet_path(&page)).await;
    assert_ne!(
        css.headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "the stylesheet stays cacheable"
    );
    assert!(
        public
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "no HSTS over plain http"
    );
}

async fn a_signed_in_change_that_names_no_origin_is_refused(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    let res = ada
        .client
        .post(ada.url("/api/create_group"))
        .header(header::ACCEPT, "application/json")
        .form(&[
            ("name", "Forged"),
            ("slug", "forged"),
            ("description", ""),
            ("website", ""),
            ("city", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.count("meetup_group").await, 0, "nothing written");
    // With a Referer of this site it passes, as a browser's form post does.
    let res = ada
        .client
        .post(ada.url("/api/sign_out"))
        .header(header::ACCEPT, "application/json")
        .header(header::REFERER, ada.url("/account"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // Without a session, no Origin is needed (scripts, mail clients' one-click unsubscribe).
    let res = app
        .browser()
        .client
        .post(app.browser().url("/api/sign_in"))
        .header(header::ACCEPT, "application/json")
        .form(&[("email", "ada@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

async fn json_ld_escapes_every_angle_bracket_of_an_event_title(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let title = "Rust <!--<script> night";
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "rust-berlin"),
                ("title", title),
                ("description", "Talks."),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", "2031-03-04T19:00"),
                ("end", "2031-03-04T21:00"),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, Berlin"),
                ("online_url", ""),
                ("capacity", "60"),
                ("rsvp_opens", ""),
                ("rsvp_closes", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let path = res.headers()["location"].to_str().unwrap().to_owned();
    let page = ada.get(&path).await.text().await.unwrap();
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("structured data")
        + "<script type=\"application/ld+json\">".len();
    let block = &page[start..start + page[start..].find("</script>").unwrap()];
    assert!(!block.contains('<'), "{block}");
    let data: serde_json::Value = serde_json::from_str(block).unwrap();
    assert_eq!(data["name"], title);
    assert!(
        page.contains("Rust &lt;!--&lt;script&gt; night"),
        "the title shows as text"
    );
}

async fn links_in_mails_never_follow_the_request_host(app: TestApp) {
    app.signed_up("Ann", "ann@example.org").await;
    let res = app
        .browser()
        .client
        .post(app.browser().url("/api/request_password_reset"))
        .header(header::ACCEPT, "application/json")
        .header(header::HOST, "evil.example")
        .header(header::ORIGIN, "http://evil.example")
        .form(&[("email", "ann@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body = app.mail_text("password_reset", "ann@example.org").await;
    assert!(!body.contains("evil.example"), "{body}");
    assert!(
        body.contains(&format!("{}/reset-password?token=", app.address)),
        "{body}"
    );
}

async fn an_https_instance_sends_hsts_and_a_host_prefixed_secure_cookie(engine: Engine) {
    let app = spawn_configured(engine, |config| {
        config.secure_cookies = true;
        config.allowed_origins = vec!["https://events.example.org".to_owned()];
    })
    .await;
    let leftovers = app.leftovers();
    let res = app
        .browser()
        .client
        .post(app.browser().url("/api/sign_up"))
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, "https://events.example.org")
        .form(&[
            ("display_name", "Ann"),
            ("email", "ann@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-hallway_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let token = cookie
        .trim_start_matches("__Host-hallway_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let page = app.browser().get("/").await;
    assert_eq!(
        page.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    // The prefixed cookie is the session; the plain name is not read on an https instance.
    let who = |name: &'static str| {
        let url = app.browser().url("/api/current_user");
        let token = token.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .header(header::ACCEPT, "application/json")
                .header(header::ORIGIN, "https://events.example.org")
                .header(header::COOKIE, format!("{name}={token}"))
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(who("__Host-hallway_session").await["display_name"], "Ann");
    assert!(who("hallway_session").await.is_null());
    app.stop().await;
    crate::helpers::cleanup(leftovers).await;
}

on_both_engines!(
    every_page_has_a_script_policy_without_unsafe_inline_and_its_scripts_carry_the_nonce,
    private_and_secret_link_answers_are_never_stored_by_caches,
    a_signed_in_change_that_names_no_origin_is_refused,
    json_ld_escapes_every_angle_bracket_of_an_event_title,
    links_in_mails_never_follow_the_request_host,
    forwarded_addresses_from_an_untrusted_peer_are_ignored,
    parallel_failing_sign_ins_cannot_slip_past_the_limit_together,
    an_address_grants_nothing_until_it_is_confirmed,
    invitation_only_sign_up_needs_the_invitations_token,
    a_guest_rsvp_neither_opens_an_account_nor_lets_a_squatter_keep_one,
    invitations_and_announcements_stop_at_the_daily_limits_admins_set,
    an_unconfirmed_accounts_seat_goes_to_the_next_in_line_after_a_day,
    a_sent_mails_stored_copy_opens_nothing,
);

/// A Hallway behind a trusted reverse proxy on 127.0.0.1, so tests can speak as several
/// clients through `X-Forwarded-For`.
async fn behind_proxy(engine: Engine) -> TestApp {
    spawn_configured(engine, |config| {
        config.trusted_proxies = server::config::parse_trusted_proxies("127.0.0.1").unwrap();
    })
    .await
}

/// Signs in to `email` as the client at `from` (forwarded by the proxy); the status.
async fn sign_in_from(app: &TestApp, from: &str, email: &str, password: &str) -> u16 {
    let browser = app.browser();
    browser
        .client
        .post(browser.url("/api/sign_in"))
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", from)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn a_strangers_failures_never_keep_the_owner_out_from_another_address(engine: Engine) {
    let app = behind_proxy(engine).await;
    let leftovers = app.leftovers();
    app.signed_up("Ada", "ada@example.org").await;
    for _ in 0..5 {
        assert_eq!(
            sign_in_from(&app, "203.0.113.9", "ada@example.org", "guess guess").await,
            422
        );
    }
    assert_eq!(
        sign_in_from(&app, "203.0.113.9", "ada@example.org", PASSWORD).await,
        429,
        "the stranger's address waits, even with the right password"
    );
    assert_eq!(
        sign_in_from(&app, "198.51.100.20", "ada@example.org", PASSWORD).await,
        200,
        "the owner, elsewhere, signs in"
    );
    // Twenty failures from one address refuse it for every account; others sign in.
    for i in 0..20 {
        sign_in_from(&app, "192.0.2.66", &format!("u{i}@example.org"), "guess").await;
    }
    assert_eq!(
        sign_in_from(&app, "192.0.2.66", "ada@example.org", PASSWORD).await,
        429
    );
    assert_eq!(
        sign_in_from(&app, "192.0.2.67", "ada@example.org", PASSWORD).await,
        200
    );
    app.stop().await;
    crate::helpers::cleanup(leftovers).await;
}

async fn forwarded_addresses_from_an_untrusted_peer_are_ignored(app: TestApp) {
    app.signed_up("Ada", "ada@example.org").await;
    // Each try claims another address, but no proxy is trusted: all count for the peer.
    for i in 0..5 {
        let from = format!("203.0.113.{i}");
        assert_eq!(
            sign_in_from(&app, &from, "ada@example.org", "guess guess").await,
            422
        );
    }
    assert_eq!(
        sign_in_from(&app, "203.0.113.99", "ada@example.org", PASSWORD).await,
        429
    );
}

async fn parallel_failing_sign_ins_cannot_slip_past_the_limit_together(app: TestApp) {
    app.signed_up("Ada", "ada@example.org").await;
    let tries = (0..12).map(|_| {
        let app_address = app.address.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{app_address}/api/sign_in"))
                .header(header::ACCEPT, "application/json")
                .form(&[("email", "ada@example.org"), ("password", "guess guess")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let statuses: Vec<u16> = futures_join_all(tries).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 12, "{statuses:?}");
    assert!(
        checked <= 5,
        "at most five passwords were tried: {statuses:?}"
    );
}

/// Runs the futures at once on the test runtime and collects their outputs in order.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

async fn sign_ups_and_reset_requests_are_limited_per_client_address(engine: Engine) {
    let app = behind_proxy(engine).await;
    let leftovers = app.leftovers();
    let sign_up_from = |from: &'static str, i: usize| {
        let browser = app.browser();
        async move {
            browser
                .client
                .post(browser.url("/api/sign_up"))
                .header(header::ACCEPT, "application/json")
                .header("x-forwarded-for", from)
                .form(&[
                    ("display_name", "Someone"),
                    ("email", format!("p{i}@example.org").as_str()),
                    ("password", PASSWORD),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let max = app::accounts::service::MAX_SIGN_UPS_PER_ADDRESS as usize;
    for i in 0..max {
        assert_eq!(sign_up_from("203.0.113.5", i).await, 200, "sign-up {i}");
    }
    assert_eq!(sign_up_from("203.0.113.5", max).await, 429);
    assert_eq!(
        app.count("account where email = 'p20@example.org'").await,
        0,
        "nothing written"
    );
    assert_eq!(
        sign_up_from("203.0.113.6", max + 1).await,
        200,
        "another address"
    );
    let reset_from = |from: &'static str| {
        let browser = app.browser();
        async move {
            browser
                .client
                .post(browser.url("/api/request_password_reset"))
                .header(header::ACCEPT, "application/json")
                .header("x-forwarded-for", from)
                .form(&[("email", "nobody@example.org")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..app::accounts::service::MAX_RESET_REQUESTS_PER_ADDRESS {
        assert_eq!(reset_from("198.51.100.1").await, 200);
    }
    assert_eq!(reset_from("198.51.100.1").await, 429);
    assert_eq!(reset_from("198.51.100.2").await, 200);
    app.stop().await;
    crate::helpers::cleanup(leftovers).await;
}

/// Tests that start their own Hallway with a configuration of their own, on both engines.
macro_rules! configured_on_both_engines {
    ($($test:ident),* $(,)?) => {
        mod configured {
            $(
                mod $test {
                    #[test]
                    fn on_sqlite() {
                        crate::helpers::runtime()
                            .block_on(super::super::$test(crate::helpers::Engine::Sqlite));
                    }

                    #[test]
                    fn on_postgres() {
                        crate::helpers::runtime()
                            .block_on(super::super::$test(crate::helpers::Engine::Postgres));
                    }
                }
            )*
        }
    };
}

configured_on_both_engines!(
    an_https_instance_sends_hsts_and_a_host_prefixed_secure_cookie,
    a_strangers_failures_never_keep_the_owner_out_from_another_address,
    sign_ups_and_reset_requests_are_limited_per_client_address,
);

async fn an_address_grants_nothing_until_it_is_confirmed(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let slug = crate::rsvps::published(&ada, "10").await;
    // Mallory signs up with Rita's address before Rita does.
    let mallory = app.signed_up("Rita?", "rita@example.org").await;
    let res = ada
        .call(
            "add_reviewer",
            &[("event", &slug), ("email", "rita@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("not confirmed"));
    // Even named in the table directly, an unconfirmed account reviews nothing.
    let (event_id, account_id): (i64, i64) = sqlx::query_as(
        "select e.event_id, a.account_id from event e, account a
         where e.slug = $1 and a.email = 'rita@example.org'",
    )
    .bind(&slug)
    .fetch_one(app.db.writer())
    .await
    .unwrap();
    sqlx::query("insert into event_reviewer (event_id, account_id, added_at) values ($1, $2, 0)")
        .bind(event_id)
        .bind(account_id)
        .execute(app.db.writer())
        .await
        .unwrap();
    assert_eq!(
        mallory
            .call("review_queue", &[("event", &slug)])
            .await
            .status()
            .as_u16(),
        403
    );
}

/// `admin` makes the instance open by invitation only.
async fn invitation_only(admin: &crate::helpers::Browser) {
    let res = admin
        .call(
            "save_instance_settings",
            &[
                ("name", "Hallway"),
                ("sign_up", "invited"),
                ("group_creation", "anyone"),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
}

async fn invitation_only_sign_up_needs_the_invitations_token(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    app::instance::service::create_admin(&app.db, "ada@example.org", "Ada")
        .await
        .unwrap();
    invitation_only(&ada).await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let res = ada
        .call(
            "invite_organizer",
            &[("group", "rust-berlin"), ("email", "cy@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let sign_up = |invitation: &str| {
        let browser = app.browser();
        let invitation = invitation.to_owned();
        async move {
            browser
                .call(
                    "sign_up",
                    &[
                        ("display_name", "Cy"),
                        ("email", "cy@example.org"),
                        ("password", PASSWORD),
                        ("invitation", &invitation),
                    ],
                )
                .await
                .status()
                .as_u16()
        }
    };
    // The invited address alone is not enough: anyone could type it.
    assert_eq!(sign_up("").await, 403);
    assert_eq!(sign_up("0123456789abcdef").await, 403);
    assert_eq!(app.count("account where email = 'cy@example.org'").await, 0);
    let token = app
        .mailed_token("organizer_invite", "cy@example.org", "/invitations/")
        .await;
    // The sign-up link on the invitation page carries the token.
    let page = app
        .browser()
        .get(&format!("/invitations/{token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("invitation={token}")), "{page}");
    assert_eq!(sign_up(&token).await, 200);
    let confirmed: Option<i64> =
        sqlx::query_scalar("select email_confirmed_at from account where email = 'cy@example.org'")
            .fetch_one(app.db.writer())
            .await
            .unwrap();
    assert!(
        confirmed.is_some(),
        "the invitation's token proved the address"
    );
}

async fn a_guest_rsvp_neither_opens_an_account_nor_lets_a_squatter_keep_one(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    app::instance::service::create_admin(&app.db, "ada@example.org", "Ada")
        .await
        .unwrap();
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let slug = crate::rsvps::published(&ada, "10").await;
    // Mallory signs up with Gus's address; Gus then RSVPs as a guest and proves it.
    let mallory = app.signed_up("Gus?", "gus@example.org").await;
    let rsvp_as_guest = |email: &'static str| {
        let browser = app.browser();
        let slug = slug.clone();
        async move {
            browser
                .call(
                    "rsvp_as_guest",
                    &[
                        ("event", slug.as_str()),
                        ("display_name", "Gus"),
                        ("email", email),
                        ("plus_ones", "0"),
                    ],
                )
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(rsvp_as_guest("gus@example.org").await, 200);
    let token = app
        .mailed_token(
            "guest_rsvp_confirm",
            "gus@example.org",
            "/confirm-rsvp?token=",
        )
        .await;
    let res = app
        .browser()
        .call("confirm_guest_rsvp", &[("token", &token)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(mallory.who().await, None, "the squatter's session ended");
    assert_eq!(
        app.browser()
            .sign_in("gus@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        422,
        "and their password no longer works"
    );
    // On an instance open by invitation only, a guest's account gets no password by mail.
    invitation_only(&ada).await;
    assert_eq!(rsvp_as_guest("hal@example.org").await, 200);
    let token = app
        .mailed_token(
            "guest_rsvp_confirm",
            "hal@example.org",
            "/confirm-rsvp?token=",
        )
        .await;
    app.browser()
        .call("confirm_guest_rsvp", &[("token", &token)])
        .await;
    let res = app
        .browser()
        .call("request_password_reset", &[("email", "hal@example.org")])
        .await;
    assert_eq!(res.status().as_u16(), 200, "the same answer as ever");
    assert_eq!(
        app.count("outbox where kind = 'password_reset' and to_address = 'hal@example.org'")
            .await,
        0,
        "no link that would turn the guest into an account"
    );
}

async fn invitations_and_announcements_stop_at_the_daily_limits_admins_set(app: TestApp) {
    let ada = crate::rsvps::organizer(&app).await;
    app::instance::service::create_admin(&app.db, "ada@example.org", "Ada")
        .await
        .unwrap();
    let settings = |invitations: &'static str| {
        let ada = ada.clone();
        async move {
            ada.call(
                "save_instance_settings",
                &[
                    ("name", "Hallway"),
                    ("sign_up", "open"),
                    ("group_creation", "anyone"),
                    ("invitations_per_account", invitations),
                    ("invitations_per_event", "100"),
                    ("announcements_per_account", "1"),
                ],
            )
            .await
        }
    };
    let res = settings("0").await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("invitations_per_account"));
    assert!(settings("2").await.status().is_success());
    let page = ada.get("/admin").await.text().await.unwrap();
    assert!(page.contains("Invitations per person"), "{page}");
    let invite = |email: &'static str| {
        let ada = ada.clone();
        async move {
            ada.call(
                "invite_organizer",
                &[("group", "rust-berlin"), ("email", email)],
            )
            .await
        }
    };
    assert_eq!(invite("bo@example.org").await.status().as_u16(), 200);
    assert_eq!(invite("cy@example.org").await.status().as_u16(), 200);
    let refused = invite("di@example.org").await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(refused.text().await.unwrap().contains("daily limit"));
    assert_eq!(
        app.count("outbox where kind = 'organizer_invite'").await,
        2,
        "no third mail"
    );
    // One announcement a day for Ada, over all her events.
    let first = crate::rsvps::published(&ada, "10").await;
    let second = crate::rsvps::published(&ada, "10").await;
    let announce = |slug: String| {
        let ada = ada.clone();
        async move {
            ada.call(
                "send_announcement",
                &[
                    ("event", slug.as_str()),
                    ("subject", "Doors at 7"),
                    ("body", "See you there."),
                    ("going", "on"),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(announce(first).await, 200);
    assert_eq!(announce(second).await, 429);
}

async fn an_unconfirmed_accounts_seat_goes_to_the_next_in_line_after_a_day(app: TestApp) {
    use crate::rsvps::{going, organizer, published, rsvp_of};
    use app::rsvp::holds::{release_now, UNCONFIRMED_HOLD_SECS};
    let ada = organizer(&app).await;
    let slug = published(&ada, "1").await;
    let mallory = app.signed_up("Mallory", "mallory@example.org").await;
    let bea = app.confirmed("Bea", "bea@example.org").await;
    assert_eq!(going(&mallory, &slug, "0").await.status().as_u16(), 200);
    assert_eq!(going(&bea, &slug, "0").await.status().as_u16(), 200);
    assert_eq!(
        rsvp_of(&app, "mallory@example.org").await.unwrap().0,
        "going"
    );
    assert_eq!(
        rsvp_of(&app, "bea@example.org").await.unwrap().0,
        "waitlisted"
    );
    let page = mallory
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Confirm your email address to keep this"),
        "{page}"
    );
    // Within the day nothing moves; a day after the account was made the seat is released.
    let now = app::db::now();
    assert_eq!(release_now(&app.db, now, &app.address).await.unwrap(), 0);
    let later = now + UNCONFIRMED_HOLD_SECS + 60;
    assert_eq!(release_now(&app.db, later, &app.address).await.unwrap(), 1);
    assert_eq!(
        rsvp_of(&app, "mallory@example.org").await.unwrap().0,
        "not_going"
    );
    assert_eq!(
        rsvp_of(&app, "bea@example.org").await.unwrap().0,
        "going",
        "let in"
    );
    assert_eq!(
        release_now(&app.db, later, &app.address).await.unwrap(),
        0,
        "Bea keeps hers"
    );
    // Past the day, an unconfirmed account cannot take a seat again until it confirms.
    sqlx::query(
        "update account set created_at = created_at - $1 where email = 'mallory@example.org'",
    )
    .bind(UNCONFIRMED_HOLD_SECS + 60)
    .execute(app.db.writer())
    .await
    .unwrap();
    let res = going(&mallory, &slug, "0").await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("confirm your email address"));
    app.confirm_address("mallory@example.org").await;
    assert_eq!(going(&mallory, &slug, "0").await.status().as_u16(), 200);
    assert_eq!(
        rsvp_of(&app, "mallory@example.org").await.unwrap().0,
        "waitlisted"
    );
}

async fn a_sent_mails_stored_copy_opens_nothing(app: TestApp) {
    app.signed_up("Ann", "ann@example.org").await;
    let res = app
        .browser()
        .call("request_password_reset", &[("email", "ann@example.org")])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // The mail as delivered (the .eml file) has the working link...
    let token = app
        .mailed_token(
            "password_reset",
            "ann@example.org",
            "/reset-password?token=",
        )
        .await;
    assert_eq!(token.len(), 64);
    // ... the copy the database keeps once it was sent does not.
    let mut stored = String::new();
    for _ in 0..100 {
        let (status, body): (String, String) = sqlx::query_as(
            "select status, body_text || body_html from outbox where kind = 'password_reset'",
        )
        .fetch_one(app.db.writer())
        .await
        .unwrap();
        if status == "sent" {
            stored = body;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        stored.contains("reset-password?token=[removed once sent]"),
        "{stored}"
    );
    assert!(!stored.contains(&token));
    // Old sent mails go after the retention period.
    let pruned = app::mail::queries::prune_sent(app.db.writer(), app::db::now() + 1)
        .await
        .unwrap();
    assert!(pruned >= 1);
    assert_eq!(app.count("outbox where kind = 'password_reset'").await, 0);
}
