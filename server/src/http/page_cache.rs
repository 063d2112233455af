//! A micro-cache for the public schedule page as visitors without a session get it: a
//! conference's busiest page, the same bytes for everyone, and the most expensive to render.
//! Each entry is kept under the version of what the page shows (one aggregate query per
//! request, `schedule::public::page_key`), so a new version, a moved session or an edited
//! talk shows at once on every instance; anything the key does not cover (a renamed room, a
//! track's colour, a speaker's name) shows within a minute.

use app::{schedule::public::page_key, state::AppState, web::session_token};
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
const MAX_ENTRIES: usize = 64;
/// Bigger pages are served but not kept.
const MAX_BYTES: usize = 4 * 1024 * 1024;

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
        if cache.len() >= MAX_ENTRIES {
            cache.retain(|_, (at, ..)| at.elapsed() < TTL);
            if cache.len() >= MAX_ENTRIES {
                cache.clear();
            }
        }
        cache.insert(key, (Instant::now(), status, headers, body));
    }
}

/// `GET /e/{slug}/schedule` without a session: from the cache when it is current.
pub async fn public_schedule(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let slug = request
        .uri()
        .path()
        .strip_prefix("/e/")
        .and_then(|rest| rest.strip_suffix("/schedule"))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
        .map(str::to_owned);
    let (parts, body) = request.into_parts();
    let cacheable = parts.method == Method::GET
        && parts.uri.query().is_none()
        && session_token(&parts, state.settings.secure_cookies).is_none();
    let request = Request::from_parts(parts, body);
    let Some(slug) = slug.filter(|_| cacheable) else {
        return next.run(request).await;
    };
    let key = match page_key(&state.db, &slug).await {
        Ok(Some(key)) => key,
        _ => return next.run(request).await,
    };
    if let Some(response) = hit(&key) {
        return response;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_BYTES).await {
        Ok(bytes) => {
            keep(key, parts.status, parts.headers.clone(), bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(error) => {
            tracing::error!(%error, "reading the schedule page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
