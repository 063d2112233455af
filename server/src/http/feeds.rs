//! Calendar feeds over HTTP: `text/calendar`, a strong ETag from the bytes, Last-Modified
//! from the latest change, 304 for conditional requests, HEAD (axum answers it from GET),
//! and gzip for clients that accept it (its own strong ETag, `Vary: Accept-Encoding`).

use super::negotiate;
use app::{
    calendar::service::{self, Feed},
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// `https://host` for absolute links in feeds: the configured public URL, else the request's.
pub(crate) fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(public) = state.settings.allowed_origins.first() {
        return public.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.settings.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub async fn event_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = origin(&state, &headers);
    respond(
        service::event_feed(&state.db, &slug, &origin).await,
        &headers,
        true,
    )
}

pub async fn group_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = origin(&state, &headers);
    respond(
        service::group_feed(&state.db, &slug, &origin).await,
        &headers,
        true,
    )
}

pub async fn site_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let origin = origin(&state, &headers);
    respond(service::site_feed(&state.db, &origin).await, &headers, true)
}

/// `/feeds/{token}/calendar.ics`: a person's own events; private to caches.
pub async fn personal_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = origin(&state, &headers);
    respond(
        service::personal_feed(&state.db, &token, &origin).await,
        &headers,
        false,
    )
}

fn http_date(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// Whether the client's copy is current: `If-None-Match` decides when present (weak
/// comparison, so the plain and the gzip tag of one version both match), else
/// `If-Modified-Since` (RFC 9110 §13.2.2).
fn not_modified(headers: &HeaderMap, tag: &str, last_modified: i64) -> bool {
    let bare = tag.trim_matches('"');
    let gzip = format!("{bare}{GZIP_SUFFIX}");
    if let Some(current) = negotiate::none_match(headers, &[bare, &gzip]) {
        return current;
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .is_some_and(|since| last_modified <= since.timestamp())
}

/// What the gzip representation adds to the ETag.
const GZIP_SUFFIX: &str = "-gzip";

pub(crate) fn respond(
    feed: Result<Arc<Feed>, AppError>,
    headers: &HeaderMap,
    public: bool,
) -> Response {
    let feed = match feed {
        Ok(feed) => feed,
        Err(AppError::NotFound) => return (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(error) => return super::edge::failure(&error),
    };
    let plain_tag = feed.tag.clone();
    let compress = negotiate::accepts_gzip(headers);
    let tag = if compress {
        format!("\"{}{GZIP_SUFFIX}\"", plain_tag.trim_matches('"'))
    } else {
        plain_tag.clone()
    };
    let value = |text: &str| HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static(""));
    let common = [
        (header::ETAG, value(&tag)),
        (header::LAST_MODIFIED, value(&http_date(feed.last_modified))),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(if public {
                "public, max-age=900"
            } else {
                "private, max-age=900"
            }),
        ),
        (header::VARY, HeaderValue::from_static("Accept-Encoding")),
    ];
    if not_modified(headers, &plain_tag, feed.last_modified) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let kind = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(feed.content_type),
        ),
        (
            header::CONTENT_DISPOSITION,
            value(&format!("attachment; filename=\"{}\"", feed.filename)),
        ),
    ];
    match compress.then(|| feed.gzipped()).flatten() {
        Some(bytes) => (
            common,
            kind,
            [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))],
            bytes.to_vec(),
        )
            .into_response(),
        None => (common, kind, feed.body.clone()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_imf_fixdates_that_parse_back() {
        let text = http_date(1_900_000_600);
        assert_eq!(text, "Sun, 17 Mar 2030 17:56:40 GMT");
        assert_eq!(
            DateTime::parse_from_rfc2822(&text).unwrap().timestamp(),
            1_900_000_600
        );
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", \"b\""),
        );
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Sun, 17 Mar 2030 17:56:40 GMT"),
        );
        assert!(not_modified(&headers, "\"b\"", 0));
        assert!(!not_modified(&headers, "\"c\"", 0));
        headers.remove(header::IF_NONE_MATCH);
        assert!(not_modified(&headers, "\"c\"", 1_900_000_600));
        assert!(!not_modified(&headers, "\"c\"", 1_900_000_601));
    }

    #[test]
    fn the_gzip_tag_of_a_version_also_matches() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"abc-gzip\""),
        );
        assert!(not_modified(&headers, "\"abc\"", 0));
        assert!(!not_modified(&headers, "\"abd\"", 0));
    }
}
