//! Run-time configuration from environment variables (see the README).

use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// Where Hallway listens, which database it uses, and where its static files are.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub site_root: String,
    pub secure_cookies: bool,
    pub allowed_origins: Vec<String>,
    pub mail: MailConfig,
    /// `HALLWAY_METRICS_TOKEN`: enables `/metrics` for requests with this bearer token.
    pub metrics_token: Option<String>,
    /// `HALLWAY_TRUSTED_PROXIES`: addresses or CIDR ranges of reverse proxies, comma-separated
    /// (default none). Only a request from one of them has its client address taken from
    /// `Forwarded` or `X-Forwarded-For` (the rightmost entry, which that proxy wrote).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Parses `HALLWAY_TRUSTED_PROXIES`: `127.0.0.1, 10.0.0.0/8, ::1`.
pub fn parse_trusted_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    format!("HALLWAY_TRUSTED_PROXIES: {item:?} is neither an address nor a range like 10.0.0.0/8")
                })
        })
        .collect()
}

/// How mail is delivered.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `HALLWAY_SMTP_URL`: `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS), or `smtp://127.0.0.1:2525` (plain, for a local
    /// relay). None: mails are written as `.eml` files into `outbox_dir`.
    pub smtp_url: Option<String>,
    /// `HALLWAY_MAIL_FROM`, default `Hallway <hallway@localhost>`.
    pub from: String,
    /// `HALLWAY_OUTBOX_DIR`, default `data/outbox`.
    pub outbox_dir: PathBuf,
    /// `HALLWAY_MAIL_RETRY_SECS`: the first retry's wait, doubling each time (default 30).
    pub retry_base_secs: i64,
    /// `HALLWAY_MAIL_MAX_ATTEMPTS`: tries before a mail is marked failed (default 8: the
    /// last retry comes about an hour after the first try).
    pub max_attempts: i64,
    /// `HALLWAY_MAIL_POLL_MS`: how often an idle worker looks for due mail (default 1000).
    pub poll: Duration,
    /// How long a worker's claim on a mail holds unless renewed (30 s; tests shorten it).
    pub lease_secs: i64,
    /// `HALLWAY_MAIL_RETENTION_DAYS`: sent mails and `.eml` files are deleted this many days
    /// after they went out (default 30).
    pub retention_days: i64,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Hallway <hallway@localhost>".to_owned(),
            outbox_dir: PathBuf::from("data/outbox"),
            retry_base_secs: 30,
            max_attempts: 8,
            poll: Duration::from_millis(1000),
            lease_secs: app::mail::worker::LEASE_SECS,
            retention_days: 30,
        }
    }
}

/// The SQLite database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hallway.db";

impl Config {
    /// Reads `HALLWAY_ADDR` (or `LEPTOS_SITE_ADDR`), `DATABASE_URL`, `HALLWAY_SITE_ROOT`,
    /// `HALLWAY_PUBLIC_URL`, `HALLWAY_SECURE_COOKIES` and the mail settings of [`MailConfig`].
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr_text = var("HALLWAY_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr = addr_text.parse().map_err(|_| {
            format!("HALLWAY_ADDR must look like 127.0.0.1:3000, not {addr_text:?}")
        })?;
        let public_url = var("HALLWAY_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned());
        let secure_cookies = match var("HALLWAY_SECURE_COOKIES").as_deref() {
            Some("1" | "true" | "yes") => true,
            Some("0" | "false" | "no") => false,
            Some(other) => {
                return Err(format!(
                    "HALLWAY_SECURE_COOKIES must be true or false, not {other:?}"
                ))
            }
            None => public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
        };
        let number = |name: &str, default: i64| -> Result<i64, String> {
            match var(name) {
                None => Ok(default),
                Some(text) => text
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!(
                        "{name} must be a whole number above 0, not {text:?}"
                    )),
            }
        };
        let defaults = MailConfig::default();
        let mail = MailConfig {
            smtp_url: var("HALLWAY_SMTP_URL"),
            from: var("HALLWAY_MAIL_FROM").unwrap_or(defaults.from),
            outbox_dir: var("HALLWAY_OUTBOX_DIR")
                .map(PathBuf::from)
                .unwrap_or(defaults.outbox_dir),
            retry_base_secs: number("HALLWAY_MAIL_RETRY_SECS", defaults.retry_base_secs)?,
            max_attempts: number("HALLWAY_MAIL_MAX_ATTEMPTS", defaults.max_attempts)?,
            poll: Duration::from_millis(number("HALLWAY_MAIL_POLL_MS", 1000)?.unsigned_abs()),
            lease_secs: defaults.lease_secs,
            retention_days: number("HALLWAY_MAIL_RETENTION_DAYS", defaults.retention_days)?,
        };
        Ok(Self {
            mail,
            addr,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            site_root: var("HALLWAY_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            secure_cookies,
            allowed_origins: public_url.into_iter().collect(),
            metrics_token: var("HALLWAY_METRICS_TOKEN"),
            trusted_proxies: parse_trusted_proxies(
                &var("HALLWAY_TRUSTED_PROXIES").unwrap_or_default(),
            )?,
        })
    }
}

/// For a SQLite URL, makes sure the folder of the database file exists and that the file
/// will be created (`mode=rwc`). Other URLs are returned unchanged.
pub fn prepare_sqlite_url(url: &str) -> std::io::Result<String> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(url.to_owned());
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" {
        if let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(if query.contains("mode=") {
        url.to_owned()
    } else if query.is_empty() {
        format!("sqlite://{path}?mode=rwc")
    } else {
        format!("sqlite://{path}?{query}&mode=rwc")
    })
}
