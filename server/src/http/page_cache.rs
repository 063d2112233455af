//! A micro-cache for the public pages as visitors without a session get them (the home page,
//! a group's page, an event's page, its talks, speakers, sponsors and schedule): the same
//! bytes for everyone, and the busiest pages there are. Each entry is kept under the key of
//! what the page shows (one aggregate query per request, `app::page_keys`), so an RSVP, an
//! edit or a new version shows at once on every instance; anything a key does not cover shows
//! within a minute. The key's hash is the page's ETag: a browser that asks again with it gets
//! `304 Not Modified` while the page is unchanged.

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
    let page = PublicPage::at(parts.uri.path()).filter(|_| cacheable);
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
    let held = parts.headers.get(header::IF_NONE_MATCH).cloned();
    let request = Request::from_parts(parts, body);
    let Some(page) = page else {
        return next.run(request).await;
    };
    let key = match page_keys::key(&state.db, &page).await {
        Ok(Some(key)) if page_keys::settled(&key, app::db::now()) => format!("{host} {key}"),
        Ok(_) => return next.run(request).await,
        Err(error) => {
            tracing::warn!(%error, "a public page's key could not be read");
            return next.run(request).await;
        }
    };
    let tag = etag(&key);
    if held.is_some_and(|held| matches(&held, &tag)) {
        return not_modified(tag);
    }
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
    validated(response, tag)
}

/// A weak validator: two answers under one key differ only in their script nonce.
fn etag(key: &str) -> HeaderValue {
    let hash = app::tokens::hash(key);
    HeaderValue::from_str(&format!("W/\"{}\"", &hash[..hash.len().min(24)]))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

/// Whether an `If-None-Match` list names `tag` (weak comparison, as RFC 9110 asks).
fn matches(held: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(held) = held.to_str() else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let tag = bare(tag.to_str().unwrap_or_default());
    held.trim() == "*" || held.split(',').any(|one| bare(one) == tag)
}

/// The page is as the browser has it. No security policy goes with it: a new nonce would not
/// match the scripts of the page the browser keeps, whose own policy still holds.
fn not_modified(tag: HeaderValue) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A public page says it may be kept, but asked about each time.
fn validated(mut response: Response, tag: HeaderValue) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::{etag, matches};
    use axum::http::HeaderValue;

    #[test]
    fn a_held_validator_matches_weakly_in_a_list_or_as_a_star() {
        let tag = etag("/e/meetup [1, 2]");
        let text = tag.to_str().unwrap().to_owned();
        assert!(text.starts_with("W/\""), "{text}");
        let strong = text.trim_start_matches("W/").to_owned();
        for held in [
            text.clone(),
            strong,
            format!("\"other\", {text}"),
            "*".to_owned(),
        ] {
            assert!(
                matches(&HeaderValue::from_str(&held).unwrap(), &tag),
                "{held}"
            );
        }
        let other = etag("/e/meetup [1, 3]");
        assert_ne!(other, tag);
        assert!(!matches(&other, &tag));
    }
}
