//! The steps every invitation shares (server only): links, the open-invitation check,
//! resending, withdrawing, opening and answering. The use cases of each kind (co-organizers
//! in `groups`, speakers in `talks`) add their mail and what accepting grants.

use super::{
    api::{OpenedInvitation, SentInvitation},
    domain::{InviteState, InviteStep, MAX_SENDS, TTL_SECS},
    queries::{self as q, InvitationRow, Kind, Scope},
};
use crate::{
    accounts::{domain::Email, session, views::CurrentUser},
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    events::time::from_unix,
    mail::{api::MailStatus, compose::Body, queries::NewMail, service::enqueue_tracked},
};

/// The longest personal message.
pub const MAX_MESSAGE_LEN: usize = 1000;

/// A personal message for an invitation mail: trimmed, up to [`MAX_MESSAGE_LEN`] characters.
pub fn parse_message(raw: &str) -> AppResult<String> {
    let text = raw.trim();
    let count = text.chars().count();
    if count > MAX_MESSAGE_LEN {
        return Err(AppError::invalid(
            "message",
            format!("Keep the message to {MAX_MESSAGE_LEN} characters (it has {count})."),
        ));
    }
    Ok(text.to_owned())
}

pub fn when(zone: chrono_tz::Tz, at: i64) -> String {
    from_unix(at)
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

pub fn state_of(row: &InvitationRow, now: i64) -> InviteState {
    row.state.at(row.expires_at, now)
}

fn refused(message: &str) -> AppError {
    AppError::conflict("", message)
}

/// A new link: (token for the mail, hash to store).
pub fn new_link() -> AppResult<(String, String)> {
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for an invitation link");
        AppError::Internal
    })?;
    let hash = session::session_id(&token);
    Ok((token, hash))
}

fn sent_view(row: InvitationRow, now: i64) -> AppResult<SentInvitation> {
    let zone = row.zone()?;
    let state = state_of(&row, now);
    Ok(SentInvitation {
        invitation_id: row.invitation_id,
        email: row.email,
        state,
        invited_by: row.inviter,
        sent: when(zone, row.sent_at),
        sends: row.sends,
        opened: row.opened_at.map(|at| when(zone, at)),
        answered: row.answered_at.map(|at| when(zone, at)),
        topic: row.topic,
        mail: row.mail_status.as_deref().map(|status| {
            MailStatus::of(
                status,
                row.mail_delivered_by.as_deref(),
                row.mail_attempts.unwrap_or(0),
            )
        }),
        mail_error: row.mail_error.filter(|e| !e.is_empty()),
        may_resend: state.after(InviteStep::Resend).is_ok() && row.sends < MAX_SENDS,
        may_revoke: state.after(InviteStep::Revoke).is_ok(),
    })
}

/// A scope's invitations for the organizers' list (the caller checked the role).
pub async fn list(db: &Db, scope: Scope) -> AppResult<Vec<SentInvitation>> {
    let now = db::now();
    q::of_scope(db.pool(), scope)
        .await?
        .into_iter()
        .map(|row| sent_view(row, now))
        .collect()
}

/// Before inviting `email`: an expired or declined invitation to renew (its id), none, or a
/// refusal when a pending one exists (send that one again instead).
pub async fn existing(tx: &mut Tx, scope: Scope, email: &str) -> AppResult<Option<i64>> {
    match q::open_for(&mut **tx, scope, email).await? {
        Some(row) if state_of(&row, db::now()) == InviteState::Pending => {
            Err(AppError::conflict(
                "email",
                format!(
                    "This address was invited on {}. If the mail got lost, send it again from the list of invitations.",
                    when(row.zone()?, row.sent_at)
                ),
            ))
        }
        Some(row) => Ok(Some(row.invitation_id)),
        None => Ok(None),
    }
}

/// Counts an invitation mail against the daily limits of the account that sends it and of
/// its event (or group); refused past either.
async fn charge(tx: &mut Tx, by: i64, scope: Scope) -> AppResult<()> {
    let quotas = crate::instance::service::quotas(&mut **tx).await?;
    crate::instance::service::charge_daily(
        tx,
        &format!("invite-by:{by}"),
        quotas.invitations_per_account,
        format!(
            "You sent {} invitations in the last 24 hours, this Hallway's daily limit. Please try again tomorrow, or ask its admins for more.",
            quotas.invitations_per_account
        ),
    )
    .await?;
    let place = match scope.event_id {
        Some(event) => format!("invite-event:{event}"),
        None => format!("invite-group:{}", scope.group_id),
    };
    crate::instance::service::charge_daily(
        tx,
        &place,
        quotas.invitations_per_event,
        format!(
            "{} invitations went out for this in the last 24 hours, this Hallway's daily limit. Please try again tomorrow.",
            quotas.invitations_per_event
        ),
    )
    .await
}

/// Stores an invitation whose mail was written: renews `existing`, or inserts a new one.
/// Counted against the daily invitation limits.
pub async fn store(
    tx: &mut Tx,
    existing: Option<i64>,
    new: &q::NewInvitation<'_>,
) -> AppResult<()> {
    charge(tx, new.invited_by, new.scope).await?;
    match existing {
        Some(id) => {
            q::renew(
                tx,
                id,
                new.token_hash,
                new.message_id,
                new.expires_at,
                new.now,
            )
            .await?;
        }
        None => {
            q::insert(tx, new)
                .await
                .map_err(crate::db::unique_as("invitation", || {
                    AppError::conflict("email", "This address was just invited by someone else.")
                }))?;
        }
    }
    Ok(())
}

/// The invitation `by` sends again, after checking it may be (organizers; at most
/// [`MAX_SENDS`] mails; counted against the daily invitation limits).
pub async fn resendable(
    tx: &mut Tx,
    scope: Scope,
    invitation_id: i64,
    by: i64,
) -> AppResult<InvitationRow> {
    let row = q::by_id(&mut **tx, scope, invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    state_of(&row, db::now())
        .after(InviteStep::Resend)
        .map_err(refused)?;
    if row.sends >= MAX_SENDS {
        return Err(AppError::TooManyRequests(format!(
            "This invitation was sent {MAX_SENDS} times already. Reach out another way, or withdraw it."
        )));
    }
    charge(tx, by, scope).await?;
    Ok(row)
}

/// Withdraws a pending (or expired) invitation (the caller checked the role).
pub async fn revoke(tx: &mut Tx, scope: Scope, invitation_id: i64) -> AppResult<()> {
    let row = q::by_id(&mut **tx, scope, invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state_of(&row, db::now())
        .after(InviteStep::Revoke)
        .map_err(refused)?;
    if !q::set_state(tx, invitation_id, "pending", next.as_str(), None, db::now()).await? {
        return Err(refused("This invitation was answered meanwhile."));
    }
    Ok(())
}

/// The invitation behind a link; the first opening of a pending one is noted.
pub async fn open(db: &Db, kind: Kind, token: &str) -> AppResult<InvitationRow> {
    let now = db::now();
    let row = q::by_token(db.pool(), kind, &session::session_id(token))
        .await?
        .ok_or(AppError::NotFound)?;
    if state_of(&row, now) == InviteState::Pending && row.opened_at.is_none() {
        let mut tx = db.begin_write().await?;
        q::mark_opened(&mut tx, row.invitation_id, now).await?;
        tx.commit().await?;
    }
    Ok(row)
}

/// Accepts (for `accepted_by`) or declines the invitation behind a link, in `tx`.
pub async fn answer(
    tx: &mut Tx,
    kind: Kind,
    token: &str,
    step: InviteStep,
    accepted_by: Option<i64>,
) -> AppResult<InvitationRow> {
    let now = db::now();
    let row = q::by_token(&mut **tx, kind, &session::session_id(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state_of(&row, now).after(step).map_err(refused)?;
    if !q::set_state(
        tx,
        row.invitation_id,
        "pending",
        next.as_str(),
        accepted_by,
        now,
    )
    .await?
    {
        return Err(refused("This invitation was answered meanwhile."));
    }
    Ok(row)
}

/// One invitation mail before it is worded: who invites whom, with what, and the link.
pub struct Letter<'a> {
    pub inviter: &'a str,
    pub email: &'a str,
    pub message: &'a str,
    pub topic: &'a str,
    pub format_id: Option<i64>,
    /// The personal token for the link (only in the mail; its hash is stored).
    pub token: &'a str,
    pub expires_at: i64,
}

/// The words one kind of invitation puts in its mail. Every invitation mail reads: greeting,
/// `intro`, the inviter's message, `facts`, a button to `path` + token, "The link works once,
/// until …" and `after`, then `footer`.
pub struct Wording {
    /// The outbox's kind of mail, like `speaker_invite`.
    pub kind: &'static str,
    pub subject: String,
    pub intro: String,
    pub facts: Vec<(&'static str, String)>,
    pub action: &'static str,
    /// The link page, like `/speak/`.
    pub path: &'static str,
    pub after: String,
    pub footer: String,
    /// The zone the deadline is written in.
    pub zone: chrono_tz::Tz,
    pub group_id: i64,
    pub event_id: Option<i64>,
}

/// What a kind of invitation adds to the life cycle every invitation shares: where its
/// invitations live, and the words of its mail. Who may invite, what accepting grants and the
/// kind's own checks stay with the kind's use cases, which call [`send`] and [`send_again`].
pub trait InvitationKind {
    fn scope(&self) -> Scope;
    fn wording(&self, letter: &Letter<'_>) -> Wording;
}

/// The mail for `letter` in the kind's words, queued in `tx`; returns its Message-ID.
async fn post(
    tx: &mut Tx,
    kind: &impl InvitationKind,
    letter: &Letter<'_>,
    site: &str,
) -> AppResult<String> {
    let words = kind.wording(letter);
    let mut body = Body::new("Hello,");
    body.paragraph(&words.intro);
    if !letter.message.is_empty() {
        body.paragraph(&format!("{} wrote:\n{}", letter.inviter, letter.message));
    }
    if !words.facts.is_empty() {
        body.facts(&words.facts);
    }
    body.action(
        words.action,
        &format!("{site}{}{}", words.path, letter.token),
    )
    .paragraph(&format!(
        "The link works once, until {}. {}",
        when(words.zone, letter.expires_at),
        words.after
    ));
    let (body_text, body_html) = body.finish(&words.footer);
    let mail = NewMail {
        kind: words.kind,
        to_address: letter.email.to_owned(),
        subject: words.subject,
        body_text,
        body_html,
        group_id: Some(words.group_id),
        event_id: words.event_id,
        ..NewMail::default()
    };
    enqueue_tracked(tx, &mail, site).await
}

/// Whom to invite, and what the inviter wrote (a topic and format for speakers).
pub struct Invitee<'a> {
    pub email: &'a str,
    pub message: &'a str,
    pub topic: &'a str,
    pub format_id: Option<i64>,
}

impl<'a> Invitee<'a> {
    /// An address and a message, nothing else (every kind but speakers).
    pub fn plain(email: &'a Email, message: &'a str) -> Self {
        Self {
            email: email.as_str(),
            message,
            topic: "",
            format_id: None,
        }
    }
}

/// Invites `invitee` in `tx`: refused while a pending invitation to the address exists, an
/// expired or declined one is renewed; a new link, the mail, and the stored hash (counted
/// against the daily limits). Returns the link's hash.
pub async fn send(
    tx: &mut Tx,
    kind: &impl InvitationKind,
    inviter: &CurrentUser,
    invitee: &Invitee<'_>,
    site: &str,
) -> AppResult<String> {
    let now = db::now();
    let scope = kind.scope();
    let existing = existing(tx, scope, invitee.email).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let letter = Letter {
        inviter: &inviter.display_name,
        email: invitee.email,
        message: invitee.message,
        topic: invitee.topic,
        format_id: invitee.format_id,
        token: &token,
        expires_at,
    };
    let message_id = post(tx, kind, &letter, site).await?;
    store(
        tx,
        existing,
        &q::NewInvitation {
            scope,
            email: invitee.email,
            message: invitee.message,
            topic: invitee.topic,
            format_id: invitee.format_id,
            token_hash: &hash,
            invited_by: inviter.account_id,
            message_id: &message_id,
            expires_at,
            now,
        },
    )
    .await?;
    Ok(hash)
}

/// Sends invitation `invitation_id` again in `tx` with a new link and deadline (the old link
/// stops working), after [`resendable`] allows it.
pub async fn send_again(
    tx: &mut Tx,
    kind: &impl InvitationKind,
    inviter: &CurrentUser,
    invitation_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let row = resendable(tx, kind.scope(), invitation_id, inviter.account_id).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let letter = Letter {
        inviter: &inviter.display_name,
        email: &row.email,
        message: &row.message,
        topic: &row.topic,
        format_id: row.format_id,
        token: &token,
        expires_at,
    };
    let message_id = post(tx, kind, &letter, site).await?;
    q::renew(tx, invitation_id, &hash, &message_id, expires_at, now).await?;
    Ok(())
}

/// What a link page shows of the invitation `row` to `viewer`.
pub fn opened(row: &InvitationRow, viewer: Option<&CurrentUser>) -> AppResult<OpenedInvitation> {
    Ok(OpenedInvitation {
        invited_by: row.inviter.clone(),
        email: row.email.clone(),
        message: row.message.clone(),
        state: state_of(row, db::now()),
        expires: when(row.zone()?, row.expires_at),
        signed_in_as: viewer.map(|u| u.email.clone()),
    })
}

/// A kind whose sent invitations are sent again and withdrawn from one place (a group's
/// slug; an event's slug; an event's slug and a talk): `load` finds the kind there for
/// `user`, refusing anyone who may not manage its invitations. `invitation_id` is the one
/// about to be sent again or withdrawn (a partner's kind names the partner it went to).
pub trait Managed: InvitationKind + Send + Sync + Sized {
    type Place: Sync + ?Sized;

    fn load(
        tx: &mut Tx,
        user: &CurrentUser,
        place: &Self::Place,
        invitation_id: i64,
    ) -> impl std::future::Future<Output = AppResult<Self>> + Send;
}

/// Sends an invitation of kind `K` again with a new link and deadline; the old link stops
/// working.
pub async fn resend<K: Managed>(
    db: &Db,
    user: &CurrentUser,
    place: &K::Place,
    invitation_id: i64,
    site: &str,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let kind = K::load(&mut tx, user, place, invitation_id).await?;
    send_again(&mut tx, &kind, user, invitation_id, site).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a pending (or expired) invitation of kind `K`; its link stops working.
pub async fn withdraw<K: Managed>(
    db: &Db,
    user: &CurrentUser,
    place: &K::Place,
    invitation_id: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let kind = K::load(&mut tx, user, place, invitation_id).await?;
    revoke(&mut tx, kind.scope(), invitation_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Declines an invitation of `kind` (anyone holding the link: it is the permission).
pub async fn decline(db: &Db, kind: Kind, token: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    answer(&mut tx, kind, token, InviteStep::Decline, None).await?;
    tx.commit().await?;
    Ok(())
}
