//! Speaker invitations (server only): organizers invite a guest speaker personally, with a
//! message and optionally a topic and format; the invited speaker accepts (signing up on the
//! way) and may then propose talks even when the call is closed or by invitation only.

use super::{
    api::SpeakerInvitationPage,
    queries::{self, EventInfo},
    service::event_for_organizer,
};
use crate::{
    accounts::{api::CurrentUser, domain::Email},
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    groups::domain::text,
    invites::{
        api::SentInvitation,
        domain::{InviteStep, TTL_SECS},
        queries::{self as q, Kind, NewInvitation, Scope},
        service::{self as invites, new_link, state_of, when},
    },
    mail::{compose::Body, queries::NewMail, service::enqueue_tracked},
};

fn scope(info: &EventInfo) -> Scope {
    Scope {
        kind: Kind::Speaker,
        group_id: info.group_id,
        event_id: Some(info.event_id),
        talk_id: None,
    }
}

/// A proposed topic: up to 150 characters, may be empty.
pub fn parse_topic(raw: &str) -> AppResult<String> {
    text("topic", raw, "topic", 0, super::domain::MAX_TITLE, false)
}

struct Letter<'a> {
    info: &'a EventInfo,
    inviter: &'a str,
    email: &'a str,
    message: &'a str,
    topic: &'a str,
    format: Option<String>,
    token: &'a str,
    expires_at: i64,
}

async fn write_mail(tx: &mut Tx, letter: &Letter<'_>, site: &str) -> AppResult<String> {
    let info = letter.info;
    let zone = info.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let link = format!("{site}/speak/{}", letter.token);
    let mut body = Body::new("Hello,");
    body.paragraph(&format!(
        "{} invited you to speak at {} ({}).",
        letter.inviter,
        info.title,
        when(zone, info.starts_at)
    ));
    if !letter.message.is_empty() {
        body.paragraph(&format!("{} wrote:\n{}", letter.inviter, letter.message));
    }
    let mut facts = Vec::new();
    if !letter.topic.is_empty() {
        facts.push(("Topic", letter.topic.to_owned()));
    }
    if let Some(format) = &letter.format {
        facts.push(("Format", format.clone()));
    }
    if !facts.is_empty() {
        body.facts(&facts);
    }
    body.action("See the invitation", &link).paragraph(&format!(
        "The link works once, until {}. Accept it with a Hallway account (or create one on the way), then propose your talk.",
        when(zone, letter.expires_at)
    ));
    let (body_text, body_html) = body.finish(&format!(
        "You get this because an organizer of {} typed this address.",
        info.title
    ));
    let mail = NewMail {
        kind: "speaker_invite",
        to_address: letter.email.to_owned(),
        subject: format!("{} invited you to speak at {}", letter.inviter, info.title),
        body_text,
        body_html,
        group_id: Some(info.group_id),
        event_id: Some(info.event_id),
        ..NewMail::default()
    };
    enqueue_tracked(tx, &mail, site).await
}

/// The event's speaker invitations (organizers).
pub async fn list(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<Vec<SentInvitation>> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    tx.commit().await?;
    invites::list(db, scope(&info)).await
}

/// What an organizer typed to invite a speaker.
pub struct SpeakerInvite {
    pub email: Email,
    pub message: String,
    pub topic: String,
    pub format: String,
}

/// Invites a speaker (organizers). The event needs a call for papers (its formats).
pub async fn invite(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    input: &SpeakerInvite,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    if queries::cfp_of(&mut *tx, info.event_id).await?.is_none() {
        return Err(AppError::conflict(
            "",
            "Set up the call for papers first: invited speakers choose one of its formats.",
        ));
    }
    let formats = queries::formats(&mut *tx, info.event_id).await?;
    let format = match input.format.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .ok()
                .and_then(|id| formats.iter().find(|f| f.format_id == id))
                .ok_or_else(|| AppError::invalid("format", "Choose one of the formats."))?,
        ),
    };
    let existing = invites::existing(&mut tx, scope(&info), input.email.as_str()).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            info: &info,
            inviter: &user.display_name,
            email: input.email.as_str(),
            message: &input.message,
            topic: &input.topic,
            format: format.map(|f| format!("{} ({} min)", f.name, f.minutes)),
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
            scope: scope(&info),
            email: input.email.as_str(),
            message: &input.message,
            topic: &input.topic,
            format_id: format.map(|f| f.format_id),
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

/// Sends a speaker invitation again with a new link (organizers).
pub async fn resend(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    invitation_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    let row = invites::resendable(&mut tx, scope(&info), invitation_id, user.account_id).await?;
    let formats = queries::formats(&mut *tx, info.event_id).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            info: &info,
            inviter: &user.display_name,
            email: &row.email,
            message: &row.message,
            topic: &row.topic,
            format: row
                .format_id
                .and_then(|id| formats.iter().find(|f| f.format_id == id))
                .map(|f| format!("{} ({} min)", f.name, f.minutes)),
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

/// Withdraws a speaker invitation (organizers).
pub async fn revoke(db: &Db, user: &CurrentUser, slug: &str, invitation_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    invites::revoke(&mut tx, scope(&info), invitation_id).await?;
    tx.commit().await?;
    Ok(())
}

/// What a speaker invitation link shows.
pub async fn open(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<SpeakerInvitationPage> {
    let row = invites::open(db, Kind::Speaker, token).await?;
    let zone = row.zone();
    Ok(SpeakerInvitationPage {
        state: state_of(&row, db::now()),
        expires: when(zone, row.expires_at),
        event_slug: row.event_slug.unwrap_or_default(),
        event_title: row.event_title.unwrap_or_default(),
        invited_by: row.inviter,
        email: row.email,
        message: row.message,
        topic: row.topic,
        format: row.format_name,
        signed_in_as: user.map(|u| u.email.clone()),
    })
}

/// Accepts a speaker invitation with `user`'s account; returns the event's slug.
pub async fn accept(db: &Db, user: &CurrentUser, token: &str) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let row = invites::answer(
        &mut tx,
        Kind::Speaker,
        token,
        InviteStep::Accept,
        Some(user.account_id),
    )
    .await?;
    tx.commit().await?;
    row.event_slug.ok_or(AppError::NotFound)
}

/// Declines a speaker invitation (anyone holding the link).
pub async fn decline(db: &Db, token: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    invites::answer(&mut tx, Kind::Speaker, token, InviteStep::Decline, None).await?;
    tx.commit().await?;
    Ok(())
}

/// The topic and format of the invitation `account_id` accepted for an event, to start the
/// talk form with.
pub async fn accepted_proposal(
    db: &Db,
    event_id: i64,
    account_id: i64,
) -> AppResult<Option<(String, Option<i64>)>> {
    Ok(q::accepted_speaker_proposal(db.pool(), event_id, account_id).await?)
}
