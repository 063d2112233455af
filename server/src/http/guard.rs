//! Cross-site request refusal and security headers.

use app::{accounts::session, state::AppState};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The `host[:port]` part of an origin or URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether a request that changes state comes from our own pages: its `Origin` (or, when a
/// browser sent none, its `Referer`) must name this host or a configured public URL.
/// Requests with neither header pass only when they carry no session (mail clients'
/// one-click unsubscribe, scripts): a signed-in change always names where it came from.
pub fn is_same_origin(
    origin: Option<&str>,
    host: Option<&str>,
    allowed: &[String],
    signed_in: bool,
) -> bool {
    let Some(origin) = origin else {
        return !signed_in;
    };
    if allowed
        .iter()
        .any(|a| origin == a || origin.starts_with(&format!("{a}/")))
    {
        return true;
    }
    matches!((authority(origin), host), (Some(from), Some(host)) if from.eq_ignore_ascii_case(host))
}

pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let origin = text(header::ORIGIN).or_else(|| text(header::REFERER));
    let signed_in = [session::COOKIE, session::SECURE_COOKIE]
        .iter()
        .any(|name| app::web::header_cookie(headers, name).is_some());
    if is_same_origin(
        origin,
        text(header::HOST),
        &state.settings.allowed_origins,
        signed_in,
    ) {
        next.run(req).await
    } else {
        tracing::warn!(?origin, signed_in, "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            "This request came from another site, or did not say where it came from, and was refused.",
        )
            .into_response()
    }
}

/// Paths whose pages are opened by a secret link (or hold one): never kept by a cache.
const TOKEN_PAGES: &[&str] = &[
    "/invitations/",
    "/speak/",
    "/join-talk/",
    "/sponsor-invite/",
    "/partner/",
    "/rsvp/",
    "/confirm-rsvp",
    "/reset-password",
    "/confirm-email",
    "/undo-email-change",
    "/unsubscribe/",
    "/mail/unsubscribe/",
    "/setup/",
];

/// Files that are the same for everyone, whoever asks.
fn is_public_file(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path.starts_with("/logos/")
}

/// Whether the answer to this request is private: the request carries a session, or its
/// path is a secret link; server-function answers always are.
pub fn is_private(path: &str, has_cookie: bool) -> bool {
    !is_public_file(path)
        && (has_cookie
            || path.starts_with("/api/")
            || TOKEN_PAGES.iter().any(|prefix| path.starts_with(prefix)))
}

/// Adds security headers, and makes a redirect decided while rendering a page a real one
/// (Leptos only sets the status when the request's `Accept` names HTML): a strict
/// Content-Security-Policy on every HTML answer (pages set their own with their scripts'
/// nonce), HSTS when the public address is https, and `no-store` on private answers.
pub async fn finish_response(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let is_page = req.method() == Method::GET && !req.uri().path().starts_with("/api/");
    let private = is_private(req.uri().path(), req.headers().contains_key(header::COOKIE));
    let mut res = next.run(req).await;
    if is_page && res.status() == StatusCode::OK && res.headers().contains_key(header::LOCATION) {
        *res.status_mut() = StatusCode::FOUND;
        res.headers_mut().remove("serverfnredirect");
    }
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if is_html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&app::web::content_security_policy(None)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if state.settings.public_url.starts_with("https://") {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // An answer that already keeps itself out of shared caches (a personal feed) keeps its own
    // rule; every other private answer is not stored at all.
    let keeps_private = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("private") || v.contains("no-store"));
    if private && !keeps_private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !headers.contains_key(header::RETRY_AFTER) {
        let wait = match status {
            StatusCode::SERVICE_UNAVAILABLE => Some("5"),
            StatusCode::TOO_MANY_REQUESTS => Some("60"),
            _ => None,
        };
        if let Some(wait) = wait {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static(wait));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::is_same_origin;

    #[test]
    fn requests_from_this_host_pass_and_others_are_refused() {
        let host = Some("127.0.0.1:3000");
        for signed_in in [false, true] {
            assert!(is_same_origin(
                Some("http://127.0.0.1:3000"),
                host,
                &[],
                signed_in
            ));
            assert!(is_same_origin(
                Some("http://127.0.0.1:3000/signup"),
                host,
                &[],
                signed_in
            ));
            assert!(!is_same_origin(
                Some("http://evil.example"),
                host,
                &[],
                signed_in
            ));
            assert!(!is_same_origin(Some("null"), host, &[], signed_in));
            assert!(!is_same_origin(
                Some("http://127.0.0.1:3000.evil.example"),
                host,
                &[],
                signed_in
            ));
        }
    }

    #[test]
    fn a_change_that_names_no_origin_passes_only_without_a_session() {
        let host = Some("127.0.0.1:3000");
        assert!(is_same_origin(None, host, &[], false));
        assert!(!is_same_origin(None, host, &[], true));
    }

    #[test]
    fn secret_link_pages_and_signed_in_answers_are_private_but_shared_files_are_not() {
        assert!(super::is_private("/invitations/abc", false));
        assert!(super::is_private("/reset-password", false));
        assert!(super::is_private("/api/sign_in", false));
        assert!(super::is_private("/e/meetup", true));
        assert!(!super::is_private("/e/meetup", false));
        assert!(!super::is_private("/pkg/hallway.css", true));
        assert!(!super::is_private("/logos/1/2", true));
    }

    #[test]
    fn a_configured_public_url_is_accepted_behind_a_proxy() {
        let allowed = vec!["https://events.example.org".to_owned()];
        assert!(is_same_origin(
            Some("https://events.example.org"),
            Some("10.0.0.2:3000"),
            &allowed,
            true
        ));
        assert!(!is_same_origin(
            Some("https://events.example.org.evil"),
            Some("10.0.0.2:3000"),
            &allowed,
            true
        ));
    }
}
