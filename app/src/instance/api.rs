//! The instance settings page's data and forms.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{accounts::api::auth, state::app_state, web::redirect};

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
    #[server(default)] invitations_per_account: String,
    #[server(default)] invitations_per_event: String,
    #[server(default)] announcements_per_account: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let form = super::service::SettingsForm {
        name,
        sign_up,
        group_creation,
        quotas: [
            invitations_per_account,
            invitations_per_event,
            announcements_per_account,
        ],
    };
    super::service::save(&app_state()?.db, &user, &form).await?;
    redirect("/admin?saved=1");
    Ok(())
}

/// The instance's name, for the home page.
#[server(endpoint = "instance_name")]
pub async fn instance_name() -> Result<String, AppError> {
    super::service::name(&app_state()?.db).await
}

/// Whether a setup link (`/setup/{token}`, printed to the server's log at the start of an
/// instance without an admin) still makes an admin.
#[server(endpoint = "setup_link")]
pub async fn setup_link(token: String) -> Result<bool, AppError> {
    super::service::setup_is_live(&app_state()?.db, &token).await
}

/// Makes the signed-in person this instance's first admin through a setup link.
#[server(endpoint = "claim_admin")]
pub async fn claim_admin(token: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::claim_setup(&app_state()?.db, &user, &token).await?;
    redirect("/admin?saved=admin");
    Ok(())
}
