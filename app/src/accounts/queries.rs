//! Account, session and sign-in-attempt storage (server only).

use super::views::CurrentUser;
use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

#[derive(FromRow)]
pub struct AccountRow {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
}

impl From<AccountRow> for CurrentUser {
    fn from(row: AccountRow) -> Self {
        Self {
            account_id: row.account_id,
            email: row.email,
            display_name: row.display_name,
        }
    }
}

const ACCOUNT_COLUMNS: &str = "account_id, email, display_name, password_hash";

pub async fn insert_account(
    tx: &mut Tx,
    email: &str,
    name: &str,
    hash: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into account (email, display_name, password_hash, created_at, updated_at) values ($1, $2, $3, $4, $4) returning account_id",
    )
    .bind(email)
    .bind(name)
    .bind(hash)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn account_by_email<'e>(
    db: impl AnyExecutor<'e>,
    email: &str,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {ACCOUNT_COLUMNS} from account where email = $1"
    ))
    .bind(email)
    .fetch_optional(db)
    .await
}

pub async fn account_by_id<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {ACCOUNT_COLUMNS} from account where account_id = $1"
    ))
    .bind(account_id)
    .fetch_optional(db)
    .await
}

pub async fn account_by_session<'e>(
    db: impl AnyExecutor<'e>,
    session_id: &str,
    now: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(
        "select a.account_id, a.email, a.display_name, a.password_hash
         from user_session s join account a on a.account_id = s.account_id
         where s.session_id = $1 and s.expires_at > $2",
    )
    .bind(session_id)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Renames an account (its address changes only through a confirmed link).
pub async fn rename(tx: &mut Tx, account_id: i64, name: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update account set display_name = $1, updated_at = $2 where account_id = $3")
        .bind(name)
        .bind(now)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_password(
    tx: &mut Tx,
    account_id: i64,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update account set password_hash = $1, updated_at = $2 where account_id = $3")
        .bind(hash)
        .bind(now)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_session(
    tx: &mut Tx,
    session_id: &str,
    account_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into user_session (session_id, account_id, created_at, expires_at) values ($1, $2, $3, $4)")
        .bind(session_id)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_session<'e>(
    db: impl AnyExecutor<'e>,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from user_session where session_id = $1")
        .bind(session_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of the account but `keep` (after a password change), and expired ones.
pub async fn delete_other_sessions(
    tx: &mut Tx,
    account_id: i64,
    keep: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "delete from user_session where (account_id = $1 and session_id <> $2) or expires_at <= $3",
    )
    .bind(account_id)
    .bind(keep)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn record_attempt<'e>(
    db: impl AnyExecutor<'e>,
    key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into login_attempt (attempt_key, attempted_at) values ($1, $2)")
        .bind(key)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a try under `key` and returns its id (so a successful try can be taken back).
pub async fn record_attempt_id<'e>(
    db: impl AnyExecutor<'e>,
    key: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into login_attempt (attempt_key, attempted_at) values ($1, $2) returning login_attempt_id",
    )
    .bind(key)
    .bind(now)
    .fetch_one(db)
    .await
}

/// Forgets one recorded try.
pub async fn delete_attempt<'e>(db: impl AnyExecutor<'e>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from login_attempt where login_attempt_id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// How many tries under `key` since `since` were recorded before try `id`, and when the
/// latest of them was.
pub async fn attempts_before<'e>(
    db: impl AnyExecutor<'e>,
    key: &str,
    since: i64,
    id: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "select count(*), max(attempted_at) from login_attempt
         where attempt_key = $1 and attempted_at > $2 and login_attempt_id < $3",
    )
    .bind(key)
    .bind(since)
    .bind(id)
    .fetch_one(db)
    .await
}

pub async fn count_attempts<'e>(
    db: impl AnyExecutor<'e>,
    key: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from login_attempt where attempt_key = $1 and attempted_at > $2",
    )
    .bind(key)
    .bind(since)
    .fetch_one(db)
    .await
}

/// Forgets old attempts, and those of `key` (after a successful sign-in).
pub async fn clear_attempts<'e>(
    db: impl AnyExecutor<'e>,
    key: &str,
    before: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from login_attempt where attempt_key = $1 or attempted_at <= $2")
        .bind(key)
        .bind(before)
        .execute(db)
        .await?;
    Ok(())
}

/// Replaces an account's unused reset links with a new one.
pub async fn replace_reset(
    tx: &mut Tx,
    account_id: i64,
    token_hash: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from password_reset where account_id = $1 and used_at is null")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into password_reset (token_hash, account_id, expires_at, created_at) values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(expires_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account of a reset link that is unused and unexpired.
pub async fn live_reset<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select account_id from password_reset where token_hash = $1 and used_at is null and expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Uses a reset link up; false when it was already used (by a request that came first).
pub async fn use_reset(tx: &mut Tx, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update password_reset set used_at = $1 where token_hash = $2 and used_at is null and expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of an account.
pub async fn delete_sessions(tx: &mut Tx, account_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from user_session where account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether the account wants (reminders, announcements).
pub async fn mail_preferences<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as("select mail_reminders, mail_announcements from account where account_id = $1")
        .bind(account_id)
        .fetch_one(db)
        .await
}

pub async fn set_mail_preferences(
    tx: &mut Tx,
    account_id: i64,
    reminders: bool,
    announcements: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update account set mail_reminders = $1, mail_announcements = $2 where account_id = $3",
    )
    .bind(i64::from(reminders))
    .bind(i64::from(announcements))
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Turns one kind of bulk mail off for an account.
pub async fn unsubscribe(
    tx: &mut Tx,
    account_id: i64,
    announcements: bool,
) -> Result<bool, sqlx::Error> {
    let column = if announcements {
        "mail_announcements"
    } else {
        "mail_reminders"
    };
    let done = sqlx::query(&format!(
        "update account set {column} = 0 where account_id = $1"
    ))
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces an account's unused confirmation links with a new one for `email`.
pub async fn replace_confirmation(
    tx: &mut Tx,
    account_id: i64,
    email: &str,
    token_hash: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from email_confirmation where account_id = $1 and used_at is null")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into email_confirmation (token_hash, account_id, email, expires_at, created_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(email)
    .bind(expires_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (account, address) of a confirmation link that is unused and unexpired.
pub async fn live_confirmation<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "select account_id, email from email_confirmation
         where token_hash = $1 and used_at is null and expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Uses a confirmation link up and confirms the address if the account still has it; false
/// when the link was already used.
pub async fn use_confirmation(
    tx: &mut Tx,
    token_hash: &str,
    account_id: i64,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query(
        "update email_confirmation set used_at = $1 where token_hash = $2 and used_at is null",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(false);
    }
    // A link for a new address moves the account to it (a unique violation when another
    // account took the address meanwhile).
    sqlx::query(
        "update account set email = $1, email_confirmed_at = $2, updated_at = $2
         where account_id = $3",
    )
    .bind(email)
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// The new address an account asked to move to and has not confirmed yet.
pub async fn pending_email<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select c.email from email_confirmation c join account a on a.account_id = c.account_id
         where c.account_id = $1 and c.used_at is null and c.expires_at > $2 and c.email <> a.email
         order by c.created_at desc limit 1",
    )
    .bind(account_id)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Forgets unconfirmed moves to another address than `current`.
pub async fn drop_pending_changes(
    tx: &mut Tx,
    account_id: i64,
    current: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "delete from email_confirmation where account_id = $1 and used_at is null and email <> $2",
    )
    .bind(account_id)
    .bind(current)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (email, confirmed at) of an account.
pub async fn email_status<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<(String, Option<i64>), sqlx::Error> {
    sqlx::query_as("select email, email_confirmed_at from account where account_id = $1")
        .bind(account_id)
        .fetch_one(db)
        .await
}

/// Marks an account's address as confirmed.
pub async fn mark_confirmed(tx: &mut Tx, account_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update account set email_confirmed_at = $1 where account_id = $2")
        .bind(now)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a link that moves the account back to `email` (its old address).
pub async fn insert_undo(
    tx: &mut Tx,
    token_hash: &str,
    account_id: i64,
    email: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into email_undo (token_hash, account_id, email, expires_at, created_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(email)
    .bind(expires_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (account, old address) of an undo link that is unused and unexpired.
pub async fn live_undo<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "select account_id, email from email_undo
         where token_hash = $1 and used_at is null and expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Uses an undo link up; false when a request that came first used it.
pub async fn use_undo(tx: &mut Tx, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update email_undo set used_at = $1 where token_hash = $2 and used_at is null and expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts an account back on its old, already confirmed address and forgets moves in waiting.
pub async fn restore_email(
    tx: &mut Tx,
    account_id: i64,
    email: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update account set email = $1, email_confirmed_at = $2, updated_at = $2 where account_id = $3",
    )
    .bind(email)
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("delete from email_confirmation where account_id = $1 and used_at is null")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
