//! Co-organizer invitations (server only): organizers invite an address, the link's holder
//! joins with an account (signing up on the way) or declines. Each use case owns its
//! transaction; which steps are allowed is decided by [`InviteState::after`].

use super::{
    domain::{may, GroupAction, Role},
    invite_queries::{self as q, InvitationRow, NewInvitation},
    invites::{InvitationPage, SentInvitation},
    queries,
    service::authorize,
};
use crate::{
    accounts::{api::CurrentUser, domain::Email, session},
    db::{self, is_unique_violation, Db, Tx},
    error::{AppError, AppResult},
    events::time::from_unix,
    invites::domain::{InviteState, InviteStep, MAX_SENDS, TTL_SECS},
    mail::{api::MailStatus, compose::Body, queries::NewMail, service::enqueue_tracked},
};

/// The longest personal message.
pub const MAX_MESSAGE_LEN: usize = 1000;

/// A personal message for the invitation mail: trimmed, up to [`MAX_MESSAGE_LEN`] characters.
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

fn zone_of(row: &InvitationRow) -> chrono_tz::Tz {
    row.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

fn when(zone: chrono_tz::Tz, at: i64) -> String {
    from_unix(at)
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

fn state_of(row: &InvitationRow, now: i64) -> InviteState {
    InviteState::at(&row.state, row.expires_at, now)
}

fn refused(message: &str) -> AppError {
    AppError::conflict("", message)
}

/// A new link: (token for the mail, hash to store).
fn new_link() -> AppResult<(String, String)> {
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for an invitation link");
        AppError::Internal
    })?;
    let hash = session::session_id(&token);
    Ok((token, hash))
}

struct Letter<'a> {
    group_id: i64,
    group_name: &'a str,
    zone: chrono_tz::Tz,
    inviter: &'a str,
    email: &'a str,
    message: &'a str,
    token: &'a str,
    expires_at: i64,
}

/// Writes the invitation mail in `tx`; returns its Message-ID.
async fn write_mail(tx: &mut Tx, letter: &Letter<'_>, site: &str) -> AppResult<String> {
    let link = format!("{site}/invitations/{}", letter.token);
    let mut body = Body::new("Hello,");
    body.paragraph(&format!(
        "{} invited you to help organize {} on Hallway. Co-organizers schedule events, see who is coming, write to attendees and check people in.",
        letter.inviter, letter.group_name
    ));
    if !letter.message.is_empty() {
        body.paragraph(&format!("{} wrote:\n{}", letter.inviter, letter.message));
    }
    body.action("See the invitation", &link).paragraph(&format!(
        "The link works once, until {}. You can join with an existing Hallway account or create one on the way. If you don't know {}, ignore this mail.",
        when(letter.zone, letter.expires_at),
        letter.inviter
    ));
    let (body_text, body_html) = body.finish(&format!(
        "You get this because an organizer of {} typed this address.",
        letter.group_name
    ));
    let mail = NewMail {
        kind: "organizer_invite",
        to_address: letter.email.to_owned(),
        subject: format!(
            "{} invited you to organize {}",
            letter.inviter, letter.group_name
        ),
        body_text,
        body_html,
        group_id: Some(letter.group_id),
        ..NewMail::default()
    };
    enqueue_tracked(tx, &mail, site).await
}

fn sent_view(row: InvitationRow, now: i64) -> SentInvitation {
    let zone = zone_of(&row);
    let state = state_of(&row, now);
    SentInvitation {
        invitation_id: row.invitation_id,
        email: row.email,
        state,
        invited_by: row.inviter,
        sent: when(zone, row.sent_at),
        sends: row.sends,
        opened: row.opened_at.map(|at| when(zone, at)),
        answered: row.answered_at.map(|at| when(zone, at)),
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
    }
}

/// The group's invitations, newest first (organizers).
pub async fn list(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<Vec<SentInvitation>> {
    let group = queries::group_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = queries::role_of(db.pool(), group.group_id, user.account_id).await?;
    if !may(role, GroupAction::ManageOrganizers) {
        return Err(AppError::Forbidden(
            "Only the group's organizers can see its invitations.".to_owned(),
        ));
    }
    let now = db::now();
    Ok(q::of_group(db.pool(), group.group_id)
        .await?
        .into_iter()
        .map(|row| sent_view(row, now))
        .collect())
}

/// Invites `email` to help organize the group (organizers). An expired or declined invitation
/// to the same address is sent again; a pending one is refused (send it again instead).
pub async fn invite(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    email: Email,
    message: &str,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::ManageOrganizers).await?;
    if let Some(account_id) = queries::account_id_by_email(&mut tx, email.as_str()).await? {
        if queries::role_of(&mut *tx, group.group_id, account_id)
            .await?
            .is_some()
        {
            return Err(AppError::conflict(
                "email",
                "This person already helps organize the group.",
            ));
        }
    }
    let zone = group.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let letter = Letter {
        group_id: group.group_id,
        group_name: &group.name,
        zone,
        inviter: &user.display_name,
        email: email.as_str(),
        message,
        token: &token,
        expires_at,
    };
    let open = q::open_for(&mut *tx, group.group_id, email.as_str()).await?;
    match open {
        Some(row) if state_of(&row, now) == InviteState::Pending => {
            return Err(AppError::conflict(
                "email",
                format!(
                    "This address was invited on {}. If the mail got lost, send it again from the list of invitations.",
                    when(zone, row.sent_at)
                ),
            ));
        }
        Some(row) => {
            let message_id = write_mail(&mut tx, &letter, site).await?;
            q::renew(
                &mut tx,
                row.invitation_id,
                &hash,
                &message_id,
                expires_at,
                now,
            )
            .await?;
        }
        None => {
            let message_id = write_mail(&mut tx, &letter, site).await?;
            q::insert(
                &mut tx,
                &NewInvitation {
                    group_id: group.group_id,
                    email: email.as_str(),
                    message,
                    token_hash: &hash,
                    invited_by: user.account_id,
                    message_id: &message_id,
                    expires_at,
                    now,
                },
            )
            .await
            .map_err(|e| {
                if is_unique_violation(&e, "organizer_invitation") {
                    AppError::conflict("email", "This address was just invited by someone else.")
                } else {
                    e.into()
                }
            })?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Sends an invitation again with a new link and deadline; the old link stops working
/// (organizers; at most [`MAX_SENDS`] times).
pub async fn resend(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    invitation_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::ManageOrganizers).await?;
    let row = q::by_id(&mut *tx, group.group_id, invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    state_of(&row, now)
        .after(InviteStep::Resend)
        .map_err(refused)?;
    if row.sends >= MAX_SENDS {
        return Err(AppError::TooManyRequests(format!(
            "This invitation was sent {MAX_SENDS} times already. Reach out another way, or withdraw it."
        )));
    }
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            group_id: group.group_id,
            group_name: &group.name,
            zone: zone_of(&row),
            inviter: &user.display_name,
            email: &row.email,
            message: &row.message,
            token: &token,
            expires_at,
        },
        site,
    )
    .await?;
    q::renew(&mut tx, invitation_id, &hash, &message_id, expires_at, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a pending (or expired) invitation (organizers).
pub async fn revoke(db: &Db, user: &CurrentUser, slug: &str, invitation_id: i64) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::ManageOrganizers).await?;
    let row = q::by_id(&mut *tx, group.group_id, invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state_of(&row, now)
        .after(InviteStep::Revoke)
        .map_err(refused)?;
    if !q::set_state(&mut tx, invitation_id, "pending", next.as_str(), None, now).await? {
        return Err(refused("This invitation was answered meanwhile."));
    }
    tx.commit().await?;
    Ok(())
}

/// What a link shows; the first opening of a pending invitation is noted for the organizers.
pub async fn open(db: &Db, user: Option<&CurrentUser>, token: &str) -> AppResult<InvitationPage> {
    let now = db::now();
    let row = q::by_token(db.pool(), &session::session_id(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let state = state_of(&row, now);
    if state == InviteState::Pending && row.opened_at.is_none() {
        let mut tx = db.begin_write().await?;
        q::mark_opened(&mut tx, row.invitation_id, now).await?;
        tx.commit().await?;
    }
    let already_organizer = match user {
        Some(user) => queries::role_of(db.pool(), row.group_id, user.account_id)
            .await?
            .is_some(),
        None => false,
    };
    Ok(InvitationPage {
        expires: when(zone_of(&row), row.expires_at),
        group_slug: row.group_slug,
        group_name: row.group_name,
        invited_by: row.inviter,
        email: row.email,
        message: row.message,
        state,
        signed_in_as: user.map(|u| u.email.clone()),
        already_organizer,
    })
}

/// Joins the group as a co-organizer with `user`'s account (whichever address it has: the
/// link is the permission). Returns the group's slug.
pub async fn accept(db: &Db, user: &CurrentUser, token: &str) -> AppResult<String> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let row = q::by_token(&mut *tx, &session::session_id(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state_of(&row, now)
        .after(InviteStep::Accept)
        .map_err(refused)?;
    if queries::role_of(&mut *tx, row.group_id, user.account_id)
        .await?
        .is_none()
    {
        queries::insert_member(&mut tx, row.group_id, user.account_id, Role::Organizer, now)
            .await?;
    }
    if !q::set_state(
        &mut tx,
        row.invitation_id,
        "pending",
        next.as_str(),
        Some(user.account_id),
        now,
    )
    .await?
    {
        return Err(refused("This invitation was answered meanwhile."));
    }
    tx.commit().await?;
    Ok(row.group_slug)
}

/// Declines an invitation (anyone holding the link).
pub async fn decline(db: &Db, token: &str) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let row = q::by_token(&mut *tx, &session::session_id(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state_of(&row, now)
        .after(InviteStep::Decline)
        .map_err(refused)?;
    if !q::set_state(
        &mut tx,
        row.invitation_id,
        "pending",
        next.as_str(),
        None,
        now,
    )
    .await?
    {
        return Err(refused("This invitation was answered meanwhile."));
    }
    tx.commit().await?;
    Ok(())
}
