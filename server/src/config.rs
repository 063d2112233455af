//! Run-time configuration from environment variables (see the README).

use std::net::SocketAddr;

/// Where Hallway listens, which database it uses, and where its static files are.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub site_root: String,
    pub secure_cookies: bool,
    pub allowed_origins: Vec<String>,
}

/// The SQLite database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hallway.db";

impl Config {
    /// Reads `HALLWAY_ADDR` (or `LEPTOS_SITE_ADDR`), `DATABASE_URL`, `HALLWAY_SITE_ROOT`,
    /// `HALLWAY_PUBLIC_URL` and `HALLWAY_SECURE_COOKIES`.
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
        Ok(Self {
            addr,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            site_root: var("HALLWAY_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            secure_cookies,
            allowed_origins: public_url.into_iter().collect(),
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
