//! Speaker invitations (server only): organizers invite a guest speaker personally, with a
//! message and optionally a topic and format; the invited speaker accepts (signing up on the
//! way) and may then propose talks even when the call is closed or by invitation only.

use super::{
    queries::{self, EventInfo},
    service::event_for_organizer,
    views::SpeakerInvitationPage,
};
use crate::{
    accounts::{domain::Email, views::CurrentUser},
    db::{Db, Tx},
    error::{AppError, AppResult},
    groups::domain::text,
    invites::{
        api::SentInvitation,
        domain::InviteStep,
        queries::{Kind, Scope},
        service::{self as invites, when, InvitationKind, Invitee, Letter, Managed, Wording},
    },
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

/// Speaker invitations of one event, with its formats (for the mail).
pub struct SpeakerKind {
    info: EventInfo,
    formats: Vec<queries::FormatRow>,
}

impl InvitationKind for SpeakerKind {
    fn scope(&self) -> Scope {
        scope(&self.info)
    }

    fn wording(&self, letter: &Letter<'_>) -> Wording {
        let info = &self.info;
        let zone = info.time_zone;
        let mut facts = Vec::new();
        if !letter.topic.is_empty() {
            facts.push(("Topic", letter.topic.to_owned()));
        }
        if let Some(f) = letter
            .format_id
            .and_then(|id| self.formats.iter().find(|f| f.format_id == id))
        {
            facts.push(("Format", format!("{} ({} min)", f.name, f.minutes)));
        }
        Wording {
            kind: "speaker_invite",
            subject: format!("{} invited you to speak at {}", letter.inviter, info.title),
            intro: format!(
                "{} invited you to speak at {} ({}).",
                letter.inviter,
                info.title,
                when(zone, info.starts_at)
            ),
            facts,
            action: "See the invitation",
            path: "/speak/",
            after: "Accept it with a Hallway account (or create one on the way), then propose your talk.".to_owned(),
            footer: format!(
                "You get this because an organizer of {} typed this address.",
                info.title
            ),
            zone,
            group_id: info.group_id,
            event_id: Some(info.event_id),
        }
    }
}

/// Sent from an event (its slug), by its organizers.
impl Managed for SpeakerKind {
    type Place = str;

    async fn load(tx: &mut Tx, user: &CurrentUser, slug: &str, _: i64) -> AppResult<Self> {
        let info = event_for_organizer(tx, slug, user).await?;
        let formats = queries::formats(&mut **tx, info.event_id).await?;
        Ok(Self { info, formats })
    }
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
    let format_id = format.map(|f| f.format_id);
    let kind = SpeakerKind { info, formats };
    invites::send(
        &mut tx,
        &kind,
        user,
        &Invitee {
            email: input.email.as_str(),
            message: &input.message,
            topic: &input.topic,
            format_id,
        },
        site,
    )
    .await?;
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
    Ok(SpeakerInvitationPage {
        invitation: invites::opened(&row, user)?,
        event_slug: row.event_slug.unwrap_or_default(),
        event_title: row.event_title.unwrap_or_default(),
        topic: row.topic,
        format: row.format_name,
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
