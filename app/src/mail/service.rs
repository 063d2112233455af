//! Mail use cases (server only): writing mail into the outbox inside the caller's
//! transaction, and what organizers see of it.

use super::queries::{self, NewMail};
use crate::{
    accounts::session::random_token,
    db::{self, Tx},
    error::{AppError, AppResult},
};

/// Writes `mail` into the outbox as part of `tx`: it is sent only if `tx` commits.
/// `host` names this Hallway in the Message-ID (`events.example.org`).
pub async fn enqueue(tx: &mut Tx, mail: &NewMail, host: &str) -> AppResult<()> {
    let id = random_token(16).map_err(|error| {
        tracing::error!(%error, "no randomness for a Message-ID");
        AppError::Internal
    })?;
    let message_id = format!("<{id}@{host}>");
    queries::insert(tx, mail, &message_id, db::now()).await?;
    Ok(())
}
