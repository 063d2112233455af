//! Server-side state shared by every request: the database pool and settings.

use crate::{
    db::Db,
    error::{AppError, AppResult},
};
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Settings that change behaviour at run time.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (set when Hallway is served over https).
    pub secure_cookies: bool,
    /// Extra origins (`https://events.example.org`) accepted for state-changing requests,
    /// for deployments behind a proxy that rewrites the Host header.
    pub allowed_origins: Vec<String>,
    /// The address people reach this Hallway at (`https://events.example.org`), for links
    /// in mails: `HALLWAY_PUBLIC_URL`, else the address it listens on.
    pub public_url: String,
    /// `HALLWAY_METRICS_TOKEN`: `/metrics` answers only with this bearer token; none: off.
    pub metrics_token: Option<String>,
    /// `HALLWAY_TRUSTED_PROXIES`: reverse proxies whose `Forwarded`/`X-Forwarded-For` name
    /// the client; from any other peer those headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Everything a handler or server function needs from the server.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
}

/// The state, from the context the server provides to every server function and page.
pub fn app_state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState was not provided to the reactive context");
        AppError::Internal
    })
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
