//! What the plain handlers (files, uploads, feeds, unsubscribe links) share at the request
//! edge: who asks, whether they want JSON, and an `AppError` as an answer, with the status the
//! error carries (a 503 gets its `Retry-After` from `guard::finish_response`).

use app::{accounts::api::CurrentUser, error::AppError, state::AppState, web::session_token};
use axum::{
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
};

/// The signed-in person, if any.
pub async fn viewer(state: &AppState, parts: &Parts) -> Result<Option<CurrentUser>, AppError> {
    match session_token(parts, state.settings.secure_cookies) {
        Some(token) => app::accounts::service::session_user(&state.db, &token).await,
        None => Ok(None),
    }
}

pub fn wants_json(parts: &Parts) -> bool {
    parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The HTTP status of `error`.
pub fn status(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An error as a plain answer: its status and its sentence.
pub fn failure(error: &AppError) -> Response {
    (status(error), error.to_string()).into_response()
}

/// An error as a bare status (for what an `<img>` asks for).
pub fn status_of(error: &AppError) -> Response {
    status(error).into_response()
}
