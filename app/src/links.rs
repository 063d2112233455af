//! Personal links (server only): a link that opens something without signing in (an RSVP,
//! a mail setting, a calendar feed) carries 256 random bits; the database keeps only their
//! hash ([`crate::tokens::hash`]), so a copy of it opens nothing. Each kind is a policy: the
//! table it lives in, what it belongs to, and whether a new link ends the older ones.

use crate::{
    db::Tx,
    error::{AppError, AppResult},
    tokens,
};

/// What a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `/rsvp/{token}`: see, change or cancel one RSVP. Every mail mints its own.
    Rsvp,
    /// `/unsubscribe/{token}`: a person's bulk-mail settings. Every bulk mail mints its own.
    Unsubscribe,
    /// `/feeds/{token}/calendar.ics`: a person's calendar feed. One at a time: a new one ends
    /// the old.
    Feed,
}

impl LinkKind {
    fn table(self) -> &'static str {
        match self {
            LinkKind::Rsvp => "rsvp_link",
            LinkKind::Unsubscribe => "unsubscribe_link",
            LinkKind::Feed => "feed_link",
        }
    }

    fn owner(self) -> &'static str {
        match self {
            LinkKind::Rsvp => "rsvp_id",
            LinkKind::Unsubscribe | LinkKind::Feed => "account_id",
        }
    }

    fn one_at_a_time(self) -> bool {
        self == LinkKind::Feed
    }
}

/// Makes a new link of `kind` for `owner` (an RSVP or an account id) inside `tx`; returns the
/// token, which is never stored.
pub async fn mint(tx: &mut Tx, kind: LinkKind, owner: i64) -> AppResult<String> {
    let token = tokens::random_token(32).map_err(|error| {
        tracing::error!(%error, ?kind, "no randomness for a personal link");
        AppError::Internal
    })?;
    if kind.one_at_a_time() {
        sqlx::query(&format!(
            "delete from {} where {} = $1",
            kind.table(),
            kind.owner()
        ))
        .bind(owner)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(&format!(
        "insert into {} (token_hash, {}, created_at) values ($1, $2, $3)",
        kind.table(),
        kind.owner()
    ))
    .bind(tokens::hash(&token))
    .bind(owner)
    .bind(crate::db::now())
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// Whether `token` looks like one we make (64 lower-case hex digits): anything else is
/// unknown without asking the database.
fn well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What a link of `kind` opens: its owner's id, or `None` for an unknown or ended link.
pub async fn owner<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    kind: LinkKind,
    token: &str,
) -> Result<Option<i64>, sqlx::Error> {
    if !well_formed(token) {
        return Ok(None);
    }
    sqlx::query_scalar(&format!(
        "select {} from {} where token_hash = $1",
        kind.owner(),
        kind.table()
    ))
    .bind(tokens::hash(token))
    .fetch_optional(db)
    .await
}

/// When the newest link of `kind` for `owner` was made, if there is one.
pub async fn made_at<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    kind: LinkKind,
    owner: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "select max(created_at) from {} where {} = $1",
        kind.table(),
        kind.owner()
    ))
    .bind(owner)
    .fetch_one(db)
    .await
}

/// Whether `token` is the live link of `kind` for `owner`.
pub async fn is_live<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    kind: LinkKind,
    owner: i64,
    token: &str,
) -> Result<bool, sqlx::Error> {
    Ok(self::owner(db, kind, token).await? == Some(owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_our_shape_are_looked_up() {
        assert!(well_formed(&tokens::random_token(32).unwrap()));
        assert!(!well_formed(&"F".repeat(64)));
        assert!(!well_formed("abc"));
        assert!(!well_formed(&"0".repeat(65)));
    }
}
