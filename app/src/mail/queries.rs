//! Outbox storage (server only). Claims are one statement each, so two workers (threads,
//! processes or machines sharing PostgreSQL) never hold the same mail: PostgreSQL skips rows
//! another worker has locked, SQLite runs one writer at a time.

use crate::{
    db::{Db, Engine, Tx},
    error::AppResult,
};
use sqlx::{AnyExecutor, FromRow};

/// A mail to write into the outbox.
#[derive(Debug, Clone, Default)]
pub struct NewMail {
    pub kind: &'static str,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub ics_method: Option<&'static str>,
    pub unsubscribe_url: Option<String>,
    pub group_id: Option<i64>,
    pub event_id: Option<i64>,
}

pub async fn insert(
    tx: &mut Tx,
    mail: &NewMail,
    message_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into outbox (message_id, kind, to_address, to_name, subject, body_text, body_html,
            ics, ics_method, unsubscribe_url, group_id, event_id, status, attempts, due_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', 0, $13, $13)",
    )
    .bind(message_id)
    .bind(mail.kind)
    .bind(&mail.to_address)
    .bind(&mail.to_name)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(&mail.body_html)
    .bind(&mail.ics)
    .bind(mail.ics_method)
    .bind(&mail.unsubscribe_url)
    .bind(mail.group_id)
    .bind(mail.event_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A claimed mail, ready to deliver.
#[derive(Debug, Clone, FromRow)]
pub struct Claimed {
    pub mail_id: i64,
    pub message_id: String,
    pub kind: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub ics_method: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub attempts: i64,
    pub created_at: i64,
}

const CLAIMED: &str =
    "mail_id, message_id, kind, to_address, to_name, subject, body_text, body_html,
    ics, ics_method, unsubscribe_url, attempts, created_at";

/// Whether any mail is due (a cheap read, so idle workers do not take the write lock).
pub async fn any_due<'e>(db: impl AnyExecutor<'e>, now: i64) -> Result<bool, sqlx::Error> {
    let due: Option<i64> = sqlx::query_scalar(
        "select mail_id from outbox where status in ('queued', 'sending') and due_at <= $1 limit 1",
    )
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(due.is_some())
}

/// Claims up to `limit` due mails until `lease_until`: queued ones whose time has come, and
/// ones a worker claimed but never finished (it died) once their lease ran out.
pub async fn claim(db: &Db, now: i64, lease_until: i64, limit: i64) -> AppResult<Vec<Claimed>> {
    let lock = match db.engine() {
        Engine::Postgres => "for update skip locked",
        Engine::Sqlite => "",
    };
    let mut tx = db.begin_write().await?;
    let claimed: Vec<Claimed> = sqlx::query_as(&format!(
        "update outbox set status = 'sending', due_at = $1, attempts = attempts + 1
         where mail_id in (
             select mail_id from outbox
             where status in ('queued', 'sending') and due_at <= $2
             order by mail_id limit $3 {lock})
         returning {CLAIMED}"
    ))
    .bind(lease_until)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(claimed)
}

/// Extends the claim on those of `ids` that are still being sent until `lease_until`.
pub async fn renew_leases<'e>(
    db: impl AnyExecutor<'e>,
    ids: &[i64],
    lease_until: i64,
) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (2..ids.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "update outbox set due_at = $1 where status = 'sending' and mail_id in ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(lease_until);
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(db).await?;
    Ok(())
}

/// Marks a mail sent and keeps only its copy without secrets (`body_text`, `body_html` with
/// every link token removed).
pub async fn mark_sent<'e>(
    db: impl AnyExecutor<'e>,
    mail_id: i64,
    delivered_by: &str,
    now: i64,
    bodies: (&str, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update outbox set status = 'sent', sent_at = $1, delivered_by = $2, last_error = null,
             body_text = $3, body_html = $4
         where mail_id = $5",
    )
    .bind(now)
    .bind(delivered_by)
    .bind(bodies.0)
    .bind(bodies.1)
    .bind(mail_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets sent mails older than `before` (the retention period).
pub async fn prune_sent<'e>(db: impl AnyExecutor<'e>, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("delete from outbox where status = 'sent' and sent_at < $1")
        .bind(before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Puts a mail back in the queue until `due_at`, or marks it failed for good (`due_at` None).
pub async fn mark_unsent<'e>(
    db: impl AnyExecutor<'e>,
    mail_id: i64,
    due_at: Option<i64>,
    error: &str,
) -> Result<(), sqlx::Error> {
    let status = if due_at.is_some() { "queued" } else { "failed" };
    sqlx::query("update outbox set status = $1, due_at = coalesce($2, due_at), last_error = $3 where mail_id = $4")
        .bind(status)
        .bind(due_at)
        .bind(error)
        .bind(mail_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A line of an outbox page.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub mail_id: i64,
    pub kind: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub delivered_by: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub event_title: Option<String>,
}

/// The latest mails about a group and its events.
pub async fn of_group<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as(
        "select o.mail_id, o.kind, o.to_address, o.to_name, o.subject, o.status, o.attempts,
                o.last_error, o.delivered_by, o.created_at, o.sent_at, e.title as event_title
         from outbox o left join event e on e.event_id = o.event_id
         where o.group_id = $1
         order by o.mail_id desc limit $2",
    )
    .bind(group_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Queues a failed mail of the group again; false when there is no such failed mail.
pub async fn resend(
    tx: &mut Tx,
    group_id: i64,
    mail_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update outbox set status = 'queued', attempts = 0, due_at = $1, last_error = null
         where mail_id = $2 and group_id = $3 and status = 'failed'",
    )
    .bind(now)
    .bind(mail_id)
    .bind(group_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
