//! Account server functions: thin wrappers that parse input and call the service.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        domain::{collect, DisplayName, Email, Password},
        recovery, service, session,
    },
    crate::{
        state::app_state,
        web::{client_ip, redirect, request_parts, safe_next, session_token, set_cookie},
    },
};

/// Session lookups for other domains' services (server only).
#[cfg(feature = "ssr")]
pub mod auth {
    use super::*;
    use crate::error::AppResult;

    /// The signed-in person and their session token, if any.
    pub async fn current() -> AppResult<Option<(CurrentUser, String)>> {
        let parts = request_parts()?;
        let state = app_state()?;
        let Some(token) = session_token(&parts, state.settings.secure_cookies) else {
            return Ok(None);
        };
        Ok(service::session_user(&state.db, &token)
            .await?
            .map(|user| (user, token)))
    }

    /// The signed-in person, or `Unauthorized`.
    pub async fn require() -> AppResult<CurrentUser> {
        current()
            .await?
            .map(|(user, _)| user)
            .ok_or(AppError::Unauthorized)
    }
}

/// Who is signed in, if anyone.
#[server(endpoint = "current_user")]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(auth::current().await?.map(|(user, _)| user))
}

/// Creates an account, signs it in, and goes to `next` (or the home page).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    display_name: String,
    email: String,
    password: String,
    next: Option<String>,
    #[server(default)] invitation: String,
) -> Result<(), AppError> {
    let (name, email, password) = collect(
        DisplayName::parse("display_name", &display_name),
        Email::parse("email", &email),
        Password::parse("password", &password),
    )?;
    let state = app_state()?;
    let signed_in = service::sign_up(
        &state.db,
        service::NewAccount {
            name,
            email,
            password,
            invitation,
        },
        &client_ip(&request_parts()?),
        &crate::web::public_url()?,
    )
    .await?;
    set_cookie(&session::cookie(
        &signed_in.token,
        state.settings.secure_cookies,
    ));
    redirect(&crate::web::welcome_next(next.as_deref()));
    Ok(())
}

/// Signs in with email and password (a fresh session every time) and goes to `next`.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = app_state()?;
    let parts = request_parts()?;
    let previous = session_token(&parts, state.settings.secure_cookies);
    let signed_in = service::sign_in(
        &state.db,
        &email,
        &password,
        &client_ip(&parts),
        previous.as_deref(),
    )
    .await?;
    set_cookie(&session::cookie(
        &signed_in.token,
        state.settings.secure_cookies,
    ));
    redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Ends the current session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = app_state()?;
    if let Some(token) = session_token(&request_parts()?, state.settings.secure_cookies) {
        service::sign_out(&state.db, &token).await?;
    }
    set_cookie(&session::clear_cookie(state.settings.secure_cookies));
    redirect("/");
    Ok(())
}

/// Changes the signed-in person's name and email.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    display_name: String,
    email: String,
    #[server(default)] current_password: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let (name, email, ()) = collect(
        DisplayName::parse("display_name", &display_name),
        Email::parse("email", &email),
        Ok(()),
    )?;
    let moving = service::update_profile(
        &app_state()?.db,
        &user,
        name,
        email,
        &current_password,
        &crate::web::public_url()?,
    )
    .await?;
    redirect(if moving {
        "/account?saved=email_pending"
    } else {
        "/account?saved=profile"
    });
    Ok(())
}

/// Keeps the current address: forgets a move to a new one that was not confirmed yet.
#[server(endpoint = "cancel_email_change")]
pub async fn cancel_email_change() -> Result<(), AppError> {
    let user = auth::require().await?;
    service::cancel_email_change(&app_state()?.db, &user).await?;
    redirect("/account?saved=email_kept");
    Ok(())
}

/// Changes the password after checking the current one; other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (user, token) = auth::current().await?.ok_or(AppError::Unauthorized)?;
    let new = Password::parse("new_password", &new_password)?;
    recovery::change_password(
        &app_state()?.db,
        user.account_id,
        &current_password,
        new,
        &token,
        &crate::web::public_url()?,
    )
    .await?;
    redirect("/account?saved=password");
    Ok(())
}

/// "Forgot your password?": mails a link to choose a new one, if an account has this address.
/// Answers the same whether or not one does.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let email = Email::parse("email", &email)?;
    recovery::request_reset(
        &app_state()?.db,
        email,
        &client_ip(&request_parts()?),
        &crate::web::public_url()?,
    )
    .await?;
    redirect("/forgot-password?sent=1");
    Ok(())
}

/// Whether a reset link still works (the page asks before showing the form).
#[server(endpoint = "check_password_reset")]
pub async fn check_password_reset(token: String) -> Result<bool, AppError> {
    recovery::reset_is_live(&app_state()?.db, &token).await
}

/// Sets a new password from a reset link, signs out everywhere else, and signs in here.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let password = Password::parse("password", &password)?;
    let state = app_state()?;
    let signed_in = recovery::reset_password(&state.db, &token, password).await?;
    set_cookie(&session::cookie(
        &signed_in.token,
        state.settings.secure_cookies,
    ));
    redirect("/account?saved=reset");
    Ok(())
}

/// The signed-in person's mail settings; None when signed out (the account page asks while
/// it is being left after signing out, which is no error).
#[server(endpoint = "mail_preferences")]
pub async fn mail_preferences() -> Result<Option<MailSettingsView>, AppError> {
    let Some((user, _)) = auth::current().await? else {
        return Ok(None);
    };
    let (reminders, announcements) =
        service::mail_preferences(&app_state()?.db, user.account_id).await?;
    Ok(Some(MailSettingsView {
        reminders,
        announcements,
    }))
}

/// Saves the mail settings (unchecked boxes are absent from the form).
#[server(endpoint = "update_mail_preferences")]
pub async fn update_mail_preferences(
    #[server(default)] reminders: String,
    #[server(default)] announcements: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::set_mail_preferences(
        &app_state()?.db,
        user.account_id,
        !reminders.is_empty(),
        !announcements.is_empty(),
    )
    .await?;
    redirect("/account?saved=mail");
    Ok(())
}

/// What an unsubscribe link's owner gets now.
#[server(endpoint = "unsubscribe_state")]
pub async fn unsubscribe_state(token: String) -> Result<MailSettingsView, AppError> {
    let (reminders, announcements) = service::unsubscribe_state(&app_state()?.db, &token).await?;
    Ok(MailSettingsView {
        reminders,
        announcements,
    })
}

/// Turns reminders (`what=reminders`) or announcements off from a mail's link.
#[server(endpoint = "unsubscribe")]
pub async fn unsubscribe(token: String, what: String) -> Result<(), AppError> {
    let announcements = what == "announcements";
    service::unsubscribe(&app_state()?.db, &token, announcements).await?;
    redirect(&format!(
        "/unsubscribe/{token}?what={}&done=1",
        if announcements {
            "announcements"
        } else {
            "reminders"
        }
    ));
    Ok(())
}

#[server(endpoint = "email_status")]
pub async fn email_status() -> Result<Option<EmailStatusView>, AppError> {
    let Some((user, _)) = auth::current().await? else {
        return Ok(None);
    };
    let (email, confirmed, pending) =
        service::email_status(&app_state()?.db, user.account_id).await?;
    Ok(Some(EmailStatusView {
        email,
        confirmed,
        pending,
    }))
}

/// Mails a new link to confirm the signed-in person's address.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation() -> Result<(), AppError> {
    let user = auth::require().await?;
    service::resend_confirmation(&app_state()?.db, &user, &crate::web::public_url()?).await?;
    redirect("/account?saved=confirmation_sent");
    Ok(())
}

/// The address a confirmation link would confirm (None when the link no longer works).
#[server(endpoint = "check_email_confirmation")]
pub async fn check_email_confirmation(token: String) -> Result<Option<String>, AppError> {
    service::confirmation_address(&app_state()?.db, &token).await
}

/// Confirms an address from its mailed link.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    service::confirm_email(&app_state()?.db, &token, &crate::web::public_url()?).await?;
    redirect("/confirm-email?done=1");
    Ok(())
}

/// The old address an undo link moves the account back to (None when it no longer works).
#[server(endpoint = "check_email_undo")]
pub async fn check_email_undo(token: String) -> Result<Option<String>, AppError> {
    service::undo_address(&app_state()?.db, &token).await
}

/// Moves the account back to its old address from the link mailed there; every device is
/// signed out.
#[server(endpoint = "undo_email_change")]
pub async fn undo_email_change(token: String) -> Result<(), AppError> {
    let state = app_state()?;
    service::undo_email_change(&state.db, &token).await?;
    set_cookie(&session::clear_cookie(state.settings.secure_cookies));
    redirect("/undo-email-change?done=1");
    Ok(())
}
