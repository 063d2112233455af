//! Co-organizer invitation server functions: invite by mail (also people without an account),
//! the organizers' list with delivery status, resend, revoke, and the invitation's own page.

pub use super::views::InvitationPage;
use crate::error::AppError;
pub use crate::invites::api::SentInvitation;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::invite_service::{self as service, OrganizerKind},
    crate::{
        accounts::{api::auth, domain::Email},
        invites::{queries::Kind, service as invites},
        state::app_state,
        web::{public_url, redirect},
    },
};

/// The group's co-organizer invitations (organizers).
#[server(endpoint = "group_invitations")]
pub async fn group_invitations(group: String) -> Result<Vec<SentInvitation>, AppError> {
    let user = auth::require().await?;
    service::list(&app_state()?.db, &user, &group).await
}

/// Mails an invitation to help run the group (organizers).
#[server(endpoint = "invite_organizer")]
pub async fn invite_organizer(
    group: String,
    email: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let email = Email::parse("email", &email)?;
    let message = crate::invites::service::parse_message(&message)?;
    service::invite(
        &app_state()?.db,
        &user,
        &group,
        email,
        &message,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/g/{group}/settings?saved=invited"));
    Ok(())
}

/// Sends an invitation again with a new link (organizers).
#[server(endpoint = "resend_invitation")]
pub async fn resend_invitation(group: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    let state = app_state()?;
    invites::resend::<OrganizerKind>(&state.db, &user, &group, invitation, &public_url()?).await?;
    redirect(&format!("/g/{group}/settings?saved=resent"));
    Ok(())
}

/// Withdraws an invitation; its link stops working (organizers).
#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(group: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    invites::withdraw::<OrganizerKind>(&app_state()?.db, &user, &group, invitation).await?;
    redirect(&format!("/g/{group}/settings?saved=revoked"));
    Ok(())
}

/// The invitation behind a link (anyone holding it).
#[server(endpoint = "open_invitation")]
pub async fn open_invitation(token: String) -> Result<InvitationPage, AppError> {
    let user = auth::current().await?.map(|(user, _)| user);
    service::open(&app_state()?.db, user.as_ref(), &token).await
}

/// Joins the group as a co-organizer with the signed-in account.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let slug = service::accept(&app_state()?.db, &user, &token).await?;
    redirect(&format!("/g/{slug}/settings?saved=joined"));
    Ok(())
}

/// Says no to an invitation (no account needed: the link is the permission).
#[server(endpoint = "decline_invitation")]
pub async fn decline_invitation(token: String) -> Result<(), AppError> {
    invites::decline(&app_state()?.db, Kind::Organizer, &token).await?;
    redirect(&format!("/invitations/{token}?answered=declined"));
    Ok(())
}
