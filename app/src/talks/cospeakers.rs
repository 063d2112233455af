//! Co-speakers (server only): a talk's speakers invite others to give it with them, by mail
//! and with the same invitation life cycle as everyone else's.

use super::{
    domain::{TalkState, TalkStep},
    queries::{self, EventInfo},
    service::own_talk,
    views::{CoSpeakerInvitationPage, CoSpeakersView},
};
use crate::{
    accounts::{domain::Email, views::CurrentUser},
    db::{Db, Tx},
    error::{AppError, AppResult},
    invites::{
        domain::InviteStep,
        queries::{Kind, Scope},
        service::{self as invites, InvitationKind, Invitee, Letter, Managed, Wording},
    },
};

fn scope(info: &EventInfo, talk_id: i64) -> Scope {
    Scope {
        kind: Kind::CoSpeaker,
        group_id: info.group_id,
        event_id: Some(info.event_id),
        talk_id: Some(talk_id),
    }
}

/// Co-speakers join talks that are still in the running.
fn joinable(state: TalkState) -> bool {
    state.after(TalkStep::Withdraw).is_ok()
}

/// The talk's speakers and co-speaker invitations (its speakers).
pub async fn team(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
) -> AppResult<CoSpeakersView> {
    let mut tx = db.begin_write().await?;
    let (info, talk) = own_talk(&mut tx, user, slug, talk_id).await?;
    tx.commit().await?;
    let speakers = queries::speakers_of_talk(db.pool(), talk_id)
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    Ok(CoSpeakersView {
        talk_title: talk.title,
        speakers,
        invitations: invites::list(db, scope(&info, talk_id)).await?,
        may_invite: joinable(talk.state),
    })
}

/// Co-speaker invitations of one talk.
pub struct CoSpeakerKind {
    info: EventInfo,
    talk_id: i64,
    talk_title: String,
}

impl InvitationKind for CoSpeakerKind {
    fn scope(&self) -> Scope {
        scope(&self.info, self.talk_id)
    }

    fn wording(&self, letter: &Letter<'_>) -> Wording {
        let info = &self.info;
        Wording {
            kind: "co_speaker_invite",
            subject: format!(
                "{} invited you to speak with them at {}",
                letter.inviter, info.title
            ),
            intro: format!(
                "{} invited you to give \"{}\" with them at {}.",
                letter.inviter, self.talk_title, info.title
            ),
            facts: Vec::new(),
            action: "See the invitation",
            path: "/join-talk/",
            after: "You can accept with a Hallway account or create one on the way.".to_owned(),
            footer: format!(
                "You get this because a speaker of {} typed this address.",
                info.title
            ),
            zone: info.time_zone,
            group_id: info.group_id,
            event_id: Some(info.event_id),
        }
    }
}

/// Sent from a talk (its event's slug and its id), by its speakers.
impl Managed for CoSpeakerKind {
    type Place = (String, i64);

    async fn load(
        tx: &mut Tx,
        user: &CurrentUser,
        (slug, talk_id): &(String, i64),
        _: i64,
    ) -> AppResult<Self> {
        let (info, talk) = own_talk(tx, user, slug, *talk_id).await?;
        Ok(Self {
            info,
            talk_id: *talk_id,
            talk_title: talk.title,
        })
    }
}

/// Invites a co-speaker for one of `user`'s talks.
pub async fn invite(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
    email: Email,
    message: &str,
    site: &str,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (info, talk) = own_talk(&mut tx, user, slug, talk_id).await?;
    if !joinable(talk.state) {
        return Err(AppError::conflict(
            "",
            "This talk is no longer in the running, so nobody can join it.",
        ));
    }
    if let Some((account, _)) = queries::account_by_email(&mut *tx, email.as_str()).await? {
        if queries::is_speaker(&mut *tx, talk_id, account).await? {
            return Err(AppError::conflict(
                "email",
                "This person already gives this talk.",
            ));
        }
    }
    let kind = CoSpeakerKind {
        info,
        talk_id,
        talk_title: talk.title,
    };
    invites::send(&mut tx, &kind, user, &Invitee::plain(&email, message), site).await?;
    tx.commit().await?;
    Ok(())
}

/// What a co-speaker invitation link shows.
pub async fn open(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<CoSpeakerInvitationPage> {
    let row = invites::open(db, Kind::CoSpeaker, token).await?;
    let talk = queries::talk(
        db.pool(),
        row.event_id.unwrap_or_default(),
        row.talk_id.unwrap_or_default(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(CoSpeakerInvitationPage {
        invitation: invites::opened(&row, user)?,
        event_slug: row.event_slug.unwrap_or_default(),
        event_title: row.event_title.unwrap_or_default(),
        talk_title: talk.title,
    })
}

/// Joins the talk as a co-speaker with `user`'s account.
pub async fn accept(db: &Db, user: &CurrentUser, token: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let row = invites::answer(
        &mut tx,
        Kind::CoSpeaker,
        token,
        InviteStep::Accept,
        Some(user.account_id),
    )
    .await?;
    let talk_id = row.talk_id.ok_or(AppError::NotFound)?;
    let talk = queries::talk(&mut *tx, row.event_id.unwrap_or_default(), talk_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !joinable(talk.state) {
        return Err(AppError::conflict(
            "",
            "This talk is no longer in the running, so nobody can join it.",
        ));
    }
    queries::add_speaker(&mut tx, talk_id, user.account_id).await?;
    tx.commit().await?;
    Ok(())
}
