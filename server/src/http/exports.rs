//! Downloads that are files, not pages (organizers): `GET /e/{slug}/attendees.csv` and
//! `GET /e/{slug}/sponsorship.csv`.

use super::edge::{failure, viewer};
use app::{accounts::api::CurrentUser, error::AppError, state::AppState};
use axum::{
    extract::{Path, State},
    http::{header, request::Parts, HeaderValue},
    response::{IntoResponse, Redirect, Response},
};

/// The attendee list as CSV: UTF-8 with a byte-order mark (so spreadsheets pick UTF-8),
/// RFC 4180 quoting and formula-safe cells.
pub async fn attendees_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
) -> Response {
    let user = match signed_in(&state, &parts, &format!("/e/{slug}/attendees")).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    csv(app::rsvp::service::attendees_csv(&state.db, &user, &slug).await)
}

/// The sponsorship pipeline as CSV, written like the attendee list.
pub async fn sponsorship_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
) -> Response {
    let user = match signed_in(&state, &parts, &format!("/e/{slug}/sponsorship")).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    csv(app::sponsors::service::pipeline_csv(&state.db, &user, &slug).await)
}

/// The signed-in person, or the answer to send instead (sign in first, coming back to `next`).
async fn signed_in(state: &AppState, parts: &Parts, next: &str) -> Result<CurrentUser, Response> {
    match viewer(state, parts).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(Redirect::to(&format!(
            "/login?next={}",
            app::components::status_encode(next)
        ))
        .into_response()),
        Err(error) => Err(failure(&error)),
    }
}

fn csv(result: Result<(String, String), AppError>) -> Response {
    match result {
        Ok((name, body)) => {
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
                .unwrap_or(HeaderValue::from_static("attachment"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                format!("\u{feff}{body}"),
            )
                .into_response()
        }
        Err(error) => failure(&error),
    }
}
