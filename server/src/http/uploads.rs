//! What every image upload and download shares: who asks, the answer a form (a redirect
//! back, with the reason next to the field when refused) or a JSON client gets, the file
//! field of a multipart form, and serving the bytes with a policy that stops any script.

use super::edge::status;
use app::{components::status_encode, error::AppError};
use axum::{
    extract::Multipart,
    http::{header, HeaderValue},
    response::{IntoResponse, Redirect, Response},
    Json,
};

/// Where a form goes back to after an upload.
pub struct Back<'a> {
    /// The page with the form, like `/account`.
    pub page: &'a str,
    /// The query that says what was done, like `saved=photo`.
    pub done: &'a str,
    /// The query parameter that carries the reason of a refusal, like `photo_error`.
    pub error: &'a str,
    /// The form's place on the page, like `#speaker` (or empty).
    pub anchor: &'a str,
}

/// Forms get a redirect back (a sign-in first when signed out); JSON clients get the status
/// and the error.
pub fn answer(result: Result<(), AppError>, json: bool, back: &Back<'_>) -> Response {
    let Back {
        page,
        done,
        error: param,
        anchor,
    } = back;
    match (result, json) {
        (Ok(()), true) => Json(serde_json::json!({ "saved": true })).into_response(),
        (Ok(()), false) => Redirect::to(&format!("{page}?{done}{anchor}")).into_response(),
        (Err(error), true) => (
            status(&error),
            Json(serde_json::json!({ "error": error.to_string() })),
        )
            .into_response(),
        (Err(AppError::Unauthorized), false) => {
            Redirect::to(&format!("/login?next={}", status_encode(page))).into_response()
        }
        (Err(error @ (AppError::NotFound | AppError::Forbidden(_))), false) => {
            super::edge::failure(&error)
        }
        (Err(error), false) => Redirect::to(&format!(
            "{page}?{param}={}{anchor}",
            status_encode(&error.to_string())
        ))
        .into_response(),
    }
}

/// The bytes of the form's file field `name` (empty when it is missing); `too_big` when the
/// upload is over the route's limit or broke off.
pub async fn file_field(
    form: &mut Multipart,
    name: &str,
    too_big: fn() -> AppError,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some(name) => match field.bytes().await {
                Ok(data) => bytes = data.to_vec(),
                Err(_) => return Err(too_big()),
            },
            Ok(Some(_)) => {}
            Ok(None) => return Ok(bytes),
            Err(_) => return Err(too_big()),
        }
    }
}

/// Image bytes with the type told by their content, `cache` as Cache-Control, and a policy
/// under which nothing in them runs.
pub fn served(media_type: &str, bytes: Vec<u8>, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(media_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}
