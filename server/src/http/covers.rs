//! Event covers: `POST /e/{slug}/cover` (a multipart form that works without JavaScript),
//! and `GET /e/{slug}/cover`, whose address changes with
//! every upload (`?v=`), so a published event's image is cached for a day by anyone.

use super::edge::{status_of, viewer, wants_json};
use super::uploads::{answer, file_field, served, Back};
use app::{error::AppError, events::cover_service, state::AppState};
use axum::{
    extract::{Multipart, Path, State},
    http::request::Parts,
    response::Response,
};

fn too_big() -> AppError {
    AppError::invalid(
        "cover",
        "That file is larger than 2 MB, or the upload broke off. Try a smaller image.",
    )
}

fn back<'a>(page: &'a str, done: &'a str) -> Back<'a> {
    Back {
        page,
        done,
        error: "cover_error",
        anchor: "#cover",
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
    mut form: Multipart,
) -> Response {
    let json = wants_json(&parts);
    let page = format!("/e/{slug}/edit");
    let back = back(&page, "saved=cover");
    let user = match viewer(&state, &parts).await {
        Ok(Some(user)) => user,
        Ok(None) => return answer(Err(AppError::Unauthorized), json, &back),
        Err(error) => return answer(Err(error), json, &back),
    };
    let result = match file_field(&mut form, "cover", too_big).await {
        Ok(bytes) => cover_service::save(&state.db, &user, &slug, &bytes).await,
        Err(error) => Err(error),
    };
    answer(result, json, &back)
}

pub async fn image(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
) -> Response {
    let viewer = match viewer(&state, &parts).await {
        Ok(viewer) => viewer,
        Err(error) => return status_of(&error),
    };
    match cover_service::image(&state.db, viewer.as_ref(), &slug).await {
        Ok((media_type, bytes, public)) => served(
            &media_type,
            bytes,
            if public {
                "public, max-age=86400"
            } else {
                "private, no-store"
            },
        ),
        Err(error) => status_of(&error),
    }
}
