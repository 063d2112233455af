//! Changing and recovering a password (server only): the change with the current password
//! (other devices are signed out, a notice is mailed) and the mailed reset link.

use super::passwords::hash_password;
use super::service::{
    check_current_password, hourly_limit, start_session, SignedIn, MAX_RESET_REQUESTS_PER_ADDRESS,
    NO_PASSWORD,
};
use super::{
    domain::{Email, Password},
    queries, session,
};
use crate::{
    db::{self, Db},
    error::{AppError, AppResult},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// Tells an account's address that its password changed, with the way back in.
async fn password_changed_notice(
    tx: &mut db::Tx,
    account: &queries::AccountRow,
    site: &str,
) -> AppResult<()> {
    let mut body = Body::new(&format!("Hi {},", account.display_name));
    body.paragraph("The password of your Hallway account was just changed, and every other device was signed out.")
        .paragraph("If it wasn't you, choose a new password now with the link below.")
        .action("Choose a new password", &format!("{site}/forgot-password"));
    let (body_text, body_html) =
        body.finish("You get this because this address belongs to a Hallway account.");
    let mail = NewMail {
        kind: "password_changed",
        to_address: account.email.clone(),
        to_name: account.display_name.clone(),
        subject: "Your Hallway password was changed".to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}

/// Changes the password after checking the current one, ends every other session, and tells
/// the account's address.
pub async fn change_password(
    db: &Db,
    account_id: i64,
    current: &str,
    new: Password,
    token: &str,
    site: &str,
) -> AppResult<()> {
    let account = check_current_password(db, account_id, current).await?;
    let hash = hash_password(new.expose().to_owned()).await?;
    let now = db::now();
    let mut tx = db.begin_write().await?;
    queries::update_password(&mut tx, account_id, &hash, now).await?;
    queries::delete_other_sessions(&mut tx, account_id, &session::session_id(token), now).await?;
    password_changed_notice(&mut tx, &account, site).await?;
    tx.commit().await?;
    Ok(())
}

/// How long a reset link works.
pub const RESET_TTL_SECS: i64 = 3600;
/// Reset mails per address per hour; more requests are answered the same but send nothing.
pub const MAX_RESETS_PER_HOUR: i64 = 3;

const RESET_GONE: &str =
    "This link has expired or was already used. Ask for a new one below; it works for an hour.";

/// "Forgot your password?": mails a single-use link that works for an hour to the account with
/// `email`, if there is one. The answer is the same either way, so nobody learns which
/// addresses have accounts; a few requests an hour per address are mailed, the rest dropped.
pub async fn request_reset(db: &Db, email: Email, client: &str, site: &str) -> AppResult<()> {
    hourly_limit(
        db,
        &format!("reset-ip:{client}"),
        MAX_RESET_REQUESTS_PER_ADDRESS,
        "Too many password reset requests from your network in the last hour. Please try again later.",
    )
    .await?;
    let now = db::now();
    let key = format!("reset:{}", email.as_str());
    let recent = queries::count_attempts(db.pool(), &key, now - 3600).await?;
    queries::record_attempt(db.writer(), &key, now).await?;
    if recent >= MAX_RESETS_PER_HOUR {
        return Ok(());
    }
    let Some(account) = queries::account_by_email(db.pool(), email.as_str()).await? else {
        return Ok(());
    };
    // A guest's account without a password would become a full account: only where anyone
    // may sign up.
    if account.password_hash == NO_PASSWORD
        && !crate::instance::service::sign_up_is_open(db.pool()).await?
    {
        return Ok(());
    }
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for a reset link");
        AppError::Internal
    })?;
    let link = format!("{site}/reset-password?token={token}");
    let mut body = Body::new(&format!("Hi {},", account.display_name));
    body.paragraph("Someone, hopefully you, asked to choose a new password for your Hallway account. The link below works once, for one hour.")
        .action("Choose a new password", &link)
        .paragraph("If it wasn't you, ignore this mail: your password stays as it is.");
    let (body_text, body_html) =
        body.finish("You get this because someone asked for a new password on Hallway.");
    let mail = NewMail {
        kind: "password_reset",
        to_address: account.email.clone(),
        to_name: account.display_name.clone(),
        subject: "Choose a new password for Hallway".to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    let mut tx = db.begin_write().await?;
    queries::replace_reset(
        &mut tx,
        account.account_id,
        &session::session_id(&token),
        now + RESET_TTL_SECS,
        now,
    )
    .await?;
    enqueue(&mut tx, &mail, site).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a reset link can still be used (for the page that asks for the new password).
pub async fn reset_is_live(db: &Db, token: &str) -> AppResult<bool> {
    Ok(
        queries::live_reset(db.pool(), &session::session_id(token), db::now())
            .await?
            .is_some(),
    )
}

/// Sets a new password from a reset link: the link is used up, every session of the account
/// ends (whoever knew the old password is out), and a new session starts here.
pub async fn reset_password(db: &Db, token: &str, new: Password) -> AppResult<SignedIn> {
    let token_hash = session::session_id(token);
    let gone = || AppError::invalid("", RESET_GONE);
    let account_id = queries::live_reset(db.pool(), &token_hash, db::now())
        .await?
        .ok_or_else(gone)?;
    let hash = hash_password(new.expose().to_owned()).await?;
    let now = db::now();
    let mut tx = db.begin_write().await?;
    if !queries::use_reset(&mut tx, &token_hash, now).await? {
        return Err(gone());
    }
    queries::update_password(&mut tx, account_id, &hash, now).await?;
    queries::delete_sessions(&mut tx, account_id).await?;
    let session = start_session(&mut tx, account_id).await?;
    let account = queries::account_by_id(&mut *tx, account_id)
        .await?
        .ok_or_else(gone)?;
    tx.commit().await?;
    Ok(SignedIn {
        user: account.into(),
        token: session,
    })
}
