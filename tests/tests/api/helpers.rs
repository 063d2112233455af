//! `spawn_app`: a real Hallway on port 0 with a fresh database, and helpers per endpoint.

use app::db::Db;
use reqwest::{header, redirect::Policy, Client, Response};
use server::{
    config::{Config, MailConfig},
    startup::Application,
};
use std::{path::PathBuf, sync::OnceLock, time::Duration};

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
fn postgres_base() -> String {
    std::env::var("HALLWAY_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

fn unique_name() -> String {
    app::accounts::session::random_token(8).expect("randomness")
}

pub async fn fresh_database(engine: Engine) -> String {
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("hallway-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}/{}.db", dir.display(), unique_name())
        }
        Engine::Postgres => {
            let name = format!("hallway_t_{}", unique_name());
            let admin = format!("{}/postgres", postgres_base());
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("PostgreSQL on 127.0.0.1:5432 (scripts/setup.sh --test starts it)");
            sqlx::query(&format!("create database {name}"))
                .execute(&mut conn)
                .await
                .expect("create database");
            format!("{}/{name}", postgres_base())
        }
    }
}

/// A running Hallway and the means to talk to it.
pub struct TestApp {
    pub address: String,
    pub db: Db,
    database_url: String,
    /// Where mails go as `.eml` files when the app has no SMTP server.
    pub outbox_dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// How a test app delivers mail.
#[derive(Debug, Clone)]
pub struct MailOptions {
    /// `smtp://127.0.0.1:port` of a test SMTP server, or None for `.eml` files.
    pub smtp_url: Option<String>,
    pub retry_base_secs: i64,
    pub max_attempts: i64,
    /// How long a worker's claim on a mail holds unless renewed.
    pub lease_secs: i64,
}

impl Default for MailOptions {
    fn default() -> Self {
        Self {
            smtp_url: None,
            retry_base_secs: 1,
            max_attempts: 8,
            lease_secs: app::mail::worker::LEASE_SECS,
        }
    }
}

/// What [`cleanup`] needs once the test has consumed its `TestApp`.
pub struct Leftovers {
    db: Db,
    database_url: String,
}

impl TestApp {
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    pub fn leftovers(&self) -> Leftovers {
        Leftovers {
            db: self.db.clone(),
            database_url: self.database_url.clone(),
        }
    }
}

/// Removes a passed test's database (a failed test's stays for a look; `scripts/test.sh`
/// clears those before the next run).
pub async fn cleanup(leftovers: Leftovers) {
    leftovers.db.close().await;
    if let Some(name) = leftovers
        .database_url
        .strip_prefix(&format!("{}/", postgres_base()))
    {
        let admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&format!(
            "{}/postgres",
            postgres_base()
        ))
        .await;
        if let Err(error) = &admin {
            eprintln!("could not connect to drop {name}: {error}");
        }
        if let Ok(mut conn) = admin {
            let _ = sqlx::query(&format!("drop database if exists {name} with (force)"))
                .execute(&mut conn)
                .await;
        }
    } else if let Some(path) = leftovers.database_url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
}

/// Starts Hallway on a free port with its own new database.
pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, MailOptions::default()).await
}

/// [`spawn_app`] with its mail delivered as `mail` says.
pub async fn spawn_app_with(engine: Engine, mail: MailOptions) -> TestApp {
    // With TEST_LOG set, the servers' logs (their writer lives as long as the tests).
    static TRACING: OnceLock<Option<server::telemetry::Logs>> = OnceLock::new();
    TRACING.get_or_init(|| {
        std::env::var("TEST_LOG")
            .is_ok()
            .then(server::telemetry::init)
    });
    let database_url = fresh_database(engine).await;
    start(database_url, mail).await
}

/// Another Hallway process on `database_url` (a second instance, or a restart).
pub async fn start(database_url: String, mail: MailOptions) -> TestApp {
    start_configured(database_url, mail, |_| {}).await
}

/// A Hallway on a fresh `engine` database whose configuration `tweak` changes first (say, an
/// https public address).
pub async fn spawn_configured(engine: Engine, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let database_url = fresh_database(engine).await;
    start_configured(database_url, MailOptions::default(), tweak).await
}

/// [`start`] with the configuration changed by `tweak`.
pub async fn start_configured(
    database_url: String,
    mail: MailOptions,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    let outbox_dir = std::env::temp_dir()
        .join("hallway-tests")
        .join(format!("outbox-{}", unique_name()));
    let mut config = Config {
        addr: "127.0.0.1:0".parse().expect("address"),
        database_url: database_url.clone(),
        site_root: "../target/site".to_owned(),
        secure_cookies: false,
        allowed_origins: Vec::new(),
        metrics_token: Some(METRICS_TOKEN.to_owned()),
        trusted_proxies: Vec::new(),
        mail: MailConfig {
            smtp_url: mail.smtp_url,
            outbox_dir: outbox_dir.clone(),
            retry_base_secs: mail.retry_base_secs,
            max_attempts: mail.max_attempts,
            poll: Duration::from_millis(50),
            lease_secs: mail.lease_secs,
            ..MailConfig::default()
        },
    };
    tweak(&mut config);
    let application = Application::build(config).await.expect("app builds");
    let address = format!("http://{}", application.local_addr().expect("address"));
    let db = application.state().db.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = application
            .run_until(async move {
                let _ = stopped.await;
            })
            .await;
    });
    TestApp {
        address,
        db,
        database_url,
        outbox_dir,
        stop: Some(stop),
        task: Some(task),
    }
}

impl TestApp {
    /// Stops serving and waits until the mail worker has put down the mail in hand.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// One person's browser: its own cookie jar; redirects are not followed so tests see them.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub address: String,
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser {
            client: Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .expect("client"),
            address: self.address.clone(),
        }
    }

    /// A browser signed in as a new account.
    pub async fn signed_up(&self, name: &str, email: &str) -> Browser {
        let browser = self.browser();
        let res = browser.sign_up(name, email, PASSWORD).await;
        assert_eq!(
            res.status().as_u16(),
            200,
            "sign-up of {email} failed: {}",
            res.text().await.unwrap_or_default()
        );
        browser
    }

    /// `n` people signed in, made straight in the database: hashing hundreds of passwords
    /// would only test Argon2. Each browser sends its own session cookie.
    pub async fn crowd(&self, prefix: &str, n: usize) -> Vec<Browser> {
        let now = app::db::now();
        let mut tx = self.db.writer().begin().await.expect("begin");
        let mut browsers = Vec::with_capacity(n);
        for i in 0..n {
            let account_id: i64 = sqlx::query_scalar(
                "insert into account (email, display_name, password_hash, created_at, updated_at)
                 values ($1, $2, '!', $3, $3) returning account_id",
            )
            .bind(format!("{prefix}{i}@example.org"))
            .bind(format!("{prefix} {i}"))
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .expect("account");
            let token = app::accounts::session::random_token(32).expect("randomness");
            sqlx::query(
                "insert into user_session (session_id, account_id, created_at, expires_at) values ($1, $2, $3, $4)",
            )
            .bind(app::accounts::session::session_id(&token))
            .bind(account_id)
            .bind(now)
            .bind(now + 3600)
            .execute(&mut *tx)
            .await
            .expect("session");
            let mut headers = header::HeaderMap::new();
            headers.insert(
                header::COOKIE,
                header::HeaderValue::from_str(&format!("hallway_session={token}")).expect("cookie"),
            );
            browsers.push(Browser {
                client: Client::builder()
                    .default_headers(headers)
                    .redirect(Policy::none())
                    .build()
                    .expect("client"),
                address: self.address.clone(),
            });
        }
        tx.commit().await.expect("commit");
        browsers
    }

    /// The text after `path` (say `/reset-password?token=`) up to the next space or line end,
    /// in the latest `kind` mail to `email` as it was delivered; waits a little for it.
    pub async fn mailed_token(&self, kind: &str, email: &str, path: &str) -> String {
        let body = self.mail_text(kind, email).await;
        let start = body
            .find(path)
            .unwrap_or_else(|| panic!("a link to {path} in: {body}"))
            + path.len();
        let rest = &body[start..];
        rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())].to_owned()
    }

    /// The text of the latest `kind` mail to `email` as the person got it, links included:
    /// the outbox row while it waits, else its `.eml` file (once sent, the stored copy keeps
    /// no link token). Waits a little for it.
    pub async fn mail_text(&self, kind: &str, email: &str) -> String {
        for _ in 0..100 {
            let row: Option<(i64, String, String)> = sqlx::query_as(
                "select mail_id, status, body_text from outbox where kind = $1 and to_address = $2
                 order by mail_id desc limit 1",
            )
            .bind(kind)
            .bind(email)
            .fetch_optional(self.db.writer())
            .await
            .expect("outbox");
            match row {
                Some((_, status, body)) if status != "sent" => return body,
                Some((id, _, _)) => {
                    let file = self.outbox_dir.join(format!("{id:06}-{kind}.eml"));
                    if let Ok(raw) = std::fs::read_to_string(&file) {
                        return quoted_printable_text(&raw);
                    }
                }
                None => {}
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {kind} mail to {email}");
    }

    /// `organizer` invites `email` to help run `group`, and `invitee` joins from the mailed link.
    pub async fn add_co_organizer(
        &self,
        organizer: &Browser,
        group: &str,
        email: &str,
        invitee: &Browser,
    ) {
        let res = organizer
            .call("invite_organizer", &[("group", group), ("email", email)])
            .await;
        assert_eq!(res.status().as_u16(), 200, "inviting {email}");
        let token = self
            .mailed_token("organizer_invite", &email.to_lowercase(), "/invitations/")
            .await;
        let res = invitee
            .call("accept_invitation", &[("token", &token)])
            .await;
        assert_eq!(res.status().as_u16(), 200, "{email} accepting");
    }

    /// Confirms `email`'s address from the link mailed at sign-up.
    pub async fn confirm_address(&self, email: &str) {
        let token = self
            .mailed_token("email_confirm", email, "/confirm-email?token=")
            .await;
        let res = self
            .browser()
            .call("confirm_email", &[("token", &token)])
            .await;
        assert_eq!(res.status().as_u16(), 200, "confirming {email}");
    }

    /// A browser signed in as a new account whose address is confirmed.
    pub async fn confirmed(&self, name: &str, email: &str) -> Browser {
        let browser = self.signed_up(name, email).await;
        self.confirm_address(email).await;
        browser
    }

    /// How many rows `table` has.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(self.db.writer())
            .await
            .expect("count")
    }
}

pub const PASSWORD: &str = "correct horse battery";
/// The bearer token test apps want for `/metrics`.
pub const METRICS_TOKEN: &str = "test-metrics-token";

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Calls a server function the way the hydrated page does (JavaScript on).
    pub async fn call(&self, function: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(&format!("/api/{function}")))
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, &self.address)
            .form(fields)
            .send()
            .await
            .expect("POST /api")
    }

    /// Posts a file as an upload form does (multipart, field `field`) to `path`, asking for
    /// JSON answers or, with `json` false, for the page a form gets.
    pub async fn upload(
        &self,
        path: &str,
        field: &str,
        name: &str,
        bytes: &[u8],
        json: bool,
    ) -> Response {
        let boundary = "hallwayboundary7MA4YWxkTrZu0gW";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.client
            .post(self.url(path))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ORIGIN, &self.address)
            .header(
                header::ACCEPT,
                if json {
                    "application/json"
                } else {
                    "text/html"
                },
            )
            .body(body)
            .send()
            .await
            .expect("upload")
    }

    /// Submits a form on `page` the way a browser without JavaScript does.
    pub async fn submit(&self, page: &str, function: &str, fields: &[(&str, &str)]) -> Response {
        let action = format!("/api/{function}");
        let mut all: Vec<(&str, &str)> = vec![("__action", &action)];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(page))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, &self.address)
            .form(&all)
            .send()
            .await
            .expect("POST form")
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Response {
        self.call(
            "sign_up",
            &[
                ("display_name", name),
                ("email", email),
                ("password", password),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.call("sign_in", &[("email", email), ("password", password)])
            .await
    }

    /// The signed-in person's display name, from the server's point of view.
    pub async fn who(&self) -> Option<String> {
        let res = self.call("current_user", &[]).await;
        let value: serde_json::Value = res.json().await.expect("json");
        value
            .get("display_name")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    }

    /// Creates a group and asserts it worked.
    pub async fn create_group(&self, name: &str, slug: &str) {
        let res = self
            .call(
                "create_group",
                &[
                    ("name", name),
                    ("slug", slug),
                    ("description", "We meet monthly."),
                    ("website", ""),
                    ("city", "Berlin"),
                ],
            )
            .await;
        assert_eq!(
            res.status().as_u16(),
            200,
            "create_group: {}",
            res.text().await.unwrap_or_default()
        );
    }

    /// The session cookie's value in this browser.
    pub async fn session_cookie(&self, res: &Response) -> Option<String> {
        res.headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("hallway_session="))
            .map(|v| {
                v.trim_start_matches("hallway_session=")
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
    }
}

/// The one runtime every test and every test server runs on, as in production. Leptos keeps
/// some process-wide state, so apps spread over several short-lived runtimes (one per
/// `#[tokio::test]`) can lose a task to a runtime that already shut down.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .build()
            .expect("test runtime")
    })
}

/// Runs each listed test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $test() {
                    $crate::helpers::runtime().block_on(async {
                        let app = $crate::helpers::spawn_app($crate::helpers::Engine::Sqlite).await;
                        let leftovers = app.leftovers();
                        super::$test(app).await;
                        $crate::helpers::cleanup(leftovers).await;
                    });
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $test() {
                    $crate::helpers::runtime().block_on(async {
                        let app = $crate::helpers::spawn_app($crate::helpers::Engine::Postgres).await;
                        let leftovers = app.leftovers();
                        super::$test(app).await;
                        $crate::helpers::cleanup(leftovers).await;
                    });
                }
            )*
        }
    };
}

/// CRC-32 as PNG chunks use it.
fn png_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len())
        .expect("small chunk")
        .to_be_bytes()
        .to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&png_crc(&[&kind[..], data].concat()).to_be_bytes());
    out
}

/// A complete 1×1 PNG, with a text chunk saying where it was taken when `with_text`.
pub fn tiny_png(with_text: bool) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
    if with_text {
        png.extend(png_chunk(b"tEXt", b"Location\0Rungestrasse 20, Berlin"));
    }
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A JPEG's segment: marker, then contents with their length.
fn jpeg_segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let len = u16::try_from(contents.len() + 2)
        .expect("small segment")
        .to_be_bytes();
    [&[0xFF, marker][..], &len, contents].concat()
}

/// A small JPEG as a phone writes it: EXIF with a GPS position and a comment.
pub fn jpeg_with_gps() -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 52.5200 N".to_vec();
    exif.extend_from_slice(&[0; 8]);
    [
        vec![0xFF, 0xD8],
        jpeg_segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
        jpeg_segment(0xE1, &exif),
        jpeg_segment(0xFE, b"shot at home"),
        jpeg_segment(0xDB, &[0; 65]),
        jpeg_segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
        jpeg_segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
        vec![0x12, 0x34, 0xFF, 0xD9],
    ]
    .concat()
}

/// A mail file's text with quoted-printable soft line breaks and `=XX` escapes undone (enough
/// to find links in it).
pub fn quoted_printable_text(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The bundle files a page names (`/pkg/…` in its `href` and `src` attributes, and in the
/// hydration script), in the order they appear.
pub fn bundle_paths(html: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for (at, _) in html.match_indices("/pkg/") {
        let path: String = html[at..]
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | ')' | '>'))
            .collect();
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

/// The page's stylesheet path (`/pkg/hallway.<hash>.css`).
pub fn stylesheet_path(html: &str) -> String {
    bundle_paths(html)
        .into_iter()
        .find(|p| p.ends_with(".css"))
        .expect("the page names its stylesheet")
}
