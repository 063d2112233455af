//! Request and response helpers for server functions (server only).

use crate::error::{AppError, AppResult};
use axum::extract::ConnectInfo;
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;

/// The current request's head.
pub fn request_parts() -> AppResult<Parts> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the reactive context");
        AppError::Internal
    })
}

/// The value of cookie `name` on the current request.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    header_cookie(&parts.headers, name)
}

/// The value of cookie `name` in `headers` (for middleware that holds a whole request).
pub fn header_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The session token the request carries, from the cookie named for this deployment
/// (`__Host-hallway_session` with Secure cookies; the plain name is not read then).
pub fn session_token(parts: &Parts, secure_cookies: bool) -> Option<String> {
    cookie(parts, crate::accounts::session::cookie_name(secure_cookies))
}

/// The client's address as the server worked it out (the TCP peer, or behind a trusted
/// proxy the address it forwarded); set on every request by the server's middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The address the request came from: [`ClientAddress`], else the TCP peer.
pub fn client_ip(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ClientAddress>()
        .map(|ClientAddress(ip)| ip.to_string())
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_canonical().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The Content-Security-Policy of a page: scripts only from this site, or inline with this
/// response's `nonce` (Leptos puts it on its hydration and data scripts); the WebAssembly
/// bundle may compile; no plugins, no framing, no `<base>`, forms post only here. Inline
/// styles stay allowed (track colours are style attributes); inline scripts never are.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Sets the Content-Security-Policy of the page being rendered, with the nonce Leptos gave
/// this response's scripts.
pub fn set_page_security_policy() {
    let nonce = leptos::nonce::use_nonce();
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&content_security_policy(nonce.as_deref())),
    ) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Sends the browser to `path` after the server function (both with and without JavaScript).
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// Sets the status of a page being rendered.
pub fn set_status(status: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
}

/// A local path (`/x`) that is safe to redirect to after sign-in; anything else becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Where a new account goes after signing up: where the person was going, with `signed_up=1`
/// so that page says what happens next (a mail to confirm the address).
pub fn welcome_next(next: Option<&str>) -> String {
    let next = safe_next(next);
    let (path, anchor) = match next.split_once('#') {
        Some((path, anchor)) => (path.to_owned(), format!("#{anchor}")),
        None => (next.clone(), String::new()),
    };
    let joiner = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joiner}signed_up=1{anchor}")
}

/// This site's origin (`https://events.example.org`): the configured public URL, or the
/// scheme and Host of the current request.
/// The configured public address, for links that leave the request (mails).
pub fn public_url() -> AppResult<String> {
    Ok(crate::state::app_state()?.settings.public_url.clone())
}

pub fn origin() -> AppResult<String> {
    let state = crate::state::app_state()?;
    if let Some(public) = state.settings.allowed_origins.first() {
        return Ok(public.clone());
    }
    let parts = request_parts()?;
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.settings.secure_cookies {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{host}"))
}
