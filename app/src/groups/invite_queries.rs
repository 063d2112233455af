//! Co-organizer invitation storage (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// One invitation with what the organizers' list shows of its latest mail.
#[derive(FromRow)]
pub struct InvitationRow {
    pub invitation_id: i64,
    pub group_id: i64,
    pub group_slug: String,
    pub group_name: String,
    pub time_zone: String,
    pub email: String,
    pub message: String,
    pub state: String,
    pub inviter: Option<String>,
    pub sends: i64,
    pub expires_at: i64,
    pub sent_at: i64,
    pub opened_at: Option<i64>,
    pub answered_at: Option<i64>,
    pub mail_status: Option<String>,
    pub mail_delivered_by: Option<String>,
    pub mail_attempts: Option<i64>,
    pub mail_error: Option<String>,
}

const SELECT: &str = "select i.invitation_id, i.group_id, g.slug as group_slug,
        g.name as group_name, g.time_zone, i.email, i.message, i.state,
        a.display_name as inviter, i.sends, i.expires_at, i.sent_at, i.opened_at, i.answered_at,
        o.status as mail_status, o.delivered_by as mail_delivered_by,
        o.attempts as mail_attempts, o.last_error as mail_error
    from organizer_invitation i
    join meetup_group g on g.group_id = i.group_id
    left join account a on a.account_id = i.invited_by
    left join outbox o on o.message_id = i.message_id";

pub struct NewInvitation<'a> {
    pub group_id: i64,
    pub email: &'a str,
    pub message: &'a str,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub message_id: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

pub async fn insert(tx: &mut Tx, new: &NewInvitation<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into organizer_invitation (group_id, email, message, token_hash, state, invited_by,
            message_id, sends, expires_at, sent_at, created_at)
         values ($1, $2, $3, $4, 'pending', $5, $6, 1, $7, $8, $8) returning invitation_id",
    )
    .bind(new.group_id)
    .bind(new.email)
    .bind(new.message)
    .bind(new.token_hash)
    .bind(new.invited_by)
    .bind(new.message_id)
    .bind(new.expires_at)
    .bind(new.now)
    .fetch_one(&mut **tx)
    .await
}

/// A group's invitations, newest first.
pub async fn of_group<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where i.group_id = $1 order by i.created_at desc, i.invitation_id desc limit 200"
    ))
    .bind(group_id)
    .fetch_all(db)
    .await
}

pub async fn by_id<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    invitation_id: i64,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where i.group_id = $1 and i.invitation_id = $2"
    ))
    .bind(group_id)
    .bind(invitation_id)
    .fetch_optional(db)
    .await
}

pub async fn by_token<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} where i.token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

/// The open (pending or declined) invitation of `email` to a group, if any.
pub async fn open_for<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    email: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where i.group_id = $1 and i.email = $2 and i.state in ('pending', 'declined')
         order by i.state desc, i.invitation_id desc limit 1"
    ))
    .bind(group_id)
    .bind(email)
    .fetch_optional(db)
    .await
}

/// Sends an invitation again: a new link, deadline and mail; pending again.
pub async fn renew(
    tx: &mut Tx,
    invitation_id: i64,
    token_hash: &str,
    message_id: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update organizer_invitation set token_hash = $1, message_id = $2, expires_at = $3,
            sent_at = $4, sends = sends + 1, state = 'pending', answered_at = null
         where invitation_id = $5",
    )
    .bind(token_hash)
    .bind(message_id)
    .bind(expires_at)
    .bind(now)
    .bind(invitation_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves an invitation from `from` to `to`; false when it was no longer in `from` (someone
/// else answered or revoked it meanwhile).
pub async fn set_state(
    tx: &mut Tx,
    invitation_id: i64,
    from: &str,
    to: &str,
    accepted_by: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update organizer_invitation set state = $1, accepted_by = $2, answered_at = $3
         where invitation_id = $4 and state = $5",
    )
    .bind(to)
    .bind(accepted_by)
    .bind(now)
    .bind(invitation_id)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Notes the first time the link was opened.
pub async fn mark_opened(tx: &mut Tx, invitation_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update organizer_invitation set opened_at = $1 where invitation_id = $2 and opened_at is null",
    )
    .bind(now)
    .bind(invitation_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
