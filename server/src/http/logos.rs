//! Partner logos: uploaded through the partner portal (`POST /partner/{token}/logo`) or by
//! the group's organizers (`POST /g/{slug}/partners/{id}/logo`), as multipart forms that
//! work without JavaScript; served from `GET /logos/{partner}/{version}` with the type told
//! by the content, a policy that stops any script, and a year-long cache (the address
//! changes with every upload).

use app::{
    accounts::api::CurrentUser,
    components::status_encode,
    error::AppError,
    sponsors::{logo::MAX_LOGO_BYTES, service},
    state::AppState,
    web::session_token,
};
use axum::{
    extract::{Multipart, Path, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};

/// The upload limit for the whole form: the logo and the form around it.
pub const BODY_LIMIT: usize = MAX_LOGO_BYTES + 64 * 1024;

fn wants_json(parts: &Parts) -> bool {
    parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Forms get a redirect back to `page` (with the reason when refused, which the page shows
/// next to the field with a 422); JSON clients get the status and the error.
fn answer(result: Result<(), AppError>, json: bool, page: &str) -> Response {
    match (result, json) {
        (Ok(()), true) => Json(serde_json::json!({ "saved": true })).into_response(),
        (Ok(()), false) => Redirect::to(&format!("{page}?done=logo")).into_response(),
        (Err(error), true) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (
                status,
                Json(serde_json::json!({ "error": error.to_string() })),
            )
                .into_response()
        }
        (Err(AppError::Unauthorized), false) => {
            Redirect::to(&format!("/login?next={}", status_encode(page))).into_response()
        }
        (Err(error @ (AppError::NotFound | AppError::Forbidden(_))), false) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
            (status, error.to_string()).into_response()
        }
        (Err(error), false) => Redirect::to(&format!(
            "{page}?logo_error={}",
            status_encode(&error.to_string())
        ))
        .into_response(),
    }
}

fn too_big() -> AppError {
    AppError::invalid(
        "logo",
        "That file is larger than 1 MB, or the upload broke off. Try a smaller logo.",
    )
}

/// The bytes of the form's `logo` field.
async fn logo_field(form: &mut Multipart) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("logo") => match field.bytes().await {
                Ok(data) => bytes = data.to_vec(),
                Err(_) => return Err(too_big()),
            },
            Ok(Some(_)) => {}
            Ok(None) => return Ok(bytes),
            Err(_) => return Err(too_big()),
        }
    }
}

pub async fn portal_upload(
    State(state): State<AppState>,
    Path(token): Path<String>,
    parts: Parts,
    mut form: Multipart,
) -> Response {
    let json = wants_json(&parts);
    let page = format!("/partner/{token}");
    let result = match logo_field(&mut form).await {
        Ok(bytes) => service::portal_save_logo(&state.db, &token, &bytes).await,
        Err(error) => Err(error),
    };
    answer(result, json, &page)
}

async fn viewer(state: &AppState, parts: &Parts) -> Result<Option<CurrentUser>, AppError> {
    match session_token(parts, state.settings.secure_cookies) {
        Some(token) => app::accounts::service::session_user(&state.db, &token).await,
        None => Ok(None),
    }
}

pub async fn organizer_upload(
    State(state): State<AppState>,
    Path((slug, partner)): Path<(String, i64)>,
    parts: Parts,
    mut form: Multipart,
) -> Response {
    let json = wants_json(&parts);
    let page = format!("/g/{slug}/partners");
    let user = match viewer(&state, &parts).await {
        Ok(Some(user)) => user,
        Ok(None) => return answer(Err(AppError::Unauthorized), json, &page),
        Err(error) => return answer(Err(error), json, &page),
    };
    let result = match logo_field(&mut form).await {
        Ok(bytes) => {
            service::save_logo_as_organizer(&state.db, &user, &slug, partner, &bytes).await
        }
        Err(error) => Err(error),
    };
    answer(result, json, &page)
}

/// `GET /logos/{partner}/{version}`: public (and cached for good) once the partner sponsors
/// a published event; before that only for the group's organizers.
pub async fn logo(
    State(state): State<AppState>,
    Path((partner, version)): Path<(i64, i64)>,
    parts: Parts,
) -> Response {
    let viewer = match viewer(&state, &parts).await {
        Ok(viewer) => viewer,
        Err(error) => return status_of(&error),
    };
    match service::logo(&state.db, viewer.as_ref(), partner, version).await {
        Ok(logo) => served(logo),
        Err(error) => status_of(&error),
    }
}

/// `GET /partner/{token}/logo`: the portal holder's own logo, whatever the stage.
pub async fn portal_logo(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match service::portal_logo(&state.db, &token).await {
        Ok(logo) => served(logo),
        Err(error) => status_of(&error),
    }
}

fn status_of(error: &AppError) -> Response {
    StatusCode::from_u16(error.status())
        .unwrap_or(StatusCode::NOT_FOUND)
        .into_response()
}

fn served(logo: service::ServedLogo) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&logo.media_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(if logo.public {
                    "public, max-age=31536000, immutable"
                } else {
                    "private, no-store"
                }),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        logo.bytes,
    )
        .into_response()
}
