//! The instance settings page's data and forms.

use super::domain::{GroupCreation, SignUp};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{accounts::api::auth, state::app_state, web::redirect};

/// `/admin`: what the admins set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceView {
    pub name: String,
    pub sign_up: SignUp,
    pub group_creation: GroupCreation,
    /// `HALLWAY_PUBLIC_URL` (configuration, shown for reference).
    pub public_url: String,
    pub admins: Vec<String>,
}

#[server(endpoint = "instance_settings")]
pub async fn instance_settings() -> Result<InstanceView, AppError> {
    let user = auth::require().await?;
    let state = app_state()?;
    super::service::view(&state.db, &user, &state.settings.public_url).await
}

#[server(endpoint = "save_instance_settings")]
pub async fn save_instance_settings(
    name: String,
    sign_up: String,
    group_creation: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::save(&app_state()?.db, &user, &name, &sign_up, &group_creation).await?;
    redirect("/admin?saved=1");
    Ok(())
}

/// The instance's name, for the home page.
#[server(endpoint = "instance_name")]
pub async fn instance_name() -> Result<String, AppError> {
    super::service::name(&app_state()?.db).await
}
