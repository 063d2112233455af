//! One-click unsubscribe (RFC 8058): mail providers POST `List-Unsubscribe=One-Click` to the
//! `List-Unsubscribe` address of a bulk mail, without a browser or a session; the token in the
//! address is the permission. A GET (a person following the header's link) goes to the page.

use app::{accounts::service, error::AppError, state::AppState};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use std::collections::HashMap;

fn what(query: &HashMap<String, String>) -> &str {
    match query.get("what").map(String::as_str) {
        Some("announcements") => "announcements",
        _ => "reminders",
    }
}

pub async fn one_click(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let announcements = what(&query) == "announcements";
    match service::unsubscribe(&state.db, &token, announcements).await {
        Ok(()) => (StatusCode::OK, "Unsubscribed.").into_response(),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(error) => super::edge::failure(&error),
    }
}

pub async fn page(
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Redirect {
    let token: String = token.chars().filter(char::is_ascii_alphanumeric).collect();
    Redirect::to(&format!("/unsubscribe/{token}?what={}", what(&query)))
}
