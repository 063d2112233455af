//! Invitation storage (server only): co-organizers of a group and speakers of an event share
//! one table; a [`Scope`] says whose invitations a query is about.

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// What an invitation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organizer,
    Speaker,
    CoSpeaker,
    Partner,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organizer => "organizer",
            Self::Speaker => "speaker",
            Self::CoSpeaker => "co_speaker",
            Self::Partner => "partner",
        }
    }
}

crate::stored_as_text!(Kind {
    Organizer,
    Speaker,
    CoSpeaker,
    Partner
});

/// The invitations of one group (co-organizers), one event (speakers) or one talk
/// (co-speakers).
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub kind: Kind,
    pub group_id: i64,
    pub event_id: Option<i64>,
    pub talk_id: Option<i64>,
}

/// One invitation with its group or event and what the organizers' list shows of its mail.
#[derive(FromRow)]
pub struct InvitationRow {
    pub invitation_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    pub group_id: i64,
    pub event_id: Option<i64>,
    pub talk_id: Option<i64>,
    pub group_slug: String,
    pub group_name: String,
    pub group_zone: String,
    pub event_slug: Option<String>,
    pub event_title: Option<String>,
    pub event_zone: Option<String>,
    pub email: String,
    pub message: String,
    pub topic: String,
    pub format_id: Option<i64>,
    pub format_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: crate::invites::domain::InviteState,
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

impl InvitationRow {
    /// The zone its times are shown in: the event's, else the group's.
    pub fn zone(&self) -> Result<chrono_tz::Tz, crate::stored::UnknownValue> {
        crate::stored::zone(self.event_zone.as_deref().unwrap_or(&self.group_zone))
    }
}

const SELECT: &str = "select i.invitation_id, i.kind, i.group_id, i.event_id, i.talk_id,
        g.slug as group_slug,
        g.name as group_name, g.time_zone as group_zone, e.slug as event_slug,
        e.title as event_title, e.time_zone as event_zone, i.email, i.message, i.topic,
        i.format_id, f.name as format_name, i.state, a.display_name as inviter, i.sends,
        i.expires_at, i.sent_at, i.opened_at, i.answered_at,
        o.status as mail_status, o.delivered_by as mail_delivered_by,
        o.attempts as mail_attempts, o.last_error as mail_error
    from invitation i
    join meetup_group g on g.group_id = i.group_id
    left join event e on e.event_id = i.event_id
    left join session_format f on f.format_id = i.format_id
    left join account a on a.account_id = i.invited_by
    left join outbox o on o.message_id = i.message_id";

/// `where` for a scope: kind $1, group $2, event $3 and talk $4 (0 for none).
const IN_SCOPE: &str = "i.kind = $1 and i.group_id = $2 and coalesce(i.event_id, 0) = $3
    and coalesce(i.talk_id, 0) = $4";

pub struct NewInvitation<'a> {
    pub scope: Scope,
    pub email: &'a str,
    pub message: &'a str,
    pub topic: &'a str,
    pub format_id: Option<i64>,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub message_id: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

pub async fn insert(tx: &mut Tx, new: &NewInvitation<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into invitation (kind, group_id, event_id, email, message, topic, format_id,
            token_hash, state, invited_by, message_id, sends, expires_at, sent_at, created_at,
            talk_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, 1, $11, $12, $12, $13)
         returning invitation_id",
    )
    .bind(new.scope.kind.as_str())
    .bind(new.scope.group_id)
    .bind(new.scope.event_id)
    .bind(new.email)
    .bind(new.message)
    .bind(new.topic)
    .bind(new.format_id)
    .bind(new.token_hash)
    .bind(new.invited_by)
    .bind(new.message_id)
    .bind(new.expires_at)
    .bind(new.now)
    .bind(new.scope.talk_id)
    .fetch_one(&mut **tx)
    .await
}

/// A scope's invitations, newest first.
pub async fn of_scope<'e>(
    db: impl AnyExecutor<'e>,
    scope: Scope,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where {IN_SCOPE} order by i.created_at desc, i.invitation_id desc limit 200"
    ))
    .bind(scope.kind.as_str())
    .bind(scope.group_id)
    .bind(scope.event_id.unwrap_or(0))
    .bind(scope.talk_id.unwrap_or(0))
    .fetch_all(db)
    .await
}

pub async fn by_id<'e>(
    db: impl AnyExecutor<'e>,
    scope: Scope,
    invitation_id: i64,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where {IN_SCOPE} and i.invitation_id = $5"
    ))
    .bind(scope.kind.as_str())
    .bind(scope.group_id)
    .bind(scope.event_id.unwrap_or(0))
    .bind(scope.talk_id.unwrap_or(0))
    .bind(invitation_id)
    .fetch_optional(db)
    .await
}

/// The invitation of `kind` behind a link.
pub async fn by_token<'e>(
    db: impl AnyExecutor<'e>,
    kind: Kind,
    token_hash: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} where i.token_hash = $1 and i.kind = $2"))
        .bind(token_hash)
        .bind(kind.as_str())
        .fetch_optional(db)
        .await
}

/// The open (pending or declined) invitation of `email` in a scope, if any.
pub async fn open_for<'e>(
    db: impl AnyExecutor<'e>,
    scope: Scope,
    email: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} where {IN_SCOPE} and i.email = $5 and i.state in ('pending', 'declined')
         order by i.state desc, i.invitation_id desc limit 1"
    ))
    .bind(scope.kind.as_str())
    .bind(scope.group_id)
    .bind(scope.event_id.unwrap_or(0))
    .bind(scope.talk_id.unwrap_or(0))
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
        "update invitation set token_hash = $1, message_id = $2, expires_at = $3,
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
        "update invitation set state = $1, accepted_by = $2, answered_at = $3
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
        "update invitation set opened_at = $1 where invitation_id = $2 and opened_at is null",
    )
    .bind(now)
    .bind(invitation_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether `account_id` accepted an invitation to speak at `event_id`.
pub async fn invited_speaker<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from invitation
         where kind = 'speaker' and event_id = $1 and accepted_by = $2 and state = 'accepted'",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// (topic, format) of the latest speaker invitation `account_id` accepted for `event_id`.
pub async fn accepted_speaker_proposal<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    account_id: i64,
) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "select topic, format_id from invitation
         where kind = 'speaker' and event_id = $1 and accepted_by = $2 and state = 'accepted'
         order by answered_at desc limit 1",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_optional(db)
    .await
}
