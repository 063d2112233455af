//! Speaker photos: `POST /account/photo` (a multipart form that works without JavaScript)
//! and `GET /speakers/{account}/photo`, served with the type told by the photo's content.

use super::edge::{status_of, viewer, wants_json};
use super::uploads::{answer, file_field, served, Back};
use app::{error::AppError, state::AppState, talks::speakers};
use axum::{
    extract::{Multipart, Path, State},
    http::request::Parts,
    response::Response,
};

const BACK: Back<'static> = Back {
    page: "/account",
    done: "saved=photo",
    error: "photo_error",
    anchor: "#speaker",
};

fn too_big() -> AppError {
    AppError::invalid(
        "photo",
        "That file is larger than 2 MB, or the upload broke off. Try a smaller photo.",
    )
}

/// Stores the signed-in person's photo.
pub async fn upload(State(state): State<AppState>, parts: Parts, mut form: Multipart) -> Response {
    let json = wants_json(&parts);
    let user = match viewer(&state, &parts).await {
        Ok(Some(user)) => user,
        Ok(None) => return answer(Err(AppError::Unauthorized), json, &BACK),
        Err(error) => return answer(Err(error), json, &BACK),
    };
    let result = match file_field(&mut form, "photo", too_big).await {
        Ok(bytes) => speakers::save_photo(&state.db, &user, &bytes).await,
        Err(error) => Err(error),
    };
    answer(result, json, &BACK)
}

/// A speaker's photo (public once they are in a published lineup; before that, theirs only).
pub async fn photo(
    State(state): State<AppState>,
    Path(account_id): Path<i64>,
    parts: Parts,
) -> Response {
    let user = match viewer(&state, &parts).await {
        Ok(user) => user,
        Err(error) => return status_of(&error),
    };
    match speakers::photo(&state.db, user.as_ref(), account_id).await {
        Ok((media_type, bytes, _)) => served(&media_type, bytes, "private, max-age=300"),
        Err(error) => status_of(&error),
    }
}
