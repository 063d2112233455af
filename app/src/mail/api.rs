//! Mail server functions: the outbox page of a group.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::{accounts::api::auth, state::app_state, web::redirect},
};

/// The latest mails about a group and its events (organizers).
#[server(endpoint = "group_outbox")]
pub async fn group_outbox(group: String) -> Result<OutboxView, AppError> {
    let user = auth::require().await?;
    service::group_outbox(&app_state()?.db, &user, &group).await
}

/// Queues a failed mail again (organizers).
#[server(endpoint = "resend_mail")]
pub async fn resend_mail(group: String, mail: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::resend(&app_state()?.db, &user, &group, mail).await?;
    redirect(&format!("/g/{group}/outbox?done=resent"));
    Ok(())
}
