//! Undoing a move to another address (server only): once an account moved, its old address
//! gets a link that moves it back and signs every device out, for when the move was not the
//! owner's doing.

use super::{queries, session};
use crate::{
    db::{self, Db},
    error::{AppError, AppResult},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// How long the old address can move an account back after it moved.
pub const UNDO_TTL_SECS: i64 = 14 * 24 * 3600;

/// Tells the old address that the account moved to `new`, with a link that moves it back.
pub(super) async fn moved_notice(
    tx: &mut db::Tx,
    account_id: i64,
    name: &str,
    old: &str,
    new: &str,
    site: &str,
) -> AppResult<()> {
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for an undo link");
        AppError::Internal
    })?;
    let now = db::now();
    queries::insert_undo(
        tx,
        &session::session_id(&token),
        account_id,
        old,
        now + UNDO_TTL_SECS,
        now,
    )
    .await?;
    let mut body = Body::new(&format!("Hi {name},"));
    body.paragraph(&format!("Your Hallway account now uses the address {new}; mails go there from now on."))
        .paragraph("If it wasn't you, move it back to this address with the link below (it works for 14 days): every device is signed out, and you can choose a new password.")
        .action("Move my account back", &format!("{site}/undo-email-change?token={token}"));
    let (body_text, body_html) =
        body.finish("You get this because this address belonged to a Hallway account.");
    let mail = NewMail {
        kind: "email_moved",
        to_address: old.to_owned(),
        to_name: name.to_owned(),
        subject: "Your Hallway account moved to another address".to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}

const UNDO_GONE: &str = "This link has expired or was already used.";

/// The old address an undo link would move the account back to, if the link still works.
pub async fn undo_address(db: &Db, token: &str) -> AppResult<Option<String>> {
    Ok(
        queries::live_undo(db.pool(), &session::session_id(token), db::now())
            .await?
            .map(|(_, email)| email),
    )
}

/// Moves an account back to the address an undo link was mailed to, and ends every session
/// (whoever moved it is signed out). Single use.
pub async fn undo_email_change(db: &Db, token: &str) -> AppResult<()> {
    let token_hash = session::session_id(token);
    let now = db::now();
    let (account_id, email) = queries::live_undo(db.pool(), &token_hash, now)
        .await?
        .ok_or_else(|| AppError::invalid("", UNDO_GONE))?;
    let mut tx = db.begin_write().await?;
    if !queries::use_undo(&mut tx, &token_hash, now).await? {
        return Err(AppError::invalid("", UNDO_GONE));
    }
    queries::restore_email(&mut tx, account_id, &email, now)
        .await
        .map_err(crate::db::unique_as("email", || AppError::conflict(
                    "",
                    "Another account uses this address now, so the move cannot be undone here. Please contact the instance's admins.",
                )))?;
    queries::delete_sessions(&mut tx, account_id).await?;
    tx.commit().await?;
    Ok(())
}
