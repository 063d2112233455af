//! Page changes without a reload: the page's navigation script (`app/src/navigation.js`)
//! fetches the next page or posts a form itself and swaps the page's body. A browser's
//! `fetch` follows redirects on its own and loses their `#fragment`, so for the script's
//! requests (marked with [`NAVIGATION_HEADER`]) a redirect answers `204` with the target in
//! [`LOCATION_HEADER`], and the script asks for that page itself. Everything else is the
//! answer a browser without JavaScript gets.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

/// Sent by the navigation script with each of its requests.
pub const NAVIGATION_HEADER: HeaderName = HeaderName::from_static("hallway-navigation");
/// Where a redirect would have sent the browser, for the navigation script.
pub const LOCATION_HEADER: HeaderName = HeaderName::from_static("hallway-location");

/// Middleware: turns a redirect answering the navigation script into a `204` that names the
/// target (see the module docs); other requests and answers pass unchanged.
pub async fn redirects_for_script(req: Request, next: Next) -> Response {
    let from_script = req.headers().contains_key(NAVIGATION_HEADER);
    let mut res = next.run(req).await;
    if !from_script || !res.status().is_redirection() {
        return res;
    }
    let Some(location) = res.headers_mut().remove(header::LOCATION) else {
        return res;
    };
    *res.status_mut() = StatusCode::NO_CONTENT;
    *res.body_mut() = Body::empty();
    res.headers_mut().insert(LOCATION_HEADER, location);
    // Never kept in place of the page or the redirect a plain request gets.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res
}
