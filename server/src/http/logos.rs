//! Partner logos: uploaded through the partner portal (`POST /partner/{token}/logo`) or by
//! the group's organizers (`POST /g/{slug}/partners/{id}/logo`), as multipart forms that
//! work without JavaScript; served from `GET /logos/{partner}/{version}` with the type told
//! by the content, a policy that stops any script, and a year-long cache (the address
//! changes with every upload).

use super::edge::{status_of, viewer, wants_json};
use super::uploads::{answer, file_field, served, Back};
use app::{
    error::AppError,
    sponsors::{logo::MAX_LOGO_BYTES, partners, portal},
    state::AppState,
};
use axum::{
    extract::{Multipart, Path, State},
    http::request::Parts,
    response::Response,
};

/// The upload limit for the whole form: the logo and the form around it.
pub const BODY_LIMIT: usize = MAX_LOGO_BYTES + 64 * 1024;

fn back(page: &str) -> Back<'_> {
    Back {
        page,
        done: "done=logo",
        error: "logo_error",
        anchor: "",
    }
}

fn too_big() -> AppError {
    AppError::invalid(
        "logo",
        "That file is larger than 1 MB, or the upload broke off. Try a smaller logo.",
    )
}

pub async fn portal_upload(
    State(state): State<AppState>,
    Path(token): Path<String>,
    parts: Parts,
    mut form: Multipart,
) -> Response {
    let json = wants_json(&parts);
    let page = format!("/partner/{token}");
    let result = match file_field(&mut form, "logo", too_big).await {
        Ok(bytes) => portal::portal_save_logo(&state.db, &token, &bytes).await,
        Err(error) => Err(error),
    };
    answer(result, json, &back(&page))
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
        Ok(None) => return answer(Err(AppError::Unauthorized), json, &back(&page)),
        Err(error) => return answer(Err(error), json, &back(&page)),
    };
    let result = match file_field(&mut form, "logo", too_big).await {
        Ok(bytes) => {
            partners::save_logo_as_organizer(&state.db, &user, &slug, partner, &bytes).await
        }
        Err(error) => Err(error),
    };
    answer(result, json, &back(&page))
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
    match partners::logo(&state.db, viewer.as_ref(), partner, version).await {
        Ok(logo) => serve(logo),
        Err(error) => status_of(&error),
    }
}

/// `GET /partner/{token}/logo`: the portal holder's own logo, whatever the stage.
pub async fn portal_logo(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match portal::portal_logo(&state.db, &token).await {
        Ok(logo) => serve(logo),
        Err(error) => status_of(&error),
    }
}

fn serve(logo: partners::ServedLogo) -> Response {
    served(
        &logo.media_type,
        logo.bytes,
        if logo.public {
            "public, max-age=31536000, immutable"
        } else {
            "private, no-store"
        },
    )
}
