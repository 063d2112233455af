//! Reviewers, their scores, and the confirmation reminders due (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// An event's reviewers: (account, name, email).
pub async fn reviewers<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select a.account_id, a.display_name, a.email from event_reviewer r
         join account a on a.account_id = r.account_id
         where r.event_id = $1 order by r.added_at, a.account_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn is_reviewer<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    // A reviewer named by address reviews only once that address is confirmed.
    let n: i64 = sqlx::query_scalar(
        "select count(*) from event_reviewer r join account a on a.account_id = r.account_id
         where r.event_id = $1 and r.account_id = $2 and a.email_confirmed_at is not null",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Adds a reviewer; false when they already were one.
pub async fn add_reviewer(
    tx: &mut Tx,
    event_id: i64,
    account_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if is_reviewer(&mut **tx, event_id, account_id).await? {
        return Ok(false);
    }
    sqlx::query("insert into event_reviewer (event_id, account_id, added_at) values ($1, $2, $3)")
        .bind(event_id)
        .bind(account_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

pub async fn remove_reviewer(
    tx: &mut Tx,
    event_id: i64,
    account_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from event_reviewer where event_id = $1 and account_id = $2")
            .bind(event_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

/// The account with this address, and whether the address is confirmed.
pub async fn account_by_email<'e>(
    db: impl AnyExecutor<'e>,
    email: &str,
) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("select account_id, email_confirmed_at from account where email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, confirmed)| (id, confirmed.is_some())))
}

/// A score given to a talk.
#[derive(FromRow, Clone)]
pub struct ReviewRow {
    pub talk_id: i64,
    pub account_id: i64,
    pub score: i64,
    pub comment: String,
}

pub async fn reviews_of_event<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(
        "select v.talk_id, v.account_id, v.score, v.comment
         from review v join talk t on t.talk_id = v.talk_id
         where t.event_id = $1 order by v.talk_id, v.created_at",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn save_review(
    tx: &mut Tx,
    talk_id: i64,
    account_id: i64,
    score: i64,
    comment: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update review set score = $1, comment = $2, updated_at = $3
         where talk_id = $4 and account_id = $5",
    )
    .bind(score)
    .bind(comment)
    .bind(now)
    .bind(talk_id)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into review (talk_id, account_id, score, comment, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $5)",
        )
        .bind(talk_id)
        .bind(account_id)
        .bind(score)
        .bind(comment)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// An accepted talk whose confirmation deadline is near, claimed for its reminder.
#[derive(FromRow)]
pub struct DueReminder {
    pub talk_id: i64,
    pub title: String,
    pub event_id: i64,
    pub group_id: i64,
    pub event_title: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub confirm_by: i64,
}

/// Whether any confirmation reminder is due (a cheap read before taking the writer).
pub async fn any_confirm_reminder_due<'e>(
    db: impl AnyExecutor<'e>,
    now: i64,
    lead: i64,
) -> Result<bool, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar(
        "select t.talk_id from talk t join cfp c on c.event_id = t.event_id
         where t.state = 'accepted' and t.confirm_reminded_at is null
           and c.confirm_by is not null and c.confirm_by > $1 and c.confirm_by <= $1 + $2
         limit 1",
    )
    .bind(now)
    .bind(lead)
    .fetch_optional(db)
    .await?;
    Ok(any.is_some())
}

/// Claims up to `limit` accepted talks whose confirm-by is within `lead` seconds and whose
/// speakers were not reminded yet (each is claimed once, also with several workers).
pub async fn claim_confirm_reminders(
    tx: &mut Tx,
    now: i64,
    lead: i64,
    limit: i64,
) -> Result<Vec<DueReminder>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "update talk set confirm_reminded_at = $1
         where confirm_reminded_at is null and talk_id in (
             select t.talk_id from talk t join cfp c on c.event_id = t.event_id
             where t.state = 'accepted' and t.confirm_reminded_at is null
               and c.confirm_by is not null and c.confirm_by > $1 and c.confirm_by <= $1 + $2
             order by t.talk_id limit $3)
         returning talk_id",
    )
    .bind(now)
    .bind(lead)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    let mut due = Vec::with_capacity(ids.len());
    for id in ids {
        let row: DueReminder = sqlx::query_as(
            "select t.talk_id, t.title, e.event_id, e.group_id, e.title as event_title,
                    e.time_zone, c.confirm_by
             from talk t join event e on e.event_id = t.event_id
             join cfp c on c.event_id = t.event_id where t.talk_id = $1",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        due.push(row);
    }
    Ok(due)
}
