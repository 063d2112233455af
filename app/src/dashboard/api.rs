//! What the organizer's home shows, and the server function that loads it.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{accounts::api::auth, state::app_state};

/// The signed-in person's organizer home; `None` for visitors and for people who organize
/// nothing (no error: the home page asks for it for everyone).
#[server(endpoint = "organizer_home")]
pub async fn organizer_home() -> Result<Option<OrganizerView>, AppError> {
    let Some((user, _)) = auth::current().await? else {
        return Ok(None);
    };
    super::service::home(&app_state()?.db, &user).await
}
