//! Personal calendar feed server functions.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{cookie, origin, redirect, request_parts, set_cookie},
    },
};

/// The cookie that carries a new feed token back to the page that asked for it (never stored
/// on the server; gone after [`SHOWN_FOR_SECS`]).
#[cfg(feature = "ssr")]
fn shown_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-hallway_feed"
    } else {
        "hallway_feed"
    }
}

/// How long the browser that made a feed address can see it again.
pub const SHOWN_FOR_SECS: i64 = 600;

/// The signed-in person's feed: whether they have one, and its address right after making it.
#[server(endpoint = "my_calendar_feed")]
pub async fn my_calendar_feed() -> Result<Option<PersonalFeedState>, AppError> {
    // None when signed out: a page being left after "Sign out" asks once more, which is no error.
    let Some((user, _)) = auth::current().await? else {
        return Ok(None);
    };
    let state = app_state()?;
    let parts = request_parts()?;
    let shown = cookie(&parts, shown_cookie_name(state.settings.secure_cookies));
    service::my_feed(&state.db, &user, shown.as_deref(), &origin()?)
        .await
        .map(Some)
}

/// Makes (or replaces) the signed-in person's feed address; `back` is the page to return to,
/// where the new address is shown once.
#[server(endpoint = "regenerate_calendar_feed")]
pub async fn regenerate_calendar_feed(#[server(default)] back: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let state = app_state()?;
    let token = service::regenerate_feed(&state.db, &user).await?;
    let secure = state.settings.secure_cookies;
    set_cookie(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SHOWN_FOR_SECS}{}",
        shown_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    ));
    let back = if back == "/me/events" {
        "/me/events"
    } else {
        "/account"
    };
    redirect(&format!("{back}?feed=new"));
    Ok(())
}
