//! Co-organizer invitations (server only): organizers invite an address, the link's holder
//! joins with an account (signing up on the way) or declines. The steps all invitations share
//! are in [`crate::invites::service`]; this adds the mail and what accepting grants.

use super::{
    domain::{may, GroupAction, Role},
    queries,
    service::authorize,
    views::InvitationPage,
};
use crate::{
    accounts::{domain::Email, views::CurrentUser},
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    invites::{
        api::SentInvitation,
        domain::InviteStep,
        queries::{Kind, Scope},
        service::{self as invites, InvitationKind, Invitee, Letter, Managed, Wording},
    },
};

fn scope(group_id: i64) -> Scope {
    Scope {
        kind: Kind::Organizer,
        group_id,
        event_id: None,
        talk_id: None,
    }
}

/// Co-organizer invitations of one group.
pub struct OrganizerKind {
    group_id: i64,
    group_name: String,
    zone: chrono_tz::Tz,
}

impl InvitationKind for OrganizerKind {
    fn scope(&self) -> Scope {
        scope(self.group_id)
    }

    fn wording(&self, letter: &Letter<'_>) -> Wording {
        Wording {
            kind: "organizer_invite",
            subject: format!(
                "{} invited you to organize {}",
                letter.inviter, self.group_name
            ),
            intro: format!(
                "{} invited you to help organize {} on Hallway. Co-organizers schedule events, see who is coming, write to attendees and check people in.",
                letter.inviter, self.group_name
            ),
            facts: Vec::new(),
            action: "See the invitation",
            path: "/invitations/",
            after: format!(
                "You can join with an existing Hallway account or create one on the way. If you don't know {}, ignore this mail.",
                letter.inviter
            ),
            footer: format!(
                "You get this because an organizer of {} typed this address.",
                self.group_name
            ),
            zone: self.zone,
            group_id: self.group_id,
            event_id: None,
        }
    }
}

impl OrganizerKind {
    fn of(group: &queries::GroupRow) -> Self {
        Self {
            group_id: group.group_id,
            group_name: group.name.clone(),
            zone: group.time_zone,
        }
    }
}

/// Sent from a group (its slug), by its organizers.
impl Managed for OrganizerKind {
    type Place = str;

    async fn load(tx: &mut Tx, user: &CurrentUser, slug: &str, _: i64) -> AppResult<Self> {
        let group = authorize(tx, slug, user, GroupAction::ManageOrganizers).await?;
        Ok(Self::of(&group))
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
    invites::send(
        &mut tx,
        &OrganizerKind::of(&group),
        user,
        &Invitee::plain(&email, message),
        site,
    )
    .await?;
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
        invitation: invites::opened(&row, user)?,
        group_slug: row.group_slug,
        group_name: row.group_name,
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
