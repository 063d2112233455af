//! A micro-cache for the public pages as visitors without a session get them (the home page,
//! a group's page, an event's page, its talks, speakers, sponsors and schedule): the same
//! bytes for everyone, and the busiest pages there are. Each entry is kept under the key of
//! what the page shows (one aggregate query per request, `app::page_keys`), so an RSVP, an
//! edit or a new version shows at once on every instance; anything a key does not cover shows
//! within a minute. The key's hash is the page's ETag: a browser that asks again with it gets
//! `304 Not Modified` while the page is unchanged.

use super::negotiate;
use app::{
    page_keys::{self, PublicPage},
    state::AppState,
    web::session_token,
};
use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

const TTL: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 256;
/// Bigger pages are served but not kept.
const MAX_BYTES: usize = 2 * 1024 * 1024;
/// What all kept pages may weigh together (a page is 5–50 KB; a large schedule more).
const BUDGET: usize = 24 * 1024 * 1024;

type Entry = (Instant, StatusCode, HeaderMap, Bytes);

fn cache() -> &'static Mutex<HashMap<String, Entry>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn hit(key: &str) -> Option<Response> {
    let (status, mut headers, body) = {
        let cache = cache().lock().ok()?;
        let (at, status, headers, body) = cache.get(key)?;
        if at.elapsed() >= TTL {
            return None;
        }
        (*status, headers.clone(), body.clone())
    };
    let body = fresh_nonce(&mut headers, body);
    let mut response = (status, body).into_response();
    response.headers_mut().extend(headers);
    Some(response)
}

/// A kept page with a new script nonce, in its Content-Security-Policy and its scripts: a
/// nonce is worth something only while nobody can know it before the page arrives.
fn fresh_nonce(headers: &mut HeaderMap, body: Bytes) -> Bytes {
    let old = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("'nonce-").nth(1))
        .and_then(|rest| rest.split('\'').next())
        .map(str::to_owned);
    let (Some(old), Ok(new)) = (old, app::accounts::session::random_token(16)) else {
        return body;
    };
    let policy = app::web::content_security_policy(Some(&new));
    match HeaderValue::from_str(&policy) {
        Ok(value) => headers.insert(header::CONTENT_SECURITY_POLICY, value),
        Err(_) => return body,
    };
    let text = String::from_utf8_lossy(&body)
        .replace(&format!("nonce=\"{old}\""), &format!("nonce=\"{new}\""));
    Bytes::from(text)
}

fn keep(key: String, status: StatusCode, headers: HeaderMap, body: Bytes) {
    if let Ok(mut cache) = cache().lock() {
        let weight = |cache: &HashMap<String, Entry>| -> usize {
            cache.values().map(|(.., body)| body.len()).sum::<usize>() + body.len()
        };
        if cache.len() >= MAX_ENTRIES || weight(&cache) > BUDGET {
            cache.retain(|_, (at, ..)| at.elapsed() < TTL);
            if cache.len() >= MAX_ENTRIES || weight(&cache) > BUDGET {
                cache.clear();
            }
        }
        cache.insert(key, (Instant::now(), status, headers, body));
    }
}

/// A public page without a session: from the cache when it is current, `304` when the
/// browser holds it already, else rendered (and kept).
pub async fn public_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let cacheable = parts.method == Method::GET
        && parts.uri.query().is_none()
        && session_token(&parts, state.settings.secure_cookies).is_none();
    let Some(page) = PublicPage::at(parts.uri.path()).filter(|_| cacheable) else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    // Without a configured public address, pages name the host they were asked for.
    let host = match state.settings.allowed_origins.is_empty() {
        true => parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok()),
        false => None,
    }
    .unwrap_or_default()
    .to_owned();
    let key = match page_keys::key(&state.db, &page).await {
        Ok(Some(key)) if page_keys::settled(&key, app::db::now()) => format!("{host} {key}"),
        Ok(_) => return next.run(Request::from_parts(parts, body)).await,
        Err(error) => {
            tracing::warn!(%error, "a public page's key could not be read");
            return next.run(Request::from_parts(parts, body)).await;
        }
    };
    let tag = tag_of(&key);
    if negotiate::none_match(&parts.headers, &[&tag]) == Some(true) {
        return validated(StatusCode::NOT_MODIFIED.into_response(), &tag);
    }
    let request = Request::from_parts(parts, body);
    let response = match hit(&key) {
        Some(response) => response,
        None => {
            let response = next.run(request).await;
            if response.status() != StatusCode::OK
                || response.headers().contains_key(header::SET_COOKIE)
            {
                return response;
            }
            let (parts, body) = response.into_parts();
            match to_bytes(body, MAX_BYTES).await {
                Ok(bytes) => {
                    keep(key, parts.status, parts.headers.clone(), bytes.clone());
                    Response::from_parts(parts, Body::from(bytes))
                }
                Err(error) => {
                    tracing::error!(%error, "reading a public page failed");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            }
        }
    };
    validated(response, &tag)
}

/// The entity tag of a kept page: a hash of its key.
fn tag_of(key: &str) -> String {
    let hash = app::tokens::hash(key);
    hash[..hash.len().min(24)].to_owned()
}

/// A public page (or its `304`) says it may be kept, but asked about each time. The tag is weak:
/// two answers under one key differ in their script nonce. A `304` carries no security
/// policy: a new nonce would not match the scripts of the page the browser keeps.
fn validated(mut response: Response, tag: &str) -> Response {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("W/\"{tag}\"")) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::tag_of;

    #[test]
    fn a_kept_pages_tag_follows_its_key() {
        let tag = tag_of("/e/meetup [1, 2]");
        assert_eq!(tag, tag_of("/e/meetup [1, 2]"));
        assert_ne!(tag, tag_of("/e/meetup [1, 3]"));
        assert!(tag.bytes().all(|b| b.is_ascii_alphanumeric()), "{tag}");
    }
}
