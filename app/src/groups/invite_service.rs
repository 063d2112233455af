//! Co-organizer invitations (server only): organizers invite an address, the link's holder
//! joins with an account (signing up on the way) or declines. The steps all invitations share
//! are in [`crate::invites::service`]; this adds the mail and what accepting grants.

use super::{
    domain::{may, GroupAction, Role},
    invites::InvitationPage,
    queries,
    service::authorize,
};
use crate::{
    accounts::{api::CurrentUser, domain::Email},
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    invites::{
        api::SentInvitation,
        domain::{InviteStep, TTL_SECS},
        queries::{Kind, NewInvitation, Scope},
        service::{self as invites, new_link, state_of, when},
    },
    mail::{compose::Body, queries::NewMail, service::enqueue_tracked},
};

fn scope(group_id: i64) -> Scope {
    Scope {
        kind: Kind::Organizer,
        group_id,
        event_id: None,
        talk_id: None,
    }
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
    invites::list(db, scope(group.group_id)).await
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
    let existing = invites::existing(&mut tx, scope(group.group_id), email.as_str()).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            group_id: group.group_id,
            group_name: &group.name,
            zone: group.time_zone.parse().unwrap_or(chrono_tz::UTC),
            inviter: &user.display_name,
            email: email.as_str(),
            message,
            token: &token,
            expires_at,
        },
        site,
    )
    .await?;
    invites::store(
        &mut tx,
        existing,
        &NewInvitation {
            scope: scope(group.group_id),
            email: email.as_str(),
            message,
            topic: "",
            format_id: None,
            token_hash: &hash,
            invited_by: user.account_id,
            message_id: &message_id,
            expires_at,
            now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends an invitation again with a new link and deadline; the old link stops working.
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
    let row = invites::resendable(
        &mut tx,
        scope(group.group_id),
        invitation_id,
        user.account_id,
    )
    .await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            group_id: group.group_id,
            group_name: &group.name,
            zone: row.zone(),
            inviter: &user.display_name,
            email: &row.email,
            message: &row.message,
            token: &token,
            expires_at,
        },
        site,
    )
    .await?;
    crate::invites::queries::renew(&mut tx, invitation_id, &hash, &message_id, expires_at, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a pending (or expired) invitation (organizers).
pub async fn revoke(db: &Db, user: &CurrentUser, slug: &str, invitation_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::ManageOrganizers).await?;
    invites::revoke(&mut tx, scope(group.group_id), invitation_id).await?;
    tx.commit().await?;
    Ok(())
}

/// What a link shows; the first opening of a pending invitation is noted for the organizers.
pub async fn open(db: &Db, user: Option<&CurrentUser>, token: &str) -> AppResult<InvitationPage> {
    let row = invites::open(db, Kind::Organizer, token).await?;
    let already_organizer = match user {
        Some(user) => queries::role_of(db.pool(), row.group_id, user.account_id)
            .await?
            .is_some(),
        None => false,
    };
    Ok(InvitationPage {
        state: state_of(&row, db::now()),
        expires: when(row.zone(), row.expires_at),
        group_slug: row.group_slug,
        group_name: row.group_name,
        invited_by: row.inviter,
        email: row.email,
        message: row.message,
        signed_in_as: user.map(|u| u.email.clone()),
        already_organizer,
    })
}

/// Joins the group as a co-organizer with `user`'s account (whichever address it has: the
/// link is the permission). Returns the group's slug.
pub async fn accept(db: &Db, user: &CurrentUser, token: &str) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let row = invites::answer(
        &mut tx,
        Kind::Organizer,
        token,
        InviteStep::Accept,
        Some(user.account_id),
    )
    .await?;
    if queries::role_of(&mut *tx, row.group_id, user.account_id)
        .await?
        .is_none()
    {
        queries::insert_member(
            &mut tx,
            row.group_id,
            user.account_id,
            Role::Organizer,
            db::now(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(row.group_slug)
}

/// Declines an invitation (anyone holding the link).
pub async fn decline(db: &Db, token: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    invites::answer(&mut tx, Kind::Organizer, token, InviteStep::Decline, None).await?;
    tx.commit().await?;
    Ok(())
}
