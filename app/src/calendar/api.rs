//! Personal calendar feed server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, redirect},
    },
};

/// The signed-in person's secret feed address, if they made one.
#[server(endpoint = "my_calendar_feed")]
pub async fn my_calendar_feed() -> Result<Option<String>, AppError> {
    let user = auth::require().await?;
    service::my_feed_url(&app_state()?.db, &user, &origin()?).await
}

/// Makes (or replaces) the signed-in person's feed address; `back` is the page to return to.
#[server(endpoint = "regenerate_calendar_feed")]
pub async fn regenerate_calendar_feed(#[server(default)] back: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::regenerate_feed(&app_state()?.db, &user).await?;
    let back = if back == "/me/events" {
        "/me/events"
    } else {
        "/account"
    };
    redirect(&format!("{back}?feed=new"));
    Ok(())
}
