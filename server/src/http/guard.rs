//! Cross-site request refusal and security headers.

use app::state::AppState;
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
/// Requests with neither header are not from a browser form and pass.
pub fn is_same_origin(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin else { return true };
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
    if is_same_origin(origin, text(header::HOST), &state.settings.allowed_origins) {
        next.run(req).await
    } else {
        tracing::warn!(?origin, "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused.",
        )
            .into_response()
    }
}

/// Adds security headers, and makes a redirect decided while rendering a page a real one
/// (Leptos only sets the status when the request's `Accept` names HTML).
pub async fn finish_response(req: Request<Body>, next: Next) -> Response {
    let is_page = req.method() == Method::GET && !req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    if is_page && res.status() == StatusCode::OK && res.headers().contains_key(header::LOCATION) {
        *res.status_mut() = StatusCode::FOUND;
        res.headers_mut().remove("serverfnredirect");
    }
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
    res
}

#[cfg(test)]
mod tests {
    use super::is_same_origin;

    #[test]
    fn requests_from_this_host_pass_and_others_are_refused() {
        let host = Some("127.0.0.1:3000");
        assert!(is_same_origin(Some("http://127.0.0.1:3000"), host, &[]));
        assert!(is_same_origin(
            Some("http://127.0.0.1:3000/signup"),
            host,
            &[]
        ));
        assert!(!is_same_origin(Some("http://evil.example"), host, &[]));
        assert!(!is_same_origin(Some("null"), host, &[]));
        assert!(!is_same_origin(
            Some("http://127.0.0.1:3000.evil.example"),
            host,
            &[]
        ));
        assert!(is_same_origin(None, host, &[]));
    }

    #[test]
    fn a_configured_public_url_is_accepted_behind_a_proxy() {
        let allowed = vec!["https://events.example.org".to_owned()];
        assert!(is_same_origin(
            Some("https://events.example.org"),
            Some("10.0.0.2:3000"),
            &allowed
        ));
        assert!(!is_same_origin(
            Some("https://events.example.org.evil"),
            Some("10.0.0.2:3000"),
            &allowed
        ));
    }
}
