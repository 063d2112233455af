//! Mail jobs (server only): one row, written in the transaction of a change that concerns
//! many people, that the delivery worker turns into their mails in batches. Each batch's mails
//! and the job's cursor commit together, so a job that is interrupted resumes where it stopped
//! and mails nobody twice.

use crate::{
    db::{self, Db, Engine, Tx},
    error::AppResult,
};
use sqlx::FromRow;

/// What a job mails about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// The event's time or place changed: everyone going or waiting gets the update.
    EventChanged,
    /// The event was cancelled.
    EventCancelled,
    /// Organizers wrote to the people going and/or waiting.
    Announcement,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EventChanged => "event_changed",
            Self::EventCancelled => "event_cancelled",
            Self::Announcement => "announcement",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "event_changed" => Some(Self::EventChanged),
            "event_cancelled" => Some(Self::EventCancelled),
            "announcement" => Some(Self::Announcement),
            _ => None,
        }
    }
}

/// Writes a job as part of `tx`.
pub async fn enqueue(tx: &mut Tx, kind: JobKind, event_id: i64) -> AppResult<()> {
    let now = db::now();
    sqlx::query(
        "insert into mail_job (kind, event_id, cursor, status, due_at, created_at)
         values ($1, $2, 0, 'queued', $3, $3)",
    )
    .bind(kind.as_str())
    .bind(event_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A job a worker holds.
#[derive(Debug, Clone)]
pub struct Job {
    pub job_id: i64,
    pub kind: JobKind,
    pub event_id: i64,
    /// The last account already mailed.
    pub cursor: i64,
    /// Announcements: subject, Markdown body, audience.
    pub subject: Option<String>,
    pub body: Option<String>,
    pub audience: Option<String>,
}

#[derive(FromRow)]
struct JobRow {
    job_id: i64,
    kind: String,
    event_id: i64,
    cursor: i64,
    subject: Option<String>,
    body: Option<String>,
    audience: Option<String>,
}

/// Claims the oldest due job (queued, or running with its lease run out) until `lease_until`.
pub async fn claim(db: &Db, now: i64, lease_until: i64) -> AppResult<Option<Job>> {
    let lock = match db.engine() {
        Engine::Postgres => "for update skip locked",
        Engine::Sqlite => "",
    };
    let mut tx = db.begin_write().await?;
    let row: Option<JobRow> = sqlx::query_as(&format!(
        "update mail_job set status = 'running', due_at = $1
         where job_id in (
             select job_id from mail_job where status in ('queued', 'running') and due_at <= $2
             order by job_id limit 1 {lock})
         returning job_id, kind, event_id, cursor, subject, body, audience"
    ))
    .bind(lease_until)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.and_then(|row| {
        Some(Job {
            job_id: row.job_id,
            kind: JobKind::parse(&row.kind)?,
            event_id: row.event_id,
            cursor: row.cursor,
            subject: row.subject,
            body: row.body,
            audience: row.audience,
        })
    }))
}

/// Whether any job is due (a cheap read).
pub async fn any_due(db: &Db, now: i64) -> AppResult<bool> {
    let due: Option<i64> = sqlx::query_scalar(
        "select job_id from mail_job where status in ('queued', 'running') and due_at <= $1 limit 1",
    )
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    Ok(due.is_some())
}

/// Moves the cursor past the batch just mailed (in that batch's transaction) and renews the
/// lease; `done` ends the job.
pub async fn advance(
    tx: &mut Tx,
    job_id: i64,
    cursor: i64,
    lease_until: i64,
    done: bool,
) -> AppResult<()> {
    sqlx::query("update mail_job set cursor = $1, due_at = $2, status = $3 where job_id = $4")
        .bind(cursor)
        .bind(lease_until)
        .bind(if done { "done" } else { "running" })
        .bind(job_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Gives a job back at once (a stopping worker), to resume from its cursor.
pub async fn release(db: &Db, job_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("update mail_job set due_at = $1 where job_id = $2 and status = 'running'")
        .bind(db::now())
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes an announcement job as part of `tx`: `audience` is `going`, `waitlisted` or both,
/// comma-separated.
pub async fn enqueue_announcement(
    tx: &mut Tx,
    event_id: i64,
    subject: &str,
    body: &str,
    audience: &str,
) -> AppResult<()> {
    let now = db::now();
    sqlx::query(
        "insert into mail_job (kind, event_id, subject, body, audience, cursor, status, due_at, created_at)
         values ('announcement', $1, $2, $3, $4, 0, 'queued', $5, $5)",
    )
    .bind(event_id)
    .bind(subject)
    .bind(body)
    .bind(audience)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Announcements written for an event since `since`.
pub async fn announcements_since(tx: &mut Tx, event_id: i64, since: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from mail_job where kind = 'announcement' and event_id = $1 and created_at > $2",
    )
    .bind(event_id)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}
