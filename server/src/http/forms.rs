//! Server functions over HTTP, and the same functions behind plain HTML forms.
//!
//! With JavaScript, forms call `/api/<name>`; errors come back with the status of the
//! `AppError`. Without it, a form posts to its own page with `__action=/api/<name>`: on
//! success the browser is redirected (303), on failure the page is rendered again with the
//! typed values and the error, under the error's status.

use super::context;
use app::{
    error::AppError,
    forms::{FormReplay, ACTION_FIELD},
    shell,
    state::AppState,
};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::provide_context;
use leptos_axum::{handle_server_fns_with_context, render_app_async_with_context};

/// The largest form body accepted.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// Set by server_fn on responses that carry an error.
const ERROR_HEADER: &str = "serverfnerror";

/// Gives a server function's error response the status of its `AppError` (server_fn
/// answers every error with 500).
async fn with_error_status(res: Response) -> Response {
    if !res.headers().contains_key(ERROR_HEADER) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.unwrap_or_default();
    let error = serde_json::from_slice::<AppError>(&bytes).unwrap_or(AppError::Internal);
    parts.status =
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Response::from_parts(parts, Body::from(bytes))
}

/// Renders the app for a path no route knows: the not-found page with a 404.
pub async fn not_found(State(state): State<AppState>, req: Request) -> Response {
    let options = state.leptos_options.clone();
    let render = render_app_async_with_context(context(state), move || shell(options.clone()));
    let mut res = render(req).await;
    *res.status_mut() = StatusCode::NOT_FOUND;
    res
}

fn is_form_post(req: &Request) -> bool {
    req.method() == Method::POST
        && !req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// Middleware: handles plain form posts to pages (see the module docs).
pub async fn without_javascript(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path().starts_with("/api/") {
        return with_error_status(next.run(req).await).await;
    }
    // One-click unsubscribe posts come from mail providers, not from our forms.
    if !is_form_post(&req) || req.uri().path().starts_with("/mail/unsubscribe/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "That form was too large.").into_response();
    };
    let values: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let action = values
        .iter()
        .find(|(k, _)| k == ACTION_FIELD)
        .map(|(_, v)| v.clone());
    let Some(action_uri) = action
        .as_deref()
        .filter(|a| a.starts_with("/api/") && !a.contains(".."))
        .and_then(|a| a.parse::<axum::http::Uri>().ok())
    else {
        return (StatusCode::BAD_REQUEST, "This form did not say what to do.").into_response();
    };

    // Run the server function as the JavaScript client would, so errors come back as data.
    let mut call = parts.clone();
    call.uri = action_uri.clone();
    call.headers
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    call.headers.remove(header::REFERER);
    let result = handle_server_fns_with_context(
        context(state.clone()),
        Request::from_parts(call, Body::from(bytes)),
    )
    .await
    .into_response();
    let cookies: Vec<HeaderValue> = result
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();

    let mut res = if result.headers().contains_key(ERROR_HEADER) {
        let body = to_bytes(result.into_body(), MAX_FORM_BYTES)
            .await
            .unwrap_or_default();
        let error = serde_json::from_slice::<AppError>(&body).unwrap_or(AppError::Internal);
        let replay = FormReplay {
            action: action_uri.path().to_owned(),
            values: values
                .into_iter()
                .filter(|(k, _)| FormReplay::may_echo(k))
                .collect(),
            error: Some(error.clone()),
        };
        let mut page = parts;
        page.method = Method::GET;
        page.headers.remove(header::CONTENT_TYPE);
        page.headers.remove(header::CONTENT_LENGTH);
        let options = state.leptos_options.clone();
        let base = context(state);
        let render = render_app_async_with_context(
            move || {
                base();
                provide_context(replay.clone());
            },
            move || shell(options.clone()),
        );
        let mut res = render(Request::from_parts(page, Body::empty())).await;
        if !res.status().is_redirection() {
            *res.status_mut() =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        }
        res
    } else {
        let location = result
            .headers()
            .get(header::LOCATION)
            .cloned()
            .or_else(|| HeaderValue::from_str(&parts.uri.to_string()).ok())
            .unwrap_or(HeaderValue::from_static("/"));
        let mut res = StatusCode::SEE_OTHER.into_response();
        res.headers_mut().insert(header::LOCATION, location);
        res
    };
    for cookie in cookies {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}
