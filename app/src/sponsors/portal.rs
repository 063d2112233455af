//! Partner invitations and the partner portal (server only): the organizers' invitation
//! mails, the invitation link a partner opens, and the portal where they choose a tier, keep
//! their profile, contacts, logo and passes.

use super::partners::{add_contact_in, checked_logo, partner_view, ServedLogo};
use super::{
    domain::{Actor, Stage},
    queries::{self as q, EventRow, SponsorshipRow},
    service::{
        event_for_organizer, parse_tier, scope, sponsorship_in, tier_view, update_partner, zone,
        ContactInput, PartnerInput,
    },
    views::{AttachedSponsorship, PartnerInvitationPage, PassView, PortalView},
};
use crate::{
    accounts::{domain::Email, session, views::CurrentUser},
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    groups::domain::text,
    invites::{
        domain::InviteStep,
        queries::{Kind, Scope},
        service::{
            self as invites, new_link, when, InvitationKind, Invitee, Letter, Managed, Wording,
        },
    },
};

/// Partner invitations of one event, to one partner.
pub struct PartnerKind {
    event: EventRow,
    partner: String,
}

impl InvitationKind for PartnerKind {
    fn scope(&self) -> Scope {
        scope(&self.event)
    }

    fn wording(&self, letter: &Letter<'_>) -> Wording {
        let event = &self.event;
        let zone = zone(event);
        Wording {
            kind: "partner_invite",
            subject: format!(
                "{} invited {} to sponsor {}",
                letter.inviter, self.partner, event.title
            ),
            intro: format!(
                "{} invited {} to sponsor {} ({}).",
                letter.inviter,
                self.partner,
                event.title,
                when(zone, event.starts_at)
            ),
            facts: Vec::new(),
            action: "See the sponsorship tiers",
            path: "/sponsor-invite/",
            after: "It opens the partner portal, where you choose a tier, upload your logo, add contacts and name your guests. No account is needed.".to_owned(),
            footer: format!(
                "You get this because an organizer of {} typed this address.",
                event.title
            ),
            zone,
            group_id: event.group_id,
            event_id: Some(event.event_id),
        }
    }
}

/// Sent from an event (its slug) to one of its partners, by its organizers.
impl Managed for PartnerKind {
    type Place = str;

    async fn load(tx: &mut Tx, user: &CurrentUser, slug: &str, invitation: i64) -> AppResult<Self> {
        let event = event_for_organizer(tx, slug, user).await?;
        let sponsorship = q::sponsorship_of_invitation(&mut **tx, invitation)
            .await?
            .ok_or(AppError::NotFound)?;
        let partner = sponsorship_in(tx, &event, sponsorship).await?.partner_name;
        Ok(Self { event, partner })
    }
}

/// Invites a partner's contact to the portal (organizers). A prospect becomes invited.
pub async fn invite(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    email: &Email,
    message: &str,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let row = sponsorship_in(&mut tx, &event, id).await?;
    let stage = row.stage;
    if matches!(stage, Stage::Withdrawn) {
        return Err(AppError::conflict(
            "email",
            "This sponsorship was withdrawn; move the partner back to prospect first.",
        ));
    }
    let kind = PartnerKind {
        event,
        partner: row.partner_name,
    };
    let hash = invites::send(&mut tx, &kind, user, &Invitee::plain(email, message), site).await?;
    q::tie_invitation(&mut tx, &hash, id).await?;
    if stage == Stage::Prospect {
        q::set_stage(&mut tx, id, "prospect", "invited", row.tier_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every way into a partner's portal (organizers): its link, the account it was
/// attached to (which can no longer reopen it), and invitations not yet answered. A new
/// invitation makes a new way in.
pub async fn revoke_portal(db: &Db, user: &CurrentUser, slug: &str, id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    sponsorship_in(&mut tx, &event, id).await?;
    q::close_portal(&mut tx, id).await?;
    q::revoke_open_invitations(&mut tx, id, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn open_invitation(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<PartnerInvitationPage> {
    let row = invites::open(db, Kind::Partner, token).await?;
    let partner = match q::sponsorship_of_invitation(db.pool(), row.invitation_id).await? {
        Some(id) => match row.event_id {
            Some(event_id) => q::sponsorship(db.pool(), event_id, id)
                .await?
                .map(|s| s.partner_name)
                .unwrap_or_default(),
            None => String::new(),
        },
        None => String::new(),
    };
    Ok(PartnerInvitationPage {
        invitation: invites::opened(&row, user)?,
        event_slug: row.event_slug.unwrap_or_default(),
        event_title: row.event_title.unwrap_or_default(),
        partner,
    })
}

/// Accepts a partner invitation (once): a new portal link for the sponsorship (older links
/// stop working), attached to `user`'s account when signed in. Returns the portal token.
pub async fn accept_invitation(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let row = invites::answer(
        &mut tx,
        Kind::Partner,
        token,
        InviteStep::Accept,
        user.map(|u| u.account_id),
    )
    .await?;
    let id = q::sponsorship_of_invitation(&mut *tx, row.invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (portal, hash) = new_link()?;
    q::set_portal(&mut tx, id, Some(&hash)).await?;
    if let Some(user) = user {
        q::set_account(&mut tx, id, user.account_id).await?;
    }
    tx.commit().await?;
    Ok(portal)
}

pub async fn decline_invitation(db: &Db, token: &str) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let row = invites::answer(&mut tx, Kind::Partner, token, InviteStep::Decline, None).await?;
    if let (Some(id), Some(event_id)) = (
        q::sponsorship_of_invitation(&mut *tx, row.invitation_id).await?,
        row.event_id,
    ) {
        if let Some(s) = q::sponsorship(&mut *tx, event_id, id).await? {
            let stage = s.stage;
            if stage.may_move(Stage::Declined, Actor::Partner).is_ok() {
                q::set_stage(&mut tx, id, stage.as_str(), "declined", s.tier_id, now).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

// ---- the portal ----

fn portal_gone() -> AppError {
    AppError::Forbidden(
        "This partner portal link does not work (any more). Ask the organizers for a new invitation."
            .to_owned(),
    )
}

/// The sponsorship behind a portal link, and its event, read on `conn` (a pool connection,
/// or the use case's transaction).
async fn by_portal(
    conn: &mut sqlx::AnyConnection,
    token: &str,
) -> AppResult<(SponsorshipRow, EventRow)> {
    if token.len() < 32 {
        return Err(portal_gone());
    }
    let row = q::sponsorship_by_portal(&mut *conn, &session::session_id(token))
        .await?
        .ok_or_else(portal_gone)?;
    // A declined or withdrawn sponsorship has no portal any more.
    if matches!(row.stage, Stage::Declined | Stage::Withdrawn) {
        return Err(portal_gone());
    }
    let event = q::event_by_id(&mut *conn, row.event_id).await?;
    Ok((row, event))
}

pub async fn portal(db: &Db, user: Option<&CurrentUser>, token: &str) -> AppResult<PortalView> {
    let (row, event) = by_portal(&mut *db.pool().acquire().await?, token).await?;
    let partner = q::partner(db.pool(), event.group_id, row.partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let contacts = q::contacts(db.pool(), row.partner_id).await?;
    let version = partner.logo_version;
    let mut partner = partner_view(partner, contacts);
    // The portal shows the logo through its own link: it is not public before an agreement.
    partner.logo_url = partner
        .logo_url
        .map(|_| format!("/partner/{token}/logo?v={version}"));
    let stage = row.stage;
    let passes = q::passes(db.pool(), row.sponsorship_id)
        .await?
        .into_iter()
        .map(|p| PassView {
            pass_id: p.pass_id,
            name: p.name,
        })
        .collect();
    Ok(PortalView {
        event_when: when(zone(&event), event.starts_at),
        event_slug: event.slug.clone(),
        event_title: event.title.clone(),
        partner,
        stage,
        tier_id: row.tier_id,
        tiers: q::tiers(db.pool(), event.event_id)
            .await?
            .into_iter()
            .map(tier_view)
            .collect(),
        passes,
        passes_allowed: if stage.is_committed() {
            row.tier_passes.unwrap_or(0)
        } else {
            0
        },
        attached: user.is_some_and(|u| row.account_id == Some(u.account_id)),
        signed_in_as: user.map(|u| u.email.clone()),
    })
}

/// The partner chooses a tier with a slot left: interested, for the organizers to confirm.
pub async fn choose_tier(db: &Db, token: &str, tier: &str) -> AppResult<()> {
    let now = db::now();
    let tier_id = parse_tier(tier)?.ok_or_else(|| AppError::invalid("tier", "Choose a tier."))?;
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = row.stage;
    if stage != Stage::Interested {
        stage
            .may_move(Stage::Interested, Actor::Partner)
            .map_err(|m| AppError::conflict("tier", m))?;
    }
    let tier = q::tier(&mut *tx, event.event_id, tier_id)
        .await?
        .ok_or_else(|| AppError::invalid("tier", "Choose one of the tiers."))?;
    if tier.taken >= tier.slots {
        return Err(AppError::conflict(
            "tier",
            format!("The {} tier is full. Choose another tier.", tier.name),
        ));
    }
    if !q::set_stage(
        &mut tx,
        row.sponsorship_id,
        stage.as_str(),
        "interested",
        Some(tier_id),
        now,
    )
    .await?
    {
        return Err(AppError::conflict(
            "tier",
            "The organizers changed your sponsorship meanwhile; look again.",
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// The partner declines through the portal; the portal closes with it. Returns the event's
/// address, where the partner goes next.
pub async fn portal_decline(db: &Db, token: &str) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = row.stage;
    stage
        .may_move(Stage::Declined, Actor::Partner)
        .map_err(|m| AppError::conflict("", m))?;
    q::set_stage(
        &mut tx,
        row.sponsorship_id,
        stage.as_str(),
        "declined",
        row.tier_id,
        db::now(),
    )
    .await?;
    q::close_portal(&mut tx, row.sponsorship_id).await?;
    tx.commit().await?;
    Ok(event.event.slug)
}

pub async fn portal_save_profile(db: &Db, token: &str, input: &PartnerInput) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    update_partner(&mut tx, event.group_id, row.partner_id, input, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_add_contact(db: &Db, token: &str, contact: &ContactInput) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    add_contact_in(&mut tx, row.partner_id, contact).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_remove_contact(db: &Db, token: &str, contact_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    if !q::delete_contact(&mut tx, row.partner_id, contact_id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Names a guest on one of the tier's passes (once agreed).
pub async fn portal_add_pass(db: &Db, token: &str, name: &str) -> AppResult<()> {
    let name = text("name", name, "guest's name", 1, 80, false)?;
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = row.stage;
    let allowed = if stage.is_committed() {
        row.tier_passes.unwrap_or(0)
    } else {
        0
    };
    if allowed == 0 {
        return Err(AppError::conflict(
            "name",
            "Passes come with an agreed tier that includes them.",
        ));
    }
    if row.passes_named >= allowed {
        return Err(AppError::conflict(
            "name",
            format!("Your tier includes {allowed} passes and all are named; remove a name to change it."),
        ));
    }
    q::insert_pass(
        &mut tx,
        row.sponsorship_id,
        event.event_id,
        &name,
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_remove_pass(db: &Db, token: &str, pass_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    if !q::delete_pass(&mut tx, row.sponsorship_id, pass_id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Stores the logo uploaded through the portal.
pub async fn portal_save_logo(db: &Db, token: &str, bytes: &[u8]) -> AppResult<()> {
    let logo = checked_logo(bytes)?;
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    q::set_logo(
        &mut tx,
        row.partner_id,
        &logo.bytes,
        logo.media_type,
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The sponsorships whose portal `user` attached.
pub async fn attached(db: &Db, user: &CurrentUser) -> AppResult<Vec<AttachedSponsorship>> {
    Ok(q::sponsorships_of_account(db.pool(), user.account_id)
        .await?
        .into_iter()
        .map(
            |(sponsorship_id, partner, event_title, event_slug)| AttachedSponsorship {
                sponsorship_id,
                partner,
                event_title,
                event_slug,
            },
        )
        .collect())
}

/// A new portal link for a sponsorship attached to `user`'s account; returns its token.
pub async fn reopen_portal(db: &Db, user: &CurrentUser, id: i64) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let mine = q::sponsorships_of_account(&mut *tx, user.account_id)
        .await?
        .iter()
        .any(|(s, ..)| *s == id);
    if !mine {
        return Err(AppError::NotFound);
    }
    let (portal, hash) = new_link()?;
    q::set_portal(&mut tx, id, Some(&hash)).await?;
    tx.commit().await?;
    Ok(portal)
}

/// The logo of a portal's partner, for the portal holder (`/partner/{token}/logo`).
pub async fn portal_logo(db: &Db, token: &str) -> AppResult<ServedLogo> {
    let (row, _) = by_portal(&mut *db.pool().acquire().await?, token).await?;
    let (media_type, bytes, _) = q::logo(db.pool(), row.partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ServedLogo {
        media_type,
        bytes,
        public: false,
    })
}
