//! Speaker photos: `POST /account/photo` (a multipart form that works without JavaScript)
//! and `GET /speakers/{account}/photo`, served with the type told by the photo's content.

use app::{
    accounts::api::CurrentUser, components::status_encode, error::AppError, state::AppState,
    talks::service, web::session_token,
};
use axum::{
    extract::{Multipart, Path, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};

async fn viewer(state: &AppState, parts: &Parts) -> Result<Option<CurrentUser>, AppError> {
    match session_token(parts, state.settings.secure_cookies) {
        Some(token) => app::accounts::service::session_user(&state.db, &token).await,
        None => Ok(None),
    }
}

fn wants_json(parts: &Parts) -> bool {
    parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Stores the signed-in person's photo. Forms get a redirect to the account page (with the
/// reason next to the field when refused); JSON clients get the status and the error.
pub async fn upload(State(state): State<AppState>, parts: Parts, mut form: Multipart) -> Response {
    let json = wants_json(&parts);
    let answer = |result: Result<(), AppError>| -> Response {
        match (result, json) {
            (Ok(()), true) => Json(serde_json::json!({ "saved": true })).into_response(),
            (Ok(()), false) => Redirect::to("/account?saved=photo#speaker").into_response(),
            (Err(error), true) => {
                let status =
                    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
                (
                    status,
                    Json(serde_json::json!({ "error": error.to_string() })),
                )
                    .into_response()
            }
            (Err(AppError::Unauthorized), false) => {
                Redirect::to("/login?next=/account").into_response()
            }
            (Err(error), false) => Redirect::to(&format!(
                "/account?photo_error={}#speaker",
                status_encode(&error.to_string())
            ))
            .into_response(),
        }
    };
    let user = match viewer(&state, &parts).await {
        Ok(Some(user)) => user,
        Ok(None) => return answer(Err(AppError::Unauthorized)),
        Err(error) => return answer(Err(error)),
    };
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => match field.bytes().await {
                Ok(data) => bytes = Some(data),
                Err(_) => return answer(Err(AppError::invalid(
                    "photo",
                    "That file is larger than 2 MB, or the upload broke off. Try a smaller photo.",
                ))),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return answer(Err(AppError::invalid(
                    "photo",
                    "That file is larger than 2 MB, or the upload broke off. Try a smaller photo.",
                )))
            }
        }
    }
    let bytes = bytes.unwrap_or_default();
    answer(service::save_photo(&state.db, &user, &bytes).await)
}

/// A speaker's photo (public once they are in a published lineup; before that, theirs only).
pub async fn photo(
    State(state): State<AppState>,
    Path(account_id): Path<i64>,
    parts: Parts,
) -> Response {
    let user = match viewer(&state, &parts).await {
        Ok(user) => user,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match service::photo(&state.db, user.as_ref(), account_id).await {
        Ok((media_type, bytes, _)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&media_type)
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, max-age=300"),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'none'; sandbox"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => StatusCode::from_u16(error.status())
            .unwrap_or(StatusCode::NOT_FOUND)
            .into_response(),
    }
}
