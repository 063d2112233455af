//! Running Hallway for real: the backup command's copy, and two instances sharing one
//! PostgreSQL database behaving as one (started together, sessions, sign-in limits, RSVP
//! seats and mail shared, requests alternating between them as behind a load balancer), request
//! ids and metrics.

use crate::helpers::{
    cleanup, fresh_database, spawn_app, start, Browser, Engine, MailOptions, TestApp,
    METRICS_TOKEN, PASSWORD,
};
use crate::rsvps::{going, organizer, published};
use server::{
    cli,
    config::{Config, MailConfig},
};
use std::{collections::HashSet, time::Duration};

fn config_for(app: &TestApp) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: app.database_url().to_owned(),
        site_root: "../target/site".to_owned(),
        secure_cookies: false,
        allowed_origins: Vec::new(),
        metrics_token: Some(METRICS_TOKEN.to_owned()),
        trusted_proxies: Vec::new(),
        mail: MailConfig::default(),
    }
}

/// SQLite has one writer at a time: a write that reaches for the lock outside the writer's
/// queue sleeps in SQLite's busy handler and makes every queued write wait behind it (the
/// mail worker marking mails sent did, and halved the RSVPs per second). The reading pool
/// refuses writes, so such a write fails in every test that reaches it.
#[test]
fn on_sqlite_the_reading_pool_refuses_writes_and_the_writer_takes_them() {
    crate::helpers::runtime().block_on(async {
        let app = spawn_app(Engine::Sqlite).await;
        let leftovers = app.leftovers();
        let refused = sqlx::query("update instance_setting set value = value where 1 = 0")
            .execute(app.db.pool())
            .await
            .expect_err("a write on the reading pool");
        assert!(
            refused.to_string().contains("readonly"),
            "unexpected error: {refused}"
        );
        let count: i64 = sqlx::query_scalar("select count(*) from account")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(count, 0, "reads still work on the reading pool");
        let done = sqlx::query("delete from account where account_id = -1")
            .execute(app.db.writer())
            .await
            .unwrap();
        assert_eq!(done.rows_affected(), 0);
        app.stop().await;
        cleanup(leftovers).await;
    });
}

#[test]
fn a_backup_of_the_sqlite_database_is_a_copy_that_opens_with_the_data() {
    crate::helpers::runtime().block_on(async {
        let app = spawn_app(Engine::Sqlite).await;
        let leftovers = app.leftovers();
        let ada = organizer(&app).await;
        let slug = published(&ada, "10").await;
        let dir = std::env::temp_dir()
            .join("hallway-tests")
            .join(format!("backup-{slug}"));
        let _ = std::fs::remove_dir_all(&dir);
        let copy = dir.join("copy.db");
        // Taken while the app serves (and while a write is on its way).
        let kim = app.signed_up("Kim", "kim@example.org").await;
        let config = config_for(&app);
        let (report, _) = tokio::join!(cli::backup(&config, &copy), going(&kim, &slug, "0"));
        let report = report.unwrap();
        assert!(report.starts_with("Copied the database to"), "{report}");
        let again = cli::backup(&config_for(&app), &copy).await;
        assert!(
            matches!(&again, Err(e) if e.contains("exists already")),
            "{again:?}"
        );
        // The copy is a database of its own holding the data.
        let restored = app::db::Db::connect(&format!("sqlite://{}", copy.display()))
            .await
            .unwrap();
        let title: String = sqlx::query_scalar("select title from event where slug = $1")
            .bind(&slug)
            .fetch_one(restored.pool())
            .await
            .unwrap();
        assert_eq!(title, "Rust Meetup");
        let people: i64 = sqlx::query_scalar("select count(*) from account")
            .fetch_one(restored.pool())
            .await
            .unwrap();
        assert!(people >= 2, "{people} accounts in the copy");
        restored.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        app.stop().await;
        cleanup(leftovers).await;
    });
}

#[test]
fn on_postgresql_backup_and_check_config_speak_of_the_right_tools_without_passwords() {
    crate::helpers::runtime().block_on(async {
        let app = spawn_app(Engine::Postgres).await;
        let leftovers = app.leftovers();
        let mut config = config_for(&app);
        let advice = cli::backup(&config, std::path::Path::new("hallway.dump"))
            .await
            .unwrap();
        assert!(
            advice.contains("pg_dump --format=custom --file=hallway.dump"),
            "{advice}"
        );
        assert!(!std::path::Path::new("hallway.dump").exists());
        let report = cli::check_config(&config).await.unwrap();
        assert!(report.contains("database: PostgreSQL"), "{report}");
        assert_eq!(
            cli::migrate(&config).await.unwrap(),
            "The PostgreSQL database is up to date."
        );
        config.database_url = "postgres://hallway:s3cret@127.0.0.1:1/nowhere".to_owned();
        let refused = cli::check_config(&config).await.unwrap_err();
        assert!(refused.starts_with("cannot open the database"), "{refused}");
        assert!(!refused.contains("s3cret"), "{refused}");
        app.stop().await;
        cleanup(leftovers).await;
    });
}

/// `browser`'s cookies sent to `app` instead: the same person, through the other instance.
fn through(browser: &Browser, app: &TestApp) -> Browser {
    Browser {
        client: browser.client.clone(),
        address: app.address.clone(),
    }
}

#[test]
fn two_instances_on_one_postgresql_database_behave_as_one() {
    crate::helpers::runtime().block_on(async {
        // Both start at once on a new database: the migrations run once, under a lock.
        let url = fresh_database(Engine::Postgres).await;
        let (a, b) = tokio::join!(
            start(url.clone(), MailOptions::default()),
            start(url.clone(), MailOptions::default())
        );
        let leftovers = a.leftovers();
        let migrations: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
            .fetch_one(a.db.writer())
            .await
            .unwrap();
        let files = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../migrations/postgres"
        ))
        .unwrap()
        .count() as i64;
        assert_eq!(migrations, files, "each migration applied once");

        // Signed in through A, the session works through B; signing out through B ends it on A.
        let ada = organizer(&a).await;
        assert_eq!(through(&ada, &b).who().await.as_deref(), Some("Ada"));
        let slug = published(&through(&ada, &b), "5").await;
        let page = a
            .browser()
            .get(&format!("/e/{slug}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Rust Meetup"), "made through B, shown by A");

        // Failed sign-ins count on both: the limit holds whichever instance is asked.
        let mallory = a.browser();
        for i in 0..5 {
            let via = if i % 2 == 0 {
                mallory.clone()
            } else {
                through(&mallory, &b)
            };
            let res = via.sign_in("ada@example.org", "wrong password").await;
            assert_eq!(res.status().as_u16(), 422, "attempt {i}");
        }
        for app in [&a, &b] {
            let res = through(&mallory, app)
                .sign_in("ada@example.org", PASSWORD)
                .await;
            assert_eq!(
                res.status().as_u16(),
                429,
                "the sixth try at {}",
                app.address
            );
        }

        // Twelve people answer at once, alternating instances: five seats, seven in line.
        let people = a.crowd("guest", 12).await;
        let mut answers = tokio::task::JoinSet::new();
        for (i, person) in people.into_iter().enumerate() {
            let via = if i % 2 == 0 {
                person
            } else {
                through(&person, &b)
            };
            let slug = slug.clone();
            answers.spawn(async move { going(&via, &slug, "0").await.status().as_u16() });
        }
        while let Some(status) = answers.join_next().await {
            let status = status.unwrap();
            assert!((200..400).contains(&status), "{status}");
        }
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "select r.status, count(*) from rsvp r join event e on e.event_id = r.event_id
             where e.slug = $1 group by r.status order by r.status",
        )
        .bind(&slug)
        .fetch_all(a.db.writer())
        .await
        .unwrap();
        assert_eq!(
            counts,
            vec![("going".to_owned(), 5), ("waitlisted".to_owned(), 7)]
        );

        // Every mail leaves once, from one instance or the other.
        let mut sent = Vec::new();
        for _ in 0..200 {
            let waiting: i64 =
                sqlx::query_scalar("select count(*) from outbox where status <> 'sent'")
                    .fetch_one(a.db.writer())
                    .await
                    .unwrap();
            if waiting == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for app in [&a, &b] {
            if let Ok(dir) = std::fs::read_dir(&app.outbox_dir) {
                sent.extend(dir.map(|f| f.unwrap().file_name().to_string_lossy().into_owned()));
            }
        }
        let rows: i64 = sqlx::query_scalar("select count(*) from outbox")
            .fetch_one(a.db.writer())
            .await
            .unwrap();
        assert!(rows >= 12, "{rows} mails");
        assert_eq!(sent.len() as i64, rows, "one file per mail: {sent:?}");
        assert_eq!(sent.iter().collect::<HashSet<_>>().len(), sent.len());

        b.stop().await;
        a.stop().await;
        cleanup(leftovers).await;
    });
}

#[test]
fn every_answer_carries_a_request_id_and_metrics_count_requests_behind_a_token() {
    crate::helpers::runtime().block_on(async {
        let app = spawn_app(Engine::Sqlite).await;
        let leftovers = app.leftovers();
        let visitor = app.browser();
        let res = visitor.get("/").await;
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        let other = visitor.get("/").await.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_ne!(id, other, "one id per request");
        // A proxy's id is kept; a strange one is replaced.
        let res = visitor
            .client
            .get(visitor.url("/healthz"))
            .header("x-request-id", "edge-42.a_b")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["x-request-id"], "edge-42.a_b");
        let res = visitor
            .client
            .get(visitor.url("/healthz"))
            .header("x-request-id", "<script>")
            .send()
            .await
            .unwrap();
        assert_ne!(res.headers()["x-request-id"], "<script>");
        let ada = organizer(&app).await;
        let slug = published(&ada, "10").await;
        assert_eq!(
            visitor.get(&format!("/e/{slug}")).await.status().as_u16(),
            200
        );
        assert_eq!(visitor.get("/no/such/page").await.status().as_u16(), 404);

        assert_eq!(visitor.get("/metrics").await.status().as_u16(), 401);
        let res = visitor
            .client
            .get(visitor.url("/metrics"))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 401);
        let res = visitor
            .client
            .get(visitor.url("/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let text = res.text().await.unwrap();
        for line in [
            "http_requests_total{route=\"/e/{slug}\",method=\"GET\",status=\"200\"}",
            "http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}",
            "http_request_duration_seconds_bucket{route=\"/e/{slug}\",le=\"+Inf\"}",
            "hallway_outbox_mails{status=\"queued\"}",
            "hallway_db_connections{state=\"idle\"}",
        ] {
            assert!(text.contains(line), "{line} in:\n{text}");
        }
        // Counted by route, not by address: no event's slug becomes a label.
        assert!(!text.contains(&slug));
        app.stop().await;
        cleanup(leftovers).await;

        // Without a token, there are no metrics to find.
        let url = fresh_database(Engine::Sqlite).await;
        let mut config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url: url.clone(),
            site_root: "../target/site".to_owned(),
            secure_cookies: false,
            allowed_origins: Vec::new(),
            metrics_token: None,
            trusted_proxies: Vec::new(),
            mail: MailConfig::default(),
        };
        config.mail.outbox_dir = std::env::temp_dir()
            .join("hallway-tests")
            .join("outbox-metrics-off");
        let application = server::startup::Application::build(config).await.unwrap();
        let address = format!("http://{}", application.local_addr().unwrap());
        let db = application.state().db.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(application.run_until(async move {
            let _ = stopped.await;
        }));
        let res = reqwest::get(format!("{address}/metrics")).await.unwrap();
        assert_eq!(res.status().as_u16(), 404);
        let _ = stop.send(());
        let _ = task.await;
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ =
                std::fs::remove_file(format!("{}{suffix}", url.trim_start_matches("sqlite://")));
        }
    });
}

async fn no_account_is_admin_by_being_first_and_the_setup_link_makes_one_admin_once(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    assert_eq!(
        ada.call("instance_settings", &[]).await.status().as_u16(),
        403,
        "the first sign-up is not an admin"
    );
    assert_eq!(ada.get("/admin").await.status().as_u16(), 403);
    let token = app::instance::service::setup_token_if_no_admin(&app.db)
        .await
        .unwrap()
        .expect("a setup link while there is no admin");
    // Not signed in: the link sends to sign-in and back.
    let res = app.browser().get(&format!("/setup/{token}")).await;
    assert_eq!(res.status().as_u16(), 302);
    let login = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(login, format!("/login?next=/setup/{token}"));
    let page = ada.get(&format!("/setup/{token}")).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Make me the admin"));
    assert_eq!(
        ada.call("claim_admin", &[("token", "not-the-token")])
            .await
            .status()
            .as_u16(),
        422
    );
    let res = ada.call("claim_admin", &[("token", &token)]).await;
    assert_eq!(res.status().as_u16(), 200);
    let view: serde_json::Value = ada
        .call("instance_settings", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["admins"], serde_json::json!(["ada@example.org"]));
    // Used once: nobody else becomes admin through it, and no new link is made.
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let res = bea.call("claim_admin", &[("token", &token)]).await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        bea.get(&format!("/setup/{token}")).await.status().as_u16(),
        410
    );
    assert_eq!(
        bea.call("instance_settings", &[]).await.status().as_u16(),
        403
    );
    assert!(app::instance::service::setup_token_if_no_admin(&app.db)
        .await
        .unwrap()
        .is_none());
}

async fn only_admins_change_the_instance_settings(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    make_admin(&app, "ada@example.org").await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let view: serde_json::Value = ada
        .call("instance_settings", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["admins"], serde_json::json!(["ada@example.org"]));
    assert_eq!(view["sign_up"], "Open");
    assert_eq!(
        bea.call("instance_settings", &[]).await.status().as_u16(),
        403
    );
    assert_eq!(
        app.browser()
            .call("instance_settings", &[])
            .await
            .status()
            .as_u16(),
        401
    );
    let change = [
        ("name", "Rust Berlin Events"),
        ("sign_up", "invited"),
        ("group_creation", "admins"),
    ];
    assert_eq!(
        bea.call("save_instance_settings", &change)
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.count("instance_setting").await,
        0,
        "nothing written by a non-admin"
    );
    // Bad input: a message per field, nothing written.
    let res = ada
        .call(
            "save_instance_settings",
            &[
                ("name", ""),
                ("sign_up", "everyone"),
                ("group_creation", "admins"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.count("instance_setting").await, 0);
    let res = ada.call("save_instance_settings", &change).await;
    assert!((200..400).contains(&res.status().as_u16()));
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(
        home.contains("Rust Berlin Events"),
        "the name is on the home page"
    );
    let page = ada.get("/admin").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Only people invited to organize, speak or sponsor"));

    // By invitation only: a stranger cannot sign up; an invited address can.
    let res = app
        .browser()
        .sign_up("Cy", "cy@example.org", PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.unwrap().contains("by invitation only"));
    assert_eq!(app.count("account where email = 'cy@example.org'").await, 0);
    // Only admins create groups: Bea cannot, Ada can.
    let group = [
        ("name", "Bea's group"),
        ("slug", "bea-group"),
        ("description", "Ours."),
        ("website", ""),
        ("city", "Berlin"),
    ];
    assert_eq!(
        bea.call("create_group", &group).await.status().as_u16(),
        403
    );
    assert_eq!(app.count("meetup_group").await, 0);
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let res = ada
        .call(
            "invite_organizer",
            &[("group", "rust-berlin"), ("email", "cy@example.org")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let cy = app.browser();
    let res = cy.sign_up("Cy", "cy@example.org", PASSWORD).await;
    assert_eq!(
        res.status().as_u16(),
        403,
        "the invited address alone is not enough (security.rs)"
    );
    let token = app
        .mailed_token("organizer_invite", "cy@example.org", "/invitations/")
        .await;
    let res = cy
        .call(
            "sign_up",
            &[
                ("display_name", "Cy"),
                ("email", "cy@example.org"),
                ("password", PASSWORD),
                ("invitation", &token),
            ],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        200,
        "an invited person signs up from the link"
    );
}

/// Makes `email` an instance admin the way an operator does (`hallway create-admin`).
async fn make_admin(app: &TestApp, email: &str) {
    app::instance::service::create_admin(&app.db, email, "unused")
        .await
        .unwrap();
}

async fn create_admin_makes_an_account_an_admin_or_creates_one_with_a_password_shown_once(
    app: TestApp,
) {
    let config = config_for(&app);
    app.signed_up("Ada", "ada@example.org").await;
    make_admin(&app, "ada@example.org").await;
    let bea = app.signed_up("Bea", "bea@example.org").await;
    assert_eq!(
        bea.call("instance_settings", &[]).await.status().as_u16(),
        403
    );
    let report = cli::create_admin(&config, "bea@example.org", "ignored")
        .await
        .unwrap();
    assert_eq!(report, "bea@example.org is an admin now.");
    assert_eq!(
        bea.call("instance_settings", &[]).await.status().as_u16(),
        200
    );
    let report = cli::create_admin(&config, "root@example.org", "Root")
        .await
        .unwrap();
    let password = report
        .lines()
        .find_map(|l| l.strip_prefix("Its password (shown once): "))
        .unwrap()
        .to_owned();
    assert!(password.len() >= 20, "{password}");
    let root = app.browser();
    assert_eq!(
        root.sign_in("root@example.org", &password)
            .await
            .status()
            .as_u16(),
        200
    );
    let view: serde_json::Value = root
        .call("instance_settings", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["admins"].as_array().unwrap().len(), 3);
    let refused = cli::create_admin(&config, "not an address", "X")
        .await
        .unwrap_err();
    assert!(refused.contains("could not make"), "{refused}");
}

async fn the_demo_seeds_once_and_its_pages_render(app: TestApp) {
    let config = config_for(&app);
    let report = cli::seed_demo(&config).await.unwrap();
    assert!(report.starts_with("The demo is ready."), "{report}");
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(db.writer())
                .await
                .unwrap()
        }
    };
    let before = [
        count("select count(*) from meetup_group").await,
        count("select count(*) from event where status = 'published'").await,
        count("select count(*) from talk").await,
        count("select count(*) from rsvp").await,
        count("select count(*) from sponsorship").await,
    ];
    assert_eq!(before[0], 2, "two groups");
    assert_eq!(before[1], 4, "a three-meetup series and the conference");
    assert_eq!(before[2], 5, "five proposals");
    assert_eq!(
        count("select count(*) from rsvp where status = 'waitlisted'").await,
        4
    );
    assert_eq!(
        count("select count(*) from talk where state = 'confirmed'").await,
        4
    );
    assert_eq!(count("select count(*) from review").await, 4);
    assert_eq!(count("select count(*) from schedule_version").await, 1);
    assert_eq!(
        count("select count(*) from sponsorship where stage in ('agreed', 'invoiced', 'paid')")
            .await,
        3
    );
    assert_eq!(
        count("select count(*) from partner where logo is not null").await,
        4
    );
    assert_eq!(
        count("select count(*) from outbox where to_address like '%@demo.hallway.example'").await,
        0,
        "no mail to made-up people"
    );

    let again = cli::seed_demo(&config).await.unwrap();
    assert!(again.starts_with("The demo is there already"), "{again}");
    let after = [
        count("select count(*) from meetup_group").await,
        count("select count(*) from event where status = 'published'").await,
        count("select count(*) from talk").await,
        count("select count(*) from rsvp").await,
        count("select count(*) from sponsorship").await,
    ];
    assert_eq!(before, after, "a second run changes nothing");

    let link = |label: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|rest| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap()
    };
    let meetup = link("meetup: ");
    let conference = link("conference: ");
    let path = |url: &str| format!("/{}", url.splitn(4, '/').nth(3).unwrap_or_default());
    let visitor = app.browser();
    for page in [
        "/".to_owned(),
        "/g/rust-berlin-demo".to_owned(),
        path(&meetup),
        path(&conference),
        format!("{}/schedule", path(&conference)),
        format!("{}/speakers", path(&conference)),
        format!("{}/sponsors", path(&conference)),
    ] {
        let res = visitor.get(&page).await;
        assert_eq!(res.status().as_u16(), 200, "{page}");
    }
    let schedule = visitor
        .get(&format!("{}/schedule", path(&conference)))
        .await
        .text()
        .await
        .unwrap();
    assert!(schedule.contains("Async Rust in production") && schedule.contains("Lunch"));
    let event = visitor.get(&path(&conference)).await.text().await.unwrap();
    assert!(
        event.contains("rel=\"sponsored noopener\""),
        "sponsors on the conference page"
    );
    let olga = app.browser();
    let res = olga
        .sign_in(server::demo::DEMO_EMAIL, server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(res.status().as_u16(), 200, "the demo organizer signs in");
    assert_eq!(
        olga.get("/admin").await.status().as_u16(),
        200,
        "and is the admin"
    );
    let stranger = app.signed_up("Mallory", "mallory@example.org").await;
    assert_eq!(
        stranger.get("/admin").await.status().as_u16(),
        403,
        "a stranger's sign-up on a fresh demo is no admin"
    );
    let attendees = olga.get(&format!("{}/attendees", path(&meetup))).await;
    assert_eq!(attendees.status().as_u16(), 200);
}

crate::on_both_engines!(
    the_demo_seeds_once_and_its_pages_render,
    no_account_is_admin_by_being_first_and_the_setup_link_makes_one_admin_once,
    only_admins_change_the_instance_settings,
    create_admin_makes_an_account_an_admin_or_creates_one_with_a_password_shown_once,
);
