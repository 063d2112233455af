//! The published schedule as files: `schedule.ics`, the frab `schedule.xml` and
//! `schedule.json`, with the feeds' ETag, Last-Modified, 304 and gzip.

use super::feeds::{origin, respond};
use app::{
    schedule::export::{schedule_file, Format},
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};

async fn file(state: AppState, slug: String, headers: HeaderMap, format: Format) -> Response {
    let origin = origin(&state, &headers);
    respond(
        schedule_file(&state.db, &slug, &origin, format).await,
        &headers,
        true,
    )
}

pub async fn ics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    file(state, slug, headers, Format::Ics).await
}

pub async fn xml(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    file(state, slug, headers, Format::Xml).await
}

pub async fn json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    file(state, slug, headers, Format::Json).await
}
