//! Seats held by accounts that never confirmed their address (server only). Anyone can sign
//! up with any address, so a batch of fresh accounts could fill an event: an unconfirmed
//! account's RSVP holds its seat (or place in line) only for [`UNCONFIRMED_HOLD_SECS`] after
//! the account was made; then the seat goes to the next party that fits, and the account
//! RSVPs again once it confirms.

use super::ledger::let_in;
use crate::{
    db::{self, Db, Tx},
    error::{AppError, AppResult},
};
use std::sync::atomic::{AtomicI64, Ordering};

/// How long an account that has not confirmed its address holds seats.
pub const UNCONFIRMED_HOLD_SECS: i64 = 24 * 3600;
/// How often one process looks for holds that ran out.
const SWEEP_EVERY_SECS: i64 = 60;
/// Holds released per sweep at most (the next sweep takes the rest).
const BATCH: i64 = 200;

/// Before an RSVP of `account_id` takes a seat: refused when the account is past its hold
/// without confirming its address.
pub async fn check_may_hold(tx: &mut Tx, account_id: i64, now: i64) -> AppResult<()> {
    let (confirmed, created): (Option<i64>, i64) =
        sqlx::query_as("select email_confirmed_at, created_at from account where account_id = $1")
            .bind(account_id)
            .fetch_one(&mut **tx)
            .await?;
    if confirmed.is_none() && created <= now - UNCONFIRMED_HOLD_SECS {
        return Err(AppError::Forbidden(
            "Please confirm your email address to RSVP: open the link we mailed you when you signed up, or send a new one from your account page."
                .to_owned(),
        ));
    }
    Ok(())
}

/// Whether `account_id` has yet to confirm its address (its seats are held for a day).
pub async fn holds_for_now<'e>(db: impl sqlx::AnyExecutor<'e>, account_id: i64) -> AppResult<bool> {
    let confirmed: Option<Option<i64>> =
        sqlx::query_scalar("select email_confirmed_at from account where account_id = $1")
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    Ok(matches!(confirmed, Some(None)))
}

/// Releases the seats of unconfirmed accounts whose hold ran out (events still to come),
/// letting the next parties in. Runs in every mail worker, at most once a minute per process;
/// `now` is passed in so tests can look a day ahead. Returns how many were released.
pub async fn release_expired(db: &Db, now: i64, site: &str) -> AppResult<usize> {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let last = LAST.load(Ordering::Relaxed);
    if now - last < SWEEP_EVERY_SECS && now >= last {
        return Ok(0);
    }
    LAST.store(now, Ordering::Relaxed);
    release_now(db, now, site).await
}

/// [`release_expired`] without waiting for the minute to pass.
pub async fn release_now(db: &Db, now: i64, site: &str) -> AppResult<usize> {
    let made_before = now - UNCONFIRMED_HOLD_SECS;
    let holds: Vec<(i64, i64)> = sqlx::query_as(
        "select r.rsvp_id, r.event_id from rsvp r
         join account a on a.account_id = r.account_id
         join event e on e.event_id = r.event_id
         where r.status in ('going', 'waitlisted') and a.email_confirmed_at is null
           and a.created_at <= $1 and e.ends_at > $2
         order by r.event_id limit $3",
    )
    .bind(made_before)
    .bind(now)
    .bind(BATCH)
    .fetch_all(db.pool())
    .await?;
    let mut released = 0;
    for (rsvp_id, event_id) in holds {
        let mut tx = db.begin_write().await?;
        let event = super::queries::lock_event_by_id(&mut tx, event_id).await?;
        // Checked again under the event's lock: the person may have confirmed meanwhile.
        let done = sqlx::query(
            "update rsvp set status = 'not_going', updated_at = $1
             where rsvp_id = $2 and status in ('going', 'waitlisted')
               and account_id in (select account_id from account
                                  where email_confirmed_at is null and created_at <= $3)",
        )
        .bind(db::now())
        .bind(rsvp_id)
        .bind(made_before)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            let_in(&mut tx, &event, event.capacity, db::now(), site).await?;
            released += 1;
        }
        tx.commit().await?;
    }
    if released > 0 {
        tracing::info!(
            released,
            "released the seats of accounts that never confirmed"
        );
    }
    Ok(released)
}
